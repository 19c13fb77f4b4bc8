//! Conversion of serde values to Python objects, and of Python `str` arguments to UTF-8.

use std::borrow::Cow;
use std::fmt;

use pyo3::exceptions::{PyUnicodeEncodeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PySlice, PyString};
use serde::Serialize;

/// Converts a serde value to Python objects (dicts, lists, str, int, float, bool, None) through the
/// standard `json` module, which is exact for everything serde_json writes.
pub(crate) fn to_py<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(value).map_err(|e| PyValueError::new_err(e.to_string()))?;
    py.import("json")?.call_method1("loads", (text,))
}

/// The first lone surrogate of a Python `str`: a code point from U+D800 to U+DFFF that no UTF-8
/// text can hold (Python makes them from undecodable bytes, e.g. with `errors="surrogateescape"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LoneSurrogate {
    /// The surrogate, e.g. 0xD800.
    pub code: u32,
    /// Its index in the `str` (in code points, as Python indexes).
    pub position: usize,
    /// Its 1-based line in the text.
    pub line: usize,
    /// Its 1-based column in UTF-8 bytes, as serde_json counts for JSON errors.
    pub column: usize,
}

impl fmt::Display for LoneSurrogate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the text is not valid Unicode: a lone surrogate U+{:04X} at position {}",
            self.code, self.position
        )
    }
}

/// The text of a Python `str` as UTF-8. A lone surrogate (which `str` allows and UTF-8 cannot hold)
/// is passed to `on_surrogate` for the caller's own error, instead of Python's `UnicodeEncodeError`.
pub(crate) fn utf8<'a>(
    text: &'a Bound<'_, PyString>,
    on_surrogate: impl FnOnce(LoneSurrogate) -> PyErr,
) -> PyResult<Cow<'a, str>> {
    text.to_cow().map_err(|err| {
        let py = text.py();
        if !err.is_instance_of::<PyUnicodeEncodeError>(py) {
            return err;
        }
        match lone_surrogate(text, &err) {
            Ok(found) => on_surrogate(found),
            Err(_) => err,
        }
    })
}

/// Where the encoding error `err` of `text` is, from its `start` index.
fn lone_surrogate(text: &Bound<'_, PyString>, err: &PyErr) -> PyResult<LoneSurrogate> {
    let py = text.py();
    let position: usize = err.value(py).getattr("start")?.extract()?;
    let code: u32 = py
        .import("builtins")?
        .getattr("ord")?
        .call1((text.get_item(position)?,))?
        .extract()?;
    // everything before the first surrogate encodes
    let before = text.get_item(PySlice::new(py, 0, isize::try_from(position)?, 1))?;
    let before = before.cast::<PyString>()?.to_cow()?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Ok(LoneSurrogate {
        code,
        position,
        line: 1 + before.matches('\n').count(),
        column: before.len() - line_start + 1,
    })
}
