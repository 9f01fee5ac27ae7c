//! CloudFormation findings in words: each rule of `engine::cfn` with its message in every
//! language, and the one-line form tools print (`file:line:column: error: message [rule-id]`).
use engine::cfn::{Diagnostic, Rule};

use crate::finding::kind;
use crate::lang::{Lang, T};

/// A finding's message in `lang`, its values filled in.
pub fn message(d: &Diagnostic, lang: Lang) -> String {
    let arg = |i: usize| d.args.get(i).map(String::as_str).unwrap_or("");
    let kinds = |i: usize| {
        arg(i)
            .split('|')
            .map(|k| kind(k).get(lang))
            .collect::<Vec<_>>()
            .join(or(lang))
    };
    let near = |i: usize| crate::finding::near(arg(i), lang);
    let (template, extra): (T, String) = match d.rule {
        Rule::Syntax => (t!("not valid YAML or JSON: {a}", "không phải YAML hay JSON hợp lệ: {a}"), String::new()),
        Rule::NotATemplate => (t!("a template is a mapping of sections (Resources, Parameters…), not {k}", "một template là một mapping gồm các section (Resources, Parameters…), không phải {k}"), String::new()),
        Rule::TemplateTooLarge => (t!("the template is {a} bytes: the maximum size of a template body that you can pass in an Amazon S3 object is 1 MB", "template có {a} byte: kích thước tối đa của template body truyền qua một object Amazon S3 là 1 MB"), String::new()),
        Rule::RequestBodyTooLarge => (t!("the template is {a} bytes: the maximum size of a template body that you can pass in a CreateStack, UpdateStack, or ValidateTemplate request is 51,200 bytes; upload it to an Amazon S3 bucket", "template có {a} byte: kích thước tối đa của template body truyền trong một request CreateStack, UpdateStack hoặc ValidateTemplate là 51.200 byte; hãy tải nó lên một bucket Amazon S3"), String::new()),
        Rule::DuplicateKey => (t!("\"{a}\" is written twice in this mapping", "\"{a}\" được viết hai lần trong mapping này"), String::new()),
        Rule::UnknownSection => (t!("\"{a}\" is not a template section", "\"{a}\" không phải là một section của template"), near(1)),
        Rule::FormatVersion => (t!("AWSTemplateFormatVersion must be \"2010-09-09\", not \"{a}\"", "AWSTemplateFormatVersion phải là \"2010-09-09\", không phải \"{a}\""), String::new()),
        Rule::DescriptionTooLong => (t!("the description is {a} bytes: the maximum size of a template description is 1,024 bytes", "phần mô tả có {a} byte: kích thước tối đa của template description là 1.024 byte"), String::new()),
        Rule::NoResources => (t!("a template needs a Resources section with at least one resource", "một template cần section Resources có ít nhất một resource"), String::new()),
        Rule::TooMany => match arg(0) {
            "mapping-keys" => (t!("mapping {d} has {b} keys: the maximum number of mapping attributes for each mapping is {c}", "mapping {d} có {b} khóa: số mapping attribute tối đa cho mỗi mapping là {c}"), String::new()),
            "mapping-attributes" => (t!("{d} has {b} attributes: the maximum number of mapping attributes for each mapping is {c}", "{d} có {b} attribute: số mapping attribute tối đa cho mỗi mapping là {c}"), String::new()),
            _ => (t!("{a}: {b}, but the maximum number you can declare in your CloudFormation template is {c}", "{a}: {b}, nhưng số tối đa bạn có thể khai báo trong template CloudFormation là {c}"), String::new()),
        },
        Rule::NameTooLong => (t!("\"{a}\" is longer than 255 characters, the maximum size of a name", "\"{a}\" dài hơn 255 ký tự, kích thước tối đa của một tên"), String::new()),
        Rule::LogicalId => (t!("the logical ID \"{a}\" must be alphanumeric (A-Za-z0-9)", "logical ID \"{a}\" chỉ được chứa chữ và số (A-Za-z0-9)"), String::new()),
        Rule::SectionShape => (t!("{a} must be {e}, not {f}", "{a} phải là {e}, không phải {f}"), String::new()),
        Rule::ParameterType => (t!("parameter {a} has no valid Type (\"{b}\"): use String, Number, List<Number>, CommaDelimitedList, an AWS-specific type or an SSM parameter type", "parameter {a} không có Type hợp lệ (\"{b}\"): hãy dùng String, Number, List<Number>, CommaDelimitedList, một kiểu dành riêng cho AWS hoặc một kiểu SSM parameter"), String::new()),
        Rule::ParameterKey => (t!("parameter {a} has an unknown key \"{b}\"", "parameter {a} có khóa không xác định \"{b}\""), String::new()),
        Rule::ParameterDefault => (t!("the Default \"{b}\" of parameter {a} breaks its own {c}", "Default \"{b}\" của parameter {a} vi phạm chính {c} của nó"), String::new()),
        Rule::ResourceKey => (t!("resource {a} has an unknown attribute \"{b}\"", "resource {a} có thuộc tính không xác định \"{b}\""), near(2)),
        Rule::ResourceTypeMissing => (t!("resource {a} has no Type", "resource {a} không có Type"), String::new()),
        Rule::ResourceType => (t!("resource {a}: \"{b}\" is not a resource type CloudFormation knows", "resource {a}: \"{b}\" không phải là resource type mà CloudFormation biết"), near(2)),
        Rule::PropertyUnknown => (t!("{a} is not a property of {b}", "{a} không phải là property của {b}"), near(2)),
        Rule::PropertyRequired => (t!("{a} needs the required property {b}", "{a} thiếu property bắt buộc {b}"), String::new()),
        Rule::PropertyType => (t!("{a} must be {e}, not {f}", "{a} phải là {e}, không phải {f}"), String::new()),
        Rule::PropertyValue => (t!("{a} is \"{b}\", which is not one of its allowed values: {c}", "{a} là \"{b}\", không nằm trong các giá trị được phép: {c}"), String::new()),
        Rule::RefUndefined => (t!("Ref to \"{a}\": no parameter, resource or pseudo parameter has that name", "Ref tới \"{a}\": không có parameter, resource hay pseudo parameter nào tên như vậy"), near(1)),
        Rule::RefResourceInCondition => (t!("conditions can refer to parameters, not to resource {a}", "condition chỉ có thể tham chiếu parameter, không phải resource {a}"), String::new()),
        Rule::GetAttResource => (t!("Fn::GetAtt of \"{a}\": no resource has that logical ID", "Fn::GetAtt tới \"{a}\": không có resource nào có logical ID đó"), String::new()),
        Rule::GetAttAttribute => (t!("Fn::GetAtt: {c} has no attribute \"{b}\" (resource {a})", "Fn::GetAtt: {c} không có attribute \"{b}\" (resource {a})"), near(3)),
        Rule::SubVariable => (t!("Fn::Sub: {v} is not a parameter, resource, resource attribute or pseudo parameter, nor a variable of this Fn::Sub", "Fn::Sub: {v} không phải parameter, resource, attribute của resource hay pseudo parameter, cũng không phải biến của Fn::Sub này"), String::new()),
        Rule::ConditionUndefined => (t!("condition \"{a}\" is not defined in Conditions", "condition \"{a}\" chưa được định nghĩa trong Conditions"), String::new()),
        Rule::MappingUndefined => (t!("Fn::FindInMap: mapping \"{a}\" is not defined in Mappings", "Fn::FindInMap: mapping \"{a}\" chưa được định nghĩa trong Mappings"), String::new()),
        Rule::DependsOnUndefined => (t!("DependsOn \"{a}\": no resource has that logical ID", "DependsOn \"{a}\": không có resource nào có logical ID đó"), String::new()),
        Rule::Cycle => (t!("circular dependency: {a}", "phụ thuộc vòng tròn: {a}"), String::new()),
        Rule::FunctionArguments => (t!("{a} takes {t}", "{a} nhận {t}"), String::new()),
        Rule::FunctionUnknown => (t!("\"{a}\" is not an intrinsic function", "\"{a}\" không phải là một intrinsic function"), String::new()),
        Rule::FunctionNotAllowed if arg(1) == "language-extensions" => (t!("{a} needs Transform: AWS::LanguageExtensions", "{a} cần Transform: AWS::LanguageExtensions"), String::new()),
        Rule::FunctionNotAllowed => (t!("{a} cannot be used in {b}", "không dùng được {a} trong {b}"), String::new()),
        Rule::OutputValue => (t!("output {a} has no Value", "output {a} không có Value"), String::new()),
        Rule::ExportDuplicate => (t!("the export name \"{a}\" is used by two outputs: export names must be unique in a Region", "tên export \"{a}\" được hai output dùng: tên export phải là duy nhất trong một Region"), String::new()),
        Rule::PolicyValue => (t!("{a} \"{b}\" is not one of {c}", "{a} \"{b}\" không phải là một trong {c}"), String::new()),
        Rule::NotChecked => match arg(1) {
            "sam" => (t!("{a}: AWS::Serverless resources and Globals are not checked, only what stays plain CloudFormation", "{a}: các resource AWS::Serverless và Globals không được kiểm tra, chỉ phần vẫn là CloudFormation thông thường"), String::new()),
            "foreach" => (t!("{a}: Fn::ForEach loops are not expanded, so what they make is not checked", "{a}: vòng lặp Fn::ForEach không được mở rộng, nên các resource nó tạo ra không được kiểm tra"), String::new()),
            "macro" => (t!("{a}: a macro rewrites this template before CloudFormation reads it, so only its structure is checked", "{a}: một macro viết lại template này trước khi CloudFormation đọc nó, nên chỉ cấu trúc được kiểm tra"), String::new()),
            "rain" => (t!("{a}: a Rain directive, which `rain pkg` replaces before deployment, so only the template's structure is checked", "{a}: một chỉ thị của Rain, được `rain pkg` thay thế trước khi triển khai, nên chỉ cấu trúc của template được kiểm tra"), String::new()),
            "registry" => (t!("{a} is not an AWS resource type: a type from the CloudFormation registry must be registered in the account and Region, and its properties are not checked", "{a} không phải resource type của AWS: một type trong CloudFormation registry phải được đăng ký trong account và Region, và các property của nó không được kiểm tra"), String::new()),
            _ => (t!("the {a} section is not checked", "section {a} không được kiểm tra"), String::new()),
        },
    };
    let text = template.fill(
        lang,
        &[
            ("a", &arg(0)),
            ("b", &arg(1)),
            ("c", &arg(2)),
            ("d", &arg(3)),
            ("e", &kinds(1)),
            ("f", &kinds(2)),
            ("k", &kinds(0)),
            ("v", &format!("${{{}}}", arg(0))),
            ("t", &takes(arg(0)).get(lang)),
        ],
    );
    format!("{text}{extra}")
}

fn or(lang: Lang) -> &'static str {
    t!(" or ", " hoặc ").get(lang)
}

/// What an intrinsic function takes, in words.
fn takes(function: &str) -> T {
    match function {
        "Ref" => t!(
            "a logical ID or a pseudo parameter's name",
            "một logical ID hoặc tên của một pseudo parameter"
        ),
        "Condition" => t!("a condition's name", "tên của một condition"),
        "Fn::GetAtt" => t!(
            "a logical ID and an attribute name",
            "một logical ID và tên một attribute"
        ),
        "Fn::Sub" => t!(
            "a string, or a string and a mapping of variables",
            "một chuỗi, hoặc một chuỗi và một mapping các biến"
        ),
        "Fn::Join" => t!(
            "a delimiter and a list of values",
            "một ký tự phân tách và một danh sách giá trị"
        ),
        "Fn::Select" => t!("an index and a list", "một chỉ số và một danh sách"),
        "Fn::Split" => t!(
            "a delimiter and a string",
            "một ký tự phân tách và một chuỗi"
        ),
        "Fn::FindInMap" => t!(
            "a mapping's name, a top-level key and a second-level key",
            "tên một mapping, một khóa cấp một và một khóa cấp hai"
        ),
        "Fn::Cidr" => t!(
            "an address block, a count and the number of subnet bits",
            "một dải địa chỉ, số lượng và số bit của subnet"
        ),
        "Fn::Equals" => t!("two values to compare", "hai giá trị để so sánh"),
        "Fn::And" | "Fn::Or" => t!("2 to 10 conditions", "từ 2 đến 10 condition"),
        "Fn::Not" => t!(
            "one condition, in a list",
            "một condition, trong một danh sách"
        ),
        "Fn::If" => t!(
            "a condition's name, a value if true and a value if false",
            "tên một condition, giá trị khi đúng và giá trị khi sai"
        ),
        _ => t!("other arguments", "các đối số khác"),
    }
}

/// The resource knowledge, once loaded: the worker installs the file it downloaded
/// ([`install_schemas`]); native builds (feature `files`) use the copy embedded in the engine.
static SCHEMAS: std::sync::OnceLock<engine::cfn::Schemas> = std::sync::OnceLock::new();

/// Keeps the resource knowledge for the page's life (the first one installed stays).
pub fn install_schemas(schemas: engine::cfn::Schemas) -> &'static engine::cfn::Schemas {
    SCHEMAS.get_or_init(|| schemas)
}

/// The resource knowledge, when loaded.
pub fn schemas() -> Option<&'static engine::cfn::Schemas> {
    #[cfg(feature = "files")]
    {
        SCHEMAS
            .get_or_init(|| {
                engine::cfn::Schemas::from_json(engine::cfn::SCHEMAS_JSON)
                    .unwrap_or_else(|e| panic!("the embedded resource knowledge loads: {e}"))
            })
            .into()
    }
    #[cfg(not(feature = "files"))]
    SCHEMAS.get()
}

/// The one-line form: `file:line:column: error: message [rule-id]`.
pub fn line(file: &str, d: &Diagnostic, lang: Lang) -> String {
    let at = (d.pos.line, d.pos.col);
    crate::finding::line(
        file,
        at,
        d.severity().name(),
        &message(d, lang),
        d.rule.id(),
    )
}

/// An event's status reason as the CloudFormation console shows it. AWS's own reasons stay
/// in AWS's (English) words, as the console writes them in every language; the reasons this
/// app adds (a lab's injected failure, a template it cannot resolve) are in `lang`.
pub fn reason(r: &engine::cfn::stack::Reason, lang: Lang) -> String {
    use engine::cfn::stack::{Operation, Reason};
    let verb = |o: &Operation| match o {
        Operation::Create => "create",
        Operation::Update => "update",
        Operation::Delete => "delete",
    };
    match r {
        Reason::UserInitiated => "User Initiated".into(),
        Reason::CreationInitiated => "Resource creation Initiated".into(),
        Reason::InjectedFailure => t!(
            "Resource handler returned a failure (injected by the lab)",
            "Resource handler trả về lỗi (do bài lab cố ý gây ra)"
        )
        .get(lang)
        .into(),
        Reason::Cancelled(o) => match o {
            Operation::Create => "Resource creation cancelled".into(),
            Operation::Update => "Resource update cancelled".into(),
            Operation::Delete => "Resource deletion cancelled".into(),
        },
        Reason::ResourcesFailed {
            operation,
            resources,
        } => format!(
            "The following resource(s) failed to {}: [{}].",
            verb(operation),
            resources.join(", ")
        ),
        Reason::RequiresReplacement => {
            "Requested update requires the creation of a new physical resource; hence creating one."
                .into()
        }
        Reason::Resolve(e) => resolve_error(&e.kind, lang),
        Reason::NestedStackFailed { stack, operation } => format!(
            "Embedded stack {stack} was not successfully {}.",
            match operation {
                Operation::Create => "created",
                Operation::Update => "updated",
                Operation::Delete => "deleted",
            }
        ),
        Reason::TemplateNotFound { url } => t!(
            "TemplateURL \"{url}\": no template of this workspace has that name",
            "TemplateURL \"{url}\": không có template nào trong workspace này mang tên đó"
        )
        .fill(lang, &[("url", url)]),
        Reason::Retained => String::new(),
        Reason::Snapshot { snapshot } => t!(
            "deleted after taking snapshot {snapshot} (DeletionPolicy: Snapshot)",
            "đã xóa sau khi tạo snapshot {snapshot} (DeletionPolicy: Snapshot)"
        )
        .fill(lang, &[("snapshot", snapshot)]),
        Reason::StackPolicyDenied { action } => t!(
            "Action {action} denied by the stack policy",
            "Hành động {action} bị stack policy từ chối"
        )
        .fill(lang, &[("action", &action.name())]),
        Reason::ExportInUse {
            export, importers, ..
        } => format!(
            "Export {export} cannot be deleted as it is in use by {}",
            importers.join(" and ")
        ),
        Reason::ExportAlreadyExists { export, stack } => {
            format!("Export with name {export} is already exported by stack {stack}")
        }
    }
}

/// Why a template cannot be evaluated for a stack, in `lang`.
pub fn resolve_error(kind: &engine::cfn::ResolveErrorKind, lang: Lang) -> String {
    use engine::cfn::ResolveErrorKind as K;
    let (template, values): (T, Vec<(&str, String)>) = match kind {
        K::NotATemplate => (t!("the template is not a mapping of sections", "template không phải là một mapping gồm các section"), vec![]),
        K::MissingParameter { name } => (t!("parameter {name} has no value and no Default", "parameter {name} không có giá trị và không có Default"), vec![("name", name.clone())]),
        K::ParameterNotAllowed { name, value } => (t!("\"{value}\" is not one of parameter {name}'s AllowedValues", "\"{value}\" không nằm trong AllowedValues của parameter {name}"), vec![("name", name.clone()), ("value", value.clone())]),
        K::UnknownParameter { name } => (t!("the template declares no parameter {name}", "template không khai báo parameter {name}"), vec![("name", name.clone())]),
        K::UnknownReference { name } => (t!("\"{name}\" is not a parameter, resource or pseudo parameter of this template", "\"{name}\" không phải parameter, resource hay pseudo parameter của template này"), vec![("name", name.clone())]),
        K::UnknownCondition { name } => (t!("condition {name} is not defined", "condition {name} chưa được định nghĩa"), vec![("name", name.clone())]),
        K::ConditionCycle { name } => (t!("condition {name} depends on itself", "condition {name} phụ thuộc vào chính nó"), vec![("name", name.clone())]),
        K::UnknownAttribute { resource, attribute } => (t!("resource {resource} has no attribute {attribute}", "resource {resource} không có attribute {attribute}"), vec![("resource", resource.clone()), ("attribute", attribute.clone())]),
        K::NotCreated { resource } => (t!("resource {resource} is not created (its condition is false, or it is not created yet)", "resource {resource} chưa được tạo (condition của nó là false, hoặc nó chưa được tạo)"), vec![("resource", resource.clone())]),
        K::ExportNotFound { name } => (t!("No export named {name} found.", "Không tìm thấy export nào tên {name}."), vec![("name", name.clone())]),
        K::MappingKeyNotFound { map, top, second } => (t!("mapping {map} has no key {top}.{second}", "mapping {map} không có khóa {top}.{second}"), vec![("map", map.clone()), ("top", top.clone()), ("second", second.clone())]),
        K::BadArgument { function } => (t!("{function} has arguments it does not take", "{function} có đối số không hợp lệ"), vec![("function", function.clone())]),
        K::IndexOutOfRange { index, len } => (t!("Fn::Select index {index} is past the end of a list of {len}", "chỉ số {index} của Fn::Select vượt quá danh sách có {len} phần tử"), vec![("index", index.to_string()), ("len", len.to_string())]),
        K::BadCidr { block } => (t!("Fn::Cidr cannot divide \"{block}\" that way", "Fn::Cidr không thể chia \"{block}\" theo cách đó"), vec![("block", block.clone())]),
        K::Unsupported { function } => (t!("{function} is not evaluated by this simulator", "trình mô phỏng này không tính {function}"), vec![("function", function.clone())]),
    };
    let refs: Vec<(&str, &dyn std::fmt::Display)> = values
        .iter()
        .map(|(k, v)| (*k, v as &dyn std::fmt::Display))
        .collect();
    template.fill(lang, &refs)
}

/// Why a stack operation was refused, in `lang`.
pub fn op_error(e: &engine::cfn::stack::OpError, lang: Lang) -> String {
    use engine::cfn::stack::OpError as E;
    match e {
        E::StackExists { name } => format!("Stack [{name}] already exists"),
        E::NoSuchStack { name } => format!("Stack with id {name} does not exist"),
        E::NoSuchResource { stack, logical_id } => t!(
            "stack {stack} has no resource {id}",
            "stack {stack} không có resource {id}"
        )
        .fill(lang, &[("stack", stack), ("id", logical_id)]),
        E::Invalid(diagnostics) => {
            let first = diagnostics.first().map(|d| message(d, lang)).unwrap_or_default();
            t!(
                "Template format error: {first} ({count} problem(s) in all)",
                "Lỗi định dạng template: {first} (tổng cộng {count} vấn đề)"
            )
            .fill(lang, &[("first", &first), ("count", &diagnostics.len())])
        }
        E::Resolve(r) => resolve_error(&r.kind, lang),
        E::WrongStatus { status } => format!(
            "Stack is in {} state and can not be updated.",
            status.name()
        ),
        E::NoChanges => "The submitted information didn't contain changes. Submit different information to create a change set.".into(),
        E::StaleChangeSet => t!(
            "the change set was made for an earlier state of the stack: create it again",
            "change set được tạo cho một trạng thái cũ hơn của stack: hãy tạo lại"
        )
        .get(lang)
        .into(),
        E::Policy(p) => {
            use engine::cfn::stack::PolicyError as P;
            match p {
                P::Json(m) => t!("the stack policy is not JSON: {m}", "stack policy không phải là JSON: {m}")
                    .fill(lang, &[("m", m)]),
                P::NoStatement => t!("the stack policy has no Statement list", "stack policy không có danh sách Statement")
                    .get(lang)
                    .into(),
                P::Effect { statement } => t!(
                    "statement {n} of the stack policy has no Effect Allow or Deny",
                    "statement {n} của stack policy không có Effect Allow hoặc Deny"
                )
                .fill(lang, &[("n", &(statement + 1))]),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::cfn::stack::{Cloud, CreateStack, Operation, Reason};
    use engine::cfn::{Schemas, SCHEMAS_JSON};

    #[test]
    fn aws_reasons_keep_aws_words_and_ours_are_translated() {
        let failed = Reason::ResourcesFailed {
            operation: Operation::Create,
            resources: vec!["Db".into(), "Cache".into()],
        };
        for lang in [Lang::En, Lang::Vi] {
            assert_eq!(
                reason(&failed, lang),
                "The following resource(s) failed to create: [Db, Cache]."
            );
        }
        let in_use = Reason::ExportInUse {
            export: "VpcId".into(),
            importers: vec!["app".into()],
            operation: Operation::Delete,
        };
        assert_eq!(
            reason(&in_use, Lang::En),
            "Export VpcId cannot be deleted as it is in use by app"
        );
        assert_ne!(
            reason(&Reason::InjectedFailure, Lang::En),
            reason(&Reason::InjectedFailure, Lang::Vi)
        );
    }

    #[test]
    fn refused_operations_say_why() {
        let schemas = Schemas::from_json(SCHEMAS_JSON).unwrap();
        let mut cloud = Cloud::new(&schemas, "us-east-1", "123456789012", 1);
        let request = CreateStack {
            name: "net".into(),
            template: "Resources:\n  T:\n    Type: AWS::SNS::Topic\n".into(),
            ..CreateStack::default()
        };
        cloud.create_stack(&request).unwrap();
        let again = cloud.create_stack(&request).unwrap_err();
        assert_eq!(op_error(&again, Lang::En), "Stack [net] already exists");
        let broken = CreateStack {
            name: "bad".into(),
            template: "Resources:\n  T:\n    Type: AWS::SNS::Topik\n".into(),
            ..CreateStack::default()
        };
        let e = cloud.create_stack(&broken).unwrap_err();
        let m = op_error(&e, Lang::En);
        assert!(
            m.starts_with("Template format error: resource T: \"AWS::SNS::Topik\""),
            "{m}"
        );
        assert!(op_error(&e, Lang::Vi).starts_with("Lỗi định dạng template"));
    }
}
