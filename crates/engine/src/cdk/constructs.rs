//! Constructs and their synthesis.

use serde_json::{json, Map, Value};

use super::ids::make_unique_id;

/// One CloudFormation resource a construct synthesizes.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    /// The construct path below the stack, such as `Data/Resource`.
    pub path: Vec<String>,
    pub logical_id: String,
    pub type_name: String,
    pub properties: Map<String, Value>,
    pub depends_on: Vec<String>,
    /// `DeletionPolicy` and `UpdateReplacePolicy` (the CDK's removal policy sets both).
    pub removal: Option<&'static str>,
}

/// A stack output (`CfnOutput`).
#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    pub logical_id: String,
    pub value: Value,
    pub export_name: Option<String>,
}

/// What a construct is, for the TypeScript view.
#[derive(Clone, Debug, PartialEq)]
pub enum Construct {
    L1 {
        id: String,
        type_name: String,
    },
    Bucket {
        id: String,
        props: BucketProps,
    },
    Function {
        id: String,
        props: FunctionProps,
    },
    Vpc {
        id: String,
        props: VpcProps,
    },
    FargateService {
        id: String,
        props: FargateServiceProps,
        vpc: String,
    },
    Output {
        id: String,
        value: String,
    },
}

/// `s3.BucketProps`: the ones the labs use.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BucketProps {
    pub bucket_name: Option<String>,
    pub versioned: bool,
    /// `BucketEncryption.S3_MANAGED`.
    pub s3_managed_encryption: bool,
    /// `BlockPublicAccess.BLOCK_ALL`.
    pub block_public_access: bool,
    /// Adds a bucket policy that denies requests not sent over TLS.
    pub enforce_ssl: bool,
    /// `RemovalPolicy.DESTROY`; the default is `RETAIN` (the bucket is orphaned).
    pub destroy_on_removal: bool,
}

/// `lambda.FunctionProps`, with inline code.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionProps {
    pub runtime: String,
    pub handler: String,
    pub inline_code: String,
    pub memory_size: Option<u32>,
    pub timeout_s: Option<u32>,
}

/// `ec2.VpcProps`.
#[derive(Clone, Debug, PartialEq)]
pub struct VpcProps {
    /// `maxAzs` (default 3, but an environment-agnostic stack has 2 AZs to use).
    pub max_azs: u32,
    /// `natGateways` (default: one per Availability Zone).
    pub nat_gateways: Option<u32>,
    /// `ipAddresses: IpAddresses.cidr(...)` (default 10.0.0.0/16).
    pub cidr: String,
}

impl Default for VpcProps {
    fn default() -> VpcProps {
        VpcProps {
            max_azs: 3,
            nat_gateways: None,
            cidr: "10.0.0.0/16".into(),
        }
    }
}

/// `ecs_patterns.ApplicationLoadBalancedFargateServiceProps`.
#[derive(Clone, Debug, PartialEq)]
pub struct FargateServiceProps {
    pub image: String,
    /// Default 256 (.25 vCPU).
    pub cpu: u32,
    /// Default 512 MiB.
    pub memory_mib: u32,
    /// Default 1.
    pub desired_count: u32,
    /// Default 80.
    pub container_port: u32,
}

impl Default for FargateServiceProps {
    fn default() -> FargateServiceProps {
        FargateServiceProps {
            image: "public.ecr.aws/docker/library/nginx:latest".into(),
            cpu: 256,
            memory_mib: 512,
            desired_count: 1,
            container_port: 80,
        }
    }
}

/// A CDK stack: its constructs, in the order they were added, and what they synthesize.
#[derive(Clone, Debug, PartialEq)]
pub struct Stack {
    pub name: String,
    pub constructs: Vec<Construct>,
    resources: Vec<Resource>,
    outputs: Vec<Output>,
}

fn reference(id: &str) -> Value {
    json!({ "Ref": id })
}

fn get_att(id: &str, attribute: &str) -> Value {
    json!({ "Fn::GetAtt": [id, attribute] })
}

impl Stack {
    pub fn new(name: &str) -> Stack {
        Stack {
            name: name.to_string(),
            constructs: Vec::new(),
            resources: Vec::new(),
            outputs: Vec::new(),
        }
    }

    /// The resources synthesized so far.
    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }

    /// Adds a resource at `path`; returns its logical ID.
    fn add(
        &mut self,
        path: &[&str],
        type_name: &str,
        properties: Value,
        depends_on: Vec<String>,
    ) -> String {
        let logical_id = make_unique_id(path);
        let properties = match properties {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        self.resources.push(Resource {
            path: path.iter().map(|s| s.to_string()).collect(),
            logical_id: logical_id.clone(),
            type_name: type_name.to_string(),
            properties,
            depends_on,
            removal: None,
        });
        logical_id
    }

    /// An L1 construct (`new s3.CfnBucket(this, id, props)`): its logical ID is its id.
    pub fn l1(&mut self, id: &str, type_name: &str, properties: Value) -> String {
        self.constructs.push(Construct::L1 {
            id: id.into(),
            type_name: type_name.into(),
        });
        self.add(&[id], type_name, properties, Vec::new())
    }

    /// `new s3.Bucket(this, id, props)`; returns the bucket's logical ID.
    pub fn bucket(&mut self, id: &str, props: BucketProps) -> String {
        self.constructs.push(Construct::Bucket {
            id: id.into(),
            props: props.clone(),
        });
        let mut p = Map::new();
        if let Some(name) = &props.bucket_name {
            p.insert("BucketName".into(), json!(name));
        }
        if props.s3_managed_encryption {
            p.insert(
                "BucketEncryption".into(),
                json!({ "ServerSideEncryptionConfiguration": [{ "ServerSideEncryptionByDefault": { "SSEAlgorithm": "AES256" } }] }),
            );
        }
        if props.block_public_access {
            p.insert(
                "PublicAccessBlockConfiguration".into(),
                json!({ "BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true }),
            );
        }
        if props.versioned {
            p.insert(
                "VersioningConfiguration".into(),
                json!({ "Status": "Enabled" }),
            );
        }
        let bucket = self.add(
            &[id, "Resource"],
            "AWS::S3::Bucket",
            Value::Object(p),
            Vec::new(),
        );
        if let Some(last) = self.resources.last_mut() {
            last.removal = Some(if props.destroy_on_removal {
                "Delete"
            } else {
                "Retain"
            });
        }
        if props.enforce_ssl {
            let arn = get_att(&bucket, "Arn");
            self.add(
                &[id, "Policy", "Resource"],
                "AWS::S3::BucketPolicy",
                json!({
                    "Bucket": reference(&bucket),
                    "PolicyDocument": {
                        "Statement": [{
                            "Action": "s3:*",
                            "Condition": { "Bool": { "aws:SecureTransport": "false" } },
                            "Effect": "Deny",
                            "Principal": { "AWS": "*" },
                            "Resource": [arn.clone(), { "Fn::Join": ["", [arn, "/*"]] }]
                        }],
                        "Version": "2012-10-17"
                    }
                }),
                Vec::new(),
            );
        }
        bucket
    }

    /// `new lambda.Function(this, id, props)`: the function and its service role; returns
    /// the function's logical ID.
    pub fn function(&mut self, id: &str, props: FunctionProps) -> String {
        self.constructs.push(Construct::Function {
            id: id.into(),
            props: props.clone(),
        });
        let role = self.add(
            &[id, "ServiceRole", "Resource"],
            "AWS::IAM::Role",
            json!({
                "AssumeRolePolicyDocument": {
                    "Statement": [{
                        "Action": "sts:AssumeRole",
                        "Effect": "Allow",
                        "Principal": { "Service": "lambda.amazonaws.com" }
                    }],
                    "Version": "2012-10-17"
                },
                "ManagedPolicyArns": [{
                    "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]]
                }]
            }),
            Vec::new(),
        );
        let mut p = Map::new();
        p.insert("Code".into(), json!({ "ZipFile": props.inline_code }));
        p.insert("Handler".into(), json!(props.handler));
        if let Some(m) = props.memory_size {
            p.insert("MemorySize".into(), json!(m));
        }
        p.insert("Role".into(), get_att(&role, "Arn"));
        p.insert("Runtime".into(), json!(props.runtime));
        if let Some(t) = props.timeout_s {
            p.insert("Timeout".into(), json!(t));
        }
        self.add(
            &[id, "Resource"],
            "AWS::Lambda::Function",
            Value::Object(p),
            vec![role],
        )
    }

    /// `new ec2.Vpc(this, id, props)`: for each Availability Zone a public subnet (route to
    /// an internet gateway, a NAT gateway with its Elastic IP) and a private subnet (route
    /// to a NAT gateway); returns the VPC's logical ID and its private subnets' IDs.
    pub fn vpc(&mut self, id: &str, props: VpcProps) -> (String, Vec<String>, Vec<String>) {
        self.constructs.push(Construct::Vpc {
            id: id.into(),
            props: props.clone(),
        });
        let azs = props.max_azs.clamp(1, 2); // environment-agnostic: two AZs at most
        let nats = props.nat_gateways.unwrap_or(azs).min(azs);
        let tag_name = format!("{}/{id}", self.name);
        let vpc = self.add(
            &[id, "Resource"],
            "AWS::EC2::VPC",
            json!({
                "CidrBlock": props.cidr,
                "EnableDnsHostnames": true,
                "EnableDnsSupport": true,
                "InstanceTenancy": "default",
                "Tags": [{ "Key": "Name", "Value": tag_name }]
            }),
            Vec::new(),
        );
        let igw_id = make_unique_id(&[id, "IGW"]);
        let attachment_id = make_unique_id(&[id, "VPCGW"]);
        let blocks = subnet_blocks(&props.cidr, (azs * 2) as usize);
        let mut public = Vec::new();
        let mut nat_ids = Vec::new();
        let mut private = Vec::new();
        for (kind, offset) in [("Public", 0usize), ("Private", azs as usize)] {
            for i in 0..azs as usize {
                let name = format!("{kind}Subnet{}", i + 1);
                let public_subnet = kind == "Public";
                let cidr = blocks.get(offset + i).cloned().unwrap_or_default();
                let subnet = self.add(
                    &[id, &name, "Subnet"],
                    "AWS::EC2::Subnet",
                    json!({
                        "AvailabilityZone": { "Fn::Select": [i, { "Fn::GetAZs": "" }] },
                        "CidrBlock": cidr,
                        "MapPublicIpOnLaunch": public_subnet,
                        "Tags": [
                            { "Key": "aws-cdk:subnet-name", "Value": kind },
                            { "Key": "aws-cdk:subnet-type", "Value": kind },
                            { "Key": "Name", "Value": format!("{tag_name}/{name}") }
                        ],
                        "VpcId": reference(&vpc)
                    }),
                    Vec::new(),
                );
                let table = self.add(
                    &[id, &name, "RouteTable"],
                    "AWS::EC2::RouteTable",
                    json!({ "Tags": [{ "Key": "Name", "Value": format!("{tag_name}/{name}") }], "VpcId": reference(&vpc) }),
                    Vec::new(),
                );
                let association = self.add(
                    &[id, &name, "RouteTableAssociation"],
                    "AWS::EC2::SubnetRouteTableAssociation",
                    json!({ "RouteTableId": reference(&table), "SubnetId": reference(&subnet) }),
                    Vec::new(),
                );
                if public_subnet {
                    let route = self.add(
                        &[id, &name, "DefaultRoute"],
                        "AWS::EC2::Route",
                        json!({ "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": reference(&igw_id), "RouteTableId": reference(&table) }),
                        vec![attachment_id.clone()],
                    );
                    if (i as u32) < nats {
                        let eip = self.add(
                            &[id, &name, "EIP"],
                            "AWS::EC2::EIP",
                            json!({ "Domain": "vpc", "Tags": [{ "Key": "Name", "Value": format!("{tag_name}/{name}") }] }),
                            Vec::new(),
                        );
                        let nat = self.add(
                            &[id, &name, "NATGateway"],
                            "AWS::EC2::NatGateway",
                            json!({
                                "AllocationId": get_att(&eip, "AllocationId"),
                                "SubnetId": reference(&subnet),
                                "Tags": [{ "Key": "Name", "Value": format!("{tag_name}/{name}") }]
                            }),
                            vec![route, association],
                        );
                        nat_ids.push(nat);
                    }
                    public.push(subnet);
                } else {
                    if let Some(nat) = nat_ids.get(i % nat_ids.len().max(1)).or(nat_ids.first()) {
                        self.add(
                            &[id, &name, "DefaultRoute"],
                            "AWS::EC2::Route",
                            json!({ "DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": reference(nat), "RouteTableId": reference(&table) }),
                            Vec::new(),
                        );
                    }
                    private.push(subnet);
                }
            }
        }
        self.add(
            &[id, "IGW"],
            "AWS::EC2::InternetGateway",
            json!({ "Tags": [{ "Key": "Name", "Value": tag_name }] }),
            Vec::new(),
        );
        self.add(
            &[id, "VPCGW"],
            "AWS::EC2::VPCGatewayAttachment",
            json!({ "InternetGatewayId": reference(&igw_id), "VpcId": reference(&vpc) }),
            Vec::new(),
        );
        (vpc, public, private)
    }

    /// `new ecs_patterns.ApplicationLoadBalancedFargateService(this, id, props)` in a VPC made
    /// by [`Stack::vpc`] (its logical ID and subnets): a cluster, an internet-facing
    /// Application Load Balancer with its security group, listener and target group, a task
    /// definition with its roles and log group, and the service. Returns the service's ID.
    pub fn fargate_service(
        &mut self,
        id: &str,
        props: FargateServiceProps,
        vpc: &(String, Vec<String>, Vec<String>),
    ) -> String {
        self.constructs.push(Construct::FargateService {
            id: id.into(),
            props: props.clone(),
            vpc: vpc.0.clone(),
        });
        let (vpc_id, public, private) = vpc;
        let cluster = self.add(
            &[id, "Cluster", "Resource"],
            "AWS::ECS::Cluster",
            json!({}),
            Vec::new(),
        );
        let lb_sg = self.add(
            &[id, "LB", "SecurityGroup", "Resource"],
            "AWS::EC2::SecurityGroup",
            json!({
                "GroupDescription": format!("Automatically created Security Group for ELB {}{id}LB", self.name),
                "SecurityGroupIngress": [{ "CidrIp": "0.0.0.0/0", "Description": "Allow from anyone on port 80", "FromPort": 80, "IpProtocol": "tcp", "ToPort": 80 }],
                "VpcId": reference(vpc_id)
            }),
            Vec::new(),
        );
        let lb = self.add(
            &[id, "LB", "Resource"],
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            json!({
                "Scheme": "internet-facing",
                "SecurityGroups": [get_att(&lb_sg, "GroupId")],
                "Subnets": public.iter().map(|s| reference(s)).collect::<Vec<_>>(),
                "Type": "application"
            }),
            Vec::new(),
        );
        let tg = self.add(
            &[id, "LB", "PublicListener", "ECSGroup", "Resource"],
            "AWS::ElasticLoadBalancingV2::TargetGroup",
            json!({ "Port": 80, "Protocol": "HTTP", "TargetType": "ip", "VpcId": reference(vpc_id) }),
            Vec::new(),
        );
        let listener = self.add(
            &[id, "LB", "PublicListener", "Resource"],
            "AWS::ElasticLoadBalancingV2::Listener",
            json!({
                "DefaultActions": [{ "TargetGroupArn": reference(&tg), "Type": "forward" }],
                "LoadBalancerArn": reference(&lb),
                "Port": 80,
                "Protocol": "HTTP"
            }),
            Vec::new(),
        );
        let assume = |service: &str| {
            json!({
                "Statement": [{ "Action": "sts:AssumeRole", "Effect": "Allow", "Principal": { "Service": service } }],
                "Version": "2012-10-17"
            })
        };
        let task_role = self.add(
            &[id, "TaskDef", "TaskRole", "Resource"],
            "AWS::IAM::Role",
            json!({ "AssumeRolePolicyDocument": assume("ecs-tasks.amazonaws.com") }),
            Vec::new(),
        );
        let log_group = self.add(
            &[id, "TaskDef", "web", "LogGroup", "Resource"],
            "AWS::Logs::LogGroup",
            json!({}),
            Vec::new(),
        );
        if let Some(last) = self.resources.last_mut() {
            last.removal = Some("Retain");
        }
        let execution_role = self.add(
            &[id, "TaskDef", "ExecutionRole", "Resource"],
            "AWS::IAM::Role",
            json!({ "AssumeRolePolicyDocument": assume("ecs-tasks.amazonaws.com") }),
            Vec::new(),
        );
        let task = self.add(
            &[id, "TaskDef", "Resource"],
            "AWS::ECS::TaskDefinition",
            json!({
                "ContainerDefinitions": [{
                    "Essential": true,
                    "Image": props.image,
                    "LogConfiguration": {
                        "LogDriver": "awslogs",
                        "Options": {
                            "awslogs-group": reference(&log_group),
                            "awslogs-stream-prefix": id,
                            "awslogs-region": { "Ref": "AWS::Region" }
                        }
                    },
                    "Name": "web",
                    "PortMappings": [{ "ContainerPort": props.container_port, "Protocol": "tcp" }]
                }],
                "Cpu": props.cpu.to_string(),
                "ExecutionRoleArn": get_att(&execution_role, "Arn"),
                "Family": make_unique_id(&[id, "TaskDef"]),
                "Memory": props.memory_mib.to_string(),
                "NetworkMode": "awsvpc",
                "RequiresCompatibilities": ["FARGATE"],
                "TaskRoleArn": get_att(&task_role, "Arn")
            }),
            Vec::new(),
        );
        let service_sg = self.add(
            &[id, "Service", "SecurityGroup", "Resource"],
            "AWS::EC2::SecurityGroup",
            json!({
                "GroupDescription": format!("{}/{id}/Service/SecurityGroup", self.name),
                "SecurityGroupEgress": [{ "CidrIp": "0.0.0.0/0", "Description": "Allow all outbound traffic by default", "IpProtocol": "-1" }],
                "VpcId": reference(vpc_id)
            }),
            Vec::new(),
        );
        self.add(
            &[id, "Service", "SecurityGroup", "from LBSecurityGroup:80"],
            "AWS::EC2::SecurityGroupIngress",
            json!({
                "FromPort": props.container_port,
                "GroupId": get_att(&service_sg, "GroupId"),
                "IpProtocol": "tcp",
                "SourceSecurityGroupId": get_att(&lb_sg, "GroupId"),
                "ToPort": props.container_port
            }),
            Vec::new(),
        );
        self.add(
            &[id, "Service", "Service"],
            "AWS::ECS::Service",
            json!({
                "Cluster": reference(&cluster),
                "DeploymentConfiguration": { "MaximumPercent": 200, "MinimumHealthyPercent": 50 },
                "DesiredCount": props.desired_count,
                "EnableECSManagedTags": false,
                "HealthCheckGracePeriodSeconds": 60,
                "LaunchType": "FARGATE",
                "LoadBalancers": [{ "ContainerName": "web", "ContainerPort": props.container_port, "TargetGroupArn": reference(&tg) }],
                "NetworkConfiguration": {
                    "AwsvpcConfiguration": {
                        "AssignPublicIp": "DISABLED",
                        "SecurityGroups": [get_att(&service_sg, "GroupId")],
                        "Subnets": private.iter().map(|s| reference(s)).collect::<Vec<_>>()
                    }
                },
                "TaskDefinition": reference(&task)
            }),
            vec![listener],
        )
    }

    /// `new CfnOutput(this, id, { value })`.
    pub fn output(&mut self, id: &str, value: Value, export_name: Option<&str>) {
        self.constructs.push(Construct::Output {
            id: id.into(),
            value: value.to_string(),
        });
        self.outputs.push(Output {
            logical_id: make_unique_id(&[id]),
            value,
            export_name: export_name.map(str::to_string),
        });
    }

    /// The synthesized template, as `cdk synth` writes it (JSON).
    pub fn synth(&self) -> Value {
        let mut resources = Map::new();
        for r in &self.resources {
            let mut entry = Map::new();
            entry.insert("Type".into(), json!(r.type_name));
            if !r.properties.is_empty() {
                entry.insert("Properties".into(), Value::Object(r.properties.clone()));
            }
            if !r.depends_on.is_empty() {
                entry.insert("DependsOn".into(), json!(r.depends_on));
            }
            if let Some(policy) = r.removal {
                entry.insert("UpdateReplacePolicy".into(), json!(policy));
                entry.insert("DeletionPolicy".into(), json!(policy));
            }
            entry.insert(
                "Metadata".into(),
                json!({ "aws:cdk:path": format!("{}/{}", self.name, r.path.join("/")) }),
            );
            resources.insert(r.logical_id.clone(), Value::Object(entry));
        }
        let mut template = Map::new();
        template.insert("Resources".into(), Value::Object(resources));
        if !self.outputs.is_empty() {
            let mut outputs = Map::new();
            for o in &self.outputs {
                let mut entry = Map::new();
                entry.insert("Value".into(), o.value.clone());
                if let Some(name) = &o.export_name {
                    entry.insert("Export".into(), json!({ "Name": name }));
                }
                outputs.insert(o.logical_id.clone(), Value::Object(entry));
            }
            template.insert("Outputs".into(), Value::Object(outputs));
        }
        Value::Object(template)
    }

    /// The template as pretty JSON text (one-space indent, as `cdk synth --json` prints it).
    pub fn synth_json(&self) -> String {
        serde_json::to_string_pretty(&self.synth()).unwrap_or_default()
    }

    /// The constructs as the TypeScript an app would hold (read-only in the app).
    pub fn code(&self) -> String {
        let mut out = format!(
            "import * as cdk from 'aws-cdk-lib';\nimport {{ Construct }} from 'constructs';\nimport * as s3 from 'aws-cdk-lib/aws-s3';\nimport * as lambda from 'aws-cdk-lib/aws-lambda';\nimport * as ec2 from 'aws-cdk-lib/aws-ec2';\nimport * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';\nimport * as ecs from 'aws-cdk-lib/aws-ecs';\n\nexport class {} extends cdk.Stack {{\n  constructor(scope: Construct, id: string, props?: cdk.StackProps) {{\n    super(scope, id, props);\n",
            self.name
        );
        for c in &self.constructs {
            out.push_str(&ts(c));
        }
        out.push_str("  }\n}\n");
        out
    }
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

fn var(id: &str) -> String {
    let mut chars = id.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// One construct as TypeScript.
fn ts(c: &Construct) -> String {
    match c {
        Construct::L1 { id, type_name } => {
            let class = type_name.rsplit("::").next().unwrap_or(type_name);
            let module = type_name.split("::").nth(1).unwrap_or("").to_ascii_lowercase();
            format!("    new cdk.aws_{module}.Cfn{class}(this, {}, {{ /* … */ }});\n", quote(id))
        }
        Construct::Bucket { id, props } => {
            let mut opts = Vec::new();
            if let Some(n) = &props.bucket_name {
                opts.push(format!("bucketName: {}", quote(n)));
            }
            if props.versioned {
                opts.push("versioned: true".into());
            }
            if props.s3_managed_encryption {
                opts.push("encryption: s3.BucketEncryption.S3_MANAGED".into());
            }
            if props.block_public_access {
                opts.push("blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL".into());
            }
            if props.enforce_ssl {
                opts.push("enforceSSL: true".into());
            }
            if props.destroy_on_removal {
                opts.push("removalPolicy: cdk.RemovalPolicy.DESTROY".into());
            }
            let props = if opts.is_empty() {
                String::new()
            } else {
                format!(", {{\n      {},\n    }}", opts.join(",\n      "))
            };
            format!("    const {} = new s3.Bucket(this, {}{props});\n", var(id), quote(id))
        }
        Construct::Function { id, props } => {
            let mut opts = vec![
                format!("runtime: new lambda.Runtime({}, lambda.RuntimeFamily.OTHER)", quote(&props.runtime)),
                format!("handler: {}", quote(&props.handler)),
                format!("code: lambda.Code.fromInline({})", quote(&props.inline_code)),
            ];
            if let Some(m) = props.memory_size {
                opts.push(format!("memorySize: {m}"));
            }
            if let Some(t) = props.timeout_s {
                opts.push(format!("timeout: cdk.Duration.seconds({t})"));
            }
            format!(
                "    const {} = new lambda.Function(this, {}, {{\n      {},\n    }});\n",
                var(id),
                quote(id),
                opts.join(",\n      ")
            )
        }
        Construct::Vpc { id, props } => {
            let mut opts = vec![format!("maxAzs: {}", props.max_azs)];
            if let Some(n) = props.nat_gateways {
                opts.push(format!("natGateways: {n}"));
            }
            if props.cidr != "10.0.0.0/16" {
                opts.push(format!("ipAddresses: ec2.IpAddresses.cidr({})", quote(&props.cidr)));
            }
            format!("    const {} = new ec2.Vpc(this, {}, {{ {} }});\n", var(id), quote(id), opts.join(", "))
        }
        Construct::FargateService { id, props, vpc } => format!(
            "    new ecsPatterns.ApplicationLoadBalancedFargateService(this, {}, {{\n      vpc: {},\n      cpu: {},\n      memoryLimitMiB: {},\n      desiredCount: {},\n      taskImageOptions: {{ image: ecs.ContainerImage.fromRegistry({}), containerPort: {} }},\n    }});\n",
            quote(id),
            var(vpc.trim_end_matches(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit())),
            props.cpu,
            props.memory_mib,
            props.desired_count,
            quote(&props.image),
            props.container_port
        ),
        Construct::Output { id, value } => {
            format!("    new cdk.CfnOutput(this, {}, {{ value: /* {value} */ '' }});\n", quote(id))
        }
    }
}

/// `count` equal subnets of a VPC's block, as the CDK divides it when every subnet group
/// has the default mask (the largest power-of-two share that fits).
fn subnet_blocks(cidr: &str, count: usize) -> Vec<String> {
    let Some((addr, prefix)) = cidr.split_once('/') else {
        return Vec::new();
    };
    let Ok(prefix) = prefix.parse::<u32>() else {
        return Vec::new();
    };
    let octets: Vec<u32> = addr.split('.').filter_map(|o| o.parse().ok()).collect();
    if octets.len() != 4 || count == 0 || prefix > 30 {
        return Vec::new();
    }
    let base = octets.iter().fold(0u64, |a, o| (a << 8) | u64::from(*o));
    let bits = (count as f64).log2().ceil() as u32;
    let mask = (prefix + bits).min(32);
    let size = 1u64 << (32 - mask);
    (0..count as u64)
        .map(|i| {
            let a = base + i * size;
            format!(
                "{}.{}.{}.{}/{mask}",
                (a >> 24) & 255,
                (a >> 16) & 255,
                (a >> 8) & 255,
                a & 255
            )
        })
        .collect()
}
