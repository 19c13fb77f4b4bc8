//! What the cutover, health and reconcile bindings share: results as pandas DataFrames, inputs
//! as a path or as bytes, and the names of the tables.

use std::path::PathBuf;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use serde::Serialize;

use crate::convert::to_py;

/// A DataFrame of `rows` (serde records) with `columns` in this order (an empty table keeps its
/// columns).
pub(crate) fn data_frame<'py, T: Serialize>(
    py: Python<'py>,
    columns: &[&str],
    rows: &[T],
) -> PyResult<Bound<'py, PyAny>> {
    let records = to_py(py, rows)?;
    let kwargs = pyo3::types::PyDict::new(py);
    kwargs.set_item("columns", columns.to_vec())?;
    py.import("pandas")?
        .getattr("DataFrame")?
        .call((records,), Some(&kwargs))
}

/// The names a `to_pandas(table)` takes, and a clear error for any other.
pub(crate) fn table_name<'a>(table: &str, known: &[&'a str]) -> PyResult<&'a str> {
    known.iter().find(|k| **k == table).copied().ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown table {table:?}: expected one of {}",
            known.join(", ")
        ))
    })
}

/// An input given as a path (`str` or `os.PathLike`) or as its content (`bytes`).
pub(crate) enum Input {
    /// A file to open.
    Path(PathBuf),
    /// The content itself.
    Bytes(Vec<u8>),
}

impl Input {
    /// `str` and `os.PathLike` are paths, `bytes` the content.
    pub(crate) fn extract(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Input> {
        if let Ok(b) = value.cast::<PyBytes>() {
            return Ok(Input::Bytes(b.as_bytes().to_vec()));
        }
        if value.is_instance_of::<PyString>() {
            return Ok(Input::Path(value.extract()?));
        }
        value.extract::<PathBuf>().map(Input::Path).map_err(|_| {
            pyo3::exceptions::PyTypeError::new_err(format!(
                "{what}: expected a path (str or os.PathLike) or bytes, got {}",
                value
                    .get_type()
                    .name()
                    .map_or_else(|_| "?".to_owned(), |n| n.to_string())
            ))
        })
    }

    /// The name to say in errors: the path, or `<what>` for content.
    pub(crate) fn name(&self, what: &str) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Bytes(_) => format!("<{what}>"),
        }
    }

    /// The whole content as text.
    pub(crate) fn text(&self) -> std::io::Result<String> {
        match self {
            Input::Path(p) => std::fs::read_to_string(p),
            Input::Bytes(b) => String::from_utf8(b.clone())
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e)),
        }
    }
}

/// `text` with `&`, `<`, `>` and `"` escaped for HTML.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An HTML table with a caption, `headers` and `rows` of cell texts (escaped here).
pub(crate) fn html_table(caption: &str, headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut s = format!("<table><caption>{}</caption><thead><tr>", escape(caption));
    for h in headers {
        s.push_str(&format!("<th>{}</th>", escape(h)));
    }
    s.push_str("</tr></thead><tbody>");
    for r in rows {
        s.push_str("<tr>");
        for c in r {
            s.push_str(&format!("<td>{}</td>", escape(c)));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
    s
}
