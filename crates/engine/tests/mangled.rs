//! Mangled real files: every valid fixture of the CI/CD validators (buildspecs, appspecs,
//! pipeline definitions) and of the container validators (Dockerfiles, ECR lifecycle
//! policies, ECS task and service definitions, Kubernetes manifests) and of the Logs Insights
//! queries and CloudWatch dashboard bodies cut, spliced and sprinkled with YAML and
//! JSON punctuation by a seeded generator, thousands of times. No input may panic, every
//! finding must point inside the text it was given, a buildspec that still validates must
//! still run, a lifecycle policy that still validates must still preview, and a query that still
//! validates must still run.
#![cfg(any(feature = "cicd", feature = "containers", feature = "observability"))]

use std::path::PathBuf;

use engine::numbers::Rng;
use engine::tree::Pos;

fn fixtures(kind: &str, sub: &str) -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind)
        .join(sub);
    let mut texts: Vec<(PathBuf, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter_map(|p| std::fs::read_to_string(&p).ok().map(|t| (p, t)))
        .collect();
    texts.sort();
    assert!(!texts.is_empty(), "no fixtures in {}", dir.display());
    texts.into_iter().map(|(_, t)| t).collect()
}

/// Pieces a mangler inserts: what breaks YAML and JSON in interesting ways.
const PIECES: &[&str] = &[
    ":", ": ", "- ", "\n", "\n  ", "\t", "{", "}", "[", "]", "\"", "'", ",", "#", "&a ", "*a",
    "!Ref ", "|\n", ">\n", "? ", "%", "\u{feff}", "é", "0.0", "null", "~", "  -", "\\", "-1",
    "1e9", "\"any\"", "\"*\"", "---\n", "50%",
];

/// What breaks a Dockerfile: continuations, heredocs, flags, exec-form brackets, directives.
#[cfg(feature = "containers")]
const DOCKERFILE_PIECES: &[&str] = &[
    "\\",
    "\\\n",
    "\n",
    "<<EOF",
    "<<-EOF\n",
    "EOF\n",
    "[",
    "]",
    "\"",
    "'",
    "$",
    "${",
    "}",
    "--",
    "--mount=",
    "--from=",
    "=",
    " AS ",
    "FROM ",
    "RUN ",
    "COPY ",
    "ONBUILD ",
    "# escape=`\n",
    "`",
    "\t",
    "é",
    "\u{feff}",
    ",",
    ":",
    "#",
];

fn mangle(text: &str, rng: &mut Rng) -> String {
    mangle_with(text, rng, PIECES)
}

fn mangle_with(text: &str, rng: &mut Rng, pieces: &[&str]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let pick = |rng: &mut Rng, n: usize| (rng.next_u64() % n.max(1) as u64) as usize;
    for _ in 0..1 + pick(rng, 4) {
        let at = pick(rng, chars.len() + 1);
        match pick(rng, 4) {
            0 => {
                let end = (at + pick(rng, 40)).min(chars.len());
                chars.drain(at..end);
            }
            1 => {
                let piece = pieces[pick(rng, pieces.len())];
                chars.splice(at..at, piece.chars());
            }
            2 => {
                // Splice a slice of the text into another place (a line moved or doubled).
                let from = pick(rng, chars.len() + 1);
                let end = (from + pick(rng, 80)).min(chars.len());
                let slice: Vec<char> = chars[from..end].to_vec();
                chars.splice(at..at, slice);
            }
            _ => chars.truncate(at),
        }
    }
    chars.into_iter().collect()
}

/// A finding's position must be inside the text: a line that exists, a column on it (or
/// just past its end).
fn inside(text: &str, pos: Pos, what: &str) {
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(
        pos.line >= 1 && (pos.line as usize) <= lines.len().max(1),
        "{what}: line {} of {}",
        pos.line,
        lines.len()
    );
    let width = lines
        .get(pos.line as usize - 1)
        .map_or(0, |l| l.chars().count());
    assert!(
        pos.col >= 1 && (pos.col as usize) <= width + 1,
        "{what}: column {} on a line of {width}",
        pos.col
    );
}

const ROUNDS: usize = 120;

#[cfg(feature = "cicd")]
#[test]
fn mangled_buildspecs_never_panic_and_point_inside_the_text() {
    use engine::codebuild::{run, validate, Environment, Source};
    let mut rng = Rng::new(11);
    for original in fixtures("codebuild", "valid") {
        for _ in 0..ROUNDS {
            let text = mangle(&original, &mut rng);
            let report = validate(&text);
            for d in &report.diagnostics {
                inside(&text, d.pos, d.rule.id());
            }
            if let Some(spec) = &report.spec {
                let source = Source {
                    version: "0123456789abcdef0123456789abcdef01234567".into(),
                    branch: "main".into(),
                    files: Default::default(),
                };
                let build = run(spec, &source, &Environment::default());
                assert!(!build.phases.is_empty());
            }
        }
    }
}

#[cfg(feature = "cicd")]
#[test]
fn mangled_appspecs_never_panic_and_point_inside_the_text() {
    let mut rng = Rng::new(12);
    for original in fixtures("codedeploy", "valid") {
        for _ in 0..ROUNDS {
            let text = mangle(&original, &mut rng);
            for d in &engine::codedeploy::validate(&text).diagnostics {
                inside(&text, d.pos, d.rule.id());
            }
        }
    }
}

#[cfg(feature = "cicd")]
#[test]
fn mangled_pipeline_definitions_never_panic_and_point_inside_the_text() {
    let mut rng = Rng::new(13);
    for original in fixtures("pipeline", "real") {
        for _ in 0..ROUNDS {
            let text = mangle(&original, &mut rng);
            for d in &engine::pipeline::validate(&text).diagnostics {
                inside(&text, d.pos, d.rule.id());
            }
        }
    }
}

#[test]
fn the_mangler_is_seeded() {
    let text = "version: 0.2\nphases:\n  build:\n    commands: [make]\n";
    let (mut a, mut b) = (Rng::new(5), Rng::new(5));
    assert_eq!(mangle(text, &mut a), mangle(text, &mut b));
}

#[cfg(feature = "containers")]
#[test]
fn mangled_lifecycle_policies_never_panic_and_point_inside_the_text() {
    use engine::ecr::{preview_images, validate, Image, ImageContent, DAY};
    let images: Vec<Image> = (0..6u64)
        .map(|i| {
            let c = ImageContent {
                base: "alpine:3.20".into(),
                build: i.to_string(),
                ..Default::default()
            };
            Image::new(&c, if i % 2 == 0 { &["v1"] } else { &[] }, i * DAY)
        })
        .collect();
    let mut rng = Rng::new(21);
    for original in fixtures("ecr", "valid") {
        for _ in 0..ROUNDS {
            let text = mangle(&original, &mut rng);
            let report = validate(&text);
            for d in &report.diagnostics {
                inside(&text, d.pos, d.rule.id());
            }
            if let Some(policy) = &report.policy {
                assert_eq!(preview_images(policy, &images, 9 * DAY).results.len(), 6);
            }
        }
    }
}

#[cfg(feature = "containers")]
#[test]
fn mangled_ecs_definitions_never_panic_and_point_inside_the_text() {
    use engine::ecs::{validate_service, validate_task_definition};
    let mut rng = Rng::new(22);
    for original in fixtures("ecs", "valid") {
        for _ in 0..ROUNDS {
            let text = mangle(&original, &mut rng);
            for d in &validate_task_definition(&text).diagnostics {
                inside(&text, d.pos, d.rule.id());
            }
            for d in &validate_service(&text).diagnostics {
                inside(&text, d.pos, d.rule.id());
            }
        }
    }
}

#[cfg(feature = "containers")]
#[test]
fn mangled_kubernetes_manifests_never_panic_and_point_inside_the_text() {
    let mut rng = Rng::new(23);
    for original in fixtures("k8s", "valid") {
        for _ in 0..ROUNDS / 2 {
            let text = mangle(&original, &mut rng);
            let report = engine::k8s::validate(&text);
            for d in &report.diagnostics {
                inside(&text, d.pos, d.rule.id());
            }
            // What still reads as a Deployment resolves its rollout.
            if let Some(d) = report.deployment("") {
                let (surge, unavailable) = d.surge_and_unavailable();
                assert!(surge + unavailable >= 1 || d.replicas == 0);
            }
        }
    }
}

#[cfg(feature = "containers")]
#[test]
fn mangled_dockerfiles_never_panic_and_point_inside_the_text() {
    use engine::docker::{build, validate, Context, ContextFile, Options};
    let ctx = Context::new(vec![ContextFile::with_text("package.json", "{}")]);
    let mut rng = Rng::new(24);
    for original in fixtures("docker", "valid") {
        for _ in 0..ROUNDS / 2 {
            let text = mangle_with(&original, &mut rng, DOCKERFILE_PIECES);
            let report = validate(&text);
            for d in &report.diagnostics {
                inside(&text, d.pos, d.rule.id());
            }
            // What still validates builds, its size the sum of its layers.
            if report.model.is_some() {
                let b = build(&text, &ctx, &Options::default());
                assert_eq!(b.size, b.layers.iter().map(|l| l.size).sum::<u64>());
            }
        }
    }
}

/// What breaks a Logs Insights query: pipes, quotes, regex slashes, brackets, keywords.
#[cfg(feature = "observability")]
const QUERY_PIECES: &[&str] = &[
    "|", "| ", "\"", "'", "/", "`", "(", ")", "[", "]", ",", "#", "\n", "*", "=", "!=", "=~",
    " like ", " not ", " in ", " and ", " or ", " as ", " by ", "stats ", "fields ", "filter ",
    "parse ", "sort ", "limit ", "bin(", "5m", "1mo", "count(*)", "pct(", "@message", "é",
    "\u{feff}", "1e9", "-", "^", "%", "\\",
];

#[cfg(feature = "observability")]
#[test]
fn mangled_logs_queries_never_panic_point_inside_the_text_and_still_run() {
    use engine::logs::{run, validate, Event, Events, LogGroup, Range};
    let events = Events::load(&[LogGroup {
        account_id: "123456789012".into(),
        name: "/aws/lambda/demo".into(),
        events: (0..40i64)
            .map(|i| Event {
                timestamp_ms: 1_700_000_000_000 + i * 45_000,
                ingestion_time_ms: 1_700_000_000_000 + i * 45_000 + 10,
                log_stream: format!("s{}", i % 3),
                message: match i % 3 {
                    0 => format!("{{\"status\":{},\"path\":\"/p{}\",\"latency\":{i}}}", 200 + (i % 4) * 100, i % 5),
                    1 => format!("REPORT RequestId: r{i}\tDuration: {i}.5 ms\tBilled Duration: {i} ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\t"),
                    _ => format!("user=u{i} action=login ip=10.0.0.{i}"),
                },
            })
            .collect(),
    }]);
    let mut rng = Rng::new(31);
    for original in fixtures("logs", "valid") {
        for _ in 0..ROUNDS {
            let text = mangle_with(&original, &mut rng, QUERY_PIECES);
            let report = validate(&text);
            for d in &report.diagnostics {
                inside(&text, d.pos, d.rule.id());
            }
            if let Some(query) = &report.query {
                let result = run(query, &events, Range::ALL);
                assert!(result.rows.iter().all(|r| r.len() == result.columns.len()));
            }
        }
    }
}

#[cfg(feature = "observability")]
#[test]
fn mangled_dashboard_bodies_never_panic_point_inside_the_text_and_still_resolve() {
    use engine::cloudwatch::{resolve, validate};
    use engine::telemetry::{simulate, Scenario};
    let run = simulate(&Scenario::new(300)).unwrap();
    let mut rng = Rng::new(32);
    for original in fixtures("dashboards", "valid") {
        // The largest body is mangled less often: each round re-reads all of it.
        let rounds = if original.len() > 20_000 {
            ROUNDS / 8
        } else {
            ROUNDS
        };
        for _ in 0..rounds {
            let text = mangle(&original, &mut rng);
            let report = validate(&text);
            for d in &report.diagnostics {
                inside(&text, d.pos, d.rule.id());
            }
            if let Some(d) = &report.dashboard {
                for r in resolve(d, &run, 0, 300) {
                    let len = 300u32.div_ceil(r.period_s) as usize;
                    assert!(r.series.iter().all(|s| s.values.len() == len));
                }
            }
        }
    }
}
