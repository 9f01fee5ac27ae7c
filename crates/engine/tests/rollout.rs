//! The rollout and scaling engine: documented arithmetic, ECS rolling updates and the
//! circuit breaker, Kubernetes rolling updates, scaling under a spike, determinism.

use engine::deploy::Traffic;
use engine::rollout::*;

fn ecs(service: EcsService, next: Option<Image>) -> Scenario {
    Scenario {
        seed: 7,
        duration_s: 1_800,
        traffic: Traffic::Steady { rps: 200.0 },
        spikes: Vec::new(),
        capacity_rps: 100.0,
        current: Image::good("api:1", 200.0),
        next,
        deploy_at_s: 60,
        timing: Timing::default(),
        platform: Platform::Ecs(service),
    }
}

#[test]
fn smoke() {
    let run = simulate(&ecs(EcsService::default(), Some(Image::good("api:2", 200.0)))).unwrap();
    println!("{:?}", run.summary);
    for e in &run.events { println!("{} {:?}", e.t, e.kind); }
}
