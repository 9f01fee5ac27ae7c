//! The command catalogue (COMMANDS.md): what each command does to the build container, its
//! output, exit status and simulated duration. Outcomes depend only on the files.

use super::run::{Finding, PushedImage};
use super::shell::{LocalImage, Machine, Outcome, EXIT_REQUESTED_BASE};
use super::tests_model::{find_tests, junit_xml, Case, Lang};
use crate::numbers::hash64;

/// Base images the image scan reports a CRITICAL finding for: releases past their end of
/// life (the lab's own catalogue, not a vulnerability database).
pub const CRITICAL_BASES: &[&str] = &[
    "node:8",
    "node:10",
    "node:12",
    "node:14",
    "python:2.7",
    "python:3.6",
    "ubuntu:14.04",
    "ubuntu:16.04",
    "debian:jessie",
    "debian:stretch",
    "centos:7",
    "centos:8",
];

/// Whether a base image (`node:10-alpine`, `node:10.24`) is one of the critical ones.
pub fn critical_base(base: &str) -> Option<&'static str> {
    let base = base.strip_prefix("docker.io/library/").unwrap_or(base);
    let base = base
        .strip_prefix("public.ecr.aws/docker/library/")
        .unwrap_or(base);
    CRITICAL_BASES.iter().copied().find(|c| {
        base == *c
            || base
                .strip_prefix(c)
                .is_some_and(|rest| rest.starts_with(['-', '.']))
    })
}

fn hex64(parts: &[&[u8]]) -> String {
    (0u8..4)
        .map(|i| {
            let mut p: Vec<&[u8]> = parts.to_vec();
            let salt = [i];
            p.push(&salt);
            format!("{:016x}", hash64(&p))
        })
        .collect()
}

/// `name[:tag]` with `latest` when no tag is written.
fn with_tag(name: &str) -> String {
    let last = name.rsplit('/').next().unwrap_or(name);
    if last.contains(':') || last.contains('@') {
        name.to_string()
    } else {
        format!("{name}:latest")
    }
}

/// `<account>.dkr.ecr.<region>.amazonaws.com`: (account, region).
pub fn ecr_registry(host: &str) -> Option<(String, String)> {
    let (account, rest) = host.split_once(".dkr.ecr.")?;
    let region = rest.strip_suffix(".amazonaws.com")?;
    (account.len() == 12 && account.chars().all(|c| c.is_ascii_digit()))
        .then(|| (account.to_string(), region.to_string()))
}

fn opt<'a>(args: &'a [String], names: &[&str]) -> Option<&'a str> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if names.contains(&a.as_str()) {
            return it.next().map(String::as_str);
        }
        for n in names {
            if let Some(v) = a.strip_prefix(&format!("{n}=")) {
                return Some(v);
            }
        }
    }
    None
}

impl Machine {
    /// Runs one command (its words expanded).
    pub(crate) fn command(&mut self, words: &[String], stdin: &str, from_login: bool) -> Outcome {
        let name = words[0].as_str();
        let args = &words[1..];
        match name {
            "echo" => {
                let (newline, rest) = match args.first().map(String::as_str) {
                    Some("-n") => (false, &args[1..]),
                    Some("-e") => (true, &args[1..]),
                    _ => (true, args),
                };
                let mut out = rest.join(" ");
                if newline {
                    out.push('\n');
                }
                Outcome::ok(out, 0)
            }
            "true" | ":" => Outcome::ok("", 0),
            "false" => Outcome::fail(1, "", 0),
            "exit" => {
                let n: i32 = args.first().and_then(|a| a.parse().ok()).unwrap_or(0);
                Outcome::fail(EXIT_REQUESTED_BASE + (n & 255), "", 0)
            }
            "sleep" => {
                let n: u32 = args.first().and_then(|a| a.parse().ok()).unwrap_or(0);
                Outcome::ok("", n)
            }
            "export" => {
                for a in args.iter().filter(|a| !a.starts_with('-')) {
                    match a.split_once('=') {
                        Some((k, v)) => {
                            self.vars.insert(k.to_string(), v.to_string());
                        }
                        None => {
                            self.vars.entry(a.clone()).or_default();
                        }
                    }
                }
                Outcome::ok("", 0)
            }
            "unset" => {
                for a in args {
                    self.vars.remove(a);
                }
                Outcome::ok("", 0)
            }
            "cd" => {
                let target = args
                    .first()
                    .map_or("/root".to_string(), |a| self.resolve(a));
                if self.is_dir(&target) {
                    self.cwd = target;
                    self.vars
                        .insert("PWD".into(), self.absolute(&self.cwd.clone()));
                    Outcome::ok("", 0)
                } else {
                    let shown = args.first().cloned().unwrap_or_default();
                    Outcome::fail(1, format!("cd: {shown}: No such file or directory\n"), 0)
                }
            }
            "pwd" => Outcome::ok(format!("{}\n", self.absolute(&self.cwd)), 0),
            "mkdir" => {
                for a in args.iter().filter(|a| !a.starts_with('-')) {
                    let key = self.resolve(a);
                    self.dirs.insert(key);
                }
                Outcome::ok("", 0)
            }
            "touch" => {
                for a in args.iter().filter(|a| !a.starts_with('-')) {
                    let key = self.resolve(a);
                    self.fs.entry(key).or_default();
                }
                Outcome::ok("", 0)
            }
            "rm" => {
                for a in args.iter().filter(|a| !a.starts_with('-')) {
                    let key = self.resolve(a);
                    self.fs
                        .retain(|k, _| k != &key && !k.starts_with(&format!("{key}/")));
                    self.dirs
                        .retain(|k| k != &key && !k.starts_with(&format!("{key}/")));
                }
                Outcome::ok("", 0)
            }
            "cp" | "mv" => self.copy(name, args),
            "cat" => {
                if args.is_empty() {
                    return Outcome::ok(stdin, 0);
                }
                let mut out = String::new();
                for a in args {
                    match self.fs.get(&self.resolve(a)) {
                        Some(text) => out.push_str(text),
                        None => {
                            return Outcome::fail(
                                1,
                                format!("{out}cat: {a}: No such file or directory\n"),
                                0,
                            )
                        }
                    }
                }
                Outcome::ok(out, 0)
            }
            "ls" => {
                let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
                if paths.is_empty() {
                    return Outcome::ok(self.listing(&self.cwd.clone()), 0);
                }
                let mut out = String::new();
                let mut status = 0;
                for p in paths {
                    let key = self.resolve(p);
                    if self.fs.contains_key(&key) {
                        out.push_str(&format!("{p}\n"));
                    } else if self.is_dir(&key) {
                        out.push_str(&self.listing(&key));
                    } else {
                        out.push_str(&format!(
                            "ls: cannot access '{p}': No such file or directory\n"
                        ));
                        status = 2;
                    }
                }
                Outcome {
                    status,
                    out,
                    seconds: 0,
                }
            }
            "env" | "printenv" => {
                if let Some(name) = args.first() {
                    return match self.vars.get(name) {
                        Some(v) => Outcome::ok(format!("{v}\n"), 0),
                        None => Outcome::fail(1, "", 0),
                    };
                }
                let out = self
                    .vars
                    .iter()
                    .filter(|(k, _)| k.as_str() != "?")
                    .map(|(k, v)| format!("{k}={v}\n"))
                    .collect::<String>();
                Outcome::ok(out, 0)
            }
            "date" => Outcome::ok(
                format!("{}\n", date(self.clock, args.first().map(String::as_str))),
                0,
            ),
            "cut" => {
                let Some(range) = opt(args, &["-c"]) else {
                    return Outcome::fail(
                        1,
                        "cut: you must specify a list of bytes, characters, or fields\n",
                        0,
                    );
                };
                let (from, to) = match range.split_once('-') {
                    Some((a, b)) => (a.parse().unwrap_or(1usize), b.parse().unwrap_or(usize::MAX)),
                    None => {
                        let n = range.parse().unwrap_or(1usize);
                        (n, n)
                    }
                };
                let out = stdin
                    .lines()
                    .map(|l| {
                        let s: String = l
                            .chars()
                            .skip(from.max(1) - 1)
                            .take(to.saturating_sub(from.max(1) - 1))
                            .collect();
                        format!("{s}\n")
                    })
                    .collect::<String>();
                Outcome::ok(out, 0)
            }
            "head" => {
                if let Some(n) = opt(args, &["-c"]).and_then(|n| n.parse::<usize>().ok()) {
                    return Outcome::ok(stdin.chars().take(n).collect::<String>(), 0);
                }
                let n = opt(args, &["-n"])
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(10usize);
                Outcome::ok(
                    stdin
                        .lines()
                        .take(n)
                        .map(|l| format!("{l}\n"))
                        .collect::<String>(),
                    0,
                )
            }
            "zip" => {
                let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
                let Some(out) = files.first() else {
                    return Outcome::fail(16, "zip error: Invalid command arguments\n", 0);
                };
                let key = self.resolve(out);
                let listed = files[1..]
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                self.fs.insert(key, format!("zip archive of {listed}\n"));
                Outcome::ok(format!("  adding: {listed}\n"), 2)
            }
            "apt-get" | "apt" | "yum" | "dnf" | "apk" | "gem" | "n" => Outcome::ok("", 20),
            "npm" => self.npm(args),
            "npx" => match args.first() {
                Some(_) => {
                    let bin = self.npm_bin.take();
                    self.npm_bin = Some(self.cwd.clone());
                    let r = self.command(args, stdin, false);
                    self.npm_bin = bin;
                    r
                }
                None => Outcome::fail(1, "npm ERR! npx needs a command\n", 0),
            },
            "jest" | "mocha" | "vitest" | "react-scripts" | "tsc" | "eslint" | "webpack"
            | "vite" | "next"
                if self.npm_bin.is_some() =>
            {
                self.node_tool(name, args)
            }
            "pip" | "pip3" => self.pip(args),
            "pytest" => self.pytest(args),
            "python" | "python3" if args.first().map(String::as_str) == Some("-m") => {
                match args.get(1).map(String::as_str) {
                    Some("pytest") => self.pytest(&args[2..]),
                    Some("pip") => self.pip(&args[2..]),
                    _ => Outcome::ok("", 2),
                }
            }
            "python" | "python3" | "node" | "java" | "go"
                if args.first().map(String::as_str) == Some("--version")
                    || args.first().map(String::as_str) == Some("version") =>
            {
                Outcome::ok(format!("{name} (simulated)\n"), 0)
            }
            "go" => self.go(args),
            "mvn" => self.mvn(args),
            "docker" => self.docker(args, stdin, from_login),
            "trivy" => self.trivy(args),
            "aws" => self.aws(args),
            "chmod" => {
                for a in args.iter().skip(1).filter(|a| !a.starts_with('-')) {
                    let key = self.resolve(a);
                    if !self.fs.contains_key(&key) && !self.is_dir(&key) {
                        return Outcome::fail(
                            1,
                            format!("chmod: cannot access '{a}': No such file or directory\n"),
                            0,
                        );
                    }
                }
                Outcome::ok("", 0)
            }
            "printf" => match args.first() {
                Some(format) => Outcome::ok(printf(format, &args[1..]), 0),
                None => Outcome::fail(2, "printf: usage: printf format [arguments]\n", 0),
            },
            "git" => match args
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .as_slice()
            {
                ["rev-parse", rest @ ..] if rest.last() == Some(&"HEAD") => {
                    let sha = self
                        .vars
                        .get("CODEBUILD_RESOLVED_SOURCE_VERSION")
                        .cloned()
                        .unwrap_or_default();
                    let shown: String = if rest.contains(&"--short") {
                        sha.chars().take(7).collect()
                    } else {
                        sha
                    };
                    Outcome::ok(format!("{shown}\n"), 0)
                }
                _ => Outcome::ok("", 1),
            },
            "bash" | "sh" => match args.first().map(String::as_str) {
                Some("-c") => match args.get(1) {
                    Some(line) => {
                        let (vars, cwd) = (self.vars.clone(), self.cwd.clone());
                        let r = self.run_line(line, stdin);
                        self.vars = vars;
                        self.cwd = cwd;
                        r
                    }
                    None => {
                        Outcome::fail(2, format!("{name}: -c: option requires an argument\n"), 0)
                    }
                },
                Some(file) if !file.starts_with('-') => self.script(name, file, true),
                _ => Outcome::ok("", 0),
            },
            "source" | "." => match args.first() {
                Some(file) => self.script(name, file, false),
                None => Outcome::fail(2, format!("{name}: filename argument required\n"), 0),
            },
            _ if name.contains('/') => self.script("bash", name, true),
            _ => Outcome::fail(127, format!("{name}: command not found\n"), 0),
        }
    }

    /// The names in a directory, one a line, sorted.
    fn listing(&self, dir: &str) -> String {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let mut names: Vec<String> = self
            .fs
            .keys()
            .chain(self.dirs.iter())
            .filter_map(|k| {
                k.strip_prefix(&prefix)
                    .filter(|r| !r.is_empty() && !r.starts_with('/'))
            })
            .map(|r| r.split('/').next().unwrap_or(r).to_string())
            .collect();
        names.sort();
        names.dedup();
        names.iter().map(|n| format!("{n}\n")).collect()
    }

    /// Runs a script file of the build's files line by line (without `set -e`, its status is
    /// its last command's); in a subshell unless sourced.
    fn script(&mut self, shell: &str, file: &str, subshell: bool) -> Outcome {
        let key = self.resolve(file);
        let Some(text) = self.fs.get(&key).cloned() else {
            return Outcome::fail(
                127,
                format!("{shell}: {file}: No such file or directory\n"),
                0,
            );
        };
        let saved = subshell.then(|| (self.vars.clone(), self.cwd.clone()));
        let mut total = Outcome::default();
        let errexit = text
            .lines()
            .any(|l| l.trim() == "set -e" || l.trim().starts_with("set -e"));
        for line in text.lines() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') || t.starts_with("set ") {
                continue;
            }
            let r = self.run_line(t, "");
            total.out.push_str(&r.out);
            total.seconds = total.seconds.saturating_add(r.seconds);
            total.status = r.status;
            if errexit && r.status != 0 {
                break;
            }
        }
        if let Some((vars, cwd)) = saved {
            self.vars = vars;
            self.cwd = cwd;
        }
        total
    }

    fn copy(&mut self, name: &str, args: &[String]) -> Outcome {
        let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        if paths.len() < 2 {
            return Outcome::fail(1, format!("{name}: missing destination file operand\n"), 0);
        }
        let dest = self.resolve(paths[paths.len() - 1]);
        let dest_is_dir = self.is_dir(&dest) || paths.len() > 2;
        for src in &paths[..paths.len() - 1] {
            let from = self.resolve(src);
            let base = from.rsplit('/').next().unwrap_or(&from).to_string();
            if let Some(text) = self.fs.get(&from).cloned() {
                let to = if dest_is_dir {
                    join(&dest, &base)
                } else {
                    dest.clone()
                };
                self.fs.insert(to, text);
                if name == "mv" {
                    self.fs.remove(&from);
                }
            } else if self.is_dir(&from) {
                let target = if self.is_dir(&dest) {
                    join(&dest, &base)
                } else {
                    dest.clone()
                };
                for f in self.files_under(&from) {
                    let rel = &f[from.len() + usize::from(!from.is_empty())..];
                    let text = self.fs[&f].clone();
                    self.fs.insert(join(&target, rel), text);
                    if name == "mv" {
                        self.fs.remove(&f);
                    }
                }
                self.dirs.insert(target);
            } else {
                return Outcome::fail(
                    1,
                    format!("{name}: cannot stat '{src}': No such file or directory\n"),
                    0,
                );
            }
        }
        Outcome::ok("", 0)
    }

    fn package_json(&self) -> Result<crate::tree::Node, Outcome> {
        let key = join(&self.cwd, "package.json");
        let Some(text) = self.fs.get(&key) else {
            let abs = self.absolute(&key);
            return Err(Outcome::fail(
                254,
                format!("npm ERR! code ENOENT\nnpm ERR! syscall open\nnpm ERR! path {abs}\nnpm ERR! errno -2\nnpm ERR! enoent Could not read package.json: Error: ENOENT: no such file or directory, open '{abs}'\n"),
                1,
            ));
        };
        crate::tree::parse(text).map(|(n, _)| n).map_err(|e| {
            Outcome::fail(
                1,
                format!("npm ERR! code EJSONPARSE\nnpm ERR! JSON.parse Failed to parse json\nnpm ERR! JSON.parse {}\n", e.message),
                1,
            )
        })
    }

    fn npm(&mut self, args: &[String]) -> Outcome {
        let sub = args.first().map(String::as_str).unwrap_or("");
        match sub {
            "ci" | "install" | "i" | "clean-install" => {
                if args.iter().any(|a| a == "-g" || a == "--global") {
                    return Outcome::ok("", 15);
                }
                let pkg = match self.package_json() {
                    Ok(p) => p,
                    Err(o) => return o,
                };
                let lock = join(&self.cwd, "package-lock.json");
                let ci = sub == "ci" || sub == "clean-install";
                if ci
                    && !self.fs.contains_key(&lock)
                    && !self
                        .fs
                        .contains_key(&join(&self.cwd, "npm-shrinkwrap.json"))
                {
                    return Outcome::fail(
                        1,
                        "npm ERR! code EUSAGE\nnpm ERR! The `npm ci` command can only install with an existing package-lock.json or\nnpm ERR! npm-shrinkwrap.json with lockfileVersion >= 1.\n",
                        2,
                    );
                }
                let mut count = 0;
                for section in ["dependencies", "devDependencies"] {
                    if let Some(deps) = pkg.get(section).and_then(|d| d.as_map()) {
                        for (k, _) in deps {
                            count += 1;
                            let bin = if k.name == "typescript" {
                                "tsc".to_string()
                            } else {
                                k.name.rsplit('/').next().unwrap_or(&k.name).to_string()
                            };
                            self.fs.insert(
                                join(&self.cwd, &format!("node_modules/.bin/{bin}")),
                                String::new(),
                            );
                            self.fs.insert(
                                join(&self.cwd, &format!("node_modules/{}/package.json", k.name)),
                                "{}\n".into(),
                            );
                        }
                    }
                }
                self.fs.insert(
                    join(&self.cwd, "node_modules/.package-lock.json"),
                    "{}\n".into(),
                );
                if !ci {
                    self.fs
                        .entry(lock)
                        .or_insert_with(|| "{\n  \"lockfileVersion\": 3\n}\n".into());
                }
                let seconds = if ci { 20 } else { 30 };
                Outcome::ok(
                    format!(
                        "\nadded {count} packages, and audited {} packages in {seconds}s\n",
                        count + 1
                    ),
                    seconds,
                )
            }
            "test" | "t" | "run" | "run-script" => {
                let script = if sub == "test" || sub == "t" {
                    "test"
                } else {
                    match args.get(1) {
                        Some(s) => s.as_str(),
                        None => return Outcome::ok("", 1),
                    }
                };
                let pkg = match self.package_json() {
                    Ok(p) => p,
                    Err(o) => return o,
                };
                let Some(body) = pkg
                    .get("scripts")
                    .and_then(|s| s.get(script))
                    .and_then(|b| b.as_str())
                    .map(str::to_string)
                else {
                    return Outcome::fail(1, format!("npm ERR! Missing script: \"{script}\"\n"), 1);
                };
                let name = pkg
                    .get("name")
                    .and_then(|n| n.as_str())
                    .unwrap_or("")
                    .to_string();
                let version = pkg
                    .get("version")
                    .and_then(|n| n.as_str())
                    .unwrap_or("")
                    .to_string();
                let header = format!("\n> {name}@{version} {script}\n> {body}\n\n");
                let saved = self.npm_bin.replace(self.cwd.clone());
                let mut r = self.run_line(&body, "");
                self.npm_bin = saved;
                r.out = format!("{header}{}", r.out);
                r.seconds = r.seconds.saturating_add(1);
                if r.status == 127 {
                    // npm runs scripts with sh: a missing binary is "not found".
                    r.out = r.out.replace(": command not found", ": not found");
                }
                r
            }
            "--version" | "-v" => Outcome::ok("10.8.2\n", 0),
            _ => Outcome::ok("", 5),
        }
    }

    /// A node_modules binary inside an npm script: present only when installed.
    fn node_tool(&mut self, name: &str, args: &[String]) -> Outcome {
        let dir = self.npm_bin.clone().unwrap_or_default();
        let bin = join(&dir, &format!("node_modules/.bin/{name}"));
        if !self.fs.contains_key(&bin) {
            return Outcome::fail(127, format!("sh: 1: {name}: not found\n"), 0);
        }
        let is_test = matches!(name, "jest" | "mocha" | "vitest")
            || (name == "react-scripts" && args.first().map(String::as_str) == Some("test"));
        if is_test {
            return self.test_run(Lang::Js, None, 10);
        }
        let out_dir = match name {
            "react-scripts" => Some("build"),
            "vite" | "webpack" => Some("dist"),
            "next" => Some(".next"),
            _ => None,
        };
        if let Some(out) = out_dir {
            let srcs: Vec<String> = self.files_under(&join(&dir, "src"));
            let prefix = join(&dir, "src");
            for s in srcs {
                let rel = s[prefix.len() + usize::from(!prefix.is_empty())..].to_string();
                let text = self.fs[&s].clone();
                self.fs.insert(join(&join(&dir, out), &rel), text);
            }
            self.fs.insert(
                join(&join(&dir, out), "index.html"),
                "<!doctype html>\n".into(),
            );
            return Outcome::ok(format!("{name}: build written to {out}\n"), 15);
        }
        Outcome::ok("", 5)
    }

    fn pip(&mut self, args: &[String]) -> Outcome {
        if args.first().map(String::as_str) != Some("install") {
            return Outcome::ok("", 1);
        }
        if let Some(req) = opt(args, &["-r", "--requirement"]) {
            if !self.fs.contains_key(&self.resolve(req)) {
                return Outcome::fail(
                    1,
                    format!("ERROR: Could not open requirements file: [Errno 2] No such file or directory: '{req}'\n"),
                    1,
                );
            }
        }
        Outcome::ok("Successfully installed packages\n", 15)
    }

    fn pytest(&mut self, args: &[String]) -> Outcome {
        let junit = opt(args, &["--junitxml", "--junit-xml"]).map(str::to_string);
        self.test_run(Lang::Python, junit, 8)
    }

    fn go(&mut self, args: &[String]) -> Outcome {
        let sub = args.first().map(String::as_str).unwrap_or("");
        if !matches!(sub, "test" | "build" | "vet" | "mod" | "run") {
            return Outcome::ok("", 2);
        }
        if sub != "mod" && !self.fs.contains_key(&join(&self.cwd, "go.mod")) {
            return Outcome::fail(
                1,
                "go: go.mod file not found in current directory or any parent directory; see 'go help modules'\n",
                1,
            );
        }
        match sub {
            "test" => self.test_run(Lang::Go, None, 15),
            _ => Outcome::ok("", 10),
        }
    }

    fn mvn(&mut self, args: &[String]) -> Outcome {
        let pom_key = join(&self.cwd, "pom.xml");
        let Some(pom) = self.fs.get(&pom_key).cloned() else {
            return Outcome::fail(
                1,
                format!("[ERROR] The goal you specified requires a project to execute but there is no POM in this directory ({}). Please verify you invoked Maven from the correct directory.\n", self.absolute(&self.cwd)),
                3,
            );
        };
        let goals: Vec<&str> = args
            .iter()
            .map(String::as_str)
            .filter(|a| !a.starts_with('-'))
            .collect();
        let skip = args
            .iter()
            .any(|a| a == "-DskipTests" || a == "-Dmaven.test.skip=true");
        let mut out = String::from("[INFO] Scanning for projects...\n");
        let mut seconds: u32 = 10;
        if goals.contains(&"clean") {
            let target = join(&self.cwd, "target");
            self.fs.retain(|k, _| !k.starts_with(&format!("{target}/")));
        }
        let phase_rank = |g: &str| match g {
            "test" => 1,
            "package" => 2,
            "verify" | "install" | "deploy" => 3,
            _ => 0,
        };
        let rank = goals.iter().map(|g| phase_rank(g)).max().unwrap_or(0);
        if rank >= 1 && !skip {
            let r = self.test_run(Lang::Java, None, 30);
            out.push_str(&r.out);
            seconds = seconds.saturating_add(r.seconds);
            if r.status != 0 {
                out.push_str("[INFO] BUILD FAILURE\n[ERROR] There are test failures.\n");
                return Outcome::fail(1, out, seconds);
            }
        }
        if rank >= 2 {
            let (artifact, version) = pom_coordinates(&pom);
            let jar = join(&self.cwd, &format!("target/{artifact}-{version}.jar"));
            self.fs
                .insert(jar.clone(), format!("jar {artifact} {version}\n"));
            out.push_str(&format!("[INFO] Building jar: {}\n", self.absolute(&jar)));
            seconds = seconds.saturating_add(20);
        }
        out.push_str("[INFO] BUILD SUCCESS\n");
        Outcome::ok(out, seconds)
    }

    /// Runs the test cases the source holds for a language (the convention of
    /// `tests_model`), printing a summary and writing a JUnit XML report where the runner does.
    fn test_run(&mut self, lang: Lang, junit: Option<String>, seconds: u32) -> Outcome {
        let root = self.npm_bin.clone().unwrap_or_else(|| self.cwd.clone());
        let cases: Vec<Case> = find_tests(&self.fs, &root, lang);
        let failed = cases.iter().filter(|c| c.failure.is_some()).count();
        let passed = cases.len() - failed;
        let mut out = String::new();
        for c in &cases {
            match &c.failure {
                Some(why) => out.push_str(&format!("  FAIL {} > {} ({why})\n", c.suite, c.name)),
                None => out.push_str(&format!("  PASS {} > {}\n", c.suite, c.name)),
            }
        }
        let report = match lang {
            Lang::Js => Some(join(&root, "junit.xml")),
            Lang::Python => junit.map(|p| self.resolve(&p)),
            Lang::Java => None,
            Lang::Go => None,
        };
        if let Some(path) = report {
            self.fs.insert(path, junit_xml(&cases, lang.suite_name()));
        }
        if lang == Lang::Java {
            let mut suites: Vec<&str> = cases.iter().map(|c| c.suite.as_str()).collect();
            suites.dedup();
            for s in suites {
                let mine: Vec<Case> = cases.iter().filter(|c| c.suite == s).cloned().collect();
                self.fs.insert(
                    join(&root, &format!("target/surefire-reports/TEST-{s}.xml")),
                    junit_xml(&mine, s),
                );
            }
        }
        let total = cases.len();
        let seconds = seconds.saturating_add(total.min(100_000) as u32);
        match lang {
            Lang::Js if total == 0 => {
                Outcome::fail(1, "No tests found, exiting with code 1\n", seconds)
            }
            Lang::Python if total == 0 => Outcome::fail(5, "no tests ran\n", seconds),
            Lang::Go if total == 0 => Outcome::ok("?   \t[no test files]\n", seconds),
            Lang::Java => {
                out.push_str(&format!(
                    "[INFO] Tests run: {total}, Failures: {failed}, Errors: 0, Skipped: 0\n"
                ));
                if failed > 0 {
                    Outcome::fail(1, out, seconds)
                } else {
                    Outcome::ok(out, seconds)
                }
            }
            Lang::Go => {
                out.push_str(if failed > 0 { "FAIL\n" } else { "ok\n" });
                if failed > 0 {
                    Outcome::fail(1, out, seconds)
                } else {
                    Outcome::ok(out, seconds)
                }
            }
            Lang::Python => {
                out.push_str(&format!("{} failed, {passed} passed\n", failed));
                if failed > 0 {
                    Outcome::fail(1, out, seconds)
                } else {
                    Outcome::ok(out, seconds)
                }
            }
            Lang::Js => {
                out.push_str(&format!(
                    "Tests:       {failed} failed, {passed} passed, {total} total\n"
                ));
                if failed > 0 {
                    Outcome::fail(1, out, seconds)
                } else {
                    Outcome::ok(out, seconds)
                }
            }
        }
    }

    fn docker(&mut self, args: &[String], stdin: &str, from_login: bool) -> Outcome {
        let sub = args.first().map(String::as_str).unwrap_or("");
        if sub == "--version" || sub == "version" {
            return Outcome::ok("Docker version (simulated)\n", 0);
        }
        // Docker needs the project's privileged mode.
        if !self.privileged {
            return Outcome::fail(1, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n", 1);
        }
        let rest = args.get(1..).unwrap_or_default();
        match sub {
            "login" => {
                let host = rest
                    .iter()
                    .rev()
                    .find(|a| !a.starts_with('-'))
                    .cloned()
                    .unwrap_or_default();
                let host = host
                    .trim_start_matches("https://")
                    .trim_end_matches('/')
                    .to_string();
                let password = opt(rest, &["-p", "--password"]).map(str::to_string);
                let stdin_pw = rest.iter().any(|a| a == "--password-stdin");
                let ok = password.is_some_and(|p| !p.is_empty())
                    || (stdin_pw && from_login && !stdin.trim().is_empty());
                if !ok {
                    return Outcome::fail(
                        1,
                        "Error: Cannot perform an interactive login from a non TTY device\n",
                        1,
                    );
                }
                self.logins.insert(host);
                Outcome::ok("Login Succeeded\n", 1)
            }
            "build" => {
                let tags: Vec<String> = rest
                    .windows(2)
                    .filter(|w| w[0] == "-t" || w[0] == "--tag")
                    .map(|w| w[1].clone())
                    .chain(
                        rest.iter()
                            .filter_map(|a| a.strip_prefix("--tag=").map(str::to_string)),
                    )
                    .collect();
                let skip_next = [
                    "-t",
                    "--tag",
                    "-f",
                    "--file",
                    "--build-arg",
                    "--platform",
                    "--target",
                    "--cache-from",
                    "--label",
                ];
                let mut context = None;
                let mut it = rest.iter();
                while let Some(a) = it.next() {
                    if skip_next.contains(&a.as_str()) {
                        it.next();
                    } else if !a.starts_with('-') {
                        context = Some(a.clone());
                    }
                }
                let Some(context) = context else {
                    return Outcome::fail(
                        1,
                        "ERROR: \"docker buildx build\" requires exactly 1 argument.\n",
                        0,
                    );
                };
                let ctx = self.resolve(&context);
                let file = opt(rest, &["-f", "--file"])
                    .map_or_else(|| join(&ctx, "Dockerfile"), |f| self.resolve(f));
                let Some(dockerfile) = self.fs.get(&file).cloned() else {
                    return Outcome::fail(1, "ERROR: failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory\n", 2);
                };
                let base = dockerfile
                    .lines()
                    .map(str::trim)
                    .find_map(|l| {
                        let mut w = l.split_whitespace();
                        (w.next()?.eq_ignore_ascii_case("FROM"))
                            .then(|| w.find(|x| !x.starts_with("--")).unwrap_or("").to_string())
                    })
                    .unwrap_or_default();
                if base.is_empty() {
                    return Outcome::fail(
                        1,
                        "ERROR: failed to solve: dockerfile parse error: no FROM instruction\n",
                        2,
                    );
                }
                let mut parts: Vec<&[u8]> = vec![dockerfile.as_bytes()];
                let files = self.files_under(&ctx);
                for f in &files {
                    parts.push(f.as_bytes());
                    parts.push(self.fs[f].as_bytes());
                }
                let id = format!("sha256:{}", hex64(&parts));
                for t in &tags {
                    self.images.insert(
                        with_tag(t),
                        LocalImage {
                            id: id.clone(),
                            base: base.clone(),
                        },
                    );
                }
                let short = &id[7..19];
                Outcome::ok(format!("#1 [internal] load build definition from Dockerfile\n#2 FROM {base}\n#3 exporting to image\n#3 writing image {id} done\n{}", tags.iter().map(|t| format!("#3 naming to docker.io/library/{t} done\n")).collect::<String>() + &format!("Successfully built {short}\n")), 45)
            }
            "tag" => {
                let (Some(src), Some(dst)) = (rest.first(), rest.get(1)) else {
                    return Outcome::fail(1, "\"docker tag\" requires exactly 2 arguments.\n", 0);
                };
                match self.images.get(&with_tag(src)).cloned() {
                    Some(img) => {
                        self.images.insert(with_tag(dst), img);
                        Outcome::ok("", 0)
                    }
                    None => Outcome::fail(
                        1,
                        format!(
                            "Error response from daemon: No such image: {}\n",
                            with_tag(src)
                        ),
                        0,
                    ),
                }
            }
            "push" => {
                let Some(target) = rest.iter().find(|a| !a.starts_with('-')) else {
                    return Outcome::fail(1, "\"docker push\" requires exactly 1 argument.\n", 0);
                };
                let full = with_tag(target);
                let Some(img) = self.images.get(&full).cloned() else {
                    return Outcome::fail(
                        1,
                        format!("An image does not exist locally with the tag: {target}\n"),
                        1,
                    );
                };
                let (repo_part, tag) = full.rsplit_once(':').unwrap_or((&full, "latest"));
                let host = repo_part.split('/').next().unwrap_or("");
                let is_registry = host.contains('.') || host.contains(':');
                let mut out = format!(
                    "The push refers to repository [{}]\n",
                    if is_registry {
                        repo_part.to_string()
                    } else {
                        format!("docker.io/library/{repo_part}")
                    }
                );
                let Some((account, _region)) = ecr_registry(host) else {
                    if !self
                        .logins
                        .contains(if is_registry { host } else { "docker.io" })
                    {
                        out.push_str("denied: requested access to the resource is denied\n");
                        return Outcome::fail(1, out, 2);
                    }
                    return self.pushed(full.clone(), repo_part, tag, &img, out);
                };
                if !self.logins.contains(host) {
                    out.push_str("no basic auth credentials\n");
                    return Outcome::fail(1, out, 2);
                }
                let repository = &repo_part[host.len() + 1..];
                if let Some(known) = &self.ecr_repositories {
                    if account == self.account && !known.iter().any(|k| k == repository) {
                        out.push_str(&format!("name unknown: The repository with name '{repository}' does not exist in the registry with id '{account}'\n"));
                        return Outcome::fail(1, out, 2);
                    }
                }
                self.pushed(full.clone(), repo_part, tag, &img, out)
            }
            "pull" => Outcome::ok("", 10),
            _ => Outcome::ok("", 1),
        }
    }

    fn pushed(
        &mut self,
        uri: String,
        repo: &str,
        tag: &str,
        img: &LocalImage,
        mut out: String,
    ) -> Outcome {
        let digest = format!("sha256:{}", hex64(&[img.id.as_bytes(), b"manifest"]));
        out.push_str(&format!("{tag}: digest: {digest} size: 1570\n"));
        let repository = repo.split_once('/').map_or(repo, |(_, r)| r).to_string();
        self.pushed.push(PushedImage {
            uri,
            repository,
            tag: tag.to_string(),
            digest,
            base: img.base.clone(),
        });
        Outcome::ok(out, 20)
    }

    /// `trivy image [--exit-code N] [--severity LIST] IMAGE`: the image's findings.
    fn trivy(&mut self, args: &[String]) -> Outcome {
        if args.first().map(String::as_str) != Some("image") {
            return Outcome::ok("", 1);
        }
        let rest = &args[1..];
        let exit: i32 = opt(rest, &["--exit-code"])
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let severities = opt(rest, &["--severity", "-s"])
            .unwrap_or("UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL")
            .to_string();
        let mut it = rest.iter();
        let mut image = None;
        while let Some(a) = it.next() {
            if a.starts_with('-') {
                if !a.contains('=') && a != "--no-progress" && a != "--quiet" && a != "-q" {
                    it.next();
                }
            } else {
                image = Some(a.clone());
            }
        }
        let Some(image) = image else {
            return Outcome::fail(1, "trivy: an image name is required\n", 0);
        };
        let full = with_tag(&image);
        let base = self.images.get(&full).map(|i| i.base.clone()).or_else(|| {
            self.pushed
                .iter()
                .find(|p| p.uri == full)
                .map(|p| p.base.clone())
        });
        let Some(base) = base else {
            return Outcome::fail(
                1,
                format!("FATAL image scan error: unable to find the specified image \"{image}\"\n"),
                5,
            );
        };
        let mut out = format!("{full}\nTotal: ");
        match critical_base(&base) {
            Some(c) if severities.contains("CRITICAL") => {
                out.push_str("1 (CRITICAL: 1)\n");
                self.findings.push(Finding {
                    image: full.clone(),
                    base: base.clone(),
                    severity: "CRITICAL".into(),
                    name: format!("end-of-life base image {c}"),
                });
                Outcome {
                    status: exit,
                    out,
                    seconds: 10,
                }
            }
            _ => {
                out.push_str("0 (CRITICAL: 0)\n");
                Outcome::ok(out, 10)
            }
        }
    }

    fn aws(&mut self, args: &[String]) -> Outcome {
        let words: Vec<&str> = args.iter().map(String::as_str).collect();
        match words.as_slice() {
            ["--version", ..] => Outcome::ok("aws-cli/2 (simulated)\n", 0),
            ["ecr", "get-login-password", ..] => Outcome::ok(
                format!(
                    "{}\n",
                    hex64(&[b"ecr-token", self.clock.to_string().as_bytes()])
                ),
                2,
            ),
            ["ecr", "get-login", ..] => {
                let region = opt(args, &["--region"]).unwrap_or(&self.region).to_string();
                Outcome::ok(
                    format!(
                        "docker login -u AWS -p {} https://{}.dkr.ecr.{region}.amazonaws.com\n",
                        hex64(&[b"ecr-token"]),
                        self.account
                    ),
                    2,
                )
            }
            ["ecr", "describe-image-scan-findings", ..] => {
                let repo = opt(args, &["--repository-name"]).unwrap_or("").to_string();
                let tag = opt(args, &["--image-id"])
                    .and_then(|i| i.strip_prefix("imageTag="))
                    .unwrap_or("latest")
                    .to_string();
                let Some(p) = self
                    .pushed
                    .iter()
                    .rev()
                    .find(|p| p.repository == repo && p.tag == tag)
                    .cloned()
                else {
                    return Outcome::fail(254, format!("An error occurred (ImageNotFoundException) when calling the DescribeImageScanFindings operation: The image with imageId {{imageTag:'{tag}'}} does not exist within the repository with name '{repo}' in the registry with id '{}'\n", self.account), 2);
                };
                let critical = critical_base(&p.base);
                if let Some(c) = critical {
                    self.findings.push(Finding {
                        image: p.uri.clone(),
                        base: p.base.clone(),
                        severity: "CRITICAL".into(),
                        name: format!("end-of-life base image {c}"),
                    });
                }
                let counts = if critical.is_some() {
                    "{\"CRITICAL\": 1}"
                } else {
                    "{}"
                };
                Outcome::ok(format!("{{\n    \"imageScanFindings\": {{\n        \"findingSeverityCounts\": {counts}\n    }},\n    \"imageScanStatus\": {{\n        \"status\": \"COMPLETE\"\n    }}\n}}\n"), 10)
            }
            _ => Outcome::ok("", 3),
        }
    }
}

pub(crate) fn join(dir: &str, rel: &str) -> String {
    if dir.is_empty() {
        rel.to_string()
    } else {
        format!("{dir}/{rel}")
    }
}

/// A pom.xml's own artifactId and version (those outside `<parent>`, `<dependencies>`,
/// `<build>`, `<dependencyManagement>` and `<plugins>`).
fn pom_coordinates(pom: &str) -> (String, String) {
    let mut text = pom.to_string();
    for tag in [
        "parent",
        "dependencyManagement",
        "dependencies",
        "build",
        "plugins",
        "profiles",
    ] {
        while let (Some(a), Some(b)) = (
            text.find(&format!("<{tag}>")),
            text.find(&format!("</{tag}>")),
        ) {
            if b < a {
                break;
            }
            text.replace_range(a..b + tag.len() + 3, "");
        }
    }
    let field = |name: &str| {
        let open = format!("<{name}>");
        text.find(&open).and_then(|a| {
            let rest = &text[a + open.len()..];
            rest.find('<').map(|b| rest[..b].trim().to_string())
        })
    };
    (
        field("artifactId").unwrap_or_else(|| "app".into()),
        field("version").unwrap_or_else(|| "1.0".into()),
    )
}

/// `date` and `date +FORMAT` (%Y %m %d %H %M %S %s), from the simulated clock (UTC).
pub(crate) fn date(clock: i64, format: Option<&str>) -> String {
    let (y, mo, d, h, mi, s) = civil(clock);
    match format.and_then(|f| f.strip_prefix('+')) {
        Some(f) => f
            .replace("%Y", &format!("{y:04}"))
            .replace("%m", &format!("{mo:02}"))
            .replace("%d", &format!("{d:02}"))
            .replace("%H", &format!("{h:02}"))
            .replace("%M", &format!("{mi:02}"))
            .replace("%S", &format!("{s:02}"))
            .replace("%s", &clock.to_string()),
        None => {
            const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
            const MONTHS: [&str; 12] = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            let wd = DAYS[clock.div_euclid(86_400).rem_euclid(7) as usize];
            format!(
                "{wd} {} {d:2} {h:02}:{mi:02}:{s:02} UTC {y}",
                MONTHS[(mo - 1) as usize]
            )
        }
    }
}

pub(crate) use crate::text::civil;

/// `printf FORMAT ARGS…`: `%s` and `%d` take the arguments in turn, `%%` is `%`, `\n` and
/// `\t` are escapes; the format is reused while arguments remain (as printf does).
pub(crate) fn printf(format: &str, args: &[String]) -> String {
    let mut out = String::new();
    let mut next = 0;
    loop {
        let mut chars = format.chars().peekable();
        let mut used = false;
        while let Some(c) = chars.next() {
            match (c, chars.peek().copied()) {
                ('%', Some('%')) => {
                    chars.next();
                    out.push('%');
                }
                ('%', Some('s' | 'd')) => {
                    chars.next();
                    out.push_str(args.get(next).map_or("", String::as_str));
                    next += 1;
                    used = true;
                }
                ('\\', Some('n')) => {
                    chars.next();
                    out.push('\n');
                }
                ('\\', Some('t')) => {
                    chars.next();
                    out.push('\t');
                }
                _ => out.push(c),
            }
        }
        if !used || next >= args.len() {
            break;
        }
    }
    out
}
