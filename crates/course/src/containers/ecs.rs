//! ecs: findings of task and service definitions in words (English and Vietnamese).
//!
//! Each rule of `engine::ecs` with its message in every language, and the one-line form tools
//! print (`file:line:column: error: message [rule-id]`). ECS's own names (parameters,
//! FARGATE, awsvpc, CODE_DEPLOY…) stay as ECS writes them.
use engine::ecs::{Diagnostic, Rule, Service, TaskDefinition};

use crate::finding::kind;
use crate::lang::{Lang, T};

/// Why the task execution role is needed, in words.
fn execution_role_reason(code: &str) -> T {
    match code {
        "ecr" => t!(
            "Fargate pulls this private Amazon ECR image with the task execution role",
            "Fargate pull image private từ Amazon ECR này bằng task execution role"
        ),
        "awslogs" => t!(
            "Fargate sends awslogs logs to CloudWatch Logs with the task execution role",
            "Fargate gửi log của awslogs lên CloudWatch Logs bằng task execution role"
        ),
        "secrets" => t!(
            "ECS reads secrets from Secrets Manager or Parameter Store with the task execution role",
            "ECS đọc secrets từ Secrets Manager hoặc Parameter Store bằng task execution role"
        ),
        _ => t!(
            "ECS reads the private registry's credentials with the task execution role",
            "ECS đọc credentials của private registry bằng task execution role"
        ),
    }
}

/// What Fargate does not support, in words.
fn fargate_unsupported(code: &str) -> T {
    match code {
        "pidMode-host" => t!(
            "the host PID mode (pidMode host)",
            "PID mode của host (pidMode host)"
        ),
        "ipcMode" => t!("an IPC mode (ipcMode)", "IPC mode (ipcMode) riêng"),
        "privileged" => t!("privileged containers", "container privileged"),
        "links" => t!(
            "links (they need the bridge network mode)",
            "links (cần network mode bridge)"
        ),
        "docker-volume" => t!(
            "Docker volumes (dockerVolumeConfiguration)",
            "các Docker volume (dockerVolumeConfiguration)"
        ),
        "log-driver" => t!(
            "this log driver (Fargate takes awslogs, splunk and awsfirelens)",
            "log driver này (Fargate chỉ nhận awslogs, splunk và awsfirelens)"
        ),
        _ => t!("this parameter", "tham số này"),
    }
}

/// The expected form of an ARN, in words.
fn arn_form(code: &str) -> T {
    match code {
        "iam-role" => t!("an IAM role ARN (arn:aws:iam::<account>:role/<name>)", "một IAM role ARN (arn:aws:iam::<account>:role/<name>)"),
        "target-group" => t!("a target group ARN (arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>)", "một target group ARN (arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>)"),
        _ => t!("an ARN", "một ARN"),
    }
}

/// Why a key is required, in words (empty when always).
fn condition(code: &str, lang: Lang) -> String {
    let t = match code {
        "replica" => t!(
            "required for the REPLICA scheduling strategy",
            "bắt buộc với scheduling strategy REPLICA"
        ),
        "blue-green" => t!(
            "required for the BLUE_GREEN strategy",
            "bắt buộc với strategy BLUE_GREEN"
        ),
        _ => return String::new(),
    };
    format!(" ({})", t.get(lang))
}

/// The memory values Fargate allows with a cpu, from the finding's value (`512|1024|2048`
/// or `min-max/step`), in words.
fn allowed_memory(code: &str, lang: Lang) -> String {
    if let Some((range, step)) = code.split_once('/') {
        let (min, max) = range.split_once('-').unwrap_or((range, range));
        t!(
            "from {min} to {max} MiB in steps of {step} MiB",
            "từ {min} đến {max} MiB, mỗi bước {step} MiB"
        )
        .fill(lang, &[("min", &min), ("max", &max), ("step", &step)])
    } else {
        let values: Vec<&str> = code.split('|').collect();
        match values.split_last() {
            Some((last, rest)) if !rest.is_empty() => {
                t!("{list} or {last} MiB", "{list} hoặc {last} MiB")
                    .fill(lang, &[("list", &rest.join(", ")), ("last", last)])
            }
            _ => format!("{code} MiB"),
        }
    }
}

/// A finding's message in `lang`, its values filled in.
pub fn message(d: &Diagnostic, lang: Lang) -> String {
    let arg = |i: usize| d.args.get(i).map(String::as_str).unwrap_or("");
    let near = |i: usize| crate::finding::near(arg(i), lang);
    let place = |i: usize| {
        if arg(i).is_empty() {
            t!("the top level", "cấp cao nhất").get(lang).to_string()
        } else {
            arg(i).to_string()
        }
    };
    let (template, extra): (T, String) = match d.rule {
        Rule::Syntax => (t!("not valid JSON: {a}", "không phải JSON hợp lệ: {a}"), String::new()),
        Rule::NotATaskDefinition => (t!("a task definition is a mapping with family and containerDefinitions (or describe-task-definition's output with taskDefinition), not {k}", "một task definition là một mapping có family và containerDefinitions (hoặc output của describe-task-definition có taskDefinition), không phải {k}"), String::new()),
        Rule::NotAService => (t!("a service definition is a mapping with serviceName, taskDefinition and desiredCount (create-service's input), not {k}", "một service definition là một mapping có serviceName, taskDefinition và desiredCount (input của create-service), không phải {k}"), String::new()),
        Rule::DuplicateKey => (t!("\"{a}\" is written twice in this mapping", "\"{a}\" được viết hai lần trong mapping này"), String::new()),
        Rule::UnknownKey => (t!("\"{b}\" is not a parameter of {p}", "\"{b}\" không phải là một tham số của {p}"), near(2)),
        Rule::MissingKey => (t!("{p} needs {b}", "{p} cần có {b}"), condition(arg(2), lang)),
        Rule::WrongType => (t!("{a} must be {e}, not {f}", "{a} phải là {e}, không phải {f}"), String::new()),
        Rule::BadValue => (t!("{a} is \"{b}\": use one of {c}", "{a} là \"{b}\": hãy dùng một trong {c}"), String::new()),
        Rule::OutOfRange if arg(3).is_empty() => (t!("{a} is {b}: it must be at least {c}", "{a} là {b}: giá trị phải ít nhất là {c}"), String::new()),
        Rule::OutOfRange => (t!("{a} is {b}: it must be between {c} and {d}", "{a} là {b}: giá trị phải nằm trong khoảng {c} đến {d}"), String::new()),
        Rule::BadName => (t!("{a} \"{b}\": up to {c} letters, numbers, underscores and hyphens are allowed", "{a} \"{b}\": chỉ được dùng tối đa {c} chữ cái, chữ số, dấu gạch dưới và gạch ngang"), String::new()),
        Rule::BadArn => (t!("{a} is \"{b}\", which is not {form}", "{a} là \"{b}\", không phải {form}"), String::new()),
        Rule::DuplicateContainer => (t!("two containers are named \"{a}\": container names must be unique in a task definition", "hai container cùng tên \"{a}\": tên container phải là duy nhất trong một task definition"), String::new()),
        Rule::NoEssential => (t!("no container is essential: every task definition needs at least one essential container", "không có container nào essential: mỗi task definition cần ít nhất một container essential"), String::new()),
        Rule::TaskCpu => (t!("task cpu \"{a}\" is not a value ECS reads: write CPU units (256, 1024…) or vCPUs (\"1 vCPU\"), between 128 and 196608 units", "task cpu \"{a}\" không phải giá trị ECS đọc được: hãy viết CPU units (256, 1024…) hoặc vCPU (\"1 vCPU\"), từ 128 đến 196608 units"), String::new()),
        Rule::TaskMemory => (t!("task memory \"{a}\" is not a value ECS reads: write MiB (512, 2048…) or GB (\"2 GB\")", "task memory \"{a}\" không phải giá trị ECS đọc được: hãy viết MiB (512, 2048…) hoặc GB (\"2 GB\")"), String::new()),
        Rule::FargateCpu => (t!("Fargate has no task size with cpu {a}: use 256, 512, 1024, 2048, 4096, 8192 or 16384", "Fargate không có task size với cpu {a}: hãy dùng 256, 512, 1024, 2048, 4096, 8192 hoặc 16384"), String::new()),
        Rule::FargateMemory => (t!("Fargate does not run cpu {a} with memory {b} MiB: with {a} CPU units the memory is {mem} (Invalid 'cpu' setting for task)", "Fargate không chạy cpu {a} với memory {b} MiB: với {a} CPU units, memory phải là {mem} (Invalid 'cpu' setting for task)"), String::new()),
        Rule::FargateSize => (t!("a Fargate task needs a task-level {a}", "một task Fargate cần {a} ở cấp task"), String::new()),
        Rule::FargateWindowsCpu => (t!("Windows containers on Fargate need at least 1 vCPU (1024 CPU units), not {a}", "Windows container trên Fargate cần ít nhất 1 vCPU (1024 CPU units), không phải {a}"), String::new()),
        Rule::FargateNetworkMode => (t!("Fargate tasks need the awsvpc network mode, not {a}", "task Fargate cần network mode awsvpc, không phải {a}"), String::new()),
        Rule::FargateUnsupported => (t!("{a}: Fargate does not support {what}", "{a}: Fargate không hỗ trợ {what}"), String::new()),
        Rule::HostPort => (t!("{a}: in {d} network mode the hostPort must equal the containerPort ({b}) or be left out, not {c}", "{a}: ở network mode {d}, hostPort phải bằng containerPort ({b}) hoặc bỏ trống, không phải {c}"), String::new()),
        Rule::ContainerMemory => (t!("container {a} needs memory or memoryReservation: the task has no task-level memory", "container {a} cần memory hoặc memoryReservation: task không có memory ở cấp task"), String::new()),
        Rule::MemoryReservation => (t!("container {a}: memoryReservation ({b} MiB) must be less than memory ({c} MiB)", "container {a}: memoryReservation ({b} MiB) phải nhỏ hơn memory ({c} MiB)"), String::new()),
        Rule::MemoryTooSmall => (t!("{a} is {b} MiB: Docker needs at least 6 MiB for a container", "{a} là {b} MiB: Docker cần ít nhất 6 MiB cho một container"), String::new()),
        Rule::CpuSum => (t!("the containers reserve {a} CPU units in all, more than the task's cpu ({b})", "các container reserve tổng cộng {a} CPU units, nhiều hơn cpu của task ({b})"), String::new()),
        Rule::MemorySum => (t!("the containers' memory adds up to {a} MiB, more than the task's memory ({b} MiB)", "memory của các container cộng lại là {a} MiB, nhiều hơn memory của task ({b} MiB)"), String::new()),
        Rule::HealthCheckCommand => (t!("{a} starts with \"{b}\": a health check command is CMD followed by the command and its arguments, or CMD-SHELL followed by a shell command", "{a} bắt đầu bằng \"{b}\": health check command là CMD rồi tới command và các tham số, hoặc CMD-SHELL rồi tới một shell command"), String::new()),
        Rule::ExecutionRole => (t!("{a}: the task definition needs an executionRoleArn, because {why}", "{a}: task definition cần executionRoleArn, vì {why}"), String::new()),
        Rule::SecretValueFrom => (t!("{a} is \"{b}\": valueFrom is a Secrets Manager secret ARN, a Systems Manager parameter ARN, or a parameter's name", "{a} là \"{b}\": valueFrom là ARN của một secret trong Secrets Manager, ARN của một parameter trong Systems Manager, hoặc tên của parameter"), String::new()),
        Rule::DependsOnUnknown => (t!("container {a} depends on \"{b}\", which is not another container of this task", "container {a} phụ thuộc vào \"{b}\", không phải một container khác của task này"), near(2)),
        Rule::DependsOnHealthy => (t!("container {a} waits for {b} to be HEALTHY, but {b} has no healthCheck", "container {a} chờ {b} HEALTHY, nhưng {b} không có healthCheck"), String::new()),
        Rule::DependsOnEssential => (t!("container {a} waits for {b} to {c}, but {b} is essential: COMPLETE and SUCCESS cannot be set on an essential container (make it \"essential\": false)", "container {a} chờ {b} {c}, nhưng {b} là essential: không đặt được COMPLETE và SUCCESS cho một container essential (hãy đặt \"essential\": false)"), String::new()),
        Rule::AwslogsOption if arg(2) == "fargate" => (t!("{a}: the awslogs driver needs the {b} option on Fargate", "{a}: trên Fargate, awslogs driver cần option {b}"), String::new()),
        Rule::AwslogsOption => (t!("{a}: the awslogs driver needs the {b} option", "{a}: awslogs driver cần option {b}"), String::new()),
        Rule::MountVolume => (t!("{a}: sourceVolume \"{b}\" is not one of the task's volumes", "{a}: sourceVolume \"{b}\" không phải là một volume của task"), near(2)),
        Rule::DuplicateVolume => (t!("two volumes are named \"{a}\"", "hai volume cùng tên \"{a}\""), String::new()),
        Rule::PortTaken => (t!("container {a}: host port {b}/{c} is already mapped by another port mapping of this task", "container {a}: host port {b}/{c} đã được một port mapping khác của task này dùng"), String::new()),
        Rule::LaunchTypeAndStrategy => (t!("a service has either a launchType or a capacityProviderStrategy, not both", "một service chỉ có launchType hoặc capacityProviderStrategy, không có cả hai"), String::new()),
        Rule::GracePeriodNoLoadBalancer => (t!("healthCheckGracePeriodSeconds ({a}) is for a service with a load balancer: without one, give the container health check a startPeriod", "healthCheckGracePeriodSeconds ({a}) dành cho service có load balancer: nếu không có, hãy đặt startPeriod cho container health check"), String::new()),
        Rule::DaemonUnsupported if arg(0) == "fargate" => (t!("the DAEMON scheduling strategy does not run on Fargate: use REPLICA", "scheduling strategy DAEMON không chạy trên Fargate: hãy dùng REPLICA"), String::new()),
        Rule::DaemonUnsupported => (t!("the DAEMON scheduling strategy does not work with the {a} deployment controller", "scheduling strategy DAEMON không dùng được với deployment controller {a}"), String::new()),
        Rule::DaemonDesiredCount => (t!("desiredCount ({a}) is not used by a DAEMON service: it runs one task on each container instance", "service DAEMON không dùng desiredCount ({a}): nó chạy một task trên mỗi container instance"), String::new()),
        Rule::ControllerOnly => (t!("{a} works only with the ECS deployment controller, not {b}", "{a} chỉ dùng được với deployment controller ECS, không phải {b}"), String::new()),
        Rule::StrategyOnly => (t!("{a} belongs to the {b} deployment strategy, but the strategy is {c}", "{a} thuộc về deployment strategy {b}, nhưng strategy đang là {c}"), String::new()),
        Rule::BlueGreenLoadBalancer => (t!("{a}: a {b} deployment shifts traffic between two target groups: add advancedConfiguration with alternateTargetGroupArn, productionListenerRule and roleArn", "{a}: deployment {b} chuyển traffic giữa hai target group: hãy thêm advancedConfiguration với alternateTargetGroupArn, productionListenerRule và roleArn"), String::new()),
        Rule::RollbackWithoutEnable => (t!("{a}: rollback is true but enable is false, so it never rolls back", "{a}: rollback là true nhưng enable là false, nên sẽ không bao giờ rollback"), String::new()),
        Rule::DeploymentStuck => (t!("with {a} desired tasks, at least {b} must stay running and at most {c} may run: a rolling deployment can neither start a new task nor stop an old one", "với {a} task mong muốn, ít nhất {b} task phải luôn chạy và tối đa {c} task được chạy: rolling deployment không thể khởi động task mới cũng không thể dừng task cũ"), String::new()),
        Rule::NetworkConfiguration => (t!("a Fargate service needs networkConfiguration.awsvpcConfiguration with its subnets (Fargate tasks use the awsvpc network mode)", "một service Fargate cần networkConfiguration.awsvpcConfiguration với các subnet (task Fargate dùng network mode awsvpc)"), String::new()),
        Rule::PlatformVersion => (t!("platformVersion \"{a}\" is only for Fargate: the launch type is {b}", "platformVersion \"{a}\" chỉ dành cho Fargate: launch type đang là {b}"), String::new()),
        Rule::Quota => (t!("{a} has {b} items: ECS allows at most {c}", "{a} có {b} phần tử: ECS cho phép tối đa {c}"), String::new()),
    };
    let text = template.fill(
        lang,
        &[
            ("a", &arg(0)),
            ("b", &arg(1)),
            ("c", &arg(2)),
            ("d", &arg(3)),
            ("p", &place(0)),
            ("e", &kind(arg(1)).get(lang)),
            ("f", &kind(arg(2)).get(lang)),
            ("k", &kind(arg(0)).get(lang)),
            ("why", &execution_role_reason(arg(1)).get(lang)),
            ("what", &fargate_unsupported(arg(1)).get(lang)),
            ("form", &arn_form(arg(2)).get(lang)),
            ("mem", &allowed_memory(arg(2), lang)),
        ],
    );
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

/// A task definition's size in one sentence: family, cpu and memory, containers.
pub fn task_summary(t: &TaskDefinition, lang: Lang) -> String {
    let cpu = t.cpu.map_or("-".to_string(), |c| c.to_string());
    let memory = t.memory.map_or("-".to_string(), |m| m.to_string());
    t!(
        "Task definition {family}: cpu {cpu} units, memory {memory} MiB, {n} container(s), network mode {mode}",
        "Task definition {family}: cpu {cpu} units, memory {memory} MiB, gồm {n} container, network mode {mode}"
    )
    .fill(
        lang,
        &[
            ("family", &t.family),
            ("cpu", &cpu),
            ("memory", &memory),
            ("n", &t.containers.len()),
            ("mode", &t.network_mode),
        ],
    )
}

/// A service's rolling deployment bounds in one sentence.
pub fn service_summary(s: &Service, lang: Lang) -> String {
    t!(
        "Service {name}: {desired} desired task(s); during a deployment at least {min} running (minimumHealthyPercent {minp}%) and at most {max} (maximumPercent {maxp}%)",
        "Service {name}: {desired} task mong muốn; trong lúc deployment có ít nhất {min} task chạy (minimumHealthyPercent {minp}%) và tối đa {max} task (maximumPercent {maxp}%)"
    )
    .fill(
        lang,
        &[
            ("name", &s.name),
            ("desired", &s.desired_count),
            ("min", &s.min_running()),
            ("minp", &s.min_healthy_percent),
            ("max", &s.max_running()),
            ("maxp", &s.max_percent),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::ecs::{validate_service, validate_task_definition, Pos};

    #[test]
    fn every_rule_is_worded_in_both_languages() {
        for rule in Rule::ALL {
            for args in [
                vec!["a", "b", "c", "d"],
                vec!["", "", "", ""],
                vec!["fargate", "ecr", "iam-role", ""],
            ] {
                let d = Diagnostic {
                    pos: Pos { line: 1, col: 1 },
                    rule: *rule,
                    args: args.iter().map(|s| s.to_string()).collect(),
                };
                let en = message(&d, Lang::En);
                let vi = message(&d, Lang::Vi);
                assert!(!en.trim().is_empty() && !vi.trim().is_empty(), "{rule:?}");
                assert_ne!(en, vi, "{rule:?} is not translated");
                assert!(!en.contains('{') || en.contains("{\""), "{rule:?}: {en}");
            }
        }
    }

    #[test]
    fn findings_print_as_one_line() {
        let r = validate_task_definition(
            "{\"family\": \"web\", \"requiresCompatibilities\": [\"FARGATE\"], \"networkMode\": \"awsvpc\",\n \"cpu\": \"1024\", \"memory\": \"1024\",\n \"containerDefinitions\": [{\"name\": \"web\", \"image\": \"nginx\", \"memori\": 5}]}",
        );
        let lines: Vec<String> = r
            .diagnostics
            .iter()
            .map(|d| line("task.json", d, Lang::En))
            .collect();
        assert_eq!(
            lines,
            vec![
                "task.json:2:27: error: Fargate does not run cpu 1024 with memory 1024 MiB: with 1024 CPU units the memory is from 2048 to 8192 MiB in steps of 1024 MiB (Invalid 'cpu' setting for task) [fargate-memory]",
                "task.json:3:61: error: \"memori\" is not a parameter of containerDefinitions[0] (web) (did you mean memory?) [unknown-key]",
            ]
        );
        let vi = line("task.json", &r.diagnostics[1], Lang::Vi);
        assert!(vi.contains("có phải ý bạn là memory?"), "{vi}");
    }

    #[test]
    fn fargate_memory_is_worded() {
        assert_eq!(
            allowed_memory("512|1024|2048", Lang::En),
            "512, 1024 or 2048 MiB"
        );
        assert_eq!(
            allowed_memory("16384-61440/4096", Lang::Vi),
            "từ 16384 đến 61440 MiB, mỗi bước 4096 MiB"
        );
    }

    #[test]
    fn summaries() {
        let s = validate_service("{\"serviceName\": \"web\", \"taskDefinition\": \"web\", \"desiredCount\": 3, \"deploymentConfiguration\": {\"minimumHealthyPercent\": 50}}")
            .service
            .unwrap();
        assert_eq!(
            service_summary(&s, Lang::En),
            "Service web: 3 desired task(s); during a deployment at least 2 running (minimumHealthyPercent 50%) and at most 6 (maximumPercent 200%)"
        );
        assert!(service_summary(&s, Lang::Vi).contains("ít nhất 2 task chạy"));
        let t = validate_task_definition("{\"family\": \"f\", \"cpu\": \"1 vCPU\", \"memory\": \"2 GB\", \"containerDefinitions\": [{\"name\": \"a\", \"image\": \"b\"}]}")
            .task
            .unwrap();
        assert_eq!(
            task_summary(&t, Lang::En),
            "Task definition f: cpu 1024 units, memory 2048 MiB, 1 container(s), network mode bridge"
        );
    }
}
