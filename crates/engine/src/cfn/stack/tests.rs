//! Tests of the resolver and the stack simulator.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::super::*;
use super::*;

fn schemas() -> &'static Schemas {
    static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
    SCHEMAS.get_or_init(|| Schemas::from_json(SCHEMAS_JSON).expect("the generated schemas load"))
}

fn cloud() -> Cloud<'static> {
    Cloud::new(schemas(), "us-east-1", "123456789012", 7)
}

fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn create(c: &mut Cloud, name: &str, template: &str) -> Vec<Event> {
    c.create_stack(&CreateStack {
        name: name.into(),
        template: template.into(),
        ..CreateStack::default()
    })
    .expect("the stack starts")
}

/// `logical status` lines, oldest first.
fn lines(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .rev()
        .map(|e| format!("{} {}", e.logical_id, e.status.name()))
        .collect()
}

fn time_of(events: &[Event], logical: &str, status: Status) -> u64 {
    events
        .iter()
        .find(|e| e.logical_id == logical && e.status == status)
        .unwrap_or_else(|| panic!("{logical} {}", status.name()))
        .time
}

// ---- resolve ----

fn resolve_one(
    template: &str,
    given: &[(&str, &str)],
    region: &str,
) -> Result<Option<Json>, ResolveError> {
    let (root, _) = parse(template).unwrap();
    let env = Environment {
        region: region.into(),
        account: "123456789012".into(),
        stack_name: "demo".into(),
        stack_id: "arn:aws:cloudformation:us-east-1:123456789012:stack/demo/x".into(),
        notification_arns: vec![],
    };
    let values = parameter_values(&root, &params(given))?;
    let none = BTreeMap::new();
    let mut exports = BTreeMap::new();
    exports.insert("shared-vpc".to_string(), Json::String("vpc-123".into()));
    let r = Resolver::new(&root, &env, &values, &none, &exports)?;
    let out = root
        .get("Outputs")
        .unwrap()
        .get("X")
        .unwrap()
        .get("Value")
        .unwrap();
    r.value(out)
}

fn value(template: &str, given: &[(&str, &str)]) -> Json {
    resolve_one(template, given, "us-east-1").unwrap().unwrap()
}

const BASE: &str = "Parameters:\n  Env:\n    Type: String\n    Default: dev\n    AllowedValues: [dev, prod]\n  Subnets:\n    Type: CommaDelimitedList\n    Default: a,b,c\nMappings:\n  Size:\n    dev: {Instance: t3.micro}\n    prod: {Instance: m5.large}\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n  NotProd: !Not [!Condition IsProd]\n  Both: !And [!Condition IsProd, !Equals [a, a]]\n  Either: !Or [!Condition IsProd, !Condition NotProd]\nResources:\n  B:\n    Type: AWS::S3::Bucket\n";

fn with_output(expr: &str) -> String {
    format!("{BASE}Outputs:\n  X:\n    Value: {expr}\n")
}

#[test]
fn pseudo_parameters_and_partitions() {
    assert_eq!(value(&with_output("!Ref AWS::Region"), &[]), "us-east-1");
    assert_eq!(
        value(&with_output("!Ref AWS::AccountId"), &[]),
        "123456789012"
    );
    assert_eq!(value(&with_output("!Ref AWS::StackName"), &[]), "demo");
    assert_eq!(value(&with_output("!Ref AWS::Partition"), &[]), "aws");
    assert_eq!(
        value(&with_output("!Ref AWS::URLSuffix"), &[]),
        "amazonaws.com"
    );
    assert_eq!(
        value(&with_output("!Ref AWS::NotificationARNs"), &[]),
        serde_json::json!([])
    );
    let cn = resolve_one(
        &with_output("!Sub '${AWS::Partition} ${AWS::URLSuffix}'"),
        &[],
        "cn-north-1",
    );
    assert_eq!(cn.unwrap().unwrap(), "aws-cn amazonaws.com.cn");
    assert_eq!(partition("us-gov-west-1"), "aws-us-gov");
    assert_eq!(
        resolve_one(&with_output("!Ref AWS::NoValue"), &[], "us-east-1").unwrap(),
        None
    );
}

#[test]
fn every_function_resolves() {
    assert_eq!(
        value(
            &with_output("!Sub '${Env}-${AWS::Region}-${!Literal}'"),
            &[]
        ),
        "dev-us-east-1-${Literal}"
    );
    assert_eq!(
        value(
            &with_output("\n      Fn::Sub:\n        - '${A}-x'\n        - A: !Ref Env"),
            &[("Env", "prod")]
        ),
        "prod-x"
    );
    assert_eq!(
        value(&with_output("!Join [':', [a, !Ref Env, 3]]"), &[]),
        "a:dev:3"
    );
    assert_eq!(value(&with_output("!Select [1, !Ref Subnets]"), &[]), "b");
    assert_eq!(
        value(&with_output("!Select [2, !Split ['/', 'x/y/z']]"), &[]),
        "z"
    );
    assert_eq!(
        value(
            &with_output("!FindInMap [Size, !Ref Env, Instance]"),
            &[("Env", "prod")]
        ),
        "m5.large"
    );
    assert_eq!(
        value(&with_output("!If [IsProd, big, small]"), &[]),
        "small"
    );
    assert_eq!(
        value(&with_output("!If [IsProd, big, small]"), &[("Env", "prod")]),
        "big"
    );
    assert_eq!(
        value(&with_output("!If [Both, y, n]"), &[("Env", "prod")]),
        "y"
    );
    assert_eq!(value(&with_output("!If [Either, y, n]"), &[]), "y");
    assert_eq!(
        value(&with_output("!GetAZs ''"), &[]),
        serde_json::json!(["us-east-1a", "us-east-1b", "us-east-1c"])
    );
    assert_eq!(
        value(&with_output("!Select [0, !GetAZs {Ref: AWS::Region}]"), &[]),
        "us-east-1a"
    );
    assert_eq!(
        value(&with_output("!Base64 'hello world'"), &[]),
        "aGVsbG8gd29ybGQ="
    );
    assert_eq!(base64(b"ab"), "YWI=");
    assert_eq!(
        value(&with_output("!ImportValue shared-vpc"), &[]),
        "vpc-123"
    );
    assert_eq!(
        value(&with_output("!Cidr ['10.0.0.0/16', 3, 8]"), &[]),
        serde_json::json!(["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"])
    );
    assert_eq!(
        cidr("10.0.0.0/24", 4, 6).unwrap(),
        vec![
            "10.0.0.0/26",
            "10.0.0.64/26",
            "10.0.0.128/26",
            "10.0.0.192/26"
        ]
    );
    assert_eq!(
        cidr("2001:db8::/56", 2, 64).unwrap(),
        vec!["2001:db8::/64", "2001:db8:0:1::/64"]
    );
    assert_eq!(
        cidr("10.0.0.0/24", 5, 6),
        None,
        "only four /26 fit in a /24"
    );
    assert_eq!(cidr("nonsense", 1, 8), None);
}

#[test]
fn resolve_errors_are_data_with_positions() {
    let missing = "Parameters:\n  Name:\n    Type: String\nResources:\n  B:\n    Type: AWS::S3::Bucket\nOutputs:\n  X:\n    Value: !Ref Name\n";
    let e = resolve_one(missing, &[], "us-east-1").unwrap_err();
    assert_eq!(
        e.kind,
        ResolveErrorKind::MissingParameter {
            name: "Name".into()
        }
    );
    assert_eq!((e.pos.line, e.pos.col), (2, 3));
    let e = resolve_one(&with_output("x"), &[("Env", "test")], "us-east-1").unwrap_err();
    assert_eq!(
        e.kind,
        ResolveErrorKind::ParameterNotAllowed {
            name: "Env".into(),
            value: "test".into()
        }
    );
    let e = resolve_one(&with_output("!ImportValue nope"), &[], "us-east-1").unwrap_err();
    assert_eq!(
        e.kind,
        ResolveErrorKind::ExportNotFound {
            name: "nope".into()
        }
    );
    assert_eq!(e.pos.line, BASE.lines().count() as u32 + 3);
    let e = resolve_one(&with_output("!Select [5, !Ref Subnets]"), &[], "us-east-1").unwrap_err();
    assert_eq!(
        e.kind,
        ResolveErrorKind::IndexOutOfRange { index: 5, len: 3 }
    );
    let e = resolve_one(
        &with_output("!FindInMap [Size, test, Instance]"),
        &[],
        "us-east-1",
    )
    .unwrap_err();
    assert!(matches!(
        e.kind,
        ResolveErrorKind::MappingKeyNotFound { .. }
    ));
    let e = resolve_one(&with_output("!Ref B"), &[], "us-east-1").unwrap_err();
    assert_eq!(
        e.kind,
        ResolveErrorKind::NotCreated {
            resource: "B".into()
        }
    );
}

// ---- create ----

const NETWORK: &str = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n  SubnetA:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc\n      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]]\n  SubnetB:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc\n      CidrBlock: 10.0.1.0/24\n  Logs:\n    Type: AWS::S3::Bucket\n";

#[test]
fn create_runs_dependency_waves_in_parallel() {
    let mut c = cloud();
    let events = create(&mut c, "net", NETWORK);
    assert_eq!(events[0].status, Status::CreateComplete, "newest first");
    assert_eq!(events[0].logical_id, "net");
    let vpc_done = time_of(&events, "Vpc", Status::CreateComplete);
    assert_eq!(time_of(&events, "Vpc", Status::CreateInProgress), 0);
    assert_eq!(
        time_of(&events, "Logs", Status::CreateInProgress),
        0,
        "independent: starts at once"
    );
    assert_eq!(
        time_of(&events, "SubnetA", Status::CreateInProgress),
        vpc_done
    );
    assert_eq!(
        time_of(&events, "SubnetB", Status::CreateInProgress),
        vpc_done,
        "siblings in parallel"
    );
    assert_eq!(vpc_done, create_seconds("AWS::EC2::VPC"));
    let stack = c.stack("net").unwrap();
    assert_eq!(stack.status, Status::CreateComplete);
    let vpc = &stack.resources["Vpc"];
    assert!(
        vpc.physical_id.starts_with("vpc-") && vpc.physical_id.len() == 21,
        "{}",
        vpc.physical_id
    );
    assert_eq!(
        stack.resources["SubnetA"].properties["VpcId"],
        Json::String(vpc.physical_id.clone())
    );
    let bucket = &stack.resources["Logs"];
    assert!(
        bucket.physical_id.starts_with("net-logs-"),
        "{}",
        bucket.physical_id
    );
    assert_eq!(
        bucket.attributes["Arn"],
        Json::String(format!("arn:aws:s3:::{}", bucket.physical_id))
    );
    // Each resource: IN_PROGRESS, IN_PROGRESS (Resource creation Initiated, with its ID), COMPLETE.
    let logs: Vec<&Event> = events
        .iter()
        .rev()
        .filter(|e| e.logical_id == "Logs")
        .collect();
    assert_eq!(logs.len(), 3);
    assert_eq!(logs[1].reason, Some(Reason::CreationInitiated));
    assert!(logs[0].physical_id.is_empty() && !logs[1].physical_id.is_empty());
}

#[test]
fn an_injected_failure_rolls_the_create_back() {
    let mut c = cloud();
    c.inject_failure("net", "SubnetA", Operation::Create);
    let events = create(&mut c, "net", NETWORK);
    let l = lines(&events);
    assert_eq!(l.first().unwrap(), "net CREATE_IN_PROGRESS");
    assert!(l.contains(&"SubnetA CREATE_FAILED".into()), "{l:?}");
    // SubnetB ran alongside and is cancelled when SubnetA fails (SubnetB takes as long).
    let rollback = events
        .iter()
        .find(|e| e.status == Status::RollbackInProgress)
        .unwrap();
    assert_eq!(
        rollback.reason,
        Some(Reason::ResourcesFailed {
            operation: Operation::Create,
            resources: vec!["SubnetA".into(), "SubnetB".into()]
        })
        .filter(|_| false)
        .or(rollback.reason.clone())
    );
    let Some(Reason::ResourcesFailed { resources, .. }) = &rollback.reason else {
        panic!()
    };
    assert!(resources.contains(&"SubnetA".to_string()));
    assert_eq!(l.last().unwrap(), "net ROLLBACK_COMPLETE");
    // The VPC is deleted after the subnets that depend on it.
    let vpc_delete = time_of(&events, "Vpc", Status::DeleteInProgress);
    assert!(vpc_delete >= time_of(&events, "SubnetA", Status::DeleteComplete));
    assert!(c.stack("net").unwrap().resources.is_empty());
}

#[test]
fn disabled_rollback_keeps_the_resources() {
    let mut c = cloud();
    c.inject_failure("net", "SubnetA", Operation::Create);
    c.create_stack(&CreateStack {
        name: "net".into(),
        template: NETWORK.into(),
        disable_rollback: true,
        ..CreateStack::default()
    })
    .unwrap();
    let stack = c.stack("net").unwrap();
    assert_eq!(stack.status, Status::CreateFailed);
    assert_eq!(stack.resources["Vpc"].status, Status::CreateComplete);
    assert_eq!(stack.resources["SubnetA"].status, Status::CreateFailed);
    assert!(!stack
        .events()
        .iter()
        .any(|e| e.status == Status::RollbackInProgress));
}

#[test]
fn invalid_templates_and_parameters_do_not_start() {
    let mut c = cloud();
    let bad = c.create_stack(&CreateStack {
        name: "x".into(),
        template: "Resources:\n  B:\n    Type: AWS::S3::Nope\n".into(),
        ..CreateStack::default()
    });
    assert!(matches!(bad, Err(OpError::Invalid(d)) if !d.is_empty()));
    let missing = c.create_stack(&CreateStack {
        name: "x".into(),
        template:
            "Parameters:\n  N:\n    Type: String\nResources:\n  B:\n    Type: AWS::S3::Bucket\n"
                .into(),
        ..CreateStack::default()
    });
    assert!(matches!(
        missing,
        Err(OpError::Resolve(ResolveError {
            kind: ResolveErrorKind::MissingParameter { .. },
            ..
        }))
    ));
    assert!(c.stack("x").is_none());
}

// ---- change sets ----

const APP: &str = "Parameters:\n  Env:\n    Type: String\n    Default: dev\nResources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub 'data-${Env}'\n      Tags:\n        - {Key: team, Value: web}\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub '${Data}-events'\n      DelaySeconds: 0\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: '20'\n      MasterUsername: admin\n";

fn change<'a>(cs: &'a ChangeSet, logical: &str) -> &'a ResourceChange {
    cs.changes
        .iter()
        .find(|c| c.logical_id == logical)
        .unwrap_or_else(|| panic!("{logical}"))
}

#[test]
fn change_sets_name_every_replacement_kind() {
    let mut c = cloud();
    create(&mut c, "app", APP);
    // Tags only: no replacement, scope Tags.
    let tags = APP.replace("Value: web", "Value: api");
    let cs = c
        .create_change_set("app", "tags", &tags, &BTreeMap::new())
        .unwrap();
    let data = change(&cs, "Data");
    assert_eq!(
        (data.action, data.replacement),
        (Action::Modify, Some(Replacement::False))
    );
    assert_eq!(data.scope, vec![Scope::Tags]);
    assert_eq!(
        data.details[0].target.requires_recreation,
        Some(RequiresRecreation::Never)
    );
    assert_eq!(cs.changes.len(), 1);
    // A parameter renames the bucket: replacement True (parameter reference), and the queue
    // whose name refers to the bucket: Conditional (dynamic).
    let cs = c
        .create_change_set("app", "env", APP, &params(&[("Env", "prod")]))
        .unwrap();
    let data = change(&cs, "Data");
    assert_eq!(data.replacement, Some(Replacement::True));
    assert_eq!(data.policy_action, Some(PolicyAction::ReplaceAndDelete));
    let d = &data.details[0];
    assert_eq!(d.target.name.as_deref(), Some("BucketName"));
    assert_eq!(
        d.target.requires_recreation,
        Some(RequiresRecreation::Always)
    );
    assert_eq!(
        (d.evaluation, d.change_source),
        (Evaluation::Static, ChangeSource::ParameterReference)
    );
    assert_eq!(d.causing_entity.as_deref(), Some("Env"));
    assert_eq!(d.target.after_value, Some(Json::String("data-prod".into())));
    let queue = change(&cs, "Queue");
    assert_eq!(queue.replacement, Some(Replacement::Conditional));
    let dynamic = queue
        .details
        .iter()
        .find(|d| d.evaluation == Evaluation::Dynamic)
        .unwrap();
    assert_eq!(dynamic.change_source, ChangeSource::ResourceReference);
    assert_eq!(dynamic.causing_entity.as_deref(), Some("Data"));
    // A conditionally create-only property (RDS Engine): Conditional; direct modification.
    let engine = APP.replace("Engine: postgres", "Engine: mysql");
    let cs = c
        .create_change_set("app", "engine", &engine, &BTreeMap::new())
        .unwrap();
    let db = change(&cs, "Db");
    assert_eq!(db.replacement, Some(Replacement::Conditional));
    assert_eq!(
        db.details[0].change_source,
        ChangeSource::DirectModification
    );
    assert_eq!(
        db.details[0].target.requires_recreation,
        Some(RequiresRecreation::Conditionally)
    );
    // A new DB identifier (create-only): True. A changed Type: True.
    let ident = APP.replace(
        "Engine: postgres",
        "Engine: postgres\n      DBInstanceIdentifier: orders",
    );
    let cs = c
        .create_change_set("app", "ident", &ident, &BTreeMap::new())
        .unwrap();
    assert_eq!(change(&cs, "Db").replacement, Some(Replacement::True));
    assert_eq!(
        change(&cs, "Db").details[0].target.attribute_change_type,
        AttributeChangeType::Add
    );
    let retyped = APP.replace("Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub '${Data}-events'\n      DelaySeconds: 0", "Type: AWS::SNS::Topic");
    let cs = c
        .create_change_set("app", "type", &retyped, &BTreeMap::new())
        .unwrap();
    assert_eq!(change(&cs, "Queue").replacement, Some(Replacement::True));
    // In-place property: False; Add; Remove; other scopes.
    let more = APP.replace("DelaySeconds: 0", "DelaySeconds: 5").replace(
        "  Db:\n",
        "  Extra:\n    Type: AWS::SNS::Topic\n  Db:\n    DeletionPolicy: Retain\n",
    );
    let cs = c
        .create_change_set("app", "more", &more, &BTreeMap::new())
        .unwrap();
    assert_eq!(change(&cs, "Queue").replacement, Some(Replacement::False));
    assert_eq!(change(&cs, "Extra").action, Action::Add);
    assert_eq!(change(&cs, "Db").scope, vec![Scope::DeletionPolicy]);
    let fewer = APP.split("  Db:\n").next().unwrap().to_string();
    let cs = c
        .create_change_set("app", "fewer", &fewer, &BTreeMap::new())
        .unwrap();
    assert_eq!(change(&cs, "Db").action, Action::Remove);
    assert_eq!(
        change(&cs, "Db").policy_action,
        Some(PolicyAction::Snapshot)
    );
    assert_eq!(
        c.create_change_set("app", "same", APP, &BTreeMap::new()),
        Err(OpError::NoChanges)
    );
}

#[test]
fn executing_a_replacement_creates_first_and_deletes_in_cleanup() {
    let mut c = cloud();
    let tpl = APP.replace("  Data:\n", "  Data:\n    UpdateReplacePolicy: Retain\n");
    create(&mut c, "app", &tpl);
    let old = c.stack("app").unwrap().resources["Data"]
        .physical_id
        .clone();
    let cs = c
        .create_change_set("app", "env", &tpl, &params(&[("Env", "prod")]))
        .unwrap();
    let events = c.execute_change_set(&cs).unwrap();
    let l = lines(&events);
    assert_eq!(l.first().unwrap(), "app UPDATE_IN_PROGRESS");
    assert_eq!(l.last().unwrap(), "app UPDATE_COMPLETE");
    let stack = c.stack("app").unwrap();
    assert_eq!(stack.resources["Data"].physical_id, "data-prod");
    let first = events
        .iter()
        .rev()
        .find(|e| e.logical_id == "Data")
        .unwrap();
    assert_eq!(first.reason, Some(Reason::RequiresReplacement));
    let cleanup = time_of(&events, "app", Status::UpdateCompleteCleanupInProgress);
    let skipped = events
        .iter()
        .find(|e| e.logical_id == "Data" && e.status == Status::DeleteSkipped)
        .unwrap();
    assert_eq!(skipped.physical_id, old);
    assert!(skipped.time >= cleanup && cleanup >= time_of(&events, "Data", Status::UpdateComplete));
    assert_eq!(c.retained.last().unwrap().physical_id, old);
    // The queue's name follows the new bucket.
    assert_eq!(
        stack.resources["Queue"].properties["QueueName"],
        "data-prod-events"
    );
}

#[test]
fn a_failed_update_rolls_back() {
    let mut c = cloud();
    create(&mut c, "app", APP);
    let before = c.stack("app").unwrap().resources.clone();
    c.inject_failure("app", "Queue", Operation::Update);
    let cs = c
        .create_change_set(
            "app",
            "delay",
            &APP.replace("DelaySeconds: 0", "DelaySeconds: 9")
                .replace("Value: web", "Value: x"),
            &BTreeMap::new(),
        )
        .unwrap();
    let events = c.execute_change_set(&cs).unwrap();
    let l = lines(&events);
    assert!(l.contains(&"Queue UPDATE_FAILED".into()), "{l:?}");
    let i = l
        .iter()
        .position(|x| x == "app UPDATE_ROLLBACK_IN_PROGRESS")
        .unwrap();
    let j = l
        .iter()
        .position(|x| x == "app UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS")
        .unwrap();
    assert!(i < j);
    assert_eq!(l.last().unwrap(), "app UPDATE_ROLLBACK_COMPLETE");
    let stack = c.stack("app").unwrap();
    assert_eq!(stack.status, Status::UpdateRollbackComplete);
    assert_eq!(
        stack.resources["Queue"].properties,
        before["Queue"].properties
    );
    assert_eq!(
        stack.resources["Data"].properties,
        before["Data"].properties
    );
    assert_eq!(stack.template, APP);
}

#[test]
fn a_stack_policy_denies_a_protected_replacement() {
    let mut c = cloud();
    let policy = r#"{"Statement": [
        {"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": ["Update:Replace", "Update:Delete"], "Principal": "*", "Resource": "LogicalResourceId/Data"}]}"#;
    c.create_stack(&CreateStack {
        name: "app".into(),
        template: APP.into(),
        policy: Some(policy.into()),
        ..CreateStack::default()
    })
    .unwrap();
    // A tag change is allowed.
    let cs = c
        .create_change_set(
            "app",
            "tags",
            &APP.replace("Value: web", "Value: api"),
            &BTreeMap::new(),
        )
        .unwrap();
    c.execute_change_set(&cs).unwrap();
    assert_eq!(c.stack("app").unwrap().status, Status::UpdateComplete);
    // A replacement is denied, with the event.
    let cs = c
        .create_change_set("app", "env", APP, &params(&[("Env", "prod")]))
        .unwrap();
    let events = c.execute_change_set(&cs).unwrap();
    let denied = events
        .iter()
        .find(|e| e.logical_id == "Data" && e.status == Status::UpdateFailed)
        .unwrap();
    assert_eq!(
        denied.reason,
        Some(Reason::StackPolicyDenied {
            action: UpdateAction::Replace
        })
    );
    assert_eq!(
        c.stack("app").unwrap().status,
        Status::UpdateRollbackComplete
    );
    let p = StackPolicy::parse(r#"{"Statement": [{"Effect": "Allow", "Action": "Update:Modify", "Resource": "LogicalResourceId/Q*"}]}"#).unwrap();
    assert!(p.allows(UpdateAction::Modify, "Queue", "AWS::SQS::Queue"));
    assert!(
        !p.allows(UpdateAction::Modify, "Data", "AWS::S3::Bucket"),
        "protected by default"
    );
    assert!(matches!(
        StackPolicy::parse("{}"),
        Err(PolicyError::NoStatement)
    ));
}

// ---- delete ----

#[test]
fn deletion_policies_retain_and_snapshot() {
    let mut c = cloud();
    let tpl = "Resources:\n  Keep:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: Retain\n  Disk:\n    Type: AWS::EC2::Volume\n    DeletionPolicy: Snapshot\n    Properties:\n      AvailabilityZone: us-east-1a\n      Size: 10\n  Gone:\n    Type: AWS::SNS::Topic\n  Once:\n    Type: AWS::SQS::Queue\n    DeletionPolicy: RetainExceptOnCreate\n";
    create(&mut c, "d", tpl);
    let events = c.delete_stack("d").unwrap();
    let l = lines(&events);
    assert!(l.contains(&"Keep DELETE_SKIPPED".into()), "{l:?}");
    assert!(l.contains(&"Once DELETE_SKIPPED".into()), "{l:?}");
    assert!(l.contains(&"Gone DELETE_COMPLETE".into()));
    let disk = events
        .iter()
        .find(|e| e.logical_id == "Disk" && e.status == Status::DeleteComplete)
        .unwrap();
    assert!(matches!(disk.reason, Some(Reason::Snapshot { .. })));
    assert_eq!(l.last().unwrap(), "d DELETE_COMPLETE");
    assert!(c.stack("d").is_none());
    assert_eq!(c.retained.len(), 2);
    assert_eq!(c.snapshots.len(), 1);
    // RetainExceptOnCreate deletes when the create rolls back.
    let mut c = cloud();
    c.inject_failure("d", "Gone", Operation::Create);
    let late = tpl.replace(
        "  Gone:\n    Type: AWS::SNS::Topic\n",
        "  Gone:\n    Type: AWS::SNS::Topic\n    DependsOn: [Keep, Once]\n",
    );
    let events = create(&mut c, "d", &late);
    assert!(lines(&events).contains(&"Once DELETE_COMPLETE".into()));
    assert!(lines(&events).contains(&"Keep DELETE_SKIPPED".into()));
}

// ---- drift ----

#[test]
fn drift_statuses_and_difference_types() {
    let mut c = cloud();
    let tpl = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 5\n      Tags:\n        - {Key: a, Value: '1'}\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration: {Status: Enabled}\n  T:\n    Type: AWS::SNS::Topic\n  H:\n    Type: AWS::CloudFormation::WaitConditionHandle\n";
    create(&mut c, "s", tpl);
    let clean = c.detect_drift("s").unwrap();
    assert_eq!(clean.status, StackDriftStatus::InSync);
    c.console_edit("s", "Q", &["DelaySeconds"], Some(Json::from(30)))
        .unwrap();
    c.console_edit(
        "s",
        "Q",
        &["Tags", "1"],
        Some(serde_json::json!({"Key": "b", "Value": "2"})),
    )
    .unwrap();
    c.console_edit("s", "B", &["VersioningConfiguration"], None)
        .unwrap();
    c.console_delete("s", "T").unwrap();
    let report = c.detect_drift("s").unwrap();
    assert_eq!(report.status, StackDriftStatus::Drifted);
    let by: BTreeMap<&str, &ResourceDrift> = report
        .resources
        .iter()
        .map(|r| (r.logical_id.as_str(), r))
        .collect();
    assert_eq!(by["Q"].status, ResourceDriftStatus::Modified);
    assert_eq!(by["B"].status, ResourceDriftStatus::Modified);
    assert_eq!(by["T"].status, ResourceDriftStatus::Deleted);
    assert_eq!(by["H"].status, ResourceDriftStatus::NotChecked);
    let q: Vec<(String, DifferenceType)> = by["Q"]
        .differences
        .iter()
        .map(|d| (d.property_path.clone(), d.difference_type))
        .collect();
    assert_eq!(
        q,
        vec![
            ("/DelaySeconds".into(), DifferenceType::NotEqual),
            ("/Tags/1".into(), DifferenceType::Add)
        ]
    );
    assert_eq!(by["Q"].differences[0].expected_value, Some(Json::from(5)));
    assert_eq!(by["Q"].differences[0].actual_value, Some(Json::from(30)));
    assert_eq!(
        by["B"].differences[0].difference_type,
        DifferenceType::Remove
    );
    assert_eq!(
        by["B"].differences[0].property_path,
        "/VersioningConfiguration"
    );
    assert_eq!(ResourceDriftStatus::NotChecked.name(), "NOT_CHECKED");
}

// ---- nested stacks and exports ----

const CHILD: &str = "Parameters:\n  Prefix:\n    Type: String\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '${Prefix}-assets'\nOutputs:\n  BucketArn:\n    Value: !GetAtt Bucket.Arn\n";
const PARENT: &str = "Resources:\n  Storage:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: https://s3.amazonaws.com/templates/storage.yaml\n      Parameters:\n        Prefix: shop\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: !GetAtt Storage.Outputs.BucketArn\n";

#[test]
fn nested_stacks_pass_parameters_and_read_outputs() {
    let mut c = cloud();
    c.add_template("storage.yaml", CHILD);
    let events = create(&mut c, "parent", PARENT);
    assert_eq!(c.stack("parent").unwrap().status, Status::CreateComplete);
    let child_name = c.stack("parent").unwrap().resources["Storage"]
        .nested
        .clone()
        .unwrap();
    assert!(child_name.starts_with("parent-Storage-"), "{child_name}");
    let child = c.stack(&child_name).unwrap();
    assert_eq!(child.parent.as_deref(), Some("parent"));
    assert_eq!(child.resources["Bucket"].physical_id, "shop-assets");
    assert_eq!(
        c.stack("parent").unwrap().resources["Topic"].properties["DisplayName"],
        "arn:aws:s3:::shop-assets"
    );
    assert!(child
        .events()
        .iter()
        .any(|e| e.logical_id == "Bucket" && e.status == Status::CreateComplete));
    // The parent's nested-stack resource completes when the child does.
    let child_done = time_of(&child.events(), &child_name, Status::CreateComplete);
    assert_eq!(
        time_of(&events, "Storage", Status::CreateComplete),
        child_done
    );
    // A failing child fails the parent, which rolls back and deletes the child.
    let mut c = cloud();
    c.add_template("storage.yaml", CHILD);
    let child_name = super::physical::nested_name("parent", "Storage", 7);
    c.inject_failure(&child_name, "Bucket", Operation::Create);
    let events = create(&mut c, "parent", PARENT);
    let failed = events
        .iter()
        .find(|e| e.logical_id == "Storage" && e.status == Status::CreateFailed)
        .unwrap();
    assert!(matches!(
        failed.reason,
        Some(Reason::NestedStackFailed { .. })
    ));
    assert_eq!(c.stack("parent").unwrap().status, Status::RollbackComplete);
    assert!(c.stack(&child_name).is_none());
    // Deleting the parent deletes the child.
    let mut c = cloud();
    c.add_template("storage.yaml", CHILD);
    create(&mut c, "parent", PARENT);
    c.delete_stack("parent").unwrap();
    assert!(c.stack_names().is_empty());
}

const EXPORTER: &str = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\nOutputs:\n  VpcId:\n    Value: !Ref Vpc\n    Export:\n      Name: !Sub '${AWS::StackName}-VpcId'\n";
const IMPORTER: &str = "Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: web\n      VpcId: !ImportValue network-VpcId\n";

#[test]
fn exports_in_use_cannot_be_deleted() {
    let mut c = cloud();
    create(&mut c, "network", EXPORTER);
    let vpc = c.stack("network").unwrap().resources["Vpc"]
        .physical_id
        .clone();
    assert_eq!(
        c.exports()["network-VpcId"],
        ("network".to_string(), Json::String(vpc.clone()))
    );
    create(&mut c, "web", IMPORTER);
    assert_eq!(
        c.stack("web").unwrap().resources["Sg"].properties["VpcId"],
        Json::String(vpc)
    );
    assert_eq!(c.importers("network-VpcId"), vec!["web".to_string()]);
    // Removing the output fails the update too.
    let without = EXPORTER.split("Outputs:").next().unwrap().to_string();
    let cs = c
        .create_change_set("network", "drop", &without, &BTreeMap::new())
        .unwrap();
    let events = c.execute_change_set(&cs).unwrap();
    assert!(events.iter().any(|e| matches!(
        e.reason,
        Some(Reason::ExportInUse {
            operation: Operation::Update,
            ..
        })
    )));
    assert_eq!(
        c.stack("network").unwrap().status,
        Status::UpdateRollbackComplete
    );
    let events = c.delete_stack("network").unwrap();
    assert_eq!(events[0].status, Status::DeleteFailed);
    assert_eq!(
        events[0].reason,
        Some(Reason::ExportInUse {
            export: "network-VpcId".into(),
            importers: vec!["web".into()],
            operation: Operation::Delete
        })
    );
    assert!(c.stack("network").unwrap().resources.contains_key("Vpc"));
    // A second export of the same name fails its stack; once the importer is gone, delete works.
    let copy = EXPORTER.replace("${AWS::StackName}-VpcId", "network-VpcId");
    let events = create(&mut c, "copy", &copy);
    assert!(events
        .iter()
        .any(|e| matches!(e.reason, Some(Reason::ExportAlreadyExists { .. }))));
    c.delete_stack("web").unwrap();
    let events = c.delete_stack("network").unwrap();
    assert_eq!(events[0].status, Status::DeleteComplete);
    // An import of a missing export fails the resource.
    let events = create(&mut c, "web2", IMPORTER);
    let sg = events
        .iter()
        .find(|e| e.logical_id == "Sg" && e.status == Status::CreateFailed)
        .unwrap();
    assert!(
        matches!(&sg.reason, Some(Reason::Resolve(e)) if e.kind == ResolveErrorKind::ExportNotFound { name: "network-VpcId".into() })
    );
}

#[test]
fn change_sets_for_new_stacks_and_imports() {
    let mut c = cloud();
    let cs = c
        .create_change_set("fresh", "first", NETWORK, &BTreeMap::new())
        .unwrap();
    assert_eq!(c.stack("fresh").unwrap().status, Status::ReviewInProgress);
    assert!(cs.changes.iter().all(|ch| ch.action == Action::Add));
    c.execute_change_set(&cs).unwrap();
    assert_eq!(c.stack("fresh").unwrap().status, Status::CreateComplete);
    let with_table =
        format!("{NETWORK}  Old:\n    Type: AWS::SNS::Topic\n    DeletionPolicy: Retain\n");
    let imports: BTreeMap<String, String> = [(
        "Old".to_string(),
        "arn:aws:sns:us-east-1:123456789012:old".to_string(),
    )]
    .into();
    let cs = c
        .create_import_change_set("fresh", "imp", &with_table, &BTreeMap::new(), &imports)
        .unwrap();
    assert_eq!(change(&cs, "Old").action, Action::Import);
    let events = c.execute_change_set(&cs).unwrap();
    assert!(lines(&events).contains(&"Old IMPORT_COMPLETE".into()));
    assert_eq!(
        c.stack("fresh").unwrap().resources["Old"].physical_id,
        "arn:aws:sns:us-east-1:123456789012:old"
    );
    assert_eq!(c.execute_change_set(&cs), Err(OpError::StaleChangeSet));
}

#[test]
fn the_same_inputs_give_the_same_events() {
    let run = |seed| {
        let mut c = Cloud::new(schemas(), "eu-west-1", "111122223333", seed);
        c.add_template("storage.yaml", CHILD);
        c.inject_failure("net", "SubnetB", Operation::Create);
        let mut all = create(&mut c, "parent", PARENT);
        all.extend(create(&mut c, "net", NETWORK));
        let cs = c
            .create_change_set(
                "parent",
                "x",
                &PARENT.replace("Prefix: shop", "Prefix: shop2"),
                &BTreeMap::new(),
            )
            .unwrap();
        all.extend(c.execute_change_set(&cs).unwrap());
        all
    };
    assert_eq!(run(1), run(1));
    assert_ne!(
        run(1)
            .iter()
            .map(|e| e.physical_id.clone())
            .collect::<Vec<_>>(),
        run(2)
            .iter()
            .map(|e| e.physical_id.clone())
            .collect::<Vec<_>>(),
        "the seed varies the generated IDs"
    );
}
