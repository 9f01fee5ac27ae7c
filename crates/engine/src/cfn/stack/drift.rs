//! Drift detection: each resource's actual configuration against what the template (resolved)
//! sets, with the API's statuses and difference types.
//!
//! As in AWS, only properties the template sets are compared (a property set in the console
//! that the template leaves out is not drift). Lists are compared item by item: an extra
//! actual item is `ADD`, a missing one `REMOVE`. Rule for `NOT_CHECKED`: a type is checked
//! when the resource knowledge has its schema and it is not a CloudFormation type
//! (`AWS::CloudFormation::*`, nested stacks included) or a custom resource (`Custom::*`).

use super::super::resolve::Json;
use super::{Cloud, OpError, Resource};

/// A resource's drift status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ResourceDriftStatus {
    InSync,
    Modified,
    Deleted,
    NotChecked,
}

impl ResourceDriftStatus {
    /// The API's name (`IN_SYNC`, `MODIFIED`, `DELETED`, `NOT_CHECKED`).
    pub fn name(self) -> &'static str {
        match self {
            ResourceDriftStatus::InSync => "IN_SYNC",
            ResourceDriftStatus::Modified => "MODIFIED",
            ResourceDriftStatus::Deleted => "DELETED",
            ResourceDriftStatus::NotChecked => "NOT_CHECKED",
        }
    }
}

/// A stack's drift status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StackDriftStatus {
    Drifted,
    InSync,
}

impl StackDriftStatus {
    /// `DRIFTED` or `IN_SYNC`.
    pub fn name(self) -> &'static str {
        match self {
            StackDriftStatus::Drifted => "DRIFTED",
            StackDriftStatus::InSync => "IN_SYNC",
        }
    }
}

/// `PropertyDifference.DifferenceType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum DifferenceType {
    Add,
    Remove,
    NotEqual,
}

impl DifferenceType {
    /// `ADD`, `REMOVE` or `NOT_EQUAL`.
    pub fn name(self) -> &'static str {
        match self {
            DifferenceType::Add => "ADD",
            DifferenceType::Remove => "REMOVE",
            DifferenceType::NotEqual => "NOT_EQUAL",
        }
    }
}

/// One property that differs (`PropertyPath` like `/Tags/0/Value`).
#[derive(Clone, Debug, PartialEq)]
pub struct PropertyDifference {
    pub property_path: String,
    pub expected_value: Option<Json>,
    pub actual_value: Option<Json>,
    pub difference_type: DifferenceType,
}

/// One resource's drift.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceDrift {
    pub logical_id: String,
    pub physical_id: String,
    pub resource_type: String,
    pub status: ResourceDriftStatus,
    pub expected: Json,
    pub actual: Option<Json>,
    pub differences: Vec<PropertyDifference>,
}

/// A stack's drift report.
#[derive(Clone, Debug, PartialEq)]
pub struct DriftReport {
    pub stack: String,
    pub status: StackDriftStatus,
    /// When it was detected (simulated seconds).
    pub time: u64,
    /// By logical ID.
    pub resources: Vec<ResourceDrift>,
}

/// The differences between what is expected and what is, below `path`.
pub fn differences(
    path: &str,
    expected: &Json,
    actual: Option<&Json>,
    out: &mut Vec<PropertyDifference>,
) {
    let Some(actual) = actual else {
        out.push(PropertyDifference {
            property_path: path.to_string(),
            expected_value: Some(expected.clone()),
            actual_value: None,
            difference_type: DifferenceType::Remove,
        });
        return;
    };
    match (expected, actual) {
        (Json::Object(e), Json::Object(a)) => {
            for (k, v) in e {
                differences(&format!("{path}/{k}"), v, a.get(k), out);
            }
        }
        (Json::Array(e), Json::Array(a)) => {
            for (i, v) in e.iter().enumerate() {
                differences(&format!("{path}/{i}"), v, a.get(i), out);
            }
            for (i, v) in a.iter().enumerate().skip(e.len()) {
                out.push(PropertyDifference {
                    property_path: format!("{path}/{i}"),
                    expected_value: None,
                    actual_value: Some(v.clone()),
                    difference_type: DifferenceType::Add,
                });
            }
        }
        (e, a) if same(e, a) => {}
        (e, a) => out.push(PropertyDifference {
            property_path: path.to_string(),
            expected_value: Some(e.clone()),
            actual_value: Some(a.clone()),
            difference_type: DifferenceType::NotEqual,
        }),
    }
}

/// Equal, reading numbers and booleans as their text (`"10"` is `10`).
fn same(a: &Json, b: &Json) -> bool {
    a == b
        || super::super::resolve::as_text(a)
            .is_some_and(|x| Some(x) == super::super::resolve::as_text(b))
}

/// Whether drift detection checks a type (see the module's rule).
pub fn checked(cloud: &Cloud, resource: &Resource) -> bool {
    let ty = resource.resource_type.as_str();
    cloud.schemas.get(ty).is_some()
        && !ty.starts_with("AWS::CloudFormation::")
        && !ty.starts_with("Custom::")
}

impl Cloud<'_> {
    /// Detects a stack's drift.
    pub fn detect_drift(&self, name: &str) -> Result<DriftReport, OpError> {
        let stack = self.stacks.get(name).ok_or(OpError::NoSuchStack {
            name: name.to_string(),
        })?;
        let mut resources = Vec::new();
        for r in stack.resources.values() {
            let mut diffs = Vec::new();
            let status = if !checked(self, r) {
                ResourceDriftStatus::NotChecked
            } else if r.actual.is_none() {
                ResourceDriftStatus::Deleted
            } else {
                differences("", &r.properties, r.actual.as_ref(), &mut diffs);
                if diffs.is_empty() {
                    ResourceDriftStatus::InSync
                } else {
                    ResourceDriftStatus::Modified
                }
            };
            resources.push(ResourceDrift {
                logical_id: r.logical_id.clone(),
                physical_id: r.physical_id.clone(),
                resource_type: r.resource_type.clone(),
                status,
                expected: r.properties.clone(),
                actual: r.actual.clone(),
                differences: diffs,
            });
        }
        let drifted = resources.iter().any(|r| {
            matches!(
                r.status,
                ResourceDriftStatus::Modified | ResourceDriftStatus::Deleted
            )
        });
        Ok(DriftReport {
            stack: name.to_string(),
            status: if drifted {
                StackDriftStatus::Drifted
            } else {
                StackDriftStatus::InSync
            },
            time: self.now,
            resources,
        })
    }
}
