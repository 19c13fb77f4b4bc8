//! Generates `chargeshift-ocpp`'s message types and constraint tables from the official OCPP JSON
//! schemas.
//!
//! Usage: `chargeshift-ocpp-codegen <schemas dir> <src dir>` reads `<schemas>/{v16,v201,v21}/*.json`
//! and writes `<src>/{v16,v201,v21}/mod.rs`, formatted with `rustfmt` when it is on the `PATH`.

mod directions;
mod emit;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(schemas), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: chargeshift-ocpp-codegen <schemas dir> <src dir>");
        return ExitCode::FAILURE;
    };
    match run(Path::new(schemas), Path::new(out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(schemas: &Path, out: &Path) -> Result<(), String> {
    for (version, title) in [
        ("v16", "OCPP 1.6J (with the security extension)"),
        ("v201", "OCPP 2.0.1"),
        ("v21", "OCPP 2.1"),
    ] {
        let dir = schemas.join(version);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| {
                format!(
                    "cannot read {}: {e} (run scripts/fetch-ocpp-schemas.sh)",
                    dir.display()
                )
            })?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        let mut schemas_read = Vec::new();
        for f in &files {
            let text = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
            let value: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", f.display()))?;
            let stem = f
                .file_stem()
                .and_then(|s| s.to_str())
                .ok_or_else(|| format!("bad file name {}", f.display()))?
                .to_owned();
            schemas_read.push((stem, value));
        }
        let code = emit::generate(version, title, &schemas_read)?;
        let target = out.join(version);
        std::fs::create_dir_all(&target).map_err(|e| format!("{}: {e}", target.display()))?;
        let file = target.join("mod.rs");
        std::fs::write(&file, code).map_err(|e| format!("{}: {e}", file.display()))?;
        format(&file);
    }
    Ok(())
}

/// Formats a generated file with rustfmt (edition 2024, width 100, as the workspace does).
fn format(file: &Path) {
    let status = std::process::Command::new("rustfmt")
        .args([
            "--edition",
            "2024",
            "--config",
            "max_width=100,use_field_init_shorthand=true",
        ])
        .arg(file)
        .status();
    if !matches!(status, Ok(s) if s.success()) {
        eprintln!("warning: rustfmt failed on {}", file.display());
    }
}
