//! Kubernetes manifests: Deployments, Services and HorizontalPodAutoscalers read, checked
//! and given as typed values with Kubernetes' defaults applied, for a lab to set up a
//! rollout or a scaling run with.
//!
//! **Takes** a manifest file: YAML of one or more documents (`---`), or JSON; a `List`'s
//! `items` are objects too. **Returns** ([`validate`]) a [`Report`]: the [`Object`]s read, in
//! file order ([`Deployment`], [`Service`], [`Hpa`], or another kind), and [`Diagnostic`]s
//! with line, column, a stable [`Rule`] id and the values their message needs (worded by
//! `course::containers::k8s`).
//!
//! Checked: each document has apiVersion and kind; known kinds under an apiVersion that
//! serves them (removed ones named, with their replacement); metadata (name required unless
//! generateName; DNS-1123 subdomain names, DNS-1035 for Services, DNS-1123 labels for
//! Namespaces; label keys and values); unknown fields of the objects, specs, containers,
//! probes and ports (kubectl's strict field validation refuses them), with the nearest
//! known ones. Deployment: selector present and matching the template's labels, replicas,
//! strategy (RollingUpdate or Recreate, rollingUpdate only with RollingUpdate), maxSurge and
//! maxUnavailable as integers or percentages (not both 0, maxUnavailable ≤ 100 %),
//! progressDeadlineSeconds > minReadySeconds, restartPolicy Always, containers (unique
//! DNS-1123 label names, image, ports and their names), probes (one handler, ranges,
//! successThreshold 1 for liveness and startup), resources as quantities ([`parse_quantity`])
//! with requests ≤ limits. Service: type, ports (names when several, port and targetPort
//! ranges, nodePort only for NodePort/LoadBalancer and in 30000–32767), externalName.
//! HPA: scaleTargetRef, minReplicas ≥ 1 ≤ maxReplicas, metrics and the target types each
//! takes, behavior (stabilization ≤ 3600 s, policies' periodSeconds ≤ 1800 s, selectPolicy);
//! a Utilization target on a Deployment of the file whose containers lack that request.
//!
//! Typed values: [`Deployment::surge_and_unavailable`] with [`IntOrPercent::resolve`]
//! (maxSurge rounded up, maxUnavailable rounded down), [`Hpa`] with its default behavior,
//! [`resolve_rolling_update`]; the HPA's formula is the simulation's,
//! `crate::rollout::hpa_desired`.
//!
//! Simplifications: other kinds (ConfigMap, Ingress, ServiceAccount, custom resources…) are
//! checked for apiVersion, kind and metadata only; inside a pod spec, affinity, volumes,
//! env, securityContext, lifecycle and other nested structures are accepted without a look;
//! matchExpressions are not evaluated against the template's labels; namespaces are not
//! resolved (objects of a file are matched by name and namespace as written); the node
//! port range is the default one; Kubernetes versions are not chosen (APIs removed up to
//! 1.26 are reported).

mod hpa;
mod model;
mod quantity;
mod rules;
mod service;
mod validate;
mod workload;

pub use crate::tree::Pos;
pub use model::*;
pub use quantity::{parse_quantity, IntOrPercent, Quantity, Rounding};
pub use rules::{Diagnostic, Rule, Severity};
pub use validate::{validate, Report};
