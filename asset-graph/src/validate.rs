//! The validation report: every problem found in an import or in a fleet, with where it is.
//!
//! A [`Finding`] has a [`FindingClass`], a [`Where`] (file, line or record, field) and a message.
//! Imports collect findings in a [`Report`]; [`validate`] checks a built fleet for the rules that
//! span several records (a charge point in a charge group of another provider, assets without a
//! user group).

use std::fmt;

use serde::Serialize;

use crate::finding::{FindingCode, Severity};
use crate::fleet::Fleet;
use crate::model::{LinkKind, NodeKind};

/// The class of a finding. Strict imports fail on the first class that has findings (all but
/// those [`FindingClass::accepted_by_strict`]: an extra column, an unknown file).
///
/// ```
/// use chargeshift_graph::validate::FindingClass;
/// assert_eq!(FindingClass::DanglingReference.as_str(), "dangling_reference");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FindingClass {
    /// A record that cannot be read (CSV syntax, wrong column count, bad OCPI object).
    Syntax,
    /// A required field is empty or absent.
    EmptyField,
    /// A field has a value that cannot be understood (e.g. an unknown card status).
    InvalidValue,
    /// Two records of one kind share an id.
    DuplicateId,
    /// A record names an id that does not exist.
    DanglingReference,
    /// A cardinality rule is broken (a card on two customers, two locations for a charge point,
    /// a link given twice).
    Cardinality,
    /// The user-group tree has a cycle.
    Cycle,
    /// A charge point in a charge group of another provider.
    CrossProvider,
    /// A column the export has and the format does not, that resembles none of the format's
    /// (`notes`, `created_at`): its values are not read, nothing the fleet holds is lost. A
    /// column that resembles a known one (`user_gruop`) is a [`FindingClass::Syntax`] finding.
    ExtraColumn,
    /// A file of the export is absent (a CSV bundle without `card_customer.csv`, an OCPI import
    /// without its tokens, a native document without `links`): the fleet holds none of its
    /// records, which a plan must not take for "there are none" unless the operator confirms it.
    MissingFile,
    /// A file beside the export's that is none of its files (`notes.csv`): not read.
    UnknownFile,
}

impl FindingClass {
    /// The snake_case name.
    ///
    /// ```
    /// assert_eq!(chargeshift_graph::validate::FindingClass::Cycle.as_str(), "cycle");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            FindingClass::Syntax => "syntax",
            FindingClass::EmptyField => "empty_field",
            FindingClass::InvalidValue => "invalid_value",
            FindingClass::DuplicateId => "duplicate_id",
            FindingClass::DanglingReference => "dangling_reference",
            FindingClass::Cardinality => "cardinality",
            FindingClass::Cycle => "cycle",
            FindingClass::CrossProvider => "cross_provider",
            FindingClass::ExtraColumn => "extra_column",
            FindingClass::MissingFile => "missing_file",
            FindingClass::UnknownFile => "unknown_file",
        }
    }
}

impl FindingClass {
    /// The severity of a finding of this class: every class blocks a strict import but
    /// [`FindingClass::ExtraColumn`] (a warning: nothing the fleet holds is lost).
    ///
    /// ```
    /// use chargeshift_graph::{Severity, validate::FindingClass};
    /// assert_eq!(FindingClass::Cycle.severity(), Severity::Error);
    /// assert_eq!(FindingClass::ExtraColumn.severity(), Severity::Warning);
    /// ```
    #[must_use]
    pub const fn severity(self) -> Severity {
        match self {
            FindingClass::ExtraColumn | FindingClass::UnknownFile => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// Whether a strict import reports this class and accepts the fleet (it loses nothing the
    /// fleet holds): an extra column, an unknown file beside the export's.
    ///
    /// ```
    /// use chargeshift_graph::validate::FindingClass;
    /// assert!(FindingClass::ExtraColumn.accepted_by_strict());
    /// assert!(!FindingClass::MissingFile.accepted_by_strict());
    /// ```
    #[must_use]
    pub const fn accepted_by_strict(self) -> bool {
        matches!(self, FindingClass::ExtraColumn | FindingClass::UnknownFile)
    }
}

impl FindingCode for FindingClass {
    const ALL: &'static [FindingClass] = &[
        FindingClass::Syntax,
        FindingClass::EmptyField,
        FindingClass::InvalidValue,
        FindingClass::DuplicateId,
        FindingClass::DanglingReference,
        FindingClass::Cardinality,
        FindingClass::Cycle,
        FindingClass::CrossProvider,
        FindingClass::ExtraColumn,
        FindingClass::MissingFile,
        FindingClass::UnknownFile,
    ];

    fn code(self) -> &'static str {
        match self {
            FindingClass::Syntax => "GR001",
            FindingClass::EmptyField => "GR002",
            FindingClass::InvalidValue => "GR003",
            FindingClass::DuplicateId => "GR004",
            FindingClass::DanglingReference => "GR005",
            FindingClass::Cardinality => "GR006",
            FindingClass::Cycle => "GR007",
            FindingClass::CrossProvider => "GR008",
            FindingClass::ExtraColumn => "GR009",
            FindingClass::MissingFile => "GR010",
            FindingClass::UnknownFile => "GR011",
        }
    }

    fn name(self) -> &'static str {
        self.as_str()
    }
}

impl fmt::Display for FindingClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

pub use crate::finding::Where;

/// A finding of an import or a validation: a [`crate::Finding`] whose code is a
/// [`FindingClass`].
///
/// ```
/// use chargeshift_graph::validate::{Finding, FindingClass, Where};
/// let f = Finding::new(FindingClass::EmptyField, FindingClass::EmptyField.severity(), "empty id");
/// assert_eq!(f.to_string(), "empty_field: empty id");
/// assert_eq!(f.at, Where::default());
/// ```
pub type Finding = crate::finding::Finding<FindingClass>;

/// Every finding of an import or a validation, in the order found.
///
/// ```
/// let r = chargeshift_graph::validate::Report::default();
/// assert!(r.is_clean());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Report {
    /// The findings.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Whether there is no finding.
    #[must_use]
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }

    /// The findings of one class.
    ///
    /// ```
    /// use chargeshift_graph::validate::{FindingClass, Report};
    /// assert_eq!(Report::default().of_class(FindingClass::Cycle).count(), 0);
    /// ```
    pub fn of_class(&self, class: FindingClass) -> impl Iterator<Item = &Finding> + '_ {
        self.findings.iter().filter(move |f| f.code == class)
    }

    /// Adds a finding.
    pub fn push(&mut self, class: FindingClass, at: Where, message: impl Into<String>) {
        self.findings
            .push(Finding::new(class, class.severity(), message).at(at));
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for finding in &self.findings {
            writeln!(f, "{finding}")?;
        }
        Ok(())
    }
}

fn node_where(fleet: &Fleet, ix: petgraph::stable_graph::NodeIndex, field: &str) -> Where {
    Where {
        file: None,
        line: None,
        record: Some(format!(
            "{} {:?}",
            fleet.kind(ix).map_or("node", NodeKind::as_str),
            fleet.id(ix)
        )),
        field: Some(field.to_owned()),
    }
}

/// Checks the rules of a built fleet that span records: every asset has a user group
/// ([`FindingClass::EmptyField`]) and every charge point of a charge group has the same provider
/// as the group ([`FindingClass::CrossProvider`]).
///
/// # Complexity
/// O(V + E × depth of the user-group tree).
///
/// # Example
/// ```
/// use chargeshift_graph::{validate, ChargeGroup, ChargePoint, Fleet, LinkKind, UserGroup};
/// let mut f = Fleet::new();
/// let p1 = f.add_user_group("P1", UserGroup { name: None, is_provider: true }, None)?;
/// let p2 = f.add_user_group("P2", UserGroup { name: None, is_provider: true }, None)?;
/// let cp = f.add_asset("CP", ChargePoint::default(), p1)?;
/// let g = f.add_asset("G", ChargeGroup::default(), p2)?;
/// f.add_link(cp, g, LinkKind::ChargePointChargeGroup)?;
/// let report = validate::validate(&f);
/// assert_eq!(report.findings.len(), 1);
/// # Ok::<(), chargeshift_graph::ModelError>(())
/// ```
#[must_use]
pub fn validate(fleet: &Fleet) -> Report {
    let mut report = Report::default();
    for ix in fleet.assets_without_user_group() {
        report.push(
            FindingClass::EmptyField,
            node_where(fleet, ix, "user_group"),
            "asset has no user group",
        );
    }
    cross_provider(fleet, &mut report);
    report
}

pub(crate) fn cross_provider(fleet: &Fleet, report: &mut Report) {
    let provider = |ix| fleet.user_group_of(ix).and_then(|u| fleet.provider_of(u));
    for l in fleet.links() {
        if l.link.kind != LinkKind::ChargePointChargeGroup {
            continue;
        }
        let (pc, pg) = (provider(l.source), provider(l.target));
        if pc != pg {
            let name = |p: Option<_>| p.map_or("none".to_owned(), |p| format!("{:?}", fleet.id(p)));
            report.push(
                FindingClass::CrossProvider,
                node_where(fleet, l.source, "charge_group"),
                format!(
                    "charge point of provider {} is in charge group {:?} of provider {}",
                    name(pc),
                    fleet.id(l.target),
                    name(pg)
                ),
            );
        }
    }
}
