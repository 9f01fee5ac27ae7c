use super::*;

#[test]
fn smoke() {
    let r = validate("fields @timestamp | limit 5");
    assert!(r.query.is_some(), "{:?}", r.diagnostics);
}
