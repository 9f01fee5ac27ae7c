//! The Vietnamese of the texts this worker words (`t!` in the lab model's template findings
//! and jobs, the stack views of `cfn_view`, the CloudFormation and deployment labs' grades and
//! the deployment sandbox's AWS configuration) into `$OUT_DIR/texts_vi.rs`: the worker has no labs file to
//! take them from, and installs them when it starts.
#[path = "../course/build/texts.rs"]
mod texts;

fn main() {
    let mut found = Vec::new();
    for file in [
        "../course/src/cfn.rs",
        "../course/src/jobs.rs",
        // The lab checks it grades, and the verdicts it words.
        "../course/src/family/cfn/run.rs",
        "../course/src/check/verdict.rs",
        "../course/src/cfn_view.rs",
        "../course/src/deploy_aws.rs",
        // The deployment labs' grades: the measures, why a configuration cannot run.
        "../course/src/family/deploy/mod.rs",
        "../course/src/family/deploy/reasons.rs",
        "../course/src/family/deploy/scenario.rs",
        "../course/src/family/deploy/setup.rs",
        // The appspec lab's grades and panel, and the CodeDeploy findings they word.
        "../course/src/family/appspec/run.rs",
        "../course/src/cicd/codedeploy.rs",
    ] {
        println!("cargo:rerun-if-changed={file}");
        match std::fs::read_to_string(file) {
            Ok(source) => found.extend(texts::scan(&source)),
            Err(e) => {
                eprintln!("error: cannot read {file}: {e}");
                std::process::exit(1);
            }
        }
    }
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let path = std::path::Path::new(&out).join("texts_vi.rs");
    if let Err(e) = std::fs::write(&path, texts::table_source(&found)) {
        eprintln!("error: cannot write {}: {e}", path.display());
        std::process::exit(1);
    }
}
