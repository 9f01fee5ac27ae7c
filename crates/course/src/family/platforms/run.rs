//! The comparison's costs (`engine::rollout::monthly_cost`), grading them, and the panel: what
//! each platform leaves you to manage, how it deploys and scales, how portable it is, and
//! its monthly cost at each traffic level, with the prices' source and date.
use engine::rollout::{
    app_runner_price, app_runner_size, eks_fargate_size, monthly_cost, price, CostPlatform,
    CostService, PlatformCost, HOURS_PER_MONTH, MIN_NODES,
};

use super::{CheapestCheck, Comparison, Comparisons, CostCheck, PlatformsCheck};
use crate::answer::Answers;
use crate::check::Verdict;
use crate::family::common::number_graded;
use crate::family::{Graded, LabView};
use crate::lang::{Lang, Wording, T};
use crate::panel::{Block, Cell, Drawing, Panel, Shape, Tone};

/// The comparison's services as the engine takes them.
fn services(c: &Comparison) -> Vec<CostService> {
    c.services.iter().map(|s| s.cost_service()).collect()
}

/// Every platform's cost at `level`, in [`CostPlatform::ALL`]'s order.
fn costs(c: &Comparison, level: u32) -> Vec<PlatformCost> {
    let s = services(c);
    CostPlatform::ALL
        .into_iter()
        .filter_map(|p| monthly_cost(&s, f64::from(level), p, false))
        .collect()
}

fn cost_of(c: &Comparison, level: u32, id: &str) -> Option<f64> {
    let p = CostPlatform::from_id(id)?;
    costs(c, level)
        .into_iter()
        .find(|x| x.platform == p)
        .map(|x| x.total)
}

/// The cheapest platform at `level` (the first on a tie).
fn cheapest(c: &Comparison, level: u32) -> Option<PlatformCost> {
    costs(c, level)
        .into_iter()
        .fold(None, |best: Option<PlatformCost>, x| match best {
            Some(b) if b.total <= x.total => Some(b),
            _ => Some(x),
        })
}

/// A platform's name, as AWS writes it.
pub(super) fn platform_name(p: CostPlatform, lang: Lang) -> String {
    let words = match p {
        CostPlatform::EcsFargate => t!("ECS on Fargate", "ECS trên Fargate"),
        CostPlatform::EksFargate => t!("EKS with Fargate", "EKS với Fargate"),
        CostPlatform::EksEc2 => t!(
            "EKS with EC2 nodes (managed node group)",
            "EKS với node EC2 (managed node group)"
        ),
        CostPlatform::AppRunner => return "App Runner".into(),
    };
    words.get(lang).to_string()
}

/// A size as `0.5 vCPU, 2 GB` (`0,5 vCPU, 2 GB`); a dash when the platform has none.
fn size_text(size: Option<(f64, f64)>, lang: Lang) -> String {
    match size {
        Some((cpu, mem)) => format!(
            "{} vCPU, {} GB",
            crate::lang::number(cpu, 2, lang),
            crate::lang::number(mem, 2, lang)
        ),
        None => "—".into(),
    }
}

/// A unit price as the pricing pages write it: `$0.10`, `$0.04048` (`$0,10` in Vietnamese).
fn unit_price(v: f64, lang: Lang) -> String {
    let s = if ((v * 100.0).round() - v * 100.0).abs() < 1e-9 {
        format!("{v:.2}")
    } else {
        v.to_string()
    };
    match lang {
        Lang::Vi => format!("${}", s.replace('.', ",")),
        _ => format!("${s}"),
    }
}

/// Dollars with cents: `$1234.50` (`$1234,50` in Vietnamese).
pub(super) fn money(v: f64, lang: Lang) -> String {
    let s = format!("{v:.2}");
    match lang {
        Lang::Vi => format!("${}", s.replace('.', ",")),
        _ => format!("${s}"),
    }
}

pub(super) fn grade(check: &PlatformsCheck, all: &Comparisons, answers: &Answers) -> Graded {
    let input = check.input();
    let Some(c) = all.get(check.comparison()) else {
        return Graded::new(input, Verdict::NoEngineValue);
    };
    match check {
        PlatformsCheck::Cost(k) => grade_cost(k, c, answers),
        PlatformsCheck::Cheapest(k) => grade_cheapest(k, c, answers),
    }
}

fn grade_cost(k: &CostCheck, c: &Comparison, answers: &Answers) -> Graded {
    let expected = match (&k.minus, cost_of(c, k.level, &k.platform)) {
        (None, cost) => cost,
        (Some(other), Some(cost)) => cost_of(c, k.level, other).map(|o| cost - o),
        (Some(_), None) => None,
    };
    number_graded(&k.input, answers, expected, k.tolerance, &[])
}

fn grade_cheapest(k: &CheapestCheck, c: &Comparison, answers: &Answers) -> Graded {
    let chosen = answers
        .get(&k.input)
        .map(crate::answer::Answer::choices)
        .unwrap_or_default();
    let Some(first) = chosen.first() else {
        return Graded::new(&k.input, Verdict::NotAnswered);
    };
    let Some(best) = cheapest(c, k.level) else {
        return Graded::new(&k.input, Verdict::NoEngineValue);
    };
    if first == best.platform.id() {
        return Graded::new(&k.input, Verdict::Correct);
    }
    let picked = CostPlatform::from_id(first);
    let picked_cost = cost_of(c, k.level, first);
    let level = k.level;
    let verdict = Verdict::Unmet(Wording::each(|lang| {
        match (picked, picked_cost) {
        (Some(p), Some(cost)) => t!(
            "at {level} requests per second {picked} costs {cost} a month, more than {best} at {best_cost}",
            "ở mức {level} yêu cầu mỗi giây, {picked} tốn {cost} mỗi tháng, nhiều hơn {best} với {best_cost}"
        )
        .fill(
            lang,
            &[
                ("level", &level),
                ("picked", &platform_name(p, lang)),
                ("cost", &money(cost, lang)),
                ("best", &platform_name(best.platform, lang)),
                ("best_cost", &money(best.total, lang)),
            ],
        ),
        _ => t!(
            "at {level} requests per second the cheapest is not the option chosen",
            "ở mức {level} yêu cầu mỗi giây, lựa chọn của bạn không phải là rẻ nhất"
        )
        .fill(lang, &[("level", &level)]),
    }
    }));
    Graded::new(&k.input, verdict)
}

pub(super) fn validate_items(all: &Comparisons, _lab: &LabView<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    for c in &all.comparisons {
        let s = services(c);
        for p in CostPlatform::ALL {
            if monthly_cost(&s, 1.0, p, false).is_none() {
                problems.push(format!(
                    "comparison \"{}\": a service is larger than {} offers (Fargate: at most 4 vCPU and 30 GB here; an m5.large node: 2 vCPU, 8 GiB)",
                    c.id,
                    p.id()
                ));
            }
        }
    }
    problems
}

/// One row of the "how it runs" table: a heading cell and one text per platform.
fn row(head: T, cells: [T; 4], lang: Lang) -> Vec<Cell> {
    let mut out = vec![Cell::new(head.get(lang), Tone::Plain)];
    out.extend(cells.iter().map(|t| Cell::plain(t.get(lang))));
    out
}

/// The qualitative rows: what you manage, deploys, scaling, portability.
fn how_rows(lang: Lang) -> Vec<Vec<Cell>> {
    vec![
        row(
            t!("What you manage", "Bạn phải quản lý gì"),
            [
                t!(
                    "Task definitions and services. No servers, no control plane: ECS itself costs nothing.",
                    "Task definition và service. Không có server, không có control plane: bản thân ECS miễn phí."
                ),
                t!(
                    "Manifests, the cluster's add-ons, and a Kubernetes version upgrade before each version's 14 months of standard support end. No nodes: Fargate runs each pod.",
                    "Manifest, các add-on của cluster, và nâng cấp phiên bản Kubernetes trước khi 14 tháng standard support của mỗi phiên bản kết thúc. Không có node: Fargate chạy từng pod."
                ),
                t!(
                    "All of that, and the nodes: their size, their AMI updates, node group upgrades after each cluster upgrade.",
                    "Tất cả những việc trên, thêm các node: kích thước, cập nhật AMI, nâng cấp node group sau mỗi lần nâng cấp cluster."
                ),
                t!(
                    "One App Runner service per app: its image, vCPU and memory, auto scaling configuration. Nothing else.",
                    "Mỗi ứng dụng một App Runner service: image, vCPU và bộ nhớ, auto scaling configuration. Không còn gì khác."
                ),
            ],
            lang,
        ),
        row(
            t!("How a deploy behaves", "Deploy diễn ra thế nào"),
            [
                t!(
                    "Rolling update within minimumHealthyPercent and maximumPercent; the deployment circuit breaker rolls back tasks that fail to start; blue/green is built in.",
                    "Rolling update trong giới hạn minimumHealthyPercent và maximumPercent; deployment circuit breaker rollback khi task không khởi động được; có sẵn blue/green."
                ),
                t!(
                    "Deployment RollingUpdate within maxSurge and maxUnavailable; a stuck rollout reports ProgressDeadlineExceeded and waits: you undo it (kubectl rollout undo) or a tool does.",
                    "Deployment RollingUpdate trong giới hạn maxSurge và maxUnavailable; rollout bị kẹt báo ProgressDeadlineExceeded rồi đứng chờ: bạn tự hoàn tác (kubectl rollout undo) hoặc dùng công cụ."
                ),
                t!(
                    "The same RollingUpdate; a new pod may also wait for a node to be added.",
                    "Cùng RollingUpdate đó; pod mới có thể phải chờ thêm node."
                ),
                t!(
                    "All at once: the new version's instances start and pass their health checks, then traffic switches; if they fail, the old version keeps serving.",
                    "All-at-once: các instance của phiên bản mới khởi động và qua health check, rồi lưu lượng mới chuyển sang; nếu lỗi, phiên bản cũ tiếp tục phục vụ."
                ),
            ],
            lang,
        ),
        row(
            t!("How it scales", "Cách scale"),
            [
                t!(
                    "Service Auto Scaling: target tracking (e.g. average CPU at 70%); Fargate starts each task.",
                    "Service Auto Scaling: target tracking (ví dụ CPU trung bình 70%); Fargate khởi động từng task."
                ),
                t!(
                    "HorizontalPodAutoscaler on the pods; Fargate starts each pod, no nodes to scale.",
                    "HorizontalPodAutoscaler cho các pod; Fargate khởi động từng pod, không có node để scale."
                ),
                t!(
                    "HorizontalPodAutoscaler for pods, and Cluster Autoscaler or Karpenter to add and remove nodes.",
                    "HorizontalPodAutoscaler cho pod, và Cluster Autoscaler hoặc Karpenter để thêm, bớt node."
                ),
                t!(
                    "By concurrent requests per instance (MaxConcurrency), between MinSize and MaxSize.",
                    "Theo số request đồng thời trên mỗi instance (MaxConcurrency), trong khoảng MinSize đến MaxSize."
                ),
            ],
            lang,
        ),
        row(
            t!("Portability", "Tính di động"),
            [
                t!(
                    "AWS only: task definitions and services are ECS's own API.",
                    "Chỉ trên AWS: task definition và service là API riêng của ECS."
                ),
                t!(
                    "Kubernetes: the same manifests and Helm charts run on any conformant cluster, in another cloud or on premises.",
                    "Kubernetes: cùng manifest và Helm chart chạy trên mọi cluster conformant, ở cloud khác hay on-premises."
                ),
                t!(
                    "Kubernetes, as with Fargate.",
                    "Kubernetes, giống như với Fargate."
                ),
                t!(
                    "AWS only; and no longer open to new customers.",
                    "Chỉ trên AWS; và không còn mở cho khách hàng mới."
                ),
            ],
            lang,
        ),
    ]
}

/// The units a cost runs, in words: "20 + 3 tasks", "6 m5.large nodes".
fn units_text(x: &PlatformCost, lang: Lang) -> String {
    let list = x
        .units
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(" + ");
    match x.platform {
        CostPlatform::EcsFargate => t!("{n} tasks", "{n} task").fill(lang, &[("n", &list)]),
        CostPlatform::EksFargate => t!("{n} pods", "{n} pod").fill(lang, &[("n", &list)]),
        CostPlatform::EksEc2 => t!(
            "{n} pods on {nodes} m5.large nodes",
            "{n} pod trên {nodes} node m5.large"
        )
        .fill(lang, &[("n", &list), ("nodes", &x.nodes.unwrap_or(0))]),
        CostPlatform::AppRunner => t!("{n} instances", "{n} instance").fill(lang, &[("n", &list)]),
    }
}

/// A platform's short name, for the drawing's rows.
fn short_name(p: CostPlatform, lang: Lang) -> String {
    match p {
        CostPlatform::EksEc2 => t!("EKS with EC2 nodes", "EKS với node EC2")
            .get(lang)
            .to_string(),
        other => platform_name(other, lang),
    }
}

/// The drawing's geometry: a label column, then the bars.
const LEFT: u32 = 150;
const BAR_WIDTH: u32 = 300;
const ROW: u32 = 16;

/// The monthly cost at each level as bars, one group per level, each group to its own
/// scale (the longest bar is the dearest platform at that level); the cheapest in green.
fn cost_drawing(c: &Comparison, lang: Lang) -> Drawing {
    let mut shapes = Vec::new();
    let mut y = 0u32;
    for &level in &c.levels {
        let all = costs(c, level);
        let top = all.iter().map(|x| x.total).fold(0.0, f64::max);
        let best = all.iter().map(|x| x.total).fold(f64::INFINITY, f64::min);
        shapes.push(Shape::Label {
            x: 0,
            y: y + 12,
            text: t!("{level} requests per second", "{level} yêu cầu mỗi giây")
                .fill(lang, &[("level", &level)]),
            tone: Tone::Plain,
        });
        y += ROW + 2;
        for x in &all {
            let tone = if x.total <= best {
                Tone::Good
            } else {
                Tone::Plain
            };
            let width = if top > 0.0 {
                ((x.total / top) * f64::from(BAR_WIDTH)).round().max(1.0) as u32
            } else {
                1
            };
            shapes.push(Shape::Label {
                x: 8,
                y: y + 11,
                text: short_name(x.platform, lang),
                tone: Tone::Plain,
            });
            shapes.push(Shape::Bar {
                x: LEFT,
                y: y + 2,
                width,
                height: ROW - 4,
                tone,
            });
            shapes.push(Shape::Label {
                x: LEFT + width + 6,
                y: y + 11,
                text: money(x.total, lang),
                tone,
            });
            y += ROW;
        }
        y += 8;
    }
    Drawing {
        width: LEFT + BAR_WIDTH + 90,
        height: y,
        label: t!(
            "The monthly cost on each platform at each traffic level",
            "Chi phí mỗi tháng trên từng nền tảng ở từng mức lưu lượng"
        )
        .get(lang)
        .to_string(),
        shapes,
    }
}

fn comparison_panel(c: &Comparison, lang: Lang, panel: &mut Panel) {
    let blocks = &mut panel.blocks;
    blocks.push(Block::Heading(c.title.clone()));
    // The workload.
    let rows = c
        .services
        .iter()
        .map(|s| {
            vec![
                Cell::plain(s.name.clone()),
                Cell::plain(format!(
                    "{} vCPU, {} GB",
                    crate::lang::number(s.vcpu, 2, lang),
                    crate::lang::number(s.memory_gb, 2, lang)
                )),
                Cell::plain(format!(
                    "{}%",
                    crate::lang::number(s.share_percent, 1, lang)
                )),
                Cell::plain(crate::lang::number(s.serves_rps, 1, lang)),
                Cell::plain(s.min_units.to_string()),
                Cell::plain(size_text(eks_fargate_size(s.vcpu, s.memory_gb), lang)),
                Cell::plain(size_text(app_runner_size(s.vcpu, s.memory_gb), lang)),
            ]
        })
        .collect();
    blocks.push(Block::Table {
        caption: t!(
            "The workload: its services, the same on every platform",
            "Workload: các service của nó, giống nhau trên mọi nền tảng"
        )
        .get(lang)
        .into(),
        head: vec![
            "Service".into(),
            t!("One task or pod", "Một task hoặc pod").get(lang).into(),
            t!("Share of the requests", "Tỷ lệ request nhận")
                .get(lang)
                .into(),
            t!(
                "Requests per second one serves",
                "Số request mỗi giây một task/pod phục vụ"
            )
            .get(lang)
            .into(),
            t!("Fewest running", "Số tối thiểu luôn chạy")
                .get(lang)
                .into(),
            t!(
                "Billed on EKS with Fargate (+256 MB, rounded up)",
                "Kích thước tính tiền trên EKS với Fargate (+256 MB, làm tròn lên)"
            )
            .get(lang)
            .into(),
            t!(
                "Billed on App Runner (its instance sizes)",
                "Kích thước tính tiền trên App Runner (theo các cỡ instance của nó)"
            )
            .get(lang)
            .into(),
        ],
        rows,
    });
    // How each runs it, then its cost at each level.
    let mut head = vec![String::new()];
    head.extend(CostPlatform::ALL.iter().map(|p| platform_name(*p, lang)));
    let mut rows = how_rows(lang);
    let fixed = |p: CostPlatform| match p {
        CostPlatform::EcsFargate => t!("{alb}: the load balancer", "{alb}: phí load balancer"),
        CostPlatform::EksFargate | CostPlatform::EksEc2 => t!(
            "{cluster}: the EKS cluster, + {alb}: the load balancer",
            "{cluster}: phí EKS cluster, + {alb}: phí load balancer"
        ),
        CostPlatform::AppRunner => t!(
            "none: load balancing is part of the service",
            "không có: cân bằng tải đã nằm trong service"
        ),
    };
    let mut fixed_row = vec![Cell::plain(
        t!("Fixed charges a month", "Chi phí cố định mỗi tháng").get(lang),
    )];
    for p in CostPlatform::ALL {
        fixed_row.push(Cell::plain(fixed(p).fill(
            lang,
            &[
                ("alb", &money(price::ALB_HOUR * HOURS_PER_MONTH, lang)),
                (
                    "cluster",
                    &money(price::EKS_CLUSTER_HOUR * HOURS_PER_MONTH, lang),
                ),
            ],
        )));
    }
    rows.push(fixed_row);
    for &level in &c.levels {
        let all = costs(c, level);
        let best = all.iter().map(|x| x.total).fold(f64::INFINITY, f64::min);
        let mut r = vec![Cell::plain(
            t!(
                "Monthly cost at {level} requests per second",
                "Chi phí mỗi tháng ở mức {level} yêu cầu mỗi giây"
            )
            .fill(lang, &[("level", &level)]),
        )];
        for x in &all {
            let tone = if x.total <= best {
                Tone::Good
            } else {
                Tone::Plain
            };
            r.push(Cell::new(
                format!("{} ({})", money(x.total, lang), units_text(x, lang)),
                tone,
            ));
        }
        rows.push(r);
    }
    blocks.push(Block::Table {
        caption: t!(
            "The same workload on each platform; the cheapest at each level in green",
            "Cùng một workload trên mỗi nền tảng; rẻ nhất ở mỗi mức được tô xanh lá"
        )
        .get(lang)
        .into(),
        head,
        rows,
    });
    blocks.push(Block::Note {
        tone: Tone::Plain,
        text: t!(
            "The monthly cost at each level: one bar per platform, each level to its own scale (its longest bar is the dearest platform there); the cheapest in green.",
            "Chi phí mỗi tháng ở từng mức: mỗi nền tảng một thanh, mỗi mức có thang đo riêng (thanh dài nhất là nền tảng đắt nhất ở mức đó); rẻ nhất tô xanh lá."
        )
        .get(lang)
        .into(),
    });
    blocks.push(Block::Drawing(cost_drawing(c, lang)));
    blocks.push(Block::Note {
        tone: Tone::Plain,
        text: t!(
            "How the cost is worked out: each service runs its requests ÷ what one task serves, rounded up, and never fewer than its minimum, all month ({hours} hours). Fargate bills each task's vCPU at {fv} and memory at {fg} per GB-hour; on EKS, Fargate adds 256 MB to each pod for the Kubernetes components and rounds up to the next size. EKS with EC2 runs enough m5.large nodes (2 vCPU, 8 GiB, {ec2} an hour, at least {min}) for every pod's vCPU and memory. The EKS cluster costs {eks} an hour ({ext} in extended support, on a Kubernetes version past its standard support). An Application Load Balancer costs {alb} an hour. App Runner offers fixed instance sizes (0.25 vCPU with 0.5 or 1 GB, 0.5 vCPU with 1 GB, 1 vCPU with 2 to 4 GB, 2 vCPU with 4 or 6 GB, 4 vCPU with 8 to 12 GB), each service at the smallest that holds it, and bills active instances {av} per vCPU-hour and {ag} per GB-hour.",
            "Cách tính chi phí: mỗi service chạy số task bằng số request của nó ÷ số request một task phục vụ, làm tròn lên, không bao giờ ít hơn số tối thiểu, suốt cả tháng ({hours} giờ). Fargate tính vCPU của mỗi task {fv} và bộ nhớ {fg} mỗi GB-giờ; trên EKS, Fargate cộng thêm 256 MB cho mỗi pod dành cho các thành phần Kubernetes rồi làm tròn lên kích thước kế tiếp. EKS với EC2 chạy đủ node m5.large (2 vCPU, 8 GiB, {ec2} mỗi giờ, ít nhất {min} node) cho vCPU và bộ nhớ của mọi pod. EKS cluster tốn {eks} mỗi giờ ({ext} khi ở extended support, tức phiên bản Kubernetes đã hết standard support). Một Application Load Balancer tốn {alb} mỗi giờ. App Runner chỉ có các cỡ instance cố định (0,25 vCPU với 0,5 hoặc 1 GB, 0,5 vCPU với 1 GB, 1 vCPU với 2 đến 4 GB, 2 vCPU với 4 hoặc 6 GB, 4 vCPU với 8 đến 12 GB), mỗi service dùng cỡ nhỏ nhất đủ chứa nó, và tính instance đang active {av} mỗi vCPU-giờ và {ag} mỗi GB-giờ."
        )
        .fill(
            lang,
            &[
                ("hours", &HOURS_PER_MONTH),
                ("fv", &unit_price(price::FARGATE_VCPU_HOUR, lang)),
                ("fg", &unit_price(price::FARGATE_GB_HOUR, lang)),
                ("ec2", &unit_price(price::M5_LARGE_HOUR, lang)),
                ("min", &MIN_NODES),
                ("eks", &unit_price(price::EKS_CLUSTER_HOUR, lang)),
                ("ext", &unit_price(price::EKS_CLUSTER_HOUR_EXTENDED, lang)),
                ("alb", &unit_price(price::ALB_HOUR, lang)),
                ("av", &unit_price(app_runner_price::VCPU_HOUR, lang)),
                ("ag", &unit_price(app_runner_price::GB_HOUR, lang)),
            ],
        ),
    });
    blocks.push(Block::Note {
        tone: Tone::Warn,
        text: t!(
            "Prices: public On-Demand prices in US East (N. Virginia), {region}, read on {date} from aws.amazon.com/fargate/pricing, aws.amazon.com/eks/pricing, aws.amazon.com/ec2/pricing/on-demand, aws.amazon.com/elasticloadbalancing/pricing and aws.amazon.com/apprunner/pricing. Prices change: check them before you decide. Left out: the load balancer's LCU charge, data transfer, NAT gateways, public IPv4 addresses, logs, Savings Plans and Spot.",
            "Giá: giá On-Demand công khai tại US East (N. Virginia), {region}, đọc ngày {date} từ aws.amazon.com/fargate/pricing, aws.amazon.com/eks/pricing, aws.amazon.com/ec2/pricing/on-demand, aws.amazon.com/elasticloadbalancing/pricing và aws.amazon.com/apprunner/pricing. Giá có thể thay đổi: hãy kiểm tra lại trước khi quyết định. Không tính: phí LCU của load balancer, data transfer, NAT gateway, địa chỉ IPv4 công khai, log, Savings Plans và Spot."
        )
        .fill(lang, &[("region", &price::REGION), ("date", &price::CHECKED)]),
    });
    blocks.push(Block::Note {
        tone: Tone::Warn,
        text: t!(
            "App Runner is no longer open to new customers (since April 30, 2026): existing customers keep using it, and AWS recommends Amazon ECS Express Mode to new ones (App Runner Developer Guide, \"AWS App Runner availability change\").",
            "App Runner không còn mở cho khách hàng mới (từ ngày 30/4/2026): khách hàng hiện tại vẫn dùng được, và AWS khuyến nghị khách hàng mới dùng Amazon ECS Express Mode (App Runner Developer Guide, \"AWS App Runner availability change\")."
        )
        .get(lang)
        .into(),
    });
}

pub(super) fn panel(
    all: &Comparisons,
    _lab: &LabView<'_>,
    _answers: &Answers,
    _focus: &[String],
    lang: Lang,
    panel: &mut Panel,
) {
    for c in &all.comparisons {
        comparison_panel(c, lang, panel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::Answer;
    use crate::family::platforms::ServiceDef;

    fn shop() -> Comparison {
        Comparison {
            id: "shop".into(),
            title: "Shop".into(),
            levels: vec![5, 50, 500, 2000],
            services: vec![
                ServiceDef {
                    name: "web-api".into(),
                    vcpu: 0.5,
                    memory_gb: 2.0,
                    share_percent: 100.0,
                    serves_rps: 25.0,
                    min_units: 2,
                },
                ServiceDef {
                    name: "orders".into(),
                    vcpu: 0.25,
                    memory_gb: 0.5,
                    share_percent: 20.0,
                    serves_rps: 40.0,
                    min_units: 2,
                },
            ],
        }
    }

    fn all() -> Comparisons {
        Comparisons {
            comparisons: vec![shop()],
        }
    }

    fn answer(input: &str, a: Answer) -> Answers {
        [(input.to_string(), a)].into_iter().collect()
    }

    #[test]
    fn the_cheapest_changes_with_traffic() {
        let c = shop();
        assert_eq!(cheapest(&c, 5).unwrap().platform, CostPlatform::EcsFargate);
        assert_eq!(cheapest(&c, 2000).unwrap().platform, CostPlatform::EksEc2);
        let check = PlatformsCheck::Cheapest(CheapestCheck {
            input: "cheapest".into(),
            comparison: "shop".into(),
            level: 2000,
        });
        let right = grade(
            &check,
            &all(),
            &answer("cheapest", Answer::Text("eks-ec2".into())),
        );
        assert_eq!(right.verdict, Verdict::Correct);
        let wrong = grade(
            &check,
            &all(),
            &answer("cheapest", Answer::Text("ecs-fargate".into())),
        );
        let Verdict::Unmet(w) = wrong.verdict else {
            panic!("unmet expected");
        };
        let text = w.get(Lang::En).to_string();
        assert!(text.contains("ECS on Fargate costs $"), "{text}");
        assert!(text.contains("EKS with EC2 nodes"), "{text}");
        let none = grade(&check, &all(), &Answers::new());
        assert_eq!(none.verdict, Verdict::NotAnswered);
    }

    #[test]
    fn a_cost_or_a_difference_is_graded_against_the_engine() {
        let c = shop();
        // At 5 requests a second: 2 + 2 pods on the minimum 2 nodes, $140.16 + $73 + $16.425.
        let eks = cost_of(&c, 5, "eks-ec2").unwrap();
        assert!((eks - 229.585).abs() < 1e-6);
        let ecs = cost_of(&c, 5, "ecs-fargate").unwrap();
        let check = PlatformsCheck::Cost(CostCheck {
            input: "gap".into(),
            comparison: "shop".into(),
            platform: "eks-ec2".into(),
            level: 5,
            minus: Some("ecs-fargate".into()),
            tolerance: 1.0,
        });
        let right = grade(
            &check,
            &all(),
            &answer("gap", Answer::Number(eks - ecs + 0.5)),
        );
        assert_eq!(right.verdict, Verdict::Correct);
        let wrong = grade(&check, &all(), &answer("gap", Answer::Number(eks)));
        assert!(!wrong.verdict.passed());
    }

    #[test]
    fn the_panel_has_the_rows_and_the_sources() {
        let mut p = Panel::default();
        comparison_panel(&shop(), Lang::En, &mut p);
        let table = p
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Table { head, rows, .. } if head.len() == 5 && rows.len() > 4 => {
                    Some((head, rows))
                }
                _ => None,
            })
            .expect("the comparison table");
        assert_eq!(table.0[1], "ECS on Fargate");
        let firsts: Vec<&str> = table.1.iter().map(|r| r[0].text.as_str()).collect();
        assert_eq!(firsts[0], "What you manage");
        assert_eq!(firsts[3], "Portability");
        assert_eq!(firsts.len(), 4 + 1 + 4);
        // The cheapest cell at 2000 requests a second is EKS with EC2 nodes, in green.
        let last = table.1.last().unwrap();
        assert_eq!(last[3].tone, Tone::Good);
        assert_eq!(last[1].tone, Tone::Plain);
        assert!(p.blocks.iter().any(|b| matches!(
            b,
            Block::Note { text, .. } if text.contains("2026-11-30") && text.contains("us-east-1")
        )));
        assert!(p.blocks.iter().any(|b| matches!(
            b,
            Block::Note { text, .. } if text.contains("no longer open to new customers")
        )));
        let d = p
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Drawing(d) => Some(d),
                _ => None,
            })
            .expect("the cost drawing");
        let bars: Vec<Tone> = d
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Bar { tone, .. } => Some(*tone),
                _ => None,
            })
            .collect();
        // Four levels, four platforms each, one green per level.
        assert_eq!(bars.len(), 16);
        assert_eq!(bars.iter().filter(|t| **t == Tone::Good).count(), 4);
        let mut vi = Panel::default();
        comparison_panel(&shop(), Lang::Vi, &mut vi);
        assert_eq!(vi.blocks.len(), p.blocks.len());
        assert!(vi.blocks.iter().any(|b| matches!(
            b,
            Block::Note { text, .. } if text.contains("$0,04048") && text.contains("$0,10")
        )));
    }
}
