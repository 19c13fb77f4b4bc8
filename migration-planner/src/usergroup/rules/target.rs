//! Checks of the target and of what the request names: the target is not a source, owned
//! resources are not moved, assets already in the target, nothing to do.

use super::{Check, Finding, Rule, Stages, finding};

/// CS001: the target is one of the user groups the request moves assets out of.
#[derive(Debug, Clone, Copy)]
pub struct TargetIsSource;

impl Rule for TargetIsSource {
    fn checks(&self) -> &'static [Check] {
        &[Check::TargetIsSource]
    }

    fn inspects(&self) -> &'static str {
        "the target against the user groups (and subtrees) the request's selectors move out of"
    }

    fn run(&self, s: &Stages<'_>, out: &mut Vec<Finding>) {
        let target = s.resolved.target;
        if s.resolved.source_groups.contains(&target) {
            out.push(finding(
                Check::TargetIsSource,
                format!(
                    "the target user group {} is the user group the request moves assets out of",
                    s.fleet.id(target)
                ),
            ));
        } else if let Some(&root) = s
            .resolved
            .source_subtrees
            .iter()
            .find(|&&root| s.fleet.is_in_subtree(target, root))
        {
            out.push(finding(
                Check::TargetIsSource,
                format!(
                    "the target user group {} lies under {}, whose whole subtree the request moves out of: pick a target outside it, or move {} alone (user_group_only)",
                    s.fleet.id(target),
                    s.fleet.id(root),
                    s.fleet.id(root)
                ),
            ));
        }
    }
}

/// CS015: tariffs and parameter sets a selector named are owned resources, not moved.
#[derive(Debug, Clone, Copy)]
pub struct OwnedResources;

impl Rule for OwnedResources {
    fn checks(&self) -> &'static [Check] {
        &[Check::OwnedResourceNotMoved]
    }

    fn inspects(&self) -> &'static str {
        "the tariffs and parameter sets the request names"
    }

    fn run(&self, s: &Stages<'_>, out: &mut Vec<Finding>) {
        let not_movable = &s.resolved.not_movable;
        if !not_movable.is_empty() {
            out.push(
                finding(
                    Check::OwnedResourceNotMoved,
                    format!(
                        "{} tariff(s) or parameter set(s) are owned resources: they are not moved, the inheritance and copy rules apply",
                        not_movable.len()
                    ),
                )
                .with_assets(s.fleet, not_movable),
            );
        }
    }
}

/// CS010: assets of the moving set that are in the target already.
#[derive(Debug, Clone, Copy)]
pub struct AlreadyInTarget;

impl Rule for AlreadyInTarget {
    fn checks(&self) -> &'static [Check] {
        &[Check::AlreadyInTarget]
    }

    fn inspects(&self) -> &'static str {
        "the moving set against the target"
    }

    fn run(&self, s: &Stages<'_>, out: &mut Vec<Finding>) {
        let already = &s.built.already;
        if !already.is_empty() {
            out.push(
                finding(
                    Check::AlreadyInTarget,
                    format!(
                        "{} asset(s) are in {} already: nothing to do for them",
                        already.len(),
                        s.fleet.id(s.resolved.target)
                    ),
                )
                .with_assets(s.fleet, already),
            );
        }
    }
}

/// CS016: the plan has no step.
#[derive(Debug, Clone, Copy)]
pub struct NothingToDo;

impl Rule for NothingToDo {
    fn checks(&self) -> &'static [Check] {
        &[Check::NothingToDo]
    }

    fn inspects(&self) -> &'static str {
        "the steps"
    }

    fn run(&self, s: &Stages<'_>, out: &mut Vec<Finding>) {
        if s.built.steps.is_empty() {
            out.push(finding(
                Check::NothingToDo,
                "nothing to do: every asset is in the target already",
            ));
        }
    }
}
