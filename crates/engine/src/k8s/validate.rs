//! Reading a manifest file: its documents (`---`), `kind: List`, each object's apiVersion,
//! kind and metadata, then the kind's own checks.
//!
//! Object metadata and names: ObjectMeta
//! (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/),
//! object names and IDs (https://kubernetes.io/docs/concepts/overview/working-with-objects/names/),
//! labels and selectors (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set).
//! Removed APIs: the deprecated API migration guide
//! (https://kubernetes.io/docs/reference/using-api/deprecation-guide/).

use std::collections::BTreeMap;

use super::hpa::read_hpa;
use super::model::*;
use super::rules::{Diagnostic, Rule, Severity};
use super::service::read_service;
use super::workload::read_deployment;
use crate::ecs::check::Ck;
use crate::tree::{self, Format, Node, Pos, Value};

/// What [`validate`] found: the objects read (in file order) and the findings.
#[derive(Clone, Debug)]
pub struct Report {
    pub objects: Vec<Object>,
    pub format: Option<Format>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity() == Severity::Error)
    }

    /// The first Deployment (named `name`, or any when `name` is empty).
    pub fn deployment(&self, name: &str) -> Option<&Deployment> {
        self.objects.iter().find_map(|o| match &o.body {
            Body::Deployment(d) if name.is_empty() || o.name == name => Some(d),
            _ => None,
        })
    }

    /// The first HorizontalPodAutoscaler (named `name`, or any when `name` is empty).
    pub fn hpa(&self, name: &str) -> Option<&Hpa> {
        self.objects.iter().find_map(|o| match &o.body {
            Body::Hpa(h) if name.is_empty() || o.name == name => Some(h),
            _ => None,
        })
    }

    /// The first Service (named `name`, or any when `name` is empty).
    pub fn service(&self, name: &str) -> Option<&Service> {
        self.objects.iter().find_map(|o| match &o.body {
            Body::Service(s) if name.is_empty() || o.name == name => Some(s),
            _ => None,
        })
    }
}

/// The apiVersions that serve a kind this engine knows, and the ones removed (with the
/// Kubernetes version that removed them) from the deprecation guide.
/// A kind, the apiVersions that serve it, and the removed ones with the version that removed
/// them.
type KnownKind = (
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
);

const KINDS: &[KnownKind] = &[
    (
        "Deployment",
        &["apps/v1"],
        &[
            ("extensions/v1beta1", "1.16"),
            ("apps/v1beta1", "1.16"),
            ("apps/v1beta2", "1.16"),
        ],
    ),
    (
        "StatefulSet",
        &["apps/v1"],
        &[("apps/v1beta1", "1.16"), ("apps/v1beta2", "1.16")],
    ),
    (
        "DaemonSet",
        &["apps/v1"],
        &[("extensions/v1beta1", "1.16"), ("apps/v1beta2", "1.16")],
    ),
    (
        "ReplicaSet",
        &["apps/v1"],
        &[("extensions/v1beta1", "1.16")],
    ),
    ("Service", &["v1"], &[]),
    ("Pod", &["v1"], &[]),
    ("ConfigMap", &["v1"], &[]),
    ("Secret", &["v1"], &[]),
    ("Namespace", &["v1"], &[]),
    ("ServiceAccount", &["v1"], &[]),
    ("PersistentVolumeClaim", &["v1"], &[]),
    ("PersistentVolume", &["v1"], &[]),
    ("LimitRange", &["v1"], &[]),
    ("ResourceQuota", &["v1"], &[]),
    ("Endpoints", &["v1"], &[]),
    (
        "HorizontalPodAutoscaler",
        &["autoscaling/v2", "autoscaling/v1"],
        &[
            ("autoscaling/v2beta1", "1.25"),
            ("autoscaling/v2beta2", "1.26"),
        ],
    ),
    (
        "Ingress",
        &["networking.k8s.io/v1"],
        &[
            ("extensions/v1beta1", "1.22"),
            ("networking.k8s.io/v1beta1", "1.22"),
        ],
    ),
    (
        "IngressClass",
        &["networking.k8s.io/v1"],
        &[("networking.k8s.io/v1beta1", "1.22")],
    ),
    (
        "NetworkPolicy",
        &["networking.k8s.io/v1"],
        &[("extensions/v1beta1", "1.16")],
    ),
    (
        "PodDisruptionBudget",
        &["policy/v1"],
        &[("policy/v1beta1", "1.25")],
    ),
    ("CronJob", &["batch/v1"], &[("batch/v1beta1", "1.25")]),
    ("Job", &["batch/v1"], &[]),
    (
        "Role",
        &["rbac.authorization.k8s.io/v1"],
        &[("rbac.authorization.k8s.io/v1beta1", "1.22")],
    ),
    (
        "ClusterRole",
        &["rbac.authorization.k8s.io/v1"],
        &[("rbac.authorization.k8s.io/v1beta1", "1.22")],
    ),
    (
        "RoleBinding",
        &["rbac.authorization.k8s.io/v1"],
        &[("rbac.authorization.k8s.io/v1beta1", "1.22")],
    ),
    (
        "ClusterRoleBinding",
        &["rbac.authorization.k8s.io/v1"],
        &[("rbac.authorization.k8s.io/v1beta1", "1.22")],
    ),
    (
        "StorageClass",
        &["storage.k8s.io/v1"],
        &[("storage.k8s.io/v1beta1", "1.22")],
    ),
    (
        "PriorityClass",
        &["scheduling.k8s.io/v1"],
        &[("scheduling.k8s.io/v1beta1", "1.22")],
    ),
];

/// Reads and checks a manifest file (YAML documents separated by `---`, or JSON; a `List`
/// holds objects in `items`). Never panics.
pub fn validate(text: &str) -> Report {
    let mut ck: Ck<Rule> = Ck::new();
    let (docs, format) = match tree::parse_documents(text) {
        Ok(r) => r,
        Err(e) => {
            ck.push(e.pos, Rule::Syntax, &[&e.message]);
            return Report {
                objects: Vec::new(),
                format: Some(e.format),
                diagnostics: finish(ck),
            };
        }
    };
    let mut objects = Vec::new();
    for doc in &docs {
        // kubectl skips empty documents (a `---` at the end, comments only).
        if doc.value == Value::Null {
            continue;
        }
        read_document(&mut ck, doc, &mut objects, 0);
    }
    cross_objects(&mut ck, &objects);
    Report {
        objects,
        format: Some(format),
        diagnostics: finish(ck),
    }
}

fn finish(ck: Ck<Rule>) -> Vec<Diagnostic> {
    let mut d: Vec<Diagnostic> = ck
        .found
        .into_iter()
        .map(|(pos, rule, args)| Diagnostic { pos, rule, args })
        .collect();
    d.sort_by_key(|d| d.pos);
    d
}

fn read_document(ck: &mut Ck<Rule>, doc: &Node, objects: &mut Vec<Object>, depth: usize) {
    if doc.as_map().is_none() {
        ck.push(doc.pos, Rule::NotAnObject, &[doc.kind()]);
        return;
    }
    let Some(kind_node) = doc.get("kind") else {
        ck.push(doc.pos, Rule::NotAnObject, &["kind"]);
        return;
    };
    let Some(api_node) = doc.get("apiVersion") else {
        ck.push(doc.pos, Rule::NotAnObject, &["apiVersion"]);
        return;
    };
    let (Some(kind), Some(api_version)) = (
        ck.string(kind_node, "kind"),
        ck.string(api_node, "apiVersion"),
    ) else {
        return;
    };
    if kind == "List" || kind.ends_with("List") && doc.get("items").is_some() {
        // A `List` (kubectl get -o yaml prints one): its items are objects.
        ck.keys(doc, "", &["apiVersion", "kind", "metadata", "items"], &[]);
        if let Some(items) = doc.get("items") {
            for item in ck.seq(items, "items") {
                if depth < 4 {
                    read_document(ck, item, objects, depth + 1);
                }
            }
        }
        return;
    }
    if let Some((_, served, removed)) = KINDS.iter().find(|(k, _, _)| *k == kind) {
        if !served.contains(&api_version.as_str()) {
            match removed.iter().find(|(v, _)| *v == api_version) {
                Some((_, in_version)) => ck.push(
                    api_node.pos,
                    Rule::RemovedApi,
                    &[&kind, &api_version, &served.join("|"), in_version],
                ),
                None => ck.push(
                    api_node.pos,
                    Rule::ApiVersion,
                    &[&kind, &api_version, &served.join("|")],
                ),
            }
        }
    }
    let meta = doc.get("metadata");
    let (name, namespace, labels) = match meta {
        Some(m) => read_metadata(ck, m, &kind),
        None => {
            ck.push(doc.pos, Rule::MissingKey, &["", "metadata"]);
            (String::new(), None, BTreeMap::new())
        }
    };
    let at = if name.is_empty() {
        kind.clone()
    } else {
        format!("{kind}/{name}")
    };
    let served = |v: &str| api_version == v;
    let body = match kind.as_str() {
        "Deployment" if served("apps/v1") => {
            ck.keys(
                doc,
                &at,
                &["apiVersion", "kind", "metadata", "spec", "status"],
                &["spec"],
            );
            doc.get("spec")
                .and_then(|s| read_deployment(ck, s, &at))
                .map_or(Body::Other, Body::Deployment)
        }
        "Service" if served("v1") => {
            ck.keys(
                doc,
                &at,
                &["apiVersion", "kind", "metadata", "spec", "status"],
                &[],
            );
            match doc.get("spec") {
                Some(s) => read_service(ck, s, &at).map_or(Body::Other, Body::Service),
                None => Body::Other,
            }
        }
        "HorizontalPodAutoscaler" if served("autoscaling/v2") || served("autoscaling/v1") => {
            ck.keys(
                doc,
                &at,
                &["apiVersion", "kind", "metadata", "spec", "status"],
                &["spec"],
            );
            doc.get("spec")
                .and_then(|s| read_hpa(ck, s, &at, served("autoscaling/v1")))
                .map_or(Body::Other, Body::Hpa)
        }
        _ => Body::Other,
    };
    objects.push(Object {
        api_version,
        kind,
        name,
        namespace,
        labels,
        pos: doc.pos,
        body,
    });
}

const META_KEYS: &[&str] = &[
    "name",
    "generateName",
    "namespace",
    "labels",
    "annotations",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "finalizers",
    "managedFields",
    "ownerReferences",
    "selfLink",
];

/// Reads metadata: name (required unless generateName), namespace, labels, annotations.
pub(crate) fn read_metadata(
    ck: &mut Ck<Rule>,
    m: &Node,
    kind: &str,
) -> (String, Option<String>, BTreeMap<String, String>) {
    let mut name = String::new();
    let mut namespace = None;
    let mut labels = BTreeMap::new();
    if ck.keys(m, "metadata", META_KEYS, &[]).is_none() {
        return (name, namespace, labels);
    }
    match m.get("name") {
        Some(n) => {
            if let Some(s) = ck.string(n, "metadata.name") {
                // Most kinds take a DNS subdomain name; a Service and a Namespace a DNS label
                // (RFC 1035 for a Service, RFC 1123 for a Namespace) (names.md).
                let rule = match kind {
                    "Service" => "dns-1035-label",
                    "Namespace" => "dns-1123-label",
                    _ => "dns-1123-subdomain",
                };
                check_name(ck, n.pos, "metadata.name", &s, rule);
                name = s;
            }
        }
        None => {
            if m.get("generateName").is_none() {
                ck.push(m.pos, Rule::MissingKey, &["metadata", "name"]);
            }
        }
    }
    if let Some(n) = m.get("namespace") {
        if let Some(s) = ck.string(n, "metadata.namespace") {
            check_name(ck, n.pos, "metadata.namespace", &s, "dns-1123-label");
            namespace = Some(s);
        }
    }
    if let Some(l) = m.get("labels") {
        labels = read_labels(ck, l, "metadata.labels");
    }
    if let Some(a) = m.get("annotations") {
        for (k, v) in ck.map(a, "metadata.annotations") {
            check_label_key(ck, k.pos, "metadata.annotations", &k.name);
            ck.string(v, &format!("metadata.annotations.{}", k.name));
        }
    }
    (name, namespace, labels)
}

/// A mapping of labels, keys and values checked.
pub(crate) fn read_labels(ck: &mut Ck<Rule>, l: &Node, at: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (k, v) in ck.map(l, at) {
        check_label_key(ck, k.pos, at, &k.name);
        if let Some(s) = ck.string(v, &format!("{at}.{}", k.name)) {
            if !label_value_ok(&s) {
                ck.push(
                    v.pos,
                    Rule::BadName,
                    &[&format!("{at}.{}", k.name), &s, "label-value"],
                );
            }
            out.insert(k.name.clone(), s);
        }
    }
    out
}

fn check_label_key(ck: &mut Ck<Rule>, pos: Pos, at: &str, key: &str) {
    // "an optional prefix and name, separated by a slash (/). The name segment is required
    // and must be 63 characters or less, beginning and ending with an alphanumeric character
    // ([a-z0-9A-Z]) with dashes (-), underscores (_), dots (.), and alphanumerics between.
    // The prefix is optional. If specified, the prefix must be a DNS subdomain".
    let (prefix, name) = match key.rsplit_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, key),
    };
    let ok = label_value_ok(name) && !name.is_empty() && prefix.is_none_or(dns_subdomain_ok);
    if !ok {
        ck.push(pos, Rule::BadName, &[at, key, "label-key"]);
    }
}

/// A label value: 63 characters or less, empty or alphanumerics at both ends with `-_.`
/// and alphanumerics between.
fn label_value_ok(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    let b = s.as_bytes();
    s.len() <= 63
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

/// RFC 1123 label: at most 63 lowercase alphanumerics or `-`, alphanumeric at both ends.
pub(crate) fn dns_label_ok(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

/// RFC 1123 subdomain: at most 253 characters, dot-separated labels of lowercase
/// alphanumerics and `-`.
pub(crate) fn dns_subdomain_ok(s: &str) -> bool {
    !s.is_empty() && s.len() <= 253 && s.split('.').all(dns_label_ok)
}

/// RFC 1035 label: an RFC 1123 label that starts with a letter.
fn dns_1035_ok(s: &str) -> bool {
    dns_label_ok(s) && s.as_bytes()[0].is_ascii_lowercase()
}

/// IANA_SVC_NAME: at most 15 lowercase alphanumerics or `-`, at least one letter, no `--`,
/// alphanumeric at both ends (a named port).
pub(crate) fn iana_svc_name_ok(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 15
        && b.iter().any(u8::is_ascii_lowercase)
        && !s.contains("--")
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

/// Reports `s` when it breaks `rule`.
pub(crate) fn check_name(ck: &mut Ck<Rule>, pos: Pos, at: &str, s: &str, rule: &str) {
    let ok = match rule {
        "dns-1035-label" => dns_1035_ok(s),
        "dns-1123-label" => dns_label_ok(s),
        "iana-svc-name" => iana_svc_name_ok(s),
        _ => dns_subdomain_ok(s),
    };
    if !ok {
        ck.push(pos, Rule::BadName, &[at, s, rule]);
    }
}

/// An HPA whose Utilization target names a Deployment of the file whose containers do not
/// all request that resource: "the HPA controller will not take any action for that metric"
/// (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#how-does-a-horizontalpodautoscaler-work).
fn cross_objects(ck: &mut Ck<Rule>, objects: &[Object]) {
    for o in objects {
        let Body::Hpa(h) = &o.body else { continue };
        if h.target_kind != "Deployment" {
            continue;
        }
        let Some(d) = objects.iter().find_map(|t| match &t.body {
            Body::Deployment(d) if t.name == h.target_name && t.namespace == o.namespace => Some(d),
            _ => None,
        }) else {
            continue;
        };
        for m in &h.metrics {
            if m.kind != "Resource" || m.target_type != "Utilization" {
                continue;
            }
            for c in &d.containers {
                let has = match m.name.as_str() {
                    "cpu" => c.requests.cpu_milli.is_some(),
                    "memory" => c.requests.memory_milli.is_some(),
                    _ => true,
                };
                if !has {
                    ck.push(
                        m.pos,
                        Rule::NoRequests,
                        &[&o.name, &h.target_name, &c.name, &m.name],
                    );
                }
            }
        }
    }
}
