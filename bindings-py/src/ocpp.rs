//! `parse_frame`, `check_frame`, `Conversation` and `OcppFrameError`.

use chargeshift_ocpp::conversation::{
    Conversation as Core, ConversationError, ConversationOptions, Exchanged,
};
use chargeshift_ocpp::inspect::{CheckOptions, Checked, check};
use chargeshift_ocpp::{
    DecodeError, Deviation, Endpoint, Frame, FrameError, Leniency, NameCase, OcppVersion,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::convert::{LoneSurrogate, to_py, utf8};
use crate::errors;

/// Maps a framing error to `OcppFrameError`, with `error_code` and `message_id` attributes.
fn map_frame_error(py: Python<'_>, err: &FrameError) -> PyErr {
    errors::error(py, "OcppFrameError", err.to_string(), |v| {
        v.setattr("error_code", err.error_code().to_string())?;
        v.setattr("message_id", err.message_id())
    })
}

/// Maps a decoding error to `OcppFrameError` with `error_code` (spelled for the version),
/// `message_id`, `path` and `call_error` (the frame a receiver answers with: a CALLERROR, a 2.1
/// CALLRESULTERROR, or `None` where OCPP-J allows no answer, e.g. to a CALLRESULT or a SEND).
fn map_decode_error(py: Python<'_>, err: &DecodeError, version: OcppVersion) -> PyErr {
    map_decode_error_saying(py, err.to_string(), err, version)
}

/// [`map_decode_error`] with the message `message` (a conversation's names the identity).
fn map_decode_error_saying(
    py: Python<'_>,
    message: String,
    err: &DecodeError,
    version: OcppVersion,
) -> PyErr {
    errors::error(py, "OcppFrameError", message, |v| {
        v.setattr("error_code", err.error_code().as_str(version))?;
        v.setattr("message_id", err.message_id())?;
        v.setattr("path", err.path())?;
        v.setattr(
            "call_error",
            err.reply(version).map(|frame| frame.to_string()),
        )
    })
}

/// A frame text with a lone surrogate is not a JSON text: the error of any other invalid JSON, at
/// the surrogate's place.
fn surrogate_error(found: LoneSurrogate) -> FrameError {
    FrameError::InvalidJson {
        line: found.line,
        column: found.column,
        message: found.to_string(),
    }
}

fn version(name: &str) -> PyResult<OcppVersion> {
    name.parse()
        .map_err(|e| PyValueError::new_err(format!("{e}")))
}

fn sender(name: &str) -> PyResult<Endpoint> {
    Endpoint::from_name(name, NameCase::Snake).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Maps a conversation's error: `OcppFrameError` for a frame, `ValueError` for an identity that
/// was not opened.
fn map_conversation_error(py: Python<'_>, err: &ConversationError) -> PyErr {
    match err {
        ConversationError::Decode {
            source, version, ..
        } => map_decode_error_saying(py, err.to_string(), source, *version),
        _ => PyValueError::new_err(err.to_string()),
    }
}

fn deviations(deviations: &[Deviation]) -> Vec<(&'static str, String, String)> {
    deviations
        .iter()
        .map(|d| (d.kind.variant_name(), d.path.clone(), d.detail.clone()))
        .collect()
}

/// The dict of a checked frame: `{"kind", "action", "message_id", "payload", "deviations"}`.
fn checked_dict<'py>(py: Python<'py>, checked: &Checked) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item("kind", checked.kind.to_string())?;
    out.set_item("action", checked.action)?;
    out.set_item("message_id", checked.message_id.as_str())?;
    out.set_item("payload", to_py(py, &checked.payload)?)?;
    out.set_item("deviations", deviations(&checked.deviations))?;
    Ok(out)
}

/// Decodes and validates one OCPP-J frame as the receiving end would: the action must exist in
/// `version` and may be sent by `sender` (`"charge_point"` or `"csms"`), the payload must
/// satisfy its schema. A CALLRESULT is typed by `action`, the action of the CALL it answers
/// (without it a CALLRESULT is a `ProtocolError`); `action` also names what a CALLERROR or
/// CALLRESULTERROR answers, and is not used for a CALL or SEND. With `lenient=True` the known
/// deviations of real chargers are accepted and listed in `deviations`. `version` and `sender`
/// default to the crate's defaults, "2.0.1" and "charge_point".
///
/// Returns `{"kind", "action", "message_id", "payload", "deviations"}`; raises `OcppFrameError`
/// with `error_code`, `path` and `call_error` (the frame to answer with, or `None`), also for a `str`
/// with a lone surrogate.
#[pyfunction]
#[pyo3(signature = (text, *, version = None, sender = None, lenient = false, action = None))]
fn check_frame<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyString>,
    version: Option<&str>,
    sender: Option<&str>,
    lenient: bool,
    action: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    let mut options = CheckOptions::default()
        .with_leniency(Leniency::from_lenient(lenient))
        .with_action(action);
    if let Some(name) = version {
        options.version = self::version(name)?;
    }
    if let Some(name) = sender {
        options.sender = self::sender(name)?;
    }
    let version = options.version;
    let text = utf8(text, |found| {
        map_decode_error(py, &surrogate_error(found).into(), version)
    })?;
    let checked = check(&text, &options).map_err(|e| map_decode_error(py, &e, version))?;
    checked_dict(py, &checked)
}

/// The frames of many charge points, each connection with its own OCPP version, decoded as their
/// receiving ends would, every CALLRESULT and CALLERROR paired with its CALL by (identity,
/// message id) and direction. At most `max_pending` CALLs await an answer per connection and
/// direction (the oldest is dropped beyond it); `default_version` opens identities never opened.
#[pyclass(module = "chargeshift", name = "Conversation")]
pub(crate) struct Conversation {
    core: Core,
    options: ConversationOptions,
}

fn exchanged_dict<'py>(py: Python<'py>, exchanged: &Exchanged) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item("kind", exchanged.kind.to_string())?;
    out.set_item("action", exchanged.action)?;
    out.set_item("message_id", exchanged.message_id.as_str())?;
    out.set_item("payload", to_py(py, &exchanged.payload())?)?;
    out.set_item("deviations", deviations(&exchanged.deviations))?;
    out.set_item("paired", exchanged.paired)?;
    out.set_item("version", exchanged.version.to_string())?;
    Ok(out)
}

#[pymethods]
impl Conversation {
    #[new]
    #[pyo3(signature = (*, lenient = false, max_pending = None, default_version = None))]
    fn new(
        lenient: bool,
        max_pending: Option<&Bound<'_, PyAny>>,
        default_version: Option<&str>,
    ) -> PyResult<Self> {
        let max_pending: Option<usize> = errors::non_negative_opt(max_pending, "max_pending")?;
        let mut options =
            ConversationOptions::default().with_leniency(Leniency::from_lenient(lenient));
        if let Some(max) = max_pending {
            options = options.with_max_pending(max);
        }
        if let Some(name) = default_version {
            options = options.with_default_version(Some(version(name)?));
        }
        Ok(Self {
            core: Core::new(options),
            options,
        })
    }

    /// Opens (or, for a reconnect, reopens afresh) the connection of `identity` with `version`.
    fn open(&mut self, identity: &str, version: &str) -> PyResult<()> {
        self.core.open(identity, self::version(version)?);
        Ok(())
    }

    /// Closes the connection of `identity`; whether it was open.
    fn close(&mut self, identity: &str) -> bool {
        self.core.close(identity)
    }

    /// The OCPP version of `identity`'s open connection, or `None`.
    fn version(&self, identity: &str) -> Option<String> {
        self.core.version(identity).map(|v| v.to_string())
    }

    /// The CALLs of `identity`'s connection awaiting an answer, both directions together.
    fn pending(&self, identity: &str) -> usize {
        self.core.pending(identity)
    }

    /// Decodes `frame`, sent by `sender` (`"charge_point"` or `"csms"`) on the connection of
    /// `identity`: the dict of `check_frame` with `paired` (whether it answered a pending CALL)
    /// and `version`. Raises `OcppFrameError` for a frame that does not decode (a CALLRESULT
    /// answering no pending CALL has `error_code` "ProtocolError"), `ValueError` for an identity
    /// never opened.
    fn decode<'py>(
        &mut self,
        py: Python<'py>,
        identity: &str,
        sender: &str,
        frame: &Bound<'py, PyString>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let from = self::sender(sender)?;
        let version = self
            .core
            .version(identity)
            .or(self.options.default_version)
            .unwrap_or(CheckOptions::DEFAULT.version);
        let text = utf8(frame, |found| {
            map_decode_error(py, &surrogate_error(found).into(), version)
        })?;
        let exchanged = self
            .core
            .decode(identity, from, &text)
            .map_err(|e| map_conversation_error(py, &e))?;
        exchanged_dict(py, &exchanged)
    }

    fn __len__(&self) -> usize {
        self.core.len()
    }

    fn __repr__(&self) -> String {
        format!("<Conversation of {} connections>", self.core.len())
    }
}

/// Parses one OCPP-J frame and returns it as a dict with `kind`, `message_id`, and the fields of its
/// kind (`action`, `payload`, `error_code`, `error_description`, `error_details`).
///
/// Raises `OcppFrameError` (a `ValueError`) with an `error_code` attribute for a bad frame, including
/// a `str` with a lone surrogate (which has no UTF-8 form, so is no JSON text).
#[pyfunction]
fn parse_frame<'py>(py: Python<'py>, text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyDict>> {
    let text = utf8(text, |found| map_frame_error(py, &surrogate_error(found)))?;
    let frame = Frame::parse(&text).map_err(|e| map_frame_error(py, &e))?;
    let out = PyDict::new(py);
    out.set_item("kind", frame.kind().to_string())?;
    out.set_item("message_id", frame.message_id())?;
    match &frame {
        Frame::Call {
            action, payload, ..
        }
        | Frame::Send {
            action, payload, ..
        } => {
            out.set_item("action", action)?;
            out.set_item("payload", to_py(py, payload)?)?;
        }
        Frame::CallResult { payload, .. } => {
            out.set_item("payload", to_py(py, payload)?)?;
        }
        Frame::CallError {
            error_code,
            error_description,
            error_details,
            ..
        }
        | Frame::CallResultError {
            error_code,
            error_description,
            error_details,
            ..
        } => {
            out.set_item("error_code", error_code)?;
            out.set_item("error_description", error_description)?;
            out.set_item("error_details", to_py(py, error_details)?)?;
        }
        _ => {}
    }
    Ok(out)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(parse_frame, m)?)?;
    m.add_function(wrap_pyfunction!(check_frame, m)?)?;
    m.add_class::<Conversation>()?;
    Ok(())
}
