//! The messages of one OCPP version as a trait: the generated markers [`crate::v16::Ocpp16`],
//! [`crate::v201::Ocpp201`] and [`crate::v21::Ocpp21`] implement it, and everything typed (the
//! [`crate::Decoder`], [`crate::decode_request`]) is generic over it.

use serde_json::Value;

use crate::framing::FrameKind;
use crate::schema::ActionInfo;
use crate::version::OcppVersion;

/// The messages of one OCPP version; implemented by the generated markers
/// [`crate::v16::Ocpp16`], [`crate::v201::Ocpp201`] and [`crate::v21::Ocpp21`].
pub trait Messages: std::fmt::Debug + Clone + PartialEq + 'static {
    /// The version.
    const VERSION: OcppVersion;
    /// The enum of every request.
    type Request: std::fmt::Debug + Clone + PartialEq + crate::check::Valid;
    /// The enum of every response.
    type Response: std::fmt::Debug + Clone + PartialEq + crate::check::Valid;
    /// Every action with its direction and schemas, sorted by name.
    fn actions() -> &'static [ActionInfo];
    /// Builds a request from a validated payload; `None` for an unknown action.
    fn request_from_value(
        action: &str,
        value: Value,
    ) -> Option<Result<Self::Request, serde_json::Error>>;
    /// Builds a response from a validated payload; `None` for an unknown action.
    fn response_from_value(
        action: &str,
        value: Value,
    ) -> Option<Result<Self::Response, serde_json::Error>>;
    /// Deserialises the request of the action at `index` in [`Messages::actions`] from `d`
    /// (strictly, as the generated types do); `None` when the action has no request. The result
    /// is not yet checked: see [`crate::check::Valid`].
    ///
    /// # Errors
    /// What the deserializer reports.
    fn deserialize_request<'de, D: serde::Deserializer<'de>>(
        index: usize,
        d: D,
    ) -> Option<Result<Self::Request, D::Error>>;
    /// Deserialises the response to the action at `index` in [`Messages::actions`] from `d`;
    /// `None` when the action has no response.
    ///
    /// # Errors
    /// What the deserializer reports.
    fn deserialize_response<'de, D: serde::Deserializer<'de>>(
        index: usize,
        d: D,
    ) -> Option<Result<Self::Response, D::Error>>;
    /// The action of a request.
    fn request_action(request: &Self::Request) -> &'static str;
    /// The action of a response.
    fn response_action(response: &Self::Response) -> &'static str;
    /// A request's payload as JSON.
    ///
    /// # Errors
    /// When serde cannot serialise the value.
    fn request_to_value(request: &Self::Request) -> Result<Value, serde_json::Error>;
    /// A response's payload as JSON.
    ///
    /// # Errors
    /// When serde cannot serialise the value.
    fn response_to_value(response: &Self::Response) -> Result<Value, serde_json::Error>;

    /// The position of the action named `action` in [`Messages::actions`].
    fn action_index(action: &str) -> Option<usize> {
        Self::actions()
            .binary_search_by(|a| a.action.cmp(action))
            .ok()
    }

    /// The action named `action`.
    fn action(action: &str) -> Option<&'static ActionInfo> {
        Self::action_index(action).and_then(|i| Self::actions().get(i))
    }
}

/// `response` for a CALLRESULT's payload, `request` for any other.
pub(crate) const fn payload_name(kind: FrameKind) -> &'static str {
    match kind {
        FrameKind::CallResult => "response",
        _ => "request",
    }
}
