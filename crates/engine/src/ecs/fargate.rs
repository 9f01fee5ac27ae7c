//! Fargate's task sizes: the valid task-level cpu and memory combinations.
//!
//! The table of "Task CPU and memory" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size,
//! repeated in https://docs.aws.amazon.com/AmazonECS/latest/userguide/task-cpu-memory-error.html
//! and in RegisterTaskDefinition's `memory` parameter,
//! https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html):
//!
//! | cpu (units)     | memory (MiB)                                    |
//! |-----------------|-------------------------------------------------|
//! | 256 (.25 vCPU)  | 512, 1024, 2048                                 |
//! | 512 (.5 vCPU)   | 1024, 2048, 3072, 4096                          |
//! | 1024 (1 vCPU)   | 2048 to 8192 in steps of 1024                   |
//! | 2048 (2 vCPU)   | 4096 to 16384 in steps of 1024                  |
//! | 4096 (4 vCPU)   | 8192 to 30720 in steps of 1024                  |
//! | 8192 (8 vCPU)   | 16384 to 61440 in steps of 4096 (platform 1.4.0)|
//! | 16384 (16 vCPU) | 32768 to 122880 in steps of 8192 (platform 1.4.0)|

/// One Fargate cpu size and the memory values it allows: `min..=max` in steps of `step`
/// MiB (256 units' list 512, 1024, 2048 is not a step: see [`FargateSize::allows`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FargateSize {
    pub cpu: u32,
    pub min_memory: u32,
    pub max_memory: u32,
    pub step: u32,
}

/// Fargate's task sizes, smallest first.
pub const FARGATE_SIZES: &[FargateSize] = &[
    FargateSize {
        cpu: 256,
        min_memory: 512,
        max_memory: 2048,
        step: 512,
    },
    FargateSize {
        cpu: 512,
        min_memory: 1024,
        max_memory: 4096,
        step: 1024,
    },
    FargateSize {
        cpu: 1024,
        min_memory: 2048,
        max_memory: 8192,
        step: 1024,
    },
    FargateSize {
        cpu: 2048,
        min_memory: 4096,
        max_memory: 16384,
        step: 1024,
    },
    FargateSize {
        cpu: 4096,
        min_memory: 8192,
        max_memory: 30720,
        step: 1024,
    },
    FargateSize {
        cpu: 8192,
        min_memory: 16384,
        max_memory: 61440,
        step: 4096,
    },
    FargateSize {
        cpu: 16384,
        min_memory: 32768,
        max_memory: 122880,
        step: 8192,
    },
];

impl FargateSize {
    /// The size of `cpu` units, if Fargate has it.
    pub fn of(cpu: u32) -> Option<FargateSize> {
        FARGATE_SIZES.iter().copied().find(|s| s.cpu == cpu)
    }

    /// Whether `memory` MiB goes with this cpu.
    pub fn allows(&self, memory: u32) -> bool {
        if self.cpu == 256 {
            return matches!(memory, 512 | 1024 | 2048);
        }
        memory >= self.min_memory
            && memory <= self.max_memory
            && (memory - self.min_memory).is_multiple_of(self.step)
    }

    /// The allowed memory values as a finding's value: `512|1024|2048`, or `min-max/step`.
    pub fn allowed(&self) -> String {
        if self.cpu == 256 {
            "512|1024|2048".into()
        } else if self.cpu == 512 {
            "1024|2048|3072|4096".into()
        } else {
            format!("{}-{}/{}", self.min_memory, self.max_memory, self.step)
        }
    }
}

/// Whether `cpu` units and `memory` MiB make a valid Fargate task size.
pub fn fargate_ok(cpu: u32, memory: u32) -> bool {
    FargateSize::of(cpu).is_some_and(|s| s.allows(memory))
}

/// A task-level `cpu` as ECS reads it: CPU units (`"1024"`, `1024`), or vCPUs
/// (`"1 vCPU"`, `"0.25 vcpu"`), converted to units. RegisterTaskDefinition: "It can be
/// expressed as an integer using CPU units (for example, 1024) or as a string using vCPUs
/// (for example, 1 vCPU or 1 vcpu)" (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html).
pub fn parse_cpu(text: &str) -> Option<u32> {
    units(text, "vcpu", 1024)
}

/// A task-level `memory` as ECS reads it: MiB (`"2048"`), or GB (`"2 GB"`, `"0.5GB"`),
/// converted to MiB: "expressed as an integer using MiB (for example ,1024) or as a string
/// using GB (for example, 1GB or 1 GB)" (same page).
pub fn parse_memory(text: &str) -> Option<u32> {
    units(text, "gb", 1024)
}

fn units(text: &str, suffix: &str, scale: u32) -> Option<u32> {
    let t = text.trim().to_ascii_lowercase();
    let (number, scale) = match t.strip_suffix(suffix) {
        Some(n) => (n.trim(), scale),
        None => (t.as_str(), 1),
    };
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let x: f64 = number.parse().ok()?;
    let v = x * f64::from(scale);
    if !(0.0..=4e9).contains(&v) || v.fract() != 0.0 {
        return None;
    }
    Some(v as u32)
}
