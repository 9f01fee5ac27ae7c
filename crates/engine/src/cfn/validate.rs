//! Validating a template: its sections, parameters, conditions, resources against their
//! types' schemas, intrinsic functions and what they refer to, dependency cycles and
//! CloudFormation's quotas. Every finding has a line, a column and a rule.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::graph::{cycles, Graph};
use super::rules::{Diagnostic, Rule};
use super::schema::{distance, Kind, ResourceType, Schemas, Shape};
use crate::tree::{parse, Format, Key, Node, Pos, Value};

/// The most bytes an Amazon S3 template may have (1 MB).
pub const MAX_TEMPLATE_BYTES: usize = 1_048_576;
/// The most bytes a template body may have in a request.
pub const MAX_REQUEST_BYTES: usize = 51_200;
/// CloudFormation's per-template quotas.
pub const MAX_RESOURCES: usize = 500;
pub const MAX_PARAMETERS: usize = 200;
pub const MAX_OUTPUTS: usize = 200;
pub const MAX_MAPPINGS: usize = 200;
pub const MAX_MAPPING_ATTRIBUTES: usize = 200;
pub const MAX_NAME: usize = 255;
pub const MAX_DESCRIPTION_BYTES: usize = 1_024;

const SECTIONS: [&str; 11] = [
    "AWSTemplateFormatVersion",
    "Description",
    "Metadata",
    "Parameters",
    "Rules",
    "Mappings",
    "Conditions",
    "Transform",
    "Resources",
    "Outputs",
    "Hooks",
];

const RESOURCE_KEYS: [&str; 9] = [
    "Type",
    "Properties",
    "DependsOn",
    "Condition",
    "Metadata",
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "UpdatePolicy",
    "CreationPolicy",
];

const PARAMETER_KEYS: [&str; 11] = [
    "Type",
    "Default",
    "Description",
    "AllowedValues",
    "AllowedPattern",
    "ConstraintDescription",
    "MaxLength",
    "MinLength",
    "MaxValue",
    "MinValue",
    "NoEcho",
];

/// The pseudo parameters `Ref` accepts.
pub const PSEUDO_PARAMETERS: [&str; 8] = [
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

/// The AWS-specific parameter types (each also as `List<…>`).
const AWS_PARAMETER_TYPES: [&str; 10] = [
    "AWS::EC2::AvailabilityZone::Name",
    "AWS::EC2::Image::Id",
    "AWS::EC2::Instance::Id",
    "AWS::EC2::KeyPair::KeyName",
    "AWS::EC2::SecurityGroup::GroupName",
    "AWS::EC2::SecurityGroup::Id",
    "AWS::EC2::Subnet::Id",
    "AWS::EC2::Volume::Id",
    "AWS::EC2::VPC::Id",
    "AWS::Route53::HostedZone::Id",
];

/// Properties that `aws cloudformation package` accepts as a local path and replaces with
/// the uploaded artifact's location.
const PACKAGED: [(&str, &str); 8] = [
    ("AWS::Lambda::Function", "Code"),
    ("AWS::Lambda::LayerVersion", "Content"),
    ("AWS::ElasticBeanstalk::ApplicationVersion", "SourceBundle"),
    ("AWS::ApiGateway::RestApi", "BodyS3Location"),
    ("AWS::AppSync::GraphQLSchema", "DefinitionS3Location"),
    ("AWS::StepFunctions::StateMachine", "DefinitionS3Location"),
    ("AWS::Glue::Job", "Command"),
    ("AWS::CloudFormation::Stack", "TemplateURL"),
];

/// The intrinsic functions, by their full names; the short YAML tag is the name without `Fn::`.
const FUNCTIONS: [&str; 22] = [
    "Ref",
    "Condition",
    "Fn::Base64",
    "Fn::Cidr",
    "Fn::FindInMap",
    "Fn::GetAtt",
    "Fn::GetAZs",
    "Fn::ImportValue",
    "Fn::Join",
    "Fn::Select",
    "Fn::Split",
    "Fn::Sub",
    "Fn::Transform",
    "Fn::And",
    "Fn::Equals",
    "Fn::If",
    "Fn::Not",
    "Fn::Or",
    "Fn::Length",
    "Fn::ToJsonString",
    "Fn::ForEach",
    "Fn::GetStackOutput",
];

/// A parsed template, or why not, with everything found.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// The tree, when the text parsed.
    pub root: Option<Node>,
    pub format: Option<Format>,
    /// Sorted by position, then rule.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity() == super::rules::Severity::Error)
    }
}

/// Parses and validates a template's text against the resource schemas.
pub fn validate(text: &str, schemas: &Schemas) -> Report {
    let mut out = Vec::new();
    let first = Pos { line: 1, col: 1 };
    if text.len() > MAX_TEMPLATE_BYTES {
        out.push(diag(
            first,
            Rule::TemplateTooLarge,
            [text.len().to_string()],
        ));
        return Report {
            root: None,
            format: None,
            diagnostics: out,
        };
    }
    let (root, format) = match parse(text) {
        Ok(parsed) => parsed,
        Err(e) => {
            out.push(diag(e.pos, Rule::Syntax, [e.message]));
            return Report {
                root: None,
                format: None,
                diagnostics: out,
            };
        }
    };
    if text.len() > MAX_REQUEST_BYTES {
        out.push(diag(
            first,
            Rule::RequestBodyTooLarge,
            [text.len().to_string()],
        ));
    }
    Checker::new(&root, schemas, &mut out).run();
    out.sort_by_key(|d| (d.pos, d.rule));
    out.dedup();
    Report {
        root: Some(root),
        format: Some(format),
        diagnostics: out,
    }
}

fn diag<const N: usize>(pos: Pos, rule: Rule, args: [String; N]) -> Diagnostic {
    Diagnostic {
        pos,
        rule,
        args: args.into(),
    }
}

/// Where a node sits, for the functions it may use.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Conditions,
    Resources,
    Outputs,
}

/// An intrinsic function call: its full name, its argument, and where it is written.
struct Call<'a> {
    name: String,
    arg: &'a Node,
    /// Written as a YAML tag: the argument is the node's value (its tag is the function).
    tagged: bool,
    pos: Pos,
}

impl Call<'_> {
    fn value(&self) -> &Value {
        &self.arg.value
    }

    fn as_str(&self) -> Option<&str> {
        match self.value() {
            Value::Str(s) => Some(s),
            Value::Number(_, t) => Some(t),
            _ => None,
        }
    }

    fn items(&self) -> Option<&[Node]> {
        match self.value() {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }
}

/// The function a node calls, if it is one: `{Ref: X}`, `{"Fn::Sub": …}` or `!Sub …`.
fn call(node: &Node) -> Option<Call<'_>> {
    if let Some(tag) = &node.tag {
        let name = match tag.as_str() {
            "Ref" | "Condition" => tag.clone(),
            other => format!("Fn::{other}"),
        };
        return Some(Call {
            name,
            arg: node,
            tagged: true,
            pos: node.pos,
        });
    }
    let entries = node.as_map()?;
    if entries.len() != 1 {
        return None;
    }
    let (key, arg) = &entries[0];
    let is_function = key.name == "Ref"
        || key.name.starts_with("Fn::")
        || key.name.starts_with("Rain::")
        || key.name == "Condition";
    is_function.then(|| Call {
        name: key.name.clone(),
        arg,
        tagged: false,
        pos: key.pos,
    })
}

struct Checker<'a> {
    root: &'a Node,
    schemas: &'a Schemas,
    out: &'a mut Vec<Diagnostic>,
    parameters: BTreeSet<String>,
    resources: BTreeMap<String, Option<String>>,
    conditions: BTreeSet<String>,
    mappings: BTreeSet<String>,
    sam: bool,
    language_extensions: bool,
    /// Some resources are modules or made by a transform: references to names this engine
    /// cannot see are not reported.
    open_names: bool,
    /// A macro or another tool rewrites the template before CloudFormation reads it: only
    /// its structure is checked.
    preprocessed: Option<(Pos, String, &'static str)>,
}

impl<'a> Checker<'a> {
    fn new(root: &'a Node, schemas: &'a Schemas, out: &'a mut Vec<Diagnostic>) -> Checker<'a> {
        let names = |section: &str| -> BTreeSet<String> {
            root.get(section)
                .and_then(Node::as_map)
                .map(|m| m.iter().map(|(k, _)| k.name.clone()).collect())
                .unwrap_or_default()
        };
        let resources = root
            .get("Resources")
            .and_then(Node::as_map)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| {
                        let ty = v.get("Type").and_then(Node::as_str).map(str::to_string);
                        (k.name.clone(), ty)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let transforms: Vec<String> = match root.get("Transform") {
            Some(t) => match &t.value {
                Value::Str(s) => vec![s.clone()],
                Value::Seq(items) => items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect(),
                _ => Vec::new(),
            },
            None => Vec::new(),
        };
        let sam = transforms.iter().any(|t| t == "AWS::Serverless-2016-10-31");
        let modules = root
            .get("Resources")
            .and_then(Node::as_map)
            .is_some_and(|m| {
                m.iter().any(|(_, r)| {
                    r.get("Type")
                        .and_then(Node::as_str)
                        .is_some_and(|t| t.ends_with("::MODULE"))
                })
            });
        let known = ["AWS::Serverless-2016-10-31", "AWS::LanguageExtensions"];
        let macro_transform = transforms.iter().find(|t| !known.contains(&t.as_str()));
        let preprocessed = match macro_transform {
            Some(t) => Some((
                root.key("Transform").map_or(root.pos, |k| k.pos),
                t.clone(),
                "macro",
            )),
            None => preprocessor(root),
        };
        Checker {
            root,
            schemas,
            out,
            parameters: names("Parameters"),
            resources,
            conditions: names("Conditions"),
            mappings: names("Mappings"),
            sam,
            language_extensions: transforms.iter().any(|t| t == "AWS::LanguageExtensions"),
            open_names: sam || modules || preprocessed.is_some(),
            preprocessed,
        }
    }

    fn push<const N: usize>(&mut self, pos: Pos, rule: Rule, args: [String; N]) {
        self.out.push(diag(pos, rule, args));
    }

    fn run(&mut self) {
        let Some(top) = self.root.as_map() else {
            let what = self.root.kind().to_string();
            self.push(self.root.pos, Rule::NotATemplate, [what]);
            return;
        };
        self.duplicates(self.root);
        for (key, value) in top {
            if !(SECTIONS.contains(&key.name.as_str()) || self.sam && key.name == "Globals") {
                let near = near(&key.name, SECTIONS.iter().copied());
                self.push(key.pos, Rule::UnknownSection, [key.name.clone(), near]);
            }
            match key.name.as_str() {
                "AWSTemplateFormatVersion" if value.as_str() != Some("2010-09-09") => {
                    let v = value.as_str().unwrap_or(value.kind()).to_string();
                    self.push(value.pos, Rule::FormatVersion, [v]);
                }
                "Description" => match value.as_str() {
                    Some(d) if d.len() > MAX_DESCRIPTION_BYTES => {
                        self.push(value.pos, Rule::DescriptionTooLong, [d.len().to_string()])
                    }
                    Some(_) => {}
                    None => self.shape(value, "Description", "string"),
                },
                "Rules" => self.push(key.pos, Rule::NotChecked, ["Rules".into(), "rules".into()]),
                _ => {}
            }
        }
        if let Some((pos, what, why)) = self.preprocessed.clone() {
            self.push(pos, Rule::NotChecked, [what, why.to_string()]);
        }
        if self.sam {
            self.push(
                self.root.key("Transform").map_or(self.root.pos, |k| k.pos),
                Rule::NotChecked,
                ["AWS::Serverless-2016-10-31".into(), "sam".into()],
            );
        }
        self.parameters_section();
        self.mappings_section();
        self.conditions_section();
        self.resources_section();
        self.outputs_section();
        self.dependencies();
    }

    /// Reports a value of the wrong kind.
    fn shape(&mut self, node: &Node, place: &str, expected: &str) {
        let found = node.kind().to_string();
        self.push(
            node.pos,
            Rule::SectionShape,
            [place.to_string(), expected.to_string(), found],
        );
    }

    /// Keys written twice in any mapping of the tree.
    fn duplicates(&mut self, node: &Node) {
        match &node.value {
            Value::Map(entries) => {
                let mut seen = BTreeSet::new();
                for (key, value) in entries {
                    if !seen.insert(key.name.as_str()) {
                        self.out
                            .push(diag(key.pos, Rule::DuplicateKey, [key.name.clone()]));
                    }
                    self.duplicates(value);
                }
            }
            Value::Seq(items) => {
                for item in items {
                    self.duplicates(item);
                }
            }
            _ => {}
        }
    }

    /// A section as a mapping (reporting it when it is something else).
    fn section(&mut self, name: &str) -> Option<&'a [(Key, Node)]> {
        let node = self.root.get(name)?;
        match node.as_map() {
            Some(m) => Some(m),
            None => {
                self.shape(node, name, "mapping");
                None
            }
        }
    }

    /// The quota and naming rules shared by every section's entries.
    fn names(&mut self, section: &str, entries: &[(Key, Node)], limit: usize) {
        if entries.len() > limit {
            let pos = self.root.key(section).map_or(self.root.pos, |k| k.pos);
            self.push(
                pos,
                Rule::TooMany,
                [
                    section.to_string(),
                    entries.len().to_string(),
                    limit.to_string(),
                    section.to_string(),
                ],
            );
        }
        for (key, _) in entries {
            if key.name.chars().count() > MAX_NAME {
                self.push(key.pos, Rule::NameTooLong, [key.name.clone()]);
            } else if key.name.is_empty() || !key.name.chars().all(|c| c.is_ascii_alphanumeric()) {
                let foreach = self.language_extensions && key.name.starts_with("Fn::ForEach::");
                if !foreach {
                    self.push(key.pos, Rule::LogicalId, [key.name.clone()]);
                }
            }
        }
    }

    fn parameters_section(&mut self) {
        let Some(entries) = self.section("Parameters") else {
            return;
        };
        self.names("Parameters", entries, MAX_PARAMETERS);
        for (key, param) in entries {
            let name = key.name.as_str();
            let Some(fields) = param.as_map() else {
                self.shape(param, name, "mapping");
                continue;
            };
            for (k, v) in fields {
                if !PARAMETER_KEYS.contains(&k.name.as_str()) {
                    self.push(
                        k.pos,
                        Rule::ParameterKey,
                        [name.to_string(), k.name.clone()],
                    );
                }
                if let Some(c) = call(v) {
                    self.push(
                        c.pos,
                        Rule::FunctionNotAllowed,
                        [c.name, "Parameters".into()],
                    );
                }
            }
            let ty = match param.get("Type") {
                None => {
                    self.push(
                        key.pos,
                        Rule::ParameterType,
                        [name.to_string(), String::new()],
                    );
                    continue;
                }
                Some(t) => match t.as_str() {
                    Some(ty) if parameter_type(ty) => ty.to_string(),
                    Some(ty) => {
                        self.push(
                            t.pos,
                            Rule::ParameterType,
                            [name.to_string(), ty.to_string()],
                        );
                        continue;
                    }
                    None => {
                        self.push(
                            t.pos,
                            Rule::ParameterType,
                            [name.to_string(), t.kind().to_string()],
                        );
                        continue;
                    }
                },
            };
            self.parameter_default(name, param, &ty);
        }
    }

    /// The default against the parameter's own constraints.
    fn parameter_default(&mut self, name: &str, param: &Node, ty: &str) {
        // CloudFormation's patterns are Java regular expressions; those this engine cannot
        // compile (lookaheads…) are not checked.
        let pattern = param.get("AllowedPattern").and_then(|p| {
            let text = p.as_str()?;
            regex_lite::Regex::new(&format!("^(?:{text})$")).ok()
        });
        let Some(default) = param.get("Default") else {
            return;
        };
        let Some(text) = default
            .as_str()
            .map(str::to_string)
            .or_else(|| match &default.value {
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            })
        else {
            return;
        };
        let reject = |why: String, this: &mut Checker<'_>| {
            this.push(
                default.pos,
                Rule::ParameterDefault,
                [name.to_string(), text.clone(), why],
            );
        };
        let number = |n: &Node| n.as_str().and_then(|s| s.parse::<f64>().ok());
        if let Some(allowed) = param.get("AllowedValues").and_then(Node::as_seq) {
            let values: Vec<&str> = allowed.iter().filter_map(Node::as_str).collect();
            let list_type = ty.starts_with("List<") || ty == "CommaDelimitedList";
            let ok = if list_type {
                values.contains(&text.as_str())
                    || text.split(',').all(|v| values.contains(&v.trim()))
            } else {
                values.contains(&text.as_str())
            };
            if !ok && !values.is_empty() {
                reject(format!("AllowedValues [{}]", values.join(", ")), self);
            }
        }
        if let Some(re) = &pattern {
            if ty == "String" && !re.is_match(&text) {
                let p = param
                    .get("AllowedPattern")
                    .and_then(Node::as_str)
                    .unwrap_or("");
                reject(format!("AllowedPattern {p}"), self);
            }
        }
        if ty == "String" {
            let length = text.chars().count() as f64;
            if let Some(min) = param.get("MinLength").and_then(number) {
                if length < min {
                    reject(format!("MinLength {min}"), self);
                }
            }
            if let Some(max) = param.get("MaxLength").and_then(number) {
                if length > max {
                    reject(format!("MaxLength {max}"), self);
                }
            }
        }
        if ty == "Number" {
            match text.trim().parse::<f64>() {
                Err(_) => reject("Type Number".to_string(), self),
                Ok(x) => {
                    if let Some(min) = param.get("MinValue").and_then(number) {
                        if x < min {
                            reject(format!("MinValue {min}"), self);
                        }
                    }
                    if let Some(max) = param.get("MaxValue").and_then(number) {
                        if x > max {
                            reject(format!("MaxValue {max}"), self);
                        }
                    }
                }
            }
        }
    }

    fn mappings_section(&mut self) {
        let Some(entries) = self.section("Mappings") else {
            return;
        };
        self.names("Mappings", entries, MAX_MAPPINGS);
        for (key, mapping) in entries {
            let Some(top) = mapping.as_map() else {
                self.shape(mapping, &key.name, "mapping");
                continue;
            };
            if top.len() > MAX_MAPPING_ATTRIBUTES {
                self.push(
                    key.pos,
                    Rule::TooMany,
                    [
                        "mapping-keys".into(),
                        top.len().to_string(),
                        MAX_MAPPING_ATTRIBUTES.to_string(),
                        key.name.clone(),
                    ],
                );
            }
            for (k, second) in top {
                match second.as_map() {
                    None => self.shape(second, &format!("{}.{}", key.name, k.name), "mapping"),
                    Some(attrs) if attrs.len() > MAX_MAPPING_ATTRIBUTES => self.push(
                        k.pos,
                        Rule::TooMany,
                        [
                            "mapping-attributes".into(),
                            attrs.len().to_string(),
                            MAX_MAPPING_ATTRIBUTES.to_string(),
                            format!("{}.{}", key.name, k.name),
                        ],
                    ),
                    Some(_) => {}
                }
            }
        }
    }

    fn conditions_section(&mut self) {
        let Some(entries) = self.section("Conditions") else {
            return;
        };
        for (key, condition) in entries {
            if self.language_extensions && key.name.starts_with("Fn::ForEach::") {
                continue;
            }
            self.values(condition, Place::Conditions, &BTreeSet::new());
        }
    }

    fn resources_section(&mut self) {
        let node = self.root.get("Resources");
        let Some(entries) = self.section("Resources") else {
            if node.is_none() {
                self.push(self.root.pos, Rule::NoResources, []);
            }
            return;
        };
        if entries.is_empty() {
            let pos = self.root.key("Resources").map_or(self.root.pos, |k| k.pos);
            self.push(pos, Rule::NoResources, []);
        }
        self.names("Resources", entries, MAX_RESOURCES);
        for (key, resource) in entries {
            if self.language_extensions && key.name.starts_with("Fn::ForEach::") {
                self.push(
                    key.pos,
                    Rule::NotChecked,
                    [key.name.clone(), "foreach".into()],
                );
                continue;
            }
            self.resource(key, resource);
        }
    }

    fn resource(&mut self, key: &Key, resource: &'a Node) {
        let name = key.name.as_str();
        let Some(fields) = resource.as_map() else {
            self.shape(resource, name, "mapping");
            return;
        };
        let ty_text = resource.get("Type").and_then(Node::as_str).unwrap_or("");
        let custom =
            ty_text.starts_with("Custom::") || ty_text == "AWS::CloudFormation::CustomResource";
        let serverless = self.sam && ty_text.starts_with("AWS::Serverless::");
        for (k, _) in fields {
            let extra = (custom && k.name == "Version") || (self.sam && k.name == "IgnoreGlobals");
            if !RESOURCE_KEYS.contains(&k.name.as_str())
                && !extra
                && !serverless
                && self.preprocessed.is_none()
            {
                let near = near(&k.name, RESOURCE_KEYS.iter().copied());
                self.push(
                    k.pos,
                    Rule::ResourceKey,
                    [name.to_string(), k.name.clone(), near],
                );
            }
        }
        // Intrinsic functions are allowed in DeletionPolicy and UpdateReplacePolicy.
        for literal in ["Type", "DependsOn", "Condition"] {
            if self.preprocessed.is_some() {
                break;
            }
            if let Some(c) = resource.get(literal).and_then(call) {
                self.push(
                    c.pos,
                    Rule::FunctionNotAllowed,
                    [c.name, format!("{name}.{literal}")],
                );
            }
        }
        if let Some(c) = resource.get("Condition").and_then(Node::as_str) {
            if !self.conditions.contains(c) {
                let pos = resource.get("Condition").map_or(key.pos, |n| n.pos);
                self.push(pos, Rule::ConditionUndefined, [c.to_string()]);
            }
        }
        for (attr, allowed) in [
            (
                "DeletionPolicy",
                "Delete, Retain, RetainExceptOnCreate, Snapshot",
            ),
            ("UpdateReplacePolicy", "Delete, Retain, Snapshot"),
        ] {
            if let Some(v) = resource.get(attr).and_then(Node::as_str) {
                if !allowed.split(", ").any(|a| a == v) {
                    let pos = resource.get(attr).map_or(key.pos, |n| n.pos);
                    self.push(
                        pos,
                        Rule::PolicyValue,
                        [attr.to_string(), v.to_string(), allowed.to_string()],
                    );
                }
            }
        }
        if let Some(deps) = resource.get("DependsOn") {
            let targets: Vec<&Node> = match &deps.value {
                Value::Seq(items) => items.iter().collect(),
                _ => vec![deps],
            };
            for target in targets {
                match target.as_str() {
                    Some(t) if self.resources.contains_key(t) => {}
                    Some(t) => self.push(target.pos, Rule::DependsOnUndefined, [t.to_string()]),
                    None => self.shape(target, &format!("{name}.DependsOn"), "logical-id"),
                }
            }
        }
        let ty = match resource.get("Type") {
            None => {
                self.push(key.pos, Rule::ResourceTypeMissing, [name.to_string()]);
                None
            }
            Some(t) => t.as_str().map(|s| (s.to_string(), t.pos)),
        };
        let locals = BTreeSet::new();
        if let Some(props) = resource.get("Properties") {
            self.values(props, Place::Resources, &locals);
        }
        if let Some(meta) = resource.get("Metadata") {
            self.values(meta, Place::Resources, &locals);
        }
        let Some((ty, ty_pos)) = ty else {
            return;
        };
        if self.preprocessed.is_some() {
            return;
        }
        if ty.starts_with("Custom::") || ty == "AWS::CloudFormation::CustomResource" {
            return;
        }
        if self.sam && ty.starts_with("AWS::Serverless::") {
            return;
        }
        if ty.matches("::").count() == 3 && ty.ends_with("::MODULE") {
            return;
        }
        let Some(schema) = self.schemas.get(&ty) else {
            let aws = ty.starts_with("AWS::") || ty.starts_with("Alexa::");
            if aws && !self.schemas.is_empty() {
                let near = self.schemas.near(&ty).join(", ");
                self.push(
                    ty_pos,
                    Rule::ResourceType,
                    [name.to_string(), ty.clone(), near],
                );
            } else if !aws {
                self.push(ty_pos, Rule::NotChecked, [ty.clone(), "registry".into()]);
            }
            return;
        };
        match resource.get("Properties") {
            None => {
                for required in &schema.required {
                    self.push(
                        key.pos,
                        Rule::PropertyRequired,
                        [name.to_string(), required.clone()],
                    );
                }
            }
            Some(props) => {
                if call(props).is_none() {
                    let shape = Shape {
                        properties: Some(schema.properties.clone()),
                        required: schema.required.clone(),
                        open: schema.open,
                        ..Shape::default()
                    };
                    self.object(props, &shape, schema, &format!("{name}.Properties"), &ty);
                }
            }
        }
    }

    /// Checks a value against a property shape.
    fn property(
        &mut self,
        node: &Node,
        shape: &Shape,
        schema: &ResourceType,
        path: &str,
        ty: &str,
        depth: usize,
    ) {
        if depth > 30 || call(node).is_some() {
            return;
        }
        // A local path that `aws cloudformation package` uploads and replaces.
        if matches!(node.value, Value::Str(_))
            && PACKAGED
                .iter()
                .any(|(t, p)| *t == ty && path.ends_with(&format!(".Properties.{p}")))
        {
            return;
        }
        let resolved;
        let shape = match &shape.definition {
            Some(d) => match schema.definitions.get(d) {
                Some(def) => {
                    resolved = def.clone();
                    &resolved
                }
                None => return,
            },
            None => shape,
        };
        let kinds = shape.kinds();
        let object_like = shape.properties.is_some();
        if kinds.is_empty() && !object_like {
            return;
        }
        let fits = |k: &Kind| match (k, &node.value) {
            (Kind::Any, _) => true,
            (Kind::String, Value::Str(_) | Value::Number(..) | Value::Bool(_)) => true,
            (Kind::Integer | Kind::Number, Value::Number(..)) => true,
            (Kind::Integer | Kind::Number, Value::Str(s)) => s.trim().parse::<f64>().is_ok(),
            (Kind::Boolean, Value::Bool(_)) => true,
            (Kind::Boolean, Value::Str(s)) => {
                matches!(s.as_str(), "true" | "false" | "True" | "False")
            }
            (Kind::Object, Value::Map(_)) => true,
            (Kind::Array, Value::Seq(_)) => true,
            _ => false,
        };
        if !kinds.is_empty() && !kinds.iter().any(fits) {
            if matches!(node.value, Value::Null) {
                return;
            }
            let expected = kinds
                .iter()
                .map(|k| kind_name(*k))
                .collect::<Vec<_>>()
                .join("|");
            self.push(
                node.pos,
                Rule::PropertyType,
                [path.to_string(), expected, node.kind().to_string()],
            );
            return;
        }
        if let (Some(allowed), Some(text)) = (&shape.allowed, node.as_str()) {
            let texts: Vec<String> = allowed.iter().map(|a| a.text()).collect();
            if !texts.iter().any(|a| a == text) && !texts.is_empty() {
                self.push(
                    node.pos,
                    Rule::PropertyValue,
                    [path.to_string(), text.to_string(), texts.join(", ")],
                );
            }
        }
        match &node.value {
            Value::Seq(items) => {
                if let Some(item_shape) = &shape.items {
                    for (i, item) in items.iter().enumerate() {
                        self.property(
                            item,
                            item_shape,
                            schema,
                            &format!("{path}[{i}]"),
                            ty,
                            depth + 1,
                        );
                    }
                }
            }
            Value::Map(_) if object_like => self.object(node, shape, schema, path, ty),
            _ => {}
        }
    }

    /// Checks a mapping against an object shape: unknown and required properties, then each
    /// property's value.
    fn object(&mut self, node: &Node, shape: &Shape, schema: &ResourceType, path: &str, ty: &str) {
        let Some(entries) = node.as_map() else {
            let found = node.kind().to_string();
            self.push(
                node.pos,
                Rule::PropertyType,
                [path.to_string(), "object".into(), found],
            );
            return;
        };
        let empty = BTreeMap::new();
        let properties = shape.properties.as_ref().unwrap_or(&empty);
        for (key, value) in entries {
            let child = format!("{path}.{}", key.name);
            match properties.get(&key.name) {
                Some(s) => self.property(value, s, schema, &child, ty, path.matches('.').count()),
                None if shape.open == 0 && !key.name.starts_with("Fn::") => {
                    let near = near(&key.name, properties.keys().map(String::as_str));
                    self.push(
                        key.pos,
                        Rule::PropertyUnknown,
                        [child, ty.to_string(), near],
                    );
                }
                None => {}
            }
        }
        let has_if = entries.iter().any(|(k, _)| k.name.starts_with("Fn::"));
        if !has_if {
            for required in &shape.required {
                if !entries.iter().any(|(k, _)| &k.name == required) {
                    self.push(
                        node.pos,
                        Rule::PropertyRequired,
                        [path.to_string(), required.clone()],
                    );
                }
            }
        }
    }

    fn outputs_section(&mut self) {
        let Some(entries) = self.section("Outputs") else {
            return;
        };
        self.names("Outputs", entries, MAX_OUTPUTS);
        let mut exports: HashMap<String, Pos> = HashMap::new();
        for (key, output) in entries {
            if self.language_extensions && key.name.starts_with("Fn::ForEach::") {
                continue;
            }
            let Some(_) = output.as_map() else {
                self.shape(output, &key.name, "mapping");
                continue;
            };
            if output.get("Value").is_none() {
                self.push(key.pos, Rule::OutputValue, [key.name.clone()]);
            }
            if let Some(c) = output.get("Condition").and_then(Node::as_str) {
                if !self.conditions.contains(c) {
                    let pos = output.get("Condition").map_or(key.pos, |n| n.pos);
                    self.push(pos, Rule::ConditionUndefined, [c.to_string()]);
                }
            }
            self.values(output, Place::Outputs, &BTreeSet::new());
            if let Some(name) = output.get("Export").and_then(|e| e.get("Name")) {
                let text = match call(name) {
                    None => name.as_str().map(str::to_string),
                    Some(c) if c.name == "Fn::Sub" => c.as_str().map(|s| format!("Sub:{s}")),
                    Some(_) => None,
                };
                if let Some(text) = text {
                    if exports.insert(text.clone(), name.pos).is_some() {
                        let shown = text.trim_start_matches("Sub:").to_string();
                        self.push(name.pos, Rule::ExportDuplicate, [shown]);
                    }
                }
            }
        }
    }

    /// Walks a value, checking every intrinsic function in it.
    fn values(&mut self, node: &Node, place: Place, locals: &BTreeSet<String>) {
        if let Some(c) = call(node) {
            self.function(&c, place, locals);
            return;
        }
        match &node.value {
            Value::Map(entries) => {
                for (_, v) in entries {
                    self.values(v, place, locals);
                }
            }
            Value::Seq(items) => {
                for item in items {
                    self.values(item, place, locals);
                }
            }
            _ => {}
        }
    }

    /// Checks one function call and its arguments, then what the arguments contain.
    fn function(&mut self, c: &Call<'_>, place: Place, locals: &BTreeSet<String>) {
        let name = c.name.as_str();
        if !FUNCTIONS.contains(&name) {
            if self.preprocessed.is_none() {
                self.push(c.pos, Rule::FunctionUnknown, [name.to_string()]);
            }
            return;
        }
        let wrong = |this: &mut Checker<'_>, _: &str| {
            this.push(c.pos, Rule::FunctionArguments, [name.to_string()]);
        };
        let args: Vec<&Node> = match c.items() {
            Some(items) => items.iter().collect(),
            None => Vec::new(),
        };
        match name {
            "Ref" => match c.as_str() {
                None if self.language_extensions => {}
                None => wrong(self, "a logical ID or pseudo parameter name"),
                Some(target) => self.reference(target, c.pos, place, locals),
            },
            "Condition" => match c.as_str() {
                Some(n) if self.conditions.contains(n) => {}
                Some(n) => self.push(c.pos, Rule::ConditionUndefined, [n.to_string()]),
                None => wrong(self, "a condition name"),
            },
            "Fn::GetAtt" => self.get_att(c, place),
            "Fn::Sub" => self.sub(c, place, locals),
            "Fn::Join"
                if args.len() != 2 || args[0].as_str().is_none() && call(args[0]).is_none() =>
            {
                wrong(self, "a delimiter and a list of values");
            }
            "Fn::Select" if args.len() != 2 => {
                wrong(self, "an index and a list");
            }
            "Fn::Split" if args.len() != 2 => {
                wrong(self, "a delimiter and a string");
            }
            "Fn::FindInMap" => {
                let three = args.len() == 3 || (self.language_extensions && args.len() == 4);
                if !three {
                    wrong(
                        self,
                        "a mapping name, a top-level key and a second-level key",
                    );
                } else if let (Some(map), None) = (args[0].as_str(), call(args[0])) {
                    if !self.mappings.contains(map) {
                        self.push(args[0].pos, Rule::MappingUndefined, [map.to_string()]);
                    }
                }
            }
            "Fn::Cidr" if args.len() != 3 => {
                wrong(self, "an address block, a count and the subnet mask's bits");
            }
            "Fn::Equals" if args.len() != 2 => {
                wrong(self, "two values to compare");
            }
            "Fn::And" | "Fn::Or" if !(2..=10).contains(&args.len()) => {
                wrong(self, "2 to 10 conditions");
            }
            "Fn::Not" if args.len() != 1 => {
                wrong(self, "one condition in a list");
            }
            "Fn::If" => {
                if args.len() != 3 {
                    wrong(
                        self,
                        "a condition name, a value if true and a value if false",
                    );
                } else {
                    match args[0].as_str() {
                        Some(n) if self.conditions.contains(n) => {}
                        Some(n) => {
                            self.push(args[0].pos, Rule::ConditionUndefined, [n.to_string()])
                        }
                        None => wrong(
                            self,
                            "a condition name, a value if true and a value if false",
                        ),
                    }
                }
            }
            "Fn::Length" | "Fn::ToJsonString" | "Fn::ForEach" if !self.language_extensions => {
                self.push(
                    c.pos,
                    Rule::FunctionNotAllowed,
                    [name.to_string(), "language-extensions".into()],
                );
            }
            _ => {}
        }
        if place == Place::Conditions && matches!(name, "Fn::GetAtt" | "Fn::ImportValue") {
            self.push(
                c.pos,
                Rule::FunctionNotAllowed,
                [name.to_string(), "Conditions".into()],
            );
        }
        // The arguments may themselves call functions.
        let children: Vec<&Node> = match &c.arg.value {
            Value::Seq(items) => items.iter().collect(),
            Value::Map(entries) if c.tagged => entries.iter().map(|(_, v)| v).collect(),
            Value::Map(_) => vec![c.arg],
            _ => Vec::new(),
        };
        for child in children {
            self.values(child, place, locals);
        }
    }

    /// A `Ref` target.
    fn reference(&mut self, target: &str, pos: Pos, place: Place, locals: &BTreeSet<String>) {
        if self.parameters.contains(target)
            || PSEUDO_PARAMETERS.contains(&target)
            || locals.contains(target)
        {
            return;
        }
        if self.resources.contains_key(target) {
            if place == Place::Conditions {
                self.push(pos, Rule::RefResourceInCondition, [target.to_string()]);
            }
            return;
        }
        if self.language_extensions || self.open_names {
            return; // Fn::ForEach identifiers, modules' and transforms' resources are not tracked.
        }
        let known = self
            .parameters
            .iter()
            .chain(self.resources.keys())
            .map(String::as_str)
            .chain(PSEUDO_PARAMETERS.iter().copied());
        let near = near(target, known);
        self.push(pos, Rule::RefUndefined, [target.to_string(), near]);
    }

    fn get_att(&mut self, c: &Call<'_>, place: Place) {
        let (resource, attribute, pos) = match c.value() {
            Value::Str(s) => match s.split_once('.') {
                Some((r, a)) => (r.to_string(), Some(a.to_string()), c.pos),
                None => {
                    self.push(c.pos, Rule::FunctionArguments, [c.name.clone()]);
                    return;
                }
            },
            Value::Seq(items) if items.len() == 2 => match items[0].as_str() {
                Some(r) => (
                    r.to_string(),
                    items[1].as_str().map(str::to_string),
                    items[0].pos,
                ),
                None => {
                    self.push(c.pos, Rule::FunctionArguments, [c.name.clone()]);
                    return;
                }
            },
            _ => {
                self.push(c.pos, Rule::FunctionArguments, [c.name.clone()]);
                return;
            }
        };
        if place == Place::Conditions {
            return;
        }
        let Some(ty) = self.resources.get(&resource) else {
            if !self.language_extensions && !self.open_names {
                self.push(pos, Rule::GetAttResource, [resource]);
            }
            return;
        };
        let (Some(ty), Some(attribute)) = (ty.clone(), attribute) else {
            return;
        };
        if (ty == "AWS::CloudFormation::Stack" && attribute.starts_with("Outputs."))
            || ty.starts_with("Custom::")
            || ty == "AWS::CloudFormation::CustomResource"
        {
            return;
        }
        let Some(schema) = self.schemas.get(&ty) else {
            return;
        };
        // Attributes are the read-only properties; some types also return writable ones
        // (an EC2 instance's AvailabilityZone), so any property of the type is accepted.
        let property = attribute.split('.').next().unwrap_or(&attribute);
        if schema.read_only.is_empty()
            || schema.has_attribute(&attribute)
            || schema.properties.contains_key(property)
        {
            return;
        }
        // Attributes of nested read-only objects (`Endpoint.Address`) and map-valued ones.
        if schema
            .attributes()
            .any(|a| attribute.starts_with(&format!("{a}.")))
        {
            return;
        }
        let near = near(
            &attribute,
            schema
                .attributes()
                .collect::<Vec<_>>()
                .iter()
                .map(String::as_str),
        );
        self.push(pos, Rule::GetAttAttribute, [resource, attribute, ty, near]);
    }

    fn sub(&mut self, c: &Call<'_>, place: Place, locals: &BTreeSet<String>) {
        if !c.tagged && call(c.arg).is_some() {
            return; // Its string comes from another function (Fn::Transform).
        }
        let (text, pos, vars) = match c.value() {
            Value::Str(s) => (s.clone(), c.pos, BTreeSet::new()),
            Value::Seq(items) if items.len() == 2 => {
                let Some(s) = items[0].as_str() else {
                    self.push(c.pos, Rule::FunctionArguments, [c.name.clone()]);
                    return;
                };
                let vars: BTreeSet<String> = items[1]
                    .as_map()
                    .map(|m| m.iter().map(|(k, _)| k.name.clone()).collect())
                    .unwrap_or_default();
                (s.to_string(), items[0].pos, vars)
            }
            _ => {
                self.push(c.pos, Rule::FunctionArguments, [c.name.clone()]);
                return;
            }
        };
        for var in sub_variables(&text) {
            if vars.contains(&var) || locals.contains(&var) {
                continue;
            }
            let defined = match var.split_once('.') {
                Some((r, _)) => self.resources.contains_key(r),
                None => {
                    self.parameters.contains(&var)
                        || self.resources.contains_key(&var)
                        || PSEUDO_PARAMETERS.contains(&var.as_str())
                }
            };
            if !defined && !self.language_extensions && !self.open_names {
                self.push(pos, Rule::SubVariable, [var]);
            }
        }
        let _ = place;
    }

    /// The dependency graph's cycles.
    fn dependencies(&mut self) {
        let Some(entries) = self.root.get("Resources").and_then(Node::as_map) else {
            return;
        };
        let graph = Graph::of(entries, &self.resources);
        for cycle in cycles(&graph) {
            let first = &cycle[0];
            let pos = entries
                .iter()
                .find(|(k, _)| &k.name == first)
                .map_or(self.root.pos, |(k, _)| k.pos);
            let mut shown = cycle.clone();
            shown.push(first.clone());
            self.push(pos, Rule::Cycle, [shown.join(" → ")]);
        }
    }
}

/// Where another tool's directive sits (`Fn::Transform`, Rain's `Rain::Embed`…), if any:
/// its position, name and the tool.
fn preprocessor(node: &Node) -> Option<(Pos, String, &'static str)> {
    if let Some(tag) = &node.tag {
        if tag.starts_with("Rain::") {
            return Some((node.pos, tag.clone(), "rain"));
        }
        if tag == "Transform" {
            return Some((node.pos, "Fn::Transform".into(), "macro"));
        }
    }
    match &node.value {
        Value::Map(entries) => entries.iter().find_map(|(k, v)| {
            if k.name.starts_with("Rain::") || k.name.starts_with("Fn::Rain::") {
                Some((k.pos, k.name.clone(), "rain"))
            } else if k.name == "Fn::Transform" {
                Some((k.pos, k.name.clone(), "macro"))
            } else {
                preprocessor(v)
            }
        }),
        Value::Seq(items) => items.iter().find_map(preprocessor),
        _ => None,
    }
}

/// Whether a parameter type is one CloudFormation accepts.
fn parameter_type(ty: &str) -> bool {
    let plain = |t: &str| AWS_PARAMETER_TYPES.contains(&t);
    let list = |t: &str| {
        t.strip_prefix("List<")
            .and_then(|r| r.strip_suffix('>'))
            .is_some_and(|inner| inner == "Number" || inner == "String" || plain(inner))
    };
    match ty {
        "String" | "Number" | "CommaDelimitedList" | "AWS::SSM::Parameter::Name" => true,
        _ if plain(ty) || list(ty) => true,
        _ => match ty
            .strip_prefix("AWS::SSM::Parameter::Value<")
            .and_then(|r| r.strip_suffix('>'))
        {
            Some(inner) => {
                inner == "String"
                    || inner == "CommaDelimitedList"
                    || inner == "List<String>"
                    || plain(inner)
                    || list(inner)
            }
            None => false,
        },
    }
}

/// The `${Name}` variables of a `Fn::Sub` string (`${!Literal}` is not one).
pub fn sub_variables(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            break;
        };
        let var = after[..end].trim();
        if !var.starts_with('!') && !var.is_empty() {
            out.push(var.to_string());
        }
        rest = &after[end + 1..];
    }
    out
}

/// Up to three names close to `name`, joined with ", " (empty when none is close).
fn near<'n>(name: &str, names: impl Iterator<Item = &'n str>) -> String {
    let lower = name.to_ascii_lowercase();
    let mut scored: Vec<(usize, &str)> = names
        .map(|n| (distance(&lower, &n.to_ascii_lowercase()), n))
        .filter(|(d, n)| *d <= 2.max(n.len() / 4))
        .collect();
    scored.sort();
    scored.dedup();
    scored
        .into_iter()
        .take(3)
        .map(|(_, n)| n)
        .collect::<Vec<_>>()
        .join(", ")
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::String => "string",
        Kind::Integer => "integer",
        Kind::Number => "number",
        Kind::Boolean => "boolean",
        Kind::Object => "object",
        Kind::Array => "list",
        Kind::Any => "any",
    }
}
