//! The `chargeshift` binary: exit codes, formats, suggestions, check and graph.
#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chargeshift"))
        .current_dir(root())
        .args(args)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn plan_the_demo_request_as_markdown_json_and_dot() {
    let base = [
        "plan",
        "--fleet",
        "examples/fleet/fleet.json",
        "--request",
        "examples/requests/private-site-to-rotterdam.json",
    ];
    let md = run(&[&base[..], &["--format", "markdown"]].concat());
    assert_eq!(md.status.code(), Some(0), "{}", text(&md.stderr));
    let md = text(&md.stdout);
    assert!(md.contains("**Search results overview**") || md.contains("Search results overview"));
    assert!(md.contains("- [x] Copy parameter set if the set doesn't exist in the new user group"));
    assert!(md.contains("CG0000086"));

    let js = run(&[&base[..], &["--format", "json"]].concat());
    assert_eq!(js.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&js.stdout).unwrap();
    assert_eq!(v["format"], "chargeshift-plan");
    assert_eq!(v["simulation"]["preservation"]["preserved"], true);
    // deterministic output
    let again = run(&[&base[..], &["--format", "json"]].concat());
    assert_eq!(js.stdout, again.stdout);

    let dot = run(&[&base[..], &["--format", "dot"]].concat());
    assert!(text(&dot.stdout).starts_with("digraph plan {"));
}

#[test]
fn the_same_plan_from_flags_and_a_csv_bundle() {
    let out = run(&[
        "plan",
        "--fleet",
        "examples/fleet/csv",
        "--to",
        "ACME-R1",
        "--location",
        "LOC0000085",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["steps"].as_array().unwrap().len() > 3);
}

#[test]
fn a_blocked_plan_exits_1() {
    let out = run(&[
        "plan",
        "--fleet",
        "examples/fleet/fleet.json",
        "--request",
        "examples/requests/customer-into-sub-provider.json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("sub-provider"));
}

#[test]
fn unknown_ids_exit_2_with_suggestions() {
    let out = run(&[
        "plan",
        "--fleet",
        "examples/fleet/fleet.json",
        "--to",
        "ACME-R9",
        "--customer",
        "CU0000123",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("unknown user group \"ACME-R9\""), "{err}");
    assert!(err.contains("did you mean"), "{err}");

    let out = run(&[
        "plan",
        "--fleet",
        "nope.json",
        "--to",
        "X",
        "--customer",
        "C",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["plan", "--bogus"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn snapshot_writes_the_csv_reports() {
    let dir = std::env::temp_dir().join(format!("chargeshift-cli-snap-{}", std::process::id()));
    let out = run(&[
        "plan",
        "--fleet",
        "examples/fleet/fleet.json",
        "--to",
        "ACME-R1",
        "--location",
        "LOC0000085",
        "--snapshot",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let cpo = std::fs::read_to_string(dir.join("01-cpo-data-charge-point-location.csv")).unwrap();
    assert!(cpo.starts_with("charge_point,charge_point_user_group,location,location_user_group\n"));
    assert!(cpo.contains("CP0000087,ACME-R0,LOC0000085,ACME-R0"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn check_lists_findings_with_where() {
    let out = run(&["check", "--fleet", "examples/fleet-small/messy.json"]);
    assert_eq!(out.status.code(), Some(1));
    let s = text(&out.stdout);
    assert!(s.contains("messy.json"), "{s}");
    assert!(s.contains("finding(s)"));
    let out = run(&["check", "--fleet", "examples/fleet-small/fleet.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn graph_draws_dot_and_mermaid() {
    let out = run(&[
        "graph",
        "--fleet",
        "examples/fleet/fleet.json",
        "--around",
        "customer:CU0000123",
        "--depth",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("digraph"));
    let out = run(&[
        "graph",
        "--fleet",
        "examples/fleet/fleet.json",
        "--user-group",
        "ACME-SP0-BIZ",
        "--format",
        "mermaid",
    ]);
    assert!(text(&out.stdout).starts_with("flowchart"));
}

#[test]
fn help_documents_the_exit_codes() {
    let out = run(&["plan", "--help"]);
    let s = text(&out.stdout);
    assert!(
        s.contains("Exit codes:") && s.contains("2  bad input"),
        "{s}"
    );
}
