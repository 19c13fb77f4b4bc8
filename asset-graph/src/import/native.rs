//! The records of the native JSON import: a private mirror of each record of
//! [`crate::document::Document`] whose strings borrow from the input bytes, so that parsing
//! allocates nothing per field, and the conversions of both these and the owned records into
//! what the builder takes.
//!
//! The mirror has the same field names, defaults and types as the public records (only the
//! strings differ), so it accepts what they accept. It may be stricter: when the fast path
//! fails, [`crate::document::read_json_slice`] parses again into `Document` and reports that
//! error (or imports that document), so errors keep serde_json's message, line and column.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use crate::document::{
    CardCustomer, ChargeCardRecord, ChargeGroupRecord, ChargeGroupTariff, ChargePointChargeGroup,
    ChargePointLocation, ChargePointParameterSet, ChargePointRecord, CustomerChargeGroup,
    CustomerChargePoint, CustomerRecord, LocationRecord, NamedRecord, UserGroupRecord,
};
use crate::model::{
    CardStatus, ChargeCard, ChargeGroup, ChargeGroupType, ChargePoint, CompactString, Coordinates,
    Customer, Id, Location, NodeData, ParameterSet, Tags, Tariff, UserGroup,
};

/// A string of the document: borrowed from the input when it has no escape, owned otherwise
/// (and for the records of an owned [`crate::document::Document`], whose strings move in
/// without a copy).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Text<'a>(Cow<'a, str>);

impl Text<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The string without white space around it ([`str::trim`]), as ids and references to
    /// them are read in every format (the CSV bundle trims every cell).
    pub(crate) fn trimmed(self) -> Self {
        match self.0 {
            Cow::Borrowed(s) => Text(Cow::Borrowed(s.trim())),
            Cow::Owned(mut s) => {
                s.truncate(s.trim_end().len());
                s.drain(..s.len() - s.trim_start().len());
                Text(Cow::Owned(s))
            }
        }
    }

    /// The string as a node id.
    pub(crate) fn into_id(self) -> Id {
        match self.0 {
            Cow::Borrowed(s) => Id::new(s),
            Cow::Owned(s) => Id::from_string(s),
        }
    }

    /// The string as the fleet stores it (a copy only if borrowed).
    pub(crate) fn into_box(self) -> Box<str> {
        match self.0 {
            Cow::Borrowed(s) => Box::from(s),
            Cow::Owned(s) => s.into_boxed_str(),
        }
    }

    /// The string as a charge point stores it: inline up to 24 bytes (an owned string's
    /// allocation reused beyond that).
    pub(crate) fn into_compact(self) -> CompactString {
        match self.0 {
            Cow::Borrowed(s) => CompactString::new(s),
            Cow::Owned(s) => CompactString::from(s),
        }
    }
}

impl From<String> for Text<'static> {
    fn from(s: String) -> Self {
        Text(Cow::Owned(s))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Text<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'a>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'a>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'a>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_string(V(PhantomData))
    }
}

/// The segment tags of a charge point, in document order (a later duplicate key wins, as in
/// the `BTreeMap` of [`ChargePointRecord`]).
#[derive(Debug, Default)]
pub(crate) struct Segments<'a>(Vec<(Text<'a>, Text<'a>)>);

impl<'de: 'a, 'a> Deserialize<'de> for Segments<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Segments<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Segments<'a>, M::Error> {
                let mut v = Vec::with_capacity(map.size_hint().unwrap_or(2).min(16));
                while let Some(kv) = map.next_entry::<Text<'a>, Text<'a>>()? {
                    v.push(kv);
                }
                Ok(Segments(v))
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

impl Segments<'_> {
    fn into_tags(self) -> Tags {
        self.0
            .into_iter()
            .map(|(k, v)| (k.into_compact(), v.into_compact()))
            .collect()
    }
}

/// The mirror of [`UserGroupRecord`].
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct UserGroupRec<'a> {
    #[serde(borrow)]
    id: Text<'a>,
    #[serde(borrow)]
    name: Option<Text<'a>>,
    #[serde(borrow)]
    parent: Option<Text<'a>>,
    is_provider: bool,
}

/// The mirror of [`CustomerRecord`].
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct CustomerRec<'a> {
    #[serde(borrow)]
    id: Text<'a>,
    #[serde(borrow)]
    user_group: Option<Text<'a>>,
    #[serde(borrow)]
    name: Option<Text<'a>>,
}

/// The mirror of [`ChargeCardRecord`].
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ChargeCardRec<'a> {
    #[serde(borrow)]
    id: Text<'a>,
    #[serde(borrow)]
    user_group: Option<Text<'a>>,
    status: CardStatus,
    #[serde(borrow)]
    contract_id: Option<Text<'a>>,
    #[serde(borrow)]
    group_id: Option<Text<'a>>,
}

/// The mirror of [`ChargePointRecord`].
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ChargePointRec<'a> {
    #[serde(borrow)]
    id: Text<'a>,
    #[serde(borrow)]
    user_group: Option<Text<'a>>,
    #[serde(borrow)]
    vendor: Option<Text<'a>>,
    #[serde(borrow)]
    model: Option<Text<'a>>,
    #[serde(borrow)]
    firmware: Option<Text<'a>>,
    #[serde(borrow)]
    serial: Option<Text<'a>>,
    evse_count: u16,
    connector_count: u16,
    #[serde(borrow)]
    segments: Segments<'a>,
}

/// The mirror of [`LocationRecord`].
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct LocationRec<'a> {
    #[serde(borrow)]
    id: Text<'a>,
    #[serde(borrow)]
    user_group: Option<Text<'a>>,
    #[serde(borrow)]
    name: Option<Text<'a>>,
    #[serde(borrow)]
    address: Option<Text<'a>>,
    #[serde(borrow)]
    city: Option<Text<'a>>,
    #[serde(borrow)]
    country: Option<Text<'a>>,
    latitude: Option<f64>,
    longitude: Option<f64>,
}

/// The mirror of [`ChargeGroupRecord`].
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ChargeGroupRec<'a> {
    #[serde(borrow)]
    id: Text<'a>,
    #[serde(borrow)]
    user_group: Option<Text<'a>>,
    #[serde(borrow)]
    name: Option<Text<'a>>,
    #[serde(rename = "type")]
    group_type: ChargeGroupType,
    all_customers: bool,
    roaming: bool,
}

/// The mirror of [`NamedRecord`].
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct NamedRec<'a> {
    #[serde(borrow)]
    id: Text<'a>,
    #[serde(borrow)]
    user_group: Option<Text<'a>>,
    #[serde(borrow)]
    name: Option<Text<'a>>,
}

/// What the builder takes of a user-group record.
pub(crate) struct GroupIn<'a> {
    pub(crate) id: Text<'a>,
    pub(crate) parent: Option<Text<'a>>,
    pub(crate) data: NodeData,
}

/// What the builder takes of an asset record.
pub(crate) struct AssetIn<'a> {
    pub(crate) id: Text<'a>,
    pub(crate) user_group: Option<Text<'a>>,
    pub(crate) data: NodeData,
    /// A location with only one of latitude and longitude.
    pub(crate) half_coordinates: bool,
    /// A location's latitude and longitude when out of range or not finite, with their names
    /// (the location is then kept without coordinates).
    pub(crate) bad_coordinates: [Option<(&'static str, f64)>; 2],
}

/// What the builder takes of a link record: the two ends in the order of
/// [`crate::LinkKind::endpoints`] and the customer-specific tariff.
pub(crate) struct LinkIn<'a> {
    pub(crate) a: Text<'a>,
    pub(crate) b: Text<'a>,
    pub(crate) tariff: Option<Text<'a>>,
}

/// A node record, mirror or owned, whose id can be read before it is converted.
pub(crate) trait Keyed {
    /// The id as written.
    fn key(&self) -> &str;
}

macro_rules! keyed {
    ($($t:ty),*) => {$(
        impl Keyed for $t {
            fn key(&self) -> &str {
                self.id.trim()
            }
        }
    )*};
}
keyed!(
    CustomerRec<'_>,
    CustomerRecord,
    ChargeCardRec<'_>,
    ChargeCardRecord,
    ChargePointRec<'_>,
    ChargePointRecord,
    LocationRec<'_>,
    LocationRecord,
    ChargeGroupRec<'_>,
    ChargeGroupRecord,
    NamedRec<'_>,
    NamedRecord
);

impl<R: Keyed> Keyed for Tariffs<R> {
    fn key(&self) -> &str {
        self.0.key()
    }
}

impl<R: Keyed> Keyed for ParameterSets<R> {
    fn key(&self) -> &str {
        self.0.key()
    }
}

impl std::ops::Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// A string field as the fleet stores it: absent when empty.
trait Field {
    fn field(self) -> Option<Box<str>>;
    /// The field as a charge point stores it ([`Text::into_compact`]).
    fn compact(self) -> Option<CompactString>;
}

impl Field for Option<Text<'_>> {
    fn field(self) -> Option<Box<str>> {
        self.filter(|x| !x.as_str().is_empty()).map(Text::into_box)
    }
    fn compact(self) -> Option<CompactString> {
        self.filter(|x| !x.as_str().is_empty())
            .map(Text::into_compact)
    }
}

impl Field for Option<String> {
    fn field(self) -> Option<Box<str>> {
        self.filter(|x| !x.is_empty()).map(String::into_boxed_str)
    }
    fn compact(self) -> Option<CompactString> {
        self.filter(|x| !x.is_empty()).map(CompactString::from)
    }
}

/// A string field of either kind of record as a [`Text`]: a mirror's `Text` as it is, an owned
/// record's `String` moved in.
trait IntoText<'a> {
    fn into_text(self) -> Text<'a>;
}

impl<'a> IntoText<'a> for Text<'a> {
    fn into_text(self) -> Text<'a> {
        self
    }
}

impl<'a> IntoText<'a> for String {
    fn into_text(self) -> Text<'a> {
        Text::from(self)
    }
}

/// An id (or a reference to one) of either kind of record as a trimmed [`Text`].
fn id<'a, T: IntoText<'a>>(s: T) -> Text<'a> {
    s.into_text().trimmed()
}

/// An optional id (or reference) of either kind of record as a trimmed [`Text`].
fn opt_id<'a, T: IntoText<'a>>(s: Option<T>) -> Option<Text<'a>> {
    s.map(id)
}

/// The segment tags of either kind of charge point record, as the fleet stores them.
trait IntoSegments {
    fn into_segments(self) -> Tags;
}

impl IntoSegments for Segments<'_> {
    fn into_segments(self) -> Tags {
        self.into_tags()
    }
}

impl IntoSegments for BTreeMap<String, String> {
    fn into_segments(self) -> Tags {
        self.into_iter().collect()
    }
}

fn asset<'a>(id: Text<'a>, user_group: Option<Text<'a>>, data: NodeData) -> AssetIn<'a> {
    AssetIn {
        id,
        user_group,
        data,
        half_coordinates: false,
        bad_coordinates: [None, None],
    }
}

/// The latitude and the longitude that are out of range (−90..90, −180..180) or not finite.
fn out_of_range(latitude: Option<f64>, longitude: Option<f64>) -> [Option<(&'static str, f64)>; 2] {
    [
        latitude
            .filter(|v| !(-90.0..=90.0).contains(v))
            .map(|v| ("latitude", v)),
        longitude
            .filter(|v| !(-180.0..=180.0).contains(v))
            .map(|v| ("longitude", v)),
    ]
}

/// The coordinates, when both are given and both are in range.
fn coordinates(latitude: Option<f64>, longitude: Option<f64>) -> Option<Coordinates> {
    if out_of_range(latitude, longitude)
        .iter()
        .any(Option::is_some)
    {
        return None;
    }
    Some(Coordinates {
        latitude: latitude?,
        longitude: longitude?,
    })
}

/// A tariff or a parameter set record, mirror or owned, and which of the two it is.
pub(crate) struct Tariffs<R>(pub(crate) R);
/// See [`Tariffs`].
pub(crate) struct ParameterSets<R>(pub(crate) R);

/// Writes the conversion of one kind of record into what the builder takes once, for both the
/// borrowed mirror and the owned record of a [`crate::document::Document`], so the two imports
/// cannot drift apart.
macro_rules! from_both {
    ($($lt:lifetime $mirror:ty, $owned:ty => $out:ident, |$p:pat_param| $body:expr;)*) => {$(
        impl<$lt> From<$mirror> for $out<$lt> {
            fn from($p: $mirror) -> Self {
                $body
            }
        }
        impl From<$owned> for $out<'static> {
            fn from($p: $owned) -> Self {
                $body
            }
        }
    )*};
}

from_both! {
    'a UserGroupRec<'a>, UserGroupRecord => GroupIn, |r| GroupIn {
        id: id(r.id),
        parent: opt_id(r.parent),
        data: NodeData::UserGroup(UserGroup {
            name: r.name.field(),
            is_provider: r.is_provider,
        }),
    };
    'a CustomerRec<'a>, CustomerRecord => AssetIn, |r| {
        let data = Customer {
            name: r.name.field(),
        };
        asset(id(r.id), opt_id(r.user_group), data.into())
    };
    'a ChargeCardRec<'a>, ChargeCardRecord => AssetIn, |r| {
        let data = ChargeCard {
            status: r.status,
            contract_id: r.contract_id.field(),
            group_id: r.group_id.field(),
        };
        asset(id(r.id), opt_id(r.user_group), data.into())
    };
    'a ChargePointRec<'a>, ChargePointRecord => AssetIn, |r| {
        let data = ChargePoint {
            vendor: r.vendor.compact(),
            model: r.model.compact(),
            firmware: r.firmware.compact(),
            serial: r.serial.compact(),
            evse_count: r.evse_count,
            connector_count: r.connector_count,
            segments: r.segments.into_segments(),
        };
        asset(id(r.id), opt_id(r.user_group), data.into())
    };
    'a LocationRec<'a>, LocationRecord => AssetIn, |r| {
        let data = Location {
            name: r.name.field(),
            address: r.address.field(),
            city: r.city.field(),
            country: r.country.field(),
            coordinates: coordinates(r.latitude, r.longitude),
        };
        AssetIn {
            half_coordinates: r.latitude.is_some() != r.longitude.is_some(),
            bad_coordinates: out_of_range(r.latitude, r.longitude),
            ..asset(id(r.id), opt_id(r.user_group), data.into())
        }
    };
    'a ChargeGroupRec<'a>, ChargeGroupRecord => AssetIn, |r| {
        let data = ChargeGroup {
            name: r.name.field(),
            group_type: r.group_type,
            all_customers: r.all_customers,
            roaming: r.roaming,
        };
        asset(id(r.id), opt_id(r.user_group), data.into())
    };
    'a Tariffs<NamedRec<'a>>, Tariffs<NamedRecord> => AssetIn, |Tariffs(r)| {
        let data = Tariff {
            name: r.name.field(),
        };
        asset(id(r.id), opt_id(r.user_group), data.into())
    };
    'a ParameterSets<NamedRec<'a>>, ParameterSets<NamedRecord> => AssetIn, |ParameterSets(r)| {
        let data = ParameterSet {
            name: r.name.field(),
        };
        asset(id(r.id), opt_id(r.user_group), data.into())
    };
    'a CustomerChargeGroupRec<'a>, CustomerChargeGroup => LinkIn, |r| LinkIn {
        a: id(r.customer),
        b: id(r.charge_group),
        tariff: opt_id(r.tariff),
    };
}

macro_rules! link_mirror {
    ($($(#[$doc:meta])* $name:ident, $owned:ident, $a:ident, $b:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Default, Deserialize)]
        #[serde(default)]
        pub(crate) struct $name<'a> {
            #[serde(borrow)]
            $a: Text<'a>,
            #[serde(borrow)]
            $b: Text<'a>,
        }
        from_both! {
            'a $name<'a>, $owned => LinkIn, |r| LinkIn {
                a: id(r.$a),
                b: id(r.$b),
                tariff: None,
            };
        }
    )*};
}

link_mirror! {
    /// The mirror of [`CardCustomer`].
    CardCustomerRec, CardCustomer, card, customer;
    /// The mirror of [`CustomerChargePoint`].
    CustomerChargePointRec, CustomerChargePoint, customer, charge_point;
    /// The mirror of [`ChargePointChargeGroup`].
    ChargePointChargeGroupRec, ChargePointChargeGroup, charge_point, charge_group;
    /// The mirror of [`ChargePointLocation`].
    ChargePointLocationRec, ChargePointLocation, charge_point, location;
    /// The mirror of [`ChargeGroupTariff`].
    ChargeGroupTariffRec, ChargeGroupTariff, charge_group, tariff;
    /// The mirror of [`ChargePointParameterSet`].
    ChargePointParameterSetRec, ChargePointParameterSet, charge_point, parameter_set;
}

/// The mirror of [`CustomerChargeGroup`].
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct CustomerChargeGroupRec<'a> {
    #[serde(borrow)]
    customer: Text<'a>,
    #[serde(borrow)]
    charge_group: Text<'a>,
    #[serde(borrow)]
    tariff: Option<Text<'a>>,
}
