//! Safe user-group migrations for EV-charging fleets: an operator says "move these assets (or
//! this customer, this charge group, everything of this user group) to user group X"; the planner
//! answers with what else must move so that nothing breaks, the ordered steps with the exact
//! options of every step as the platform shows them, the problems it found, a simulation that
//! proves which links survive, and a runbook a person can follow in the back office.
//!
//! The pipeline, one module each:
//!
//! 1. [`request`]: the request (assets, selectors, target, policy), serde-deserializable;
//! 2. [`closure`]: what must move along so that no link is split, and the shared assets;
//! 3. [`rules`]: the named checks with severity and stable code;
//! 4. [`steps`]: the ordered platform operations with every option, ticked or not;
//! 5. [`simulate`]: the steps applied step by step with split-link counts, and the
//!    connection-preservation check;
//! 6. [`plan`]: all of it as one [`Plan`](plan::Plan), serializable to JSON;
//! 7. [`snapshot`], [`runbook`], [`dot`]: the preparation CSVs, the Markdown runbook, the DOT
//!    picture.
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

pub mod closure;
pub mod dot;
pub mod error;
pub mod plan;
pub mod request;
pub mod rules;
pub mod runbook;
pub mod simulate;
pub mod snapshot;
pub mod steps;

pub use error::PlanError;
pub use plan::{Plan, plan};
pub use request::MigrationRequest;

/// The Rust examples of the repository's README, run as doctests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
