//! A fleet as tables and back: one Arrow table per file of the CSV bundle (the bundle's columns,
//! segments flat as `segment.<key>` columns), and a fleet from such tables through the CSV
//! bundle importer (`import::csv::read_memory`), so its rules and findings are the bundle's.

use std::collections::BTreeSet;
use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Schema, SchemaRef};
use chargeshift_graph::Fleet;
use chargeshift_graph::document::Document;
use chargeshift_graph::import::csv::{self as bundle, FILES, SEGMENT_COLUMN_PREFIX, segments_cell};
use chargeshift_graph::import::{ImportError, Imported, Mode};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3_arrow::PyTable;

use crate::frames::Table;

/// The named columns of one table.
pub(crate) type Columns = Vec<(String, ArrayRef)>;

/// The tables of `fleet`: `(file name without .csv, columns)`, in the bundle's order; an empty
/// cell is a null. O(size of the fleet).
pub(crate) fn fleet_tables(fleet: &Fleet) -> Result<Vec<(String, Columns)>, String> {
    let files = bundle::write_memory(fleet);
    let doc = Document::from_fleet(fleet);
    let mut out = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let stem = name.trim_end_matches(".csv").to_owned();
        let mut reader = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| format!("{name}: {e}"))?
            .iter()
            .map(str::to_owned)
            .collect();
        let mut builders: Vec<StringBuilder> =
            header.iter().map(|_| StringBuilder::new()).collect();
        for record in reader.records() {
            let record = record.map_err(|e| format!("{name}: {e}"))?;
            for (b, cell) in builders.iter_mut().zip(record.iter()) {
                if cell.is_empty() {
                    b.append_null();
                } else {
                    b.append_value(cell);
                }
            }
        }
        let mut columns: Vec<(String, ArrayRef)> = Vec::new();
        for (h, mut b) in header.into_iter().zip(builders) {
            if stem == "charge_points" && h == "segments" {
                continue;
            }
            columns.push((h, Arc::new(b.finish())));
        }
        if stem == "charge_points" {
            let keys: BTreeSet<&str> = doc
                .charge_points
                .iter()
                .flat_map(|r| r.segments.keys().map(String::as_str))
                .collect();
            for key in keys {
                let mut b = StringBuilder::new();
                for r in &doc.charge_points {
                    b.append_option(r.segments.get(key));
                }
                columns.push((
                    format!("{SEGMENT_COLUMN_PREFIX}{key}"),
                    Arc::new(b.finish()),
                ));
            }
        }
        out.push((stem, columns));
    }
    Ok(out)
}

/// `{name: Table}` of [`fleet_tables`].
pub(crate) fn tables_dict<'py>(py: Python<'py>, fleet: &Fleet) -> PyResult<Bound<'py, PyDict>> {
    let tables = py
        .detach(|| fleet_tables(fleet))
        .map_err(PyValueError::new_err)?;
    let out = PyDict::new(py);
    for (name, columns) in tables {
        let table = Table::new(
            columns
                .iter()
                .map(|(n, a)| (n.as_str(), Arc::clone(a), true))
                .collect(),
        )?;
        out.set_item(name, table)?;
    }
    Ok(out)
}

/// The Arrow table of one DataFrame, Arrow table or other object with `__arrow_c_stream__`.
fn arrow_of(py: Python<'_>, name: &str, value: &Bound<'_, PyAny>) -> PyResult<PyTable> {
    if value.hasattr("__arrow_c_stream__")? {
        return value.extract();
    }
    if value.hasattr("to_dict")? && value.hasattr("columns")? {
        let pa = py.import("pyarrow").map_err(|_| {
            pyo3::exceptions::PyImportError::new_err(
                "Fleet.from_pandas needs the pyarrow package: pip install pyarrow",
            )
        })?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("preserve_index", false)?;
        return pa
            .getattr("Table")?
            .call_method("from_pandas", (value,), Some(&kwargs))?
            .extract();
    }
    Err(PyTypeError::new_err(format!(
        "the table {name:?} must be a pandas DataFrame or an Arrow table, not {}",
        value.get_type().name()?
    )))
}

/// The CSV file of one table: its columns as text (`segment.<key>` columns folded into
/// `segments`), nulls as empty cells. O(size of the table).
fn csv_of(stem: &str, schema: &Schema, batches: &[RecordBatch]) -> Result<Vec<u8>, String> {
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    let segment_cols: Vec<usize> = names
        .iter()
        .enumerate()
        .filter(|(_, n)| stem == "charge_points" && n.starts_with(SEGMENT_COLUMN_PREFIX))
        .map(|(i, _)| i)
        .collect();
    let plain: Vec<usize> = (0..names.len())
        .filter(|i| !segment_cols.contains(i))
        .collect();
    let has_segments_col = names.contains(&"segments");
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<&str> = plain.iter().map(|&i| names[i]).collect();
    if !segment_cols.is_empty() && !has_segments_col {
        header.push("segments");
    }
    writer.write_record(&header).map_err(|e| e.to_string())?;
    for batch in batches {
        let texts: Vec<StringArray> = batch
            .columns()
            .iter()
            .zip(&names)
            .map(|(c, n)| {
                arrow_cast::cast(c, &DataType::Utf8)
                    .map_err(|e| format!("column {n:?}: {e}"))
                    .and_then(|a| {
                        a.as_any()
                            .downcast_ref::<StringArray>()
                            .cloned()
                            .ok_or_else(|| format!("column {n:?} is not text"))
                    })
            })
            .collect::<Result<_, _>>()?;
        let cell = |col: usize, row: usize| -> &str {
            let a = &texts[col];
            if a.is_null(row) { "" } else { a.value(row) }
        };
        let mut record: Vec<String> = Vec::with_capacity(header.len());
        for row in 0..batch.num_rows() {
            record.clear();
            for &i in &plain {
                let mut value = cell(i, row).to_owned();
                if has_segments_col && names[i] == "segments" && !segment_cols.is_empty() {
                    let flat = segments_cell(
                        segment_cols
                            .iter()
                            .map(|&j| (&names[j][SEGMENT_COLUMN_PREFIX.len()..], cell(j, row))),
                    );
                    if !flat.is_empty() {
                        if !value.is_empty() {
                            value.push(';');
                        }
                        value.push_str(&flat);
                    }
                }
                record.push(value);
            }
            if !segment_cols.is_empty() && !has_segments_col {
                record.push(segments_cell(
                    segment_cols
                        .iter()
                        .map(|&j| (&names[j][SEGMENT_COLUMN_PREFIX.len()..], cell(j, row))),
                ));
            }
            writer.write_record(&record).map_err(|e| e.to_string())?;
        }
    }
    writer.into_inner().map_err(|e| e.to_string())
}

/// Imports a fleet from `{name: table}` (names as the bundle's files, with or without `.csv`):
/// each table is written as its CSV file and the bundle is read by the CSV importer in `mode`, so
/// findings name `customers.csv` and the line (the DataFrame's row + 2). An unknown name is a
/// `ValueError` listing the known ones.
pub(crate) fn from_tables(
    py: Python<'_>,
    frames: &Bound<'_, PyDict>,
    mode: Mode,
) -> PyResult<Result<Imported, ImportError>> {
    let known: Vec<&str> = FILES.iter().map(|(f, _)| *f).collect();
    let mut tables: Vec<(String, SchemaRef, Vec<RecordBatch>)> = Vec::new();
    for (key, value) in frames.iter() {
        let name: String = key
            .extract()
            .map_err(|_| PyTypeError::new_err("the tables' names must be str"))?;
        let stem = name.trim_end_matches(".csv").to_owned();
        if !known.contains(&stem.as_str()) {
            return Err(PyValueError::new_err(format!(
                "unknown table {name:?}: the tables are named as the CSV bundle's files: {}",
                known.join(", ")
            )));
        }
        let (batches, schema) = arrow_of(py, &name, &value)?.into_inner();
        tables.push((stem, schema, batches));
    }
    let files = py.detach(|| {
        tables
            .iter()
            .map(|(stem, schema, batches)| {
                csv_of(stem, schema, batches)
                    .map(|bytes| (format!("{stem}.csv"), bytes))
                    .map_err(|e| format!("table {stem:?}: {e}"))
            })
            .collect::<Result<Vec<_>, String>>()
    });
    let files = files.map_err(PyValueError::new_err)?;
    Ok(py.detach(|| bundle::read_memory(&files, mode)))
}
