//! Decoding the frames of many connections at once, as a gateway or a log analyser sees them: each
//! connection (a charge point identity) has its OCPP version chosen at run time, and every
//! CALLRESULT and CALLERROR is paired with its CALL by (identity, message id), per direction.

use std::collections::HashMap;

use serde_json::Value;

use crate::decode_error::DecodeError;
use crate::decoder::{Decoder, Message};
use crate::direction::Endpoint;
use crate::framing::{FrameKind, FrameOptions};
use crate::message_id::MessageId;
use crate::messages::Messages;
use crate::options::DecodeOptions;
#[cfg(feature = "v16")]
use crate::v16::Ocpp16;
#[cfg(feature = "v21")]
use crate::v21::Ocpp21;
#[cfg(feature = "v201")]
use crate::v201::Ocpp201;
use crate::validate::{Deviation, Leniency};
use crate::version::OcppVersion;

/// The default of [`ConversationOptions::max_pending`].
pub const DEFAULT_MAX_PENDING: usize = 1024;

/// Options of a [`Conversation`].
///
/// ```
/// use chargeshift_ocpp::conversation::{ConversationOptions, DEFAULT_MAX_PENDING};
/// use chargeshift_ocpp::{Leniency, OcppVersion};
///
/// let options = ConversationOptions::default();
/// assert_eq!(options.max_pending, DEFAULT_MAX_PENDING);
/// assert_eq!(options.default_version, None);
/// let log = options.with_leniency(Leniency::all()).with_default_version(Some(OcppVersion::V16));
/// assert!(log.leniency.unknown_fields);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConversationOptions {
    /// The leniencies allowed (none by default).
    pub leniency: Leniency,
    /// Frame limits.
    pub frame: FrameOptions,
    /// The most CALLs awaiting an answer per connection and direction; beyond it the oldest is
    /// dropped (its answer then is an unpaired CALLRESULT). 0 means no limit.
    pub max_pending: usize,
    /// The version of an identity that was never [opened](Conversation::open): `None` (the
    /// default) makes its frames a [`ConversationError::NotOpen`].
    pub default_version: Option<OcppVersion>,
}

impl Default for ConversationOptions {
    fn default() -> Self {
        Self {
            leniency: Leniency::strict(),
            frame: FrameOptions::default(),
            max_pending: DEFAULT_MAX_PENDING,
            default_version: None,
        }
    }
}

impl ConversationOptions {
    /// The options with `leniency`.
    #[must_use]
    pub const fn with_leniency(mut self, leniency: Leniency) -> Self {
        self.leniency = leniency;
        self
    }

    /// The options with at most `max_pending` CALLs awaiting an answer per connection and
    /// direction (0: no limit).
    #[must_use]
    pub const fn with_max_pending(mut self, max_pending: usize) -> Self {
        self.max_pending = max_pending;
        self
    }

    /// The options with the version of identities never opened.
    #[must_use]
    pub const fn with_default_version(mut self, version: Option<OcppVersion>) -> Self {
        self.default_version = version;
        self
    }

    fn decode_options(&self) -> DecodeOptions {
        let mut options = DecodeOptions::default().with_leniency(self.leniency);
        options.frame = self.frame;
        options.max_pending = self.max_pending;
        options
    }
}

/// A typed message of the version of its connection (a variant per version compiled in).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum VersionedMessage {
    /// An OCPP 1.6J message.
    #[cfg(feature = "v16")]
    V16(Message<Ocpp16>),
    /// An OCPP 2.0.1 message.
    #[cfg(feature = "v201")]
    V201(Message<Ocpp201>),
    /// An OCPP 2.1 message.
    #[cfg(feature = "v21")]
    V21(Message<Ocpp21>),
}

/// A frame of a [`Conversation`], decoded.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Exchanged {
    /// The version of the connection.
    pub version: OcppVersion,
    /// Who sent the frame.
    pub sender: Endpoint,
    /// The frame kind.
    pub kind: FrameKind,
    /// The message id.
    pub message_id: MessageId,
    /// The action: a CALL's or SEND's own, an answer's from the CALL it answers (`None` for a
    /// CALLERROR answering no pending CALL, and for a CALLRESULTERROR).
    pub action: Option<&'static str>,
    /// Whether the frame answered a pending CALL of the connection (always for a CALLRESULT; for
    /// a CALLERROR when its CALL was seen; never for a CALL, a SEND or a CALLRESULTERROR).
    pub paired: bool,
    /// The typed message.
    pub message: VersionedMessage,
    /// What the leniencies accepted (empty when strict).
    pub deviations: Vec<Deviation>,
}

impl Exchanged {
    /// The payload as the typed message writes it back (CALL, SEND and CALLRESULT frames).
    ///
    /// Computes in O(size of the message).
    ///
    /// ```
    /// use chargeshift_ocpp::conversation::{Conversation, ConversationOptions};
    /// use chargeshift_ocpp::{Endpoint, OcppVersion};
    ///
    /// let mut conv = Conversation::new(ConversationOptions::default().with_default_version(Some(OcppVersion::V16)));
    /// let call = conv.decode("CP1", Endpoint::ChargePoint, r#"[2,"1","Authorize",{"idTag":"04A1"}]"#)?;
    /// assert_eq!(call.payload(), Some(serde_json::json!({"idTag": "04A1"})));
    /// assert_eq!(conv.len(), 1);
    /// # Ok::<(), chargeshift_ocpp::conversation::ConversationError>(())
    /// ```
    #[must_use]
    pub fn payload(&self) -> Option<Value> {
        match &self.message {
            #[cfg(feature = "v16")]
            VersionedMessage::V16(m) => crate::inspect::payload_value(m),
            #[cfg(feature = "v201")]
            VersionedMessage::V201(m) => crate::inspect::payload_value(m),
            #[cfg(feature = "v21")]
            VersionedMessage::V21(m) => crate::inspect::payload_value(m),
            #[cfg(not(any(feature = "v16", feature = "v201", feature = "v21")))]
            _ => None,
        }
    }
}

/// Why a frame of a [`Conversation`] could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConversationError {
    /// The identity was never opened and the options name no default version.
    #[error("identity {identity:?}: no open connection (open it with its OCPP version first)")]
    NotOpen {
        /// The charge point identity.
        identity: String,
    },
    /// The frame could not be decoded; a CALLRESULT answering no pending CALL is a
    /// [`DecodeError::UnknownMessageId`].
    #[error("identity {identity:?}: {source}")]
    Decode {
        /// The charge point identity.
        identity: String,
        /// The version of its connection.
        version: OcppVersion,
        /// What the receiving end found.
        source: Box<DecodeError>,
    },
}

impl ConversationError {
    /// The decoding error, for a frame that was read.
    ///
    /// ```
    /// use chargeshift_ocpp::conversation::{Conversation, ConversationOptions};
    /// use chargeshift_ocpp::{Endpoint, ErrorCode, OcppVersion};
    ///
    /// let mut conv = Conversation::new(ConversationOptions::default());
    /// conv.open("CP1", OcppVersion::V16);
    /// let err = conv.decode("CP1", Endpoint::ChargePoint, r#"[2,"1","Reset",{"type":"Hard"}]"#).unwrap_err();
    /// assert_eq!(err.decode_error().map(|e| e.error_code()), Some(ErrorCode::NotSupported));
    /// assert!(!err.is_unpaired_result());
    /// ```
    #[must_use]
    pub fn decode_error(&self) -> Option<&DecodeError> {
        match self {
            Self::Decode { source, .. } => Some(source),
            Self::NotOpen { .. } => None,
        }
    }

    /// Whether this is a CALLRESULT answering no pending CALL (the count a log analyser keeps).
    #[must_use]
    pub fn is_unpaired_result(&self) -> bool {
        matches!(
            self.decode_error(),
            Some(DecodeError::UnknownMessageId { .. })
        )
    }
}

/// The two ends of one connection: each decodes what the other sends and keeps the CALLs it sent
/// that await an answer.
#[derive(Debug, Clone)]
struct Ends<M: Messages> {
    /// Decodes what the charge point sends; holds the CSMS's pending CALLs.
    csms: Decoder<M>,
    /// Decodes what the CSMS sends; holds the charge point's pending CALLs.
    charge_point: Decoder<M>,
}

impl<M: Messages> Ends<M> {
    fn new(options: DecodeOptions) -> Self {
        Self {
            csms: Decoder::with_options(Endpoint::Csms, options),
            charge_point: Decoder::with_options(Endpoint::ChargePoint, options),
        }
    }

    /// Decodes a frame `sender` sent; a CALL (also one whose payload is invalid, which its peer
    /// answers with a CALLERROR) is recorded as pending at the sender's end.
    fn decode(
        &mut self,
        sender: Endpoint,
        text: &str,
        max_pending: usize,
        wrap: fn(Message<M>) -> VersionedMessage,
    ) -> Result<Exchanged, DecodeError> {
        let (receiver, caller) = match sender {
            Endpoint::ChargePoint => (&mut self.csms, &mut self.charge_point),
            Endpoint::Csms => (&mut self.charge_point, &mut self.csms),
        };
        let decoded = match receiver.decode(text) {
            Ok(decoded) => decoded,
            Err(e) => {
                if let DecodeError::Invalid {
                    message_id,
                    action,
                    kind: FrameKind::Call,
                    ..
                } = &e
                    && let Some(info) = M::action(action)
                {
                    caller
                        .pending()
                        .insert(message_id, info.action, max_pending);
                }
                return Err(e);
            }
        };
        let (kind, action, message_id, paired) = match &decoded.message {
            Message::Call {
                message_id,
                request,
            } => {
                let action = M::request_action(request);
                caller.pending().insert(message_id, action, max_pending);
                (FrameKind::Call, Some(action), message_id.clone(), false)
            }
            Message::Send {
                message_id,
                request,
            } => (
                FrameKind::Send,
                Some(M::request_action(request)),
                message_id.clone(),
                false,
            ),
            Message::CallResult {
                message_id,
                response,
            } => (
                FrameKind::CallResult,
                Some(M::response_action(response)),
                message_id.clone(),
                true,
            ),
            Message::CallError {
                message_id,
                action,
                about_result,
                ..
            } => {
                let kind = if *about_result {
                    FrameKind::CallResultError
                } else {
                    FrameKind::CallError
                };
                (kind, *action, message_id.clone(), action.is_some())
            }
        };
        Ok(Exchanged {
            version: M::VERSION,
            sender,
            kind,
            message_id,
            action,
            paired,
            message: wrap(decoded.message),
            deviations: decoded.deviations,
        })
    }

    fn pending(&self) -> usize {
        self.csms.pending_len() + self.charge_point.pending_len()
    }
}

/// One connection, of the version chosen when it was opened.
#[derive(Debug, Clone)]
#[cfg_attr(
    not(all(feature = "v16", feature = "v201", feature = "v21")),
    allow(
        clippy::large_enum_variant,
        reason = "a connection of a version left out is rare (a log naming it); the typed ones stay unboxed as in the full build"
    )
)]
enum Connection {
    #[cfg(feature = "v16")]
    V16(Ends<Ocpp16>),
    #[cfg(feature = "v201")]
    V201(Ends<Ocpp201>),
    #[cfg(feature = "v21")]
    V21(Ends<Ocpp21>),
    /// A connection of a version this build leaves out: every frame is
    /// [`DecodeError::VersionNotCompiled`].
    #[cfg(not(all(feature = "v16", feature = "v201", feature = "v21")))]
    NotCompiled(OcppVersion),
}

impl Connection {
    fn new(version: OcppVersion, options: DecodeOptions) -> Self {
        match version {
            #[cfg(feature = "v16")]
            OcppVersion::V16 => Self::V16(Ends::new(options)),
            #[cfg(feature = "v201")]
            OcppVersion::V201 => Self::V201(Ends::new(options)),
            #[cfg(feature = "v21")]
            OcppVersion::V21 => Self::V21(Ends::new(options)),
            #[cfg(not(all(feature = "v16", feature = "v201", feature = "v21")))]
            version => Self::NotCompiled(version),
        }
    }

    const fn version(&self) -> OcppVersion {
        match self {
            #[cfg(feature = "v16")]
            Self::V16(_) => OcppVersion::V16,
            #[cfg(feature = "v201")]
            Self::V201(_) => OcppVersion::V201,
            #[cfg(feature = "v21")]
            Self::V21(_) => OcppVersion::V21,
            #[cfg(not(all(feature = "v16", feature = "v201", feature = "v21")))]
            Self::NotCompiled(version) => *version,
        }
    }
}

/// The frames of many connections, each of its own OCPP version, decoded into typed messages with
/// every CALLRESULT and CALLERROR paired with its CALL by (identity, message id), per direction: a
/// CALL the charge point sends is answered by the CSMS, and the reverse, so the same message id
/// in both directions, or on two identities, never mixes.
///
/// A CALLRESULT that answers no pending CALL (its CALL was never seen, or was dropped at the
/// limit) is an error value ([`ConversationError::is_unpaired_result`]), never a panic; a
/// CALLERROR answering nothing decodes with `paired: false`.
///
/// # Complexity
/// [`Conversation::decode`] is O(n) in the frame's length plus the walk of its schema, as
/// [`Decoder::decode`]; finding the connection and pairing are expected O(1) (hash tables).
/// Memory is O(c · p) for c open connections and p = [`ConversationOptions::max_pending`] (each
/// connection keeps at most p pending CALLs per direction); [`Conversation::close`] frees one.
///
/// # Example
/// ```
/// use chargeshift_ocpp::conversation::{Conversation, ConversationOptions, VersionedMessage};
/// use chargeshift_ocpp::{Endpoint, FrameKind, Message, OcppVersion, v16};
///
/// let mut conv = Conversation::new(ConversationOptions::default());
/// conv.open("CP-16", OcppVersion::V16);
/// conv.open("CP-201", OcppVersion::V201);
///
/// // the CSMS asks a 1.6 charge point for its configuration; the answer is typed by that CALL
/// conv.decode("CP-16", Endpoint::Csms, r#"[2,"1","GetConfiguration",{}]"#)?;
/// let answer = conv.decode("CP-16", Endpoint::ChargePoint, r#"[3,"1",{"configurationKey":[]}]"#)?;
/// assert_eq!((answer.kind, answer.action, answer.paired), (FrameKind::CallResult, Some("GetConfiguration"), true));
/// assert!(matches!(
///     answer.message,
///     VersionedMessage::V16(Message::CallResult { response: v16::Response::GetConfiguration(_), .. })
/// ));
///
/// // a 2.0.1 charge point's CALL and the CSMS's answer, with the same message id
/// conv.decode("CP-201", Endpoint::ChargePoint, r#"[2,"1","Heartbeat",{}]"#)?;
/// let beat = conv.decode("CP-201", Endpoint::Csms, r#"[3,"1",{"currentTime":"2026-01-01T00:00:00Z"}]"#)?;
/// assert_eq!((beat.version, beat.action), (OcppVersion::V201, Some("Heartbeat")));
///
/// // an answer to nothing is an error value to count
/// let stray = conv.decode("CP-201", Endpoint::Csms, r#"[3,"9",{}]"#).unwrap_err();
/// assert!(stray.is_unpaired_result());
/// # Ok::<(), chargeshift_ocpp::conversation::ConversationError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Conversation {
    options: ConversationOptions,
    connections: HashMap<String, Connection>,
}

impl Conversation {
    /// A conversation with no connection open yet.
    #[must_use]
    pub fn new(options: ConversationOptions) -> Self {
        Self {
            options,
            connections: HashMap::new(),
        }
    }

    /// Opens the connection of `identity` with `version` (its negotiated subprotocol). Opening an
    /// identity again (a reconnect) starts it afresh: the CALLs pending on the old connection can
    /// no longer be answered.
    ///
    /// Computes in expected O(1).
    ///
    /// ```
    /// use chargeshift_ocpp::conversation::{Conversation, ConversationOptions};
    /// use chargeshift_ocpp::OcppVersion;
    ///
    /// let mut conv = Conversation::new(ConversationOptions::default());
    /// conv.open("CP1", OcppVersion::V16);
    /// assert_eq!(conv.version("CP1"), Some(OcppVersion::V16));
    /// conv.open("CP1", OcppVersion::V201); // it reconnected speaking 2.0.1
    /// assert_eq!(conv.version("CP1"), Some(OcppVersion::V201));
    /// ```
    pub fn open(&mut self, identity: &str, version: OcppVersion) {
        let connection = Connection::new(version, self.options.decode_options());
        self.connections.insert(identity.to_owned(), connection);
    }

    /// Closes the connection of `identity`, dropping its pending CALLs; whether it was open.
    ///
    /// Computes in expected O(1) plus the pending CALLs freed.
    ///
    /// ```
    /// use chargeshift_ocpp::conversation::{Conversation, ConversationOptions};
    /// use chargeshift_ocpp::OcppVersion;
    ///
    /// let mut conv = Conversation::new(ConversationOptions::default());
    /// conv.open("CP1", OcppVersion::V16);
    /// assert!(conv.close("CP1"));
    /// assert!(!conv.close("CP1"));
    /// assert!(conv.is_empty());
    /// ```
    pub fn close(&mut self, identity: &str) -> bool {
        self.connections.remove(identity).is_some()
    }

    /// The version of the open connection of `identity`.
    #[must_use]
    pub fn version(&self, identity: &str) -> Option<OcppVersion> {
        self.connections.get(identity).map(Connection::version)
    }

    /// The CALLs of `identity`'s connection awaiting an answer, both directions together (0 when
    /// it is not open).
    ///
    /// ```
    /// use chargeshift_ocpp::conversation::{Conversation, ConversationOptions};
    /// use chargeshift_ocpp::{Endpoint, OcppVersion};
    ///
    /// let mut conv = Conversation::new(ConversationOptions::default());
    /// conv.open("CP1", OcppVersion::V201);
    /// conv.decode("CP1", Endpoint::ChargePoint, r#"[2,"1","Heartbeat",{}]"#)?;
    /// assert_eq!(conv.pending("CP1"), 1);
    /// # Ok::<(), chargeshift_ocpp::conversation::ConversationError>(())
    /// ```
    #[must_use]
    pub fn pending(&self, identity: &str) -> usize {
        self.connections
            .get(identity)
            .map_or(0, |connection| match connection {
                #[cfg(feature = "v16")]
                Connection::V16(ends) => ends.pending(),
                #[cfg(feature = "v201")]
                Connection::V201(ends) => ends.pending(),
                #[cfg(feature = "v21")]
                Connection::V21(ends) => ends.pending(),
                #[cfg(not(all(feature = "v16", feature = "v201", feature = "v21")))]
                Connection::NotCompiled(_) => 0,
            })
    }

    /// The number of open connections.
    #[must_use]
    pub fn len(&self) -> usize {
        self.connections.len()
    }

    /// Whether no connection is open.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.connections.is_empty()
    }

    /// Decodes a frame that `sender` sent on the connection of `identity`, as the receiving end
    /// would; a CALL is recorded so that its answer is paired with it.
    ///
    /// # Errors
    /// [`ConversationError::NotOpen`] for an identity never opened (unless the options name a
    /// default version, which opens it); [`ConversationError::Decode`] with the receiving end's
    /// [`DecodeError`] otherwise, e.g. [`DecodeError::UnknownMessageId`] for a CALLRESULT
    /// answering no pending CALL, or [`DecodeError::VersionNotCompiled`] on a connection of a
    /// version this build leaves out.
    ///
    /// # Complexity
    /// O(n) in the frame's length plus the walk of its schema; pairing is expected O(1).
    pub fn decode(
        &mut self,
        identity: &str,
        sender: Endpoint,
        text: &str,
    ) -> Result<Exchanged, ConversationError> {
        let options = self.options;
        let connection = match self.connections.get_mut(identity) {
            Some(connection) => connection,
            None => {
                let version =
                    options
                        .default_version
                        .ok_or_else(|| ConversationError::NotOpen {
                            identity: identity.to_owned(),
                        })?;
                self.connections
                    .entry(identity.to_owned())
                    .or_insert_with(|| Connection::new(version, options.decode_options()))
            }
        };
        let version = connection.version();
        let max = options.max_pending;
        match connection {
            #[cfg(feature = "v16")]
            Connection::V16(ends) => ends.decode(sender, text, max, VersionedMessage::V16),
            #[cfg(feature = "v201")]
            Connection::V201(ends) => ends.decode(sender, text, max, VersionedMessage::V201),
            #[cfg(feature = "v21")]
            Connection::V21(ends) => ends.decode(sender, text, max, VersionedMessage::V21),
            #[cfg(not(all(feature = "v16", feature = "v201", feature = "v21")))]
            Connection::NotCompiled(version) => {
                Err(DecodeError::VersionNotCompiled { version: *version })
            }
        }
        .map_err(|source| ConversationError::Decode {
            identity: identity.to_owned(),
            version,
            source: Box::new(source),
        })
    }
}
