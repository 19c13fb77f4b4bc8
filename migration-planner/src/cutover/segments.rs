//! Segments by which waves are cut: a value of a charge point such as its vendor, firmware,
//! country or a segment tag.
//!
//! The built-in keys are [`BUILT_IN`]; every segment tag key present on a charge point of the
//! fleet is a key too (a tag shadows a built-in key of the same name, as in
//! [`Fleet::segment_of`]). An unknown key is an error naming the closest known key.

use std::borrow::Cow;
use std::collections::BTreeSet;

use chargeshift_graph::{Fleet, LinkKind, NodeData, NodeIndex, NodeKind};

use super::CutoverError;

/// The built-in segment keys: `vendor`, `model`, `firmware`, `vendor_model`, `country`,
/// `city` (of the charge point's location), `user_group` (its owner's id),
/// `customer_account` (the smallest id of the customers linked to it) and `criticality` (the
/// `criticality` segment tag).
pub const BUILT_IN: [&str; 9] = [
    "vendor",
    "model",
    "firmware",
    "vendor_model",
    "country",
    "city",
    "user_group",
    "customer_account",
    "criticality",
];

/// A segment key checked against a fleet, from [`Segment::parse`].
///
/// ```
/// use chargeshift_planner::cutover::segments::Segment;
/// let fleet = chargeshift_graph::generate::fleet(20);
/// let s = Segment::parse(&fleet, "vendor")?;
/// assert_eq!(s.key(), "vendor");
/// # Ok::<(), chargeshift_planner::cutover::CutoverError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    key: String,
}

impl Segment {
    /// The segment `key` of `fleet`: a built-in key or a segment tag key of one of its charge
    /// points.
    ///
    /// # Errors
    /// [`CutoverError::UnknownSegment`] with the closest known key.
    ///
    /// # Complexity
    /// O(1) for a built-in key, else O(charge points × tags).
    ///
    /// ```
    /// use chargeshift_planner::cutover::{segments::Segment, CutoverError};
    /// let fleet = chargeshift_graph::generate::fleet(20);
    /// assert!(Segment::parse(&fleet, "site").is_ok()); // a tag of the generated fleet
    /// let e = Segment::parse(&fleet, "vendr").unwrap_err();
    /// assert_eq!(e.to_string(), "unknown segment key \"vendr\" (did you mean \"vendor\"?)");
    /// ```
    pub fn parse(fleet: &Fleet, key: &str) -> Result<Segment, CutoverError> {
        if BUILT_IN.contains(&key) {
            return Ok(Segment {
                key: key.to_owned(),
            });
        }
        let known = known_keys(fleet);
        if known.iter().any(|k| k == key) {
            return Ok(Segment {
                key: key.to_owned(),
            });
        }
        let closest = known
            .iter()
            .map(|k| (strsim::jaro_winkler(key, k), k))
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
            .map(|(_, k)| k.clone());
        Err(CutoverError::UnknownSegment {
            key: key.to_owned(),
            closest,
        })
    }

    /// The key.
    #[must_use]
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The value of this segment for charge point `cp`, `None` when it has none.
    ///
    /// # Complexity
    /// O(degree of `cp`) for `customer_account`, O(log tags) otherwise.
    ///
    /// ```
    /// use chargeshift_graph::{ChargePoint, Customer, Fleet, LinkKind, UserGroup};
    /// use chargeshift_planner::cutover::segments::Segment;
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// let cp = f.add_asset("CP", ChargePoint { firmware: Some("1.2".into()), ..Default::default() }, ug)?;
    /// let c = f.add_asset("C-9", Customer::default(), ug)?;
    /// f.add_link(c, cp, LinkKind::CustomerChargePoint)?;
    /// let value = |k| Segment::parse(&f, k).map(|s| s.value(&f, cp));
    /// assert_eq!(value("firmware")?.as_deref(), Some("1.2"));
    /// assert_eq!(value("customer_account")?.as_deref(), Some("C-9"));
    /// assert_eq!(value("criticality")?, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn value(&self, fleet: &Fleet, cp: NodeIndex) -> Option<String> {
        self.value_ref(fleet, cp).map(Cow::into_owned)
    }

    /// [`Segment::value`] borrowed from the fleet where it can be (see
    /// [`Fleet::segment_value`]).
    ///
    /// # Complexity
    /// As [`Segment::value`], without a copy.
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use chargeshift_planner::cutover::segments::Segment;
    /// let fleet = chargeshift_graph::generate::fleet(20);
    /// let (cp, _) = fleet.nodes_of_kind(chargeshift_graph::NodeKind::ChargePoint).next().unwrap();
    /// let vendor = Segment::parse(&fleet, "vendor")?;
    /// assert!(matches!(vendor.value_ref(&fleet, cp), Some(Cow::Borrowed(_))));
    /// assert_eq!(vendor.value_ref(&fleet, cp).map(Cow::into_owned), vendor.value(&fleet, cp));
    /// # Ok::<(), chargeshift_planner::cutover::CutoverError>(())
    /// ```
    #[must_use]
    pub fn value_ref<'f>(&self, fleet: &'f Fleet, cp: NodeIndex) -> Option<Cow<'f, str>> {
        match self.key.as_str() {
            "customer_account" => {
                let Some(NodeData::ChargePoint(d)) = fleet.node(cp).map(|n| &n.data) else {
                    return None;
                };
                if let Some(v) = d.segments.get("customer_account") {
                    return Some(Cow::Borrowed(v));
                }
                fleet
                    .linked(cp, LinkKind::CustomerChargePoint)
                    .map(|c| fleet.id(c))
                    .min()
                    .map(Cow::Borrowed)
            }
            key => fleet.segment_value(cp, key),
        }
    }
}

/// Every segment key of `fleet`: the built-in keys and the tag keys of its charge points,
/// sorted, each once.
///
/// # Complexity
/// O(charge points × tags × log keys).
///
/// ```
/// let fleet = chargeshift_graph::generate::fleet(20);
/// let keys = chargeshift_planner::cutover::segments::known_keys(&fleet);
/// assert!(keys.iter().any(|k| k == "site") && keys.iter().any(|k| k == "vendor"));
/// ```
#[must_use]
pub fn known_keys(fleet: &Fleet) -> Vec<String> {
    let mut keys: BTreeSet<String> = BUILT_IN.iter().map(|&k| k.to_owned()).collect();
    for (_, n) in fleet.nodes_of_kind(NodeKind::ChargePoint) {
        if let NodeData::ChargePoint(d) = &n.data {
            keys.extend(d.segments.keys().map(|k| k.to_string()));
        }
    }
    keys.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_key_parses_and_unknown_keys_suggest() {
        let f = chargeshift_graph::generate::fleet(30);
        for k in BUILT_IN {
            assert!(Segment::parse(&f, k).is_ok(), "{k}");
        }
        match Segment::parse(&f, "contry") {
            Err(CutoverError::UnknownSegment { key, closest }) => {
                assert_eq!(key, "contry");
                assert_eq!(closest.as_deref(), Some("country"));
            }
            other => panic!("{other:?}"),
        }
        let (cp, _) = f.nodes_of_kind(NodeKind::ChargePoint).next().unwrap();
        let crit = Segment::parse(&f, "criticality").unwrap().value(&f, cp);
        assert!(crit.is_some());
        assert!(
            Segment::parse(&f, "country")
                .unwrap()
                .value(&f, cp)
                .is_some()
        );
    }
}
