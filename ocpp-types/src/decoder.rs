//! The typed [`Decoder`] of one end of a connection of one version: it decodes frames into typed
//! requests and responses with the direction of each action checked, pairs CALLRESULTs with the
//! pending CALLs, and validates what it encodes.

use std::marker::PhantomData;

use serde_json::Value;

use crate::decode_error::DecodeError;
use crate::direction::Endpoint;
use crate::encode_error::EncodeError;
use crate::error::ErrorCode;
use crate::framing::{Frame, FrameError, FrameKind};
use crate::message_id::MessageId;
use crate::messages::Messages;
use crate::messages::payload_name;
use crate::options::DecodeOptions;
use crate::payload::{check, with_id};
use crate::payload::{decode_request, decode_response};
use crate::pending::PendingCalls;
use crate::validate::{Deviation, Leniency};

/// A decoded frame of version `M`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Message<M: Messages> {
    /// A CALL with its typed request.
    Call {
        /// The message id.
        message_id: MessageId,
        /// The request.
        request: M::Request,
    },
    /// A SEND (2.1) with its typed payload.
    Send {
        /// The message id.
        message_id: MessageId,
        /// The payload.
        request: M::Request,
    },
    /// A CALLRESULT, typed by the pending CALL's action.
    CallResult {
        /// The message id.
        message_id: MessageId,
        /// The response.
        response: M::Response,
    },
    /// A CALLERROR (or a 2.1 CALLRESULTERROR when `about_result`).
    CallError {
        /// The message id.
        message_id: MessageId,
        /// The action of the pending CALL, when known.
        action: Option<&'static str>,
        /// The error code, when it is a known one.
        error_code: Option<ErrorCode>,
        /// The error code as sent.
        error_code_text: String,
        /// The description.
        error_description: String,
        /// The details.
        error_details: Value,
        /// Whether this is a CALLRESULTERROR.
        about_result: bool,
    },
}

/// A decoded message with the deviations the leniencies accepted.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Decoded<M: Messages> {
    /// The message.
    pub message: Message<M>,
    /// What the leniencies accepted (empty when strict).
    pub deviations: Vec<Deviation>,
}

/// One end of an OCPP-J connection of version `M`: decodes what the peer sends, encodes what this
/// end sends, and pairs CALLRESULTs with the pending CALLs.
///
/// ```
/// use chargeshift_ocpp::{Decoder, Endpoint, Message, v16::{Ocpp16, Request, Response}};
///
/// let mut csms = Decoder::<Ocpp16>::new(Endpoint::Csms);
/// let boot = csms.decode(r#"[2,"1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]"#)?;
/// assert!(matches!(boot.message, Message::Call { request: Request::BootNotification(_), .. }));
///
/// // the CSMS sends a CALL; the charge point's CALLRESULT is typed by the pending action
/// let call = csms.encode_call("42", &Request::ClearCache(Default::default()))?;
/// assert_eq!(call, r#"[2,"42","ClearCache",{}]"#);
/// let answer = csms.decode(r#"[3,"42",{"status":"Accepted"}]"#)?;
/// assert!(matches!(answer.message, Message::CallResult { response: Response::ClearCache(_), .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Decoder<M: Messages> {
    local: Endpoint,
    options: DecodeOptions,
    pending: PendingCalls,
    _version: PhantomData<M>,
}

impl<M: Messages> Decoder<M> {
    /// A strict decoder for the end `local`.
    #[must_use]
    pub fn new(local: Endpoint) -> Self {
        Self::with_options(local, DecodeOptions::default())
    }

    /// A decoder with explicit options.
    #[must_use]
    pub fn with_options(local: Endpoint, options: DecodeOptions) -> Self {
        Self {
            local,
            options,
            pending: PendingCalls::default(),
            _version: PhantomData,
        }
    }

    /// The CALLs this end sent that await an answer.
    pub fn pending(&mut self) -> &mut PendingCalls {
        &mut self.pending
    }

    /// The leniencies this end decodes with, for [`Decoder::relay`].
    pub(crate) const fn leniency(&self) -> Leniency {
        self.options.leniency
    }

    /// The most CALLs awaiting an answer, for [`Decoder::relay`].
    pub(crate) const fn max_pending(&self) -> usize {
        self.options.max_pending
    }

    /// The pending calls, for [`Decoder::relay`].
    pub(crate) const fn pending_mut(&mut self) -> &mut PendingCalls {
        &mut self.pending
    }

    /// The number of CALLs this end sent that await an answer.
    ///
    /// ```
    /// use chargeshift_ocpp::{Decoder, Endpoint, v16::Ocpp16};
    ///
    /// let mut csms = Decoder::<Ocpp16>::new(Endpoint::Csms);
    /// csms.pending().insert("1", "Reset", 0);
    /// assert_eq!(csms.pending_len(), 1);
    /// ```
    #[must_use]
    pub fn pending_len(&self) -> usize {
        self.pending.len()
    }

    /// Decodes a frame the peer sent.
    ///
    /// # Errors
    /// A [`DecodeError`] with its OCPP-J code, message id and JSON path; see
    /// [`DecodeError::to_call_error`] for the answer.
    pub fn decode(&mut self, text: &str) -> Result<Decoded<M>, DecodeError> {
        if let Some(message) = self.decode_valid(text) {
            return Ok(Decoded {
                message,
                deviations: Vec::new(),
            });
        }
        let frame = match Frame::parse_with(text, self.options.frame) {
            Ok(frame) => frame,
            // a CALLRESULT is matched with its CALL even when its payload is malformed, as
            // `decode_frame` does
            Err(FrameError::DuplicateKey {
                kind: FrameKind::CallResult,
                message_id,
                ..
            }) if self.pending.take(&message_id).is_none() => {
                return Err(DecodeError::UnknownMessageId { message_id });
            }
            Err(e) => return Err(e.into()),
        };
        self.decode_frame(frame)
    }

    /// The fast path of [`Decoder::decode`]: a CALL, SEND or CALLRESULT that is valid as it
    /// stands (no leniency needed), deserialised in one pass straight into its typed message and
    /// then checked with [`crate::check::Valid`]. `None` for every other frame, CALLERRORs
    /// included; [`Decoder::decode`] then takes the full path, which names the field, the error
    /// code and the leniencies used. Whatever this accepts, the full path accepts with the same
    /// message and no deviation.
    ///
    /// ```
    /// use chargeshift_ocpp::{Decoder, Endpoint, Message, v16::Ocpp16};
    ///
    /// let mut csms = Decoder::<Ocpp16>::new(Endpoint::Csms);
    /// let ok = r#"[2,"1","Heartbeat",{}]"#;
    /// assert!(matches!(csms.decode_valid(ok), Some(Message::Call { .. })));
    /// let unknown_field = r#"[2,"2","Heartbeat",{"x":1}]"#;
    /// assert!(csms.decode_valid(unknown_field).is_none());
    /// assert!(csms.decode(unknown_field).is_err());
    /// ```
    pub fn decode_valid(&mut self, text: &str) -> Option<Message<M>> {
        self.fast(text, None)
    }

    /// [`Decoder::decode_valid`] of a frame whose CALLRESULT, if it is one, answers `action`
    /// (no pending CALL is looked at or taken): what [`crate::inspect::check`] does for an
    /// answer the caller types by its action.
    pub(crate) fn decode_valid_answering(
        &mut self,
        text: &str,
        action: &'static str,
    ) -> Option<Message<M>> {
        self.fast(text, Some(action))
    }

    fn fast(&mut self, text: &str, answers: Option<&'static str>) -> Option<Message<M>> {
        use serde::de::DeserializeSeed as _;
        if text.len() > self.options.frame.max_frame_bytes {
            return None;
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let seed = crate::fast_frame::FastFrameSeed::<M> {
            sender: self.local.peer(),
            pending: &self.pending,
            answers,
            _version: PhantomData,
        };
        let frame = seed.deserialize(&mut de).ok()?;
        de.end().ok()?;
        match frame {
            crate::fast_frame::FastFrame::Call {
                message_id,
                request,
                send,
            } => {
                if !crate::check::Valid::is_valid(&request) {
                    return None;
                }
                Some(if send {
                    Message::Send {
                        message_id,
                        request,
                    }
                } else {
                    Message::Call {
                        message_id,
                        request,
                    }
                })
            }
            crate::fast_frame::FastFrame::Result {
                message_id,
                response,
            } => {
                if !crate::check::Valid::is_valid(&response) {
                    return None;
                }
                if answers.is_none() {
                    self.pending.take(&message_id)?;
                }
                Some(Message::CallResult {
                    message_id,
                    response,
                })
            }
        }
    }

    /// Decodes an already parsed frame the peer sent.
    ///
    /// # Errors
    /// As [`Decoder::decode`].
    pub fn decode_frame(&mut self, frame: Frame) -> Result<Decoded<M>, DecodeError> {
        let kind = frame.kind();
        if matches!(kind, FrameKind::Send | FrameKind::CallResultError)
            && !M::VERSION.has_send_and_call_result_error()
        {
            return Err(DecodeError::MessageTypeNotSupported {
                message_id: frame.message_id().to_owned(),
                kind,
                version: M::VERSION,
            });
        }
        let sender = self.local.peer();
        let leniency = self.options.leniency;
        match frame {
            Frame::Call {
                message_id,
                action,
                payload,
            }
            | Frame::Send {
                message_id,
                action,
                payload,
            } => {
                let info = M::action(&action).ok_or_else(|| DecodeError::UnknownAction {
                    message_id: message_id.as_str().to_owned(),
                    action: action.clone(),
                    version: M::VERSION,
                    kind,
                })?;
                if !info.direction.allows(sender) {
                    return Err(DecodeError::WrongDirection {
                        message_id: message_id.into(),
                        action,
                        sender,
                        kind,
                    });
                }
                if info.send_only() != (kind == FrameKind::Send) {
                    return Err(DecodeError::WrongMessageType {
                        message_id: message_id.into(),
                        action,
                        kind,
                        version: M::VERSION,
                    });
                }
                let (request, deviations) = decode_request::<M>(&action, payload, leniency)
                    .map_err(|e| with_id(e, &message_id, kind))?;
                let message = if kind == FrameKind::Send {
                    Message::Send {
                        message_id,
                        request,
                    }
                } else {
                    Message::Call {
                        message_id,
                        request,
                    }
                };
                Ok(Decoded {
                    message,
                    deviations,
                })
            }
            Frame::CallResult {
                message_id,
                payload,
            } => {
                let action = self.pending.take(&message_id).ok_or_else(|| {
                    DecodeError::UnknownMessageId {
                        message_id: message_id.as_str().to_owned(),
                    }
                })?;
                let (response, deviations) = decode_response::<M>(action, payload, leniency)
                    .map_err(|e| with_id(e, &message_id, kind))?;
                Ok(Decoded {
                    message: Message::CallResult {
                        message_id,
                        response,
                    },
                    deviations,
                })
            }
            Frame::CallError {
                message_id,
                error_code,
                error_description,
                error_details,
            }
            | Frame::CallResultError {
                message_id,
                error_code,
                error_description,
                error_details,
            } => {
                let action = if kind == FrameKind::CallError {
                    self.pending.take(&message_id)
                } else {
                    None
                };
                Ok(Decoded {
                    message: Message::CallError {
                        message_id,
                        action,
                        error_code: ErrorCode::parse(&error_code),
                        error_code_text: error_code,
                        error_description,
                        error_details,
                        about_result: kind == FrameKind::CallResultError,
                    },
                    deviations: Vec::new(),
                })
            }
        }
    }

    /// Checks that this end may send `action` as a frame of `kind`, then validates the payload
    /// with `leniency` (strict but for [`Decoder::relay`]'s [`crate::Relay::Lenient`]).
    pub(crate) fn encode(
        &self,
        message_id: &str,
        action: &'static str,
        kind: FrameKind,
        value: Result<Value, serde_json::Error>,
        leniency: Leniency,
    ) -> Result<Value, EncodeError> {
        let what = payload_name(kind);
        if !crate::framing::valid_message_id(message_id) {
            return Err(EncodeError::MessageIdTooLong {
                message_id: message_id.to_owned(),
            });
        }
        if let Some(info) = M::action(action) {
            let wrong_type = match kind {
                FrameKind::Send => {
                    !M::VERSION.has_send_and_call_result_error() || !info.send_only()
                }
                FrameKind::Call => info.send_only(),
                _ => false,
            };
            if wrong_type {
                return Err(EncodeError::WrongMessageType {
                    message_id: message_id.to_owned(),
                    action: action.to_owned(),
                    kind,
                    version: M::VERSION,
                });
            }
            // a response answers the peer's CALL
            let caller = if kind == FrameKind::CallResult {
                self.local.peer()
            } else {
                self.local
            };
            if !info.direction.allows(caller) {
                return Err(EncodeError::WrongDirection {
                    message_id: message_id.to_owned(),
                    action: action.to_owned(),
                    what,
                    sender: self.local,
                });
            }
        }
        let mut value = value.map_err(|e| EncodeError::Serde {
            message_id: message_id.to_owned(),
            action: action.to_owned(),
            message: e.to_string(),
        })?;
        let no_schema = || EncodeError::NoSchema {
            message_id: message_id.to_owned(),
            action: action.to_owned(),
            what,
        };
        let node = M::action(action)
            .and_then(|info| info.payload(what))
            .ok_or_else(no_schema)?;
        check(
            &mut value,
            node,
            leniency,
            Some(self.options.precision),
            false,
            M::VERSION,
        )
        .map_err(|violation| EncodeError::Invalid {
            message_id: message_id.to_owned(),
            action: action.to_owned(),
            what,
            violation,
        })?;
        Ok(value)
    }

    /// Validates and writes a CALL this end sends, and records it as pending.
    ///
    /// # Errors
    /// [`EncodeError`] when the request breaks its schema, is not sent by this end, or is sent
    /// only as a SEND (2.1's `NotifyPeriodicEventStream`: see [`Decoder::encode_send`]).
    pub fn encode_call(
        &mut self,
        message_id: &str,
        request: &M::Request,
    ) -> Result<String, EncodeError> {
        let action = M::request_action(request);
        let payload = self.encode(
            message_id,
            action,
            FrameKind::Call,
            M::request_to_value(request),
            Leniency::strict(),
        )?;
        self.pending
            .insert(message_id, action, self.options.max_pending);
        Ok(Frame::Call {
            message_id: message_id.into(),
            action: action.to_owned(),
            payload,
        }
        .to_string())
    }

    /// Validates and writes a SEND (2.1) this end sends.
    ///
    /// # Errors
    /// [`EncodeError`] when the payload breaks its schema, is not sent by this end, or is not a
    /// SEND action (only `NotifyPeriodicEventStream` is; SEND does not exist before 2.1).
    ///
    /// ```
    /// use chargeshift_ocpp::{Decoder, EncodeError, Endpoint, v21::{Ocpp21, Request}};
    ///
    /// let cs = Decoder::<Ocpp21>::new(Endpoint::ChargePoint);
    /// let err = cs.encode_send("1", &Request::Heartbeat(Default::default())).unwrap_err();
    /// assert!(matches!(err, EncodeError::WrongMessageType { .. }));
    /// ```
    pub fn encode_send(
        &self,
        message_id: &str,
        request: &M::Request,
    ) -> Result<String, EncodeError> {
        let action = M::request_action(request);
        let payload = self.encode(
            message_id,
            action,
            FrameKind::Send,
            M::request_to_value(request),
            Leniency::strict(),
        )?;
        Ok(Frame::Send {
            message_id: message_id.into(),
            action: action.to_owned(),
            payload,
        }
        .to_string())
    }

    /// Validates and writes the CALLRESULT answering the peer's CALL `message_id`.
    ///
    /// # Errors
    /// [`EncodeError`] when the response breaks its schema or answers a CALL that this end sends
    /// (not the peer).
    pub fn encode_result(
        &self,
        message_id: &str,
        response: &M::Response,
    ) -> Result<String, EncodeError> {
        let action = M::response_action(response);
        let payload = self.encode(
            message_id,
            action,
            FrameKind::CallResult,
            M::response_to_value(response),
            Leniency::strict(),
        )?;
        Ok(Frame::CallResult {
            message_id: message_id.into(),
            payload,
        }
        .to_string())
    }
}
