//! Benchmark of the template engine: parsing and validating a generated template with 500
//! resources (CloudFormation's per-template quota), each referring to the one before it, and
//! ordering them into creation waves.
//!
//! Criterion is a native-only dev-dependency, so for `wasm32` this file is an empty program.

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;

    use criterion::{criterion_group, Criterion};
    use engine::cfn::{validate, Graph, Schemas, SCHEMAS_JSON};

    /// 500 resources: queues, topics and buckets, each depending on the previous one through
    /// `Ref`, `Fn::GetAtt` or `Fn::Sub`, with parameters and outputs.
    pub fn template(resources: usize) -> String {
        let mut t = String::from(
            "AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  Env:\n    Type: String\n    AllowedValues: [dev, prod]\n    Default: dev\nResources:\n",
        );
        for i in 0..resources {
            match i % 3 {
                0 => t.push_str(&format!(
                    "  Q{i}:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub \"${{Env}}-q{i}\"\n      DelaySeconds: 5\n"
                )),
                1 => t.push_str(&format!(
                    "  Q{i}:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: !GetAtt Q{}.QueueName\n",
                    i - 1
                )),
                _ => t.push_str(&format!(
                    "  Q{i}:\n    Type: AWS::S3::Bucket\n    DependsOn: Q{}\n    Properties:\n      Tags:\n        - Key: topic\n          Value: !Ref Q{}\n",
                    i - 1,
                    i - 1
                )),
            }
        }
        t.push_str("Outputs:\n  Last:\n    Value: !Ref Q0\n");
        t
    }

    fn validate_500(c: &mut Criterion) {
        let schemas = Schemas::from_json(SCHEMAS_JSON).expect("schemas");
        let text = template(500);
        assert!(!validate(&text, &schemas).has_errors());
        c.bench_function("cfn/validate_500_resources", |b| {
            b.iter(|| validate(black_box(&text), &schemas))
        });
        c.bench_function("cfn/plan_500_resources", |b| {
            let report = validate(&text, &schemas);
            let root = report.root.expect("parsed");
            let entries = root
                .get("Resources")
                .and_then(|r| r.as_map())
                .expect("resources");
            let names = entries
                .iter()
                .map(|(k, _)| (k.name.clone(), None))
                .collect();
            b.iter(|| Graph::of(black_box(entries), &names).waves())
        });
        c.bench_function("cfn/load_schemas", |b| {
            b.iter(|| Schemas::from_json(black_box(SCHEMAS_JSON)))
        });
    }

    criterion_group!(benches, validate_500);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

/// Nothing to run in WebAssembly.
#[cfg(target_arch = "wasm32")]
fn main() {}
