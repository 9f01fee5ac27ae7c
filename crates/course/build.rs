//! Rebuilds when lab content changes: `include_dir!` embeds `labs/`, but only
//! this line tells cargo to look at files added to or removed from it.
fn main() {
    println!("cargo:rerun-if-changed=../../labs");
}
