//! Image scanning: basic scanning (operating system packages) and enhanced scanning (Amazon
//! Inspector: operating system and application packages), from a simulated vulnerability
//! catalogue keyed by the canonical base image references the docker engine uses.
//!
//! Every vulnerability id here is simulated (`CVE-SIM-…`): it names no real CVE, and the
//! packages' versions are illustrative. What is real: the scan configurations, severities,
//! statuses and field names of
//! https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageScanFindings.html,
//! https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageScanFinding.html,
//! https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_EnhancedImageScanFinding.html
//! and https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html.

use std::collections::BTreeMap;

use super::repo::{Image, Package};

/// A finding's severity. UNDEFINED: "The vulnerability was not assigned a priority by the CVE
/// source" (image-scanning-troubleshooting.html). Basic scanning uses the first six (findingSeverityCounts' keys:
/// `INFORMATIONAL | LOW | MEDIUM | HIGH | CRITICAL | UNDEFINED`); Amazon Inspector's enhanced
/// findings use UNTRIAGED where the vendor has not assigned a severity yet
/// (https://docs.aws.amazon.com/inspector/v2/APIReference/API_Finding.html).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Informational,
    Undefined,
    Untriaged,
}

impl Severity {
    /// The API's word.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Critical => "CRITICAL",
            Severity::High => "HIGH",
            Severity::Medium => "MEDIUM",
            Severity::Low => "LOW",
            Severity::Informational => "INFORMATIONAL",
            Severity::Undefined => "UNDEFINED",
            Severity::Untriaged => "UNTRIAGED",
        }
    }
}

/// How often enhanced scanning scans a repository (registry scanning rule's scanFrequency:
/// `SCAN_ON_PUSH | CONTINUOUS_SCAN | MANUAL`,
/// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_RegistryScanningRule.html).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScanFrequency {
    ScanOnPush,
    ContinuousScan,
    Manual,
}

impl ScanFrequency {
    pub fn name(self) -> &'static str {
        match self {
            ScanFrequency::ScanOnPush => "SCAN_ON_PUSH",
            ScanFrequency::ContinuousScan => "CONTINUOUS_SCAN",
            ScanFrequency::Manual => "MANUAL",
        }
    }
}

/// A repository's scanning: basic (imageScanningConfiguration.scanOnPush) or enhanced
/// (registry scanning type ENHANCED with a frequency).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScanConfig {
    Basic { scan_on_push: bool },
    Enhanced { frequency: ScanFrequency },
}

impl Default for ScanConfig {
    fn default() -> Self {
        ScanConfig::Basic {
            scan_on_push: false,
        }
    }
}

impl ScanConfig {
    /// Whether a push starts a scan (continuous scanning scans on push too).
    pub fn scans_on_push(&self) -> bool {
        match self {
            ScanConfig::Basic { scan_on_push } => *scan_on_push,
            ScanConfig::Enhanced { frequency } => *frequency != ScanFrequency::Manual,
        }
    }
}

/// A scan's status (ImageScanStatus.status; enhanced scans report Inspector's ACTIVE). A basic
/// scan of an image built from `scratch` fails with `UnsupportedImageError`: "Amazon ECR does not
/// support scanning images built from the Docker scratch image"
/// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-troubleshooting.html).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScanStatus {
    Complete,
    Active,
    UnsupportedImage,
}

impl ScanStatus {
    pub fn name(self) -> &'static str {
        match self {
            ScanStatus::Complete => "COMPLETE",
            ScanStatus::Active => "ACTIVE",
            ScanStatus::UnsupportedImage => "UNSUPPORTED_IMAGE",
        }
    }
}

/// A basic scan finding (ImageScanFinding): name (the vulnerability id), description, uri,
/// severity, attributes (`package_name`, `package_version`).
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub name: String,
    pub description: String,
    pub uri: String,
    pub severity: Severity,
    pub attributes: Vec<(String, String)>,
}

/// A vulnerable package of an enhanced finding (packageVulnerabilityDetails.vulnerablePackages).
#[derive(Clone, Debug, PartialEq)]
pub struct VulnerablePackage {
    pub name: String,
    pub version: String,
    /// `OS` for the base's packages, else the app's manager (`NPM`, `PIP`, `POM`, `GOMOD`…).
    pub package_manager: String,
    /// Empty when no fix is known.
    pub fixed_in_version: String,
}

/// An enhanced scan finding (EnhancedImageScanFinding, the fields this simulation fills).
#[derive(Clone, Debug, PartialEq)]
pub struct EnhancedFinding {
    pub title: String,
    pub severity: Severity,
    /// `ACTIVE`.
    pub status: String,
    /// `PACKAGE_VULNERABILITY`.
    pub finding_type: String,
    /// packageVulnerabilityDetails.vulnerabilityId.
    pub vulnerability_id: String,
    pub vulnerable_packages: Vec<VulnerablePackage>,
    /// `YES` or `NO`.
    pub fix_available: String,
}

/// Basic or enhanced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScanKind {
    Basic,
    Enhanced,
}

/// A scan's outcome (describe-image-scan-findings).
#[derive(Clone, Debug, PartialEq)]
pub struct ScanResult {
    pub kind: ScanKind,
    pub status: ScanStatus,
    /// Why the scan did not complete (`UnsupportedImageError`), if it did not.
    pub status_reason: Option<String>,
    /// imageScanCompletedAt, simulated seconds.
    pub completed_at: u64,
    pub findings: Vec<Finding>,
    pub enhanced_findings: Vec<EnhancedFinding>,
    /// findingSeverityCounts: only severities with findings.
    pub finding_severity_counts: BTreeMap<Severity, u32>,
}

impl ScanResult {
    /// How many findings of this severity.
    pub fn count(&self, s: Severity) -> u32 {
        self.finding_severity_counts.get(&s).copied().unwrap_or(0)
    }

    /// The worst severity found (CRITICAL first), if any.
    pub fn worst(&self) -> Option<Severity> {
        self.finding_severity_counts.keys().next().copied()
    }
}

/// A vulnerability of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Vuln {
    /// A simulated id: `CVE-SIM-2024-0001`.
    pub id: &'static str,
    pub package: &'static str,
    pub version: &'static str,
    pub severity: Severity,
    /// Empty: no fix.
    pub fixed_in: &'static str,
}

const fn v(
    id: &'static str,
    package: &'static str,
    version: &'static str,
    severity: Severity,
    fixed_in: &'static str,
) -> Vuln {
    Vuln {
        id,
        package,
        version,
        severity,
        fixed_in,
    }
}

use Severity::{
    Critical as C, High as H, Informational as I, Low as L, Medium as M, Undefined as U,
};

/// The base images' operating system vulnerabilities (simulated). End-of-life images carry a
/// CRITICAL; full Debian-based images a HIGH; slim ones fewer; alpine and distroless at most
/// a LOW; `scratch` has no operating system to scan.
pub const BASE_CATALOGUE: &[(&str, &[Vuln])] = &[
    (
        "node:16",
        &[
            v(
                "CVE-SIM-2024-0001",
                "openssl",
                "1.1.1n-0+deb11u4",
                C,
                "1.1.1w-0+deb11u1",
            ),
            v(
                "CVE-SIM-2024-0002",
                "libc6",
                "2.31-13+deb11u5",
                H,
                "2.31-13+deb11u7",
            ),
            v(
                "CVE-SIM-2024-0003",
                "curl",
                "7.74.0-1.3+deb11u7",
                H,
                "7.74.0-1.3+deb11u11",
            ),
            v(
                "CVE-SIM-2024-0004",
                "zlib1g",
                "1:1.2.11.dfsg-2+deb11u2",
                M,
                "",
            ),
            v(
                "CVE-SIM-2024-0005",
                "perl",
                "5.32.1-4+deb11u2",
                M,
                "5.32.1-4+deb11u3",
            ),
            v("CVE-SIM-2024-0006", "ncurses-base", "6.2+20201114-2", L, ""),
        ],
    ),
    (
        "python:3.8",
        &[
            v(
                "CVE-SIM-2024-0011",
                "openssl",
                "3.0.11-1~deb12u1",
                C,
                "3.0.13-1~deb12u1",
            ),
            v(
                "CVE-SIM-2024-0012",
                "libexpat1",
                "2.5.0-1",
                H,
                "2.5.0-1+deb12u1",
            ),
            v(
                "CVE-SIM-2024-0013",
                "libc6",
                "2.36-9+deb12u3",
                H,
                "2.36-9+deb12u7",
            ),
            v("CVE-SIM-2024-0014", "libsqlite3-0", "3.40.1-2", M, ""),
            v("CVE-SIM-2024-0015", "tar", "1.34+dfsg-1.2", L, ""),
        ],
    ),
    (
        "node:22",
        &[
            v(
                "CVE-SIM-2024-0021",
                "libexpat1",
                "2.5.0-1+deb12u1",
                H,
                "2.5.0-1+deb12u2",
            ),
            v("CVE-SIM-2024-0022", "curl", "7.88.1-10+deb12u8", M, ""),
            v(
                "CVE-SIM-2024-0023",
                "libsqlite3-0",
                "3.40.1-2+deb12u1",
                M,
                "",
            ),
            v("CVE-SIM-2024-0024", "tar", "1.34+dfsg-1.2+deb12u1", L, ""),
            v("CVE-SIM-2024-0025", "coreutils", "9.1-1", L, ""),
            v("CVE-SIM-2024-0026", "login", "1:4.13+dfsg1-1", I, ""),
        ],
    ),
    (
        "node:22-slim",
        &[
            v("CVE-SIM-2024-0031", "libc6", "2.36-9+deb12u9", M, ""),
            v("CVE-SIM-2024-0024", "tar", "1.34+dfsg-1.2+deb12u1", L, ""),
            v("CVE-SIM-2024-0025", "coreutils", "9.1-1", L, ""),
        ],
    ),
    (
        "node:22-alpine",
        &[v("CVE-SIM-2024-0041", "busybox", "1.36.1-r29", L, "")],
    ),
    (
        "node:20",
        &[
            v(
                "CVE-SIM-2024-0021",
                "libexpat1",
                "2.5.0-1+deb12u1",
                H,
                "2.5.0-1+deb12u2",
            ),
            v("CVE-SIM-2024-0022", "curl", "7.88.1-10+deb12u8", M, ""),
            v(
                "CVE-SIM-2024-0023",
                "libsqlite3-0",
                "3.40.1-2+deb12u1",
                M,
                "",
            ),
            v("CVE-SIM-2024-0024", "tar", "1.34+dfsg-1.2+deb12u1", L, ""),
            v("CVE-SIM-2024-0025", "coreutils", "9.1-1", L, ""),
            v("CVE-SIM-2024-0026", "login", "1:4.13+dfsg1-1", I, ""),
        ],
    ),
    (
        "node:20-slim",
        &[
            v("CVE-SIM-2024-0031", "libc6", "2.36-9+deb12u9", M, ""),
            v("CVE-SIM-2024-0024", "tar", "1.34+dfsg-1.2+deb12u1", L, ""),
            v("CVE-SIM-2024-0025", "coreutils", "9.1-1", L, ""),
        ],
    ),
    (
        "node:20-alpine",
        &[v("CVE-SIM-2024-0041", "busybox", "1.36.1-r29", L, "")],
    ),
    (
        "python:3.12",
        &[
            v(
                "CVE-SIM-2024-0051",
                "libexpat1",
                "2.5.0-1+deb12u1",
                H,
                "2.5.0-1+deb12u2",
            ),
            v("CVE-SIM-2024-0022", "curl", "7.88.1-10+deb12u8", M, ""),
            v(
                "CVE-SIM-2024-0052",
                "libsqlite3-0",
                "3.40.1-2+deb12u1",
                M,
                "",
            ),
            v("CVE-SIM-2024-0024", "tar", "1.34+dfsg-1.2+deb12u1", L, ""),
            v("CVE-SIM-2024-0026", "login", "1:4.13+dfsg1-1", I, ""),
        ],
    ),
    (
        "python:3.12-slim",
        &[
            v("CVE-SIM-2024-0031", "libc6", "2.36-9+deb12u9", M, ""),
            v("CVE-SIM-2024-0024", "tar", "1.34+dfsg-1.2+deb12u1", L, ""),
        ],
    ),
    (
        "python:3.12-alpine",
        &[v("CVE-SIM-2024-0041", "busybox", "1.36.1-r29", L, "")],
    ),
    (
        "golang:1.22",
        &[
            v(
                "CVE-SIM-2024-0061",
                "git",
                "1:2.39.5-0+deb12u1",
                H,
                "1:2.39.5-0+deb12u2",
            ),
            v("CVE-SIM-2024-0022", "curl", "7.88.1-10+deb12u8", M, ""),
            v(
                "CVE-SIM-2024-0062",
                "openssh-client",
                "1:9.2p1-2+deb12u3",
                M,
                "",
            ),
            v("CVE-SIM-2024-0024", "tar", "1.34+dfsg-1.2+deb12u1", L, ""),
        ],
    ),
    (
        "golang:1.22-alpine",
        &[v("CVE-SIM-2024-0041", "busybox", "1.36.1-r29", L, "")],
    ),
    (
        "eclipse-temurin:21-jdk",
        &[
            v(
                "CVE-SIM-2024-0071",
                "libssl3t64",
                "3.0.13-0ubuntu3.4",
                H,
                "3.0.13-0ubuntu3.5",
            ),
            v(
                "CVE-SIM-2024-0072",
                "libgnutls30t64",
                "3.8.3-1.1ubuntu3.2",
                M,
                "",
            ),
            v("CVE-SIM-2024-0073", "libpam0g", "1.5.3-5ubuntu5.1", L, ""),
        ],
    ),
    (
        "eclipse-temurin:21-jre",
        &[
            v(
                "CVE-SIM-2024-0072",
                "libgnutls30t64",
                "3.8.3-1.1ubuntu3.2",
                M,
                "",
            ),
            v("CVE-SIM-2024-0073", "libpam0g", "1.5.3-5ubuntu5.1", L, ""),
        ],
    ),
    (
        "eclipse-temurin:21-jre-alpine",
        &[v("CVE-SIM-2024-0041", "busybox", "1.36.1-r29", L, "")],
    ),
    (
        "nginx:1.27",
        &[
            v(
                "CVE-SIM-2024-0081",
                "libxml2",
                "2.9.14+dfsg-1.3~deb12u1",
                H,
                "2.9.14+dfsg-1.3~deb12u2",
            ),
            v("CVE-SIM-2024-0082", "libtiff6", "4.5.0-6+deb12u1", M, ""),
            v("CVE-SIM-2024-0024", "tar", "1.34+dfsg-1.2+deb12u1", L, ""),
        ],
    ),
    (
        "nginx:1.27-alpine",
        &[v("CVE-SIM-2024-0041", "busybox", "1.36.1-r29", L, "")],
    ),
    (
        "alpine:3.20",
        &[v("CVE-SIM-2024-0041", "busybox", "1.36.1-r29", L, "")],
    ),
    (
        "debian:bookworm-slim",
        &[
            v("CVE-SIM-2024-0031", "libc6", "2.36-9+deb12u9", M, ""),
            v("CVE-SIM-2024-0024", "tar", "1.34+dfsg-1.2+deb12u1", L, ""),
        ],
    ),
    (
        "ubuntu:24.04",
        &[
            v("CVE-SIM-2024-0073", "libpam0g", "1.5.3-5ubuntu5.1", L, ""),
            v("CVE-SIM-2024-0091", "libgcrypt20", "1.10.3-2build1", U, ""),
        ],
    ),
    (
        "amazonlinux:2023",
        &[v(
            "CVE-SIM-2024-0095",
            "glib2",
            "2.74.7-689.amzn2023.0.2",
            L,
            "",
        )],
    ),
    ("gcr.io/distroless/static-debian12", &[]),
    (
        "gcr.io/distroless/base-debian12",
        &[v("CVE-SIM-2024-0031", "libc6", "2.36-9+deb12u9", L, "")],
    ),
    (
        "gcr.io/distroless/nodejs20-debian12",
        &[v("CVE-SIM-2024-0031", "libc6", "2.36-9+deb12u9", L, "")],
    ),
    (
        "gcr.io/distroless/java21-debian12",
        &[v("CVE-SIM-2024-0031", "libc6", "2.36-9+deb12u9", L, "")],
    ),
    (
        "gcr.io/distroless/python3-debian12",
        &[v("CVE-SIM-2024-0031", "libc6", "2.36-9+deb12u9", L, "")],
    ),
    ("scratch", &[]),
];

/// Application package vulnerabilities (simulated): (ecosystem, package, vulnerable below
/// this version, the vulnerability). Only enhanced scanning reports them.
pub const APP_CATALOGUE: &[(&str, &str, &str, Vuln)] = &[
    (
        "npm",
        "lodash",
        "4.17.21",
        v("CVE-SIM-2024-1001", "lodash", "", H, "4.17.21"),
    ),
    (
        "npm",
        "express",
        "4.19.2",
        v("CVE-SIM-2024-1002", "express", "", M, "4.19.2"),
    ),
    (
        "npm",
        "jsonwebtoken",
        "9.0.0",
        v("CVE-SIM-2024-1003", "jsonwebtoken", "", H, "9.0.0"),
    ),
    (
        "pip",
        "requests",
        "2.32.0",
        v("CVE-SIM-2024-1011", "requests", "", M, "2.32.0"),
    ),
    (
        "pip",
        "urllib3",
        "2.2.2",
        v("CVE-SIM-2024-1012", "urllib3", "", M, "2.2.2"),
    ),
    (
        "pip",
        "pyyaml",
        "5.4",
        v("CVE-SIM-2024-1013", "pyyaml", "", C, "5.4"),
    ),
    (
        "maven",
        "log4j-core",
        "2.17.1",
        v("CVE-SIM-2024-1021", "log4j-core", "", C, "2.17.1"),
    ),
    (
        "go",
        "golang.org/x/net",
        "0.23.0",
        v("CVE-SIM-2024-1031", "golang.org/x/net", "", M, "0.23.0"),
    ),
];

/// The base's catalogue entry, if the base is known.
pub fn base_vulnerabilities(base: &str) -> Option<&'static [Vuln]> {
    BASE_CATALOGUE
        .iter()
        .find(|(b, _)| *b == base)
        .map(|(_, v)| *v)
}

/// Compares dotted versions numerically (`4.17.9` < `4.17.21`); other text compares as text.
fn older_version(a: &str, b: &str) -> bool {
    let parts = |s: &str| -> Vec<u64> {
        s.split(['.', '-'])
            .map(|p| p.trim_start_matches('v').parse::<u64>().unwrap_or(0))
            .collect()
    };
    parts(a) < parts(b)
}

fn app_findings(packages: &[Package]) -> Vec<(Vuln, &Package)> {
    let mut out = Vec::new();
    for p in packages {
        for (eco, name, below, vuln) in APP_CATALOGUE {
            if p.ecosystem == *eco && p.name == *name && older_version(&p.version, below) {
                out.push((*vuln, p));
            }
        }
    }
    out
}

/// The package manager word of an app ecosystem, as Inspector names it.
fn manager(ecosystem: &str) -> String {
    match ecosystem {
        "maven" => "POM".into(),
        "go" => "GOMOD".into(),
        other => other.to_ascii_uppercase(),
    }
}

/// Scans an image with a configuration at `at`. Basic scanning reports the base's operating
/// system packages; enhanced scanning those and the application's packages, with UNDEFINED
/// read as Inspector's UNTRIAGED. An image on `scratch` (no operating system) is
/// UNSUPPORTED_IMAGE to basic scanning, as is an unknown base.
pub fn scan(image: &Image, config: &ScanConfig, at: u64) -> ScanResult {
    let kind = match config {
        ScanConfig::Basic { .. } => ScanKind::Basic,
        ScanConfig::Enhanced { .. } => ScanKind::Enhanced,
    };
    let base = base_vulnerabilities(&image.base).filter(|_| image.base != "scratch");
    let mut counts: BTreeMap<Severity, u32> = BTreeMap::new();
    let mut findings = Vec::new();
    let mut enhanced = Vec::new();
    let status = match (kind, base) {
        (ScanKind::Basic, None) => ScanStatus::UnsupportedImage,
        (ScanKind::Basic, Some(vulns)) => {
            for v in vulns {
                *counts.entry(v.severity).or_default() += 1;
                findings.push(Finding {
                    name: v.id.into(),
                    description: format!("Simulated vulnerability in {} {}.", v.package, v.version),
                    uri: format!("https://vulnerabilities.invalid/{}", v.id),
                    severity: v.severity,
                    attributes: vec![
                        ("package_version".into(), v.version.into()),
                        ("package_name".into(), v.package.into()),
                    ],
                });
            }
            ScanStatus::Complete
        }
        (ScanKind::Enhanced, base) => {
            let os = base.unwrap_or(&[]).iter().map(|v| (*v, None));
            let app = app_findings(&image.packages)
                .into_iter()
                .map(|(v, p)| (v, Some(p)));
            for (v, p) in os.chain(app) {
                let severity = if v.severity == Severity::Undefined {
                    Severity::Untriaged
                } else {
                    v.severity
                };
                *counts.entry(severity).or_default() += 1;
                let (version, pm) = match p {
                    Some(p) => (p.version.clone(), manager(&p.ecosystem)),
                    None => (v.version.to_string(), "OS".to_string()),
                };
                enhanced.push(EnhancedFinding {
                    title: format!("{} - {}", v.id, v.package),
                    severity,
                    status: "ACTIVE".into(),
                    finding_type: "PACKAGE_VULNERABILITY".into(),
                    vulnerability_id: v.id.into(),
                    vulnerable_packages: vec![VulnerablePackage {
                        name: v.package.into(),
                        version,
                        package_manager: pm,
                        fixed_in_version: v.fixed_in.into(),
                    }],
                    fix_available: if v.fixed_in.is_empty() { "NO" } else { "YES" }.into(),
                });
            }
            ScanStatus::Active
        }
    };
    ScanResult {
        kind,
        status,
        status_reason: (status == ScanStatus::UnsupportedImage)
            .then(|| "UnsupportedImageError".to_string()),
        completed_at: at,
        findings,
        enhanced_findings: enhanced,
        finding_severity_counts: counts,
    }
}
