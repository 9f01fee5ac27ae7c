//! CloudWatch-style metric alarms (being written).
