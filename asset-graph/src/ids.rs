//! The one identity of an asset and of a link, by kind and id as the back office writes them.
//!
//! Every stage that names an asset or a link to a person or in a file (findings, plans, requests,
//! waves, reconciliation reports) uses these two types, never node or edge indices: an
//! [`AssetId`] and a [`LinkId`] mean the same thing in any fleet that holds the asset, in an
//! export of the old back office as in one of the new.
//!
//! A link has a direction (the one of [`LinkKind::endpoints`]): [`LinkId`] serializes as
//! `{kind, source, target}`. Where a person names a link in a request its two ends may come in
//! either order; such fields serialize as `{kind, a, b}` through [`either_order`].

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::fleet::{Fleet, LinkRef};
use crate::model::{LinkKind, NodeKind};
use petgraph::stable_graph::NodeIndex;

/// Orders ids as a person reads them: runs of digits by their value (`K3` before `K10`; a run
/// with a leading zero as a fraction, so `K02` before `K1`), the rest by character; ids that read
/// alike fall back to plain byte order, so the order is total and deterministic. Ids that share
/// a prefix (the ids of one export) are compared from where they first differ, without natord's
/// walk over the prefix; tests check the order against natord's on random pairs.
///
/// # Complexity
/// O(length of the ids).
///
/// ```
/// use chargeshift_graph::ids::natural_cmp;
/// let mut ids = vec!["K10", "K3", "K1", "K01", "K02", "CP0000123", "CP0000087"];
/// ids.sort_by(|a, b| natural_cmp(a, b));
/// // a run of digits with a leading zero compares as a fraction (natord's rule): K01, K02, K1
/// assert_eq!(ids, ["CP0000087", "CP0000123", "K01", "K02", "K1", "K3", "K10"]);
/// ```
#[must_use]
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    // the order is decided where the ids first differ, at byte `i` after a common prefix: seen
    // from there, natord's walk is a few byte comparisons (the prefix is walked alike on both
    // sides); only whitespace, non-ASCII text or one id a prefix of the other take the walk itself
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let slow = || natord::compare(a, b).then_with(|| a.cmp(b));
    let Some(i) = x.iter().zip(y).position(|(p, q)| p != q) else {
        return slow();
    };
    let (p, q) = (x[i], y[i]);
    if !p.is_ascii() || !q.is_ascii() || p.is_ascii_whitespace() || q.is_ascii_whitespace() {
        return slow();
    }
    // the run of digits the common prefix ends with, if any: x[start..i] (== y[start..i])
    let start = x[..i]
        .iter()
        .rposition(|c| !c.is_ascii_digit())
        .map_or(0, |k| k + 1);
    let in_run = start < i;
    match (p.is_ascii_digit(), q.is_ascii_digit()) {
        // two characters, or the first digits of two runs
        (false, false) => p.cmp(&q),
        (true, false) | (false, true) if !in_run => p.cmp(&q),
        // inside a run that ends on one side only: the longer run is the greater, whether it
        // reads as a number or (with a leading zero) as a fraction
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (true, true) => {
            // natord reads a run that starts with a zero (on either side) as a fraction
            let fraction = if in_run {
                x[start] == b'0'
            } else {
                p == b'0' || q == b'0'
            };
            if fraction {
                // a fraction: digit by digit
                p.cmp(&q)
            } else {
                // a number: the longer run is the greater, then the first differing digit
                let run = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
                run(&x[i..]).cmp(&run(&y[i..])).then(p.cmp(&q))
            }
        }
    }
}

/// An asset (or user group) named by its kind and id.
///
/// ```
/// use chargeshift_graph::{AssetId, NodeKind};
/// let a: AssetId = serde_json::from_str(r#"{"kind": "customer", "id": "C-1"}"#)?;
/// assert_eq!(a, AssetId::new(NodeKind::Customer, "C-1"));
/// assert_eq!(a.to_string(), "customer C-1");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct AssetId {
    /// The kind of the asset.
    pub kind: NodeKind,
    /// The id of the asset.
    pub id: String,
}

impl AssetId {
    /// An asset identity.
    #[must_use]
    pub fn new(kind: NodeKind, id: &str) -> AssetId {
        AssetId {
            kind,
            id: id.to_owned(),
        }
    }

    /// The identity of the node `ix` of `fleet` (a removed node reads as a user group with an
    /// empty id). O(1).
    ///
    /// ```
    /// use chargeshift_graph::{AssetId, Fleet, NodeKind, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// assert_eq!(AssetId::of(&f, ug), AssetId::new(NodeKind::UserGroup, "UG"));
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn of(fleet: &Fleet, ix: NodeIndex) -> AssetId {
        AssetId {
            kind: fleet.kind(ix).unwrap_or(NodeKind::UserGroup),
            id: fleet.id(ix).to_owned(),
        }
    }

    /// The node of this asset in `fleet`, if it has one. O(1) expected.
    #[must_use]
    pub fn find(&self, fleet: &Fleet) -> Option<NodeIndex> {
        fleet.find(self.kind, &self.id)
    }
}

impl fmt::Display for AssetId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.id)
    }
}

/// A link named by its kind and the ids of its source and target (in the direction of
/// [`LinkKind::endpoints`]).
///
/// ```
/// use chargeshift_graph::{LinkId, LinkKind};
/// let l = LinkId::new(LinkKind::CardCustomer, "K1", "C1");
/// assert_eq!(l.to_string(), "card_customer K1 -> C1");
/// assert_eq!(serde_json::to_string(&l)?, r#"{"kind":"card_customer","source":"K1","target":"C1"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub struct LinkId {
    /// The kind.
    pub kind: LinkKind,
    /// The source id (first kind of the link kind's endpoints).
    pub source: String,
    /// The target id.
    pub target: String,
}

impl LinkId {
    /// A link identity.
    #[must_use]
    pub fn new(kind: LinkKind, source: &str, target: &str) -> LinkId {
        LinkId {
            kind,
            source: source.to_owned(),
            target: target.to_owned(),
        }
    }

    /// The identity of a fleet link. O(1).
    #[must_use]
    pub fn of(fleet: &Fleet, l: &LinkRef) -> LinkId {
        LinkId {
            kind: l.link.kind,
            source: fleet.id(l.source).to_owned(),
            target: fleet.id(l.target).to_owned(),
        }
    }

    /// The two ends as assets, in the direction of the link kind.
    ///
    /// ```
    /// use chargeshift_graph::{AssetId, LinkId, LinkKind, NodeKind};
    /// let (a, b) = LinkId::new(LinkKind::CardCustomer, "K1", "C1").ends();
    /// assert_eq!((a, b), (AssetId::new(NodeKind::ChargeCard, "K1"), AssetId::new(NodeKind::Customer, "C1")));
    /// ```
    #[must_use]
    pub fn ends(&self) -> (AssetId, AssetId) {
        let (ks, kt) = self.kind.endpoints();
        (
            AssetId::new(ks, &self.source),
            AssetId::new(kt, &self.target),
        )
    }

    /// The links of `fleet` this names, with its two ends in either order (a person naming a
    /// link may write them either way). Empty when the fleet has no such link.
    ///
    /// # Complexity
    /// O(degree of one end).
    ///
    /// ```
    /// use chargeshift_graph::{ChargeCard, Customer, Fleet, LinkId, LinkKind, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// let c = f.add_asset("C1", Customer::default(), ug)?;
    /// let k = f.add_asset("K1", ChargeCard::default(), ug)?;
    /// f.add_link(k, c, LinkKind::CardCustomer)?;
    /// assert_eq!(LinkId::new(LinkKind::CardCustomer, "C1", "K1").find_either_order(&f).len(), 1);
    /// assert!(LinkId::new(LinkKind::CardCustomer, "C1", "K2").find_either_order(&f).is_empty());
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn find_either_order(&self, fleet: &Fleet) -> Vec<LinkRef> {
        let (ka, kb) = self.kind.endpoints();
        let ends = match (fleet.find(ka, &self.source), fleet.find(kb, &self.target)) {
            (Some(a), Some(b)) => Some((a, b)),
            _ => match (fleet.find(ka, &self.target), fleet.find(kb, &self.source)) {
                (Some(a), Some(b)) => Some((a, b)),
                _ => None,
            },
        };
        let Some((a, b)) = ends else {
            return Vec::new();
        };
        fleet
            .links_of_kind(a, self.kind)
            .filter(|x| x.other(a) == b)
            .collect()
    }
}

impl fmt::Display for LinkId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} -> {}", self.kind, self.source, self.target)
    }
}

/// Serde for [`LinkId`]s a person writes with their two ends in either order: `{kind, a, b}`.
/// Use it on a field with `#[serde(with = "chargeshift_graph::ids::either_order")]` and
/// `#[schemars(with = "Vec<chargeshift_graph::ids::EitherOrder>")]`.
///
/// ```
/// use chargeshift_graph::{LinkId, LinkKind};
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Cuts {
///     #[serde(with = "chargeshift_graph::ids::either_order")]
///     links: Vec<LinkId>,
/// }
/// let c: Cuts = serde_json::from_str(r#"{"links": [{"kind": "card_customer", "a": "C1", "b": "K1"}]}"#)?;
/// assert_eq!(c.links, [LinkId::new(LinkKind::CardCustomer, "C1", "K1")]);
/// assert_eq!(serde_json::to_string(&c)?, r#"{"links":[{"kind":"card_customer","a":"C1","b":"K1"}]}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub mod either_order {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{EitherOrder, LinkId};

    /// Serializes the links as `{kind, a, b}`.
    ///
    /// # Errors
    /// The serializer's.
    pub fn serialize<S: Serializer>(links: &[LinkId], s: S) -> Result<S::Ok, S::Error> {
        let wire: Vec<EitherOrder> = links.iter().map(EitherOrder::from).collect();
        wire.serialize(s)
    }

    /// Deserializes links written as `{kind, a, b}`.
    ///
    /// # Errors
    /// The deserializer's, and unknown fields.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<LinkId>, D::Error> {
        let wire = Vec::<EitherOrder>::deserialize(d)?;
        Ok(wire.into_iter().map(LinkId::from).collect())
    }
}

/// The written form of a [`LinkId`] whose ends may come in either order (see
/// [`either_order`]): the JSON shape of a link in a request.
///
/// ```
/// use chargeshift_graph::ids::EitherOrder;
/// let l: EitherOrder = serde_json::from_str(r#"{"kind": "customer_charge_group", "a": "CU1", "b": "CG1"}"#)?;
/// assert_eq!(l.a, "CU1");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EitherOrder {
    /// The kind of link.
    pub kind: LinkKind,
    /// The id of one end.
    pub a: String,
    /// The id of the other end.
    pub b: String,
}

impl From<&LinkId> for EitherOrder {
    fn from(l: &LinkId) -> EitherOrder {
        EitherOrder {
            kind: l.kind,
            a: l.source.clone(),
            b: l.target.clone(),
        }
    }
}

impl From<EitherOrder> for LinkId {
    fn from(l: EitherOrder) -> LinkId {
        LinkId {
            kind: l.kind,
            source: l.a,
            target: l.b,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::natural_cmp;
    use proptest::prelude::*;

    proptest! {
        /// The byte-order shortcut gives natord's order (then bytes) on every pair.
        #[test]
        fn the_shortcut_agrees_with_natord(a in "[A-Z0-9 *-]{0,8}", b in "[A-Z0-9 *-]{0,8}") {
            let slow = natord::compare(&a, &b).then_with(|| a.cmp(&b));
            prop_assert_eq!(natural_cmp(&a, &b), slow);
        }

        /// The same for ids that share a prefix (the ids of one export), so that they first
        /// differ inside a run of digits, at its start, at its end or after it; with characters
        /// below and above the digits, lower case, tabs and non-ASCII text.
        #[test]
        fn the_shortcut_agrees_with_natord_after_a_common_prefix(
            prefix in "[A-Za-z0-9 \t_é-]{0,8}",
            a in "[A-Za-z0-9 \t*é~-]{0,6}",
            b in "[A-Za-z0-9 \t*é~-]{0,6}",
        ) {
            let (a, b) = (format!("{prefix}{a}"), format!("{prefix}{b}"));
            let slow = natord::compare(&a, &b).then_with(|| a.cmp(&b));
            prop_assert_eq!(natural_cmp(&a, &b), slow, "{:?} {:?}", a, b);
            prop_assert_eq!(natural_cmp(&b, &a), slow.reverse());
        }
    }
}
