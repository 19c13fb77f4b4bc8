//! `parse_frame` and `OcppFrameError`.

use chargeshift_ocpp::inspect::check_frame as check;
use chargeshift_ocpp::{DecodeError, Endpoint, Frame, FrameError, Leniency, OcppVersion};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::convert::{LoneSurrogate, to_py, utf8};

pyo3::create_exception!(
    _native,
    OcppFrameError,
    PyValueError,
    "A text that is not a valid OCPP-J frame; `error_code` holds the OCPP-J error code to answer with."
);

/// Maps a framing error to `OcppFrameError`, with `error_code` and `message_id` attributes.
fn map_frame_error(py: Python<'_>, err: &FrameError) -> PyErr {
    let py_err = OcppFrameError::new_err(err.to_string());
    let value = py_err.value(py);
    // setting attributes on a fresh exception instance cannot fail in practice; if it does, the
    // message alone still reaches the caller
    let _ = value.setattr("error_code", err.error_code().to_string());
    let _ = value.setattr("message_id", err.message_id());
    py_err
}

/// Maps a decoding error to `OcppFrameError` with `error_code` (spelled for the version),
/// `message_id`, `path` and `call_error` (the frame a receiver answers with: a CALLERROR, a 2.1
/// CALLRESULTERROR, or `None` where OCPP-J allows no answer, e.g. to a CALLRESULT or a SEND).
fn map_decode_error(py: Python<'_>, err: &DecodeError, version: OcppVersion) -> PyErr {
    let py_err = OcppFrameError::new_err(err.to_string());
    let value = py_err.value(py);
    let _ = value.setattr("error_code", err.error_code().as_str(version));
    let _ = value.setattr("message_id", err.message_id());
    let _ = value.setattr("path", err.path());
    let _ = value.setattr(
        "call_error",
        err.reply(version).map(|frame| frame.to_string()),
    );
    py_err
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

fn sender(name: &str) -> PyResult<Endpoint> {
    match name {
        "charge_point" => Ok(Endpoint::ChargePoint),
        "csms" => Ok(Endpoint::Csms),
        other => Err(PyValueError::new_err(format!(
            "unknown sender {other:?}; expected \"charge_point\" or \"csms\""
        ))),
    }
}

/// Decodes and validates one OCPP-J CALL or SEND as the receiving end would: the action must
/// exist in `version` and may be sent by `sender` (`"charge_point"` or `"csms"`), the payload
/// must satisfy its schema. With `lenient=True` the known deviations of real chargers are
/// accepted and listed in `deviations`.
///
/// Returns `{"kind", "action", "message_id", "payload", "deviations"}`; raises `OcppFrameError`
/// with `error_code`, `path` and `call_error` (the frame to answer with, or `None`), also for a `str`
/// with a lone surrogate.
#[pyfunction]
#[pyo3(signature = (text, *, version = "2.0.1", sender = "charge_point", lenient = false))]
fn check_frame<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyString>,
    version: &str,
    sender: &str,
    lenient: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let version: OcppVersion = version
        .parse()
        .map_err(|e| PyValueError::new_err(format!("{e}")))?;
    let from = self::sender(sender)?;
    let leniency = if lenient {
        Leniency::all()
    } else {
        Leniency::strict()
    };
    let text = utf8(text, |found| {
        map_decode_error(py, &surrogate_error(found).into(), version)
    })?;
    let checked =
        check(&text, version, from, leniency).map_err(|e| map_decode_error(py, &e, version))?;
    let out = PyDict::new(py);
    out.set_item("kind", checked.kind.to_string())?;
    out.set_item("action", checked.action)?;
    out.set_item("message_id", checked.message_id.as_str())?;
    out.set_item("payload", to_py(py, &checked.payload)?)?;
    let deviations: Vec<(String, String, String)> = checked
        .deviations
        .iter()
        .map(|d| (format!("{:?}", d.kind), d.path.clone(), d.detail.clone()))
        .collect();
    out.set_item("deviations", deviations)?;
    Ok(out)
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
    m.add("OcppFrameError", m.py().get_type::<OcppFrameError>())?;
    m.add_function(wrap_pyfunction!(parse_frame, m)?)?;
    m.add_function(wrap_pyfunction!(check_frame, m)?)?;
    Ok(())
}
