//! Schema checks on typed values: what the official schemas state beyond what a Rust type already
//! enforces (string lengths, URI format, numeric ranges, `multipleOf`, item counts).
//!
//! The generator implements [`Valid`] for every message type. The [`crate::Decoder`] uses it on its
//! fast path: a frame is deserialised straight into the typed message and then checked here; only a
//! frame that fails either step is walked again along the constraint tables of [`crate::schema`],
//! which name the offending field and its OCPP-J error code and apply the leniencies.

/// A value that can tell whether it satisfies every constraint of its schema.
///
/// Required fields, types, enum values, `date-time` formats and unknown fields are already
/// enforced by deserialisation; `is_valid` checks the rest. It answers only yes or no: for the
/// field and the error code, encode the value with [`crate::Decoder`], which reports a
/// [`crate::Violation`].
///
/// ```
/// use chargeshift_ocpp::check::Valid;
/// use chargeshift_ocpp::v16::AuthorizeRequest;
///
/// let ok = AuthorizeRequest { id_tag: "04A1B2C3".to_owned() };
/// assert!(ok.is_valid());
/// let too_long = AuthorizeRequest { id_tag: "X".repeat(21) }; // idTag: maxLength 20
/// assert!(!too_long.is_valid());
/// ```
pub trait Valid {
    /// Whether the value satisfies its schema's constraints.
    fn is_valid(&self) -> bool;
}

/// At most `max` characters (the generated checks of `maxLength` call it by this path).
pub(crate) use crate::constraint::max_len;

/// An absolute URI, as the validator reads `format: uri`.
#[inline]
pub(crate) fn uri(s: &str) -> bool {
    crate::constraint::is_uri(s)
}

/// An integer within the bounds (compared as the validator compares: as `f64`).
#[inline]
#[allow(
    clippy::cast_precision_loss,
    reason = "the schema bounds are f64, as the validator compares"
)]
pub(crate) fn int(v: &i64, minimum: Option<f64>, maximum: Option<f64>) -> bool {
    let v = *v as f64;
    minimum.is_none_or(|m| v >= m) && maximum.is_none_or(|m| v <= m)
}

/// A number within the bounds and, when given, a multiple of `step` exactly as the validator
/// decides it on the number's shortest decimal text.
#[inline]
pub(crate) fn num(v: &f64, minimum: Option<f64>, maximum: Option<f64>, step: Option<f64>) -> bool {
    let v = *v;
    if v.is_nan() {
        return false;
    }
    minimum.is_none_or(|m| v >= m)
        && maximum.is_none_or(|m| v <= m)
        && step.is_none_or(|s| crate::constraint::is_multiple_f64(v, s))
}

/// An array with an allowed number of items, each passing `item`.
#[inline]
pub(crate) fn array<T>(
    items: &[T],
    min_items: Option<usize>,
    max_items: Option<usize>,
    item: impl Fn(&T) -> bool,
) -> bool {
    min_items.is_none_or(|m| items.len() >= m)
        && max_items.is_none_or(|m| items.len() <= m)
        && items.iter().all(item)
}
