//! Tests of the template engine: parsing with positions, every rule at its line and column,
//! dependency order and cycles, and robustness.

use super::*;
use std::sync::OnceLock;

fn schemas() -> &'static Schemas {
    static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
    SCHEMAS.get_or_init(|| Schemas::from_json(SCHEMAS_JSON).expect("the generated schemas load"))
}

/// `rule-id@line:col` for every finding.
fn found(text: &str) -> Vec<String> {
    validate(text, schemas())
        .diagnostics
        .iter()
        .map(|d| format!("{}@{}:{}", d.rule.id(), d.pos.line, d.pos.col))
        .collect()
}

fn args(text: &str, rule: Rule) -> Vec<Vec<String>> {
    validate(text, schemas())
        .diagnostics
        .into_iter()
        .filter(|d| d.rule == rule)
        .map(|d| d.args)
        .collect()
}

const BUCKET: &str = "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n";

#[test]
fn the_schemas_know_every_published_type() {
    let s = schemas();
    assert!(s.len() > 1_500, "{}", s.len());
    assert!(s.source.contains("cfn-lint 1.58.0"), "{}", s.source);
    let bucket = s.get("AWS::S3::Bucket").unwrap();
    assert!(bucket.create_only.contains(&"BucketName".to_string()));
    assert!(bucket.has_attribute("Arn"));
    let db = s.get("AWS::RDS::DBInstance").unwrap();
    assert!(
        db.create_only.iter().any(|p| p == "DBInstanceIdentifier"),
        "{:?}",
        db.create_only
    );
    assert!(db.has_attribute("Endpoint.Address"), "{:?}", db.read_only);
}

#[test]
fn yaml_keeps_tags_and_positions() {
    let (root, format) =
        parse("Resources:\n  A:\n    Type: !Ref Name\n    X: [1, \"2\", true, ~]\n").unwrap();
    assert_eq!(format, Format::Yaml);
    let a = root.get("Resources").unwrap().get("A").unwrap();
    let ty = a.get("Type").unwrap();
    assert_eq!(ty.tag.as_deref(), Some("Ref"));
    assert_eq!((ty.as_str(), &ty.value), (None, &Value::Str("Name".into())));
    assert_eq!((ty.pos.line, ty.pos.col), (3, 11));
    let x = a.get("X").unwrap().as_seq().unwrap();
    assert!(matches!(x[0].value, Value::Number(n, _) if n == 1.0));
    assert_eq!(x[1].value, Value::Str("2".into()));
    assert_eq!(x[2].value, Value::Bool(true));
    assert_eq!(x[3].value, Value::Null);
    assert_eq!(root.key("Resources").unwrap().pos, Pos { line: 1, col: 1 });
}

#[test]
fn json_is_read_with_positions_and_strict_json_errors() {
    let text = "{\n  \"Resources\": {\n    \"B\": {\"Type\": \"AWS::S3::Bucket\"}\n  }\n}\n";
    let (root, format) = parse(text).unwrap();
    assert_eq!(format, Format::Json);
    let b = root.get("Resources").unwrap().get("B").unwrap();
    assert_eq!(b.get("Type").unwrap().pos.line, 3);
    let err = parse("{\n  \"Resources\": {},\n}\n").unwrap_err();
    assert_eq!((err.pos.line, err.format), (3, Format::Json));
    assert_eq!(err.message, "trailing comma");
    let err = parse("{\"Resources\": [1, 2,]}").unwrap_err();
    assert_eq!((err.pos.line, err.pos.col), (1, 21));
    assert_eq!(err.message, "trailing comma");
}

#[test]
fn syntax_errors_and_non_templates_have_positions() {
    assert_eq!(found("Resources:\n  A: [1, 2\n"), ["syntax@3:1"]);
    assert_eq!(found("- a\n- b\n"), ["not-a-template@1:1"]);
    assert_eq!(found("just text"), ["not-a-template@1:1"]);
    assert_eq!(found("a: 1\n---\nb: 2\n"), ["syntax@2:1"]);
}

#[test]
fn a_valid_template_has_no_findings() {
    let text = r#"AWSTemplateFormatVersion: "2010-09-09"
Description: A bucket and its policy
Parameters:
  Env:
    Type: String
    AllowedValues: [dev, prod]
    Default: dev
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Mappings:
  Sizes:
    dev: {Count: 1}
    prod: {Count: 3}
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    DeletionPolicy: Retain
    Properties:
      BucketName: !Sub "${AWS::StackName}-${Env}-data"
      VersioningConfiguration:
        Status: !If [IsProd, Enabled, Suspended]
      Tags:
        - Key: env
          Value: !Ref Env
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: "*"
            Action: "s3:*"
            Resource: !Sub "${Bucket.Arn}/*"
            Condition: {Bool: {"aws:SecureTransport": false}}
Outputs:
  BucketArn:
    Value: !GetAtt Bucket.Arn
    Export:
      Name: !Sub "${AWS::StackName}-BucketArn"
  Copies:
    Value: !FindInMap [Sizes, !Ref Env, Count]
"#;
    assert_eq!(found(text), Vec::<String>::new());
}

#[test]
fn sections_and_their_keys() {
    let text = "AWSTemplateFormatVersion: 2010-09-10\nResource:\n  A: 1\n";
    assert_eq!(
        found(text),
        [
            "resources-missing@1:1",
            "format-version@1:27",
            "unknown-section@2:1"
        ]
    );
    assert_eq!(
        args(text, Rule::UnknownSection),
        [["Resource", "Resources"]]
    );
    assert_eq!(found("Resources: {}\n"), ["resources-missing@1:1"]);
    assert_eq!(found("Resources: []\n"), ["section-shape@1:12"]);
    let dup = format!("{BUCKET}  Bucket:\n    Type: AWS::SNS::Topic\n");
    assert_eq!(found(&dup), ["duplicate-key@4:3"]);
    let long = format!("Description: {}\n{BUCKET}", "x".repeat(1_025));
    assert_eq!(found(&long), ["description-size@1:14"]);
}

#[test]
fn parameters_types_keys_and_defaults() {
    let text = r#"Parameters:
  A:
    Type: Strin
  B:
    Type: Number
    Default: ten
  C:
    Type: String
    AllowedValues: [t3.micro, t3.small]
    Default: t3.large
  D:
    Type: String
    AllowedPattern: "[a-z]+"
    Default: Abc
  E:
    Type: String
    MinLength: 3
    Default: ab
    Descripton: typo
  F:
    Type: Number
    MaxValue: 5
    Default: 6
  G:
    Type: List<AWS::EC2::Subnet::Id>
  H:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: /aws/service/ami
  I:
    Default: x
Resources:
  Bucket:
    Type: AWS::S3::Bucket
"#;
    assert_eq!(
        found(text),
        [
            "parameter-type@3:11",
            "parameter-default@6:14",
            "parameter-default@10:14",
            "parameter-default@14:14",
            "parameter-default@18:14",
            "parameter-key@19:5",
            "parameter-default@23:14",
            "parameter-type@29:3",
        ]
    );
    assert_eq!(
        args(text, Rule::ParameterDefault)[1],
        ["C", "t3.large", "AllowedValues [t3.micro, t3.small]"]
    );
}

#[test]
fn resources_types_attributes_and_properties() {
    let text = r#"Resources:
  Bucket:
    Type: AWS::S3::Buckett
  Topic:
    Type: AWS::SNS::Topic
    Propertes: {}
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      DelaySecond: 5
      VisibilityTimeout: [1]
  Db:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Keep
    Properties:
      Engine: mysql
      DBInstanceClass: db.t3.micro
      StorageType: fast
  Nothing:
    Properties: {}
  Versioned:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: {}
"#;
    assert_eq!(
        found(text),
        [
            "resource-type@3:11",
            "resource-attribute@6:5",
            "property-unknown@10:7",
            "property-type@11:26",
            "policy-value@14:21",
            "resource-type-missing@19:3",
            "property-required@24:32",
        ]
    );
    assert_eq!(args(text, Rule::ResourceType)[0][2], "AWS::S3::Bucket");
    assert_eq!(args(text, Rule::ResourceKey)[0][2], "Properties");
    assert_eq!(
        args(text, Rule::PropertyUnknown)[0],
        [
            "Queue.Properties.DelaySecond",
            "AWS::SQS::Queue",
            "DelaySeconds"
        ]
    );
    assert_eq!(
        args(text, Rule::PropertyRequired)[0],
        ["Versioned.Properties.VersioningConfiguration", "Status"]
    );
}

#[test]
fn allowed_values_come_from_the_schema() {
    let text = "Resources:\n  V:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Status: On\n";
    assert_eq!(found(text), ["property-value@6:17"]);
    assert_eq!(args(text, Rule::PropertyValue)[0][2], "Enabled, Suspended");
}

#[test]
fn references_and_functions() {
    let text = r#"Parameters:
  Env: {Type: String}
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Condition: IsProd
    Properties:
      BucketName: !Ref Envv
      Tags:
        - Key: a
          Value: !GetAtt Missing.Arn
        - Key: b
          Value: !GetAtt Bucket.Nope
        - Key: c
          Value: !Sub "${Env}-${Nope}-${!Literal}-${AWS::Region}"
        - Key: d
          Value: !FindInMap [NoMap, a, b]
        - Key: e
          Value: !If [NoCond, a, b]
        - Key: f
          Value: !Join [","]
        - Key: g
          Value: !Fancy x
        - Key: h
          Value: {"Fn::Selectt": [0, [a]]}
  Topic:
    Type: AWS::SNS::Topic
    DependsOn: [Bucket, Ghost]
Conditions:
  Uses: !Equals [!Ref Topic, x]
"#;
    let got = found(text);
    for expected in [
        "condition-undefined@6:16",
        "ref-undefined@8:19",
        "getatt-resource@11:18",
        "getatt-attribute@13:18",
        "sub-variable@15:18",
        "mapping-undefined@17:30",
        "dependency-cycle@4:3",
        "condition-undefined@19:23",
        "function-arguments@21:18",
        "function-unknown@23:18",
        "function-unknown@25:19",
        "dependson-undefined@28:25",
        "condition-ref-resource@30:18",
    ] {
        assert!(
            got.contains(&expected.to_string()),
            "{expected} not in {got:#?}"
        );
    }
    assert_eq!(args(text, Rule::RefUndefined)[0], ["Envv", "Env"]);
    assert_eq!(args(text, Rule::SubVariable), [["Nope"]]);
    assert_eq!(
        args(text, Rule::GetAttAttribute)[0][..3],
        ["Bucket", "Nope", "AWS::S3::Bucket"]
    );
}

#[test]
fn json_templates_use_long_form_functions() {
    let text = r#"{
  "Resources": {
    "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Ref": "Name"}}},
    "Out": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Fn::GetAtt": ["Bucket", "Arn"]}}}
  }
}"#;
    assert_eq!(found(text), ["ref-undefined@3:73"]);
}

#[test]
fn dependency_cycles_are_named_and_waves_order_creation() {
    let text = r#"Resources:
  A:
    Type: AWS::SNS::Topic
    Properties: {TopicName: !GetAtt B.TopicArn}
  B:
    Type: AWS::SNS::Topic
    Properties: {TopicName: !Sub "${C}"}
  C:
    Type: AWS::SNS::Topic
    DependsOn: A
  D:
    Type: AWS::SNS::Topic
    DependsOn: D
"#;
    assert_eq!(
        found(text),
        ["dependency-cycle@2:3", "dependency-cycle@11:3"]
    );
    assert_eq!(args(text, Rule::Cycle), [["A → B → C → A"], ["D → D"]]);
    let ok = "Resources:\n  A: {Type: AWS::SNS::Topic}\n  B: {Type: AWS::SNS::Topic, DependsOn: A}\n  C: {Type: AWS::SNS::Topic, DependsOn: A}\n  D: {Type: AWS::SNS::Topic, DependsOn: [B, C]}\n";
    let (root, _) = parse(ok).unwrap();
    let entries = root.get("Resources").unwrap().as_map().unwrap();
    let names = entries
        .iter()
        .map(|(k, _)| (k.name.clone(), None))
        .collect();
    let waves = Graph::of(entries, &names).waves().unwrap();
    assert_eq!(waves, [vec!["A"], vec!["B", "C"], vec!["D"]]);
}

#[test]
fn quotas_use_aws_limits() {
    let mut text = String::from("Resources:\n");
    for i in 0..501 {
        text.push_str(&format!("  T{i}:\n    Type: AWS::SNS::Topic\n"));
    }
    assert_eq!(found(&text), ["quota@1:1"]);
    assert_eq!(
        args(&text, Rule::TooMany),
        [["Resources", "501", "500", "Resources"]]
    );
    let mut ok = String::from("Resources:\n");
    for i in 0..500 {
        ok.push_str(&format!("  T{i}:\n    Type: AWS::SNS::Topic\n"));
    }
    assert_eq!(
        found(&ok),
        Vec::<String>::new(),
        "500 resources are allowed"
    );
    let big = format!(
        "{BUCKET}Metadata:\n  X: \"{}\"\n",
        "y".repeat(MAX_REQUEST_BYTES)
    );
    assert_eq!(
        found(&big),
        ["template-body-size@1:1"],
        "allowed, but only from Amazon S3"
    );
    let huge = format!(
        "{BUCKET}Metadata:\n  X: \"{}\"\n",
        "y".repeat(MAX_TEMPLATE_BYTES)
    );
    assert_eq!(found(&huge), ["template-size@1:1"]);
    let id = format!(
        "Resources:\n  My-Bucket:\n    Type: AWS::S3::Bucket\n  {}:\n    Type: AWS::S3::Bucket\n",
        "L".repeat(256)
    );
    assert_eq!(found(&id), ["logical-id@2:3", "name-size@4:3"]);
}

#[test]
fn outputs_and_exports() {
    let text = format!(
        "{BUCKET}Outputs:\n  A:\n    Value: !Ref Bucket\n    Export: {{Name: shared}}\n  B:\n    Value: x\n    Export: {{Name: shared}}\n  C:\n    Description: no value\n"
    );
    assert_eq!(
        found(&text),
        ["export-duplicate@10:20", "output-value@11:3"]
    );
}

#[test]
fn transforms_are_recognised_and_what_is_not_checked_is_said() {
    let sam = "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function: {Timeout: 3}\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: a, Runtime: python3.12, CodeUri: .}\n";
    assert_eq!(found(sam), ["not-checked@1:1"]);
    let ext = "Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Topics:\n    - Name\n    - [A, B]\n    - Topic${Name}:\n        Type: AWS::SNS::Topic\n  Len:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: !Sub \"${AWS::StackName}\"}\n";
    assert_eq!(found(ext), ["not-checked@3:3"]);
    let no_ext = format!("{BUCKET}Outputs:\n  L:\n    Value: {{\"Fn::Length\": [1, 2]}}\n");
    assert_eq!(found(&no_ext), ["function-not-allowed@6:13"]);
}

#[test]
fn every_rule_has_a_unique_kebab_case_id() {
    let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
    assert!(ids
        .iter()
        .all(|id| id.chars().all(|c| c.is_ascii_lowercase() || c == '-')));
    ids.sort();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n);
}

#[test]
fn malformed_and_random_input_never_panics() {
    let mut rng = crate::numbers::Rng::new(7);
    let pieces = [
        "Resources:",
        "\n",
        "  ",
        "- ",
        "!Ref ",
        "!Sub ",
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "\"",
        "'",
        "Fn::GetAtt",
        "Type: AWS::S3::Bucket",
        "&a ",
        "*a",
        "#",
        "? ",
        "|",
        ">",
        "---",
        "\t",
        "é",
        "${",
        "Properties:",
        "DependsOn: ",
        "Ref",
        "0x1f",
        "1e999",
        "~",
        "null",
    ];
    for _ in 0..3_000 {
        let n = (rng.next_u64() % 40) as usize;
        let text: String = (0..n)
            .map(|_| pieces[(rng.next_u64() % pieces.len() as u64) as usize])
            .collect();
        let _ = validate(&text, schemas());
    }
    let deep = "[".repeat(10_000);
    assert!(
        found(&deep)[0].starts_with("syntax@1:"),
        "{:?}",
        found(&deep)
    );
    let deep_json = format!("{{\"a\": {}1{}}}", "[".repeat(5_000), "]".repeat(5_000));
    let _ = validate(&deep_json, schemas());
}

/// Random templates built from real pieces (sections, resources, functions, references,
/// wrong kinds), in YAML and in JSON: the validator never panics and reports positions
/// inside the text.
#[test]
fn random_templates_in_yaml_and_json_never_panic() {
    let mut rng = crate::numbers::Rng::new(11);
    let mut pick = |n: usize| (rng.next_u64() % n as u64) as usize;
    let values = [
        "1",
        "\"text\"",
        "[1, 2]",
        "{}",
        "{\"Ref\": \"A\"}",
        "{\"Ref\": \"Nope\"}",
        "{\"Fn::GetAtt\": [\"A\", \"Arn\"]}",
        "{\"Fn::GetAtt\": \"A\"}",
        "{\"Fn::Sub\": \"${A}-${B.Arn}-${Missing}\"}",
        "{\"Fn::If\": [\"C\", 1, 2]}",
        "{\"Fn::Join\": [\",\", [{\"Ref\": \"B\"}]]}",
        "{\"Fn::Select\": [9, []]}",
        "{\"Fn::FindInMap\": [\"M\", \"a\"]}",
        "{\"Fn::Nope\": 1}",
        "null",
        "true",
    ];
    let types = [
        "AWS::S3::Bucket",
        "AWS::SNS::Topic",
        "AWS::SQS::Queue",
        "AWS::Nope::X",
        "Custom::Y",
    ];
    let props = [
        "BucketName",
        "TopicName",
        "DelaySeconds",
        "Tags",
        "VersioningConfiguration",
        "Nope",
    ];
    for round in 0..300 {
        let mut resources = Vec::new();
        for name in ["A", "B", "C"].iter().take(1 + pick(3)) {
            let mut fields = vec![format!("\"Type\": \"{}\"", types[pick(types.len())])];
            let mut p = Vec::new();
            for _ in 0..pick(4) {
                p.push(format!(
                    "\"{}\": {}",
                    props[pick(props.len())],
                    values[pick(values.len())]
                ));
            }
            fields.push(format!("\"Properties\": {{{}}}", p.join(", ")));
            if pick(3) == 0 {
                fields.push(format!(
                    "\"DependsOn\": \"{}\"",
                    ["A", "B", "C", "Z"][pick(4)]
                ));
            }
            resources.push(format!("\"{name}\": {{{}}}", fields.join(", ")));
        }
        let json = format!(
            "{{\"Conditions\": {{\"C\": {{\"Fn::Equals\": [1, 1]}}}}, \"Resources\": {{{}}}, \"Outputs\": {{\"O\": {{\"Value\": {}}}}}}}",
            resources.join(", "),
            values[pick(values.len())]
        );
        let lines = json.lines().count() as u32;
        for d in validate(&json, schemas()).diagnostics {
            assert!(
                d.pos.line >= 1 && d.pos.line <= lines.max(1),
                "round {round}: {d:?} in {json}"
            );
        }
        // The same structure as YAML flow style inside block style.
        let yaml = format!(
            "Resources:\n  X: {{Type: AWS::SNS::Topic, Properties: {{TopicName: {}}}}}\n",
            values[pick(values.len())]
        );
        let _ = validate(&yaml, schemas());
        // And cut anywhere: a truncated template is a syntax error, never a panic.
        let cut = pick(json.len().max(1));
        let _ = validate(json.get(..cut).unwrap_or(""), schemas());
    }
}
