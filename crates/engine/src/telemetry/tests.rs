use super::*;
use crate::alarm::{evaluate, AlarmConfig, AlarmState, ComparisonOperator, Statistic};
use crate::deploy::Traffic;

/// A quiet system: steady traffic, no background errors, everything logged and traced.
fn quiet(duration_s: u32, rps: f64) -> Scenario {
    let mut sc = Scenario::new(duration_s);
    sc.system.traffic = Traffic::Steady { rps };
    for s in &mut sc.system.services {
        s.error_percent = 0.0;
    }
    sc.logs.sample_percent = 100.0;
    sc.traces.sampling = TraceSampling::All;
    sc
}

fn values(run: &Run, ns: &str, name: &str, dim: &str, stat: Statistic) -> Vec<Option<f64>> {
    run.metric(ns, name, dim)
        .unwrap_or_else(|| panic!("{ns} {name} {dim}"))
        .values(stat)
}

/// The mean of the present values of minutes `[from, to)`.
fn mean(v: &[Option<f64>], from: usize, to: usize) -> f64 {
    let xs: Vec<f64> = v[from..to].iter().flatten().copied().collect();
    xs.iter().sum::<f64>() / xs.len().max(1) as f64
}

fn sum(v: &[Option<f64>], from: usize, to: usize) -> f64 {
    v[from..to].iter().flatten().sum()
}

fn app_lines<'a>(run: &'a Run, group: &'a str) -> Vec<&'a LogEvent> {
    run.group(group)
        .filter(|e| e.message.starts_with("{\"timestamp\""))
        .collect()
}

#[test]
fn the_same_seed_gives_the_same_run_and_another_seed_another() {
    let mut sc = Scenario::new(300);
    sc.logs.sample_percent = 20.0;
    let a = simulate(&sc).unwrap();
    let b = simulate(&sc).unwrap();
    assert_eq!(a, b);
    sc.seed = 2;
    let c = simulate(&sc).unwrap();
    assert_ne!(a.metrics, c.metrics);
    assert_ne!(a.logs, c.logs);
}

#[test]
fn sampling_changes_no_metric() {
    let mut sc = Scenario::new(300);
    let a = simulate(&sc).unwrap();
    sc.logs.sample_percent = 100.0;
    sc.traces.sampling = TraceSampling::Off;
    let b = simulate(&sc).unwrap();
    assert_eq!(a.metrics, b.metrics);
    assert!(b.traces.is_empty());
    assert!(b.logs.len() > a.logs.len());
}

#[test]
fn every_signal_counts_the_same_requests() {
    let mut sc = quiet(600, 15.0);
    // Some failures, so the error counts are compared too.
    sc.faults.push(Injected {
        fault: Fault::BadFlag {
            flag: "new-cart".into(),
            service: "web".into(),
            route: "POST /checkout".into(),
            error_percent: 30.0,
        },
        start_s: 100,
        end_s: None,
    });
    let run = simulate(&sc).unwrap();
    let lb = &sc.system.load_balancer;
    let requests = run
        .metric("AWS/ApplicationELB", "RequestCount", lb)
        .unwrap()
        .total();
    assert_eq!(requests, run.totals.requests as f64);
    assert!(run.totals.requests > 8_000);
    // The access log has a line per request.
    let access: Vec<_> = run
        .logs
        .iter()
        .filter(|e| e.log_group.starts_with("alb-access-logs/"))
        .collect();
    assert_eq!(access.len() as u64, run.totals.requests);
    // web logs every request that reached it, and its 5xx are the target 5xx.
    let web = app_lines(&run, "/ecs/web");
    assert_eq!(web.len() as u64, run.totals.requests - run.totals.elb_5xx);
    let web_5xx = web
        .iter()
        .filter(|e| e.message.contains("\"status\":5"))
        .count() as f64;
    let target_5xx = run
        .metric("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", lb)
        .unwrap()
        .total();
    assert_eq!(web_5xx, target_5xx);
    assert!(target_5xx > 50.0);
    // One trace per request, one web segment per request served.
    assert_eq!(run.traces.len() as u64, run.totals.requests);
    let web_segments = run
        .traces
        .iter()
        .flat_map(|t| &t.segments)
        .filter(|s| s.name == "web")
        .count();
    assert_eq!(web_segments, web.len());
    // The EMF custom metric counts the same requests.
    let emf = run.metric("Shop", "Requests", "web").unwrap().total();
    assert_eq!(emf, web.len() as f64);
    let emf_errors = run.metric("Shop", "Errors", "web").unwrap().total();
    assert_eq!(emf_errors, web_5xx);
    // Lambda: an invocation = a REPORT line = a segment.
    let invocations = run
        .metric("AWS/Lambda", "Invocations", "payments")
        .unwrap()
        .total();
    let reports = run
        .group("/aws/lambda/payments")
        .filter(|e| e.message.starts_with("REPORT RequestId: "))
        .count();
    let segments = run
        .traces
        .iter()
        .flat_map(|t| &t.segments)
        .filter(|s| s.name == "payments")
        .count();
    assert_eq!(invocations, reports as f64);
    assert_eq!(reports, segments);
    // RDS: a read latency sample per SELECT subsegment.
    let reads = run
        .metric("AWS/RDS", "ReadLatency", "orders-db")
        .unwrap()
        .values(Statistic::SampleCount);
    let selects = run
        .traces
        .iter()
        .flat_map(|t| &t.segments)
        .flat_map(|s| &s.subsegments)
        .filter(|s| s.sql.as_deref() == Some("SELECT"))
        .count();
    assert_eq!(sum(&reads, 0, reads.len()), selects as f64);
    // SQS: messages sent = worker invocations (the queue drains).
    let sent = run
        .metric("AWS/SQS", "NumberOfMessagesSent", "orders-queue")
        .unwrap()
        .total();
    let worker = run
        .metric("AWS/Lambda", "Invocations", "worker")
        .unwrap()
        .total();
    assert!(
        sent > 0.0 && sent - worker <= 20.0,
        "{sent} sent, {worker} consumed"
    );
    // The trace id is in the logs of the same request, and in X-Ray's format.
    let trace = &run.traces[100];
    assert!(web.iter().any(|e| e.message.contains(&trace.id)));
    let parts: Vec<&str> = trace.id.split('-').collect();
    assert_eq!(parts.len(), 3);
    assert_eq!(parts[0], "1");
    assert_eq!(parts[1].len(), 8);
    assert_eq!(parts[2].len(), 24);
    assert!(parts[1..]
        .iter()
        .all(|p| p.chars().all(|c| c.is_ascii_hexdigit())));
    // The graph counts the traces' segments.
    let node = run.graph.nodes.iter().find(|n| n.name == "web").unwrap();
    assert_eq!(node.requests as usize, web_segments);
    assert!(run
        .graph
        .edges
        .iter()
        .any(|e| e.from == "orders" && e.to == "orders-db"));
    assert!(run
        .graph
        .edges
        .iter()
        .any(|e| e.from == "orders-queue" && e.to == "worker"));
}

#[test]
fn log_lines_have_the_documented_shapes() {
    let run = simulate(&quiet(120, 10.0)).unwrap();
    let report = run
        .group("/aws/lambda/payments")
        .find(|e| e.message.starts_with("REPORT"))
        .unwrap();
    let m = &report.message;
    assert!(
        m.contains("\tDuration: ")
            && m.contains(" ms\tBilled Duration: ")
            && m.contains("\tMemory Size: 512 MB\tMax Memory Used: "),
        "{m}"
    );
    let start = run
        .group("/aws/lambda/payments")
        .find(|e| e.message.starts_with("START"))
        .unwrap();
    assert!(start.message.ends_with(" Version: $LATEST\n"));
    let access = run
        .logs
        .iter()
        .find(|e| e.log_group.starts_with("alb-access-logs/"))
        .unwrap();
    assert!(
        access.message.starts_with("http 2026-01-05T00:00:"),
        "{}",
        access.message
    );
    assert!(access.message.contains(" app/shop-alb/50dc6c495c0c9188 "));
    assert!(access.message.contains("\"Root=1-"));
    let emf = run
        .group("/ecs/orders")
        .find(|e| e.message.starts_with("{\"_aws\""))
        .unwrap();
    assert!(emf
        .message
        .contains("\"CloudWatchMetrics\":[{\"Namespace\":\"Shop\",\"Dimensions\":[[\"Service\"]]"));
    // Logs are in time order.
    assert!(run
        .logs
        .windows(2)
        .all(|w| w[0].timestamp_ms <= w[1].timestamp_ms));
}

#[test]
fn default_trace_sampling_is_a_reservoir_of_one_a_second_and_five_percent() {
    let mut sc = quiet(600, 40.0);
    sc.traces.sampling = TraceSampling::Default;
    sc.logs.sample_percent = 0.0;
    let run = simulate(&sc).unwrap();
    let expected = 600.0 + (run.totals.requests as f64 - 600.0) * 0.05;
    let traced = run.traces.len() as f64;
    assert!(
        (traced - expected).abs() < expected * 0.1,
        "{traced} traced, {expected} expected"
    );
    assert!(run.logs.is_empty());
}

/// Minutes 0–9 healthy, a fault from minute 10, a mitigation at minute 20, 30 minutes in all.
fn drill(fault: Fault, mitigation: Mitigation, rps: f64) -> (Scenario, Run) {
    let mut sc = quiet(1_800, rps);
    sc.logs.sample_percent = 0.0;
    sc.traces.sampling = TraceSampling::Default;
    sc.faults.push(Injected {
        fault,
        start_s: 600,
        end_s: None,
    });
    sc.mitigations.push(Applied {
        mitigation,
        at_s: 1_200,
    });
    let run = simulate(&sc).unwrap();
    (sc, run)
}

fn p99_of(run: &Run, service: &str, from_s: f64, to_s: f64) -> f64 {
    let start = 1_767_571_200.0;
    let mut d: Vec<f64> = run
        .traces
        .iter()
        .flat_map(|t| &t.segments)
        .filter(|s| {
            s.name == service && s.start_time >= start + from_s && s.start_time < start + to_s
        })
        .map(|s| s.end_time - s.start_time)
        .collect();
    d.sort_by(f64::total_cmp);
    assert!(d.len() > 20, "{} samples of {service}", d.len());
    d[(d.len() * 99).div_ceil(100) - 1]
}

#[test]
fn a_slow_query_shows_in_rds_orders_and_the_load_balancer_but_not_payments() {
    let fault = Fault::SlowQuery {
        service: "orders".into(),
        version: "v2".into(),
        database: "orders-db".into(),
        factor: 40.0,
    };
    let (sc, run) = drill(
        fault,
        Mitigation::Rollback {
            service: "orders".into(),
        },
        20.0,
    );
    let read = values(
        &run,
        "AWS/RDS",
        "ReadLatency",
        "orders-db",
        Statistic::Average,
    );
    assert!(mean(&read, 11, 20) > 10.0 * mean(&read, 0, 10));
    assert!(mean(&read, 21, 30) < 2.0 * mean(&read, 0, 10));
    let lb = sc.system.load_balancer.as_str();
    let trt = values(
        &run,
        "AWS/ApplicationELB",
        "TargetResponseTime",
        lb,
        Statistic::Percentile(99.0),
    );
    assert!(mean(&trt, 11, 20) > 2.0 * mean(&trt, 0, 10));
    assert!(p99_of(&run, "orders", 660.0, 1_200.0) > 3.0 * p99_of(&run, "orders", 0.0, 600.0));
    let pay = values(
        &run,
        "AWS/Lambda",
        "Duration",
        "payments",
        Statistic::Percentile(99.0),
    );
    assert!(mean(&pay, 11, 20) < 1.5 * mean(&pay, 0, 10));
    // The timeline: the deploy, the fault, the rollback that ended it.
    let kinds: Vec<&EventKind> = run.events.iter().map(|e| &e.kind).collect();
    assert!(kinds.contains(&&EventKind::Deploy {
        service: "orders".into(),
        from: "v1".into(),
        to: "v2".into()
    }));
    assert!(kinds.contains(&&EventKind::Rollback {
        service: "orders".into(),
        from: "v2".into(),
        to: "v1".into()
    }));
    assert!(run.events.iter().any(|e| e.at_s == 1_200
        && e.kind
            == EventKind::FaultEnded {
                fault: 0,
                mitigation: Some(0)
            }));
    // An alarm on the p99 of TargetResponseTime fires during the fault and recovers.
    let mut alarm = AlarmConfig::new(
        "TargetResponseTime",
        ComparisonOperator::GreaterThanThreshold,
        2.0 * mean(&trt, 0, 10),
    );
    alarm.statistic = Statistic::Percentile(99.0);
    alarm.evaluation_periods = 3;
    let states = evaluate(&alarm, &trt).unwrap().states;
    assert_eq!(states[9], AlarmState::Ok);
    assert_eq!(states[18], AlarmState::Alarm);
    assert_eq!(states[29], AlarmState::Ok);
}

#[test]
fn a_memory_leak_kills_tasks_until_the_rollback() {
    let fault = Fault::MemoryLeak {
        service: "web".into(),
        version: "v2".into(),
        mb_per_minute: 250.0,
    };
    let (sc, run) = drill(
        fault,
        Mitigation::Rollback {
            service: "web".into(),
        },
        20.0,
    );
    let mem = values(
        &run,
        "AWS/ECS",
        "MemoryUtilization",
        "web",
        Statistic::Maximum,
    );
    assert!(mean(&mem, 0, 10) < 35.0);
    assert!(mem[11..20].iter().flatten().all(|&m| m > 50.0));
    assert!(mem[11..20].iter().flatten().any(|&m| m > 95.0));
    let stops: Vec<u32> = run
        .events
        .iter()
        .filter(|e| matches!(&e.kind, EventKind::TaskStopped { reason, .. } if reason.starts_with("OutOfMemoryError")))
        .map(|e| e.at_s)
        .collect();
    assert!(stops.len() >= 4);
    assert!(stops.iter().all(|&t| (600..1_200).contains(&t)));
    let healthy = values(
        &run,
        "AWS/ApplicationELB",
        "HealthyHostCount",
        &sc.system.target_group,
        Statistic::Minimum,
    );
    assert!(healthy[..20].iter().flatten().any(|&h| h < 4.0));
    assert!(healthy[21..].iter().flatten().all(|&h| h == 4.0));
    assert_eq!(mean(&mem, 21, 30).round(), 30.0);
}

#[test]
fn a_dependency_timing_out_becomes_5xx_until_rolled_back() {
    let fault = Fault::DependencyTimeout {
        service: "payments".into(),
        percent: 50.0,
    };
    let (sc, run) = drill(
        fault,
        Mitigation::Rollback {
            service: "payments".into(),
        },
        20.0,
    );
    let lb = sc.system.load_balancer.as_str();
    let five = values(
        &run,
        "AWS/ApplicationELB",
        "HTTPCode_Target_5XX_Count",
        lb,
        Statistic::Sum,
    );
    assert_eq!(sum(&five, 0, 10), 0.0);
    assert!(sum(&five, 10, 20) > 100.0);
    assert_eq!(sum(&five, 21, 30), 0.0);
    let errors = values(&run, "AWS/Lambda", "Errors", "payments", Statistic::Average);
    assert!(mean(&errors, 11, 20) > 0.3);
    // web gives up after its 3-second timeout: the 504s appear in the traces.
    let timed_out = run
        .traces
        .iter()
        .flat_map(|t| &t.segments)
        .filter(|s| s.name == "web" && s.http.as_ref().is_some_and(|h| h.status == 504))
        .count();
    assert!(timed_out > 0);
}

#[test]
fn a_bad_flag_fails_one_route_only_until_turned_off() {
    let fault = Fault::BadFlag {
        flag: "new-cart".into(),
        service: "web".into(),
        route: "POST /checkout".into(),
        error_percent: 50.0,
    };
    let mut sc = quiet(900, 15.0);
    sc.traces.sampling = TraceSampling::Off;
    sc.faults.push(Injected {
        fault,
        start_s: 300,
        end_s: None,
    });
    sc.mitigations.push(Applied {
        mitigation: Mitigation::FlagOff {
            flag: "new-cart".into(),
        },
        at_s: 600,
    });
    let run = simulate(&sc).unwrap();
    let errors: Vec<&LogEvent> = app_lines(&run, "/ecs/web")
        .into_iter()
        .filter(|e| e.message.contains("\"level\":\"ERROR\""))
        .collect();
    assert!(errors.len() > 50);
    assert!(errors
        .iter()
        .all(|e| e.message.contains("\"route\":\"POST /checkout\"")
            && e.message.contains("FeatureFlagError")));
    let start = 1_767_571_200_000u64;
    assert!(errors
        .iter()
        .all(|e| (start + 300_000..start + 601_000).contains(&e.timestamp_ms)));
    assert!(run.events.iter().any(|e| e.kind
        == EventKind::FlagChanged {
            flag: "new-cart".into(),
            enabled: false
        }));
}

#[test]
fn a_noisy_neighbour_slows_a_share_of_tasks_and_a_rollback_ends_it() {
    let fault = Fault::NoisyNeighbour {
        service: "orders".into(),
        task_percent: 34.0,
        factor: 10.0,
    };
    let (_, run) = drill(
        fault,
        Mitigation::Rollback {
            service: "orders".into(),
        },
        20.0,
    );
    let cpu = values(
        &run,
        "AWS/ECS",
        "CPUUtilization",
        "orders",
        Statistic::Maximum,
    );
    assert!(mean(&cpu, 11, 20) > mean(&cpu, 0, 10) + 15.0);
    assert!(mean(&cpu, 21, 30) < mean(&cpu, 0, 10) + 5.0);
    assert!(p99_of(&run, "orders", 600.0, 1_200.0) > 2.0 * p99_of(&run, "orders", 0.0, 600.0));
    let web_cpu = values(&run, "AWS/ECS", "CPUUtilization", "web", Statistic::Maximum);
    assert!(mean(&web_cpu, 11, 20) < mean(&web_cpu, 0, 10) + 5.0);
}

#[test]
fn throttling_shows_as_lambda_throttles_and_503s_until_the_limit_is_raised() {
    let fault = Fault::Throttling {
        service: "payments".into(),
        concurrency: 1,
    };
    let (sc, run) = drill(
        fault,
        Mitigation::RaiseLimit {
            service: "payments".into(),
            concurrency: 50,
        },
        40.0,
    );
    let throttles = values(&run, "AWS/Lambda", "Throttles", "payments", Statistic::Sum);
    assert_eq!(sum(&throttles, 0, 10), 0.0);
    assert!(sum(&throttles, 10, 20) > 100.0);
    assert_eq!(sum(&throttles, 20, 30), 0.0);
    let lb = sc.system.load_balancer.as_str();
    let five = values(
        &run,
        "AWS/ApplicationELB",
        "HTTPCode_Target_5XX_Count",
        lb,
        Statistic::Sum,
    );
    assert_eq!(sum(&five, 10, 20), sum(&throttles, 10, 20));
    let throttled_subsegments = run
        .traces
        .iter()
        .flat_map(|t| &t.segments)
        .flat_map(|s| &s.subsegments)
        .filter(|s| s.throttle)
        .count();
    assert!(throttled_subsegments > 0);
    assert!(run
        .graph
        .nodes
        .iter()
        .any(|n| n.name == "payments" && n.throttles > 0));
}

#[test]
fn scaling_out_ends_load_balancer_503s() {
    let mut sc = quiet(600, 150.0);
    sc.logs.sample_percent = 0.0;
    sc.traces.sampling = TraceSampling::Off;
    sc.mitigations.push(Applied {
        mitigation: Mitigation::ScaleOut {
            service: "web".into(),
            tasks: 8,
        },
        at_s: 120,
    });
    if let Kind::Ecs { tasks, .. } = &mut sc.system.services[1].kind {
        *tasks = 8;
    }
    let run = simulate(&sc).unwrap();
    let lb = sc.system.load_balancer.as_str();
    let elb = values(
        &run,
        "AWS/ApplicationELB",
        "HTTPCode_ELB_5XX_Count",
        lb,
        Statistic::Sum,
    );
    assert!(sum(&elb, 0, 2) > 1_000.0);
    assert_eq!(sum(&elb, 4, 10), 0.0);
    assert!(run.events.iter().any(|e| e.kind
        == EventKind::Scaled {
            service: "web".into(),
            from: 4,
            to: 8
        }));
}

fn reason(sc: &Scenario) -> Reason {
    simulate(sc).unwrap_err().reason
}

#[test]
fn impossible_systems_are_refused_with_a_reason() {
    let mut sc = Scenario::new(60);
    sc.system.services[0].calls[0].to = "inventory".into();
    assert_eq!(
        reason(&sc),
        Reason::UnknownService {
            name: "inventory".into()
        }
    );
    let err = simulate(&sc).unwrap_err();
    assert_eq!(err.field, "system.services[0].calls[0].to");

    let mut sc = Scenario::new(60);
    sc.system.services[1].calls.push(Call {
        to: "web".into(),
        kind: CallKind::Http,
        percent: 10.0,
        routes: vec![],
    });
    assert_eq!(
        reason(&sc),
        Reason::Cycle {
            path: vec!["web".into(), "orders".into(), "web".into()]
        }
    );

    let mut sc = Scenario::new(60);
    sc.system.endpoints[0].percent = 70.0;
    assert_eq!(reason(&sc), Reason::Shares { total: 110.0 });

    let mut sc = Scenario::new(60);
    sc.system.services[1].calls[0].kind = CallKind::Send;
    assert!(matches!(
        reason(&sc),
        Reason::CallKind {
            kind: CallKind::Send,
            ..
        }
    ));

    let sc = Scenario::new(MAX_DURATION_S + 1);
    assert_eq!(
        reason(&sc),
        Reason::Duration {
            max_s: MAX_DURATION_S
        }
    );

    let mut sc = Scenario::new(86_400);
    sc.logs.sample_percent = 100.0;
    assert!(matches!(reason(&sc), Reason::TooManyLogEvents { .. }));

    let mut sc = Scenario::new(600);
    sc.faults.push(Injected {
        fault: Fault::Throttling {
            service: "web".into(),
            concurrency: 1,
        },
        start_s: 10,
        end_s: None,
    });
    assert_eq!(reason(&sc), Reason::FaultTarget);

    let mut sc = Scenario::new(600);
    sc.faults.push(Injected {
        fault: Fault::BadFlag {
            flag: "f".into(),
            service: "web".into(),
            route: "GET /".into(),
            error_percent: 5.0,
        },
        start_s: 700,
        end_s: None,
    });
    assert_eq!(reason(&sc), Reason::Time);

    let mut sc = Scenario::new(600);
    sc.system.traffic = Traffic::Steady { rps: 5_000.0 };
    sc.duration_s = 86_400;
    assert!(matches!(reason(&sc), Reason::TooManyRequests { .. }));
}

#[test]
fn a_datapoint_percentile_is_within_one_percent() {
    let mut sc = quiet(60, 50.0);
    sc.logs.sample_percent = 0.0;
    let run = simulate(&sc).unwrap();
    let mut exact: Vec<f64> = run
        .traces
        .iter()
        .flat_map(|t| &t.segments)
        .filter(|s| s.name == "web")
        .map(|s| s.end_time - s.start_time)
        .collect();
    exact.sort_by(f64::total_cmp);
    let p99 = exact[(exact.len() * 99).div_ceil(100) - 1];
    let lb = sc.system.load_balancer.as_str();
    let from_metric = values(
        &run,
        "AWS/ApplicationELB",
        "TargetResponseTime",
        lb,
        Statistic::Percentile(99.0),
    )[0]
    .unwrap();
    // Segment times are epoch seconds (about 1e-7 s of rounding).
    assert!(
        (from_metric - p99).abs() <= p99 * 0.0101 + 1e-6,
        "{from_metric} vs {p99}"
    );
}

#[test]
fn a_day_with_the_defaults_is_accepted_and_tracing_every_request_of_it_is_not() {
    let mut sc = Scenario::new(86_400);
    assert_eq!(validate(&sc), Ok(()));
    sc.traces = TraceOptions {
        sampling: TraceSampling::All,
        from_s: 0,
        to_s: None,
    };
    assert!(matches!(reason(&sc), Reason::TooManyTraces { .. }));
}

#[cfg(feature = "serde")]
#[test]
fn a_scenario_and_a_run_survive_postcard() {
    let mut sc = Scenario::new(120);
    sc.faults.push(Injected {
        fault: Fault::Throttling {
            service: "payments".into(),
            concurrency: 1,
        },
        start_s: 30,
        end_s: Some(90),
    });
    let bytes = postcard::to_allocvec(&sc).unwrap();
    let back: Scenario = postcard::from_bytes(&bytes).unwrap();
    assert_eq!(back, sc);
    let run = simulate(&sc).unwrap();
    let bytes = postcard::to_allocvec(&run).unwrap();
    let back: Run = postcard::from_bytes(&bytes).unwrap();
    assert_eq!(back, run);
}

/// A day at the default 20 requests a second (run with `--release -- --ignored` to time it).
#[test]
#[ignore]
fn a_day_of_the_default_system() {
    let run = simulate(&Scenario::new(86_400)).unwrap();
    eprintln!(
        "{} requests, {} log events, {} traces, {} series",
        run.totals.requests,
        run.logs.len(),
        run.traces.len(),
        run.metrics.len()
    );
}

#[test]
fn logs_and_traces_stay_in_their_windows() {
    let mut sc = quiet(300, 10.0);
    sc.logs.from_s = 60;
    sc.logs.to_s = Some(120);
    sc.traces.from_s = 200;
    let run = simulate(&sc).unwrap();
    let start = 1_767_571_200_000u64;
    // Request lines (not the per-minute EMF lines) fall in the window, give or take a request's duration.
    let lines: Vec<&LogEvent> = run
        .logs
        .iter()
        .filter(|e| !e.log_stream.starts_with("emf/"))
        .collect();
    assert!(!lines.is_empty());
    assert!(lines
        .iter()
        .all(|e| (start + 60_000..start + 125_000).contains(&e.timestamp_ms)));
    assert!(run
        .logs
        .iter()
        .filter(|e| e.log_stream.starts_with("emf/"))
        .all(|e| (start + 60_000..start + 120_000).contains(&e.timestamp_ms)));
    assert!(run
        .traces
        .iter()
        .all(|t| t.segments.iter().all(|s| s.start_time >= 1_767_571_400.0)));
    assert_eq!(run.traces.len() as u64, run.totals.traced);
}
