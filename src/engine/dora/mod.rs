//! DORA's four keys (placeholder; being written).
