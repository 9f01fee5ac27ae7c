//! docker: Dockerfile findings and build results in words (English and Vietnamese).
//!
//! Each rule of `engine::docker` with its message in every language, the one-line form tools
//! print (`file:line:column: error: message [rule-id]`), and the build's results a learner
//! reads: a layer's line (instruction, size, reused or rebuilt and why), sizes, and the
//! image's summary. Dockerfile instructions, flags and image references stay as written.
use engine::docker::{Build, CacheStatus, Diagnostic, Layer, Miss, Rule};

use crate::lang::{number, Lang, T};

/// A finding's message in `lang`, its values filled in.
pub fn message(d: &Diagnostic, lang: Lang) -> String {
    let arg = |i: usize| d.args.get(i).map(String::as_str).unwrap_or("");
    let near = |i: usize| crate::finding::near(arg(i), lang);
    let (template, extra): (T, String) = match d.rule {
        Rule::DirectiveDuplicate => (t!("the parser directive {a} is written twice: each directive may be used once", "parser directive {a} được viết hai lần: mỗi directive chỉ dùng được một lần"), String::new()),
        Rule::EscapeValue => (t!("escape must be a backslash (\\) or a backtick (`), not \"{a}\"", "escape phải là dấu gạch chéo ngược (\\) hoặc dấu backtick (`), không phải \"{a}\""), String::new()),
        Rule::EmptyContinuation => (t!("an empty line inside a continued instruction: empty continuation lines will become errors in a future release", "một dòng trống nằm giữa một instruction viết trên nhiều dòng: các dòng trống như vậy sẽ thành lỗi trong các bản phát hành sau"), String::new()),
        Rule::UnknownInstruction => (t!("\"{a}\" is not a Dockerfile instruction", "\"{a}\" không phải là một instruction của Dockerfile"), near(1)),
        Rule::MissingArguments => (t!("{a} needs arguments", "{a} cần có tham số"), String::new()),
        Rule::ExecJson => (t!("the arguments of {a} look like a JSON array but are not valid JSON: write [\"executable\", \"param\"] with double quotes, or Docker runs it as a shell command", "tham số của {a} trông như một mảng JSON nhưng không phải JSON hợp lệ: hãy viết [\"executable\", \"param\"] với dấu ngoặc kép, nếu không Docker sẽ chạy nó như một lệnh shell"), String::new()),
        Rule::HeredocUnterminated => (t!("the here-document never ends: no line {a} closes it", "here-document không bao giờ kết thúc: không có dòng {a} nào đóng nó lại"), String::new()),
        Rule::NoFrom => (t!("the Dockerfile has no FROM: a build needs at least one stage", "Dockerfile không có FROM: một build cần ít nhất một stage"), String::new()),
        Rule::BeforeFrom => (t!("{a} comes before the first FROM: only ARG may be written there", "{a} đứng trước FROM đầu tiên: chỉ ARG được phép viết ở đó"), String::new()),
        Rule::FlagUnknown => (t!("{a} has no flag {b}", "{a} không có flag {b}"), near(2)),
        Rule::FlagValue if arg(2).is_empty() => (t!("{b} of {a} needs a value", "{b} của {a} cần một giá trị"), String::new()),
        Rule::FlagValue => (t!("{b} of {a} cannot be \"{c}\"", "{b} của {a} không thể là \"{c}\""), String::new()),
        Rule::MountType => (t!("\"{a}\" is not a mount type: use bind, cache, tmpfs, secret or ssh", "\"{a}\" không phải là mount type: hãy dùng bind, cache, tmpfs, secret hoặc ssh"), near(1)),
        Rule::MountTarget => (t!("a {a} mount needs a target (target=/path)", "mount loại {a} cần có target (target=/path)"), String::new()),
        Rule::FromSyntax => (t!("FROM takes an image and an optional AS name, not \"{a}\"", "FROM nhận một image và tùy chọn AS name, không phải \"{a}\""), String::new()),
        Rule::StageNameInvalid => (t!("\"{a}\" is not a valid stage name: start with a letter, then letters, digits, -, _ or .", "\"{a}\" không phải tên stage hợp lệ: hãy bắt đầu bằng một chữ cái, sau đó là chữ cái, chữ số, -, _ hoặc ."), String::new()),
        Rule::StageDuplicate => (t!("the stage name {a} is already used at line {b}: stage names must be unique", "tên stage {a} đã được dùng ở dòng {b}: tên stage phải là duy nhất"), String::new()),
        Rule::StageNameCasing => (t!("stage name {a} should be lowercase", "tên stage {a} nên viết chữ thường"), String::new()),
        Rule::FromAsCasing => (t!("'{b}' does not match the case of '{a}': write FROM … AS or from … as", "'{b}' không cùng kiểu chữ với '{a}': hãy viết FROM … AS hoặc from … as"), String::new()),
        Rule::StageNameReserved => (t!("{a} is a reserved word and should not be a stage name", "{a} là từ dành riêng, không nên dùng làm tên stage"), String::new()),
        Rule::CopyFromUnknown if arg(1).is_empty() => (t!("--from={a} names no earlier stage: a stage can copy from stages above it", "--from={a} không trỏ tới stage nào phía trước: một stage chỉ copy được từ các stage nằm trên nó"), String::new()),
        Rule::CopyFromUnknown => (t!("--from={a} names no earlier stage", "--from={a} không trỏ tới stage nào phía trước"), near(1)),
        Rule::CopyDestination => (t!("{a} with several sources needs a directory destination ending with /, not \"{b}\"", "{a} với nhiều nguồn cần đích là một thư mục kết thúc bằng /, không phải \"{b}\""), String::new()),
        Rule::OnbuildInstruction => (t!("ONBUILD cannot trigger {a}", "ONBUILD không thể kích hoạt {a}"), String::new()),
        Rule::HealthcheckForm => (t!("HEALTHCHECK takes NONE, or options then CMD and a command, not \"{a}\"", "HEALTHCHECK nhận NONE, hoặc các option rồi CMD và một command, không phải \"{a}\""), String::new()),
        Rule::ExposeFormat => (t!("\"{a}\" is not a port: write a number or a range, with /tcp or /udp if needed (80, 8000-8010/udp)", "\"{a}\" không phải là port: hãy viết một số hoặc một dải, thêm /tcp hoặc /udp nếu cần (80, 8000-8010/udp)"), String::new()),
        Rule::KeyValue => (t!("{a} expects key=value, not \"{b}\"", "{a} cần dạng key=value, không phải \"{b}\""), String::new()),
        Rule::LegacyKeyValue => (t!("{a} key value is the legacy form: write {a} key=value", "{a} key value là cú pháp cũ: hãy viết {a} key=value"), String::new()),
        Rule::MaintainerDeprecated => (t!("MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors=…", "MAINTAINER đã bị deprecated: hãy dùng LABEL org.opencontainers.image.authors=…"), String::new()),
        Rule::JsonArgsRecommended => (t!("{a} in shell form runs under /bin/sh -c, so the process does not receive stop signals: write it as a JSON array", "{a} ở dạng shell chạy dưới /bin/sh -c, nên process không nhận được tín hiệu dừng: hãy viết dưới dạng mảng JSON"), String::new()),
        Rule::MultipleInstructions => (t!("a second {a} in this stage (the first is at line {b}): only the last one takes effect", "{a} thứ hai trong stage này (cái đầu ở dòng {b}): chỉ cái cuối cùng có hiệu lực"), String::new()),
        Rule::InstructionCasing if arg(1) == "lower" => (t!("{a}: write instructions in one case; this file mostly uses lowercase", "{a}: hãy viết các instruction cùng một kiểu chữ; file này chủ yếu dùng chữ thường"), String::new()),
        Rule::InstructionCasing => (t!("{a}: write instructions in one case; this file mostly uses uppercase", "{a}: hãy viết các instruction cùng một kiểu chữ; file này chủ yếu dùng chữ hoa"), String::new()),
        Rule::WorkdirRelative => (t!("WORKDIR {a} is relative and no absolute WORKDIR comes before it: where it lands depends on the base image", "WORKDIR {a} là đường dẫn tương đối và chưa có WORKDIR tuyệt đối nào trước nó: vị trí thực tế phụ thuộc vào base image"), String::new()),
        Rule::UndefinedArgInFrom => (t!("FROM uses ${a}, but no ARG before the first FROM declares it", "FROM dùng ${a}, nhưng không có ARG nào trước FROM đầu tiên khai báo nó"), near(1)),
        Rule::UndefinedVar => (t!("${a} is not defined here: no ARG or ENV before this line (nor the base image) sets it, so it expands to nothing", "${a} chưa được định nghĩa ở đây: không có ARG hay ENV nào trước dòng này (và base image cũng không) đặt nó, nên nó sẽ thành chuỗi rỗng"), near(1)),
        Rule::SecretInArgEnv => (t!("{a} {b} looks like a secret: ARG and ENV values stay in the image and its history; use RUN --mount=type=secret", "{a} {b} trông như một secret: giá trị của ARG và ENV nằm lại trong image và lịch sử của nó; hãy dùng RUN --mount=type=secret"), String::new()),
        Rule::FromLatest => (t!("{a} has no version tag (or latest): builds change when the image does; pin a version such as node:22-slim", "{a} không có tag phiên bản (hoặc là latest): build sẽ thay đổi khi image thay đổi; hãy cố định phiên bản, ví dụ node:22-slim"), String::new()),
        Rule::RunAsRoot if arg(0).is_empty() => (t!("the final stage sets no USER, so the container runs as root: add a non-root USER", "stage cuối không đặt USER nên container chạy bằng root: hãy thêm một USER không phải root"), String::new()),
        Rule::RunAsRoot => (t!("USER {a}: the container runs as root; use a non-root user", "USER {a}: container chạy bằng root; hãy dùng user không phải root"), String::new()),
        Rule::AptLists => (t!("apt-get install without rm -rf /var/lib/apt/lists/* in the same RUN leaves the package lists in the layer", "apt-get install mà không có rm -rf /var/lib/apt/lists/* trong cùng RUN sẽ để lại danh sách package trong layer"), String::new()),
        Rule::AptRecommends => (t!("apt-get install without --no-install-recommends also installs recommended packages you did not ask for", "apt-get install thiếu --no-install-recommends sẽ cài thêm cả các package được đề xuất mà bạn không yêu cầu"), String::new()),
        Rule::AddInsteadOfCopy => (t!("ADD {a}: use COPY for local files; ADD is for URLs, archives to extract and Git repositories", "ADD {a}: hãy dùng COPY cho file cục bộ; ADD dành cho URL, file nén cần giải nén và Git repository"), String::new()),
        Rule::NoDockerignore => (t!("there is no .dockerignore, so this COPY puts {a} into the image: add one that leaves it out", "không có .dockerignore nên COPY này đưa {a} vào image: hãy thêm .dockerignore để loại nó ra"), String::new()),
        Rule::CopyIgnoredFile => (t!("{a} is excluded by .dockerignore, so it is not in the build context and cannot be copied", "{a} bị .dockerignore loại trừ nên không có trong build context và không thể copy"), String::new()),
        Rule::CopyNotFound => (t!("{a} matches no file of the build context", "{a} không khớp với file nào trong build context"), String::new()),
        Rule::BaseUnknown => (t!("the image {a} is not in this lab's catalogue of base images", "image {a} không có trong danh mục base image của bài lab này"), String::new()),
        Rule::BaseEndOfLife => (t!("{a} is past its end of life: it gets no more security fixes", "{a} đã hết vòng đời (end of life): không còn nhận bản vá bảo mật"), String::new()),
        Rule::NoShell => (t!("{a} has no shell, so a shell-form RUN cannot run there: run commands in an earlier stage and COPY --from it", "{a} không có shell nên RUN dạng shell không chạy được ở đó: hãy chạy command ở một stage trước rồi COPY --from sang"), String::new()),
        Rule::TargetUnknown => (t!("the target {a} is not a stage of this Dockerfile", "target {a} không phải là một stage của Dockerfile này"), String::new()),
    };
    let text = template.fill(lang, &[("a", &arg(0)), ("b", &arg(1)), ("c", &arg(2))]);
    format!("{text}{extra}")
}

/// The one-line form: `file:line:column: error: message [rule-id]`.
pub fn line(file: &str, d: &Diagnostic, lang: Lang) -> String {
    crate::finding::line(
        file,
        (d.pos.line, d.pos.col),
        d.severity().name(),
        &message(d, lang),
        d.rule.id(),
    )
}

/// A size in bytes as a learner reads it: `812 kB`, `7.4 MB`, `1.12 GB` (decimal units, as
/// `docker images` shows them; Vietnamese writes 7,4 MB).
pub fn size(bytes: u64, lang: Lang) -> String {
    let b = bytes as f64;
    if bytes < 1_000 {
        format!("{bytes} B")
    } else if bytes < 1_000_000 {
        format!("{} kB", number(b / 1e3, 0, lang))
    } else if bytes < 1_000_000_000 {
        format!("{} MB", number(b / 1e6, 1, lang))
    } else {
        format!("{} GB", number(b / 1e9, 2, lang))
    }
}

/// Milliseconds as seconds (`12.3 s`).
pub fn seconds(millis: u64, lang: Lang) -> String {
    format!("{} s", number(millis as f64 / 1000.0, 1, lang))
}

/// Whether a layer was reused, and if not, why.
pub fn cache(status: &CacheStatus, lang: Lang) -> String {
    match status {
        CacheStatus::Hit => t!("reused from the cache", "dùng lại từ cache").get(lang).to_string(),
        CacheStatus::Miss(m) => match m {
                Miss::Pull => t!("pulled from the registry", "pull từ registry").get(lang).to_string(),
                Miss::NotCached => t!("built: nothing is cached yet", "build mới: chưa có gì trong cache").get(lang).to_string(),
                Miss::Disabled => t!("built: the cache is off (--no-cache)", "build mới: cache đang tắt (--no-cache)").get(lang).to_string(),
                Miss::BaseChanged => t!("rebuilt: the base image changed", "build lại: base image đã thay đổi").get(lang).to_string(),
                Miss::ParentRebuilt(line) => t!("rebuilt: the layer below it (line {n}) was rebuilt, and every later layer of the stage is too", "build lại: layer bên dưới (dòng {n}) đã được build lại, nên mọi layer sau nó trong stage cũng vậy").fill(lang, &[("n", line)]),
                Miss::InstructionChanged => t!("rebuilt: the instruction changed", "build lại: instruction đã thay đổi").get(lang).to_string(),
                Miss::FilesChanged(files) => t!("rebuilt: copied files changed ({f})", "build lại: các file được copy đã thay đổi ({f})").fill(lang, &[("f", &list(files))]),
                Miss::VariablesChanged(vars) => t!("rebuilt: the variables it sees changed ({f})", "build lại: các biến mà nó dùng đã thay đổi ({f})").fill(lang, &[("f", &list(vars))]),
        },
    }
}

/// Up to five names joined, then `…`.
fn list(names: &[String]) -> String {
    let mut shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
    if names.len() > 5 {
        shown.push("…");
    }
    shown.join(", ")
}

/// A layer as one line: `line 4: RUN npm ci — 7.0 MB, reused from the cache`, with what a
/// cache mount kept out and the commands the simulation does not know.
pub fn layer(l: &Layer, lang: Lang) -> String {
    let mut s = t!("line {n}: {i} — {s}, {c}", "dòng {n}: {i} — {s}, {c}").fill(
        lang,
        &[
            ("n", &l.line),
            ("i", &l.instruction),
            ("s", &size(l.size, lang)),
            ("c", &cache(&l.cache, lang)),
        ],
    );
    if l.warm_cache_mount {
        s.push_str(
            t!(
                " (faster: its cache mount was kept from the last build)",
                " (nhanh hơn: cache mount được giữ từ lần build trước)"
            )
            .get(lang),
        );
    }
    if l.kept_in_cache_mount > 0 {
        s.push_str(
            &t!(
                "; {k} stays in a cache mount, not in the layer",
                "; {k} nằm trong cache mount, không nằm trong layer"
            )
            .fill(lang, &[("k", &size(l.kept_in_cache_mount, lang))]),
        );
    }
    if !l.unknown_commands.is_empty() {
        s.push_str(
            &t!(
                "; commands this lab does not simulate, counted 1 MB each: {u}",
                "; các command bài lab này không mô phỏng, tính 1 MB mỗi command: {u}"
            )
            .fill(lang, &[("u", &l.unknown_commands.join(", "))]),
        );
    }
    if !l.unresolved.is_empty() {
        s.push_str(
            &t!(
                "; files from a base image, counted 1 MB: {u}",
                "; file lấy từ một base image, tính 1 MB: {u}"
            )
            .fill(lang, &[("u", &l.unresolved.join(", "))]),
        );
    }
    s
}

/// The image in one sentence: size, base, user, ports, and the cache's work.
pub fn summary(b: &Build, lang: Lang) -> String {
    if !b.ok {
        return t!(
            "The build failed: fix the errors first.",
            "Build thất bại: hãy sửa các lỗi trước."
        )
        .get(lang)
        .to_string();
    }
    let ports = if b.exposed.is_empty() {
        t!("no ports", "không có port nào").get(lang).to_string()
    } else {
        b.exposed.join(", ")
    };
    let user = if b.runs_as_root {
        "root".to_string()
    } else {
        b.user.clone()
    };
    t!("Image {s} ({c} compressed) from {base}, runs as {u}, exposes {p}; {h} layers reused, {m} rebuilt in {t}.", "Image {s} ({c} khi nén) từ {base}, chạy bằng {u}, mở {p}; {h} layer dùng lại từ cache, {m} layer build lại trong {t}.").fill(
        lang,
        &[
            ("s", &size(b.size, lang)),
            ("c", &size(b.compressed_size, lang)),
            ("base", &if b.base.is_empty() { "?".to_string() } else { b.base.clone() }),
            ("u", &user),
            ("p", &ports),
            ("h", &b.hits),
            ("m", &b.misses),
            ("t", &seconds(b.millis, lang)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::docker::{build, validate, Context, ContextFile, Options, Origin, Pos};

    #[test]
    fn every_rule_is_worded_in_both_languages() {
        for &rule in Rule::ALL {
            let d = Diagnostic {
                pos: Pos { line: 1, col: 1 },
                rule,
                args: vec!["x".into(), "y".into(), "z".into()],
            };
            let en = message(&d, Lang::En);
            let vi = message(&d, Lang::Vi);
            assert!(!en.is_empty() && !vi.is_empty(), "{rule:?}");
            assert_ne!(en, vi, "{rule:?} is not translated");
            assert!(!en.contains("{a}") && !vi.contains("{b}"), "{rule:?}: {en}");
        }
    }

    #[test]
    fn every_cache_reason_is_worded_in_both_languages() {
        let reasons = [
            CacheStatus::Hit,
            CacheStatus::Miss(Miss::Pull),
            CacheStatus::Miss(Miss::NotCached),
            CacheStatus::Miss(Miss::Disabled),
            CacheStatus::Miss(Miss::BaseChanged),
            CacheStatus::Miss(Miss::ParentRebuilt(3)),
            CacheStatus::Miss(Miss::InstructionChanged),
            CacheStatus::Miss(Miss::FilesChanged(vec!["a".into(); 7])),
            CacheStatus::Miss(Miss::VariablesChanged(vec!["$NODE_ENV".into()])),
        ];
        for r in &reasons {
            let (en, vi) = (cache(r, Lang::En), cache(r, Lang::Vi));
            assert!(
                !en.is_empty() && en != vi && !en.contains('{'),
                "{r:?}: {en}"
            );
        }
        assert_eq!(
            cache(&reasons[7], Lang::En),
            "rebuilt: copied files changed (a, a, a, a, a, …)"
        );
        assert!(cache(&reasons[5], Lang::Vi).contains("dòng 3"));
    }

    #[test]
    fn findings_print_as_one_line_with_did_you_mean() {
        let r = validate("FROM alpine:3.20\nRUNN echo hi\nUSER 1\n");
        let l = line("Dockerfile", &r.diagnostics[0], Lang::En);
        assert_eq!(
            l,
            "Dockerfile:2:1: error: \"RUNN\" is not a Dockerfile instruction (did you mean RUN?) [unknown-instruction]"
        );
        assert!(line("Dockerfile", &r.diagnostics[0], Lang::Vi).contains("có phải ý bạn là RUN?"));
    }

    #[test]
    fn sizes_and_layers_read_in_both_languages() {
        assert_eq!(size(7_400_000, Lang::En), "7.4 MB");
        assert_eq!(size(7_400_000, Lang::Vi), "7,4 MB");
        assert_eq!(size(1_120_000_000, Lang::En), "1.12 GB");
        assert_eq!(size(812_000, Lang::En), "812 kB");
        let ctx = Context::new(vec![
            ContextFile::with_text("package.json", r#"{"dependencies":{"express":"4"}}"#),
            ContextFile::new("index.js", 1_000),
        ]);
        let text = "FROM node:22-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nCOPY . .\nUSER node\nEXPOSE 3000\nCMD [\"node\", \"index.js\"]\n";
        let first = build(text, &ctx, &Options::default());
        let second = build(
            text,
            &ctx.changed(&["index.js"]),
            &Options {
                cache: first.cache.clone(),
                ..Options::default()
            },
        );
        let lines: Vec<String> = second
            .layers
            .iter()
            .filter(|l| l.origin != Origin::Base)
            .map(|l| layer(l, Lang::En))
            .collect();
        assert_eq!(
            lines[2],
            "line 4: RUN npm ci — 3.5 MB, reused from the cache"
        );
        assert_eq!(
            lines[3],
            "line 5: COPY . . — 1 kB, rebuilt: copied files changed (index.js)"
        );
        let vi = layer(&second.layers.last().unwrap().clone(), Lang::Vi);
        assert!(vi.starts_with("dòng 5: COPY . . — 1 kB, build lại"), "{vi}");
        let s = summary(&second, Lang::En);
        assert!(s.starts_with("Image 235.6 MB"), "{s}");
        assert!(
            s.contains("runs as node, exposes 3000/tcp; 8 layers reused, 1 rebuilt"),
            "{s}"
        );
        assert!(summary(&second, Lang::Vi).contains("chạy bằng node"));
    }
}
