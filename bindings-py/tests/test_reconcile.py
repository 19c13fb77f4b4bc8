"""Reconciliation of two back offices' exports from Python, with the evidence report."""

import io
import json
import pathlib

import pandas as pd
import pytest

import chargeshift

EX = pathlib.Path(__file__).resolve().parents[2] / "examples" / "reconcile"


@pytest.fixture(scope="module")
def old():
    return chargeshift.Fleet.read_json(EX / "old.json")


@pytest.fixture(scope="module")
def new():
    return chargeshift.Fleet.read_csv(EX / "new")


def test_the_example_finds_the_missing_card_and_the_firmware_drift(old, new):
    r = chargeshift.reconcile(old, new, mapping=EX / "ids.csv")
    diffs = r.to_pandas()
    assert list(diffs.columns) == ["code", "check", "severity", "kind", "field", "old", "new", "message"]
    assert sorted(diffs["code"]) == ["RC001", "RC016"]
    card = diffs[diffs["code"] == "RC001"].iloc[0]
    assert (card["kind"], card["old"], card["severity"]) == ("charge_card", "04445566", "error")
    fw = diffs[diffs["code"] == "RC016"].iloc[0]
    assert (fw["field"], fw["old"], fw["new"]) == ("firmware", "1.3.5", "1.4.0")
    assert not r.reconciliation_complete
    assert not r.decommission_backed
    assert r.summary["total"] == 2 and r.summary["errors"] == 1
    assert len(r.differences) == 2


def test_the_evidence_report_has_the_four_proofs(old, new):
    r = chargeshift.reconcile(old, new, mapping=EX / "ids.csv")
    evidence = r.to_pandas("evidence")
    assert len(evidence) == 4
    assert set(evidence["status"]) <= {"passed", "failed", "unknown"}
    assert "failed" in set(evidence["status"])
    md = r.to_markdown()
    for proof in r.evidence:
        assert proof["backed_by"] in md
    assert json.loads(r.to_json()) == r.to_dict()
    assert r.to_dict()["decommission_backed"] is False
    assert repr(r) == "<Reconciliation: 2 differences (1 errors, 1 warnings), decommission not backed>"


def test_without_the_mapping_the_renumbered_charge_point_is_missing_and_extra(old, new):
    r = chargeshift.reconcile(old, new)
    codes = set(r.to_pandas()["code"])
    assert {"RC001", "RC002"} <= codes
    assert r.summary["total"] > 2


def test_the_mapping_as_dataframe_rows_file_like_or_bytes(old, new):
    base = chargeshift.reconcile(old, new, mapping=EX / "ids.csv").to_json()
    text = (EX / "ids.csv").read_text()
    frame = pd.read_csv(io.StringIO(text))
    assert chargeshift.reconcile(old, new, mapping=frame).to_json().replace("<mapping>", "") == base.replace(
        "<mapping>", ""
    )
    rows = list(frame.itertuples(index=False, name=None))
    assert chargeshift.reconcile(old, new, mapping=rows).to_dict()["summary"] == json.loads(base)["summary"]
    assert chargeshift.reconcile(old, new, mapping=io.StringIO(text)).to_dict()["summary"] == json.loads(base)["summary"]
    assert chargeshift.reconcile(old, new, mapping=text.encode()).to_dict()["summary"] == json.loads(base)["summary"]


def test_a_bad_mapping_says_file_line_and_field(old, new):
    with pytest.raises(chargeshift.ReconcileError) as e:
        chargeshift.reconcile(old, new, mapping=[("charger", "A", "B")])
    assert (e.value.file, e.value.line, e.value.field) == ("<mapping>", 2, "kind")
    assert isinstance(e.value, ValueError)
    with pytest.raises(chargeshift.ReconcileError) as e:
        chargeshift.reconcile(old, new, mapping=[("customer", "NOPE", "NADA")])
    assert e.value.field == "old_id"
    with pytest.raises(OSError, match="nope.csv"):
        chargeshift.reconcile(old, new, mapping=EX / "nope.csv")


def test_tolerance_and_identical_fleets(old, new):
    tight = chargeshift.reconcile(old, new, mapping=EX / "ids.csv", tolerance_m=1.0)
    # L-2 moved 5.6 m: within the default 25 m, beyond 1 m
    assert tight.summary["total"] == 3
    assert "L-2" in set(tight.to_pandas()["old"].dropna()) | set(tight.to_pandas()["message"].str.extract(r"(L-2)")[0].dropna())
    with pytest.raises(chargeshift.ReconcileError) as e:
        chargeshift.reconcile(old, new, tolerance_m=-1.0)
    assert e.value.field == "tolerance_m"
    same = chargeshift.reconcile(old, old)
    assert same.summary["total"] == 0 and same.reconciliation_complete
    assert not same.decommission_backed  # three proofs lack their evidence
    backed = chargeshift.reconcile(
        old, old, history=(120, 120), health_report="health of wave 4: passed", legacy_signoff="ops lead"
    )
    assert backed.decommission_backed
    assert set(backed.to_pandas("evidence")["status"]) == {"passed"}
    assert list(backed.to_pandas("assets")["old"]) == list(backed.to_pandas("assets")["new"])


def test_negative_counts_are_reconcile_errors(old):
    with pytest.raises(chargeshift.ReconcileError) as e:
        chargeshift.reconcile(old, old, listed=-1)
    assert e.value.field == "listed"
    with pytest.raises(chargeshift.ReconcileError) as e:
        chargeshift.reconcile(old, old, history=(-1, 3))
    assert e.value.field == "history"


def test_the_html_repr_has_the_proofs_and_the_counts_per_code(old, new):
    r = chargeshift.reconcile(old, new, mapping=EX / "ids.csv")
    html = r._repr_html_()
    assert html.count("<table>") == 2
    for proof in r.evidence:
        assert f"<td>{proof['proof']}</td><td>{proof['status']}</td>" in html
    assert "<td>RC001</td>" in html and "<td>RC016</td>" in html


def test_a_reconciliation_pickles_copies_and_compares_by_value(old, new):
    import copy
    import pickle

    r = chargeshift.reconcile(old, new, mapping=EX / "ids.csv")
    back = pickle.loads(pickle.dumps(r))
    assert back == r and back is not r
    assert back.to_json() == r.to_json() and back.summary == r.summary
    assert copy.copy(r) is r and copy.deepcopy(r) == r
    other = chargeshift.reconcile(old, old)
    assert other != r and r != "a report"
