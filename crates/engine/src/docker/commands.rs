//! The RUN commands the build simulation knows (COMMANDS.md beside this file documents them):
//! what each adds to the layer, how long it takes, and what it leaves for a later
//! `COPY --from`.

use std::collections::BTreeMap;

use super::catalogue::Family;

/// A file or directory a RUN leaves in the stage (a build's output, installed dependencies).
#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    /// Absolute path.
    pub path: String,
    /// Bytes.
    pub size: u64,
}

/// What a RUN does, as simulated.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Effect {
    /// Bytes the layer adds.
    pub size: u64,
    /// Simulated milliseconds.
    pub millis: u64,
    pub outputs: Vec<Output>,
    /// Commands the catalogue does not know (a small default size each).
    pub unknown: Vec<String>,
    /// Bytes a cache mount kept out of the layer.
    pub kept_in_cache_mount: u64,
    /// `mv` (false) or `cp` (true) of paths (absolute): a build output renamed or copied.
    pub moves: Vec<(String, String, bool)>,
}

/// What a RUN sees.
pub struct Scope<'a> {
    pub family: Family,
    /// The working directory (absolute).
    pub workdir: &'a str,
    /// The stage's variables (ARG and ENV).
    pub env: &'a BTreeMap<String, String>,
    /// Cache-mount targets of this RUN.
    pub cache_mounts: &'a [String],
    /// Whether those cache mounts are warm (kept from an earlier build).
    pub warm: bool,
    /// A file's text in the stage's filesystem (package.json, requirements.txt, go.mod).
    pub text: &'a dyn Fn(&str) -> Option<String>,
    /// The bytes under a path in the stage's filesystem (for `chown -R`, `npm run build`).
    pub bytes_under: &'a dyn Fn(&str) -> u64,
}

const KB: u64 = 1000;
const MB: u64 = 1000 * KB;

/// apt lists after `apt-get update` on Debian bookworm (an approximation).
pub const APT_LISTS: u64 = 19_600 * KB;
/// apk's index cache (`/var/cache/apk`) without `--no-cache`.
pub const APK_INDEX: u64 = 2_500 * KB;
/// dnf's metadata cache without `dnf clean all`.
pub const DNF_CACHE: u64 = 60 * MB;
/// A command the catalogue does not know.
pub const UNKNOWN_SIZE: u64 = MB;
/// One production dependency in node_modules (its own tree included, on average).
pub const NPM_DEP: u64 = 2_500 * KB;
/// One development dependency (compilers, bundlers and test runners are heavier).
pub const NPM_DEV_DEP: u64 = 8 * MB;
/// One Python requirement installed.
pub const PIP_PACKAGE: u64 = 9 * MB;
/// One Go module downloaded.
pub const GO_MODULE: u64 = 4 * MB;
/// A Go binary (`-ldflags="-s -w"` strips it to 70 %).
pub const GO_BINARY: u64 = 12 * MB;
/// Go's build cache (`/root/.cache/go-build`).
pub const GO_BUILD_CACHE: u64 = 60 * MB;
/// Maven's local repository after resolving a Spring Boot project's dependencies.
pub const M2_REPOSITORY: u64 = 150 * MB;
/// A packaged application jar.
pub const JAR: u64 = 25 * MB;
/// Gradle's caches.
pub const GRADLE_CACHE: u64 = 200 * MB;
/// Cargo's target directory of a release build, and the binary.
pub const CARGO_TARGET: u64 = 400 * MB;
pub const CARGO_BINARY: u64 = 8 * MB;
/// A repository cloned by `git clone`.
pub const GIT_CLONE: u64 = 20 * MB;
/// What `make` (or cmake, ninja) leaves: objects and binaries built from source.
pub const MAKE_OUTPUT: u64 = 10 * MB;
/// A file downloaded by curl or wget.
pub const DOWNLOAD: u64 = 10 * MB;

/// Installed sizes (kB) of common Debian packages with their usual dependencies
/// (approximations from `apt-cache show`'s Installed-Size); Alpine's are 60 % of these.
const PACKAGES: &[(&str, u64)] = &[
    ("build-essential", 230_000),
    ("ca-certificates", 400),
    ("curl", 2_500),
    ("default-libmysqlclient-dev", 8_000),
    ("g++", 120_000),
    ("gcc", 90_000),
    ("git", 35_000),
    ("gnupg", 10_000),
    ("iputils-ping", 200),
    ("jq", 1_000),
    ("libpq-dev", 5_000),
    ("libpq5", 1_000),
    ("libssl-dev", 10_000),
    ("locales", 17_000),
    ("make", 1_500),
    ("nano", 2_800),
    ("netcat-openbsd", 100),
    ("nginx", 3_000),
    ("nodejs", 80_000),
    ("npm", 40_000),
    ("openjdk-17-jre-headless", 200_000),
    ("openssl", 2_000),
    ("pkg-config", 500),
    ("postgresql-client", 10_000),
    ("procps", 2_000),
    ("python3", 25_000),
    ("python3-dev", 40_000),
    ("python3-pip", 15_000),
    ("tini", 800),
    ("tzdata", 3_000),
    ("unzip", 400),
    ("vim", 35_000),
    ("wget", 3_500),
    ("zip", 600),
];

/// An unknown package's installed size.
pub const PACKAGE_DEFAULT: u64 = 5 * MB;

/// A package's installed size on a family.
pub fn package_size(name: &str, family: Family) -> u64 {
    let base = name.split(['=', ':']).next().unwrap_or(name);
    let kb = PACKAGES
        .iter()
        .find(|(n, _)| *n == base)
        .map(|(_, s)| s * KB)
        .unwrap_or(PACKAGE_DEFAULT);
    if family == Family::Alpine {
        kb * 3 / 5
    } else {
        kb
    }
}

/// Splits a script into simple commands (at `&&`, `||`, `;`, `|`, new lines), each as words.
pub fn commands(script: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let normalized = script.replace("\\\n", " ");
    for line in normalized.lines() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let mut current = String::new();
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        let mut quote: Option<char> = None;
        let flush = |current: &mut String, out: &mut Vec<Vec<String>>| {
            let words: Vec<String> = current
                .split_whitespace()
                .map(|w| w.trim_matches(|c| c == '"' || c == '\'').to_string())
                .filter(|w| !w.is_empty() && w != "\\")
                .collect();
            if !words.is_empty() {
                out.push(words);
            }
            current.clear();
        };
        while i < chars.len() {
            let c = chars[i];
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '"' || c == '\'' => quote = Some(c),
                None if c == ';' || c == '|' || (c == '&' && chars.get(i + 1) == Some(&'&')) => {
                    flush(&mut current, &mut out);
                    if chars.get(i + 1) == Some(&c) {
                        i += 1;
                    }
                    i += 1;
                    continue;
                }
                None => {}
            }
            current.push(c);
            i += 1;
        }
        flush(&mut current, &mut out);
    }
    out
}

/// Whether a path is under one of the cache mounts.
fn mounted(path: &str, mounts: &[String]) -> bool {
    mounts.iter().any(|m| {
        let m = m.trim_end_matches('/');
        path == m || path.starts_with(&format!("{m}/"))
    })
}

/// A path resolved against the working directory.
pub fn absolute(path: &str, workdir: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{}/{}", workdir.trim_end_matches('/'), path)
    };
    format!("/{}", super::ignore::clean(&joined))
}

/// Simulates a RUN's script.
pub fn run(script: &str, scope: &Scope) -> Effect {
    let mut e = Effect::default();
    let cmds = commands(script);
    let all = cmds
        .iter()
        .map(|c| c.join(" "))
        .collect::<Vec<_>>()
        .join("\n");
    let removes = |p: &str| {
        cmds.iter()
            .any(|c| c.first().is_some_and(|w| w == "rm") && c.iter().any(|w| w.starts_with(p)))
    };
    let env_true = |k: &str| scope.env.get(k).is_some_and(|v| !v.is_empty() && v != "0");
    let warm_factor = |ms: u64| if scope.warm { ms / 5 } else { ms };
    // Adds bytes that would stay at `path` unless a cache mount holds them.
    let mut keep = |e: &mut Effect, path: &str, bytes: u64| {
        if mounted(path, scope.cache_mounts) {
            e.kept_in_cache_mount += bytes;
        } else {
            e.size += bytes;
        }
    };
    for words in &cmds {
        // Leading variable assignments and sudo.
        let mut w: Vec<&str> = words.iter().map(String::as_str).collect();
        while w.first().is_some_and(|x| {
            *x == "sudo" || *x == "exec" || (x.contains('=') && !x.starts_with('-'))
        }) {
            w.remove(0);
        }
        let Some(&program) = w.first() else { continue };
        // Pieces of shell syntax the splitter leaves (`case` patterns `x86)`, `$(…)`
        // fragments, loop lists) are not programs: they add nothing.
        let looks_like_program = program
            .starts_with(|c: char| c.is_ascii_alphabetic() || c == '.' || c == '/' || c == '_')
            && program
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._/+-".contains(c));
        if !looks_like_program {
            continue;
        }
        let prog = program.rsplit('/').next().unwrap_or(program);
        let args = &w[1..];
        let sub = args
            .iter()
            .find(|a| !a.starts_with('-'))
            .copied()
            .unwrap_or("");
        let has = |flag: &str| {
            args.iter()
                .any(|a| *a == flag || a.starts_with(&format!("{flag}=")))
        };
        let positional: Vec<&str> = args
            .iter()
            .filter(|a| !a.starts_with('-'))
            .copied()
            .collect();
        match prog {
            "apt-get" | "apt" => match sub {
                "update" => {
                    let lists_removed = removes("/var/lib/apt/lists") || all.contains("dist-clean");
                    if !lists_removed {
                        keep(&mut e, "/var/lib/apt/lists", APT_LISTS);
                    }
                    e.millis += warm_factor(8_000);
                }
                "install" => {
                    let recommends = !has("--no-install-recommends");
                    for p in positional.iter().skip(1) {
                        let s = package_size(p, scope.family);
                        e.size += if recommends { s * 3 / 2 } else { s };
                        e.millis += warm_factor(3_000);
                    }
                }
                _ => e.millis += 500,
            },
            "apk" => match sub {
                "add" => {
                    if !has("--no-cache") {
                        keep(&mut e, "/var/cache/apk", APK_INDEX);
                    }
                    for p in positional.iter().skip(1) {
                        e.size += package_size(p, Family::Alpine);
                        e.millis += warm_factor(1_000);
                    }
                }
                "update" => keep(&mut e, "/var/cache/apk", APK_INDEX),
                _ => e.millis += 200,
            },
            "dnf" | "yum" | "microdnf" => {
                if sub == "install" {
                    let cleaned = all.contains("clean all") || removes("/var/cache/");
                    if !cleaned {
                        keep(&mut e, "/var/cache/dnf", DNF_CACHE);
                    }
                    for p in positional.iter().skip(1) {
                        e.size += package_size(p, scope.family);
                        e.millis += warm_factor(3_000);
                    }
                } else {
                    e.millis += 500;
                }
            }
            "npm" | "yarn" | "pnpm" => {
                node(prog, sub, args, scope, &all, &env_true, &mut e, &mut keep)
            }
            "pip" | "pip3" => {
                if sub == "install" {
                    let count = requirements(args, scope);
                    let size = count * PIP_PACKAGE;
                    let dir = if has("--user") {
                        "/root/.local".to_string()
                    } else if let Some(p) =
                        value_of(args, "--prefix").or_else(|| value_of(args, "--target"))
                    {
                        absolute(&p, scope.workdir)
                    } else {
                        "/usr/local/lib/python3/site-packages".to_string()
                    };
                    e.size += size;
                    e.outputs.push(Output { path: dir, size });
                    if !has("--no-cache-dir") && !env_true("PIP_NO_CACHE_DIR") {
                        keep(&mut e, "/root/.cache/pip", size / 2);
                    }
                    e.millis += warm_factor(2_000 * count.max(1));
                } else {
                    e.millis += 500;
                }
            }
            "python" | "python3" if args.first() == Some(&"-m") && args.get(1) == Some(&"pip") => {
                let rest: Vec<String> = std::iter::once("pip".to_string())
                    .chain(args[2..].iter().map(|s| s.to_string()))
                    .collect();
                let nested = run(&rest.join(" "), scope);
                merge(&mut e, nested);
            }
            "go" => match sub {
                "mod" => {
                    let modules = (scope.text)(&absolute("go.mod", scope.workdir))
                        .map(|t| {
                            t.lines()
                                .filter(|l| {
                                    l.trim_start().starts_with("github.com") || l.contains(" v")
                                })
                                .count() as u64
                        })
                        .unwrap_or(5);
                    let size = modules * GO_MODULE;
                    keep(&mut e, "/go/pkg/mod", size);
                    e.outputs.push(Output {
                        path: "/go/pkg/mod".into(),
                        size,
                    });
                    e.millis += warm_factor(500 * modules + 2_000);
                }
                "build" | "install" => {
                    let stripped = args.iter().any(|a| {
                        a.contains("-s -w")
                            || a.contains("-w -s")
                            || *a == "-s"
                            || a.ends_with("-s")
                    });
                    let bin = if stripped {
                        GO_BINARY * 7 / 10
                    } else {
                        GO_BINARY
                    };
                    let out = value_of(args, "-o").unwrap_or_else(|| "app".into());
                    e.size += bin;
                    e.outputs.push(Output {
                        path: absolute(&out, scope.workdir),
                        size: bin,
                    });
                    keep(&mut e, "/root/.cache/go-build", GO_BUILD_CACHE);
                    e.millis += warm_factor(40_000);
                }
                _ => e.millis += 1_000,
            },
            "mvn" | "mvnw" => {
                let resolves = args.iter().any(|a| a.starts_with("dependency:"));
                let packages = args
                    .iter()
                    .any(|a| matches!(*a, "package" | "install" | "verify"));
                keep(&mut e, "/root/.m2", M2_REPOSITORY);
                if packages {
                    let jar = absolute("target/app.jar", scope.workdir);
                    e.size += JAR;
                    e.outputs.push(Output {
                        path: jar,
                        size: JAR,
                    });
                }
                let tests = if has("-DskipTests") { 0 } else { 30_000 };
                e.millis += warm_factor(if resolves { 40_000 } else { 60_000 }) + tests;
            }
            "gradle" | "gradlew" => {
                keep(&mut e, "/root/.gradle", GRADLE_CACHE);
                if args
                    .iter()
                    .any(|a| matches!(*a, "build" | "bootJar" | "assemble" | "jar"))
                {
                    e.size += JAR;
                    e.outputs.push(Output {
                        path: absolute("build/libs/app.jar", scope.workdir),
                        size: JAR,
                    });
                }
                e.millis += warm_factor(70_000);
            }
            "cargo" => {
                if sub == "build" || sub == "install" {
                    keep(&mut e, &absolute("target", scope.workdir), CARGO_TARGET);
                    e.size += CARGO_BINARY;
                    e.outputs.push(Output {
                        path: absolute("target/release/app", scope.workdir),
                        size: CARGO_BINARY,
                    });
                    e.millis += warm_factor(120_000);
                } else {
                    e.millis += 1_000;
                }
            }
            "curl" | "wget" => {
                e.size += DOWNLOAD;
                e.millis += 2_000;
            }
            "chown" | "chmod" if has("-R") => {
                // Changing the owner of files a lower layer holds copies them into this one.
                if let Some(path) = positional.last() {
                    e.size += (scope.bytes_under)(&absolute(path, scope.workdir));
                }
                e.millis += 1_000;
            }
            "git" => {
                if sub == "clone" {
                    e.size += GIT_CLONE;
                    e.millis += 5_000;
                } else {
                    e.millis += 100;
                }
            }
            "make" | "cmake" | "ninja" => {
                e.size += MAKE_OUTPUT;
                e.millis += 60_000;
            }
            "mv" | "cp" if positional.len() >= 2 => {
                let to = positional[positional.len() - 1];
                let to_abs = absolute(to, scope.workdir);
                for from in &positional[..positional.len() - 1] {
                    let from_abs = absolute(from, scope.workdir);
                    let dest = if to.ends_with('/') || positional.len() > 2 {
                        format!("{}/{}", to_abs, from_abs.rsplit('/').next().unwrap_or(""))
                    } else {
                        to_abs.clone()
                    };
                    e.moves.push((from_abs, dest, prog == "cp"));
                }
                e.millis += 100;
            }
            "rm"
            | "mkdir"
            | "chown"
            | "chmod"
            | "ln"
            | "cp"
            | "mv"
            | "echo"
            | "cd"
            | "export"
            | "set"
            | "true"
            | "false"
            | "test"
            | "["
            | "sed"
            | "touch"
            | "cat"
            | "ls"
            | "printf"
            | "exit"
            | "env"
            | "which"
            | "useradd"
            | "adduser"
            | "addgroup"
            | "groupadd"
            | "usermod"
            | "id"
            | "whoami"
            | "sleep"
            | "find"
            | "tar"
            | "gzip"
            | "unzip"
            | "grep"
            | "awk"
            | "tee"
            | "command"
            | "source"
            | "."
            | "dpkg"
            | "dpkg-reconfigure"
            | "update-ca-certificates"
            | "ldconfig"
            | "locale-gen"
            | "if"
            | "then"
            | "fi"
            | "else"
            | "for"
            | "do"
            | "done"
            | "{"
            | "}"
            | "("
            | ")" => {
                e.millis += 100;
            }
            other => {
                e.unknown.push(other.to_string());
                e.size += UNKNOWN_SIZE;
                e.millis += 1_000;
            }
        }
    }
    e
}

/// npm, yarn and pnpm: installs sized from package.json, builds leaving `dist`.
#[allow(clippy::too_many_arguments)]
fn node(
    prog: &str,
    sub: &str,
    args: &[&str],
    scope: &Scope,
    all: &str,
    env_true: &dyn Fn(&str) -> bool,
    e: &mut Effect,
    keep: &mut dyn FnMut(&mut Effect, &str, u64),
) {
    let has = |flag: &str| args.iter().any(|a| a.starts_with(flag));
    let packages: Vec<&&str> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .skip(1)
        .collect();
    let install =
        matches!(sub, "ci" | "install" | "i" | "add") || (prog == "yarn" && sub.is_empty());
    if install && (packages.is_empty() || sub == "ci") && sub != "add" {
        let (deps, dev) = (scope.text)(&absolute("package.json", scope.workdir))
            .map(|t| package_json_counts(&t))
            .unwrap_or((0, 0));
        let production = has("--omit=dev")
            || has("--only=prod")
            || has("--production")
            || has("--prod")
            || scope.env.get("NODE_ENV").is_some_and(|v| v == "production");
        let size = deps * NPM_DEP + if production { 0 } else { dev * NPM_DEV_DEP };
        e.size += size;
        e.outputs.push(Output {
            path: absolute("node_modules", scope.workdir),
            size,
        });
        let cleaned = all.contains("cache clean");
        if !cleaned {
            let cache = if prog == "npm" {
                "/root/.npm"
            } else {
                "/usr/local/share/.cache"
            };
            keep(e, cache, size * 2 / 5);
        }
        let count = deps + if production { 0 } else { dev };
        e.millis += if scope.warm {
            2_000 + 50 * count
        } else {
            3_000 + 400 * count
        };
        let _ = env_true;
    } else if install {
        let global = has("-g") || has("--global");
        let size = packages.len() as u64 * 5 * MB;
        e.size += size;
        if !global {
            e.outputs.push(Output {
                path: absolute("node_modules", scope.workdir),
                size,
            });
        }
        e.millis += 2_000 * packages.len().max(1) as u64;
    } else if sub == "run" && args.get(1).is_some_and(|s| s.starts_with("build")) || sub == "build"
    {
        // The bundle: 30 % of the sources in the working directory, plus 500 kB.
        let sources = (scope.bytes_under)(scope.workdir).saturating_sub((scope.bytes_under)(
            &absolute("node_modules", scope.workdir),
        ));
        let size = sources * 3 / 10 + 500 * KB;
        e.size += size;
        e.outputs.push(Output {
            path: absolute("dist", scope.workdir),
            size,
        });
        e.millis += 20_000;
    } else {
        e.millis += 1_000;
    }
}

/// package.json's dependencies and devDependencies counts.
pub fn package_json_counts(text: &str) -> (u64, u64) {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else {
        return (0, 0);
    };
    let count = |k: &str| {
        v.get(k)
            .and_then(|d| d.as_object())
            .map(|o| o.len() as u64)
            .unwrap_or(0)
    };
    (count("dependencies"), count("devDependencies"))
}

/// The number of packages a `pip install` installs: the lines of its `-r` files, or the
/// packages named.
fn requirements(args: &[&str], scope: &Scope) -> u64 {
    let mut count = 0;
    let mut i = 0;
    let mut files = false;
    while i < args.len() {
        let a = args[i];
        if a == "-r" || a == "--requirement" {
            files = true;
            if let Some(f) = args.get(i + 1) {
                count += (scope.text)(&absolute(f, scope.workdir))
                    .map(|t| {
                        t.lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('-'))
                            .count() as u64
                    })
                    .unwrap_or(0);
            }
            i += 2;
            continue;
        }
        if let Some(f) = a.strip_prefix("--requirement=") {
            files = true;
            count += (scope.text)(&absolute(f, scope.workdir))
                .map(|t| {
                    t.lines()
                        .filter(|l| !l.trim().is_empty() && !l.trim().starts_with('#'))
                        .count() as u64
                })
                .unwrap_or(0);
        } else if !a.starts_with('-') && a != "install" && !files {
            count += 1;
        } else if matches!(a, "--prefix" | "--target" | "-t") {
            i += 1;
        }
        i += 1;
    }
    count
}

/// `-o value` or `-o=value` (also `--prefix value`).
fn value_of(args: &[&str], flag: &str) -> Option<String> {
    args.iter().enumerate().find_map(|(i, a)| {
        if *a == flag {
            args.get(i + 1).map(|s| s.to_string())
        } else {
            a.strip_prefix(&format!("{flag}=")).map(str::to_string)
        }
    })
}

fn merge(e: &mut Effect, other: Effect) {
    e.size += other.size;
    e.millis += other.millis;
    e.outputs.extend(other.outputs);
    e.unknown.extend(other.unknown);
    e.kept_in_cache_mount += other.kept_in_cache_mount;
    e.moves.extend(other.moves);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_split_into_commands() {
        let c = commands("apt-get update && apt-get install -y curl \\\n && rm -rf /var/lib/apt/lists/*; echo 'a && b' | tee x");
        let names: Vec<&str> = c.iter().map(|w| w[0].as_str()).collect();
        assert_eq!(names, ["apt-get", "apt-get", "rm", "echo", "tee"]);
    }

    #[test]
    fn package_json_counts_dependencies() {
        let t =
            r#"{"dependencies":{"express":"^4"},"devDependencies":{"jest":"^29","eslint":"^9"}}"#;
        assert_eq!(package_json_counts(t), (1, 2));
        assert_eq!(package_json_counts("not json"), (0, 0));
    }
}
