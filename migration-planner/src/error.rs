//! The errors of planning, and the "did you mean" suggestions for unknown ids.

use chargeshift_graph::api::did_you_mean;
use chargeshift_graph::{LinkKind, LinkKinds, NodeKind};

use chargeshift_graph::LinkId;

/// An error that stops planning: the request names something the fleet does not have.
///
/// A plan that can be computed but is blocked by a rule (e.g. a provider change that is not
/// allowed) is not an error: it is a [`Plan`](crate::plan::Plan) with error findings.
///
/// ```
/// use chargeshift_planner::PlanError;
/// let e = PlanError::UnknownUserGroup { id: "X".into(), suggestions: vec!["XA".into()] };
/// assert_eq!(e.to_string(), "unknown user group \"X\" (did you mean \"XA\"?)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// The target or a selector names a user group that does not exist.
    #[error("unknown user group {id:?}{}", did_you_mean(suggestions))]
    UnknownUserGroup {
        /// The id as given.
        id: String,
        /// The closest existing ids, best first.
        suggestions: Vec<String>,
    },
    /// Several user groups have the name given as the target or in a selector.
    #[error("{} user groups are named {name:?} ({}): name one by its id", ids.len(), ids.join(", "))]
    AmbiguousUserGroup {
        /// The name as given.
        name: String,
        /// The ids of the user groups with that name.
        ids: Vec<String>,
    },
    /// The fleet has no node at all: nothing can be planned on it.
    #[error("the fleet is empty: it has no user group and no asset (is the export complete?)")]
    EmptyFleet,
    /// An asset that does not exist.
    #[error("unknown {kind} {id:?}{}", did_you_mean(suggestions))]
    UnknownAsset {
        /// The kind as given.
        kind: NodeKind,
        /// The id as given.
        id: String,
        /// The closest existing ids of that kind, best first.
        suggestions: Vec<String>,
    },
    /// A user group was named where an asset is expected.
    #[error("user group {id:?} is not an asset: use a user_group selector to move its assets")]
    NotAnAsset {
        /// The id as given.
        id: String,
    },
    /// A link allowed to be cut does not exist.
    #[error("no {} link between {:?} and {:?}", link.kind, link.source, link.target)]
    UnknownLink {
        /// The link as given.
        link: LinkId,
    },
    /// The policy allows cutting links of a kind no move cuts: ownership (`user_group`) and the
    /// user-group tree (`parent_group`) are what a move changes, not connections it may detach.
    #[error(
        "{kind} links cannot be allowed to be cut: a move changes an asset's user group, it does not detach it; the connections that may be cut are {}",
        cuttable_kinds()
    )]
    NotCuttable {
        /// The link kind as given.
        kind: LinkKind,
    },
    /// The request names no asset and no selector.
    #[error("the request names no asset and no selector")]
    EmptyRequest,
    /// The request text is not a request of the schema (`schema/request.schema.json`).
    #[error("invalid migration request at line {line}, column {column}: {message}")]
    InvalidRequest {
        /// 1-based line in the request text.
        line: usize,
        /// 1-based column in the request text.
        column: usize,
        /// What is wrong, as the parser says it (without the position).
        message: String,
    },
}

fn cuttable_kinds() -> String {
    LinkKind::ALL
        .iter()
        .filter(|k| LinkKinds::CONNECTIONS.contains(**k))
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl PlanError {
    /// For an error about an id the fleet does not have as named: the kind it was named as
    /// (`user_group` or an asset kind), the id as given, and the closest existing ids.
    ///
    /// ```
    /// use chargeshift_planner::PlanError;
    /// let e = PlanError::UnknownUserGroup { id: "X".into(), suggestions: vec!["XA".into()] };
    /// assert_eq!(e.unknown_id(), Some(("user_group", "X", &["XA".to_owned()][..])));
    /// assert_eq!(PlanError::EmptyRequest.unknown_id(), None);
    /// ```
    #[must_use]
    pub fn unknown_id(&self) -> Option<(&'static str, &str, &[String])> {
        match self {
            PlanError::UnknownUserGroup { id, suggestions } => {
                Some((NodeKind::UserGroup.as_str(), id, suggestions))
            }
            PlanError::UnknownAsset {
                kind,
                id,
                suggestions,
            } => Some((kind.as_str(), id, suggestions)),
            PlanError::NotAnAsset { id } => Some((NodeKind::UserGroup.as_str(), id, &[])),
            PlanError::AmbiguousUserGroup { name, ids } => {
                Some((NodeKind::UserGroup.as_str(), name, ids))
            }
            PlanError::UnknownLink { .. }
            | PlanError::NotCuttable { .. }
            | PlanError::EmptyRequest
            | PlanError::EmptyFleet
            | PlanError::InvalidRequest { .. } => None,
        }
    }
}

/// The ids of `kind` in `fleet` closest to `id`: the graph crate's [`suggest`](chargeshift_graph::api::suggest),
/// shared by every "did you mean" of the crates.
///
/// ```
/// use chargeshift_graph::{Fleet, NodeKind, UserGroup};
/// let mut f = Fleet::new();
/// f.add_user_group("ACME-R0", UserGroup::default(), None)?;
/// assert_eq!(chargeshift_planner::error::suggest(&f, NodeKind::UserGroup, "ACME-RO"), vec!["ACME-R0"]);
/// # Ok::<(), chargeshift_graph::ModelError>(())
/// ```
pub use chargeshift_graph::api::suggest;

/// What a build of this crate without an OCPP version says of a charge point or frame of it: e.g.
/// "OCPP 2.1 is not compiled into this build (cargo feature `ocpp-v21` of chargeshift-planner)".
#[cfg_attr(
    all(feature = "ocpp-v16", feature = "ocpp-v201", feature = "ocpp-v21"),
    expect(dead_code, reason = "every OCPP version is compiled in")
)]
pub(crate) fn not_compiled(version: chargeshift_ocpp::OcppVersion) -> String {
    format!(
        "{} is not compiled into this build (cargo feature `ocpp-{}` of chargeshift-planner)",
        version.label(),
        version.cargo_feature()
    )
}
