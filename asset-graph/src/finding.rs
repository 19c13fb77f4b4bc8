//! The one shape of a finding, for every stage: import and validation of a fleet, the checks of
//! a user-group move, the waves of a cutover, health and reconciliation.
//!
//! A [`Finding`] has a code (a stable code and name from the stage's own list of checks, typed:
//! [`FindingCode`]), a [`Severity`], a message, the subjects it concerns ([`AssetId`]s and
//! [`LinkId`]s) and, for a finding about an input file, [`Where`] it is (file, line or record,
//! field). Each stage keeps its codes in an enum that implements [`FindingCode`]: the graph's
//! [`FindingClass`](crate::validate::FindingClass), the planner's checks. Serialized, every
//! finding has the same keys: `code`, `check`, `severity`, `message`, `assets`, `links`, `where`
//! (the last three only when not empty).

use std::borrow::Cow;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::fleet::Fleet;
use crate::ids::{AssetId, LinkId};
use petgraph::stable_graph::NodeIndex;

/// How bad a finding is, worst first (the order sorts errors first).
///
/// ```
/// use chargeshift_graph::Severity;
/// assert!(Severity::Error < Severity::Warning && Severity::Warning < Severity::Info);
/// assert_eq!(Severity::Warning.as_str(), "warning");
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// What was asked cannot be done as asked: it is blocked (an import is rejected, a plan is
    /// blocked).
    Error,
    /// It can be done, but something needs attention.
    Warning,
    /// For the record.
    Info,
}

impl Severity {
    /// The snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The codes of one stage's findings: a closed list, each with a stable code (`CS002`) and a
/// stable name (`provider-boundary`), both part of the output formats.
///
/// ```
/// use chargeshift_graph::FindingCode;
/// use chargeshift_graph::validate::FindingClass;
/// assert_eq!(FindingClass::DanglingReference.code(), "GR005");
/// assert_eq!(FindingClass::from_code("GR005"), Some(FindingClass::DanglingReference));
/// ```
pub trait FindingCode: Copy + Eq + fmt::Debug + 'static {
    /// Every code of the list, in the order of their codes.
    const ALL: &'static [Self];

    /// The name of a finding of this list in JSON Schemas and the types generated from them
    /// (`Finding` unless a stage names its own).
    const SCHEMA_NAME: &'static str = "Finding";

    /// The stable code, e.g. `CS002`.
    fn code(self) -> &'static str;

    /// The stable name, e.g. `provider-boundary`.
    fn name(self) -> &'static str;

    /// The entry of [`FindingCode::ALL`] with this code. O(length of the list).
    #[must_use]
    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.code() == code)
    }
}

/// Where a finding is: the file, the line (CSV) or record (JSON path, OCPI object), the field.
///
/// ```
/// use chargeshift_graph::Where;
/// let w = Where { file: Some("cards.csv".into()), line: Some(3), record: None, field: Some("customer".into()) };
/// assert_eq!(w.to_string(), "cards.csv:3 field customer");
/// assert!(Where::default().is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Where {
    /// The file (or `<string>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The 1-based line, for line-oriented files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The record, e.g. `charge_points[12]` or `links.card_customer[3]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// The field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl Where {
    /// Whether nothing is known of where.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.file.is_none() && self.line.is_none() && self.record.is_none() && self.field.is_none()
    }
}

impl fmt::Display for Where {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sep = "";
        if let Some(file) = &self.file {
            write!(f, "{file}")?;
            sep = " ";
        }
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            sep = " ";
        }
        if let Some(r) = &self.record {
            write!(f, "{sep}{r}")?;
            sep = " ";
        }
        if let Some(field) = &self.field {
            write!(f, "{sep}field {field}")?;
        }
        Ok(())
    }
}

/// One finding of a stage: its code, severity and message, the assets and links it concerns,
/// and where it is in an input file.
///
/// ```
/// use chargeshift_graph::{AssetId, Finding, NodeKind, Severity, Where};
/// use chargeshift_graph::validate::FindingClass;
/// let f = Finding::new(FindingClass::EmptyField, Severity::Error, "empty id")
///     .at(Where { record: Some("customers[0]".into()), ..Where::default() })
///     .with_asset_ids(vec![AssetId::new(NodeKind::Customer, "C1")]);
/// assert_eq!(f.to_string(), "empty_field: customers[0]: empty id");
/// let json = serde_json::to_value(&f)?;
/// assert_eq!(json["code"], "GR002");
/// assert_eq!(json["check"], "empty_field");
/// assert_eq!(json["where"]["record"], "customers[0]");
/// let back: Finding<FindingClass> = serde_json::from_value(json)?;
/// assert_eq!(back, f);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding<C> {
    /// The code, from the stage's list.
    pub code: C,
    /// The severity.
    pub severity: Severity,
    /// What was found, lowercase.
    pub message: String,
    /// The assets concerned.
    pub assets: Vec<AssetId>,
    /// The links concerned.
    pub links: Vec<LinkId>,
    /// Where it is in an input file (empty for a finding about a fleet or a plan).
    pub at: Where,
}

impl<C: FindingCode> Finding<C> {
    /// A finding of `code` with `severity` and `message`, without subjects.
    #[must_use]
    pub fn new(code: C, severity: Severity, message: impl Into<String>) -> Finding<C> {
        Finding {
            code,
            severity,
            message: message.into(),
            assets: Vec::new(),
            links: Vec::new(),
            at: Where::default(),
        }
    }

    /// This finding at `at`.
    #[must_use]
    pub fn at(mut self, at: Where) -> Finding<C> {
        self.at = at;
        self
    }

    /// This finding with the assets `assets` of `fleet`.
    #[must_use]
    pub fn with_assets(mut self, fleet: &Fleet, assets: &[NodeIndex]) -> Finding<C> {
        self.assets = assets.iter().map(|&a| AssetId::of(fleet, a)).collect();
        self
    }

    /// This finding with the assets concerned, by identity.
    #[must_use]
    pub fn with_asset_ids(mut self, assets: Vec<AssetId>) -> Finding<C> {
        self.assets = assets;
        self
    }

    /// This finding with the links concerned.
    #[must_use]
    pub fn with_links(mut self, links: Vec<LinkId>) -> Finding<C> {
        self.links = links;
        self
    }

    /// The stable code, e.g. `CS002`.
    #[must_use]
    pub fn code_str(&self) -> &'static str {
        self.code.code()
    }

    /// The stable name of the check, e.g. `provider-boundary`.
    #[must_use]
    pub fn check(&self) -> &'static str {
        self.code.name()
    }
}

impl<C: FindingCode> fmt::Display for Finding<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at.is_empty() {
            write!(f, "{}: {}", self.code.name(), self.message)
        } else {
            write!(f, "{}: {}: {}", self.code.name(), self.at, self.message)
        }
    }
}

/// The written form of a [`Finding`].
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Wire<'a> {
    /// The stable code, e.g. `CS002`.
    code: Cow<'a, str>,
    /// The stable name of the check, e.g. `provider-boundary`.
    check: Cow<'a, str>,
    /// The severity.
    severity: Severity,
    /// What was found, lowercase.
    message: Cow<'a, str>,
    /// The assets concerned.
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    assets: Cow<'a, [AssetId]>,
    /// The links concerned.
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    links: Cow<'a, [LinkId]>,
    /// Where it is in an input file.
    #[serde(rename = "where", default, skip_serializing_if = "Where::is_empty")]
    at: Cow<'a, Where>,
}

impl<C: FindingCode> Serialize for Finding<C> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Wire {
            code: Cow::Borrowed(self.code.code()),
            check: Cow::Borrowed(self.code.name()),
            severity: self.severity,
            message: Cow::Borrowed(&self.message),
            assets: Cow::Borrowed(&self.assets),
            links: Cow::Borrowed(&self.links),
            at: Cow::Borrowed(&self.at),
        }
        .serialize(s)
    }
}

impl<'de, C: FindingCode> Deserialize<'de> for Finding<C> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let w = Wire::deserialize(d)?;
        let code = C::from_code(&w.code).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown finding code {:?} (known: {})",
                w.code,
                C::ALL
                    .iter()
                    .map(|c| c.code())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
        Ok(Finding {
            code,
            severity: w.severity,
            message: w.message.into_owned(),
            assets: w.assets.into_owned(),
            links: w.links.into_owned(),
            at: w.at.into_owned(),
        })
    }
}

impl<C: FindingCode> JsonSchema for Finding<C> {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed(C::SCHEMA_NAME)
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut schema = Wire::json_schema(generator);
        // the code and the check name are closed lists: name them
        let codes: Vec<&str> = C::ALL.iter().map(|c| c.code()).collect();
        let names: Vec<&str> = C::ALL.iter().map(|c| c.name()).collect();
        if let Some(props) = schema
            .get_mut("properties")
            .and_then(serde_json::Value::as_object_mut)
        {
            for (key, list) in [("code", codes), ("check", names)] {
                if let Some(p) = props
                    .get_mut(key)
                    .and_then(serde_json::Value::as_object_mut)
                {
                    p.insert("enum".to_owned(), serde_json::json!(list));
                }
            }
        }
        schema
    }
}
