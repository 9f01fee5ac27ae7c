//! A template's values for a chosen parameter set, region and account: parameters (defaults,
//! `AllowedValues`), pseudo parameters, conditions and every intrinsic function CloudFormation
//! evaluates when it deploys (`Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`, `Fn::Select`,
//! `Fn::Split`, `Fn::FindInMap`, `Fn::GetAZs`, `Fn::Base64`, `Fn::Cidr`, `Fn::If`,
//! `Fn::ImportValue` and the condition functions).
//!
//! Values are JSON ([`Json`]); `AWS::NoValue` (and a `Fn::If` branch that yields it) removes the
//! property or list item (`Ok(None)`). Errors are data with a position ([`ResolveError`]).
//!
//! Simplifications, each deliberate: `Fn::GetAZs` gives the region's first three zones (`a`,
//! `b`, `c`); a parameter of an SSM type is taken as the value given; `Fn::Length`,
//! `Fn::ToJsonString` and `Fn::Transform` are not evaluated (`Unsupported`).

use core::net::{Ipv4Addr, Ipv6Addr}; // address arithmetic only: no I/O
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use crate::tree::{Key, Node, Pos, Value};

/// A resolved value.
pub type Json = serde_json::Value;

/// Why a value cannot be resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResolveErrorKind {
    /// The document is not a mapping of sections.
    NotATemplate,
    /// A parameter with no default and no value given.
    MissingParameter { name: String },
    /// A value outside the parameter's `AllowedValues`.
    ParameterNotAllowed { name: String, value: String },
    /// A value given for a parameter the template does not declare.
    UnknownParameter { name: String },
    /// `Ref` (or a `Fn::Sub` variable) names nothing the template declares.
    UnknownReference { name: String },
    /// A condition the template does not declare.
    UnknownCondition { name: String },
    /// A condition that depends on itself.
    ConditionCycle { name: String },
    /// `Fn::GetAtt` of an attribute the resource does not have.
    UnknownAttribute { resource: String, attribute: String },
    /// A resource referred to that has no physical resource (its condition is false, or it
    /// is not created yet).
    NotCreated { resource: String },
    /// `Fn::ImportValue` of a name no stack in the region exports.
    ExportNotFound { name: String },
    /// `Fn::FindInMap` with a key the mapping does not have.
    MappingKeyNotFound {
        map: String,
        top: String,
        second: String,
    },
    /// A function's arguments are not what it takes.
    BadArgument { function: String },
    /// `Fn::Select` past the end of its list.
    IndexOutOfRange { index: usize, len: usize },
    /// `Fn::Cidr` of a block that is not a CIDR, or more subnets than it holds.
    BadCidr { block: String },
    /// A function the simulator does not evaluate.
    Unsupported { function: String },
}

/// A resolve error at a position in the template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolveError {
    pub pos: Pos,
    pub kind: ResolveErrorKind,
}

fn err<T>(pos: Pos, kind: ResolveErrorKind) -> Result<T, ResolveError> {
    Err(ResolveError { pos, kind })
}

/// Where a stack runs: what the pseudo parameters return.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Environment {
    pub region: String,
    pub account: String,
    pub stack_name: String,
    pub stack_id: String,
    pub notification_arns: Vec<String>,
}

/// The partition of a region: `aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`.
pub fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// The domain suffix of a region's endpoints (`amazonaws.com.cn` in China).
pub fn url_suffix(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    }
}

/// A region's Availability Zones, simplified to its first three (`<region>a`, `b`, `c`).
pub fn availability_zones(region: &str) -> Vec<String> {
    ["a", "b", "c"]
        .iter()
        .map(|z| format!("{region}{z}"))
        .collect()
}

/// A created resource as other resources see it: what `Ref` returns and its attributes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Physical {
    pub id: String,
    /// By the name `Fn::GetAtt` uses (`Arn`, `Endpoint.Address`, `Outputs.VpcId`).
    pub attributes: BTreeMap<String, Json>,
}

/// A template section's entries (empty when absent or not a mapping).
pub fn section<'n>(root: &'n Node, name: &str) -> &'n [(Key, Node)] {
    root.get(name).and_then(Node::as_map).unwrap_or(&[])
}

/// The text of a scalar node (strings, numbers, booleans).
fn scalar_text(node: &Node) -> Option<String> {
    match &node.value {
        Value::Str(s) => Some(s.clone()),
        Value::Number(_, t) => Some(t.clone()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The parameters' values: the ones given, else the defaults; lists (`CommaDelimitedList`,
/// `List<…>`) become JSON arrays, everything else a string.
pub fn parameter_values(
    root: &Node,
    given: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, Json>, ResolveError> {
    if root.as_map().is_none() {
        return err(root.pos, ResolveErrorKind::NotATemplate);
    }
    let declared = section(root, "Parameters");
    for name in given.keys() {
        if !declared.iter().any(|(k, _)| &k.name == name) {
            return err(
                root.pos,
                ResolveErrorKind::UnknownParameter { name: name.clone() },
            );
        }
    }
    let mut out = BTreeMap::new();
    for (key, decl) in declared {
        let text = match given.get(&key.name) {
            Some(v) => v.clone(),
            None => match decl.get("Default").and_then(scalar_text) {
                Some(d) => d,
                None => {
                    return err(
                        key.pos,
                        ResolveErrorKind::MissingParameter {
                            name: key.name.clone(),
                        },
                    )
                }
            },
        };
        let ty = decl.get("Type").and_then(Node::as_str).unwrap_or("String");
        let is_list = ty == "CommaDelimitedList" || ty.starts_with("List<");
        let items: Vec<String> = if is_list {
            text.split(',').map(|s| s.trim().to_string()).collect()
        } else {
            vec![text.clone()]
        };
        if let Some(allowed) = decl.get("AllowedValues").and_then(Node::as_seq) {
            let allowed: Vec<String> = allowed.iter().filter_map(scalar_text).collect();
            for item in &items {
                if !allowed.contains(item) {
                    return err(
                        key.pos,
                        ResolveErrorKind::ParameterNotAllowed {
                            name: key.name.clone(),
                            value: item.clone(),
                        },
                    );
                }
            }
        }
        let value = if is_list {
            Json::Array(items.into_iter().map(Json::String).collect())
        } else {
            Json::String(text)
        };
        out.insert(key.name.clone(), value);
    }
    Ok(out)
}

/// The function a node calls: its full name and its argument (a tagged node's argument is the
/// node without its tag).
fn function(node: &Node) -> Option<(String, Node)> {
    if let Some(tag) = &node.tag {
        let name = match tag.as_str() {
            "Ref" | "Condition" => tag.clone(),
            other => format!("Fn::{other}"),
        };
        let mut arg = node.clone();
        arg.tag = None;
        return Some((name, arg));
    }
    let entries = node.as_map()?;
    if entries.len() != 1 {
        return None;
    }
    let (key, arg) = &entries[0];
    (key.name == "Ref" || key.name == "Condition" || key.name.starts_with("Fn::"))
        .then(|| (key.name.clone(), arg.clone()))
}

/// A value as a string where one is expected (numbers and booleans as written).
pub fn as_text(value: &Json) -> Option<String> {
    match value {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Evaluates intrinsic functions for one stack.
pub struct Resolver<'a> {
    pub env: &'a Environment,
    pub parameters: &'a BTreeMap<String, Json>,
    /// Every condition's value (see [`Resolver::conditions`]).
    pub conditions: BTreeMap<String, bool>,
    /// The template's root (for Mappings, Conditions and the declared resources).
    pub root: &'a Node,
    /// The resources created so far.
    pub resources: &'a BTreeMap<String, Physical>,
    /// The region's exports, by name.
    pub exports: &'a BTreeMap<String, Json>,
    /// The export names `Fn::ImportValue` read.
    pub imports: RefCell<BTreeSet<String>>,
}

impl<'a> Resolver<'a> {
    /// A resolver with the template's conditions evaluated.
    pub fn new(
        root: &'a Node,
        env: &'a Environment,
        parameters: &'a BTreeMap<String, Json>,
        resources: &'a BTreeMap<String, Physical>,
        exports: &'a BTreeMap<String, Json>,
    ) -> Result<Resolver<'a>, ResolveError> {
        let mut r = Resolver {
            env,
            parameters,
            conditions: BTreeMap::new(),
            root,
            resources,
            exports,
            imports: RefCell::new(BTreeSet::new()),
        };
        r.conditions = r.conditions()?;
        Ok(r)
    }

    /// Every condition of the Conditions section, evaluated.
    fn conditions(&self) -> Result<BTreeMap<String, bool>, ResolveError> {
        let mut done = BTreeMap::new();
        for (key, _) in section(self.root, "Conditions") {
            let mut visiting = BTreeSet::new();
            self.condition(&key.name, key.pos, &mut done, &mut visiting)?;
        }
        Ok(done)
    }

    fn condition(
        &self,
        name: &str,
        pos: Pos,
        done: &mut BTreeMap<String, bool>,
        visiting: &mut BTreeSet<String>,
    ) -> Result<bool, ResolveError> {
        if let Some(v) = done.get(name) {
            return Ok(*v);
        }
        let Some(node) = self.root.get("Conditions").and_then(|c| c.get(name)) else {
            return err(
                pos,
                ResolveErrorKind::UnknownCondition {
                    name: name.to_string(),
                },
            );
        };
        if !visiting.insert(name.to_string()) {
            return err(
                pos,
                ResolveErrorKind::ConditionCycle {
                    name: name.to_string(),
                },
            );
        }
        let v = self.boolean(node, done, visiting)?;
        visiting.remove(name);
        done.insert(name.to_string(), v);
        Ok(v)
    }

    /// A condition function's value.
    fn boolean(
        &self,
        node: &Node,
        done: &mut BTreeMap<String, bool>,
        visiting: &mut BTreeSet<String>,
    ) -> Result<bool, ResolveError> {
        let bad = |f: &str| {
            err(
                node.pos,
                ResolveErrorKind::BadArgument {
                    function: f.to_string(),
                },
            )
        };
        let Some((name, arg)) = function(node) else {
            return match &node.value {
                Value::Bool(b) => Ok(*b),
                Value::Str(s) if s == "true" => Ok(true),
                Value::Str(s) if s == "false" => Ok(false),
                _ => bad("Condition"),
            };
        };
        match name.as_str() {
            "Condition" => match arg.as_str() {
                Some(c) => self.condition(c, arg.pos, done, visiting),
                None => bad("Condition"),
            },
            "Fn::Equals" => {
                let items = arg.as_seq().unwrap_or(&[]);
                if items.len() != 2 {
                    return bad(&name);
                }
                let a = self.value(&items[0])?;
                let b = self.value(&items[1])?;
                let text = |v: Option<Json>| v.map(|v| as_text(&v).unwrap_or(v.to_string()));
                Ok(text(a) == text(b))
            }
            "Fn::Not" => match arg.as_seq() {
                Some([one]) => Ok(!self.boolean(one, done, visiting)?),
                _ => bad(&name),
            },
            "Fn::And" | "Fn::Or" => {
                let items = arg.as_seq().unwrap_or(&[]);
                if items.len() < 2 || items.len() > 10 {
                    return bad(&name);
                }
                let mut values = Vec::new();
                for item in items {
                    values.push(self.boolean(item, done, visiting)?);
                }
                Ok(if name == "Fn::And" {
                    values.iter().all(|v| *v)
                } else {
                    values.iter().any(|v| *v)
                })
            }
            _ => bad(&name),
        }
    }

    /// Whether a named condition holds.
    pub fn holds(&self, name: &str, pos: Pos) -> Result<bool, ResolveError> {
        self.conditions.get(name).copied().map(Ok).unwrap_or(err(
            pos,
            ResolveErrorKind::UnknownCondition {
                name: name.to_string(),
            },
        ))
    }

    /// Whether a resource or output is in the stack (its `Condition` holds, or it has none).
    pub fn included(&self, decl: &Node) -> Result<bool, ResolveError> {
        match decl.get("Condition") {
            Some(c) => match c.as_str() {
                Some(name) => self.holds(name, c.pos),
                None => err(
                    c.pos,
                    ResolveErrorKind::BadArgument {
                        function: "Condition".into(),
                    },
                ),
            },
            None => Ok(true),
        }
    }

    /// A node's value; `None` is `AWS::NoValue` (remove the property).
    pub fn value(&self, node: &Node) -> Result<Option<Json>, ResolveError> {
        if let Some((name, arg)) = function(node) {
            return self.call(&name, &arg, node.pos);
        }
        Ok(Some(match &node.value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(x, text) => number(*x, text),
            Value::Str(s) => Json::String(s.clone()),
            Value::Seq(items) => {
                let mut out = Vec::new();
                for item in items {
                    if let Some(v) = self.value(item)? {
                        out.push(v);
                    }
                }
                Json::Array(out)
            }
            Value::Map(entries) => {
                let mut out = serde_json::Map::new();
                for (k, v) in entries {
                    if let Some(v) = self.value(v)? {
                        out.insert(k.name.clone(), v);
                    }
                }
                Json::Object(out)
            }
        }))
    }

    /// A value that must be present.
    fn some(&self, node: &Node, function: &str) -> Result<Json, ResolveError> {
        self.value(node)?.ok_or(ResolveError {
            pos: node.pos,
            kind: ResolveErrorKind::BadArgument {
                function: function.to_string(),
            },
        })
    }

    /// A value that must be a string.
    fn text(&self, node: &Node, function: &str) -> Result<String, ResolveError> {
        as_text(&self.some(node, function)?).ok_or(ResolveError {
            pos: node.pos,
            kind: ResolveErrorKind::BadArgument {
                function: function.to_string(),
            },
        })
    }

    /// `Ref` of a name: a parameter, a pseudo parameter or a resource.
    pub fn reference(&self, name: &str, pos: Pos) -> Result<Option<Json>, ResolveError> {
        let env = self.env;
        let s = |v: &str| Ok(Some(Json::String(v.to_string())));
        match name {
            "AWS::Region" => return s(&env.region),
            "AWS::AccountId" => return s(&env.account),
            "AWS::StackName" => return s(&env.stack_name),
            "AWS::StackId" => return s(&env.stack_id),
            "AWS::Partition" => return s(partition(&env.region)),
            "AWS::URLSuffix" => return s(url_suffix(&env.region)),
            "AWS::NoValue" => return Ok(None),
            "AWS::NotificationARNs" => {
                return Ok(Some(Json::Array(
                    env.notification_arns
                        .iter()
                        .cloned()
                        .map(Json::String)
                        .collect(),
                )))
            }
            _ => {}
        }
        if let Some(v) = self.parameters.get(name) {
            return Ok(Some(v.clone()));
        }
        if let Some(p) = self.resources.get(name) {
            return Ok(Some(Json::String(p.id.clone())));
        }
        if self
            .root
            .get("Resources")
            .and_then(|r| r.get(name))
            .is_some()
        {
            return err(
                pos,
                ResolveErrorKind::NotCreated {
                    resource: name.to_string(),
                },
            );
        }
        err(
            pos,
            ResolveErrorKind::UnknownReference {
                name: name.to_string(),
            },
        )
    }

    /// `Fn::GetAtt` of a resource's attribute.
    pub fn attribute(
        &self,
        resource: &str,
        attribute: &str,
        pos: Pos,
    ) -> Result<Json, ResolveError> {
        let Some(p) = self.resources.get(resource) else {
            let declared = self
                .root
                .get("Resources")
                .and_then(|r| r.get(resource))
                .is_some();
            return err(
                pos,
                if declared {
                    ResolveErrorKind::NotCreated {
                        resource: resource.to_string(),
                    }
                } else {
                    ResolveErrorKind::UnknownReference {
                        name: resource.to_string(),
                    }
                },
            );
        };
        p.attributes.get(attribute).cloned().ok_or(ResolveError {
            pos,
            kind: ResolveErrorKind::UnknownAttribute {
                resource: resource.to_string(),
                attribute: attribute.to_string(),
            },
        })
    }

    fn call(&self, name: &str, arg: &Node, pos: Pos) -> Result<Option<Json>, ResolveError> {
        let bad = || {
            err(
                pos,
                ResolveErrorKind::BadArgument {
                    function: name.to_string(),
                },
            )
        };
        let items = arg.as_seq().unwrap_or(&[]);
        match name {
            "Ref" => match arg.as_str() {
                Some(target) => self.reference(target, pos),
                None => bad(),
            },
            "Fn::GetAtt" => {
                let (resource, attribute) = match (&arg.value, items) {
                    (Value::Str(s), _) => match s.split_once('.') {
                        Some((r, a)) => (r.to_string(), a.to_string()),
                        None => return bad(),
                    },
                    (_, [r, a]) => (self.text(r, name)?, self.text(a, name)?),
                    _ => return bad(),
                };
                Ok(Some(self.attribute(&resource, &attribute, pos)?))
            }
            "Fn::Sub" => {
                let (text, vars) = match (&arg.value, items) {
                    (Value::Str(s), _) => (s.clone(), None),
                    (_, [t, v]) => match t.as_str() {
                        Some(t) => (t.to_string(), v.as_map()),
                        None => return bad(),
                    },
                    _ => return bad(),
                };
                let mut local = BTreeMap::new();
                for (k, v) in vars.unwrap_or(&[]) {
                    local.insert(k.name.clone(), self.text(v, name)?);
                }
                Ok(Some(Json::String(self.substitute(&text, &local, pos)?)))
            }
            "Fn::Join" => {
                let [delimiter, list] = items else {
                    return bad();
                };
                let delimiter = delimiter.as_str().map(str::to_string).unwrap_or_default();
                let Json::Array(values) = self.some(list, name)? else {
                    return bad();
                };
                let mut parts = Vec::new();
                for v in &values {
                    match as_text(v) {
                        Some(t) => parts.push(t),
                        None => return bad(),
                    }
                }
                Ok(Some(Json::String(parts.join(&delimiter))))
            }
            "Fn::Select" => {
                let [index, list] = items else {
                    return bad();
                };
                let index: usize = match self.text(index, name)?.parse() {
                    Ok(i) => i,
                    Err(_) => return bad(),
                };
                let Json::Array(values) = self.some(list, name)? else {
                    return bad();
                };
                match values.get(index) {
                    Some(v) => Ok(Some(v.clone())),
                    None => err(
                        pos,
                        ResolveErrorKind::IndexOutOfRange {
                            index,
                            len: values.len(),
                        },
                    ),
                }
            }
            "Fn::Split" => {
                let [delimiter, source] = items else {
                    return bad();
                };
                let delimiter = self.text(delimiter, name)?;
                let source = self.text(source, name)?;
                if delimiter.is_empty() {
                    return bad();
                }
                Ok(Some(Json::Array(
                    source
                        .split(delimiter.as_str())
                        .map(|s| Json::String(s.to_string()))
                        .collect(),
                )))
            }
            "Fn::FindInMap" => {
                if items.len() != 3 {
                    return bad();
                }
                let map = self.text(&items[0], name)?;
                let top = self.text(&items[1], name)?;
                let second = self.text(&items[2], name)?;
                let found = self
                    .root
                    .get("Mappings")
                    .and_then(|m| m.get(&map))
                    .and_then(|m| m.get(&top))
                    .and_then(|m| m.get(&second));
                match found {
                    Some(v) => self.value(v),
                    None => err(
                        pos,
                        ResolveErrorKind::MappingKeyNotFound { map, top, second },
                    ),
                }
            }
            "Fn::GetAZs" => {
                let region = match self.value(arg)? {
                    Some(v) => as_text(&v).unwrap_or_default(),
                    None => String::new(),
                };
                let region = if region.is_empty() {
                    self.env.region.clone()
                } else {
                    region
                };
                Ok(Some(Json::Array(
                    availability_zones(&region)
                        .into_iter()
                        .map(Json::String)
                        .collect(),
                )))
            }
            "Fn::Base64" => Ok(Some(Json::String(base64(self.text(arg, name)?.as_bytes())))),
            "Fn::Cidr" => {
                let [block, count, bits] = items else {
                    return bad();
                };
                let block = self.text(block, name)?;
                let (Ok(count), Ok(bits)) = (
                    self.text(count, name)?.parse::<u32>(),
                    self.text(bits, name)?.parse::<u32>(),
                ) else {
                    return bad();
                };
                match cidr(&block, count, bits) {
                    Some(list) => Ok(Some(Json::Array(
                        list.into_iter().map(Json::String).collect(),
                    ))),
                    None => err(pos, ResolveErrorKind::BadCidr { block }),
                }
            }
            "Fn::ImportValue" => {
                let export = self.text(arg, name)?;
                match self.exports.get(&export) {
                    Some(v) => {
                        self.imports.borrow_mut().insert(export);
                        Ok(Some(v.clone()))
                    }
                    None => err(pos, ResolveErrorKind::ExportNotFound { name: export }),
                }
            }
            "Fn::If" => {
                let [condition, yes, no] = items else {
                    return bad();
                };
                let Some(c) = condition.as_str() else {
                    return bad();
                };
                if self.holds(c, condition.pos)? {
                    self.value(yes)
                } else {
                    self.value(no)
                }
            }
            "Condition" => match arg.as_str() {
                Some(c) => Ok(Some(Json::Bool(self.holds(c, pos)?))),
                None => bad(),
            },
            "Fn::Equals" | "Fn::And" | "Fn::Or" | "Fn::Not" => {
                let mut done = self.conditions.clone();
                let mut node = Node {
                    pos,
                    tag: None,
                    value: Value::Null,
                };
                node.value = Value::Map(vec![(
                    Key {
                        name: name.to_string(),
                        pos,
                    },
                    arg.clone(),
                )]);
                Ok(Some(Json::Bool(self.boolean(
                    &node,
                    &mut done,
                    &mut BTreeSet::new(),
                )?)))
            }
            other => err(
                pos,
                ResolveErrorKind::Unsupported {
                    function: other.to_string(),
                },
            ),
        }
    }

    /// `Fn::Sub`'s text with its variables replaced (`${!Name}` is the literal `${Name}`).
    fn substitute(
        &self,
        text: &str,
        local: &BTreeMap<String, String>,
        pos: Pos,
    ) -> Result<String, ResolveError> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                return Ok(out);
            };
            let var = after[..end].trim();
            if let Some(literal) = var.strip_prefix('!') {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
            } else if let Some(v) = local.get(var) {
                out.push_str(v);
            } else if let Some((resource, attribute)) = var
                .split_once('.')
                .filter(|(r, _)| !self.parameters.contains_key(var) && !r.is_empty())
            {
                let v = self.attribute(resource, attribute, pos)?;
                out.push_str(&as_text(&v).unwrap_or(v.to_string()));
            } else {
                let v = self
                    .reference(var, pos)?
                    .unwrap_or(Json::String(String::new()));
                match v {
                    Json::Array(items) => {
                        let parts: Vec<String> = items.iter().filter_map(as_text).collect();
                        out.push_str(&parts.join(","));
                    }
                    v => out.push_str(&as_text(&v).unwrap_or(v.to_string())),
                }
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// A number as JSON: an integer when it is one.
fn number(x: f64, text: &str) -> Json {
    if let Ok(i) = text.parse::<i64>() {
        return Json::from(i);
    }
    serde_json::Number::from_f64(x)
        .map(Json::Number)
        .unwrap_or(Json::String(text.to_string()))
}

/// Standard Base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `Fn::Cidr`: `count` consecutive subnets of `bits` host bits each (a /(32 − bits) in IPv4,
/// /(128 − bits) in IPv6), from the start of `block`; `None` when the block is not a CIDR or
/// does not hold them.
pub fn cidr(block: &str, count: u32, bits: u32) -> Option<Vec<String>> {
    let (address, prefix) = block.split_once('/')?;
    let prefix: u32 = prefix.parse().ok()?;
    if !(1..=256).contains(&count) {
        return None;
    }
    let (width, start): (u32, u128) = if let Ok(v4) = address.parse::<Ipv4Addr>() {
        (32, u128::from(u32::from(v4)))
    } else {
        (128, u128::from(address.parse::<Ipv6Addr>().ok()?))
    };
    if prefix > width || bits == 0 || bits >= 128 || bits > width - prefix {
        return None;
    }
    // The subnets must fit in the block: count × 2^bits ≤ 2^(width − prefix).
    let room = width - prefix - bits;
    if room < 32 && u128::from(count) > (1u128 << room) {
        return None;
    }
    let host_mask = if width - prefix == 128 {
        u128::MAX
    } else {
        (1u128 << (width - prefix)) - 1
    };
    let base = start & !host_mask;
    let new_prefix = width - bits;
    let out = (0..u128::from(count))
        .map(|i| {
            let a = base + (i << bits);
            if width == 32 {
                format!("{}/{new_prefix}", Ipv4Addr::from(a as u32))
            } else {
                format!("{}/{new_prefix}", Ipv6Addr::from(a))
            }
        })
        .collect();
    Some(out)
}
