//! The `chargeshift` binary: exit codes, formats, suggestions, check and graph.
#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use std::path::{Path, PathBuf};
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

/// Checks that a run exited with `code`, and returns its standard error.
fn stderr_of_output(out: &Output, code: i32) -> String {
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{err}");
    err
}

/// Runs the binary with `args`, checks that it exits with `code`, and returns its standard error.
fn stderr_of(args: &[&str], code: i32) -> String {
    stderr_of_output(&run(args), code)
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
    assert!(md.contains("- [x] Copy parameter set if the set doesn’t exist in the new user group"));
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
fn an_extra_column_is_noted_and_a_near_miss_refused() {
    // the example bundle with one more column in customers.csv
    let with_column = |name: &str| {
        let dir =
            std::env::temp_dir().join(format!("chargeshift-cli-col-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for e in std::fs::read_dir(root().join("examples/fleet/csv")).unwrap() {
            let e = e.unwrap();
            let text = std::fs::read_to_string(e.path()).unwrap();
            let text = if e.file_name() == "customers.csv" {
                let mut lines = text.lines();
                let header = lines.next().unwrap();
                let rows: Vec<String> = lines.map(|l| format!("{l},x\n")).collect();
                format!("{header},{name}\n{}", rows.concat())
            } else {
                text
            };
            std::fs::write(dir.join(e.file_name()), text).unwrap();
        }
        dir
    };
    let plan_bundle = |dir: &Path| {
        run(&[
            "plan",
            "--fleet",
            dir.to_str().unwrap(),
            "--to",
            "ACME-R1",
            "--location",
            "LOC0000085",
        ])
    };
    let notes = with_column("notes");
    let out = plan_bundle(&notes);
    let err = stderr_of_output(&out, 0);
    assert!(
        err.contains("1 column(s) of the export are not read"),
        "{err}"
    );
    assert!(
        err.contains("extra_column") && err.contains("\"notes\""),
        "{err}"
    );
    assert!(text(&out.stdout).contains("Runbook"));
    // a column like a known one is a column lost: the plan is refused
    let typo = with_column("nmae");
    let err = stderr_of_output(&plan_bundle(&typo), 2);
    assert!(
        err.contains("did you mean \"name\"") && err.contains("--accept-findings"),
        "{err}"
    );
    for d in [notes, typo] {
        std::fs::remove_dir_all(d).unwrap();
    }
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
    let err = stderr_of(
        &[
            "plan",
            "--fleet",
            "examples/fleet/fleet.json",
            "--to",
            "ACME-R9",
            "--customer",
            "CU0000123",
        ],
        2,
    );
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

    // graph words an unknown id as plan does
    let err = stderr_of(
        &[
            "graph",
            "--fleet",
            "examples/fleet/fleet.json",
            "--around",
            "customer:CU000123",
        ],
        2,
    );
    assert!(
        err.contains("unknown customer \"CU000123\" (did you mean"),
        "{err}"
    );

    // one CSV file of a bundle: the folder is what --fleet takes
    let err = stderr_of(&["check", "--fleet", "examples/fleet/csv/customers.csv"], 2);
    assert!(
        err.contains("the folder of a CSV bundle (examples/fleet/csv)"),
        "{err}"
    );
}

#[test]
fn request_file_errors_say_where_and_what_once() {
    let dir = std::env::temp_dir().join(format!("chargeshift-cli-req-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("request.json");
    std::fs::write(
        &file,
        "{\"target\": \"ACME-R1\",\n \"selectors\": [{\"customer\": \"CU0000123\", \"location\": \"LOC0000085\"}]}",
    )
    .unwrap();
    let err = stderr_of(
        &[
            "plan",
            "--fleet",
            "examples/fleet/fleet.json",
            "--request",
            file.to_str().unwrap(),
        ],
        2,
    );
    assert!(err.contains("request.json:2:"), "{err}");
    assert!(err.contains("2 keys (customer, location)"), "{err}");
    assert!(!err.contains("at line"), "the position once: {err}");
    std::fs::remove_dir_all(dir).unwrap();
}

/// The demo's location move with `extra` arguments.
fn plan_location(extra: &[&str]) -> Output {
    let args = [
        "plan",
        "--fleet",
        "examples/fleet/fleet.json",
        "--to",
        "ACME-R1",
        "--location",
        "LOC0000085",
    ];
    run(&[&args[..], extra].concat())
}

/// The demo's location move, with its snapshot written into `dir`.
fn plan_with_snapshot(dir: &Path) -> Output {
    plan_location(&["--snapshot", dir.to_str().unwrap()])
}

#[test]
fn snapshot_writes_the_csv_reports() {
    let dir = std::env::temp_dir().join(format!("chargeshift-cli-snap-{}", std::process::id()));
    let out = plan_with_snapshot(&dir);
    assert_eq!(out.status.code(), Some(0));
    let cpo = std::fs::read_to_string(dir.join("01-cpo-data-charge-point-location.csv")).unwrap();
    assert!(cpo.starts_with("charge_point,charge_point_user_group,location,location_user_group\n"));
    assert!(cpo.contains("CP0000087,ACME-R0,LOC0000085,ACME-R0"));
    // a second run into the same folder keeps the first snapshot and says why
    std::fs::write(
        dir.join("01-cpo-data-charge-point-location.csv"),
        "the first",
    )
    .unwrap();
    let err = stderr_of_output(&plan_with_snapshot(&dir), 3);
    assert!(
        err.contains("already exists") && err.contains("never overwritten"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("01-cpo-data-charge-point-location.csv")).unwrap(),
        "the first"
    );
    assert!(std::fs::read_dir(&dir).unwrap().all(|e| {
        !e.unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".partial")
    }));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn check_lists_findings_with_where() {
    let out = run(&["check", "--fleet", "examples/fleet-small/messy.json"]);
    assert_eq!(out.status.code(), Some(1));
    let s = text(&out.stdout);
    assert!(s.contains("messy.json"), "{s}");
    assert!(s.contains("finding(s)"));
    // every finding once: the import validates what it builds, nothing is reported twice
    let lines: Vec<&str> = s.lines().filter(|l| !l.ends_with("finding(s)")).collect();
    let unique: std::collections::BTreeSet<&str> = lines.iter().copied().collect();
    assert_eq!(lines.len(), unique.len(), "{s}");
    assert!(
        s.ends_with(&format!("\n{} finding(s)\n", lines.len())),
        "{s}"
    );
    let out = run(&["check", "--fleet", "examples/fleet-small/fleet.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn plan_refuses_a_fleet_with_findings_unless_accepted() {
    let args = [
        "plan",
        "--fleet",
        "examples/fleet-small/messy.json",
        "--to",
        "loop-b",
        "--customer",
        "C-1",
    ];
    let out = run(&args);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("finding(s)") && err.contains("--accept-findings"),
        "{err}"
    );
    assert!(err.contains("messy.json user_groups[4] field id"), "{err}");
    assert!(out.stdout.is_empty());
    let out = run(&[&args[..], &["--accept-findings"]].concat());
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stderr).contains("note: planning with --accept-findings"));
    assert!(text(&out.stdout).contains("C-1"));
}

#[test]
fn ownership_and_tree_links_cannot_be_allowed_to_be_cut() {
    for kind in ["user_group", "parent_group"] {
        let err = stderr_of_output(&plan_location(&["--allow-cut", kind]), 2);
        assert!(
            err.contains(&format!("{kind} links cannot be allowed to be cut")),
            "{err}"
        );
        assert!(err.contains("card_customer"), "{err}");
    }
}

#[test]
fn a_failed_write_to_standard_output_exits_3() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_chargeshift"))
        .current_dir(root())
        .args(["check", "--fleet", "examples/fleet-small/messy.json"])
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out.stderr).contains("standard output"),
        "{}",
        text(&out.stderr)
    );
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

#[test]
fn health_judges_the_example_waves_and_fails_wave_1() {
    let args = [
        "health",
        "--fleet",
        "examples/health/fleet.json",
        "--log",
        "examples/health/log.jsonl",
        "--cutover",
        "examples/health/cutover.json",
        "--evaluation-days",
        "2",
        "--baseline-days",
        "0",
        "--silence-secs",
        "4000",
    ];
    let out = run(&args);
    stderr_of_output(&out, 1);
    let md = text(&out.stdout);
    assert!(md.contains("4 groups: 3 passed, 1 failed"), "{md}");
    assert!(
        md.contains("| wave 1 | 3 | 2026-03-04 – 2026-03-05 | **fail** |"),
        "{md}"
    );
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let out = run(&json_args);
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["summary"]["failed"], 1);
    assert_eq!(r["findings"][0]["code"], "HE001");
    // without a plan: by vendor over every day of the log
    let out = run(&args[..5]);
    assert!(text(&out.stdout).contains("# Health report"));
}

#[test]
fn log_convert_reads_steve_and_counts_unknown_lines() {
    let dir = std::env::temp_dir().join(format!("chargeshift-cli-log-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("steve.log");
    std::fs::write(
        &input,
        "[INFO ] 2026-03-02 08:00:00,000 de.rwth.idsg.steve.ocpp.ws.WebSocketLogger (qtp1-1) - [chargeBoxId=CP1, sessionId=s] Received: [2,\"1\",\"Heartbeat\",{}]\nsomething else\n",
    )
    .unwrap();
    let output = dir.join("out.jsonl");
    let err = stderr_of(
        &[
            "log",
            "convert",
            "--from",
            "steve",
            input.to_str().unwrap(),
            output.to_str().unwrap(),
        ],
        0,
    );
    assert!(
        err.contains("2 lines: 1 frames, 0 connection events, 1 unknown lines"),
        "{err}"
    );
    assert!(err.contains("line 2: something else"), "{err}");
    let written = std::fs::read_to_string(&output).unwrap();
    assert_eq!(
        written,
        "{\"ts\":\"2026-03-02T08:00:00.000Z\",\"identity\":\"CP1\",\"direction\":\"cp_to_csms\",\"frame\":\"[2,\\\"1\\\",\\\"Heartbeat\\\",{}]\"}\n"
    );
    let err = stderr_of(
        &[
            "log",
            "convert",
            "--from",
            "everest",
            input.to_str().unwrap(),
            output.to_str().unwrap(),
        ],
        2,
    );
    assert!(err.contains("give its identity"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
