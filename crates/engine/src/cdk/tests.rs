//! Tests of the CDK model: logical IDs as the CDK builds them, what the L2 constructs
//! synthesize, that it validates, and `cdk diff`.

use super::*;
use crate::cfn::{validate, Schemas, Severity, SCHEMAS_JSON};

fn schemas() -> Schemas {
    Schemas::from_json(SCHEMAS_JSON).unwrap()
}

/// The template's errors, as `rule@path` (none expected for what the CDK synthesizes).
fn errors(stack: &Stack) -> Vec<String> {
    validate(&stack.synth_json(), &schemas())
        .diagnostics
        .into_iter()
        .filter(|d| d.severity() == Severity::Error)
        .map(|d| format!("{}@{}:{} {:?}", d.rule.id(), d.pos.line, d.pos.col, d.args))
        .collect()
}

#[test]
fn logical_ids_follow_the_cdk() {
    // A bucket `MyBucket` in a stack is `MyBucketF68F3FF0` in every CDK app.
    assert_eq!(
        make_unique_id(&["MyBucket", "Resource"]),
        "MyBucketF68F3FF0"
    );
    // And the IDs CDK apps show for a VPC and a function with its role.
    assert_eq!(make_unique_id(&["Vpc", "Resource"]), "Vpc8378EB38");
    assert_eq!(
        make_unique_id(&["Vpc", "PublicSubnet1", "Subnet"]),
        "VpcPublicSubnet1Subnet5C2D37C4"
    );
    assert_eq!(
        make_unique_id(&["MyFunction", "ServiceRole", "Resource"]),
        "MyFunctionServiceRole3C357FF2"
    );
    assert_eq!(
        make_unique_id(&["MyFunction", "Resource"]),
        "MyFunction3BAA72D1"
    );
    // One component is used as it is; `Default` is ignored; duplicates collapse.
    assert_eq!(make_unique_id(&["MyQueue"]), "MyQueue");
    assert_eq!(make_unique_id(&["My-Queue"]), "MyQueue");
    assert_eq!(make_unique_id(&["Default", "Topic"]), "Topic");
    let a = make_unique_id(&["Vpc", "PublicSubnet1", "Subnet"]);
    assert!(
        a.starts_with("VpcPublicSubnet1Subnet") && a.len() == "VpcPublicSubnet1Subnet".len() + 8,
        "{a}"
    );
    let b = make_unique_id(&["ApiHandler", "Handler"]);
    assert_eq!(
        &b[..b.len() - 8],
        "ApiHandler",
        "the previous component ends with the next"
    );
    let c = make_unique_id(&["Api", "ApiHandler"]);
    assert_eq!(&c[..c.len() - 8], "ApiApiHandler");
    assert_ne!(make_unique_id(&["A", "B"]), make_unique_id(&["AB"]));
    let long = "x".repeat(300);
    let id = make_unique_id(&[long.as_str()]);
    assert_eq!(id.len(), 248, "a single component over 255 gets the hash");
}

#[test]
fn a_bucket_keeps_its_data_by_default() {
    let mut stack = Stack::new("DataStack");
    let id = stack.bucket("Data", BucketProps::default());
    let t = stack.synth();
    let bucket = &t["Resources"][&id];
    assert_eq!(bucket["Type"], "AWS::S3::Bucket");
    assert_eq!(bucket["DeletionPolicy"], "Retain");
    assert_eq!(bucket["UpdateReplacePolicy"], "Retain");
    assert_eq!(
        bucket["Metadata"]["aws:cdk:path"],
        "DataStack/Data/Resource"
    );
    assert!(bucket.get("Properties").is_none());
    let mut safe = Stack::new("DataStack");
    safe.bucket(
        "Data",
        BucketProps {
            versioned: true,
            enforce_ssl: true,
            block_public_access: true,
            s3_managed_encryption: true,
            destroy_on_removal: true,
            ..BucketProps::default()
        },
    );
    let t = safe.synth();
    let resources = t["Resources"].as_object().unwrap();
    assert_eq!(resources.len(), 2, "the bucket and its TLS-only policy");
    let policy = resources
        .values()
        .find(|r| r["Type"] == "AWS::S3::BucketPolicy")
        .unwrap();
    assert_eq!(
        policy["Properties"]["PolicyDocument"]["Statement"][0]["Condition"]["Bool"]
            ["aws:SecureTransport"],
        "false"
    );
    assert!(errors(&safe).is_empty(), "{:?}", errors(&safe));
    assert!(safe.code().contains("enforceSSL: true"), "{}", safe.code());
}

#[test]
fn a_function_gets_a_role_it_depends_on() {
    let mut stack = Stack::new("Api");
    let f = stack.function(
        "Handler",
        FunctionProps {
            runtime: "python3.12".into(),
            handler: "index.handler".into(),
            inline_code: "def handler(e, c): return 'ok'".into(),
            memory_size: None,
            timeout_s: Some(10),
        },
    );
    let t = stack.synth();
    let role_id = make_unique_id(&["Handler", "ServiceRole", "Resource"]);
    assert_eq!(t["Resources"][&f]["DependsOn"][0], role_id.as_str());
    assert_eq!(
        t["Resources"][&f]["Properties"]["Role"]["Fn::GetAtt"][0],
        role_id.as_str()
    );
    assert_eq!(t["Resources"][&role_id]["Type"], "AWS::IAM::Role");
    assert!(errors(&stack).is_empty(), "{:?}", errors(&stack));
}

#[test]
fn a_default_vpc_has_public_and_private_subnets_and_a_nat_gateway_per_az() {
    let mut stack = Stack::new("Network");
    let (vpc, public, private) = stack.vpc("Vpc", VpcProps::default());
    let t = stack.synth();
    let resources = t["Resources"].as_object().unwrap();
    let count = |ty: &str| resources.values().filter(|r| r["Type"] == ty).count();
    assert_eq!(
        (public.len(), private.len()),
        (2, 2),
        "two AZs in an environment-agnostic stack"
    );
    assert_eq!(count("AWS::EC2::Subnet"), 4);
    assert_eq!(count("AWS::EC2::NatGateway"), 2);
    assert_eq!(count("AWS::EC2::EIP"), 2);
    assert_eq!(count("AWS::EC2::RouteTable"), 4);
    assert_eq!(count("AWS::EC2::Route"), 4);
    assert_eq!(count("AWS::EC2::InternetGateway"), 1);
    assert_eq!(
        t["Resources"][&vpc]["Properties"]["CidrBlock"],
        "10.0.0.0/16"
    );
    let cidrs: Vec<&str> = resources
        .values()
        .filter(|r| r["Type"] == "AWS::EC2::Subnet")
        .map(|r| r["Properties"]["CidrBlock"].as_str().unwrap())
        .collect();
    assert_eq!(
        cidrs,
        [
            "10.0.0.0/18",
            "10.0.64.0/18",
            "10.0.128.0/18",
            "10.0.192.0/18"
        ]
    );
    assert!(errors(&stack).is_empty(), "{:?}", errors(&stack));
    let mut one_nat = Stack::new("Network");
    one_nat.vpc(
        "Vpc",
        VpcProps {
            nat_gateways: Some(1),
            ..VpcProps::default()
        },
    );
    let t = one_nat.synth();
    let nats = t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::EC2::NatGateway")
        .count();
    assert_eq!(
        nats, 1,
        "natGateways: 1 saves a NAT gateway; both private subnets route through it"
    );
}

#[test]
fn the_fargate_pattern_synthesizes_a_valid_service_behind_a_load_balancer() {
    let mut stack = Stack::new("Web");
    let vpc = stack.vpc("Vpc", VpcProps::default());
    stack.fargate_service("Site", FargateServiceProps::default(), &vpc);
    stack.output("Url", serde_json::json!({ "Fn::GetAtt": [make_unique_id(&["Site", "LB", "Resource"]), "DNSName"] }), None);
    let t = stack.synth();
    let resources = t["Resources"].as_object().unwrap();
    for ty in [
        "AWS::ECS::Cluster",
        "AWS::ECS::Service",
        "AWS::ECS::TaskDefinition",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "AWS::ElasticLoadBalancingV2::Listener",
        "AWS::ElasticLoadBalancingV2::TargetGroup",
    ] {
        assert!(resources.values().any(|r| r["Type"] == ty), "{ty}");
    }
    let task = resources
        .values()
        .find(|r| r["Type"] == "AWS::ECS::TaskDefinition")
        .unwrap();
    assert_eq!(
        (
            task["Properties"]["Cpu"].as_str(),
            task["Properties"]["Memory"].as_str()
        ),
        (Some("256"), Some("512"))
    );
    assert!(errors(&stack).is_empty(), "{:?}", errors(&stack));
    assert!(stack
        .code()
        .contains("new ecsPatterns.ApplicationLoadBalancedFargateService(this, 'Site'"));
}

#[test]
fn cdk_diff_says_what_replaces_a_resource() {
    let s = schemas();
    let mut before = Stack::new("Data");
    before.bucket(
        "Data",
        BucketProps {
            bucket_name: Some("reports-2025".into()),
            ..BucketProps::default()
        },
    );
    before.l1("Topic", "AWS::SNS::Topic", serde_json::json!({}));
    let mut after = Stack::new("Data");
    after.bucket(
        "Data",
        BucketProps {
            bucket_name: Some("reports-2026".into()),
            versioned: true,
            ..BucketProps::default()
        },
    );
    after.l1("Queue", "AWS::SQS::Queue", serde_json::json!({}));
    let changes = diff(&before.synth(), &after.synth(), &s);
    let bucket = changes
        .iter()
        .find(|c| c.type_name == "AWS::S3::Bucket")
        .unwrap();
    assert_eq!(
        bucket.replacement,
        Replacement::Always,
        "a new bucket name is a new bucket"
    );
    let Change::Modified(props) = &bucket.change else {
        panic!("{bucket:?}")
    };
    let name = props.iter().find(|p| p.name == "BucketName").unwrap();
    assert_eq!(name.replacement, Replacement::Always);
    let versioning = props
        .iter()
        .find(|p| p.name == "VersioningConfiguration")
        .unwrap();
    assert_eq!(versioning.replacement, Replacement::Never);
    assert!(changes
        .iter()
        .any(|c| c.logical_id == "Queue" && c.change == Change::Added));
    assert!(changes
        .iter()
        .any(|c| c.logical_id == "Topic" && c.change == Change::Removed));
    // Renaming a construct changes its logical ID: CloudFormation sees a new resource and
    // deletes the old one.
    let mut renamed = Stack::new("Data");
    renamed.bucket(
        "Reports",
        BucketProps {
            bucket_name: Some("reports-2025".into()),
            ..BucketProps::default()
        },
    );
    let changes = diff(&before.synth(), &renamed.synth(), &s);
    assert!(changes
        .iter()
        .any(|c| c.change == Change::Added && c.type_name == "AWS::S3::Bucket"));
    assert!(changes
        .iter()
        .any(|c| c.change == Change::Removed && c.type_name == "AWS::S3::Bucket"));
}

/// What the CDK synthesizes deploys in the simulated CloudFormation: the Fargate service in
/// its VPC reaches CREATE_COMPLETE, the NAT gateways after the routes they depend on.
#[test]
fn a_synthesized_stack_deploys_in_the_simulated_cloud() {
    use crate::cfn::stack::{Cloud, CreateStack, Status};
    let s = schemas();
    let mut stack = Stack::new("Web");
    let vpc = stack.vpc("Vpc", VpcProps::default());
    stack.fargate_service("Site", FargateServiceProps::default(), &vpc);
    let mut cloud = Cloud::new(&s, "us-east-1", "123456789012", 1);
    let events = cloud
        .create_stack(&CreateStack {
            name: "Web".into(),
            template: stack.synth_json(),
            parameters: Default::default(),
            disable_rollback: false,
            policy: None,
        })
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        cloud.stack("Web").map(|s| s.status),
        Some(Status::CreateComplete)
    );
    let done = |id: &str| {
        events
            .iter()
            .find(|e| e.logical_id == id && e.status == Status::CreateComplete)
            .map(|e| e.seq)
    };
    let route = make_unique_id(&["Vpc", "PublicSubnet1", "DefaultRoute"]);
    let nat = make_unique_id(&["Vpc", "PublicSubnet1", "NATGateway"]);
    let started = |id: &str| {
        events
            .iter()
            .find(|e| e.logical_id == id && e.status == Status::CreateInProgress)
            .map(|e| e.seq)
    };
    assert!(
        done(&route) < started(&nat),
        "the NAT gateway waits for its route"
    );
}
