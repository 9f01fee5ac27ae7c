//! What the engine knows about resource types: AWS's resource provider schemas, reduced to
//! what validation and change sets need (see `scripts/cfn-schemas.py`, which writes
//! `crates/engine/data/cfn-resources.json`; the app fetches the file when a template is first
//! opened, the native CLI embeds it).

use std::collections::BTreeMap;

use serde::Deserialize;

pub(crate) use crate::text::edit_distance as distance;

/// The kinds of JSON value a property accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum Kind {
    #[serde(rename = "s")]
    String,
    #[serde(rename = "i")]
    Integer,
    #[serde(rename = "n")]
    Number,
    #[serde(rename = "b")]
    Boolean,
    #[serde(rename = "o")]
    Object,
    #[serde(rename = "a")]
    Array,
    #[serde(rename = "j")]
    Any,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub(crate) enum Kinds {
    One(Kind),
    Many(Vec<Kind>),
}

/// An allowed value (the schemas list strings, and a few numbers and booleans).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Allowed {
    Bool(bool),
    Number(f64),
    Str(String),
}

impl Allowed {
    /// As a template writes it.
    pub fn text(&self) -> String {
        match self {
            Allowed::Bool(b) => b.to_string(),
            Allowed::Number(x) => format!("{x}"),
            Allowed::Str(s) => s.clone(),
        }
    }
}

/// A property's shape.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Shape {
    #[serde(rename = "t")]
    pub(crate) kinds: Option<Kinds>,
    /// A definition of the type that describes it.
    #[serde(rename = "d")]
    pub definition: Option<String>,
    /// The shape of each item of an array.
    #[serde(rename = "i")]
    pub items: Option<Box<Shape>>,
    /// Allowed values.
    #[serde(rename = "e")]
    pub allowed: Option<Vec<Allowed>>,
    /// An inline object's properties.
    #[serde(rename = "p")]
    pub properties: Option<BTreeMap<String, Shape>>,
    /// An inline object's required properties.
    #[serde(rename = "r", default)]
    pub required: Vec<String>,
    /// Whether an inline object accepts properties it does not list.
    #[serde(rename = "x", default)]
    pub open: u8,
}

impl Shape {
    /// The kinds it accepts (none known: any).
    pub fn kinds(&self) -> Vec<Kind> {
        match &self.kinds {
            None => Vec::new(),
            Some(Kinds::One(k)) => vec![*k],
            Some(Kinds::Many(ks)) => ks.clone(),
        }
    }
}

/// One resource type.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ResourceType {
    #[serde(rename = "p", default)]
    pub properties: BTreeMap<String, Shape>,
    #[serde(rename = "r", default)]
    pub required: Vec<String>,
    /// `createOnlyProperties`: changing them replaces the resource (paths, `/`-separated).
    #[serde(rename = "c", default)]
    pub create_only: Vec<String>,
    /// `conditionalCreateOnlyProperties`: changing them may replace it.
    #[serde(rename = "cc", default)]
    pub conditional_create_only: Vec<String>,
    /// `readOnlyProperties`: what `Fn::GetAtt` can read (paths, `/`-separated).
    #[serde(rename = "ro", default)]
    pub read_only: Vec<String>,
    /// `primaryIdentifier`: what `Ref` returns for most types.
    #[serde(rename = "pi", default)]
    pub primary_identifier: Vec<String>,
    /// Whether it accepts properties it does not list.
    #[serde(rename = "x", default)]
    pub open: u8,
    #[serde(rename = "defs", default)]
    pub definitions: BTreeMap<String, Shape>,
}

impl ResourceType {
    /// The attributes `Fn::GetAtt` accepts, as a template writes them (`Endpoint.Address`).
    pub fn attributes(&self) -> impl Iterator<Item = String> + '_ {
        self.read_only.iter().map(|p| p.replace('/', "."))
    }

    /// Whether `Fn::GetAtt` can read `attribute`.
    pub fn has_attribute(&self, attribute: &str) -> bool {
        self.attributes().any(|a| a == attribute)
    }
}

/// Every resource type the engine knows.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Schemas {
    /// Where the knowledge comes from (the schemas' source and version).
    pub source: String,
    types: BTreeMap<String, ResourceType>,
}

impl Schemas {
    /// Reads the generated file.
    pub fn from_json(text: &str) -> Result<Schemas, String> {
        serde_json::from_str(text).map_err(|e| format!("resource schemas: {e}"))
    }

    /// A resource type by its exact name.
    pub fn get(&self, name: &str) -> Option<&ResourceType> {
        self.types.get(name)
    }

    /// How many types it knows.
    pub fn len(&self) -> usize {
        self.types.len()
    }

    /// Whether it knows none.
    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
    }

    /// Up to three known type names close to `name` (same service first).
    pub fn near(&self, name: &str) -> Vec<&str> {
        let lower = name.to_ascii_lowercase();
        let mut scored: Vec<(usize, &str)> = self
            .types
            .keys()
            .map(|k| (distance(&lower, &k.to_ascii_lowercase()), k.as_str()))
            .filter(|(d, _)| *d <= 3.max(name.len() / 6))
            .collect();
        scored.sort();
        scored.into_iter().take(3).map(|(_, k)| k).collect()
    }
}
