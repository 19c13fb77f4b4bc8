//! The constraint tables the generator writes from the official schemas, and the action table.
//!
//! Every message type has an [`ObjectNode`] describing what its schema states (required fields,
//! types, enums, lengths, ranges, item counts, `multipleOf`, `date-time`, `additionalProperties`).
//! The validator in [`crate::validate`] walks a JSON value along these tables.

use crate::Direction;

/// The format a string must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// Any text.
    Text,
    /// An RFC 3339 date-time.
    DateTime,
    /// An RFC 3986 URI (a scheme, then no spaces or control characters).
    Uri,
}

/// What the schema says about one JSON value.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Node {
    /// A JSON object.
    Object(&'static ObjectNode),
    /// A JSON array.
    Array(&'static ArrayNode),
    /// A string.
    String {
        /// The longest length allowed, in characters.
        max_length: Option<u32>,
        /// The format.
        format: Format,
    },
    /// A string from a fixed set.
    Enum(&'static [&'static str]),
    /// An integer.
    Integer {
        /// The lowest value allowed.
        minimum: Option<f64>,
        /// The highest value allowed.
        maximum: Option<f64>,
    },
    /// A number.
    Number {
        /// The lowest value allowed.
        minimum: Option<f64>,
        /// The highest value allowed.
        maximum: Option<f64>,
        /// The step the value must be a multiple of.
        multiple_of: Option<f64>,
    },
    /// A boolean.
    Boolean,
    /// Any JSON value (2.x `DataTransfer.data`).
    Any,
}

/// An object type.
#[derive(Debug)]
#[non_exhaustive]
pub struct ObjectNode {
    /// The Rust type name.
    pub name: &'static str,
    /// The properties, sorted by name.
    pub props: &'static [Prop],
    /// Whether properties not listed are allowed.
    pub additional: bool,
}

/// One property of an object.
#[derive(Debug)]
#[non_exhaustive]
pub struct Prop {
    /// The wire name.
    pub name: &'static str,
    /// Whether it must be present.
    pub required: bool,
    /// Its schema.
    pub node: Node,
}

/// An array type.
#[derive(Debug)]
#[non_exhaustive]
pub struct ArrayNode {
    /// The items' schema.
    pub items: Node,
    /// The fewest items allowed.
    pub min_items: Option<u32>,
    /// The most items allowed.
    pub max_items: Option<u32>,
}

/// One action of a version: its name, who sends it, and its payload schemas.
#[derive(Debug)]
#[non_exhaustive]
pub struct ActionInfo {
    /// The action name, e.g. `BootNotification`.
    pub action: &'static str,
    /// Who sends the request.
    pub direction: Direction,
    /// The request's schema.
    pub request: Option<&'static ObjectNode>,
    /// The response's schema (`None` for SEND-only actions such as `NotifyPeriodicEventStream`).
    pub response: Option<&'static ObjectNode>,
}

impl ActionInfo {
    /// Whether the action is sent only as a SEND and never answered (OCPP 2.1's
    /// `NotifyPeriodicEventStream`, the one action without a response schema); every other action
    /// is sent only as a CALL.
    ///
    /// ```
    /// use chargeshift_ocpp::{Messages, v21::Ocpp21};
    ///
    /// assert!(Ocpp21::action("NotifyPeriodicEventStream").is_some_and(|a| a.send_only()));
    /// assert!(Ocpp21::action("Heartbeat").is_some_and(|a| !a.send_only()));
    /// ```
    #[must_use]
    pub const fn send_only(&self) -> bool {
        self.response.is_none()
    }

    /// The schema of the `request`, or of the `response` for any other `what`.
    pub(crate) fn payload(&self, what: &str) -> Option<&'static ObjectNode> {
        if what == "request" {
            self.request
        } else {
            self.response
        }
    }
}

impl ObjectNode {
    /// The property named `name`.
    #[must_use]
    pub fn prop(&self, name: &str) -> Option<&'static Prop> {
        self.props
            .binary_search_by(|p| p.name.cmp(name))
            .ok()
            .and_then(|i| self.props.get(i))
    }
}
