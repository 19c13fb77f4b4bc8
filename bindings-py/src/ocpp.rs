//! `parse_frame` and `OcppFrameError`.

use chargeshift_ocpp::{Frame, FrameError};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::to_py;

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

/// Parses one OCPP-J frame and returns it as a dict with `kind`, `message_id`, and the fields of its
/// kind (`action`, `payload`, `error_code`, `error_description`, `error_details`).
///
/// Raises `OcppFrameError` (a `ValueError`) with an `error_code` attribute for a bad frame.
#[pyfunction]
fn parse_frame<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyDict>> {
    let frame = Frame::parse(text).map_err(|e| map_frame_error(py, &e))?;
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
    Ok(())
}
