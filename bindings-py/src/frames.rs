//! Columnar results: `Table` (Arrow record batches, one or more, exported through the Arrow
//! PyCapsule interface as one stream, so pyarrow, pandas, Polars and DuckDB read it without a
//! copy) and `check_frames`, the batch OCPP check whose rows the ocpp crate makes
//! (`chargeshift_ocpp::batch`).

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, StringBuilder, UInt64Builder};
use arrow_array::{
    Array, ArrayRef, Float32Array, Float64Array, LargeStringArray, RecordBatch, StringArray,
    StringViewArray, StructArray, new_null_array,
};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use chargeshift_ocpp::batch::{FrameRow, check_row, conversation_row};
use chargeshift_ocpp::conversation::{Conversation, ConversationOptions};
use chargeshift_ocpp::framing::FrameKind;
use chargeshift_ocpp::inspect::CheckOptions;
use chargeshift_ocpp::{Endpoint, Leniency, NameCase, OcppVersion};
use pyo3::exceptions::{PyImportError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyFloat, PyString};
use pyo3_arrow::ffi::{ArrayIterator, to_stream_pycapsule};
use pyo3_arrow::{PyArray, PyChunkedArray};

/// How many frames are checked between two looks for Ctrl-C.
const CHUNK: usize = 65_536;

/// A table of columns computed in Rust: read it with `pyarrow.table(t)`, `polars.from_arrow`,
/// DuckDB, or `t.to_pandas()`; it implements the Arrow PyCapsule interface
/// (`__arrow_c_stream__`), so no copy is made.
#[pyclass(module = "chargeshift", name = "Table", frozen)]
pub(crate) struct Table {
    schema: SchemaRef,
    /// The rows, in order, in one or more batches of `schema` (a batch per part of a parallel
    /// computation: handed over as the stream's chunks, never copied into one).
    batches: Vec<RecordBatch>,
}

impl Table {
    /// A table of `columns` (name, array, nullable), all of the same length.
    pub(crate) fn new(columns: Vec<(&str, ArrayRef, bool)>) -> PyResult<Self> {
        let fields: Vec<Field> = columns
            .iter()
            .map(|(name, array, nullable)| Field::new(*name, array.data_type().clone(), *nullable))
            .collect();
        let arrays = columns.into_iter().map(|(_, a, _)| a).collect();
        let schema = Arc::new(Schema::new(fields));
        let batch = RecordBatch::try_new(schema.clone(), arrays)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(Self {
            schema,
            batches: vec![batch],
        })
    }

    /// A table of `batches` in order, each of `schema`.
    fn from_batches(schema: SchemaRef, batches: Vec<RecordBatch>) -> Self {
        debug_assert!(batches.iter().all(|b| b.schema() == schema));
        Self { schema, batches }
    }

    fn rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }
}

/// `module`, imported, or an `ImportError` saying what needs it.
fn needs<'py>(py: Python<'py>, module: &str, what: &str) -> PyResult<Bound<'py, PyModule>> {
    py.import(module).map_err(|_| {
        PyImportError::new_err(format!(
            "{what} needs the {module} package: pip install {module}"
        ))
    })
}

#[pymethods]
impl Table {
    /// The Arrow C stream of the table (the Arrow PyCapsule interface).
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let arrays: Vec<ArrayRef> = self
            .batches
            .iter()
            .map(|b| Arc::new(StructArray::from(b.clone())) as ArrayRef)
            .collect();
        let field = Field::new_struct("", self.schema.fields().clone(), false);
        let reader = Box::new(ArrayIterator::new(
            arrays.into_iter().map(Ok::<_, ArrowError>),
            field.into(),
        ));
        Ok(to_stream_pycapsule(py, reader, requested_schema)?)
    }

    /// The column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    /// The number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.rows()
    }

    fn __len__(&self) -> usize {
        self.rows()
    }

    /// The table as a `pyarrow.Table` (needs pyarrow).
    fn to_pyarrow<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        needs(slf.py(), "pyarrow", "Table.to_pyarrow")?.call_method1("table", (slf,))
    }

    /// The table as a `pandas.DataFrame` (needs pandas and pyarrow).
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        needs(slf.py(), "pandas", "Table.to_pandas")?;
        Self::to_pyarrow(slf)?.call_method0("to_pandas")
    }

    fn __repr__(&self) -> String {
        format!(
            "<Table of {} rows: {}>",
            self.rows(),
            self.column_names().join(", ")
        )
    }
}

/// The frames given as a list of `str` (or `None`), a pandas Series, or an Arrow string array or
/// chunked array (anything with `__arrow_c_array__` or `__arrow_c_stream__`).
enum Frames {
    Arrow(Vec<ArrayRef>),
    /// The texts, and the frames that are not UTF-8 text (a `str` with a lone surrogate) by
    /// index, with what is wrong (their text is `None`).
    Python(Vec<Option<String>>, Vec<(usize, String)>),
}

impl Frames {
    /// `frames` read as the argument `name` (which error messages name).
    fn read(frames: &Bound<'_, PyAny>, name: &str) -> PyResult<Self> {
        if frames.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(format!(
                "{name} must be a list, a pandas Series or an Arrow array of frames, not one str \
                 (use check_frame for one frame)"
            )));
        }
        if frames.hasattr("__arrow_c_stream__")? {
            let chunked: PyChunkedArray = frames.extract()?;
            return Self::arrow(chunked.into_inner().0, name);
        }
        if frames.hasattr("__arrow_c_array__")? {
            let array: PyArray = frames.extract()?;
            return Self::arrow(vec![array.into_inner().0], name);
        }
        let mut out = Vec::with_capacity(frames.len().unwrap_or(0));
        let mut bad = Vec::new();
        for (i, item) in frames.try_iter()?.enumerate() {
            let item = item?;
            // a str first: the common case, without a failed conversion (a Python exception
            // made and dropped) per frame
            if let Ok(text) = item.cast::<PyString>() {
                match text.to_cow() {
                    Ok(t) => out.push(Some(t.into_owned())),
                    // a lone surrogate: that frame's row says so, the others are checked
                    Err(e) => {
                        bad.push((i, e.value(frames.py()).to_string()));
                        out.push(None);
                    }
                }
                continue;
            }
            // pandas gives pd.NA for a missing value of its nullable dtypes
            if item.is_none() || item.get_type().name().is_ok_and(|n| n == "NAType") {
                out.push(None);
                continue;
            }
            // pandas gives NaN for a missing value of an object column
            if let Ok(x) = item.cast::<PyFloat>()
                && x.value().is_nan()
            {
                out.push(None);
                continue;
            }
            return Err(PyTypeError::new_err(format!(
                "{name}[{i}] must be a str (or None), not {}",
                item.get_type()
                    .name()
                    .map_or_else(|_| "?".into(), |n| n.to_string())
            )));
        }
        Ok(Self::Python(out, bad))
    }

    /// Arrow chunks as string arrays: strings as they are, a dictionary of strings (a pandas
    /// category) decoded, and a column with no value at all (all nulls, or pandas' all-NaN
    /// floats) as nulls; anything else is a `TypeError` naming its type.
    fn arrow(chunks: Vec<ArrayRef>, name: &str) -> PyResult<Self> {
        let mut out = Vec::with_capacity(chunks.len());
        for chunk in chunks {
            let all_missing = |c: &ArrayRef| -> bool {
                let nan = |x: Option<f64>| x.is_none_or(f64::is_nan);
                if let Some(a) = c.as_any().downcast_ref::<Float64Array>() {
                    a.iter().all(nan)
                } else if let Some(a) = c.as_any().downcast_ref::<Float32Array>() {
                    a.iter().all(|x| nan(x.map(f64::from)))
                } else {
                    c.logical_null_count() == c.len()
                }
            };
            match chunk.data_type() {
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => out.push(chunk),
                DataType::Dictionary(_, values)
                    if matches!(
                        **values,
                        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
                    ) =>
                {
                    let decoded = arrow_cast::cast(&chunk, &DataType::LargeUtf8)
                        .map_err(|e| PyTypeError::new_err(format!("{name}: {e}")))?;
                    out.push(decoded);
                }
                _ if all_missing(&chunk) => {
                    out.push(new_null_array(&DataType::Utf8, chunk.len()));
                }
                other => {
                    return Err(PyTypeError::new_err(format!(
                        "{name} must be an Arrow array of strings, not of {other}"
                    )));
                }
            }
        }
        Ok(Self::Arrow(out))
    }

    /// The frames that are not UTF-8 text, by index, with what is wrong.
    fn bad(&self) -> &[(usize, String)] {
        match self {
            Self::Python(_, bad) => bad,
            Self::Arrow(_) => &[],
        }
    }

    /// The frames as text slices (`None` for nulls).
    fn texts(&self) -> PyResult<Vec<Option<&str>>> {
        match self {
            Self::Python(v, _) => Ok(v.iter().map(Option::as_deref).collect()),
            Self::Arrow(chunks) => {
                let mut out = Vec::new();
                for chunk in chunks {
                    let any = chunk.as_any();
                    if let Some(a) = any.downcast_ref::<StringArray>() {
                        out.extend(a.iter());
                    } else if let Some(a) = any.downcast_ref::<LargeStringArray>() {
                        out.extend(a.iter());
                    } else if let Some(a) = any.downcast_ref::<StringViewArray>() {
                        out.extend(a.iter());
                    } else {
                        return Err(PyTypeError::new_err(format!(
                            "frames must be an Arrow array of strings, not of {}",
                            chunk.data_type()
                        )));
                    }
                }
                Ok(out)
            }
        }
    }
}

/// A per-frame argument: one value for every frame, or a sequence of one value per frame.
fn per_frame(arg: Option<&Bound<'_, PyAny>>, name: &str, n: usize) -> PyResult<Option<PerFrame>> {
    let Some(arg) = arg.filter(|a| !a.is_none()) else {
        return Ok(None);
    };
    if let Ok(one) = arg.cast::<PyString>() {
        return Ok(Some(PerFrame::One(one.to_cow()?.into_owned())));
    }
    let frames = Frames::read(arg, name).map_err(|e| {
        PyTypeError::new_err(format!("{name} must be a str or one value per frame: {e}"))
    })?;
    if let Some((i, what)) = frames.bad().first() {
        return Err(PyValueError::new_err(format!(
            "{name}[{i}] is not UTF-8 text: {what}"
        )));
    }
    let values: Vec<Option<String>> = match frames {
        Frames::Python(values, _) => values,
        arrow @ Frames::Arrow(_) => arrow
            .texts()?
            .into_iter()
            .map(|t| t.map(str::to_owned))
            .collect(),
    };
    if values.len() != n {
        return Err(PyValueError::new_err(format!(
            "{name} has {} values for {n} frames",
            values.len()
        )));
    }
    Ok(Some(PerFrame::Each(values)))
}

enum PerFrame {
    One(String),
    Each(Vec<Option<String>>),
}

impl PerFrame {
    fn get(&self, i: usize) -> Option<&str> {
        match self {
            Self::One(v) => Some(v),
            Self::Each(v) => v.get(i).and_then(Option::as_deref),
        }
    }
}

fn parse_version(name: &str) -> PyResult<OcppVersion> {
    name.parse()
        .map_err(|e| PyValueError::new_err(format!("{e}")))
}

/// The sender `name` of frame `i` (which an error names).
fn parse_sender(name: &str, i: usize) -> PyResult<Endpoint> {
    Endpoint::from_name(name, NameCase::Snake)
        .map_err(|e| PyValueError::new_err(format!("sender of frame {i}: {e}")))
}

/// The columns of `check_frames`, filled row by row: each part of a parallel check fills its
/// own, so a row's strings are copied once, into Arrow buffers, on the thread that made them.
struct RowColumns {
    index: UInt64Builder,
    message_type: StringBuilder,
    message_id: StringBuilder,
    action: StringBuilder,
    valid: BooleanBuilder,
    error_code: StringBuilder,
    error: StringBuilder,
    path: StringBuilder,
    deviations: StringBuilder,
    payload: StringBuilder,
    /// Only with a conversation (`identities`).
    paired: Option<BooleanBuilder>,
}

impl RowColumns {
    /// Room for `rows` rows whose frames are `bytes` long in all (the payloads are slices of
    /// them, so their column is never grown twice).
    fn with_capacity(rows: usize, bytes: usize, conversation: bool) -> Self {
        let text = || StringBuilder::with_capacity(rows, rows * 16);
        Self {
            index: UInt64Builder::with_capacity(rows),
            message_type: text(),
            message_id: text(),
            action: text(),
            valid: BooleanBuilder::with_capacity(rows),
            error_code: StringBuilder::with_capacity(rows, 0),
            error: StringBuilder::with_capacity(rows, 0),
            path: StringBuilder::with_capacity(rows, 0),
            deviations: StringBuilder::with_capacity(rows, rows * 2),
            payload: StringBuilder::with_capacity(rows, bytes),
            paired: conversation.then(|| BooleanBuilder::with_capacity(rows)),
        }
    }

    /// The schema of the columns: the names and types the docs of `check_frames` give.
    fn schema(conversation: bool) -> SchemaRef {
        let text = |name: &str, nullable: bool| Field::new(name, DataType::Utf8, nullable);
        let mut fields = vec![
            Field::new("frame", DataType::UInt64, false),
            text("message_type", true),
            text("message_id", true),
            text("action", true),
            Field::new("valid", DataType::Boolean, false),
            text("error_code", true),
            text("error", true),
            text("path", true),
            text("deviations", false),
            text("payload", true),
        ];
        if conversation {
            fields.push(Field::new("paired", DataType::Boolean, true));
        }
        Arc::new(Schema::new(fields))
    }

    /// Appends the row of frame `i`.
    fn push(&mut self, i: usize, r: &FrameRow<'_>) {
        self.index.append_value(i as u64);
        self.message_type
            .append_option(r.message_type.map(FrameKind::as_str));
        self.message_id.append_option(r.message_id.as_deref());
        self.action.append_option(r.action.as_deref());
        self.valid.append_value(r.valid);
        self.error_code.append_option(r.error_code);
        self.error.append_option(r.error.as_deref());
        self.path.append_option(r.path.as_deref());
        if r.deviations.is_empty() {
            self.deviations.append_value("[]");
        } else {
            let list: Vec<serde_json::Value> = r
                .deviations
                .iter()
                .map(|d| {
                    serde_json::json!({"kind": d.kind.variant_name(), "path": d.path, "detail": d.detail})
                })
                .collect();
            self.deviations
                .append_value(serde_json::Value::Array(list).to_string());
        }
        self.payload.append_option(r.payload.as_deref());
        if let Some(paired) = &mut self.paired {
            paired.append_option(r.paired);
        }
    }

    /// The rows pushed, as a batch of `schema` (the [`RowColumns::schema`] of the call).
    fn finish(mut self, schema: &SchemaRef) -> Result<RecordBatch, ArrowError> {
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(self.index.finish()),
            Arc::new(self.message_type.finish()),
            Arc::new(self.message_id.finish()),
            Arc::new(self.action.finish()),
            Arc::new(self.valid.finish()),
            Arc::new(self.error_code.finish()),
            Arc::new(self.error.finish()),
            Arc::new(self.path.finish()),
            Arc::new(self.deviations.finish()),
            Arc::new(self.payload.finish()),
        ];
        if let Some(mut paired) = self.paired {
            columns.push(Arc::new(paired.finish()));
        }
        RecordBatch::try_new(Arc::clone(schema), columns)
    }
}

/// The row of a frame that is not UTF-8 text (`what` says why), keeping what the conversation
/// said of its pairing; any other row as it is.
fn not_text_row<'t>(row: FrameRow<'t>, what: Option<&str>, version: OcppVersion) -> FrameRow<'t> {
    match what {
        None => row,
        Some(what) => {
            let mut bad = FrameRow::not_text(version, what);
            bad.paired = row.paired;
            bad
        }
    }
}

/// Checks many OCPP-J frames at once, in Rust with the GIL released, into a `Table` of one row per
/// frame: `frame` (its index), `message_type`, `message_id`, `action`, `valid`, `error_code`,
/// `error`, `path`, `deviations` (JSON text), `payload` (JSON text), and with `identities`,
/// `paired`.
///
/// `frames` is a list of `str` (or `None`), a pandas Series or an Arrow string array.
/// `sender` (`"charge_point"` or `"csms"`) and `action` (what a CALLRESULT answers) are one value
/// or one per frame. With `identities` (one charge point identity per frame) the frames are read
/// as one conversation per identity, in order, every CALLRESULT typed by the CALL it answers;
/// `version` is then the version of every connection. A bad frame is an invalid row, never an
/// exception; a bad argument is a `TypeError` or `ValueError`.
///
/// The frames are checked in chunks of 65,536; between chunks Ctrl-C is honoured
/// (`KeyboardInterrupt`) and `progress` is told: `progress=True` shows a tqdm bar (when tqdm is
/// installed), a callable is called with `(done, total)`.
#[pyfunction]
#[pyo3(signature = (frames, *, version = None, sender = None, lenient = false, action = None, identities = None, progress = None))]
#[expect(clippy::too_many_arguments, reason = "Python keyword arguments")]
pub(crate) fn check_frames(
    py: Python<'_>,
    frames: &Bound<'_, PyAny>,
    version: Option<&str>,
    sender: Option<&Bound<'_, PyAny>>,
    lenient: bool,
    action: Option<&Bound<'_, PyAny>>,
    identities: Option<&Bound<'_, PyAny>>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<Table> {
    let read = Frames::read(frames, "frames")?;
    let texts = read.texts()?;
    let n = texts.len();
    let version = match version {
        Some(name) => parse_version(name)?,
        None => CheckOptions::DEFAULT.version,
    };
    let senders = per_frame(sender, "sender", n)?;
    let mut sender_of = Vec::with_capacity(n);
    // the name of the sender before, parsed (one name for every frame is parsed once)
    let mut last: Option<(&str, Endpoint)> = None;
    for i in 0..n {
        sender_of.push(match senders.as_ref().and_then(|s| s.get(i)) {
            Some(name) => match last {
                Some((before, sender)) if before == name => sender,
                _ => {
                    let sender = parse_sender(name, i)?;
                    last = Some((name, sender));
                    sender
                }
            },
            None => CheckOptions::DEFAULT.sender,
        });
    }
    let actions = per_frame(action, "action", n)?;
    let identities = per_frame(identities, "identities", n)?;
    let leniency = Leniency::from_lenient(lenient);
    let mut report = Progress::new(progress, n)?;
    // what is wrong with each frame that is not UTF-8 text (its text is `None`)
    let mut not_text: Vec<Option<&str>> = vec![None; n];
    for (i, what) in read.bad() {
        if let Some(slot) = not_text.get_mut(*i) {
            *slot = Some(what.as_str());
        }
    }
    let bytes = |range: std::ops::Range<usize>| -> usize {
        texts[range].iter().flatten().map(|t| t.len()).sum()
    };
    let conversation = identities.is_some();
    let schema = RowColumns::schema(conversation);
    let mut batches = Vec::new();
    if let Some(identities) = &identities {
        let options = ConversationOptions::default()
            .with_leniency(leniency)
            .with_default_version(Some(version));
        let mut conversation = Conversation::new(options);
        for start in (0..n).step_by(CHUNK) {
            let end = (start + CHUNK).min(n);
            let batch = py.detach(|| {
                let mut columns = RowColumns::with_capacity(end - start, bytes(start..end), true);
                for i in start..end {
                    let identity = identities.get(i).unwrap_or("");
                    let row = conversation_row(&mut conversation, identity, sender_of[i], texts[i]);
                    columns.push(i, &not_text_row(row, not_text[i], version));
                }
                columns.finish(&schema)
            });
            batches.push(batch.map_err(|e| PyValueError::new_err(e.to_string()))?);
            py.check_signals()?;
            report.advance(end - start)?;
        }
    } else {
        for start in (0..n).step_by(CHUNK) {
            let end = (start + CHUNK).min(n);
            // frames without a conversation are independent: checked on every core, each part
            // into its own columns
            let parts = py.detach(|| {
                parallel_parts(start..end, |part| {
                    let mut columns =
                        RowColumns::with_capacity(part.len(), bytes(part.clone()), false);
                    for i in part {
                        let options = CheckOptions::new(version, sender_of[i])
                            .with_leniency(leniency)
                            .with_action(actions.as_ref().and_then(|a| a.get(i)));
                        let row = check_row(texts[i], &options);
                        columns.push(i, &not_text_row(row, not_text[i], version));
                    }
                    columns.finish(&schema)
                })
            });
            for part in parts {
                batches.push(part.map_err(|e| PyValueError::new_err(e.to_string()))?);
            }
            py.check_signals()?;
            report.advance(end - start)?;
        }
    }
    report.close()?;
    Ok(Table::from_batches(schema, batches))
}

/// The fewest frames a thread of [`parallel_parts`] is given (below it, starting one costs more
/// than it saves).
const FRAMES_PER_THREAD: usize = 2_048;

/// `part(r)` for contiguous parts `r` of `range`, one per core (at most `available_parallelism`,
/// each of at least [`FRAMES_PER_THREAD`] frames), in order: the parts cover `range` once, so the
/// results are those of `part(range)` split. O(range) work in `part` in all.
fn parallel_parts<T: Send>(
    range: std::ops::Range<usize>,
    part: impl Fn(std::ops::Range<usize>) -> T + Sync,
) -> Vec<T> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let threads = cores.min(range.len() / FRAMES_PER_THREAD).max(1);
    if threads == 1 {
        return vec![part(range)];
    }
    let size = range.len().div_ceil(threads);
    let part = &part;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let from = range.start + t * size;
                let to = (from + size).min(range.end);
                scope.spawn(move || part(from..to))
            })
            .collect();
        handles
            .into_iter()
            // a panic in a part is a bug of the checker: passed on as it would be without threads
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// Progress of a long call: a tqdm bar, a callable `(done, total)`, or nothing.
pub(crate) enum Progress<'py> {
    None,
    Bar(Bound<'py, PyAny>),
    Callback(Bound<'py, PyAny>, usize, usize),
}

impl<'py> Progress<'py> {
    /// From the `progress` argument: `None`/`False` nothing, `True` a tqdm bar of `total` (nothing
    /// when tqdm is not installed), a callable a callback.
    pub(crate) fn new(arg: Option<&Bound<'py, PyAny>>, total: usize) -> PyResult<Self> {
        let Some(arg) = arg.filter(|a| !a.is_none()) else {
            return Ok(Self::None);
        };
        if arg.is_instance_of::<pyo3::types::PyBool>() {
            if !arg.is_truthy()? {
                return Ok(Self::None);
            }
            return Ok(match arg.py().import("tqdm") {
                Ok(tqdm) => {
                    let kwargs = pyo3::types::PyDict::new(arg.py());
                    kwargs.set_item("total", total)?;
                    Self::Bar(tqdm.getattr("tqdm")?.call((), Some(&kwargs))?)
                }
                Err(_) => Self::None,
            });
        }
        if !arg.is_callable() {
            return Err(PyTypeError::new_err(
                "progress must be True, False, None or a callable taking (done, total)",
            ));
        }
        Ok(Self::Callback(arg.clone(), 0, total))
    }

    /// `n` more items are done.
    pub(crate) fn advance(&mut self, n: usize) -> PyResult<()> {
        match self {
            Self::None => {}
            Self::Bar(bar) => {
                bar.call_method1("update", (n,))?;
            }
            Self::Callback(f, done, total) => {
                *done += n;
                f.call1((*done, *total))?;
            }
        }
        Ok(())
    }

    /// The work is over (closes a bar).
    pub(crate) fn close(&mut self) -> PyResult<()> {
        if let Self::Bar(bar) = self {
            bar.call_method0("close")?;
        }
        Ok(())
    }
}
