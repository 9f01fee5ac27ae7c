//! The AWS CDK's construct model, as far as the labs need it: L1 (`Cfn*`) constructs, a few
//! L2 constructs with the defaults AWS documents (an S3 bucket, a Lambda function with its
//! role, a VPC with public and private subnets and NAT gateways per Availability Zone) and
//! one L3 pattern (an Application Load Balanced Fargate service), synthesized to a
//! CloudFormation template that `crate::cfn` validates, with logical IDs built the way the
//! CDK builds them ([`make_unique_id`]), the construct code as read-only TypeScript, and a
//! `cdk diff`-style comparison of two syntheses ([`diff`]).
//!
//! Simplified, and said so where the labs show it: environment-agnostic stacks (two
//! Availability Zones from `Fn::GetAZs`, as the CDK does without an account and Region); no
//! bootstrap version parameter and rule, no `CDKMetadata` resource, no asset staging (inline
//! code only); the L3 pattern creates its main resources, not every supporting one.

mod constructs;
mod diff;
mod ids;

#[cfg(test)]
mod tests;

pub use constructs::{
    BucketProps, Construct, FargateServiceProps, FunctionProps, Output, Resource, Stack, VpcProps,
};
pub use diff::{diff, Change, PropertyChange, Replacement, ResourceDiff};
pub use ids::make_unique_id;
