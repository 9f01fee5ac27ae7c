//! A script of CloudFormation stack operations, replayed from the start on a fresh simulated
//! region: the sandbox keeps the learner's operations as one ([`Op`]s), and labs will
//! describe a stack's history the same way. The worker is stateless: every job replays the
//! whole script, and the same script gives the same stacks, IDs and times everywhere.
//!
//! The types are always compiled (the app builds scripts; serde's default representation, as
//! postcard requires); the runner ([`run`]) needs the template engine (feature `cfn`), so it
//! runs in the parsers worker and in native tests only.
use serde::{Deserialize, Serialize};

/// One operation of a script.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    /// A template the account's workspace holds, for nested stacks (TemplateURL ending in `name`).
    Template {
        name: String,
        text: String,
    },
    Create {
        stack: String,
        template: String,
        parameters: Vec<(String, String)>,
        disable_rollback: bool,
    },
    /// A failure injected before the operation that meets it.
    Fail {
        stack: String,
        resource: String,
        operation: Phase,
    },
    /// Creates a change set (kept as the stack's latest) for a new template.
    ChangeSet {
        stack: String,
        template: String,
        parameters: Vec<(String, String)>,
    },
    /// Executes the stack's latest change set.
    Execute {
        stack: String,
    },
    /// A console change of a resource's actual configuration: a path of keys and list indexes,
    /// a JSON value (None removes it). A value that is not JSON and does not start like JSON
    /// (`{`, `[`, `"`) is taken as a string, as a console's text field would.
    Edit {
        stack: String,
        resource: String,
        path: Vec<String>,
        value: Option<String>,
    },
    /// The resource deleted outside CloudFormation.
    Remove {
        stack: String,
        resource: String,
    },
    Drift {
        stack: String,
    },
    Delete {
        stack: String,
    },
}

/// The operation an injected failure waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    Create,
    Update,
    Delete,
}

impl Op {
    /// The stack it acts on (none for a workspace template).
    pub fn stack(&self) -> Option<&str> {
        match self {
            Op::Template { .. } => None,
            Op::Create { stack, .. }
            | Op::Fail { stack, .. }
            | Op::ChangeSet { stack, .. }
            | Op::Execute { stack }
            | Op::Edit { stack, .. }
            | Op::Remove { stack, .. }
            | Op::Drift { stack }
            | Op::Delete { stack } => Some(stack),
        }
    }
}

#[cfg(feature = "cfn")]
pub use runner::*;

#[cfg(feature = "cfn")]
mod runner {
    use std::collections::BTreeMap;

    use engine::cfn::stack::{
        ChangeSet, Cloud, CreateStack, DriftReport, Event, OpError, Operation,
    };
    use engine::cfn::{Json, Schemas};

    use super::{Op, Phase};

    /// The region every script runs in.
    pub const REGION: &str = "us-east-1";
    /// The account every script runs in.
    pub const ACCOUNT: &str = "123456789012";
    /// The seed of every script's IDs.
    pub const SEED: u64 = 20_100_909;

    /// What one op did.
    #[derive(Clone, Debug, PartialEq)]
    pub enum Done {
        /// A stack operation's events, newest first.
        Events(Vec<Event>),
        ChangeSet(ChangeSet),
        Drift(DriftReport),
        /// The operation did not start; nothing changed.
        Refused(OpError),
        /// The set-up changed with nothing to show (a console change, a workspace template,
        /// an injected failure).
        Edited,
        /// A console change's value that is not JSON.
        BadValue(String),
        /// `Execute` with no change set to execute (none made, or already executed).
        NoChangeSet,
    }

    /// Runs a script on a fresh region (us-east-1, account 123456789012, a fixed seed):
    /// the cloud at the end and what each op did.
    pub fn run<'s>(schemas: &'s Schemas, ops: &[Op]) -> (Cloud<'s>, Vec<Done>) {
        let mut cloud = Cloud::new(schemas, REGION, ACCOUNT, SEED);
        let mut latest: BTreeMap<String, ChangeSet> = BTreeMap::new();
        let mut made = 0;
        let mut done = Vec::with_capacity(ops.len());
        for op in ops {
            let result = match op {
                Op::Template { name, text } => {
                    cloud.add_template(name, text);
                    Done::Edited
                }
                Op::Create {
                    stack,
                    template,
                    parameters,
                    disable_rollback,
                } => {
                    let request = CreateStack {
                        name: stack.clone(),
                        template: template.clone(),
                        parameters: parameters.iter().cloned().collect(),
                        disable_rollback: *disable_rollback,
                        policy: None,
                    };
                    events(cloud.create_stack(&request))
                }
                Op::Fail {
                    stack,
                    resource,
                    operation,
                } => {
                    let operation = match operation {
                        Phase::Create => Operation::Create,
                        Phase::Update => Operation::Update,
                        Phase::Delete => Operation::Delete,
                    };
                    cloud.inject_failure(stack, resource, operation);
                    Done::Edited
                }
                Op::ChangeSet {
                    stack,
                    template,
                    parameters,
                } => {
                    made += 1;
                    let parameters = parameters.iter().cloned().collect();
                    let name = format!("change-set-{made}");
                    match cloud.create_change_set(stack, &name, template, &parameters) {
                        Ok(cs) => {
                            latest.insert(stack.clone(), cs.clone());
                            Done::ChangeSet(cs)
                        }
                        Err(e) => Done::Refused(e),
                    }
                }
                Op::Execute { stack } => match latest.remove(stack) {
                    Some(cs) => events(cloud.execute_change_set(&cs)),
                    None => Done::NoChangeSet,
                },
                Op::Edit {
                    stack,
                    resource,
                    path,
                    value,
                } => match value.as_deref().map(json_value).transpose() {
                    Ok(value) => {
                        let path: Vec<&str> = path.iter().map(String::as_str).collect();
                        match cloud.console_edit(stack, resource, &path, value) {
                            Ok(()) => Done::Edited,
                            Err(e) => Done::Refused(e),
                        }
                    }
                    Err(text) => Done::BadValue(text),
                },
                Op::Remove { stack, resource } => match cloud.console_delete(stack, resource) {
                    Ok(()) => Done::Edited,
                    Err(e) => Done::Refused(e),
                },
                Op::Drift { stack } => match cloud.detect_drift(stack) {
                    Ok(report) => Done::Drift(report),
                    Err(e) => Done::Refused(e),
                },
                Op::Delete { stack } => {
                    latest.remove(stack);
                    events(cloud.delete_stack(stack))
                }
            };
            done.push(result);
        }
        (cloud, done)
    }

    fn events(result: Result<Vec<Event>, OpError>) -> Done {
        match result {
            Ok(events) => Done::Events(events),
            Err(e) => Done::Refused(e),
        }
    }

    /// A console field's value: JSON, or else plain text as a string.
    fn json_value(text: &str) -> Result<Json, String> {
        match serde_json::from_str(text) {
            Ok(v) => Ok(v),
            Err(_) if !text.trim_start().starts_with(['{', '[', '"']) => {
                Ok(Json::String(text.to_string()))
            }
            Err(_) => Err(text.to_string()),
        }
    }
}

#[cfg(all(test, feature = "cfn"))]
mod tests {
    use super::*;
    use engine::cfn::stack::{
        Action, DifferenceType, Replacement, ResourceDriftStatus, StackDriftStatus, Status,
    };
    use engine::cfn::{Schemas, SCHEMAS_JSON};

    const BUCKET: &str = "Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: team-logs\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 60\n";

    fn create(template: &str) -> Op {
        Op::Create {
            stack: "app".into(),
            template: template.into(),
            parameters: vec![],
            disable_rollback: false,
        }
    }

    #[test]
    fn a_script_creates_fails_changes_drifts_and_deletes_with_the_documented_statuses() {
        let schemas = Schemas::from_json(SCHEMAS_JSON).unwrap();
        let app = || "app".to_string();
        let renamed = BUCKET.replace("team-logs", "team-logs-2");
        let ops = vec![
            // 0, 1: a failed create rolls back.
            Op::Fail {
                stack: app(),
                resource: "Queue".into(),
                operation: Phase::Create,
            },
            create(BUCKET),
            // 2, 3: a stack in ROLLBACK_COMPLETE can only be deleted.
            Op::Delete { stack: app() },
            create(BUCKET),
            // 4, 5: a new bucket name replaces the bucket.
            Op::ChangeSet {
                stack: app(),
                template: renamed.clone(),
                parameters: vec![],
            },
            Op::Execute { stack: app() },
            // 6: executed change sets are gone.
            Op::Execute { stack: app() },
            // 7, 8, 9, 10: console changes, then drift.
            Op::Edit {
                stack: app(),
                resource: "Queue".into(),
                path: vec!["VisibilityTimeout".into()],
                value: Some("90".into()),
            },
            Op::Edit {
                stack: app(),
                resource: "Queue".into(),
                path: vec!["VisibilityTimeout".into()],
                value: Some("{bad".into()),
            },
            Op::Remove {
                stack: app(),
                resource: "Logs".into(),
            },
            Op::Drift { stack: app() },
            // 11, 12: a failed update rolls back.
            Op::Fail {
                stack: app(),
                resource: "Queue".into(),
                operation: Phase::Update,
            },
            Op::ChangeSet {
                stack: app(),
                template: renamed.replace("60", "120"),
                parameters: vec![],
            },
            Op::Execute { stack: app() },
            Op::Delete { stack: app() },
            Op::Drift { stack: app() },
        ];
        let (cloud, done) = run(&schemas, &ops);
        let last_status = |d: &Done| match d {
            Done::Events(e) => e[0].status,
            other => panic!("{other:?}"),
        };
        assert_eq!(done[0], Done::Edited);
        assert_eq!(last_status(&done[1]), Status::RollbackComplete);
        let Done::Events(failed) = &done[1] else {
            unreachable!()
        };
        assert!(failed
            .iter()
            .any(|e| e.logical_id == "Queue" && e.status == Status::CreateFailed));
        assert_eq!(last_status(&done[2]), Status::DeleteComplete);
        assert_eq!(last_status(&done[3]), Status::CreateComplete);
        let Done::ChangeSet(cs) = &done[4] else {
            panic!("{:?}", done[4])
        };
        let logs = cs.changes.iter().find(|c| c.logical_id == "Logs").unwrap();
        assert_eq!(
            (logs.action, logs.replacement),
            (Action::Modify, Some(Replacement::True))
        );
        assert_eq!(last_status(&done[5]), Status::UpdateComplete);
        assert_eq!(done[6], Done::NoChangeSet);
        assert_eq!(done[7], Done::Edited);
        assert_eq!(done[8], Done::BadValue("{bad".into()));
        let Done::Drift(drift) = &done[10] else {
            panic!("{:?}", done[10])
        };
        assert_eq!(drift.status, StackDriftStatus::Drifted);
        let queue = drift
            .resources
            .iter()
            .find(|r| r.logical_id == "Queue")
            .unwrap();
        assert_eq!(queue.status, ResourceDriftStatus::Modified);
        assert_eq!(
            queue.differences[0].difference_type,
            DifferenceType::NotEqual
        );
        let logs = drift
            .resources
            .iter()
            .find(|r| r.logical_id == "Logs")
            .unwrap();
        assert_eq!(logs.status, ResourceDriftStatus::Deleted);
        assert!(matches!(done[12], Done::ChangeSet(_)), "{:?}", done[12]);
        assert_eq!(last_status(&done[13]), Status::UpdateRollbackComplete);
        assert_eq!(last_status(&done[14]), Status::DeleteComplete);
        assert!(matches!(done[15], Done::Refused(_)));
        assert!(cloud.stack("app").is_none());
        // Deterministic: the same script, the same answers.
        let (_, again) = run(&schemas, &ops);
        assert_eq!(again, done);
    }

    #[test]
    fn scripts_go_through_postcard() {
        let ops = vec![
            create(BUCKET),
            Op::Edit {
                stack: "app".into(),
                resource: "Queue".into(),
                path: vec!["Tags".into(), "0".into()],
                value: None,
            },
        ];
        let bytes = postcard::to_allocvec(&ops).unwrap();
        assert_eq!(postcard::from_bytes::<Vec<Op>>(&bytes).unwrap(), ops);
        assert_eq!(ops[1].stack(), Some("app"));
    }
}
