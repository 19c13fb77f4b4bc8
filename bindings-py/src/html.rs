//! `_repr_html_` of the objects shown in notebooks: real HTML tables (escaped text), built from
//! the documents the crates write, so that the wording stays the crates'.

use std::fmt::Write as _;

use chargeshift_planner::Plan;
use serde_json::Value;

/// `text` with `&`, `<`, `>` and `"` escaped for HTML.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// A JSON value as table cell text: strings as they are, lists joined by commas.
fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => escape(s),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| cell(Some(v)))
            .collect::<Vec<_>>()
            .join(", "),
        Some(Value::Object(map)) => {
            // an asset or link identity: its id (or its ends)
            if let Some(id) = map.get("id") {
                cell(Some(id))
            } else {
                escape(&Value::Object(map.clone()).to_string())
            }
        }
        Some(other) => escape(&other.to_string()),
    }
}

/// A table with header `head` and the rows `rows` (already escaped cells).
pub(crate) fn table(head: &[&str], rows: &[Vec<String>]) -> String {
    let mut html = String::from("<table><thead><tr>");
    for h in head {
        let _ = write!(html, "<th style=\"text-align:left\">{}</th>", escape(h));
    }
    html.push_str("</tr></thead><tbody>");
    for row in rows {
        html.push_str("<tr>");
        for c in row {
            let _ = write!(html, "<td style=\"text-align:left\">{c}</td>");
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
    html
}

/// The plan as HTML: a heading with target and status, the summary counts, the findings and the
/// steps with each option ticked (☑) or not (☐).
pub(crate) fn plan(plan: &Plan, status: &str) -> String {
    let doc = serde_json::to_value(plan).unwrap_or(Value::Null);
    let mut html = format!(
        "<div><h4>Plan to {}: {}</h4>",
        escape(&plan.target.id),
        escape(status)
    );
    if let Some(Value::Object(summary)) = doc.get("summary") {
        let rows: Vec<Vec<String>> = summary
            .iter()
            .map(|(k, v)| vec![escape(k), cell(Some(v))])
            .collect();
        html.push_str(&table(&["summary", "count"], &rows));
    }
    let findings: Vec<Vec<String>> = doc
        .get("findings")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|f| {
                    vec![
                        cell(f.get("code")),
                        cell(f.get("check")),
                        cell(f.get("severity")),
                        cell(f.get("message")),
                        cell(f.get("assets")),
                    ]
                })
                .collect()
        })
        .unwrap_or_default();
    let _ = write!(html, "<h5>{} findings</h5>", findings.len());
    if !findings.is_empty() {
        html.push_str(&table(
            &["code", "check", "severity", "message", "assets"],
            &findings,
        ));
    }
    let steps: Vec<Vec<String>> = doc
        .get("steps")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|s| {
                    let options = s
                        .get("options")
                        .and_then(Value::as_array)
                        .map(|opts| {
                            opts.iter()
                                .map(|o| {
                                    let tick = if o.get("ticked") == Some(&Value::Bool(true)) {
                                        "☑"
                                    } else {
                                        "☐"
                                    };
                                    format!("{tick} {}", cell(o.get("label")))
                                })
                                .collect::<Vec<_>>()
                                .join("<br>")
                        })
                        .unwrap_or_default();
                    vec![
                        cell(s.get("number")),
                        cell(s.get("operation")),
                        cell(s.get("assets")),
                        cell(s.get("to")),
                        options,
                    ]
                })
                .collect()
        })
        .unwrap_or_default();
    let _ = write!(html, "<h5>{} steps</h5>", steps.len());
    if !steps.is_empty() {
        html.push_str(&table(
            &["step", "operation", "assets", "to", "options"],
            &steps,
        ));
    }
    html.push_str("</div>");
    html
}
