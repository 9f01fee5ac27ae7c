//! Simulated physical resources: deterministic IDs and attributes, and how long each
//! operation takes.
//!
//! Physical IDs: the name property when the template sets it (the type's primary identifier,
//! such as `BucketName`), else `<stack>-<logical id>-<12 lowercase alphanumerics>`; EC2 IDs are
//! `vpc-`, `subnet-`, `sg-`, `i-`… with 17 hex digits; ARNs are
//! `arn:<partition>:<service>:<region>:<account>:<type>/<id>` (S3: `arn:aws:s3:::<name>`);
//! every suffix is a hash of the account, region, stack, logical ID, generation and seed.
//!
//! Durations are approximations of what the console shows (seconds; an RDS instance takes
//! minutes, a CloudFront distribution longer), not measurements.

use std::collections::BTreeMap;

use super::super::resolve::{as_text, partition, url_suffix, Json, Physical};
use super::super::schema::ResourceType;

/// FNV-1a over the parts (separated), then the seed.
pub(crate) fn hash(parts: &[&str], seed: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0u8]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    for b in seed.to_le_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// `n` characters from an alphabet, drawn from a hash.
pub(crate) fn token(mut h: u64, n: usize, alphabet: &[u8]) -> String {
    let mut out = String::new();
    for i in 0..n {
        if i % 10 == 9 {
            h = h.wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(17);
        }
        out.push(alphabet[(h % alphabet.len() as u64) as usize] as char);
        h /= alphabet.len() as u64;
    }
    out
}

const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const HEX: &[u8] = b"0123456789abcdef";

/// Where the physical resource lives.
pub(crate) struct Place<'a> {
    pub region: &'a str,
    pub account: &'a str,
    pub stack: &'a str,
    pub seed: u64,
}

/// The ID prefix of EC2-style resources.
fn ec2_prefix(ty: &str) -> Option<&'static str> {
    Some(match ty {
        "AWS::EC2::VPC" => "vpc-",
        "AWS::EC2::Subnet" => "subnet-",
        "AWS::EC2::SecurityGroup" => "sg-",
        "AWS::EC2::Instance" => "i-",
        "AWS::EC2::InternetGateway" => "igw-",
        "AWS::EC2::RouteTable" => "rtb-",
        "AWS::EC2::NatGateway" => "nat-",
        "AWS::EC2::Volume" => "vol-",
        "AWS::EC2::NetworkInterface" => "eni-",
        "AWS::EC2::LaunchTemplate" => "lt-",
        "AWS::EC2::NetworkAcl" => "acl-",
        "AWS::EC2::VPCEndpoint" => "vpce-",
        "AWS::EC2::TransitGateway" => "tgw-",
        _ => return None,
    })
}

/// A new physical resource for a logical resource: its ID (what `Ref` returns) and its
/// attributes (every attribute the schema lists, as `Fn::GetAtt` names it).
pub(crate) fn physical(
    place: &Place,
    ty: &str,
    logical: &str,
    generation: u32,
    properties: &Json,
    schema: Option<&ResourceType>,
) -> Physical {
    let gen = generation.to_string();
    let h = hash(
        &[place.account, place.region, place.stack, logical, ty, &gen],
        place.seed,
    );
    let named = schema
        .and_then(|s| s.primary_identifier.first())
        .filter(|p| !p.contains('/'))
        .and_then(|p| properties.get(p.as_str()))
        .and_then(as_text);
    let partition = partition(place.region);
    let service = ty
        .split("::")
        .nth(1)
        .unwrap_or("custom")
        .to_ascii_lowercase();
    let kind = ty
        .split("::")
        .nth(2)
        .unwrap_or("resource")
        .to_ascii_lowercase();
    let name = match (named, ec2_prefix(ty)) {
        (Some(n), _) => n,
        (None, Some(prefix)) => format!("{prefix}{}", token(h, 17, HEX)),
        (None, None) => {
            let mut n = format!("{}-{}-{}", place.stack, logical, token(h, 12, LOWER));
            if ty == "AWS::S3::Bucket" {
                n = n.to_ascii_lowercase();
                n.truncate(63);
            }
            n
        }
    };
    let (region, account) = (place.region, place.account);
    let arn = match ty {
        "AWS::S3::Bucket" => format!("arn:{partition}:s3:::{name}"),
        "AWS::SQS::Queue" | "AWS::SNS::Topic" => {
            format!("arn:{partition}:{service}:{region}:{account}:{name}")
        }
        "AWS::IAM::Role" | "AWS::IAM::ManagedPolicy" | "AWS::IAM::User" => {
            format!("arn:{partition}:iam::{account}:{kind}/{name}")
        }
        _ => format!("arn:{partition}:{service}:{region}:{account}:{kind}/{name}"),
    };
    let suffix = url_suffix(region);
    let id = match ty {
        "AWS::SQS::Queue" => format!("https://sqs.{region}.{suffix}/{account}/{name}"),
        "AWS::SNS::Topic" | "AWS::IAM::ManagedPolicy" => arn.clone(),
        _ => name.clone(),
    };
    let mut attributes = BTreeMap::new();
    let names: Vec<String> = schema.map(|s| s.attributes().collect()).unwrap_or_default();
    for attribute in names {
        if attribute.contains('*') {
            continue;
        }
        let last = attribute.rsplit('.').next().unwrap_or(&attribute);
        let value = if last.ends_with("Arn") || last == "Arn" {
            arn.clone()
        } else if attribute == "DomainName" && ty == "AWS::S3::Bucket" {
            format!("{name}.s3.{suffix}")
        } else if attribute == "RegionalDomainName" {
            format!("{name}.s3.{region}.{suffix}")
        } else if attribute == "WebsiteURL" {
            format!("http://{name}.s3-website-{region}.{suffix}")
        } else if last == "QueueUrl" {
            id.clone()
        } else if last == "Port" {
            "5432".to_string()
        } else if last == "Address" || last.ends_with("DnsName") || last == "DomainName" {
            format!(
                "{}.{}.{region}.{service}.{suffix}",
                name.to_ascii_lowercase(),
                token(h, 12, LOWER)
            )
        } else if last.ends_with("Id") && last != "Id" {
            format!(
                "{}-{}",
                last.to_ascii_lowercase().trim_end_matches("id"),
                token(h ^ 0x5bd1, 17, HEX)
            )
        } else {
            format!("{name}-{}", last.to_ascii_lowercase())
        };
        attributes.insert(attribute, Json::String(value));
    }
    // A property is readable as the attribute of the same name when the schema lists none
    // (`Fn::GetAtt Vpc.CidrBlock`).
    if let Some(map) = properties.as_object() {
        for (k, v) in map {
            attributes.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    Physical { id, attributes }
}

/// A nested stack's name: `<parent>-<logical id>-<12 uppercase alphanumerics>`.
pub(crate) fn nested_name(parent: &str, logical: &str, seed: u64) -> String {
    format!(
        "{parent}-{logical}-{}",
        token(hash(&[parent, logical], seed), 12, UPPER)
    )
}

/// A stack's ID: `arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<uuid>`.
pub(crate) fn stack_id(region: &str, account: &str, name: &str, n: u64, seed: u64) -> String {
    let h = hash(&[region, account, name, &n.to_string()], seed);
    let t = token(h, 32, HEX);
    format!(
        "arn:{}:cloudformation:{region}:{account}:stack/{name}/{}-{}-{}-{}-{}",
        partition(region),
        &t[..8],
        &t[8..12],
        &t[12..16],
        &t[16..20],
        &t[20..32]
    )
}

/// Seconds to create a resource of a type (approximations).
pub fn create_seconds(ty: &str) -> u64 {
    match ty {
        "AWS::S3::Bucket" => 21,
        "AWS::S3::BucketPolicy" => 2,
        "AWS::SQS::Queue" => 60,
        "AWS::SNS::Topic" => 11,
        "AWS::IAM::Role" | "AWS::IAM::ManagedPolicy" | "AWS::IAM::Policy" => 16,
        "AWS::IAM::InstanceProfile" => 120,
        "AWS::Lambda::Function" => 12,
        "AWS::DynamoDB::Table" => 25,
        "AWS::EC2::VPC" => 14,
        "AWS::EC2::Subnet" => 6,
        "AWS::EC2::SecurityGroup" => 6,
        "AWS::EC2::InternetGateway" => 15,
        "AWS::EC2::VPCGatewayAttachment" => 16,
        "AWS::EC2::RouteTable" | "AWS::EC2::Route" | "AWS::EC2::SubnetRouteTableAssociation" => 3,
        "AWS::EC2::EIP" => 5,
        "AWS::EC2::NatGateway" => 105,
        "AWS::EC2::Instance" => 35,
        "AWS::EC2::Volume" => 12,
        "AWS::RDS::DBSubnetGroup" => 3,
        "AWS::RDS::DBInstance" => 540,
        "AWS::RDS::DBCluster" => 150,
        "AWS::ElastiCache::CacheCluster" | "AWS::ElastiCache::ReplicationGroup" => 420,
        "AWS::Redshift::Cluster" => 600,
        "AWS::CloudFront::Distribution" => 360,
        "AWS::ElasticLoadBalancingV2::LoadBalancer" => 180,
        "AWS::ElasticLoadBalancingV2::TargetGroup" | "AWS::ElasticLoadBalancingV2::Listener" => 3,
        "AWS::ECS::Cluster" => 8,
        "AWS::ECS::Service" => 150,
        "AWS::ECS::TaskDefinition" => 3,
        "AWS::Logs::LogGroup" => 2,
        "AWS::KMS::Key" => 65,
        "AWS::SecretsManager::Secret" => 3,
        "AWS::CloudWatch::Alarm" => 3,
        "AWS::Route53::RecordSet" => 45,
        "AWS::CloudFormation::WaitConditionHandle" => 1,
        _ => 5,
    }
}

/// Seconds to delete one (approximations).
pub fn delete_seconds(ty: &str) -> u64 {
    match ty {
        "AWS::RDS::DBInstance" | "AWS::CloudFront::Distribution" => 300,
        "AWS::EC2::NatGateway" => 60,
        _ => (create_seconds(ty) / 2).max(1),
    }
}

/// Seconds to update one in place (approximations).
pub fn update_seconds(ty: &str) -> u64 {
    match ty {
        "AWS::RDS::DBInstance" | "AWS::CloudFront::Distribution" => 240,
        _ => (create_seconds(ty) / 2).max(2),
    }
}

/// The types `DeletionPolicy: Snapshot` supports (AWS's documentation, CDK `CfnDeletionPolicy`).
pub const SNAPSHOT_TYPES: [&str; 6] = [
    "AWS::EC2::Volume",
    "AWS::ElastiCache::CacheCluster",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBCluster",
    "AWS::Redshift::Cluster",
];
