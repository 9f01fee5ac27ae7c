//! The validation rules: each has a stable id, a severity, and the values its message needs
//! (the messages are worded by the lab model, in the learner's language).

pub use crate::tree::Severity;
use crate::tree::{rules, Pos};

rules! {
    Syntax = "syntax" Error, "The text is not valid YAML or JSON. Args: the parser's message.";
    NotATemplate = "not-a-template" Error, "The document is not a mapping of template sections. Args: what it is.";
    TemplateTooLarge = "template-size" Error, "Over 1 MB, the most an Amazon S3 template may be. Args: bytes.";
    RequestBodyTooLarge = "template-body-size" Warning, "Over 51,200 bytes, the most a request may carry. Args: bytes.";
    DuplicateKey = "duplicate-key" Error, "A key written twice in one mapping. Args: key.";
    UnknownSection = "unknown-section" Error, "A top-level key that is not a template section. Args: key, near sections.";
    FormatVersion = "format-version" Error, "AWSTemplateFormatVersion other than 2010-09-09. Args: value.";
    DescriptionTooLong = "description-size" Error, "A template description over 1,024 bytes. Args: bytes.";
    NoResources = "resources-missing" Error, "No Resources section, or an empty one.";
    TooMany = "quota" Error, "More than CloudFormation allows of something. Args: what (a section, `mapping-keys` or `mapping-attributes`), count, limit, where.";
    NameTooLong = "name-size" Error, "A name over 255 characters. Args: name.";
    LogicalId = "logical-id" Error, "A logical ID that is not alphanumeric. Args: id.";
    SectionShape = "section-shape" Error, "A section or entry of the wrong kind. Args: where, expected, found (kind codes: `mapping`, `string`, `list`, `number`, `boolean`, `null`, `logical-id`).";
    ParameterType = "parameter-type" Error, "A parameter without a Type, or with an unknown one. Args: parameter, type.";
    ParameterKey = "parameter-key" Error, "An unknown key in a parameter. Args: parameter, key.";
    ParameterDefault = "parameter-default" Error, "A default its own constraints reject. Args: parameter, default, constraint.";
    ResourceKey = "resource-attribute" Error, "An unknown key in a resource. Args: resource, key, near.";
    ResourceTypeMissing = "resource-type-missing" Error, "A resource without a Type. Args: resource.";
    ResourceType = "resource-type" Error, "A resource type CloudFormation does not know. Args: resource, type, near.";
    PropertyUnknown = "property-unknown" Error, "A property the type does not have. Args: path, type, near.";
    PropertyRequired = "property-required" Error, "A required property left out. Args: path, property.";
    PropertyType = "property-type" Error, "A property value of the wrong kind. Args: path, expected kinds joined by `|`, found (kind codes).";
    PropertyValue = "property-value" Error, "A value outside the property's allowed values. Args: path, value, allowed.";
    RefUndefined = "ref-undefined" Error, "Ref to something undefined. Args: name, near.";
    RefResourceInCondition = "condition-ref-resource" Error, "Ref to a resource inside Conditions. Args: name.";
    GetAttResource = "getatt-resource" Error, "Fn::GetAtt of a resource that is not defined. Args: resource.";
    GetAttAttribute = "getatt-attribute" Error, "Fn::GetAtt of an attribute the type does not have. Args: resource, attribute, type, near.";
    SubVariable = "sub-variable" Error, "A ${} variable of Fn::Sub that is not defined. Args: variable.";
    ConditionUndefined = "condition-undefined" Error, "A condition that is not defined. Args: name.";
    MappingUndefined = "mapping-undefined" Error, "Fn::FindInMap of a mapping that is not defined. Args: name.";
    DependsOnUndefined = "dependson-undefined" Error, "DependsOn a resource that is not defined. Args: name.";
    Cycle = "dependency-cycle" Error, "Resources that depend on each other in a circle. Args: the cycle.";
    FunctionArguments = "function-arguments" Error, "An intrinsic function with the wrong arguments. Args: function.";
    FunctionUnknown = "function-unknown" Error, "An intrinsic function that does not exist. Args: name.";
    FunctionNotAllowed = "function-not-allowed" Error, "An intrinsic function where CloudFormation does not take it. Args: function, where (a section, `Resource.Field`, or `language-extensions`: only with that transform).";
    OutputValue = "output-value" Error, "An output without a Value. Args: output.";
    ExportDuplicate = "export-duplicate" Error, "Two outputs exporting the same name. Args: name.";
    PolicyValue = "policy-value" Error, "An unknown DeletionPolicy or UpdateReplacePolicy. Args: attribute, value, allowed.";
    NotChecked = "not-checked" Warning, "Part of the template this engine does not check. Args: what, why (`rules`, `sam`, `foreach`, `registry`, `macro`, `rain`).";
}

/// One finding: a rule, where, and the values its message needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub pos: Pos,
    pub rule: Rule,
    pub args: Vec<String>,
}

impl Diagnostic {
    /// The rule's severity.
    pub fn severity(&self) -> Severity {
        self.rule.severity()
    }
}
