//! The exceptions raised to Python: the classes live in `chargeshift._errors` (Python, so that each
//! subclasses `ChargeshiftError` and its fitting built-in, pickles, and is named `chargeshift.X`);
//! this module builds instances of them with their structured attributes, and checks integer
//! arguments so that a negative one is a `ValueError` naming the argument.

use pyo3::exceptions::{PyOverflowError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyInt;

/// The module that defines the exception classes.
const ERRORS: &str = "chargeshift._errors";

/// The names of the classes re-exported by `_native` (and `chargeshift`).
pub(crate) const CLASSES: [&str; 13] = [
    "ChargeshiftError",
    "CutoverError",
    "FleetFileError",
    "FleetFileNotFoundError",
    "FleetImportError",
    "FleetIsADirectoryError",
    "FleetNotADirectoryError",
    "FleetPermissionError",
    "HealthError",
    "MigrationRequestError",
    "OcppFrameError",
    "ReconcileError",
    "UnknownAssetError",
];

/// An exception of class `name` of `chargeshift._errors` made by calling `make` on the class
/// (e.g. with the message), then given its attributes by `attrs`. A failure of either step (which
/// does not happen with the classes as defined) is raised instead, so nothing is lost silently.
pub(crate) fn error_with<'py>(
    py: Python<'py>,
    name: &str,
    make: impl FnOnce(&Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>>,
    attrs: impl FnOnce(&Bound<'py, PyAny>) -> PyResult<()>,
) -> PyErr {
    let built = (|| {
        let class = py.import(ERRORS)?.getattr(name)?;
        let value = make(&class)?;
        attrs(&value)?;
        Ok::<_, PyErr>(value)
    })();
    match built {
        Ok(value) => PyErr::from_value(value),
        Err(err) => err,
    }
}

/// An exception of class `name` with the one argument `message`, given its attributes by `attrs`.
pub(crate) fn error<'py>(
    py: Python<'py>,
    name: &str,
    message: String,
    attrs: impl FnOnce(&Bound<'py, PyAny>) -> PyResult<()>,
) -> PyErr {
    error_with(py, name, |class| class.call1((message,)), attrs)
}

/// A file error `(errno, strerror, filename)` of the `FleetFileError` subclass for `errno`.
pub(crate) fn file_error(py: Python<'_>, errno: i32, strerror: String, filename: String) -> PyErr {
    let built = (|| {
        py.import(ERRORS)?
            .getattr("_file_error")?
            .call1((errno, strerror, filename))
    })();
    match built {
        Ok(value) => PyErr::from_value(value),
        Err(err) => err,
    }
}

/// Re-exports the exception classes from the native module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let errors = m.py().import(ERRORS)?;
    for name in CLASSES {
        m.add(name, errors.getattr(name)?)?;
    }
    Ok(())
}

/// The value of the integer argument `arg` named `name`: a `ValueError` naming it when it is
/// negative or too large for `T` (instead of the `OverflowError` of a plain `usize` argument), a
/// `TypeError` when it is no `int`.
pub(crate) fn non_negative<T: TryFrom<i128>>(arg: &Bound<'_, PyAny>, name: &str) -> PyResult<T> {
    if !arg.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "{name} must be an int, not {}",
            arg.get_type().name()?
        )));
    }
    let value: i128 = arg.extract().map_err(|e: PyErr| {
        if e.is_instance_of::<PyOverflowError>(arg.py()) {
            PyValueError::new_err(format!("{name} is too large: {arg}"))
        } else {
            e
        }
    })?;
    if value < 0 {
        return Err(PyValueError::new_err(format!(
            "{name} must be zero or more, not {value}"
        )));
    }
    T::try_from(value).map_err(|_| PyValueError::new_err(format!("{name} is too large: {value}")))
}

/// [`non_negative`] for an optional argument (`None` or absent gives `None`).
pub(crate) fn non_negative_opt<T: TryFrom<i128>>(
    arg: Option<&Bound<'_, PyAny>>,
    name: &str,
) -> PyResult<Option<T>> {
    match arg {
        Some(a) if !a.is_none() => non_negative(a, name).map(Some),
        _ => Ok(None),
    }
}
