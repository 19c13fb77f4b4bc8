//! Safe migrations of EV-charging fleets.
//!
//! One folder per capability, over the shared vocabulary of `chargeshift-graph` (asset and link
//! identities, the user-group tree, [`Finding`](chargeshift_graph::Finding)) and the shared
//! [`error`]s of this crate:
//!
//! - [`usergroup`]: moving assets between user groups of one back office. An operator says "move
//!   these assets (or this customer, this charge group, everything of this user group) to user
//!   group X"; the planner answers with what else must move so that nothing breaks, the ordered
//!   steps with the exact options of every step as the platform shows them, the problems it
//!   found, a simulation that proves which links survive, and a runbook a person can follow in
//!   the back office.
//! - [`cutover`]: replacing the back office itself in phases: migration units, a pilot chosen
//!   by coverage, waves, and the routing table of every phase with its rollback.
//! - [`reconcile`]: decommissioning with evidence: the old and the new back office's exports
//!   compared asset by asset and link by link, and the checklist of the four proofs.
//!
//! The stages of a user-group move, each a public function over data a caller can keep, chain or
//! run on part of a fleet:
//!
//! 1. [`request::resolve`]: the request (assets, selectors, target, policy) against a fleet;
//! 2. [`closure::closure`]: what must move along so that no link is split, and the shared assets;
//! 3. [`steps::build`]: the ordered platform operations with every option, ticked or not, from
//!    the platform's forms ([`forms::FORMS`]);
//! 4. [`simulate::simulate`]: the steps applied step by step with split-link counts, and the
//!    connection-preservation proof;
//! 5. [`rules::run`]: every check of [`rules::RULES`] over the stages' data;
//! 6. [`plan::plan`]: all of it as one [`Plan`](plan::Plan), serializable to JSON;
//! 7. [`snapshot`], [`runbook`], [`dot`]: the preparation CSVs, the Markdown runbook, the DOT
//!    picture.
//!
//! The modules of [`usergroup`] are re-exported here under their own names
//! (`chargeshift_planner::plan`, `chargeshift_planner::steps`, ...).
//!
//! # Example
//!
//! ```
//! use chargeshift_planner::{plan::plan, request::{MigrationRequest, Selector}};
//! let fleet = chargeshift_graph::generate::fleet(60);
//! let request = MigrationRequest::to("ACME-R1").select(Selector::Location("LOC0000001".into()));
//! # let request = {
//! #   let loc = fleet.nodes_of_kind(chargeshift_graph::NodeKind::Location)
//! #       .find(|(ix, _)| fleet.user_group_of(*ix).map(|u| fleet.id(u)) == Some("ACME-R0"))
//! #       .map(|(_, n)| n.id().to_owned()).unwrap();
//! #   MigrationRequest::to("ACME-R1").select(Selector::Location(loc))
//! # };
//! let plan = plan(&fleet, &request)?;
//! assert!(plan.simulation.preservation.preserved);
//! assert!(plan.simulation.split_links_at_end.is_empty());
//! let markdown = chargeshift_planner::runbook::markdown(&plan);
//! assert!(markdown.contains("Change user group"));
//! # Ok::<(), chargeshift_planner::PlanError>(())
//! ```
#![cfg_attr(
    not(any(feature = "ocpp-v16", feature = "ocpp-v201", feature = "ocpp-v21")),
    allow(
        unused,
        unreachable_code,
        reason = "no OCPP version compiled in: the cutover writes no frames, every charge point is a finding"
    )
)]

pub mod cutover;
pub mod error;
pub mod health;
pub mod reconcile;
pub mod usergroup;

pub use error::PlanError;
pub use usergroup::plan::{Plan, plan};
pub use usergroup::request::MigrationRequest;
pub use usergroup::{
    closure, dot, forms, plan, request, rules, runbook, simulate, snapshot, steps,
};

/// The Rust examples of the repository's README, run as doctests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
