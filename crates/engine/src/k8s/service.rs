//! Services (v1): type, ports, selector.
//!
//! Fields and rules: Service (https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/)
//! and the Service concept page (https://kubernetes.io/docs/concepts/services-networking/service/):
//! "For some Services, you need to expose more than one port… When using multiple ports for
//! a Service, you must give all of your ports names"; the default node port range is
//! 30000-32767 (type NodePort).

use std::collections::BTreeSet;

use super::model::{Service, ServicePort};
use super::rules::Rule;
use super::validate::{check_name, read_labels};
use crate::ecs::check::Ck;
use crate::tree::{Node, Value};

const SPEC_KEYS: &[&str] = &[
    "allocateLoadBalancerNodePorts",
    "clusterIP",
    "clusterIPs",
    "externalIPs",
    "externalName",
    "externalTrafficPolicy",
    "healthCheckNodePort",
    "internalTrafficPolicy",
    "ipFamilies",
    "ipFamilyPolicy",
    "loadBalancerClass",
    "loadBalancerIP",
    "loadBalancerSourceRanges",
    "ports",
    "publishNotReadyAddresses",
    "selector",
    "sessionAffinity",
    "sessionAffinityConfig",
    "trafficDistribution",
    "type",
];
const PORT_KEYS: &[&str] = &[
    "appProtocol",
    "name",
    "nodePort",
    "port",
    "protocol",
    "targetPort",
];

pub(crate) fn read_service(ck: &mut Ck<Rule>, s: &Node, at: &str) -> Option<Service> {
    ck.keys(s, &format!("{at} spec"), SPEC_KEYS, &[])?;
    let service_type = s
        .get("type")
        .and_then(|n| {
            ck.one_of(
                n,
                "spec.type",
                &["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"],
            )
        })
        .unwrap_or_else(|| "ClusterIP".into());
    let selector = s
        .get("selector")
        .map_or_else(Default::default, |n| read_labels(ck, n, "spec.selector"));
    let external_name = s
        .get("externalName")
        .and_then(|n| ck.string(n, "spec.externalName"));
    if service_type == "ExternalName" && external_name.is_none() && s.get("externalName").is_none()
    {
        ck.push(s.pos, Rule::MissingKey, &["spec", "externalName"]);
    }
    let headless = s
        .get("clusterIP")
        .and_then(|n| n.as_str())
        .is_some_and(|v| v == "None");
    let mut ports = Vec::new();
    match s.get("ports") {
        Some(list) => {
            let items = ck.seq(list, "spec.ports");
            let several = items.len() > 1;
            let mut names = BTreeSet::new();
            for (i, p) in items.iter().enumerate() {
                let pat = format!("spec.ports[{i}]");
                if ck.keys(p, &pat, PORT_KEYS, &["port"]).is_none() {
                    continue;
                }
                let port = p
                    .get("port")
                    .and_then(|n| ck.int(n, &format!("{pat}.port"), 1, 65535))
                    .map_or(0, |v| v.clamp(0, 65535) as u32);
                let name = p.get("name").and_then(|n| {
                    let v = ck.string(n, &format!("{pat}.name"))?;
                    check_name(ck, n.pos, &format!("{pat}.name"), &v, "dns-1123-label");
                    if !names.insert(v.clone()) {
                        ck.push(n.pos, Rule::DuplicateName, &["port", &v]);
                    }
                    Some(v)
                });
                if several && name.is_none() && p.get("name").is_none() {
                    ck.push(p.pos, Rule::PortNameRequired, &[&pat]);
                }
                let protocol = p
                    .get("protocol")
                    .and_then(|n| ck.one_of(n, &format!("{pat}.protocol"), &["TCP", "UDP", "SCTP"]))
                    .unwrap_or_else(|| "TCP".into());
                let target_port = match p.get("targetPort") {
                    None => port.to_string(),
                    Some(t) => match &t.value {
                        Value::Number(..) => ck
                            .int(t, &format!("{pat}.targetPort"), 1, 65535)
                            .map_or(String::new(), |v| v.to_string()),
                        Value::Str(v) => {
                            check_name(ck, t.pos, &format!("{pat}.targetPort"), v, "iana-svc-name");
                            v.clone()
                        }
                        _ => {
                            ck.push(
                                t.pos,
                                Rule::WrongType,
                                &[&format!("{pat}.targetPort"), "int-or-string", t.kind()],
                            );
                            String::new()
                        }
                    },
                };
                let node_port = p.get("nodePort").and_then(|n| {
                    if !matches!(service_type.as_str(), "NodePort" | "LoadBalancer") {
                        ck.push(n.pos, Rule::NodePortType, &[&service_type]);
                    }
                    // The default --service-node-port-range is 30000-32767.
                    ck.int(n, &format!("{pat}.nodePort"), 30000, 32767)
                        .map(|v| v.clamp(0, 65535) as u32)
                });
                if let Some(n) = p.get("appProtocol") {
                    ck.string(n, &format!("{pat}.appProtocol"));
                }
                ports.push(ServicePort {
                    name,
                    port,
                    target_port,
                    node_port,
                    protocol,
                });
            }
        }
        None => {
            // "spec.ports: Required value" except for ExternalName and headless Services.
            if service_type != "ExternalName" && !headless {
                ck.push(s.pos, Rule::MissingKey, &["spec", "ports"]);
            }
        }
    }
    Some(Service {
        service_type,
        selector,
        ports,
        external_name,
    })
}
