//! The Dockerfile engine: the parser on every instruction form, findings with exact line and
//! column, the build cache's rules, multi-stage sizes and the best-practice check.
#![cfg(feature = "containers")]

use engine::docker::{
    build, validate, Args, Build, CacheStatus, Context, ContextFile, Kind, Miss, Options, Origin,
};

fn findings(text: &str) -> Vec<String> {
    validate(text)
        .diagnostics
        .iter()
        .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.rule.id()))
        .collect()
}

const PACKAGE_JSON: &str = r#"{"name":"app","dependencies":{"express":"^4.19.0","pg":"^8.11.0"},"devDependencies":{"jest":"^29.0.0","eslint":"^9.0.0","typescript":"^5.4.0"}}"#;

fn node_context() -> Context {
    Context::new(vec![
        ContextFile::with_text("package.json", PACKAGE_JSON),
        ContextFile::new("package-lock.json", 180_000),
        ContextFile::new("src/index.js", 4_000),
        ContextFile::new("src/routes.js", 9_000),
        ContextFile::new("README.md", 2_000),
        ContextFile::with_text(".dockerignore", "node_modules\n.git\n"),
    ])
}

fn show(b: &Build) -> Vec<String> {
    b.layers
        .iter()
        .filter(|l| l.origin != Origin::Base)
        .map(|l| format!("{} {} {:?}", l.line, l.instruction, l.cache))
        .collect()
}

const NODE_GOOD: &str = "FROM node:22-slim
WORKDIR /app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
USER node
EXPOSE 3000
CMD [\"node\", \"src/index.js\"]
";

const NODE_BAD: &str = "FROM node:22-slim
WORKDIR /app
COPY . .
RUN npm ci --omit=dev
USER node
EXPOSE 3000
CMD [\"node\", \"src/index.js\"]
";

#[test]
fn dependencies_first_keeps_npm_ci_cached_when_a_source_file_changes() {
    let ctx = node_context();
    let first = build(NODE_GOOD, &ctx, &Options::default());
    assert!(first.ok, "{:?}", first.diagnostics);
    for l in &first.layers {
        assert!(!l.cache.is_hit());
    }
    let changed = ctx.changed(&["src/index.js"]);
    let second = build(
        NODE_GOOD,
        &changed,
        &Options {
            cache: first.cache.clone(),
            ..Options::default()
        },
    );
    let own: Vec<_> = second
        .layers
        .iter()
        .filter(|l| l.origin != Origin::Base)
        .collect();
    assert_eq!(own.len(), 4, "{:#?}", show(&second));
    assert!(own[0].cache.is_hit(), "WORKDIR");
    assert!(own[1].cache.is_hit(), "COPY package*.json");
    assert!(own[2].cache.is_hit(), "RUN npm ci");
    assert_eq!(
        own[3].cache,
        CacheStatus::Miss(Miss::FilesChanged(vec!["src/index.js".into()]))
    );
    assert!(second
        .layers
        .iter()
        .filter(|l| l.origin == Origin::Base)
        .all(|l| l.cache.is_hit()));
    assert!(second.millis < first.millis / 10);
}

#[test]
fn copying_everything_first_rebuilds_npm_ci_on_any_change() {
    let ctx = node_context();
    let first = build(NODE_BAD, &ctx, &Options::default());
    let second = build(
        NODE_BAD,
        &ctx.changed(&["src/index.js"]),
        &Options {
            cache: first.cache.clone(),
            ..Options::default()
        },
    );
    let own: Vec<_> = second
        .layers
        .iter()
        .filter(|l| l.origin != Origin::Base)
        .collect();
    assert!(own[0].cache.is_hit());
    assert_eq!(
        own[1].cache,
        CacheStatus::Miss(Miss::FilesChanged(vec!["src/index.js".into()]))
    );
    assert_eq!(own[2].cache, CacheStatus::Miss(Miss::ParentRebuilt(3)));
    assert!(own[2].instruction.starts_with("RUN npm ci"));
    // The same build again reuses everything.
    let third = build(
        NODE_BAD,
        &ctx.changed(&["src/index.js"]),
        &Options {
            cache: second.cache.clone(),
            ..Options::default()
        },
    );
    assert!(third.layers.iter().all(|l| l.cache.is_hit()));
    assert_eq!(third.digest, second.digest);
    assert_ne!(second.digest, first.digest);
}

#[test]
fn the_final_image_reports_user_ports_command_and_size() {
    let b = build(NODE_GOOD, &node_context(), &Options::default());
    assert_eq!(b.base, "node:22-slim");
    assert_eq!(b.user, "node");
    assert!(!b.runs_as_root);
    assert_eq!(b.exposed, ["3000/tcp"]);
    assert_eq!(b.cmd, ["node", "src/index.js"]);
    assert_eq!(b.entrypoint, ["docker-entrypoint.sh"]);
    assert_eq!(b.workdir, "/app");
    assert!(b.digest.starts_with("sha256:") && b.digest.len() == 71);
    // npm ci --omit=dev installs the two dependencies only (2.5 MB each), and leaves npm's
    // cache (40 %) in the layer.
    let npm = b
        .layers
        .iter()
        .find(|l| l.instruction.contains("npm ci"))
        .unwrap();
    assert_eq!(npm.size, 2 * 2_500_000 + 2_000_000);
    let base: u64 = engine::docker::image("node:22-slim").unwrap().size();
    assert_eq!(
        b.size,
        base + b
            .layers
            .iter()
            .filter(|l| l.origin != Origin::Base)
            .map(|l| l.size)
            .sum::<u64>()
    );
}

const GO_SINGLE: &str = "FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -o /out/api ./cmd/api
CMD [\"/out/api\"]
";

const GO_MULTI: &str = "FROM golang:1.22 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \\
    CGO_ENABLED=0 go build -ldflags=\"-s -w\" -o /out/api ./cmd/api

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/api /api
ENTRYPOINT [\"/api\"]
";

fn go_context() -> Context {
    Context::new(vec![
        ContextFile::with_text(
            "go.mod",
            "module example.com/api\n\ngo 1.22\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.0.12\n\tgithub.com/jackc/pgx/v5 v5.5.5\n)\n",
        ),
        ContextFile::new("go.sum", 6_000),
        ContextFile::new("cmd/api/main.go", 3_000),
        ContextFile::new("internal/store/store.go", 8_000),
    ])
}

#[test]
fn a_multi_stage_build_ships_only_the_binary_on_distroless() {
    let single = build(GO_SINGLE, &go_context(), &Options::default());
    let multi = build(GO_MULTI, &go_context(), &Options::default());
    assert!(
        single.ok && multi.ok,
        "{:?} {:?}",
        single.diagnostics,
        multi.diagnostics
    );
    assert_eq!(multi.base, "gcr.io/distroless/static-debian12");
    assert_eq!(multi.user, "65532");
    assert!(!multi.runs_as_root);
    assert!(single.runs_as_root);
    assert!(single.size > 800_000_000, "{}", single.size);
    assert!(multi.size < 12_000_000, "{}", multi.size);
    // The stripped binary, 70 % of 12 MB, is the only layer the build adds.
    let own: Vec<_> = multi
        .layers
        .iter()
        .filter(|l| l.origin != Origin::Base)
        .collect();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].size, 8_400_000);
    assert_eq!(own[0].files, 1);
    // The cache mounts keep the module and build caches out of the build stage's layers.
    let build_stage = &multi.stages[0];
    assert!(build_stage.built);
    let go_build = build_stage
        .layers
        .iter()
        .find(|l| l.instruction.contains("go build"))
        .unwrap();
    assert_eq!(go_build.kept_in_cache_mount, 60_000_000);
    assert!(multi.compressed_size < single.compressed_size / 20);
}

#[test]
fn a_warm_cache_mount_speeds_up_a_rebuilt_run() {
    let first = build(GO_MULTI, &go_context(), &Options::default());
    let second = build(
        GO_MULTI,
        &go_context().changed(&["cmd/api/main.go"]),
        &Options {
            cache: first.cache.clone(),
            ..Options::default()
        },
    );
    let stage = &second.stages[0];
    let go_build = stage
        .layers
        .iter()
        .find(|l| l.instruction.contains("go build"))
        .unwrap();
    assert!(!go_build.cache.is_hit());
    assert!(go_build.warm_cache_mount);
    let before = first.stages[0]
        .layers
        .iter()
        .find(|l| l.instruction.contains("go build"))
        .unwrap();
    assert!(go_build.millis < before.millis);
}

#[test]
fn a_target_builds_only_the_stages_it_needs() {
    let text = "FROM node:22 AS deps\nRUN echo deps\nFROM node:22 AS test\nRUN echo test\nFROM node:22-slim\nCOPY --from=deps /x /x\n";
    let b = build(text, &Context::default(), &Options::default());
    assert_eq!(
        b.stages.iter().map(|s| s.built).collect::<Vec<_>>(),
        [true, false, true]
    );
    assert_eq!(b.stages[2].base, "node:22-slim");
    assert_eq!(b.stages[2].from_stage, None);
    let chained = build(
        "FROM node:22 AS base\nFROM base AS app\nUSER node\n",
        &Context::default(),
        &Options::default(),
    );
    assert_eq!(
        (
            chained.stages[1].from_stage,
            chained.stages[1].base.as_str()
        ),
        (Some(0), "node:22")
    );
    let t = build(
        text,
        &Context::default(),
        &Options {
            target: Some("test".into()),
            ..Options::default()
        },
    );
    assert_eq!(t.target, 1);
    assert_eq!(t.base, "node:22");
    let bad = build(
        text,
        &Context::default(),
        &Options {
            target: Some("nope".into()),
            ..Options::default()
        },
    );
    assert!(!bad.ok);
}

#[test]
fn dockerignore_and_missing_sources_are_findings() {
    let ctx = Context::new(vec![
        ContextFile::with_text("package.json", PACKAGE_JSON),
        ContextFile::new(".git/objects/pack/p.pack", 40_000_000),
        ContextFile::new("node_modules/express/index.js", 30_000),
        ContextFile::new("src/index.js", 4_000),
    ]);
    let text = "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nCOPY config/ ./config/\nUSER node\nCMD [\"node\", \"src/index.js\"]\n";
    let b = build(text, &ctx, &Options::default());
    let got: Vec<String> = b
        .diagnostics
        .iter()
        .map(|d| format!("{}:{} {} {:?}", d.pos.line, d.pos.col, d.rule.id(), d.args))
        .collect();
    assert_eq!(
        got,
        [
            "3:6 no-dockerignore [\".git\"]",
            "4:6 copy-not-found [\"config/\"]"
        ]
    );
    assert!(!b.ok);
    // With a .dockerignore, .git is left out of the layer and the COPY of an ignored file fails.
    let mut files = ctx.files.clone();
    files.push(ContextFile::with_text(
        ".dockerignore",
        ".git\nnode_modules\nconfig\n",
    ));
    files.push(ContextFile::new("config/app.yml", 500));
    let ctx2 = Context::new(files);
    let b2 = build(text, &ctx2, &Options::default());
    let got: Vec<String> = b2
        .diagnostics
        .iter()
        .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.rule.id()))
        .collect();
    assert_eq!(got, ["4:6 copy-ignored-file"]);
    let copy = b
        .layers
        .iter()
        .find(|l| l.instruction == "COPY . .")
        .unwrap();
    let copy2 = b2
        .layers
        .iter()
        .find(|l| l.instruction == "COPY . .")
        .unwrap();
    assert!(copy.size > 40_000_000 && copy2.size < 1_000_000);
}

#[test]
fn unknown_bases_and_commands_are_findings_not_panics() {
    let b = build(
        "FROM mycompany/base:1.4\nRUN make-it-so --now\nRUN echo ok\n",
        &Context::default(),
        &Options::default(),
    );
    let got: Vec<String> = b
        .diagnostics
        .iter()
        .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.rule.id()))
        .collect();
    assert_eq!(got, ["1:1 run-as-root", "1:6 base-unknown"]);
    assert!(!b.ok);
    let run = b.layers.iter().find(|l| l.line == 2).unwrap();
    assert_eq!(run.unknown_commands, ["make-it-so"]);
    assert_eq!(run.size, 1_000_000);
    let eol = build(
        "FROM node:16\nUSER node\n",
        &Context::default(),
        &Options::default(),
    );
    assert_eq!(
        eol.diagnostics
            .iter()
            .map(|d| d.rule.id())
            .collect::<Vec<_>>(),
        ["base-end-of-life"]
    );
    assert!(eol.ok);
    let shell = build(
        "FROM gcr.io/distroless/base-debian12\nRUN echo hi\n",
        &Context::default(),
        &Options::default(),
    );
    assert!(shell.diagnostics.iter().any(|d| d.rule.id() == "no-shell"));
}

#[test]
fn apt_layers_keep_their_lists_unless_removed_in_the_same_run() {
    let dirty =
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\nUSER 1000\n";
    let clean = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\nUSER 1000\n";
    let d = build(dirty, &Context::default(), &Options::default());
    let c = build(clean, &Context::default(), &Options::default());
    assert_eq!(findings(dirty), ["2:1 apt-lists", "2:1 apt-recommends"]);
    assert!(findings(clean).is_empty(), "{:?}", findings(clean));
    let run = |b: &Build| {
        b.layers
            .iter()
            .find(|l| l.origin == Origin::Run)
            .unwrap()
            .size
    };
    assert_eq!(run(&d), 19_600_000 + 3_750_000);
    assert_eq!(run(&c), 2_500_000);
}

#[test]
fn the_parser_reads_every_instruction_form() {
    let text = r#"# syntax=docker/dockerfile:1.7
# escape=\
ARG BASE=node:22-slim
FROM --platform=$BUILDPLATFORM ${BASE} AS build
LABEL org.opencontainers.image.title="api" version=1
ENV A=1 B="two words"
ENV LEGACY value with spaces
RUN --mount=type=cache,target=/root/.npm --network=none npm ci
RUN ["/bin/sh", "-c", "echo exec"]
RUN <<EOF
echo one
echo two
EOF
COPY --chown=node:node --chmod=644 --link package.json ./
COPY <<-EOT /app/hello.txt
	hello
	EOT
ADD --checksum=sha256:abc https://example.com/a.tar.gz /tmp/
EXPOSE 3000/tcp 8125/udp
VOLUME ["/data"]
USER node
WORKDIR /app
ONBUILD RUN echo child
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD curl -f http://localhost/ || exit 1
SHELL ["/bin/bash", "-c"]
ENTRYPOINT ["node"]
CMD ["src/index.js"]
"#;
    let r = validate(text);
    assert!(!r.has_errors(), "{:?}", r.diagnostics);
    let got: Vec<String> = r
        .diagnostics
        .iter()
        .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.rule.id()))
        .collect();
    assert_eq!(got, ["7:1 legacy-key-value"]);
    let m = r.model.unwrap();
    assert_eq!(m.file.directives.len(), 2);
    assert_eq!(
        m.global_args,
        [("BASE".to_string(), Some("node:22-slim".to_string()))]
    );
    assert_eq!(m.stages[0].image, "node:22-slim");
    assert_eq!(m.stages[0].name.as_deref(), Some("build"));
    assert_eq!(m.stages[0].platform.as_deref(), Some("$BUILDPLATFORM"));
    let ins = &m.file.instructions;
    let kinds: Vec<Kind> = ins.iter().filter_map(|i| i.kind).collect();
    assert_eq!(kinds.len(), 21);
    let run = &ins[5];
    assert_eq!(run.flags.len(), 2);
    assert_eq!(run.flag("network").unwrap().value.as_deref(), Some("none"));
    assert_eq!(
        ins[6].args,
        Args::Exec(vec!["/bin/sh".into(), "-c".into(), "echo exec".into()])
    );
    assert_eq!(ins[7].heredocs[0].content, "echo one\necho two\n");
    assert_eq!(ins[7].end_line, 13);
    assert_eq!(ins[9].heredocs[0].content, "hello\n");
    assert!(ins[15]
        .onbuild
        .as_ref()
        .is_some_and(|o| o.kind == Some(Kind::Run)));
    let hc = &ins[17];
    assert_eq!(hc.flags.len(), 3);
}

#[test]
fn continuations_join_lines_and_keep_positions() {
    let text = "FROM alpine:3.20\nRUN apk add --no-cache \\\n    # a comment inside\n    curl \\\n    jq\nUSER 1000\n";
    let r = validate(text);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let m = r.model.unwrap();
    let run = &m.file.instructions[1];
    assert_eq!(run.end_line, 5);
    assert_eq!(run.args.text(), "apk add --no-cache     curl     jq");
    let words = run.words('\\');
    let curl = words.iter().find(|(w, _)| w.text == "curl").unwrap();
    assert_eq!((curl.1.line, curl.1.col), (4, 5));
    let jq = words.iter().find(|(w, _)| w.text == "jq").unwrap();
    assert_eq!((jq.1.line, jq.1.col), (5, 5));
    // The escape directive: a backtick continues, a backslash is a path.
    let win = "# escape=`\nFROM alpine:3.20\nCOPY a.txt C:\\dir\\ \nRUN echo a `\n  b\nUSER 1000\n";
    let r = validate(win);
    assert!(!r.has_errors(), "{:?}", r.diagnostics);
    let m = r.model.unwrap();
    assert_eq!(m.file.escape, '`');
    assert_eq!(m.file.instructions[2].args.text(), "echo a   b");
    // An empty line inside a continuation is a warning.
    assert_eq!(
        findings("FROM alpine:3.20\nRUN echo a \\\n\n  b\nUSER 1\n"),
        ["3:1 empty-continuation"]
    );
}

#[test]
fn errors_point_at_line_and_column() {
    assert_eq!(
        findings("FROM alpine:3.20\nRUNN echo hi\nUSER 1\n"),
        ["2:1 unknown-instruction"]
    );
    let r = validate("FROM alpine:3.20\nRUNN echo hi\nUSER 1\n");
    assert_eq!(r.diagnostics[0].args, ["RUNN", "RUN"]);
    assert_eq!(
        findings("ENV A=1\nFROM alpine:3.20\nUSER 1\n"),
        ["1:1 before-from"]
    );
    assert_eq!(findings("# just a comment\n"), ["1:1 no-from"]);
    assert_eq!(
        findings("FROM alpine:3.20\n  CMD [\"a\", 'b']\nUSER 1\n"),
        ["2:7 exec-json"]
    );
    assert_eq!(
        findings("FROM alpine:3.20\nRUN <<EOF\necho hi\n"),
        ["1:1 run-as-root", "2:5 heredoc-unterminated"]
    );
    assert_eq!(
        findings("FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=biuld /a /a\nUSER 1\n"),
        ["3:6 copy-from-unknown"]
    );
    assert_eq!(
        findings("FROM alpine:3.20 AS a\nFROM alpine:3.20 AS a\nUSER 1\n"),
        ["2:1 stage-duplicate"]
    );
    assert_eq!(
        findings("FROM alpine:3.20\nCOPY a b dest\nUSER 1\n"),
        ["2:10 copy-destination"]
    );
    assert_eq!(
        findings("FROM alpine:3.20\nRUN --mount=type=cahce,target=/x echo\nUSER 1\n"),
        ["2:5 mount-type"]
    );
    assert_eq!(
        findings("FROM alpine:3.20\nCOPY --form=a x y\nUSER 1\n"),
        ["2:6 flag-unknown"]
    );
    assert_eq!(
        findings("FROM alpine:3.20\nEXPOSE 80/http\nUSER 1\n"),
        ["2:8 expose-format"]
    );
    assert_eq!(
        findings("FROM alpine:3.20\nHEALTHCHECK --interval=30 CMD true\nUSER 1\n"),
        ["2:13 flag-value"]
    );
    assert_eq!(
        findings("FROM alpine:3.20\nWORKDIR\nUSER 1\n"),
        ["2:1 missing-arguments"]
    );
    assert_eq!(
        findings("FROM alpine:3.20\nONBUILD FROM x\nUSER 1\n"),
        ["2:9 onbuild-instruction"]
    );
    assert_eq!(
        findings("FROM alpine:3.20\nSHELL /bin/bash -c\nUSER 1\n"),
        ["2:7 exec-json"]
    );
    assert_eq!(
        findings("# escape=x\nFROM alpine:3.20\nUSER 1\n"),
        ["1:1 escape-value"]
    );
    // Columns count characters, not bytes.
    assert_eq!(
        findings("FROM alpine:3.20\nLABEL tên=\"á\" x\nUSER 1\n"),
        ["2:15 key-value"]
    );
}

#[test]
fn best_practice_findings_have_line_numbers() {
    let text = "FROM node
ARG NPM_TOKEN
ENV DB_PASSWORD=hunter2 NODE_ENV=production
ADD . /app
RUN apt-get update && apt-get install -y python3
CMD node /app/index.js
";
    assert_eq!(
        findings(text),
        [
            "1:1 run-as-root",
            "1:6 from-latest",
            "2:5 secret-in-arg-env",
            "3:5 secret-in-arg-env",
            "4:5 add-instead-of-copy",
            "5:1 apt-lists",
            "5:1 apt-recommends",
            "6:1 json-args-recommended",
        ]
    );
    assert_eq!(
        findings("FROM ubuntu:latest\nUSER root\n"),
        ["1:6 from-latest", "2:1 run-as-root"]
    );
    // A later stage inherits its parent stage's USER; distroless nonroot runs as 65532.
    assert!(findings("FROM node:22 AS base\nUSER node\nFROM base\nCMD [\"node\"]\n").is_empty());
    assert!(findings("FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n").is_empty());
}

#[test]
fn malformed_input_never_panics_and_positions_stay_inside() {
    let inputs = [
        "",
        "\n",
        "\\",
        "FROM",
        "FROM \\",
        "RUN <<",
        "RUN <<-\n",
        "COPY <<EOF",
        "FROM a AS",
        "[",
        "FROM a\nCMD [",
        "FROM a\nRUN --mount=",
        "FROM a\nRUN --=x y",
        "FROM a\nENV =",
        "FROM a\nEXPOSE ${",
        "FROM ${A:-${B",
        "\u{feff}FROM a\r\nRUN x\r\n",
        "FROM a\nONBUILD",
        "FROM a\nONBUILD ONBUILD",
        "FROM a\nHEALTHCHECK",
        "# escape=`\nFROM a\nRUN x `",
        "FROM a\nCOPY --from= x y",
        "FROM a\nCOPY --from=9 x y",
        "ÿ\u{0}\u{7f}",
    ];
    for text in inputs {
        let r = validate(text);
        let lines: Vec<&str> = text.split('\n').collect();
        for d in &r.diagnostics {
            assert!(
                d.pos.line >= 1 && (d.pos.line as usize) <= lines.len().max(1),
                "{text:?} {d:?}"
            );
            let len = lines
                .get(d.pos.line as usize - 1)
                .map(|l| l.chars().count())
                .unwrap_or(0);
            assert!(
                d.pos.col >= 1 && (d.pos.col as usize) <= len.max(1),
                "{text:?} {d:?}"
            );
        }
        let _ = build(text, &node_context(), &Options::default());
    }
}

#[test]
fn the_aws_retail_cart_image_ships_the_jar_built_in_its_first_stage() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/docker/valid/aws-retail-cart.Dockerfile"
    ))
    .unwrap();
    let ctx = Context::new(vec![
        ContextFile::new(".mvn/wrapper/maven-wrapper.properties", 1_000),
        ContextFile::new("mvnw", 10_000),
        ContextFile::new("pom.xml", 8_000),
        ContextFile::new("src/main/java/Cart.java", 20_000),
        ContextFile::new("ATTRIBUTION.md", 50_000),
    ]);
    let b = build(&text, &ctx, &Options::default());
    assert!(b.ok, "{:?}", b.diagnostics);
    assert_eq!(b.base, "amazonlinux:2023");
    assert_eq!(b.user, "appuser");
    assert!(!b.runs_as_root);
    assert_eq!(b.exposed, ["8080/tcp"]);
    assert_eq!(
        b.entrypoint,
        ["sh", "-c", "java $JAVA_OPTS -jar /app/app.jar"]
    );
    // `mv /target/carts-0.0.1-SNAPSHOT.jar /app.jar` renamed the jar Maven made.
    let jar = b
        .layers
        .iter()
        .find(|l| l.instruction.contains("--from=build-env"))
        .unwrap();
    assert_eq!((jar.size, jar.files), (25_000_000, 1));
    assert!(jar.unresolved.is_empty());
    // The build stage's Maven repository (150 MB) does not ship.
    assert!(b.stages[0].size > b.size);
}

#[test]
fn args_follow_their_scope_and_build_args_override_them() {
    let text = "ARG VERSION=22
FROM node:${VERSION}-slim
WORKDIR /app/$VERSION
ARG VERSION
WORKDIR /srv/$VERSION
ENV APP_HOME=/srv
COPY . $APP_HOME/$APP_HOEM/
USER node
";
    let ctx = Context::new(vec![ContextFile::new("index.js", 100)]);
    let b = build(text, &ctx, &Options::default());
    assert_eq!(b.base, "node:22-slim");
    // A global ARG is not visible in a stage until an ARG there declares it again.
    let workdirs: Vec<&str> = b
        .layers
        .iter()
        .filter(|l| l.origin == Origin::Workdir)
        .map(|l| l.instruction.as_str())
        .collect();
    assert_eq!(workdirs, ["WORKDIR /app", "WORKDIR /srv/22"]);
    let got: Vec<String> = b
        .diagnostics
        .iter()
        .map(|d| format!("{}:{} {} {:?}", d.pos.line, d.pos.col, d.rule.id(), d.args))
        .collect();
    assert_eq!(
        got,
        [
            "3:9 undefined-var [\"VERSION\", \"\"]",
            "7:8 undefined-var [\"APP_HOEM\", \"APP_HOME\"]"
        ]
    );
    let b20 = build(
        text,
        &ctx,
        &Options {
            build_args: [("VERSION".to_string(), "20".to_string())].into(),
            ..Options::default()
        },
    );
    assert_eq!(b20.base, "node:20-slim");
    assert!(b20
        .layers
        .iter()
        .any(|l| l.instruction == "WORKDIR /srv/20"));
    // The base image's environment counts as defined.
    let go = build(
        "FROM golang:1.22\nWORKDIR $GOPATH/src/app\nUSER 1000\n",
        &Context::default(),
        &Options::default(),
    );
    assert!(go.diagnostics.is_empty(), "{:?}", go.diagnostics);
    assert_eq!(go.workdir, "/go/src/app");
}

#[test]
fn a_heredoc_is_the_script_or_a_command_s_input() {
    let text = "FROM debian:bookworm-slim
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends curl
rm -rf /var/lib/apt/lists/*
EOF
RUN cat <<EOF > /etc/app.conf
listen 8080
EOF
USER 1000
";
    assert!(findings(text).is_empty(), "{:?}", findings(text));
    let b = build(text, &Context::default(), &Options::default());
    let runs: Vec<_> = b
        .layers
        .iter()
        .filter(|l| l.origin == Origin::Run)
        .collect();
    assert_eq!(runs[0].size, 2_500_000);
    assert!(runs[0].unknown_commands.is_empty());
    assert_eq!(runs[1].size, 0);
    // The same apt commands without the rm in a heredoc are found too.
    let dirty = "FROM debian:bookworm-slim\nRUN <<EOF\napt-get update\napt-get install -y --no-install-recommends curl\nEOF\nUSER 1000\n";
    assert_eq!(findings(dirty), ["2:1 apt-lists"]);
}

#[test]
fn a_node_app_shrinks_with_a_build_stage_and_a_slim_runtime() {
    let single = "FROM node:22
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build
CMD [\"node\", \"dist/server.js\"]
";
    let multi = "FROM node:22 AS build
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM node:22-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package*.json ./
RUN npm ci && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
CMD [\"node\", \"dist/server.js\"]
";
    let mut ctx = node_context();
    ctx.files.push(ContextFile::new("src/app.ts", 2_000_000));
    let s = build(single, &ctx, &Options::default());
    let m = build(multi, &ctx, &Options::default());
    assert!(s.ok && m.ok, "{:?} {:?}", s.diagnostics, m.diagnostics);
    // The full image keeps the dev dependencies (3 × 8 MB), npm's cache and the sources.
    let npm = s
        .layers
        .iter()
        .find(|l| l.instruction == "RUN npm ci")
        .unwrap();
    assert_eq!(npm.size, (2 * 2_500_000 + 3 * 8_000_000) * 7 / 5);
    // The slim image installs the two production dependencies (NODE_ENV=production), no cache.
    let prod = m
        .layers
        .iter()
        .find(|l| l.instruction.contains("npm cache clean"))
        .unwrap();
    assert_eq!(prod.size, 2 * 2_500_000);
    // The bundle: 30 % of the sources in /app (node_modules left out) + 500 kB.
    let dist = m
        .layers
        .iter()
        .find(|l| l.instruction.contains("--from=build"))
        .unwrap();
    // (.dockerignore itself is in the context and copied, as Docker does unless it lists itself.)
    let sources = 2_000_000 + 4_000 + 9_000 + 2_000 + PACKAGE_JSON.len() as u64 + 180_000 + 18;
    assert_eq!(dist.size, sources * 3 / 10 + 500_000);
    assert!(dist.unresolved.is_empty());
    assert!(m.size * 3 < s.size, "{} vs {}", m.size, s.size);
    assert_eq!(
        (s.base.as_str(), m.base.as_str()),
        ("node:22", "node:22-slim")
    );
    assert!(s.runs_as_root && !m.runs_as_root);
}

#[test]
fn copy_exclude_leaves_files_out() {
    let ctx = node_context();
    let text = "FROM node:22-slim\nWORKDIR /app\nCOPY --exclude=*.md --exclude=src/routes.js . .\nUSER node\n";
    let b = build(text, &ctx, &Options::default());
    let copy = b.layers.iter().find(|l| l.origin == Origin::Copy).unwrap();
    // package.json, package-lock.json, src/index.js and .dockerignore.
    assert_eq!(copy.files, 4);
    assert_eq!(copy.size, PACKAGE_JSON.len() as u64 + 180_000 + 4_000 + 18);
}

#[test]
fn the_check_directive_skips_build_checks() {
    let text = "FROM node:22-slim as build\nCMD node index.js\nUSER node\n";
    assert_eq!(
        findings(text),
        ["1:19 from-as-casing", "2:1 json-args-recommended"]
    );
    let skip = format!("# check=skip=JSONArgsRecommended\n{text}");
    assert_eq!(findings(&skip), ["2:19 from-as-casing"]);
    let all = format!("# check=skip=all;error=false\n{text}");
    assert!(findings(&all).is_empty());
    // Our own best-practice findings are not build checks: skip=all keeps them.
    assert_eq!(
        findings("# check=skip=all\nFROM ubuntu\nUSER 1\n"),
        ["2:6 from-latest"]
    );
}
