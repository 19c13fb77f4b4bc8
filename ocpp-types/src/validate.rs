//! Validation of a JSON payload against the generated constraint tables, with named leniencies.
//!
//! The walker follows the schema, so its depth is bounded by the schema's depth whatever the input.

use std::fmt::Write as _;

use serde_json::{Number, Value};

use crate::constraint::{is_multiple, is_uri};
use crate::datetime::{DateTime, TimestampPrecision};
use crate::error::ErrorCode;
use crate::schema::{Format, Node, ObjectNode};
use crate::text::clip;
use crate::version::OcppVersion;

/// Deviations from the schemas that real chargers send, each accepted only when asked for.
///
/// Every field is off by default (strict). A used leniency is reported as a [`Deviation`].
///
/// ```
/// use chargeshift_ocpp::Leniency;
///
/// let strict = Leniency::default();
/// assert!(!strict.enum_case);
/// let gateway = Leniency::all();
/// assert!(gateway.unknown_fields && gateway.timestamp_offsets);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Leniency {
    /// Enum values in the wrong case (`accepted`) or a known misspelling (`Celcius`).
    pub enum_case: bool,
    /// Timestamps without a UTC offset (read as UTC) or with `+02` or `+0200` offsets.
    pub timestamp_offsets: bool,
    /// Timestamps with a space instead of `T` between the date and the time
    /// (`2024-05-01 12:00:00Z`, read as `2024-05-01T12:00:00Z`).
    pub timestamp_spaces: bool,
    /// Numbers (and booleans) sent as strings (`"12.5"`, `"true"`).
    pub numbers_as_strings: bool,
    /// Strings sent as numbers (a sampled value's `value` as `0`): read as the number's
    /// canonical text, the integer's digits or the float's shortest round-trip text (`0`,
    /// `-7`, `12.5`, `1000.0` for `1e3`), the same whether or not serde_json is built with
    /// `arbitrary_precision`. Only for a plain string: a number where a `date-time`, a URI or an
    /// enum value belongs stays a TypeConstraintViolation.
    pub strings_as_numbers: bool,
    /// OCPP 1.6 `DataTransfer.data` sent as a JSON object or array instead of a string.
    pub data_transfer_object: bool,
    /// Fields the schema does not know (dropped from the typed value).
    pub unknown_fields: bool,
    /// Strings longer than the schema's `maxLength` (kept).
    pub long_strings: bool,
    /// Enum values outside the schema's list (a vendor's own `errorCode`, `context`, `reason`):
    /// kept as the text they were, typed as the enum's `Unlisted` variant (e.g.
    /// [`crate::v16::StatusNotificationRequestErrorCode::Unlisted`]), never read as a listed
    /// value; re-encoding writes the text back unchanged. A value that [`Leniency::enum_case`]
    /// can repair is repaired (and reported as that) when both are on. A value longer than
    /// [`MAX_UNLISTED_ENUM_LEN`] characters stays a PropertyConstraintViolation.
    pub unlisted_enum_values: bool,
}

impl Leniency {
    /// Everything strict: no leniency.
    #[must_use]
    pub const fn strict() -> Self {
        Self {
            enum_case: false,
            timestamp_offsets: false,
            timestamp_spaces: false,
            numbers_as_strings: false,
            strings_as_numbers: false,
            data_transfer_object: false,
            unknown_fields: false,
            long_strings: false,
            unlisted_enum_values: false,
        }
    }

    /// [`Leniency::all`] when `lenient`, else [`Leniency::strict`]: the one switch the bindings and
    /// tools offer.
    ///
    /// ```
    /// use chargeshift_ocpp::Leniency;
    ///
    /// assert_eq!(Leniency::from_lenient(true), Leniency::all());
    /// assert_eq!(Leniency::from_lenient(false), Leniency::strict());
    /// ```
    #[must_use]
    pub const fn from_lenient(lenient: bool) -> Self {
        if lenient { Self::all() } else { Self::strict() }
    }

    /// Every leniency on, as a gateway that must pass frames on would use.
    #[must_use]
    pub const fn all() -> Self {
        Self {
            enum_case: true,
            timestamp_offsets: true,
            timestamp_spaces: true,
            numbers_as_strings: true,
            strings_as_numbers: true,
            data_transfer_object: true,
            unknown_fields: true,
            long_strings: true,
            unlisted_enum_values: true,
        }
    }
}

/// Which leniency a [`Deviation`] used.
///
/// It has two stable names: [`LeniencyKind::as_str`] in `snake_case` (also its serde form) and
/// [`LeniencyKind::variant_name`], the variant's name, which the Python and JavaScript bindings
/// write in a deviation's `kind`.
///
/// ```
/// use chargeshift_ocpp::LeniencyKind;
///
/// assert_eq!(LeniencyKind::UnknownField.as_str(), "unknown_field");
/// assert_eq!(LeniencyKind::UnknownField.variant_name(), "UnknownField");
/// assert_eq!("unknown_field".parse(), Ok(LeniencyKind::UnknownField));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LeniencyKind {
    /// [`Leniency::enum_case`]
    EnumCase,
    /// [`Leniency::timestamp_offsets`]
    TimestampOffset,
    /// [`Leniency::numbers_as_strings`]
    NumberAsString,
    /// [`Leniency::data_transfer_object`]
    DataTransferObject,
    /// [`Leniency::unknown_fields`]
    UnknownField,
    /// [`Leniency::long_strings`]
    LongString,
    /// [`Leniency::timestamp_spaces`]
    TimestampSpace,
    /// [`Leniency::strings_as_numbers`]
    StringAsNumber,
    /// [`Leniency::unlisted_enum_values`]
    UnlistedEnumValue,
}

impl LeniencyKind {
    /// Every kind, in declaration order.
    pub const ALL: [Self; 9] = [
        Self::EnumCase,
        Self::TimestampOffset,
        Self::NumberAsString,
        Self::DataTransferObject,
        Self::UnknownField,
        Self::LongString,
        Self::TimestampSpace,
        Self::StringAsNumber,
        Self::UnlistedEnumValue,
    ];

    /// The `snake_case` name (`enum_case`, `timestamp_offset`, `number_as_string`,
    /// `data_transfer_object`, `unknown_field`, `long_string`, `timestamp_space`,
    /// `string_as_number`, `unlisted_enum_value`), as serde writes it.
    ///
    /// ```
    /// use chargeshift_ocpp::LeniencyKind;
    ///
    /// assert_eq!(LeniencyKind::UnlistedEnumValue.as_str(), "unlisted_enum_value");
    /// assert_eq!(LeniencyKind::TimestampSpace.as_str(), "timestamp_space");
    /// assert_eq!(LeniencyKind::StringAsNumber.as_str(), "string_as_number");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::EnumCase => "enum_case",
            Self::TimestampOffset => "timestamp_offset",
            Self::NumberAsString => "number_as_string",
            Self::DataTransferObject => "data_transfer_object",
            Self::UnknownField => "unknown_field",
            Self::LongString => "long_string",
            Self::TimestampSpace => "timestamp_space",
            Self::StringAsNumber => "string_as_number",
            Self::UnlistedEnumValue => "unlisted_enum_value",
        }
    }

    /// The variant's name (`EnumCase`, `TimestampOffset`, `NumberAsString`,
    /// `DataTransferObject`, `UnknownField`, `LongString`, `TimestampSpace`, `StringAsNumber`,
    /// `UnlistedEnumValue`):
    /// what the bindings
    /// write in a deviation's `kind`, kept stable whatever `Debug` prints.
    ///
    /// ```
    /// use chargeshift_ocpp::LeniencyKind;
    ///
    /// assert_eq!(LeniencyKind::TimestampSpace.variant_name(), "TimestampSpace");
    /// assert_eq!(LeniencyKind::StringAsNumber.variant_name(), "StringAsNumber");
    /// ```
    #[must_use]
    pub const fn variant_name(self) -> &'static str {
        match self {
            Self::EnumCase => "EnumCase",
            Self::TimestampOffset => "TimestampOffset",
            Self::NumberAsString => "NumberAsString",
            Self::DataTransferObject => "DataTransferObject",
            Self::UnknownField => "UnknownField",
            Self::LongString => "LongString",
            Self::TimestampSpace => "TimestampSpace",
            Self::StringAsNumber => "StringAsNumber",
            Self::UnlistedEnumValue => "UnlistedEnumValue",
        }
    }
}

impl std::fmt::Display for LeniencyKind {
    /// The `snake_case` name.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of the [`LeniencyKind`]s.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown leniency kind {0:?}")]
pub struct UnknownLeniencyKind(pub String);

impl std::str::FromStr for LeniencyKind {
    type Err = UnknownLeniencyKind;

    /// The kind named by its `snake_case` name or its variant name.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s || k.variant_name() == s)
            .ok_or_else(|| UnknownLeniencyKind(s.to_owned()))
    }
}

/// A deviation from the schema that a leniency accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Deviation {
    /// The leniency used.
    pub kind: LeniencyKind,
    /// The JSON path of the field, e.g. `$.meterValue[0].sampledValue[1].unit`.
    pub path: String,
    /// What was found and what it was read as.
    pub detail: String,
}

/// Why a payload does not satisfy its schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {reason}", clip(.path, 128))]
#[non_exhaustive]
pub struct Violation {
    /// The OCPP-J error code that answers it.
    pub code: ErrorCode,
    /// The JSON path of the offending field, e.g. `$.idTag`.
    pub path: String,
    /// What is wrong, lowercase.
    pub reason: String,
}

/// The longest enum value outside the schema's list that [`Leniency::unlisted_enum_values`]
/// keeps, in characters: the longest listed value of the three versions' schemas has 45
/// (`Energy.Active.Import.LocalGeneration.Register`), and a vendor's own code is as short (1.6 and
/// 2.0.1 give `vendorErrorCode` 50); a longer text is not a value but a fault.
///
/// ```
/// assert_eq!(chargeshift_ocpp::validate::MAX_UNLISTED_ENUM_LEN, 64);
/// ```
pub const MAX_UNLISTED_ENUM_LEN: usize = 64;

/// Misspellings real chargers send, with the value they mean.
const MISSPELLINGS: &[(&str, &str)] = &[("Celcius", "Celsius"), ("Fahrenheight", "Fahrenheit")];

/// What a walk does beyond checking.
pub(crate) struct Walk<'a> {
    pub(crate) leniency: Leniency,
    pub(crate) deviations: &'a mut Vec<Deviation>,
    /// Rewrite timestamps with this precision (when serialising).
    pub(crate) precision: Option<TimestampPrecision>,
    /// Whether `$.data` is OCPP 1.6 DataTransfer's string field.
    pub(crate) v16_data_transfer: bool,
    /// The version, whose JSON Schema draft decides what an integer is.
    pub(crate) version: OcppVersion,
}

const fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn violation(code: ErrorCode, path: &str, reason: String) -> Violation {
    Violation {
        code,
        path: if path.is_empty() {
            "$".to_owned()
        } else {
            format!("${path}")
        },
        reason,
    }
}

/// The timestamp with the space between its date and time (`2024-05-01 12:00:00Z`) written as
/// `T`; `None` when there is no such space.
fn spaced_timestamp(text: &str) -> Option<String> {
    let b = text.as_bytes();
    if b.get(10) != Some(&b' ')
        || !b
            .get(..10)?
            .iter()
            .all(|c| c.is_ascii_digit() || *c == b'-')
    {
        return None;
    }
    let mut t = text.to_owned();
    t.replace_range(10..11, "T");
    Some(t)
}

/// Normalises the UTC offset of a timestamp a charger wrote without one or with `+02`/`+0200`;
/// `None` if it cannot be read.
fn lenient_timestamp(text: &str) -> Option<String> {
    let mut t = text.trim().to_owned();
    let tail_start = t.get(19..)?.find(['Z', 'z', '+', '-']).map(|i| i + 19);
    match tail_start {
        None => t.push('Z'),
        Some(i) => {
            let tail = t.get(i..)?.to_owned();
            let fixed = match tail.len() {
                3 => format!("{tail}:00"),
                5 if !tail.contains(':') => {
                    format!("{}:{}", tail.get(..3)?, tail.get(3..)?)
                }
                _ => tail,
            };
            t.truncate(i);
            t.push_str(&fixed);
        }
    }
    DateTime::parse(&t)
        .ok()
        .map(|d| d.format(TimestampPrecision::Nanos))
}

impl Walk<'_> {
    fn deviate(&mut self, kind: LeniencyKind, path: &str, detail: String) {
        self.deviations.push(Deviation {
            kind,
            path: format!("${path}"),
            detail,
        });
    }

    /// Checks an object payload against its table.
    pub(crate) fn object(
        &mut self,
        value: &mut Value,
        node: &ObjectNode,
        path: &mut String,
    ) -> Result<(), Violation> {
        let Value::Object(map) = value else {
            return Err(violation(
                ErrorCode::TypeConstraintViolation,
                path,
                format!("expected an object, found {}", json_type(value)),
            ));
        };
        if !node.additional {
            let unknown: Vec<String> = map
                .keys()
                .filter(|k| node.prop(k).is_none())
                .cloned()
                .collect();
            for key in unknown {
                let len = path.len();
                let _ = write!(path, ".{key}");
                if self.leniency.unknown_fields {
                    map.remove(&key);
                    self.deviate(
                        LeniencyKind::UnknownField,
                        path,
                        format!("dropped unknown field {:?}", clip(&key, 64)),
                    );
                    path.truncate(len);
                } else {
                    return Err(violation(
                        ErrorCode::FormatViolation,
                        path,
                        format!(
                            "unknown field {:?} (additionalProperties is false)",
                            clip(&key, 64)
                        ),
                    ));
                }
            }
        }
        for prop in node.props {
            let len = path.len();
            let _ = write!(path, ".{}", prop.name);
            match map.get_mut(prop.name) {
                Some(v) => self.node(v, prop.node, path)?,
                None if prop.required => {
                    return Err(violation(
                        ErrorCode::OccurrenceConstraintViolation,
                        path,
                        "required field is missing".to_owned(),
                    ));
                }
                None => {}
            }
            path.truncate(len);
        }
        Ok(())
    }

    fn type_error(value: &Value, expected: &str, path: &str) -> Violation {
        violation(
            ErrorCode::TypeConstraintViolation,
            path,
            format!("expected {expected}, found {}", json_type(value)),
        )
    }

    fn node(&mut self, value: &mut Value, node: Node, path: &mut String) -> Result<(), Violation> {
        match node {
            Node::Object(o) => self.object(value, o, path),
            Node::Array(a) => {
                let Value::Array(items) = value else {
                    return Err(Self::type_error(value, "an array", path));
                };
                let n = items.len();
                if a.min_items.is_some_and(|m| n < m as usize) {
                    return Err(violation(
                        ErrorCode::OccurrenceConstraintViolation,
                        path,
                        format!(
                            "{n} items, fewer than minItems {}",
                            a.min_items.unwrap_or(0)
                        ),
                    ));
                }
                if a.max_items.is_some_and(|m| n > m as usize) {
                    return Err(violation(
                        ErrorCode::OccurrenceConstraintViolation,
                        path,
                        format!("{n} items, more than maxItems {}", a.max_items.unwrap_or(0)),
                    ));
                }
                for (i, item) in items.iter_mut().enumerate() {
                    let len = path.len();
                    let _ = write!(path, "[{i}]");
                    self.node(item, a.items, path)?;
                    path.truncate(len);
                }
                Ok(())
            }
            Node::String { max_length, format } => {
                if !value.is_string()
                    && self.v16_data_transfer
                    && self.leniency.data_transfer_object
                    && path == ".data"
                    && (value.is_object() || value.is_array())
                {
                    let text = value.to_string();
                    self.deviate(
                        LeniencyKind::DataTransferObject,
                        path,
                        format!("{} sent as JSON, read as its text", json_type(value)),
                    );
                    *value = Value::String(text);
                }
                if format == Format::Text
                    && self.leniency.strings_as_numbers
                    && let Value::Number(n) = value
                    && let Some(text) = number_text(n)
                {
                    // not the number's own text: serde_json's features decide how it reads back
                    let detail = format!("a number read as the string {text:?}");
                    self.deviate(LeniencyKind::StringAsNumber, path, detail);
                    *value = Value::String(text);
                }
                let Value::String(s) = value else {
                    return Err(Self::type_error(value, "a string", path));
                };
                if format == Format::DateTime {
                    return self.date_time(value, path);
                }
                if format == Format::Uri && !is_uri(s) {
                    // a string where the schema wants one, whose value is wrong: "syntactically
                    // correct but at least one field contains an invalid value"
                    return Err(violation(
                        ErrorCode::PropertyConstraintViolation,
                        path,
                        format!("{:?} is not a URI", clip(s, 64)),
                    ));
                }
                if let Some(max) = max_length {
                    let n = s.chars().count();
                    if n > max as usize {
                        if self.leniency.long_strings {
                            self.deviate(
                                LeniencyKind::LongString,
                                path,
                                format!("{n} characters, more than maxLength {max}"),
                            );
                        } else {
                            return Err(violation(
                                ErrorCode::PropertyConstraintViolation,
                                path,
                                format!("{n} characters, more than maxLength {max}"),
                            ));
                        }
                    }
                }
                Ok(())
            }
            Node::Enum(values) => {
                let Value::String(s) = value else {
                    return Err(Self::type_error(value, "a string", path));
                };
                if values.contains(&s.as_str()) {
                    return Ok(());
                }
                if self.leniency.enum_case {
                    let fixed = MISSPELLINGS
                        .iter()
                        .find(|(bad, good)| bad.eq_ignore_ascii_case(s) && values.contains(good))
                        .map(|(_, good)| *good)
                        .or_else(|| values.iter().copied().find(|v| v.eq_ignore_ascii_case(s)));
                    if let Some(good) = fixed {
                        let detail = format!("{s:?} read as {good:?}");
                        *value = Value::String(good.to_owned());
                        self.deviate(LeniencyKind::EnumCase, path, detail);
                        return Ok(());
                    }
                }
                if self.leniency.unlisted_enum_values && s.chars().count() <= MAX_UNLISTED_ENUM_LEN
                {
                    // kept as it is: the typed value is the enum's `Unlisted` with this text
                    let detail =
                        format!("{:?} is not one of the allowed values, kept", clip(s, 64));
                    self.deviate(LeniencyKind::UnlistedEnumValue, path, detail);
                    return Ok(());
                }
                Err(violation(
                    ErrorCode::PropertyConstraintViolation,
                    path,
                    format!("{:?} is not one of the allowed values", clip(s, 64)),
                ))
            }
            Node::Integer { minimum, maximum } => {
                self.number_from_string(value, path);
                let Value::Number(n) = value else {
                    return Err(Self::type_error(value, "an integer", path));
                };
                if let Some(f) = n.as_f64().filter(|_| n.is_f64()) {
                    // 2.x's schemas are draft-06, where an integer is any number with a zero
                    // fractional part (`1.0`, `1e0`); 1.6's are draft-04, where it is written
                    // without a fraction or exponent, so `-0` is one (serde_json reads it as a
                    // float). Either is read as the integer it is.
                    let integral = f.fract() == 0.0;
                    let zero_fraction_ok = self.version != OcppVersion::V16 || f == 0.0;
                    if !integral || !zero_fraction_ok {
                        return Err(Self::type_error(value, "an integer", path));
                    }
                    // exactly representable bounds: -2^63 ..= 2^63 - 1 (2^63 itself is out)
                    #[allow(
                        clippy::cast_possible_truncation,
                        reason = "f is integral and within i64's range"
                    )]
                    if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) {
                        *value = Value::from(f as i64);
                    } else {
                        return Err(out_of_range(&n.to_string(), path));
                    }
                } else if n.as_i64().is_none() {
                    // a u64 beyond i64, which the generated types hold integers in
                    return Err(out_of_range(&n.to_string(), path));
                }
                let Value::Number(n) = value else {
                    return Err(Self::type_error(value, "an integer", path));
                };
                range(n, minimum, maximum, path)
            }
            Node::Number {
                minimum,
                maximum,
                multiple_of,
            } => {
                self.number_from_string(value, path);
                let Value::Number(n) = value else {
                    return Err(Self::type_error(value, "a number", path));
                };
                range(n, minimum, maximum, path)?;
                if let Some(step) = multiple_of
                    && !is_multiple(n, step)
                {
                    return Err(violation(
                        ErrorCode::PropertyConstraintViolation,
                        path,
                        format!("{n} is not a multiple of {step}"),
                    ));
                }
                Ok(())
            }
            Node::Any => Ok(()),
            Node::Boolean => {
                if self.leniency.numbers_as_strings
                    && let Some(b) = value.as_str().and_then(|s| s.parse::<bool>().ok())
                {
                    self.deviate(
                        LeniencyKind::NumberAsString,
                        path,
                        format!("boolean sent as the string {b:?}"),
                    );
                    *value = Value::Bool(b);
                }
                if value.is_boolean() {
                    Ok(())
                } else {
                    Err(Self::type_error(value, "a boolean", path))
                }
            }
        }
    }

    fn number_from_string(&mut self, value: &mut Value, path: &str) {
        if !self.leniency.numbers_as_strings {
            return;
        }
        let Value::String(s) = value else { return };
        if let Ok(n) = serde_json::from_str::<Number>(s.trim()) {
            let detail = format!("number sent as the string {s:?}");
            *value = Value::Number(n);
            self.deviate(LeniencyKind::NumberAsString, path, detail);
        }
    }

    fn date_time(&mut self, value: &mut Value, path: &str) -> Result<(), Violation> {
        let Value::String(s) = value else {
            return Err(Self::type_error(value, "a string", path));
        };
        let parsed = match DateTime::parse(s) {
            Ok(d) => d,
            Err(e) => {
                // each leniency repairs its own fault and is reported on its own: a space instead
                // of `T` (`timestamp_spaces`), then a missing or short offset (`timestamp_offsets`)
                let spaced = if self.leniency.timestamp_spaces {
                    spaced_timestamp(s)
                } else {
                    None
                };
                let text = spaced.as_deref().unwrap_or(s);
                let (fixed, offset) = match DateTime::parse(text) {
                    Ok(_) => (text.to_owned(), false),
                    Err(e2) => match lenient_timestamp(text)
                        .filter(|_| self.leniency.timestamp_offsets)
                    {
                        Some(fixed) => (fixed, true),
                        None => {
                            let reason = if spaced.is_some() {
                                e2.reason
                            } else {
                                e.reason
                            };
                            return Err(violation(
                                ErrorCode::PropertyConstraintViolation,
                                path,
                                format!("{:?} is not an RFC 3339 date-time: {reason}", clip(s, 64),),
                            ));
                        }
                    },
                };
                if spaced.is_some() {
                    let detail = format!("{s:?}: a space instead of `T` before the time");
                    self.deviate(LeniencyKind::TimestampSpace, path, detail);
                }
                if offset {
                    let detail = format!("{text:?} read as {fixed:?}");
                    self.deviate(LeniencyKind::TimestampOffset, path, detail);
                }
                *s = fixed;
                DateTime::parse(s).map_err(|e| {
                    violation(ErrorCode::PropertyConstraintViolation, path, e.to_string())
                })?
            }
        };
        if let Some(p) = self.precision {
            *s = parsed.format(p);
        }
        Ok(())
    }
}

/// The canonical text of a number sent where a string belongs: an integer's digits, else the
/// shortest text that reads back as the same `f64` (serde_json's, `1000.0` for `1e3`); the same
/// whether or not serde_json keeps the number's own text (`arbitrary_precision`). A negative zero
/// is a float (`-0.0`), as serde_json reads `-0` without that feature. `None` for a number no
/// `f64` holds (only `arbitrary_precision` reads one).
fn number_text(n: &Number) -> Option<String> {
    if let Some(i) = n.as_i64() {
        // with arbitrary_precision `-0` reads as the integer 0; without, as the float -0.0
        if i != 0 || !n.to_string().starts_with('-') {
            return Some(i.to_string());
        }
    } else if let Some(u) = n.as_u64() {
        return Some(u.to_string());
    }
    n.as_f64().and_then(Number::from_f64).map(|f| f.to_string())
}

/// An integer beyond what the generated types hold (`i64`).
fn out_of_range(text: &str, path: &str) -> Violation {
    violation(
        ErrorCode::PropertyConstraintViolation,
        path,
        format!("{} is out of range (-2^63 to 2^63-1)", clip(text, 40)),
    )
}

fn range(
    n: &Number,
    minimum: Option<f64>,
    maximum: Option<f64>,
    path: &str,
) -> Result<(), Violation> {
    let v = n.as_f64().unwrap_or(f64::NAN);
    if let Some(min) = minimum
        && (v < min || v.is_nan())
    {
        {
            return Err(violation(
                ErrorCode::PropertyConstraintViolation,
                path,
                format!("{n} is less than the minimum {min}"),
            ));
        }
    }
    if let Some(max) = maximum
        && (v > max || v.is_nan())
    {
        {
            return Err(violation(
                ErrorCode::PropertyConstraintViolation,
                path,
                format!("{n} is more than the maximum {max}"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_two_names() {
        let mut names = std::collections::HashSet::new();
        for kind in LeniencyKind::ALL {
            assert_eq!(kind.as_str().parse(), Ok(kind));
            assert_eq!(kind.variant_name().parse(), Ok(kind));
            assert_eq!(format!("{kind:?}"), kind.variant_name());
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                Value::from(kind.as_str())
            );
            assert!(names.insert(kind.as_str()));
        }
    }

    #[test]
    fn numbers_have_one_canonical_text() {
        for (json, text) in [
            ("0", "0"),
            ("-7", "-7"),
            ("18446744073709551615", "18446744073709551615"),
            ("-9223372036854775808", "-9223372036854775808"),
            ("18446744073709551616", "1.8446744073709552e+19"),
            ("12.5", "12.5"),
            ("12.50", "12.5"),
            ("0.1", "0.1"),
            ("1e3", "1000.0"),
            ("1E+3", "1000.0"),
            ("1.0", "1.0"),
            ("-0", "-0.0"),
            ("-0.0", "-0.0"),
            ("1e300", "1e+300"),
            ("2.5e-7", "2.5e-7"),
        ] {
            // read as the decoder reads a frame, whatever serde_json's features
            let n = match crate::json::parse(json).unwrap() {
                Value::Number(n) => n,
                other => panic!("{other}"),
            };
            assert_eq!(number_text(&n).as_deref(), Some(text), "{json}");
        }
    }

    #[test]
    fn lenient_timestamps() {
        assert_eq!(
            lenient_timestamp("2026-01-01T10:00:00").unwrap(),
            "2026-01-01T10:00:00.000000000Z"
        );
        assert_eq!(
            lenient_timestamp("2026-01-01T10:00:00+02").unwrap(),
            "2026-01-01T08:00:00.000000000Z"
        );
        assert_eq!(
            lenient_timestamp("2026-01-01T10:00:00.5+0200").unwrap(),
            "2026-01-01T08:00:00.500000000Z"
        );
        // a space is the fault of its own leniency, not of the offsets'
        assert_eq!(lenient_timestamp("2026-01-01 10:00:00Z"), None);
        assert_eq!(
            spaced_timestamp("2026-01-01 10:00:00Z").unwrap(),
            "2026-01-01T10:00:00Z"
        );
        assert_eq!(spaced_timestamp("2026-01-01T10:00:00Z"), None);
        assert_eq!(spaced_timestamp("2026-01-0\u{e9}10:00:00Z"), None);
    }
}
