//! The monthly cost of one workload on four container platforms: Amazon ECS on AWS Fargate,
//! Amazon EKS with Fargate, Amazon EKS with a managed node group of EC2 instances, and AWS
//! App Runner, from public On-Demand prices in US East (N. Virginia).
//!
//! A workload is services, each with the vCPU and memory of one unit (a task, a pod, an
//! instance), the share of the workload's requests it receives, what one unit serves and the
//! fewest units it keeps for availability. At a traffic level (requests per second, held all
//! month), each service runs `max(min_units, ceil(its requests / what a unit serves))` units,
//! for [`HOURS_PER_MONTH`] hours:
//!
//! - ECS on Fargate: each task's vCPU and memory at Fargate's prices; ECS itself is free; one
//!   Application Load Balancer's hourly charge.
//! - EKS with Fargate: each pod's size as Fargate provisions it (256 MB added for the
//!   Kubernetes components, then rounded up to the next vCPU/memory combination,
//!   [`eks_fargate_size`]), the cluster's hourly charge, one load balancer.
//! - EKS with EC2 nodes: enough `m5.large` nodes for every pod's vCPU and memory (ideal
//!   packing; the kubelet's reservations and system pods are not modelled), at least
//!   [`MIN_NODES`]; the cluster's hourly charge, one load balancer.
//! - App Runner: each service its own App Runner service at the smallest instance size
//!   holding it ([`app_runner_size`]), its instances active all month
//!   ([`super::app_runner_price`]: vCPU and memory of active instances); its load balancing
//!   is part of the service.
//!
//! Left out: the load balancer's LCU charge (it depends on connections and bytes, not on
//! requests alone), data transfer, NAT gateways, public IPv4 addresses, storage, logs,
//! Savings Plans and Spot.
use super::app_runner_price;

/// Hours in a month, as AWS's pricing examples count them.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// The fewest EC2 nodes of the managed node group (two, in two Availability Zones).
pub const MIN_NODES: u32 = 2;

/// Public On-Demand prices in US dollars, US East (N. Virginia), read on [`price::CHECKED`].
/// Prices change: the lab says which date they are from.
pub mod price {
    /// AWS Fargate, Linux/x86, per vCPU-hour and per GB-hour. The official page
    /// (<https://aws.amazon.com/fargate/pricing/>) renders its table dynamically; these are
    /// the figures quoted from it for us-east-1 by <https://www.vantage.sh/blog/fargate-pricing>
    /// ($0.04048 per vCPU-hour, $0.004445 per GB-hour) and match the ECS pricing page's
    /// example ($0.000011244 per vCPU-second, <https://aws.amazon.com/ecs/pricing/>).
    pub const FARGATE_VCPU_HOUR: f64 = 0.04048;
    pub const FARGATE_GB_HOUR: f64 = 0.004445;
    /// Amazon EKS, per cluster-hour: $0.10 in standard support, $0.60 in extended support
    /// (a Kubernetes version past its 14 months of standard support) —
    /// <https://aws.amazon.com/blogs/containers/amazon-eks-extended-support-for-kubernetes-versions-pricing/>.
    pub const EKS_CLUSTER_HOUR: f64 = 0.10;
    pub const EKS_CLUSTER_HOUR_EXTENDED: f64 = 0.60;
    /// Amazon EC2 `m5.large` (2 vCPU, 8 GiB), Linux On-Demand, per hour: the Price List's
    /// "$0.096 per On Demand Linux m5.large Instance Hour"
    /// (<https://aws.amazon.com/ec2/pricing/on-demand/>).
    pub const M5_LARGE_HOUR: f64 = 0.096;
    pub const M5_LARGE_VCPU: f64 = 2.0;
    pub const M5_LARGE_GIB: f64 = 8.0;
    /// Application Load Balancer, per load balancer-hour (the LCU-hour, $0.008, is left
    /// out) — <https://aws.amazon.com/elasticloadbalancing/pricing/>.
    pub const ALB_HOUR: f64 = 0.0225;
    /// The date the prices were read.
    pub const CHECKED: &str = "2026-11-30";
    /// The region they apply to.
    pub const REGION: &str = "us-east-1";
}

/// A platform the cost is computed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CostPlatform {
    EcsFargate,
    EksFargate,
    EksEc2,
    AppRunner,
}

impl CostPlatform {
    pub const ALL: [CostPlatform; 4] = [
        CostPlatform::EcsFargate,
        CostPlatform::EksFargate,
        CostPlatform::EksEc2,
        CostPlatform::AppRunner,
    ];

    /// The id labs use: `ecs-fargate`, `eks-fargate`, `eks-ec2`, `app-runner`.
    pub fn id(self) -> &'static str {
        match self {
            CostPlatform::EcsFargate => "ecs-fargate",
            CostPlatform::EksFargate => "eks-fargate",
            CostPlatform::EksEc2 => "eks-ec2",
            CostPlatform::AppRunner => "app-runner",
        }
    }

    pub fn from_id(id: &str) -> Option<CostPlatform> {
        CostPlatform::ALL.into_iter().find(|p| p.id() == id)
    }
}

/// One service of a workload.
#[derive(Clone, Debug, PartialEq)]
pub struct CostService {
    pub name: String,
    /// One unit's vCPU and memory (GB), as its task definition or pod requests say.
    pub vcpu: f64,
    pub memory_gb: f64,
    /// The share of the workload's requests this service receives (1.0: all of them).
    pub share: f64,
    /// Requests per second one unit serves.
    pub serves_rps: f64,
    /// The fewest units it runs, whatever the traffic.
    pub min_units: u32,
}

/// What a workload costs on one platform at one traffic level.
#[derive(Clone, Debug, PartialEq)]
pub struct PlatformCost {
    pub platform: CostPlatform,
    /// Units (tasks, pods, instances) per service, in the workload's order.
    pub units: Vec<u32>,
    /// The size each unit is billed at (vCPU, GB), per service.
    pub billed_size: Vec<(f64, f64)>,
    /// EC2 nodes (EKS with EC2 only).
    pub nodes: Option<u32>,
    /// Monthly dollars: compute (tasks, pods, nodes, instances), the EKS cluster, the load
    /// balancer, and their sum.
    pub compute: f64,
    pub control_plane: f64,
    pub load_balancer: f64,
    pub total: f64,
}

/// The units a service runs at `rps` requests per second to the workload.
pub fn units_needed(service: &CostService, rps: f64) -> u32 {
    let wanted = if rps.is_finite() && rps > 0.0 && service.serves_rps > 0.0 {
        let x = (rps * service.share.max(0.0) / service.serves_rps - 1e-9).ceil();
        x.clamp(0.0, 100_000.0) as u32
    } else {
        0
    };
    wanted.max(service.min_units)
}

/// Fargate's vCPU/memory combinations (vCPU, lowest GB, highest GB, step GB) up to 4 vCPU —
/// Amazon EKS User Guide, "Understand Fargate Pod configuration details",
/// <https://docs.aws.amazon.com/eks/latest/userguide/fargate-pod-configuration.html> (the
/// same table as an ECS task size).
const FARGATE_SIZES: [(f64, f64, f64, f64); 5] = [
    (0.25, 0.5, 2.0, 0.5),
    (0.5, 1.0, 4.0, 1.0),
    (1.0, 2.0, 8.0, 1.0),
    (2.0, 4.0, 16.0, 1.0),
    (4.0, 8.0, 30.0, 1.0),
];

/// The smallest Fargate combination holding `vcpu` and `memory_gb`; `None` above 4 vCPU
/// and 30 GB. (0.25 vCPU offers 0.5, 1 and 2 GB.)
pub fn fargate_size(vcpu: f64, memory_gb: f64) -> Option<(f64, f64)> {
    const EPS: f64 = 1e-9;
    for (cpu, low, high, step) in FARGATE_SIZES {
        if vcpu > cpu + EPS || memory_gb > high + EPS {
            continue;
        }
        let mut m = low;
        while m + EPS < memory_gb {
            m = if cpu == 0.25 && m >= 1.0 {
                2.0
            } else {
                m + step
            };
        }
        return Some((cpu, m));
    }
    None
}

/// The size Fargate provisions for an EKS pod requesting `vcpu` and `memory_gb`: 256 MB is
/// added for the Kubernetes components (kubelet, kube-proxy, containerd), then the request
/// is rounded up to the next combination (same page as [`fargate_size`]).
pub fn eks_fargate_size(vcpu: f64, memory_gb: f64) -> Option<(f64, f64)> {
    fargate_size(vcpu, memory_gb + 0.25)
}

/// App Runner's instance sizes (vCPU, the memory choices in GB) — the API's
/// `InstanceConfiguration` (`Cpu` 0.25 to 4 vCPU, `Memory` 0.5 to 12 GB,
/// <https://docs.aws.amazon.com/apprunner/latest/api/API_InstanceConfiguration.html>) and
/// which memory goes with which vCPU (the AWS CDK's `Memory`,
/// <https://docs.aws.amazon.com/cdk/api/v2/docs/@aws-cdk_aws-apprunner-alpha.Memory.html>).
const APP_RUNNER_SIZES: [(f64, &[f64]); 5] = [
    (0.25, &[0.5, 1.0]),
    (0.5, &[1.0]),
    (1.0, &[2.0, 3.0, 4.0]),
    (2.0, &[4.0, 6.0]),
    (4.0, &[8.0, 10.0, 12.0]),
];

/// The smallest App Runner instance size holding `vcpu` and `memory_gb`; `None` above
/// 4 vCPU and 12 GB.
pub fn app_runner_size(vcpu: f64, memory_gb: f64) -> Option<(f64, f64)> {
    const EPS: f64 = 1e-9;
    APP_RUNNER_SIZES.iter().find_map(|(cpu, mems)| {
        if vcpu > cpu + EPS {
            return None;
        }
        mems.iter()
            .find(|m| memory_gb <= **m + EPS)
            .map(|m| (*cpu, *m))
    })
}

/// The monthly cost of `services` on `platform` at `rps` requests per second; the EKS
/// cluster in extended support when `extended_support`. `None` when a unit is larger than
/// the platform offers (Fargate above 4 vCPU or 30 GB, a pod larger than an `m5.large`).
pub fn monthly_cost(
    services: &[CostService],
    rps: f64,
    platform: CostPlatform,
    extended_support: bool,
) -> Option<PlatformCost> {
    use price::*;
    let units: Vec<u32> = services.iter().map(|s| units_needed(s, rps)).collect();
    let hour = HOURS_PER_MONTH;
    let cluster = if extended_support {
        EKS_CLUSTER_HOUR_EXTENDED
    } else {
        EKS_CLUSTER_HOUR
    } * hour;
    let alb = ALB_HOUR * hour;
    let mut billed_size = Vec::new();
    let mut per_hour = 0.0;
    let mut nodes = None;
    let (control_plane, load_balancer) = match platform {
        CostPlatform::EcsFargate | CostPlatform::EksFargate => {
            for (s, n) in services.iter().zip(&units) {
                let size = if platform == CostPlatform::EcsFargate {
                    fargate_size(s.vcpu, s.memory_gb)?
                } else {
                    eks_fargate_size(s.vcpu, s.memory_gb)?
                };
                per_hour += f64::from(*n) * (size.0 * FARGATE_VCPU_HOUR + size.1 * FARGATE_GB_HOUR);
                billed_size.push(size);
            }
            let cp = if platform == CostPlatform::EksFargate {
                cluster
            } else {
                0.0
            };
            (cp, alb)
        }
        CostPlatform::EksEc2 => {
            let (mut cpu, mut mem) = (0.0, 0.0);
            for (s, n) in services.iter().zip(&units) {
                if s.vcpu > M5_LARGE_VCPU || s.memory_gb > M5_LARGE_GIB {
                    return None;
                }
                cpu += f64::from(*n) * s.vcpu;
                mem += f64::from(*n) * s.memory_gb;
                billed_size.push((s.vcpu, s.memory_gb));
            }
            let need = |total: f64, per: f64| (total / per - 1e-9).ceil().max(0.0) as u32;
            let n = need(cpu, M5_LARGE_VCPU)
                .max(need(mem, M5_LARGE_GIB))
                .max(MIN_NODES);
            nodes = Some(n);
            per_hour = f64::from(n) * M5_LARGE_HOUR;
            (cluster, alb)
        }
        CostPlatform::AppRunner => {
            for (s, n) in services.iter().zip(&units) {
                let size = app_runner_size(s.vcpu, s.memory_gb)?;
                per_hour += f64::from(*n)
                    * (size.0 * app_runner_price::VCPU_HOUR + size.1 * app_runner_price::GB_HOUR);
                billed_size.push(size);
            }
            (0.0, 0.0)
        }
    };
    let compute = per_hour * hour;
    Some(PlatformCost {
        platform,
        units,
        billed_size,
        nodes,
        compute,
        control_plane,
        load_balancer,
        total: compute + control_plane + load_balancer,
    })
}

/// The cheapest platform at `rps` (the first of [`CostPlatform::ALL`] on a tie), with its cost.
pub fn cheapest(services: &[CostService], rps: f64) -> Option<PlatformCost> {
    CostPlatform::ALL
        .into_iter()
        .filter_map(|p| monthly_cost(services, rps, p, false))
        .fold(None, |best: Option<PlatformCost>, c| match best {
            Some(b) if b.total <= c.total => Some(b),
            _ => Some(c),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(vcpu: f64, memory_gb: f64, serves_rps: f64, min_units: u32) -> CostService {
        CostService {
            name: "api".into(),
            vcpu,
            memory_gb,
            share: 1.0,
            serves_rps,
            min_units,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn units_are_the_requests_over_what_one_serves_rounded_up_at_least_the_minimum() {
        let s = api(0.5, 1.0, 50.0, 2);
        assert_eq!(units_needed(&s, 5.0), 2);
        assert_eq!(units_needed(&s, 100.0), 2);
        assert_eq!(units_needed(&s, 101.0), 3);
        assert_eq!(units_needed(&s, 500.0), 10);
        let half = CostService {
            share: 0.3,
            ..api(0.25, 0.5, 40.0, 1)
        };
        // 500 × 0.3 = 150 requests a second, 40 a task: 3.75 → 4.
        assert_eq!(units_needed(&half, 500.0), 4);
    }

    #[test]
    fn fargate_rounds_up_to_its_combinations_and_eks_adds_256_mb() {
        assert_eq!(fargate_size(0.5, 1.0), Some((0.5, 1.0)));
        assert_eq!(fargate_size(0.25, 1.5), Some((0.25, 2.0)));
        assert_eq!(fargate_size(0.3, 0.5), Some((0.5, 1.0)));
        assert_eq!(fargate_size(1.0, 9.0), Some((2.0, 9.0)));
        assert_eq!(fargate_size(8.0, 16.0), None);
        // 0.5 vCPU, 1 GB + 0.25 GB = 1.25 GB → 0.5 vCPU, 2 GB.
        assert_eq!(eks_fargate_size(0.5, 1.0), Some((0.5, 2.0)));
        assert_eq!(eks_fargate_size(0.25, 0.5), Some((0.25, 1.0)));
    }

    #[test]
    fn one_api_at_500_requests_a_second_by_hand() {
        let s = [api(0.5, 1.0, 50.0, 2)];
        // ECS on Fargate: 10 tasks × (0.5 × 0.04048 + 1 × 0.004445) = $0.24685 an hour,
        // × 730 = $180.2005; the load balancer 0.0225 × 730 = $16.425.
        let ecs = monthly_cost(&s, 500.0, CostPlatform::EcsFargate, false).unwrap();
        assert_eq!(ecs.units, vec![10]);
        assert!(close(ecs.compute, 180.2005));
        assert!(close(ecs.load_balancer, 16.425));
        assert!(close(ecs.control_plane, 0.0));
        assert!(close(ecs.total, 196.6255));
        // EKS with Fargate: each pod billed 0.5 vCPU, 2 GB: 10 × 0.02913 × 730 = $212.649,
        // plus the cluster 0.10 × 730 = $73.
        let eksf = monthly_cost(&s, 500.0, CostPlatform::EksFargate, false).unwrap();
        assert_eq!(eksf.billed_size, vec![(0.5, 2.0)]);
        assert!(close(eksf.compute, 212.649));
        assert!(close(eksf.control_plane, 73.0));
        assert!(close(eksf.total, 212.649 + 73.0 + 16.425));
        // EKS with EC2: 5 vCPU and 10 GB → 3 m5.large (by vCPU) × 0.096 × 730 = $210.24.
        let eks = monthly_cost(&s, 500.0, CostPlatform::EksEc2, false).unwrap();
        assert_eq!(eks.nodes, Some(3));
        assert!(close(eks.compute, 210.24));
        assert!(close(eks.total, 210.24 + 73.0 + 16.425));
        // Extended support: the cluster at $0.60 an hour, $438 a month.
        let old = monthly_cost(&s, 500.0, CostPlatform::EksEc2, true).unwrap();
        assert!(close(old.control_plane, 438.0));
        // App Runner: 10 × (0.5 × 0.064 + 1 × 0.007) = $0.39 an hour → $284.70, nothing else.
        let ar = monthly_cost(&s, 500.0, CostPlatform::AppRunner, false).unwrap();
        assert!(close(ar.total, 284.7));
        assert_eq!(
            cheapest(&s, 500.0).unwrap().platform,
            CostPlatform::EcsFargate
        );
    }

    #[test]
    fn at_low_traffic_the_minimum_and_the_fixed_charges_decide() {
        let s = [api(0.25, 0.5, 50.0, 2)];
        // 2 tasks × (0.25 × 0.04048 + 0.5 × 0.004445) = $0.024685 an hour → $18.02005 + $16.425.
        let ecs = monthly_cost(&s, 5.0, CostPlatform::EcsFargate, false).unwrap();
        assert!(close(ecs.total, 18.02005 + 16.425));
        // App Runner: 2 × (0.25 × 0.064 + 0.5 × 0.007) = $0.039 an hour → $28.47.
        let ar = monthly_cost(&s, 5.0, CostPlatform::AppRunner, false).unwrap();
        assert!(close(ar.total, 28.47));
        // Two nodes at least: 2 × 0.096 × 730 = $140.16.
        let eks = monthly_cost(&s, 5.0, CostPlatform::EksEc2, false).unwrap();
        assert_eq!(eks.nodes, Some(2));
        assert!(close(eks.compute, 140.16));
        assert_eq!(cheapest(&s, 5.0).unwrap().platform, CostPlatform::AppRunner);
    }

    #[test]
    fn app_runner_rounds_up_to_its_instance_sizes() {
        assert_eq!(app_runner_size(0.25, 0.5), Some((0.25, 0.5)));
        assert_eq!(app_runner_size(0.5, 2.0), Some((1.0, 2.0)));
        assert_eq!(app_runner_size(1.0, 5.0), Some((2.0, 6.0)));
        assert_eq!(app_runner_size(4.0, 16.0), None);
        // 0.5 vCPU and 2 GB is billed as 1 vCPU and 2 GB: 2 × (0.064 + 2 × 0.007) × 730.
        let s = [api(0.5, 2.0, 50.0, 2)];
        let ar = monthly_cost(&s, 5.0, CostPlatform::AppRunner, false).unwrap();
        assert_eq!(ar.billed_size, vec![(1.0, 2.0)]);
        assert!(close(ar.total, 113.88));
    }

    #[test]
    fn memory_can_decide_the_nodes_and_oversized_units_have_no_cost() {
        let s = [api(0.25, 3.0, 10.0, 1)];
        // 10 pods: 2.5 vCPU (2 nodes) but 30 GB (4 nodes).
        let eks = monthly_cost(&s, 100.0, CostPlatform::EksEc2, false).unwrap();
        assert_eq!(eks.nodes, Some(4));
        assert!(
            monthly_cost(&[api(4.0, 16.0, 10.0, 1)], 5.0, CostPlatform::EksEc2, false).is_none()
        );
        assert!(monthly_cost(
            &[api(8.0, 16.0, 10.0, 1)],
            5.0,
            CostPlatform::EcsFargate,
            false
        )
        .is_none());
    }
}
