"""Inputs as analysts hold them: paths, file-like objects, DataFrames and lists of records.

Conversion only: each is turned into the bytes the native functions read (the JSONL health log,
the id mapping CSV); every rule, default and wording lives in the crates.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from typing import Any, Optional, Union

from chargeshift import _native

__all__ = ["convert_log", "health", "log_bytes", "reconcile"]


def _read(obj: Any) -> bytes:
    """The content of a file-like object (text or binary) as bytes."""
    data = obj.read()
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def _is_missing(value: Any) -> bool:
    """None, NaN or pandas' NA/NaT: a field the record does not have."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        import pandas

        return bool(pandas.isna(value)) if not isinstance(value, (str, bytes, list, dict)) else False
    except (ImportError, TypeError, ValueError):
        return False


def _timestamp(value: Any) -> str:
    """A `ts` as RFC 3339 text: strings as they are, datetimes (naive ones taken as UTC) in ISO."""
    if isinstance(value, str):
        return value
    iso = getattr(value, "isoformat", None)
    if iso is None:
        return str(value)
    tz = getattr(value, "tzinfo", None)
    text = str(iso())
    return text + "Z" if tz is None else text


def _records(rows: Any) -> list[dict[str, Any]]:
    """The records of a DataFrame (one per row) or of an iterable of mappings."""
    to_dict = getattr(rows, "to_dict", None)
    if to_dict is not None and hasattr(rows, "columns"):
        return list(to_dict("records"))
    return [dict(r) for r in rows]


def log_bytes(log: Any) -> Union[str, "os.PathLike[str]", bytes]:
    """The health log as the native reader takes it.

    A path (``str`` or ``os.PathLike``) or ``bytes`` as they are; a file-like object read whole;
    a DataFrame or a list of records in the documented shape (``ts``, ``identity``, and either
    ``direction`` and ``frame`` or ``event`` and ``reason``) as JSONL, fields that are missing
    (None, NaN) left out.

    >>> log_bytes([{"ts": "2026-03-02T00:00:00Z", "identity": "CP1", "event": "open", "reason": None}])
    b'{"ts": "2026-03-02T00:00:00Z", "identity": "CP1", "event": "open"}\\n'
    """
    if isinstance(log, (str, bytes, os.PathLike)):
        return log
    if hasattr(log, "read"):
        return _read(log)
    out = io.StringIO()
    for record in _records(log):
        clean = {str(k): v for k, v in record.items() if not _is_missing(v)}
        if "ts" in clean:
            clean["ts"] = _timestamp(clean["ts"])
        out.write(json.dumps(clean, default=str))
        out.write("\n")
    return out.getvalue().encode("utf-8")


def health(
    fleet: _native.Fleet,
    log: Any,
    *,
    cutover: Any = None,
    segment: Optional[str] = None,
    evaluation_days: Optional[int] = None,
    baseline_days: Optional[int] = None,
    silence_secs: Optional[int] = None,
    exclusions: Optional[list[dict[str, Any]]] = None,
) -> _native.HealthAnalysis:
    """The health of every wave of `fleet` over an OCPP health log.

    `log`: a path, bytes, a file-like object, a DataFrame or a list of records of the documented
    JSONL shape. `cutover`: a `CutoverPlan`, its dict or the path of its JSON (the groups are then
    the pilot and the waves); without one the charge points are grouped by `segment`. Options
    left `None` keep the crate's defaults (`chargeshift health`'s).

    >>> import chargeshift
    >>> fleet = chargeshift.Fleet.generate(3, seed=1)
    >>> cp = fleet.to_dict()["charge_points"][0]["id"]
    >>> r = chargeshift.health(fleet, [{"ts": "2026-03-02T00:00:00Z", "identity": cp, "event": "open"}])
    >>> r.summary["charge_points_seen"]
    1
    """
    return _native.health_log(
        fleet,
        log_bytes(log),
        cutover=cutover,
        segment=segment,
        evaluation_days=evaluation_days,
        baseline_days=baseline_days,
        silence_secs=silence_secs,
        exclusions=exclusions,
    )


def convert_log(
    source: str,
    input: Any,
    output: Union[str, "os.PathLike[str]", None] = None,
    *,
    identity: Optional[str] = None,
    ocpp_py_side: str = "csms",
) -> dict[str, Any]:
    """Converts a SteVe, PyPI ``ocpp`` or EVerest log, or a CitrineOS ``OCPPMessages`` export
    (``"citrineos"``: CSV, JSON Lines or a JSON array of the table's rows), to the health log, as
    ``chargeshift log convert``.

    `input`: a path, bytes or a file-like object; `output`: a path, or None to get the JSONL text
    back under ``"log"`` (feed it to `health` as ``io.StringIO(result["log"])``). The result also
    holds ``"versions"``: each identity's OCPP version where the source names it (CitrineOS's
    ``protocol`` column).

    >>> line = b"2026-03-02 08:00:00,000 INFO ocpp: CP1: receive message [2,\\"1\\",\\"Heartbeat\\",{}]\\n"
    >>> r = convert_log("ocpp-py", line)
    >>> (r["frames"], '"identity":"CP1"' in r["log"])
    (1, True)
    """
    data = _read(input) if hasattr(input, "read") else input
    return _native.convert_log(source, data, output, identity=identity, ocpp_py_side=ocpp_py_side)


def _mapping_bytes(mapping: Any) -> Any:
    """The id mapping as CSV bytes (`kind,old_id,new_id`), from a DataFrame or (kind, old, new) rows."""
    if mapping is None or isinstance(mapping, (str, bytes, os.PathLike)):
        return mapping
    if hasattr(mapping, "read"):
        return _read(mapping)
    if hasattr(mapping, "to_csv") and hasattr(mapping, "columns"):
        return str(mapping.to_csv(index=False, lineterminator="\n")).encode("utf-8")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["kind", "old_id", "new_id"])
    for row in mapping:
        if isinstance(row, dict):
            w.writerow([row.get("kind"), row.get("old_id"), row.get("new_id")])
        else:
            w.writerow(list(row))
    return out.getvalue().encode("utf-8")


def reconcile(
    old: _native.Fleet,
    new: _native.Fleet,
    *,
    mapping: Any = None,
    tolerance_m: Optional[float] = None,
    listed: Optional[int] = None,
    history: Optional[tuple[int, int]] = None,
    health_report: Optional[str] = None,
    legacy_signoff: Optional[str] = None,
) -> _native.Reconciliation:
    """Reconciles the old and the new back office's exports (``chargeshift reconcile``).

    `mapping`: where the new back office renumbers, a CSV path, bytes, a file-like object, a
    DataFrame with the columns ``kind, old_id, new_id``, or rows of those three.

    >>> import chargeshift
    >>> f = chargeshift.Fleet.generate(5, seed=3)
    >>> r = chargeshift.reconcile(f, f)
    >>> (r.summary["total"], r.reconciliation_complete)
    (0, True)
    """
    return _native.reconcile(
        old,
        new,
        mapping=_mapping_bytes(mapping),
        tolerance_m=tolerance_m,
        listed=listed,
        history=history,
        health_report=health_report,
        legacy_signoff=legacy_signoff,
    )
