//! The shared merge cases (`tests/cases/merge.json`) through the core's RFC 7396 merge.
#![cfg(feature = "tools")]

mod common;

#[test]
fn every_shared_merge_case_passes() {
    let n = common::merge::run_all(afflink::RateCard::merge_patch);
    assert!(n >= 15);
}
