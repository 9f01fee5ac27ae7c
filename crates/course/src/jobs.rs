//! Work the app hands to its parsers worker, and the worker's answers.
//!
//! Parsers (YAML today; CloudFormation, buildspec and log-query parsers later) are heavy
//! and only some pages need them, so they live in a second WebAssembly module that runs in
//! a Web Worker and is fetched the first time a page asks (see ARCHITECTURE.md, "What
//! loads when"). Messages are postcard bytes of [`Request`] and [`Response`]: both sides
//! are built from this one definition, so they cannot disagree.
use serde::{Deserialize, Serialize};

use engine::dora::EventLog;

use crate::cfn_script::Op;
use crate::lang::Lang;
use crate::panel::{Drawing, Panel};

/// A job and the number that its response will carry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub id: u32,
    pub job: Job,
}

/// What to parse.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Job {
    /// A DORA event log (YAML, `engine::dora`'s format).
    DoraLog(String),
    /// A CloudFormation template (YAML or JSON) to validate, its findings worded in `lang`;
    /// `None`: the sample template ([`CfnReport::sample`]), which stays out of the app.
    /// `schemas` names the resource knowledge's file beside the app (`cfn-resources-<hash>.json`),
    /// which the worker fetches with the first template and keeps.
    CfnTemplate {
        text: Option<String>,
        lang: Lang,
        schemas: String,
    },
    /// A script of stack operations, replayed from the start (`cfn_script::run`): answered
    /// with the panel of its last operation and stack (`cfn_view::script_panel`).
    CfnScript {
        ops: Vec<Op>,
        lang: Lang,
        schemas: String,
    },
    /// A template in the other format (YAML with short-form tags ⇄ JSON with the long forms,
    /// `cfn_view::convert`), answered with a panel holding it as read-only code.
    CfnConvert { text: String, lang: Lang },
    /// A lab's workspace that only the worker can build (the families whose
    /// `FamilyModule::WORKER_PANEL` is set: CloudFormation's stacks, CI/CD's runs), answered
    /// with a panel. The worker finds the lab in its own copy of the labs file, as for
    /// [`Job::Grade`]; `checks` is not read.
    LabPanel(LabGrade),
    /// Checks the app cannot grade itself (a family whose engine stays in the worker: the
    /// CloudFormation family's, see `crate::sealed`, and the deployment family's), graded in the
    /// worker's own copy of the lab and worded in `lang` ([`LabGrade`]).
    Grade(LabGrade),
    /// The deployment sandbox's set-up, answered with its AWS configuration JSON and the
    /// blocks' titles and notes worded in `lang` ([`crate::deploy_aws`]).
    DeployAws {
        setup: crate::deploy_aws::AwsSetup,
        lang: Lang,
    },
    /// A deployment to simulate (`engine::deploy::simulate`, feature `sim`): answered with
    /// [`Outcome::Simulated`]. The simulator stays out of the app's first load.
    Simulate(engine::deploy::SimConfig),
    /// An exam practice page (`crate::exam`, feature `exam`): the worker loads the compiled
    /// question bank named in the job (beside the app, decoded once and kept), replays the
    /// learner's log and answers with the page as a panel.
    Exam(crate::exam::ExamJob),
}

/// A lab's pending checks for the worker to grade ([`Job::Grade`]). The worker loads the
/// compiled labs file itself (`labs`, beside the app, decoded once and kept), finds the lab,
/// grades it with [`crate::grade`] and answers the results of `checks`; a sealed item or check
/// comes from that file, never from the job.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabGrade {
    /// The lab's id.
    pub lab: String,
    /// The compiled labs of `lang` beside the app (`labs-<lang>-<hash>.bin`).
    pub labs: String,
    pub lang: Lang,
    /// The templates' resource knowledge file (see [`Job::CfnTemplate`]), loaded when the lab
    /// has CloudFormation checks.
    pub schemas: String,
    /// The ids of the checks to answer (those the app has as pending).
    pub checks: Vec<String>,
    /// The learner's answers, as saved progress writes them (JSON: answers are untagged).
    pub answers: String,
    /// For [`Job::LabPanel`]: the inputs of the step the learner is on, which the workspace
    /// shows first (see `FamilyModule::panel`).
    pub focus: Vec<String>,
}

/// One check graded in the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settled {
    pub id: String,
    /// The input it read.
    pub input: String,
    /// `None`: not answered.
    pub said: Option<Said>,
    pub why: Vec<crate::doc::Doc>,
    pub feedback: Option<crate::doc::Doc>,
}

/// A verdict the worker has worded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Said {
    pub passed: bool,
    pub text: String,
}

/// A job's outcome, with its request's number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub id: u32,
    pub outcome: Outcome,
}

/// What a job produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Outcome {
    DoraLog(Result<EventLog, Located>),
    /// A template's findings and resource graph, worded in the job's language.
    CfnTemplate(CfnReport),
    /// The checks of a [`Job::Grade`], in its order.
    Graded(Vec<Settled>),
    /// Why a job could not run (a template's resource knowledge did not load), worded in
    /// the job's language; the next job tries again.
    NotRun(String),
    /// The request could not be read (a worker and an app from different builds).
    BadRequest(String),
    /// A view built in the worker, for the page to draw.
    Panel(Panel),
    /// The deployment sandbox's AWS configuration blocks.
    DeployAws(crate::deploy_aws::AwsConfig),
    /// A [`Job::Simulate`]'s run, or the engine's reason for not running it (data, worded by
    /// the app).
    Simulated(Result<engine::deploy::Simulation, engine::deploy::ConfigError>),
}

/// A problem at a 1-based line and column of the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Located {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// What validating a template found, ready to show: the engine stays in the worker.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CfnReport {
    /// `yaml` or `json`; empty when the text did not parse.
    pub format: String,
    /// The status line: the format, how many resources, errors and warnings (worded).
    pub summary: String,
    /// The sample template's text, when the job asked for it.
    pub sample: Option<String>,
    /// How many resources the template declares.
    pub resources: usize,
    /// Sorted by position.
    pub findings: Vec<Finding>,
    /// Creation waves: each wave's resources depend only on earlier waves'; with a cycle,
    /// the resources that can never be created (in a cycle, or waiting for one) are the
    /// last wave. Empty when the template did not parse.
    pub waves: Vec<Vec<String>>,
    /// The dependency cycles, each named resource by resource.
    pub cycles: Vec<Vec<String>>,
    /// The resource graph, laid out: one column per wave, an arrow per dependency (the
    /// page only draws it, so its layout code stays out of the app's first load).
    pub graph: Drawing,
}

/// One finding of a template, worded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub line: usize,
    pub column: usize,
    pub error: bool,
    /// The rule's stable id (`engine::cfn::Rule::id`).
    pub rule: String,
    pub message: String,
    /// The line the page lists: "Error 5:7 message [rule-id]".
    pub text: String,
}

impl Request {
    pub fn encode(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap_or_default()
    }
}

impl Response {
    pub fn encode(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap_or_default()
    }

    /// A response from the worker's bytes; `None` when they cannot be read.
    pub fn decode(bytes: &[u8]) -> Option<Response> {
        postcard::from_bytes(bytes).ok()
    }
}

/// Does a job (feature `parse`: the worker, and tests that run jobs in the page). Files beside
/// the app come from `load` (the file's name → its bytes): a template's resource knowledge,
/// asked once (kept for the next templates, and asked again only after a failure), and the
/// compiled labs that [`Job::Grade`] grades in (decoded once per file and kept).
#[cfg(feature = "parse")]
pub fn run(job: Job, load: &dyn Fn(&str) -> Result<Vec<u8>, String>) -> Outcome {
    match job {
        Job::DoraLog(text) => {
            Outcome::DoraLog(engine::dora::parse_log(&text).map_err(|e| Located {
                line: e.line,
                column: e.column,
                message: e.message,
            }))
        }
        #[cfg(feature = "cfn")]
        Job::CfnTemplate {
            text,
            lang,
            schemas,
        } => {
            let checked = match text {
                Some(text) => cfn::check(&text, lang, &schemas, load),
                None => cfn::check(cfn::SAMPLE, lang, &schemas, load).map(|r| CfnReport {
                    sample: Some(cfn::SAMPLE.into()),
                    ..r
                }),
            };
            checked.map_or_else(Outcome::NotRun, Outcome::CfnTemplate)
        }
        // No operation yet: nothing to show, and no need of the resource knowledge.
        #[cfg(feature = "cfn")]
        Job::CfnScript { ops, .. } if ops.is_empty() => Outcome::Panel(Default::default()),
        #[cfg(feature = "cfn")]
        Job::CfnScript { ops, lang, schemas } => match cfn::load_schemas(lang, &schemas, load) {
            Ok(schemas) => {
                let (cloud, done) = crate::cfn_script::run(schemas, &ops);
                Outcome::Panel(crate::cfn_view::script_panel(&cloud, &ops, &done, lang))
            }
            Err(e) => Outcome::NotRun(e),
        },
        #[cfg(feature = "cfn")]
        Job::CfnConvert { text, lang } => Outcome::Panel(crate::cfn_view::convert(&text, lang)),
        #[cfg(not(feature = "cfn"))]
        Job::CfnTemplate { .. } | Job::CfnScript { .. } | Job::CfnConvert { .. } => {
            let _ = load;
            Outcome::BadRequest("this worker has no template engine".into())
        }
        Job::Grade(job) => grade(&job, load),
        Job::LabPanel(job) => lab_panel(&job, load),
        #[cfg(feature = "aws")]
        Job::DeployAws { setup, lang } => {
            Outcome::DeployAws(crate::deploy_aws::config(&setup, lang))
        }
        #[cfg(not(feature = "aws"))]
        Job::DeployAws { .. } => {
            Outcome::BadRequest("this worker does not build AWS configurations".into())
        }
        #[cfg(feature = "sim")]
        Job::Simulate(config) => Outcome::Simulated(engine::deploy::simulate(&config)),
        #[cfg(not(feature = "sim"))]
        Job::Simulate(_) => Outcome::BadRequest("this worker has no simulator".into()),
        #[cfg(feature = "exam")]
        Job::Exam(job) => match bank(&job.bank, job.lang, load) {
            Ok(bank) => Outcome::Panel(crate::exam::view::page(bank, &job)),
            Err(reason) => Outcome::NotRun(reason),
        },
        #[cfg(not(feature = "exam"))]
        Job::Exam(_) => Outcome::BadRequest("this worker has no exam practice".into()),
    }
}

/// The compiled labs the worker has loaded, by file name, each decoded once.
#[cfg(feature = "parse")]
fn labs(
    file: &str,
    lang: Lang,
    load: &dyn Fn(&str) -> Result<Vec<u8>, String>,
) -> Result<&'static crate::Catalogue, String> {
    use crate::lang::T;
    use std::cell::RefCell;
    thread_local! {
        static LOADED: RefCell<Vec<(String, &'static crate::Catalogue)>> = const { RefCell::new(Vec::new()) };
    }
    if let Some(c) = LOADED.with(|l| l.borrow().iter().find(|(f, _)| f == file).map(|(_, c)| *c)) {
        return Ok(c);
    }
    let decoded = load(file).and_then(|bytes| {
        let catalogue = crate::Catalogue::decode(&bytes);
        match catalogue.problems.first() {
            Some(p) => Err(p.message.clone()),
            None => Ok(catalogue),
        }
    });
    match decoded {
        Ok(catalogue) => {
            let kept: &'static crate::Catalogue = Box::leak(Box::new(catalogue));
            LOADED.with(|l| l.borrow_mut().push((file.to_string(), kept)));
            Ok(kept)
        }
        Err(e) => Err(t!(
            "The labs ({file}) could not be loaded: {reason}",
            "Không tải được các bài lab ({file}): {reason}"
        )
        .fill(
            lang,
            &[("file", &file as &dyn std::fmt::Display), ("reason", &e)],
        )),
    }
}

/// The compiled question banks the worker has loaded, by file name, each decoded once.
#[cfg(feature = "exam")]
fn bank(
    file: &str,
    lang: Lang,
    load: &dyn Fn(&str) -> Result<Vec<u8>, String>,
) -> Result<&'static crate::exam::Bank, String> {
    use crate::lang::T;
    use std::cell::RefCell;
    thread_local! {
        static LOADED: RefCell<Vec<(String, &'static crate::exam::Bank)>> = const { RefCell::new(Vec::new()) };
    }
    if let Some(b) = LOADED.with(|l| l.borrow().iter().find(|(f, _)| f == file).map(|(_, b)| *b)) {
        return Ok(b);
    }
    let decoded = load(file).and_then(|bytes| {
        crate::exam::Bank::decode(&bytes)
            .ok_or_else(|| "the file is damaged or from another version".to_string())
    });
    match decoded {
        Ok(bank) => {
            let kept: &'static crate::exam::Bank = Box::leak(Box::new(bank));
            LOADED.with(|l| l.borrow_mut().push((file.to_string(), kept)));
            Ok(kept)
        }
        Err(e) => Err(t!(
            "The exam questions ({file}) could not be loaded: {reason}",
            "Không tải được bộ câu hỏi luyện thi ({file}): {reason}"
        )
        .fill(
            lang,
            &[("file", &file as &dyn std::fmt::Display), ("reason", &e)],
        )),
    }
}

/// A lab of the worker's copy of the labs, and the learner's answers to it.
#[cfg(feature = "parse")]
type Found = (&'static crate::Lab, crate::answer::Answers);

/// The lab of a job from the worker's copy of the labs file, its resource knowledge loaded
/// when it has CloudFormation items or checks, and the learner's answers.
#[cfg(feature = "parse")]
fn lab_of(job: &LabGrade, load: &dyn Fn(&str) -> Result<Vec<u8>, String>) -> Result<Found, String> {
    use crate::lang::T;
    let catalogue = labs(&job.labs, job.lang, load)?;
    let Some(lab) = catalogue.labs.iter().find(|l| l.id == job.lab) else {
        return Err(t!(
            "There is no lab \"{lab}\" in {file}.",
            "Không có bài lab \"{lab}\" trong {file}."
        )
        .fill(
            job.lang,
            &[
                ("lab", &job.lab as &dyn std::fmt::Display),
                ("file", &job.labs),
            ],
        ));
    };
    #[cfg(feature = "cfn")]
    if !lab.workspace.cfn.is_empty()
        || lab
            .checks
            .iter()
            .any(|c| matches!(c.kind, crate::family::CheckKind::Cfn(_)))
    {
        cfn::load_schemas(job.lang, &job.schemas, load)?;
    }
    let answers = serde_json::from_str(&job.answers).unwrap_or_default();
    Ok((lab, answers))
}

/// A [`Job::LabPanel`]: the workspace every family with items in the lab builds here.
#[cfg(feature = "parse")]
fn lab_panel(job: &LabGrade, load: &dyn Fn(&str) -> Result<Vec<u8>, String>) -> Outcome {
    match lab_of(job, load) {
        Ok((lab, answers)) => {
            Outcome::Panel(
                lab.workspace
                    .panel(&lab.view(), &answers, &job.focus, job.lang),
            )
        }
        Err(reason) => Outcome::NotRun(reason),
    }
}

/// Grades a [`Job::Grade`]: the lab from the worker's copy of the labs file, every check
/// through its family (the engines are here), and answers the checks the app asked for.
#[cfg(feature = "parse")]
fn grade(job: &LabGrade, load: &dyn Fn(&str) -> Result<Vec<u8>, String>) -> Outcome {
    let (lab, answers) = match lab_of(job, load) {
        Ok(found) => found,
        Err(reason) => return Outcome::NotRun(reason),
    };
    let report = crate::grade(lab, &answers, &Default::default());
    let settled = report
        .results
        .into_iter()
        .filter(|r| job.checks.contains(&r.id))
        .map(|r| {
            let said = (r.verdict != crate::check::Verdict::NotAnswered).then(|| Said {
                passed: r.verdict.passed(),
                text: r.verdict.message(job.lang),
            });
            Settled {
                id: r.id,
                input: r.input,
                said,
                why: r.why,
                feedback: r.feedback,
            }
        })
        .collect();
    Outcome::Graded(settled)
}

/// Answers a request's bytes with a response's bytes (feature `parse`).
#[cfg(feature = "parse")]
pub fn answer(request: &[u8], load: &dyn Fn(&str) -> Result<Vec<u8>, String>) -> Vec<u8> {
    let response = match postcard::from_bytes::<Request>(request) {
        Ok(r) => Response {
            id: r.id,
            outcome: run(r.job, load),
        },
        Err(e) => Response {
            id: u32::MAX,
            outcome: Outcome::BadRequest(e.to_string()),
        },
    };
    response.encode()
}

#[cfg(all(feature = "parse", feature = "cfn"))]
mod cfn {
    use std::collections::{BTreeMap, BTreeSet};

    use engine::cfn::{cycles, validate, Format, Graph, Schemas, Severity};

    use super::CfnReport;
    use super::Finding;
    use crate::lang::{Lang, T};
    use crate::panel::{Drawing, Shape};

    /// The template the sandbox opens with: a queue, a function that reads it, and its role.
    pub const SAMPLE: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Description: A queue and the function that reads it
Parameters:
  Env:
    Type: String
    AllowedValues: [dev, prod]
    Default: dev
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "${Env}-orders"
      VisibilityTimeout: 60
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole
  Function:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Role.Arn
      Code:
        ZipFile: |
          def handler(event, context):
              return len(event["Records"])
  Trigger:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      EventSourceArn: !GetAtt Queue.Arn
      FunctionName: !Ref Function
      BatchSize: 10
Outputs:
  QueueUrl:
    Value: !Ref Queue
"#;

    /// The resource knowledge: loaded with the first job that needs it, then kept.
    pub fn load_schemas(
        lang: Lang,
        file: &str,
        load: &dyn Fn(&str) -> Result<Vec<u8>, String>,
    ) -> Result<&'static Schemas, String> {
        if let Some(s) = crate::cfn::schemas() {
            return Ok(s);
        }
        let text = |bytes: Vec<u8>| String::from_utf8(bytes).map_err(|e| e.to_string());
        match load(file)
            .and_then(text)
            .and_then(|json| Schemas::from_json(&json))
        {
            Ok(s) => Ok(crate::cfn::install_schemas(s)),
            Err(e) => Err(t!(
                "The resource knowledge ({file}) could not be loaded: {reason}",
                "Không tải được dữ liệu về các resource ({file}): {reason}"
            )
            .fill(
                lang,
                &[("file", &file as &dyn std::fmt::Display), ("reason", &e)],
            )),
        }
    }

    pub fn check(
        text: &str,
        lang: Lang,
        file: &str,
        load: &dyn Fn(&str) -> Result<Vec<u8>, String>,
    ) -> Result<CfnReport, String> {
        let schemas = load_schemas(lang, file, load)?;
        let report = validate(text, schemas);
        let mut out = CfnReport {
            format: match report.format {
                Some(Format::Yaml) => "yaml".into(),
                Some(Format::Json) => "json".into(),
                None => String::new(),
            },
            findings: report
                .diagnostics
                .iter()
                .map(|d| {
                    let error = d.severity() == Severity::Error;
                    let message = crate::cfn::message(d, lang);
                    let severity = if error {
                        t!("Error", "Lỗi")
                    } else {
                        t!("Warning", "Cảnh báo")
                    };
                    Finding {
                        line: d.pos.line as usize,
                        column: d.pos.col as usize,
                        error,
                        rule: d.rule.id().into(),
                        text: format!(
                            "{} {}:{} {message} [{}]",
                            severity.get(lang),
                            d.pos.line,
                            d.pos.col,
                            d.rule.id()
                        ),
                        message,
                    }
                })
                .collect(),
            ..CfnReport::default()
        };
        let entries = report
            .root
            .as_ref()
            .and_then(|r| r.get("Resources"))
            .and_then(|r| r.as_map());
        if let Some(entries) = entries {
            let names: BTreeMap<String, Option<String>> = entries
                .iter()
                .map(|(k, _)| (k.name.clone(), None))
                .collect();
            let graph = Graph::of(entries, &names);
            out.resources = names.len();
            out.cycles = cycles(&graph);
            out.waves = graph.waves().unwrap_or_else(|| partial_waves(&graph));
            out.graph = draw(&out.waves, &graph, &out.cycles, lang);
        }
        out.summary = summary(&out, lang);
        Ok(out)
    }

    /// The waves of a graph with a cycle: as many as can be created, then the rest.
    fn partial_waves(graph: &Graph) -> Vec<Vec<String>> {
        let mut done: BTreeSet<&str> = BTreeSet::new();
        let mut waves = Vec::new();
        loop {
            let wave: Vec<String> = graph
                .edges
                .iter()
                .filter(|(n, deps)| {
                    !done.contains(n.as_str()) && deps.iter().all(|d| done.contains(d.as_str()))
                })
                .map(|(n, _)| n.clone())
                .collect();
            if wave.is_empty() {
                break;
            }
            done.extend(
                graph
                    .edges
                    .keys()
                    .filter(|n| wave.contains(n))
                    .map(String::as_str),
            );
            waves.push(wave);
        }
        let rest: Vec<String> = graph
            .edges
            .keys()
            .filter(|n| !done.contains(n.as_str()))
            .cloned()
            .collect();
        if !rest.is_empty() {
            waves.push(rest);
        }
        waves
    }

    const COL: u32 = 190;
    const BOX_W: u32 = 150;
    const ROW: u32 = 40;
    const BOX_H: u32 = 28;
    const TOP: u32 = 40;

    /// The graph laid out: a column per wave, a box per resource, an arrow per dependency.
    fn draw(waves: &[Vec<String>], graph: &Graph, cycles: &[Vec<String>], lang: Lang) -> Drawing {
        let mut at: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
        let mut shapes = Vec::new();
        for (c, wave) in waves.iter().enumerate() {
            let x = c as u32 * COL + 4;
            let stuck = !cycles.is_empty() && c + 1 == waves.len();
            let text = if stuck {
                t!("cycle", "vòng lặp").get(lang).to_string()
            } else {
                t!("wave {n}", "đợt {n}").fill(lang, &[("n", &(c + 1))])
            };
            shapes.push(Shape::Head { x, y: 14, text });
            for (r, name) in wave.iter().enumerate() {
                let y = TOP + r as u32 * ROW;
                at.insert(name, (x, y));
                let text = if name.chars().count() > 19 {
                    name.chars().take(18).chain(['…']).collect()
                } else {
                    name.clone()
                };
                let cycle = cycles.iter().any(|c| c.contains(name));
                shapes.push(Shape::Node { x, y, cycle, text });
            }
        }
        for (name, deps) in &graph.edges {
            let Some(&(x2, y2)) = at.get(name.as_str()) else {
                continue;
            };
            for dep in deps {
                let Some(&(x1, y1)) = at.get(dep.as_str()) else {
                    continue;
                };
                let (y1, y2) = (f64::from(y1 + BOX_H / 2), f64::from(y2 + BOX_H / 2));
                let (s, e) = (f64::from(x1), f64::from(x2));
                let w = f64::from(BOX_W);
                // From the side facing the other box: a straight line to the next column; a
                // curve between the rows over a farther one, and on the right within one.
                let (x1, x2, c1, c2) = if x1 == x2 {
                    ((s + w), (e + w), (s + w + 40.0, y1), (e + w + 40.0, y2))
                } else if x1 + COL == x2 {
                    ((s + w), e, (s + w, y1), (s + w, y1))
                } else if x1 < x2 {
                    let top = y1.min(y2) - f64::from(ROW) * 0.7;
                    ((s + w), e, (s + w + 50.0, top), (e - 50.0, top))
                } else {
                    let top = y1.min(y2) - f64::from(ROW) * 0.7;
                    (s, (e + w), (s - 50.0, top), (e + w + 50.0, top))
                };
                // The head: two strokes back from the end, along the curve's last direction.
                let (dx, dy) = (x2 - c2.0, y2 - c2.1);
                let len = (dx * dx + dy * dy).sqrt().max(1.0);
                let (ux, uy) = (dx / len * 8.0, dy / len * 8.0);
                let (hx, hy) = (x2 - ux, y2 - uy);
                shapes.push(Shape::Arrow(format!(
                    "M{x1} {y1}C{:.0} {:.0} {:.0} {:.0} {x2} {y2}M{:.1} {:.1}L{x2} {y2}L{:.1} {:.1}",
                    c1.0,
                    c1.1,
                    c2.0,
                    c2.1,
                    hx - uy * 0.5,
                    hy + ux * 0.5,
                    hx + uy * 0.5,
                    hy - ux * 0.5
                )));
            }
        }
        let tall = waves.iter().map(Vec::len).max().unwrap_or(0) as u32;
        let resources = at.len();
        Drawing {
            width: waves.len() as u32 * COL,
            height: TOP + tall * ROW,
            label: t!(
                "Resource graph: {r} resources in {w} columns, arrows from each resource to those that wait for it",
                "Sơ đồ resource: {r} resource trong {w} cột, mũi tên đi từ mỗi resource tới các resource chờ nó"
            )
            .fill(lang, &[("r", &resources), ("w", &waves.len())]),
            shapes,
        }
    }

    /// "Read as YAML. Resources: 4, errors: 1, warnings: 0".
    fn summary(report: &CfnReport, lang: Lang) -> String {
        let errors = report.findings.iter().filter(|f| f.error).count();
        let counts: [(&str, &dyn std::fmt::Display); 3] = [
            ("r", &report.resources),
            ("e", &errors),
            ("w", &(report.findings.len() - errors)),
        ];
        match report.format.as_str() {
            "" => t!(
                "Not read. Resources: {r}, errors: {e}, warnings: {w}",
                "Không đọc được. Resource: {r}, lỗi: {e}, cảnh báo: {w}"
            )
            .fill(lang, &counts),
            format => {
                let format = format.to_ascii_uppercase();
                let mut values = vec![("format", &format as &dyn std::fmt::Display)];
                values.extend(counts);
                t!(
                    "Read as {format}. Resources: {r}, errors: {e}, warnings: {w}",
                    "Đọc dạng {format}. Resource: {r}, lỗi: {e}, cảnh báo: {w}"
                )
                .fill(lang, &values)
            }
        }
    }
}

#[cfg(all(test, feature = "parse"))]
mod tests {
    use super::*;

    fn no_files(name: &str) -> Result<Vec<u8>, String> {
        Err(format!("no file {name}"))
    }

    #[test]
    fn a_request_is_answered_with_the_parsed_log_or_a_located_error() {
        let ok = Request {
            id: 7,
            job: Job::DoraLog(
                "team: T\nfrom: 2025-03-03T00:00:00Z\nto: 2025-03-10T00:00:00Z\n".into(),
            ),
        };
        let response = Response::decode(&answer(&ok.encode(), &no_files)).unwrap();
        assert_eq!(response.id, 7);
        match response.outcome {
            Outcome::DoraLog(Ok(log)) => assert_eq!(log.team, "T"),
            other => panic!("{other:?}"),
        }
        let bad = Request {
            id: 8,
            job: Job::DoraLog("team: [unclosed\n".into()),
        };
        let response = Response::decode(&answer(&bad.encode(), &no_files)).unwrap();
        assert_eq!(response.id, 8);
        match response.outcome {
            Outcome::DoraLog(Err(Located { line, .. })) => assert!(line >= 1),
            other => panic!("{other:?}"),
        }
        let garbage = Response::decode(&answer(&[0xff, 0xff, 0xff], &no_files)).unwrap();
        assert!(matches!(garbage.outcome, Outcome::BadRequest(_)));
    }
}

#[cfg(all(test, feature = "parse", feature = "cfn"))]
mod cfn_tests {
    use super::*;
    use crate::panel::Shape;

    fn schemas(_: &str) -> Result<Vec<u8>, String> {
        Ok(engine::cfn::SCHEMAS_JSON.as_bytes().to_vec())
    }

    fn check(text: &str, lang: Lang) -> CfnReport {
        let job = Job::CfnTemplate {
            text: Some(text.into()),
            lang,
            schemas: "cfn-resources-0123456789abcdef.json".into(),
        };
        let request = Request { id: 3, job };
        let response = Response::decode(&answer(&request.encode(), &schemas)).unwrap();
        assert_eq!(response.id, 3);
        match response.outcome {
            Outcome::CfnTemplate(report) => report,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_template_is_answered_with_worded_findings_and_its_creation_waves() {
        let text = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: !GetAtt Queue.QueueName\n  Bucket:\n    Type: AWS::S3::Bucket\n    DependsOn: [Topic, Queue]\n    Properties:\n      BucketNam: x\n";
        let report = check(text, Lang::En);
        assert_eq!(report.format, "yaml");
        assert_eq!(report.resources, 3);
        assert_eq!(
            report.waves,
            vec![
                vec!["Queue".to_string()],
                vec!["Topic".into()],
                vec!["Bucket".into()]
            ]
        );
        let arrows = report
            .graph
            .shapes
            .iter()
            .filter(|s| matches!(s, Shape::Arrow(_)));
        assert_eq!(arrows.count(), 3);
        assert_eq!(report.graph.width, 3 * 190);
        assert_eq!(
            report.summary,
            "Read as YAML. Resources: 3, errors: 1, warnings: 0"
        );
        assert!(report.cycles.is_empty());
        let f = &report.findings[0];
        assert_eq!((f.line, f.column, f.error), (12, 7, true), "{f:?}");
        assert!(f.message.contains("BucketNam"), "{}", f.message);
        // The same finding in Vietnamese, the rule id unchanged.
        let vi = check(text, Lang::Vi);
        assert_eq!(vi.findings[0].rule, f.rule);
        assert_ne!(vi.findings[0].message, f.message);
        assert_eq!(
            vi.summary,
            "Đọc dạng YAML. Resource: 3, lỗi: 1, cảnh báo: 0"
        );
    }

    #[test]
    fn the_sample_comes_with_its_report_and_is_accepted_in_three_waves() {
        let job = Job::CfnTemplate {
            text: None,
            lang: Lang::En,
            schemas: String::new(),
        };
        let Outcome::CfnTemplate(report) = run(job, &schemas) else {
            panic!("no report");
        };
        assert_eq!(report.sample.as_deref(), Some(cfn::SAMPLE));
        assert_eq!(report.findings, vec![]);
        assert_eq!(
            report.summary,
            "Read as YAML. Resources: 4, errors: 0, warnings: 0"
        );
        assert_eq!(report.waves.len(), 3);
    }

    #[test]
    fn a_cycle_is_named_and_bad_or_huge_text_is_a_finding_not_a_panic() {
        let text = "{\"Resources\": {\"A\": {\"Type\": \"AWS::SNS::Topic\", \"DependsOn\": \"B\"}, \"B\": {\"Type\": \"AWS::SNS::Topic\", \"DependsOn\": \"A\"}}}";
        let report = check(text, Lang::En);
        assert_eq!(report.format, "json");
        assert_eq!(report.waves, vec![vec!["A".to_string(), "B".into()]]);
        assert_eq!(report.cycles.len(), 1);
        let heads: Vec<&Shape> = report
            .graph
            .shapes
            .iter()
            .filter(|s| matches!(s, Shape::Head { .. }))
            .collect();
        assert_eq!(
            heads,
            [&Shape::Head {
                x: 4,
                y: 14,
                text: "cycle".into()
            }]
        );
        assert!(report.findings.iter().any(|f| f.rule == "dependency-cycle"));
        for bad in ["Resources: [unclosed\n", "", "- a\n- b\n", "\u{0}\u{1}:"] {
            let report = check(bad, Lang::En);
            assert!(report.findings.iter().any(|f| f.error), "{bad:?}");
        }
        let huge = format!("Resources: {{}}\n#{}\n", "x".repeat(1_100_000));
        let report = check(&huge, Lang::En);
        assert_eq!(report.findings.len(), 1);
        assert_eq!(report.findings[0].rule, "template-size");
        assert!(report.findings[0].message.contains("1 MB"));
    }

    #[test]
    fn a_script_is_answered_with_a_panel_and_an_empty_one_needs_no_knowledge() {
        let failing = |name: &str| -> Result<Vec<u8>, String> { Err(format!("{name}: offline")) };
        let empty = Job::CfnScript {
            ops: vec![],
            lang: Lang::En,
            schemas: "cfn-resources-x.json".into(),
        };
        assert_eq!(run(empty, &failing), Outcome::Panel(Default::default()));
        let create = Job::CfnScript {
            ops: vec![crate::cfn_script::Op::Create {
                stack: "s".into(),
                template: "Resources:\n  T:\n    Type: AWS::SNS::Topic\n".into(),
                parameters: vec![],
                disable_rollback: false,
            }],
            lang: Lang::Vi,
            schemas: String::new(),
        };
        let request = Request { id: 9, job: create };
        let response = Response::decode(&answer(&request.encode(), &schemas)).unwrap();
        let Outcome::Panel(panel) = response.outcome else {
            panic!("{:?}", response.outcome)
        };
        assert!(panel.blocks.iter().any(|b| matches!(b, crate::panel::Block::Note { text, .. } if text == "Stack s đang ở trạng thái CREATE_COMPLETE")), "{panel:?}");
        let converted = run(
            Job::CfnConvert {
                text: "{\"Resources\": {\"T\": {\"Type\": \"AWS::SNS::Topic\", \"Properties\": {\"DisplayName\": {\"Ref\": \"AWS::StackName\"}}}}}".into(),
                lang: Lang::En,
            },
            &failing,
        );
        let Outcome::Panel(panel) = converted else {
            panic!("{converted:?}")
        };
        assert!(
            matches!(&panel.blocks[0], crate::panel::Block::Code { text, .. } if text.contains("DisplayName: !Ref AWS::StackName")),
            "{panel:?}"
        );
    }

    #[test]
    fn knowledge_that_does_not_load_is_said_and_asked_for_again() {
        let failing = |name: &str| -> Result<Vec<u8>, String> { Err(format!("{name}: offline")) };
        // Another test may have loaded the knowledge already (it is kept once loaded).
        let outcome = run(
            Job::CfnTemplate {
                text: Some("Resources: {}\n".into()),
                lang: Lang::En,
                schemas: "cfn-resources-x.json".into(),
            },
            &failing,
        );
        match outcome {
            Outcome::NotRun(e) => assert!(e.contains("cfn-resources-x.json: offline")),
            Outcome::CfnTemplate(_) => {}
            other => panic!("{other:?}"),
        }
    }
}

#[cfg(all(test, feature = "parse", feature = "aws"))]
mod deploy_aws_tests {
    use super::*;
    use crate::deploy_aws::{AwsSetup, Platform};
    use crate::family::deploy::setup::{AlarmSetup, GroupSetup, StrategySetup};

    #[test]
    fn a_sandbox_setup_is_answered_with_its_aws_configuration() {
        let setup = AwsSetup {
            strategy: StrategySetup::default(),
            compare: None,
            platform: Platform::Ecs,
            fleet: 20,
            alarm: Some(AlarmSetup::default()),
            group: GroupSetup::default(),
        };
        let request = Request {
            id: 4,
            job: Job::DeployAws {
                setup: setup.clone(),
                lang: Lang::Vi,
            },
        };
        let response =
            Response::decode(&answer(&request.encode(), &|_| Err(String::new()))).unwrap();
        assert_eq!(response.id, 4);
        let expected = crate::deploy_aws::config(&setup, Lang::Vi);
        assert_eq!(response.outcome, Outcome::DeployAws(expected.clone()));
        assert!(expected.blocks[0].json.contains("\"TimeBasedCanary\""));
        assert_eq!(expected.compare, None);
    }
}

#[cfg(all(test, feature = "parse", feature = "sim"))]
mod simulate_tests {
    use super::*;

    /// The worker's run, through postcard both ways, is the engine's run to the bit; a
    /// configuration the engine rejects comes back as its reason, data for the app to word.
    #[test]
    fn a_simulation_comes_back_from_the_worker_bit_for_bit() {
        let config = engine::fingerprint::deploy_config();
        let request = Request {
            id: 5,
            job: Job::Simulate(config.clone()),
        };
        let response =
            Response::decode(&answer(&request.encode(), &|_| Err(String::new()))).unwrap();
        assert_eq!(response.id, 5);
        let Outcome::Simulated(Ok(run)) = response.outcome else {
            panic!("no run");
        };
        let direct = engine::deploy::simulate(&config).unwrap();
        assert_eq!(run, direct);
        let bits = |s: &engine::deploy::Simulation| -> Vec<u64> {
            s.series
                .iter()
                .flat_map(|x| [x.error_rate.to_bits(), x.green_percent.to_bits()])
                .collect()
        };
        assert_eq!(bits(&run), bits(&direct));
        let bad = engine::deploy::SimConfig {
            fleet_size: 0,
            ..config
        };
        let request = Request {
            id: 6,
            job: Job::Simulate(bad.clone()),
        };
        let response =
            Response::decode(&answer(&request.encode(), &|_| Err(String::new()))).unwrap();
        assert_eq!(
            response.outcome,
            Outcome::Simulated(Err(engine::deploy::simulate(&bad).unwrap_err()))
        );
    }

    /// An unknown configuration's nearby names survive the trip (they are `&'static str`s).
    #[test]
    fn a_config_error_with_names_reads_back() {
        let e =
            engine::deploy::predefined("CodeDeployDefault.ECSCanary10Percent5Minute").unwrap_err();
        let bytes = postcard::to_allocvec(&e).unwrap();
        let back: engine::deploy::ConfigError = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, e);
    }
}
