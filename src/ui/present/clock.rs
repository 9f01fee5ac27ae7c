//! The playback clock every simulation view follows: simulated seconds as a function of the
//! wall clock, so that two windows given the same clock show the same moment without
//! sending a message per tick. Pure (the caller passes the time), tested natively.
use serde::{Deserialize, Serialize};

/// Simulated seconds per real second that playback offers.
pub const SPEEDS: [u32; 5] = [1, 5, 10, 30, 60];
/// How far a step moves, in simulated seconds.
pub const STEP_S: f64 = 10.0;

/// Where playback is: `base` simulated seconds when last paused or changed, and, while
/// playing, the wall-clock time (ms) it started from and how fast it goes.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Clock {
    pub base: f64,
    /// Wall-clock ms when playing started from `base`; `None` when paused.
    pub since: Option<f64>,
    pub speed: u32,
}

/// What a control asks of the clock.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Play {
    /// Play, or pause; at the end, play again from the start.
    Toggle,
    Pause,
    /// Forward or back by `STEP_S`, paused.
    Step(bool),
    /// To a simulated second, paused.
    Seek(f64),
    Speed(u32),
    /// The next faster (`true`) or slower speed.
    Faster(bool),
    /// Back to the start, paused, at the default speed: a demo ready to run again.
    Reset,
}

impl Default for Clock {
    fn default() -> Clock {
        Clock::at_second(0.0)
    }
}

impl Clock {
    /// The default speed: 30 simulated seconds per second.
    pub const DEFAULT_SPEED: u32 = 30;

    /// Paused at `t` at the default speed.
    pub fn at_second(t: f64) -> Clock {
        Clock {
            base: t,
            since: None,
            speed: Clock::DEFAULT_SPEED,
        }
    }

    /// Simulated seconds at wall-clock `now_ms`, at most `duration`.
    pub fn t(&self, now_ms: f64, duration: u32) -> f64 {
        let run = self.since.map_or(0.0, |s| {
            (now_ms - s).max(0.0) / 1000.0 * f64::from(self.speed)
        });
        (self.base + run).clamp(0.0, f64::from(duration))
    }

    /// Whether it is playing at `now_ms` (a clock past the end has stopped).
    pub fn playing(&self, now_ms: f64, duration: u32) -> bool {
        self.since.is_some() && self.t(now_ms, duration) < f64::from(duration)
    }

    /// The clock after `play` at wall-clock `now_ms`, for a run of `duration` seconds.
    pub fn apply(self, play: Play, now_ms: f64, duration: u32) -> Clock {
        let t = self.t(now_ms, duration);
        let end = f64::from(duration);
        let paused_at = |base: f64| Clock {
            base: base.clamp(0.0, end),
            since: None,
            speed: self.speed,
        };
        match play {
            Play::Toggle if self.playing(now_ms, duration) => paused_at(t),
            Play::Toggle => Clock {
                base: if t >= end { 0.0 } else { t },
                since: Some(now_ms),
                speed: self.speed,
            },
            Play::Pause => paused_at(t),
            Play::Step(forward) => {
                let from = t.floor();
                paused_at(if forward {
                    from + STEP_S
                } else {
                    from - STEP_S
                })
            }
            Play::Seek(to) if to.is_finite() => paused_at(to),
            Play::Seek(_) => self,
            Play::Speed(s) if SPEEDS.contains(&s) => Clock {
                base: t,
                since: self.since.map(|_| now_ms),
                speed: s,
            },
            Play::Speed(_) => self,
            Play::Faster(faster) => {
                let at = SPEEDS.iter().position(|s| *s == self.speed).unwrap_or(3);
                let next = if faster {
                    (at + 1).min(SPEEDS.len() - 1)
                } else {
                    at.saturating_sub(1)
                };
                self.apply(Play::Speed(SPEEDS[next]), now_ms, duration)
            }
            Play::Reset => Clock::at_second(0.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn playing_moves_at_the_speed_and_stops_at_the_end() {
        let c = Clock::at_second(0.0).apply(Play::Toggle, 1000.0, 600);
        assert!(c.playing(1000.0, 600));
        assert_eq!(c.t(3000.0, 600), 60.0); // 2 s at 30×
        assert_eq!(c.t(1_000_000.0, 600), 600.0);
        assert!(!c.playing(1_000_000.0, 600));
        // At the end, play starts again from the start.
        let again = c.apply(Play::Toggle, 1_000_000.0, 600);
        assert_eq!(again.t(1_000_000.0, 600), 0.0);
        assert!(again.playing(1_000_000.0, 600));
    }

    #[test]
    fn pause_step_seek_and_reset_leave_it_paused_where_asked() {
        let c = Clock::at_second(0.0).apply(Play::Toggle, 0.0, 600);
        let p = c.apply(Play::Pause, 1500.0, 600);
        assert_eq!((p.t(9e9, 600), p.playing(9e9, 600)), (45.0, false));
        assert_eq!(p.apply(Play::Step(true), 0.0, 600).base, 55.0);
        assert_eq!(p.apply(Play::Step(false), 0.0, 600).base, 35.0);
        assert_eq!(
            Clock::at_second(5.0)
                .apply(Play::Step(false), 0.0, 600)
                .base,
            0.0
        );
        assert_eq!(p.apply(Play::Seek(900.0), 0.0, 600).base, 600.0);
        assert_eq!(p.apply(Play::Seek(f64::NAN), 0.0, 600), p);
        let fast = c.apply(Play::Speed(60), 1000.0, 600);
        assert_eq!(fast.apply(Play::Reset, 5000.0, 600), Clock::default());
    }

    #[test]
    fn a_speed_change_keeps_the_moment_and_only_offered_speeds_are_taken() {
        let c = Clock::at_second(0.0).apply(Play::Toggle, 0.0, 3600);
        let s = c.apply(Play::Speed(60), 2000.0, 3600);
        assert_eq!(s.t(2000.0, 3600), 60.0);
        assert_eq!(s.t(3000.0, 3600), 120.0);
        assert_eq!(c.apply(Play::Speed(7), 0.0, 3600), c);
        assert_eq!(c.apply(Play::Faster(true), 0.0, 3600).speed, 60);
        assert_eq!(
            Clock::default().apply(Play::Faster(false), 0.0, 9).speed,
            10
        );
        let slowest = Clock {
            speed: 1,
            ..Clock::default()
        };
        assert_eq!(slowest.apply(Play::Faster(false), 0.0, 9).speed, 1);
    }
}
