//! The simulated base-image catalogue: the canonical references the container engines share
//! (the ECR engine keys its vulnerability catalogue by the same strings), each with its
//! layers, size and configuration, and the aliases that resolve to them (`node:lts`,
//! `node:22-bookworm-slim`, `python:3.12.4-slim`, `docker.io/library/alpine:latest`…).
//!
//! Sizes are approximations for linux/amd64: the compressed size is the one the Docker Hub
//! tag pages show (https://hub.docker.com/_/node/tags, https://hub.docker.com/_/python/tags,
//! https://hub.docker.com/_/golang/tags, https://hub.docker.com/_/eclipse-temurin/tags,
//! https://hub.docker.com/_/nginx/tags, https://hub.docker.com/_/alpine/tags,
//! https://hub.docker.com/_/debian/tags, https://hub.docker.com/_/ubuntu/tags,
//! https://hub.docker.com/_/amazonlinux/tags) and the distroless repository
//! (https://github.com/GoogleContainerTools/distroless), rounded; the uncompressed layer
//! sizes are ours, shaped like the images' published Dockerfiles (a distribution layer, the
//! build dependencies of the full variants, the runtime) and summing to what `docker images`
//! shows for them in common comparisons (e.g.
//! https://atharvaunde.com/blogs/base-images-the-secret-to-smaller-docker-images,
//! https://goelacademy.com/blog/docker-image-optimization). The configuration (user,
//! working directory, entrypoint, command, exposed ports) follows each image's Dockerfile.

/// The distribution an image is built on: which package manager a RUN finds, and whether
/// there is a shell at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Debian,
    Ubuntu,
    Alpine,
    AmazonLinux,
    /// No shell, no package manager.
    Distroless,
    /// Nothing at all.
    Scratch,
}

impl Family {
    /// Whether `/bin/sh` exists (a shell-form RUN needs it).
    pub fn has_shell(self) -> bool {
        !matches!(self, Family::Distroless | Family::Scratch)
    }
}

/// One image of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BaseImage {
    /// The canonical reference (`node:22-slim`).
    pub reference: &'static str,
    /// Layer sizes, uncompressed, in kilobytes (1 kB = 1000 bytes), lowest layer first.
    pub layers_kb: &'static [u64],
    /// The compressed size a registry shows, in kilobytes.
    pub compressed_kb: u64,
    pub family: Family,
    /// The default user (`""` is root).
    pub user: &'static str,
    pub workdir: &'static str,
    pub env: &'static [(&'static str, &'static str)],
    pub entrypoint: &'static [&'static str],
    pub cmd: &'static [&'static str],
    pub exposed: &'static [&'static str],
    /// Past its end of life (Node.js 16: September 2023; Python 3.8: October 2024).
    pub end_of_life: bool,
}

impl BaseImage {
    /// Uncompressed size in bytes.
    pub fn size(&self) -> u64 {
        self.layers_kb.iter().sum::<u64>() * 1000
    }
}

const NODE_ENTRY: &[&str] = &["docker-entrypoint.sh"];
const DEBIAN_FULL: [u64; 4] = [117_500, 49_600, 174_600, 587_800];
const PATH_STD: (&str, &str) = (
    "PATH",
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
);

macro_rules! image {
    ($r:literal, [$($l:expr),*], $c:expr, $f:ident, $user:literal, $wd:literal, [$($e:expr),*], $ep:expr, [$($cmd:literal),*], [$($x:literal),*], $eol:literal) => {
        BaseImage {
            reference: $r,
            layers_kb: &[$($l),*],
            compressed_kb: $c,
            family: Family::$f,
            user: $user,
            workdir: $wd,
            env: &[$($e),*],
            entrypoint: $ep,
            cmd: &[$($cmd),*],
            exposed: &[$($x),*],
            end_of_life: $eol,
        }
    };
}

/// Every image of the catalogue.
pub const CATALOGUE: &[BaseImage] = &[
    image!("node:22", [DEBIAN_FULL[0], DEBIAN_FULL[1], DEBIAN_FULL[2], DEBIAN_FULL[3], 4, 190_400, 5_300, 1], 396_000, Debian, "", "", [PATH_STD, ("NODE_VERSION", "22.11.0")], NODE_ENTRY, ["node"], [], false),
    image!("node:22-slim", [74_800, 4, 152_000, 5_300, 1], 75_000, Debian, "", "", [PATH_STD, ("NODE_VERSION", "22.11.0")], NODE_ENTRY, ["node"], [], false),
    image!("node:22-alpine", [7_800, 147_000, 5_300, 1], 53_000, Alpine, "", "", [PATH_STD, ("NODE_VERSION", "22.11.0")], NODE_ENTRY, ["node"], [], false),
    image!("node:20", [DEBIAN_FULL[0], DEBIAN_FULL[1], DEBIAN_FULL[2], DEBIAN_FULL[3], 4, 176_000, 5_300, 1], 390_000, Debian, "", "", [PATH_STD, ("NODE_VERSION", "20.18.0")], NODE_ENTRY, ["node"], [], false),
    image!("node:20-slim", [74_800, 4, 137_000, 5_300, 1], 70_000, Debian, "", "", [PATH_STD, ("NODE_VERSION", "20.18.0")], NODE_ENTRY, ["node"], [], false),
    image!("node:20-alpine", [7_800, 124_000, 5_300, 1], 45_000, Alpine, "", "", [PATH_STD, ("NODE_VERSION", "20.18.0")], NODE_ENTRY, ["node"], [], false),
    image!("node:16", [124_000, 50_000, 174_000, 548_000, 4, 105_000, 7_800, 1], 332_000, Debian, "", "", [PATH_STD, ("NODE_VERSION", "16.20.2")], NODE_ENTRY, ["node"], [], true),
    image!("python:3.12", [DEBIAN_FULL[0], DEBIAN_FULL[1], DEBIAN_FULL[2], DEBIAN_FULL[3], 17_000, 68_000, 1], 370_000, Debian, "", "", [("PATH", "/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin"), ("LANG", "C.UTF-8"), ("PYTHON_VERSION", "3.12.7")], &[], ["python3"], [], false),
    image!("python:3.12-slim", [74_800, 9_500, 41_000, 1], 43_000, Debian, "", "", [("PATH", "/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin"), ("LANG", "C.UTF-8"), ("PYTHON_VERSION", "3.12.7")], &[], ["python3"], [], false),
    image!("python:3.12-alpine", [7_800, 1_000, 43_000, 1], 17_000, Alpine, "", "", [("PATH", "/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin"), ("LANG", "C.UTF-8"), ("PYTHON_VERSION", "3.12.7")], &[], ["python3"], [], false),
    image!("python:3.8", [DEBIAN_FULL[0], DEBIAN_FULL[1], DEBIAN_FULL[2], DEBIAN_FULL[3], 17_000, 55_000, 12_000, 1], 365_000, Debian, "", "", [("PATH", "/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin"), ("LANG", "C.UTF-8"), ("PYTHON_VERSION", "3.8.20")], &[], ["python3"], [], true),
    image!("golang:1.22", [DEBIAN_FULL[0], DEBIAN_FULL[1], DEBIAN_FULL[2], 268_000, 223_000, 1], 290_000, Debian, "", "/go", [("PATH", "/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), ("GOPATH", "/go"), ("GOLANG_VERSION", "1.22.9")], &[], [], [], false),
    image!("golang:1.22-alpine", [7_800, 300, 223_000, 1], 70_000, Alpine, "", "/go", [("PATH", "/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), ("GOPATH", "/go"), ("GOLANG_VERSION", "1.22.9")], &[], [], [], false),
    image!("eclipse-temurin:21-jdk", [78_100, 40_000, 330_000, 1, 1], 192_000, Ubuntu, "", "", [("JAVA_HOME", "/opt/java/openjdk"), ("PATH", "/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")], &["/__cacert_entrypoint.sh"], ["jshell"], [], false),
    image!("eclipse-temurin:21-jre", [78_100, 40_000, 160_000, 1, 1], 92_000, Ubuntu, "", "", [("JAVA_HOME", "/opt/java/openjdk"), ("PATH", "/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")], &["/__cacert_entrypoint.sh"], [], [], false),
    image!("eclipse-temurin:21-jre-alpine", [7_800, 25_000, 160_000, 1], 72_000, Alpine, "", "", [("JAVA_HOME", "/opt/java/openjdk"), ("PATH", "/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")], &["/__cacert_entrypoint.sh"], [], [], false),
    image!("nginx:1.27", [74_800, 112_000, 1, 1, 1, 1, 4], 68_000, Debian, "", "", [PATH_STD, ("NGINX_VERSION", "1.27.2")], &["/docker-entrypoint.sh"], ["nginx", "-g", "daemon off;"], ["80/tcp"], false),
    image!("nginx:1.27-alpine", [7_800, 4_500, 1, 1, 1, 1, 4, 36_000], 20_000, Alpine, "", "", [PATH_STD, ("NGINX_VERSION", "1.27.2")], &["/docker-entrypoint.sh"], ["nginx", "-g", "daemon off;"], ["80/tcp"], false),
    image!("alpine:3.20", [7_800], 3_600, Alpine, "", "", [PATH_STD], &[], ["/bin/sh"], [], false),
    image!("debian:bookworm-slim", [74_800], 28_200, Debian, "", "", [PATH_STD], &[], ["bash"], [], false),
    image!("debian:bookworm", [117_500], 48_500, Debian, "", "", [PATH_STD], &[], ["bash"], [], false),
    image!("ubuntu:24.04", [78_100], 29_700, Ubuntu, "", "", [PATH_STD], &[], ["/bin/bash"], [], false),
    image!("ubuntu:22.04", [77_900], 29_500, Ubuntu, "", "", [PATH_STD], &[], ["/bin/bash"], [], false),
    image!("amazonlinux:2023", [143_000], 52_000, AmazonLinux, "", "", [PATH_STD], &[], ["/bin/bash"], [], false),
    image!("gcr.io/distroless/static-debian12", [120, 1, 1, 1, 1, 1, 1, 230, 1_580], 990, Distroless, "", "", [("PATH", "/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin"), ("SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt")], &[], [], [], false),
    image!("gcr.io/distroless/base-debian12", [120, 1, 1, 1, 1, 1, 1, 230, 1_580, 12_800, 6_800], 8_600, Distroless, "", "", [("PATH", "/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin"), ("SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt")], &[], [], [], false),
    image!("gcr.io/distroless/nodejs20-debian12", [120, 1, 1, 1, 1, 1, 1, 230, 1_580, 12_800, 6_800, 2_500, 110_000], 44_000, Distroless, "", "", [("PATH", "/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin")], &["/nodejs/bin/node"], [], [], false),
    image!("gcr.io/distroless/java21-debian12", [120, 1, 1, 1, 1, 1, 1, 230, 1_580, 12_800, 6_800, 2_500, 180_000], 85_000, Distroless, "", "", [("PATH", "/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin"), ("JAVA_VERSION", "21")], &["java", "-jar"], [], [], false),
    image!("gcr.io/distroless/python3-debian12", [120, 1, 1, 1, 1, 1, 1, 230, 1_580, 12_800, 6_800, 3_000, 29_000], 19_000, Distroless, "", "", [("PATH", "/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin")], &["/usr/bin/python3.11"], [], [], false),
    image!("scratch", [], 0, Scratch, "", "", [], &[], [], [], false),
];

/// An image reference resolved against the catalogue.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Resolved {
    pub image: &'static BaseImage,
    /// A distroless `nonroot` tag: the same image running as user 65532
    /// (https://github.com/GoogleContainerTools/distroless#debug-images and its `nonroot`
    /// tags).
    pub nonroot: bool,
}

/// The catalogue's image of a canonical reference.
pub fn image(reference: &str) -> Option<&'static BaseImage> {
    CATALOGUE.iter().find(|i| i.reference == reference)
}

/// The version a repository's `latest` (or an untagged reference) stands for here.
fn default_version(repo: &str) -> &'static str {
    match repo {
        "node" => "22",
        "python" => "3.12",
        "golang" => "1.22",
        "eclipse-temurin" => "21",
        "nginx" => "1.27",
        "alpine" => "3.20",
        "ubuntu" => "24.04",
        "amazonlinux" => "2023",
        "debian" => "bookworm",
        _ => "",
    }
}

/// Resolves a reference (`node:lts-alpine`, `docker.io/library/python:3.12.4-slim-bookworm`,
/// `gcr.io/distroless/static:nonroot`, `alpine@sha256:…`) to the catalogue. `None` for an
/// image the catalogue does not have.
pub fn resolve(reference: &str) -> Option<Resolved> {
    let (name, tag, _) = super::validate::split_reference(reference.trim());
    let name = name.to_ascii_lowercase();
    let mut repo = name.as_str();
    // Docker Hub's names, and the official images' mirror on Amazon ECR Public
    // (https://gallery.ecr.aws/docker/library/node, https://gallery.ecr.aws/amazonlinux/amazonlinux).
    for prefix in [
        "docker.io/",
        "index.docker.io/",
        "registry-1.docker.io/",
        "public.ecr.aws/docker/",
    ] {
        repo = repo.strip_prefix(prefix).unwrap_or(repo);
    }
    repo = repo.strip_prefix("library/").unwrap_or(repo);
    if repo == "public.ecr.aws/amazonlinux/amazonlinux" {
        repo = "amazonlinux";
    }
    let tag = tag.unwrap_or("latest").to_ascii_lowercase();
    if repo == "scratch" {
        return image("scratch").map(|image| Resolved {
            image,
            nonroot: false,
        });
    }
    if let Some(rest) = repo.strip_prefix("gcr.io/distroless/") {
        let base = match rest {
            "static" | "static-debian12" => "static-debian12",
            "base" | "base-debian12" => "base-debian12",
            "nodejs20-debian12" | "nodejs20" => "nodejs20-debian12",
            "java21-debian12" | "java21" => "java21-debian12",
            "python3-debian12" | "python3" => "python3-debian12",
            _ => return None,
        };
        return image(&format!("gcr.io/distroless/{base}")).map(|image| Resolved {
            image,
            nonroot: tag.contains("nonroot"),
        });
    }
    let tokens: Vec<&str> = tag.split('-').collect();
    let named_version = |t: &str| {
        matches!(
            t,
            "latest" | "lts" | "current" | "stable" | "mainline" | "bookworm" | "noble"
        )
    };
    let (version, variants) = match tokens.first() {
        Some(t) if t.starts_with(|c: char| c.is_ascii_digit()) || named_version(t) => {
            (t.to_string(), &tokens[1..])
        }
        _ => ("latest".to_string(), &tokens[..]),
    };
    let mut variant = String::new();
    if repo == "eclipse-temurin" {
        let kind = if variants.contains(&"jre") {
            "jre"
        } else {
            "jdk"
        };
        variant = format!("-{kind}");
    }
    if variants.iter().any(|v| v.starts_with("alpine")) {
        variant.push_str("-alpine");
    } else if variants.contains(&"slim") {
        variant.push_str("-slim");
    }
    let version = match (repo, version.as_str()) {
        (_, "latest" | "lts" | "current" | "stable" | "mainline") => {
            default_version(repo).to_string()
        }
        ("debian", "12" | "bookworm") => "bookworm".to_string(),
        ("ubuntu", "noble") => "24.04".to_string(),
        ("ubuntu", "jammy") => "22.04".to_string(),
        (_, v) => v.to_string(),
    };
    if repo == "debian" {
        let reference = format!("debian:{version}{variant}");
        return image(&reference).map(|image| Resolved {
            image,
            nonroot: false,
        });
    }
    // Try the version as written, then shorter (22.11.0 → 22.11 → 22).
    let parts: Vec<&str> = version.split(['.', '_']).collect();
    for n in (1..=parts.len()).rev() {
        let v = parts[..n].join(".");
        if let Some(image) = image(&format!("{repo}:{v}{variant}")) {
            return Some(Resolved {
                image,
                nonroot: false,
            });
        }
    }
    // A major version alone stands for the catalogue's version of it (python:3 → 3.12).
    let default = default_version(repo);
    if !default.is_empty() && default.split('.').next() == Some(parts[0]) && parts.len() == 1 {
        return image(&format!("{repo}:{default}{variant}")).map(|image| Resolved {
            image,
            nonroot: false,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(r: &str) -> Option<&'static str> {
        resolve(r).map(|r| r.image.reference)
    }

    #[test]
    fn aliases_resolve_to_canonical_references() {
        assert_eq!(canon("node:lts"), Some("node:22"));
        assert_eq!(canon("node"), Some("node:22"));
        assert_eq!(canon("node:latest"), Some("node:22"));
        assert_eq!(canon("node:22-bookworm-slim"), Some("node:22-slim"));
        assert_eq!(canon("node:22.11.0-alpine3.20"), Some("node:22-alpine"));
        assert_eq!(canon("node:lts-alpine"), Some("node:22-alpine"));
        assert_eq!(
            canon("docker.io/library/python:3.12.4-slim"),
            Some("python:3.12-slim")
        );
        assert_eq!(canon("python:3"), Some("python:3.12"));
        assert_eq!(canon("golang:1.22-alpine3.20"), Some("golang:1.22-alpine"));
        assert_eq!(canon("eclipse-temurin:21"), Some("eclipse-temurin:21-jdk"));
        assert_eq!(
            canon("eclipse-temurin:21-jre-jammy"),
            Some("eclipse-temurin:21-jre")
        );
        assert_eq!(canon("nginx:alpine"), Some("nginx:1.27-alpine"));
        assert_eq!(canon("debian:12-slim"), Some("debian:bookworm-slim"));
        assert_eq!(canon("ubuntu:noble"), Some("ubuntu:24.04"));
        assert_eq!(canon("alpine@sha256:abc"), Some("alpine:3.20"));
        assert_eq!(
            canon("public.ecr.aws/amazonlinux/amazonlinux:2023"),
            Some("amazonlinux:2023")
        );
        assert_eq!(
            canon("public.ecr.aws/docker/library/node:20-alpine"),
            Some("node:20-alpine")
        );
        assert_eq!(
            canon("gcr.io/distroless/static:nonroot"),
            Some("gcr.io/distroless/static-debian12")
        );
        assert!(
            resolve("gcr.io/distroless/static-debian12:nonroot")
                .unwrap()
                .nonroot
        );
        assert_eq!(canon("node:18"), None);
        assert_eq!(canon("mycompany/base:1"), None);
        assert_eq!(canon(""), None);
    }

    #[test]
    fn every_shared_reference_is_in_the_catalogue() {
        for r in [
            "node:22",
            "node:22-slim",
            "node:22-alpine",
            "node:20",
            "node:20-slim",
            "node:20-alpine",
            "node:16",
            "python:3.12",
            "python:3.12-slim",
            "python:3.12-alpine",
            "python:3.8",
            "golang:1.22",
            "golang:1.22-alpine",
            "eclipse-temurin:21-jdk",
            "eclipse-temurin:21-jre",
            "eclipse-temurin:21-jre-alpine",
            "nginx:1.27",
            "nginx:1.27-alpine",
            "alpine:3.20",
            "debian:bookworm-slim",
            "ubuntu:24.04",
            "amazonlinux:2023",
            "gcr.io/distroless/static-debian12",
            "gcr.io/distroless/base-debian12",
            "gcr.io/distroless/nodejs20-debian12",
            "gcr.io/distroless/java21-debian12",
            "gcr.io/distroless/python3-debian12",
            "scratch",
        ] {
            assert_eq!(canon(r), Some(r), "{r}");
        }
        // Slim and alpine variants are smaller than the full image.
        assert!(image("node:22-slim").unwrap().size() < image("node:22").unwrap().size() / 4);
    }
}
