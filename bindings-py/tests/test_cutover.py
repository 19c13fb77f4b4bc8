"""The back-office cutover from Python: units, pilot, waves, routing, gateway and OCPP frames."""

import datetime
import json
import pathlib

import pandas as pd
import pytest

import chargeshift

ROOT = pathlib.Path(__file__).resolve().parents[2] / "examples"
KEYS = ROOT / "cutover" / "ocpp16-url-keys.csv"
REQUEST = json.loads((ROOT / "cutover" / "request.json").read_text())


@pytest.fixture(scope="module")
def fleet():
    return chargeshift.Fleet.read_json(ROOT / "fleet" / "fleet.json")


@pytest.fixture(scope="module")
def plan(fleet):
    return chargeshift.cutover(fleet, REQUEST)


def test_every_charge_point_is_in_exactly_one_unit_and_one_phase(fleet, plan):
    units = plan.to_pandas("units")
    cps = [cp for unit in units["charge_points"] for cp in unit]
    assert len(cps) == len(set(cps)) == fleet.count_by_kind()["charge_point"]
    assert units["size"].sum() == plan.summary["charge_points"]
    assert (units["size"] == units["charge_points"].map(len)).all()
    assert set(units["phase"]) <= set(range(1, plan.last_phase + 1))
    # a unit's phase is the phase its charge points move in
    routing = plan.to_pandas("routing", phase=0)
    moves = dict(zip(routing["identity"], routing["moves_in"]))
    for _, unit in units.iterrows():
        assert {moves[cp] for cp in unit["charge_points"]} == {unit["phase"]}


def test_the_waves_table_starts_with_the_pilot_and_matches_the_plan(plan):
    waves = plan.to_pandas("waves")
    assert list(waves["phase"]) == list(range(1, plan.last_phase + 1))
    assert waves["name"].iloc[0] == "pilot"
    assert waves["charge_points"].iloc[0] == len(plan.pilot["charge_points"]) == plan.summary["pilot_charge_points"]
    assert waves["charge_points"].sum() == plan.summary["charge_points"]
    assert list(waves["name"].iloc[1:]) == [f"wave {w['number']}" for w in plan.waves]
    assert (waves["sign_off_owner"].iloc[1:] == "NOC shift lead").all()
    assert list(waves["start"]) == [s["start"] for s in plan.schedule]
    assert waves["charge_points"].iloc[1:].max() <= 20 or waves["over_limit"].any()


def test_routing_rows_per_phase_and_rollback_restore_the_previous_phase(plan):
    table = plan.to_pandas("routing")
    n = plan.summary["charge_points"]
    assert len(table) == n * (plan.last_phase + 1)
    assert set(table[table["phase"] == 0]["back_office"]) == {"legacy"}
    assert set(table[table["phase"] == plan.last_phase]["back_office"]) == {"chargeshift-csms"}
    for phase in range(1, plan.last_phase + 1):
        rows = {r["identity"]: r["back_office"] for r in plan.routes(phase)}
        rows.update({r["identity"]: r["back_office"] for r in plan.routes(phase, rollback=True)})
        assert rows == {r["identity"]: r["back_office"] for r in plan.routes(phase - 1)}
    csv = plan.routing_csv().splitlines()
    assert csv[0] == "phase,identity,back_office"
    assert len(csv) == 1 + len(table)
    assert json.loads(plan.routing_json()) == plan.to_dict()["routing"]


def test_a_phase_the_plan_does_not_have_is_a_cutover_error(plan):
    with pytest.raises(chargeshift.CutoverError) as e:
        plan.routes(plan.last_phase + 1)
    assert e.value.field == "phase"
    assert e.value.value == str(plan.last_phase + 1)
    with pytest.raises(chargeshift.CutoverError, match="phase 0 has nothing to roll back"):
        plan.routes(0, rollback=True)


def test_json_markdown_and_findings(plan):
    assert json.loads(plan.to_json()) == plan.to_dict()
    md = plan.to_markdown()
    assert "gantt" in md and "wave 1" in md
    findings = plan.to_pandas("findings")
    assert list(findings.columns) == ["code", "check", "severity", "message"]
    assert len(findings) == len(plan.findings)
    assert repr(plan).startswith(f"<CutoverPlan: {plan.summary['charge_points']} charge points")


def test_gateway_config_and_frames_per_phase(plan):
    configs = plan.gateway_config(1)
    by = {c["back_office"]: c for c in configs}
    assert by["chargeshift-csms"]["charge_points"] == plan.summary["pilot_charge_points"]
    assert 'url = "wss://csms.example.com/ocpp"' in by["chargeshift-csms"]["toml"]
    # without the OCPP 1.6 URL keys of its vendors, a 1.6 charge point gets no frames: said
    missing = plan.frames()
    assert missing["findings"] and {f["code"] for f in missing["findings"]} == {"CO008"}
    frames = plan.frames(url_keys=KEYS)
    assert frames["findings"] == []
    assert [p["phase"] for p in frames["phases"]] == list(range(1, plan.last_phase + 1))
    pilot = frames["phases"][0]
    assert {f["identity"] for f in pilot["forward"]} == set(plan.pilot["charge_points"])
    assert {f["identity"] for f in pilot["rollback"]} == set(plan.pilot["charge_points"])
    jsonl = plan.frames_jsonl(1, url_keys=KEYS).splitlines()
    assert len(jsonl) == len(pilot["forward"])
    assert json.loads(jsonl[0])["frame"] == pilot["forward"][0]["frame"]
    assert len(plan.frames_jsonl(1, rollback=True, url_keys=KEYS).splitlines()) == len(pilot["rollback"])
    table = plan.to_pandas("frames", url_keys=KEYS)
    assert set(table["direction"]) == {"forward", "rollback"}
    assert len(table) == sum(len(p["forward"]) + len(p["rollback"]) for p in frames["phases"])
    # every frame is an OCPP CALL the chargeshift decoder reads
    for f in table["frame"]:
        parsed = chargeshift.parse_frame(f)
        assert parsed["kind"] == "CALL"
        assert parsed["action"] in {"SetNetworkProfile", "SetVariables", "Reset", "ChangeConfiguration", "ClearCache"}


def test_url_keys_file_is_read_and_a_broken_one_says_where(plan):
    assert plan.frames(url_keys=KEYS.read_bytes()) == plan.frames(url_keys=str(KEYS))
    with pytest.raises(chargeshift.CutoverError) as e:
        plan.frames(url_keys=b"vendor,model,key\nonly-two,fields\n")
    assert e.value.file == "<url_keys>"
    assert e.value.line == 2


def test_keywords_set_request_fields_and_the_crate_fills_the_defaults(fleet):
    p = chargeshift.cutover(fleet, start_date=datetime.date(2026, 3, 2))
    assert p.request["start_date"] == "2026-03-02"
    assert p.request["pilot"]["max_charge_points"] == 50
    assert p.request["back_offices"] == {"old": "old", "new": "new"}
    small = chargeshift.cutover(fleet, REQUEST, waves={"max_charge_points": 5})
    assert small.request["waves"]["max_charge_points"] == 5
    assert small.request["back_offices"]["new"] == "chargeshift-csms"
    assert small.summary["waves"] > chargeshift.cutover(fleet, REQUEST).summary["waves"]
    # the same request as JSON text plans the same
    assert chargeshift.cutover(fleet, json.dumps(REQUEST)).to_json() == chargeshift.cutover(fleet, REQUEST).to_json()


def test_bad_requests_are_cutover_errors_with_where(fleet):
    with pytest.raises(chargeshift.CutoverError) as e:
        chargeshift.cutover(fleet, start_date="2026-03-02", waves={"group_by": "vendr"})
    assert e.value.field == "segment" and e.value.value == "vendr"
    assert e.value.suggestions == ["vendor"]
    assert isinstance(e.value, ValueError)
    with pytest.raises(chargeshift.CutoverError, match="max_cps"):
        chargeshift.cutover(fleet, start_date="2026-03-02", pilot={"max_cps": 3})
    with pytest.raises(chargeshift.CutoverError, match="start_date"):
        chargeshift.cutover(fleet)
    with pytest.raises(chargeshift.CutoverError, match="not JSON"):
        chargeshift.cutover(fleet, "{oops")
    with pytest.raises(chargeshift.CutoverError) as e:
        chargeshift.cutover(fleet, start_date="2026-03-02", pilot={"max_share": 7.0})
    assert e.value.field == "pilot.max_share"
    no_ocpp = chargeshift.cutover(fleet, start_date="2026-03-02")
    with pytest.raises(chargeshift.CutoverError) as e:
        no_ocpp.frames()
    assert e.value.field == "ocpp"
    with pytest.raises(ValueError, match="unknown table"):
        no_ocpp.to_pandas("wavez")


def test_tables_are_dataframes(plan):
    for table in ("units", "waves", "routing", "frames", "findings"):
        assert isinstance(plan.to_pandas(table), pd.DataFrame)


def test_a_fleet_with_import_findings_is_refused_unless_accepted():
    messy = chargeshift.Fleet.read_json(ROOT / "fleet-small" / "messy.json", strict=False)
    assert messy.findings
    with pytest.raises(chargeshift.CutoverError, match="accept_findings=True") as e:
        chargeshift.cutover(messy, start_date="2026-03-02")
    assert e.value.field == "fleet"
    assert f"{len(messy.findings)} finding(s)" in str(e.value)
    p = chargeshift.cutover(messy, start_date="2026-03-02", accept_findings=True)
    assert p.summary["charge_points"] == messy.count_by_kind()["charge_point"]


def test_a_negative_phase_is_a_cutover_error_not_an_overflow(plan):
    for call in (
        lambda: plan.routes(-1),
        lambda: plan.gateway_config(-1),
        lambda: plan.frames_jsonl(-2, url_keys=KEYS),
        lambda: plan.to_pandas("routing", phase=-1),
    ):
        with pytest.raises(chargeshift.CutoverError) as e:
            call()
        assert e.value.field == "phase"


def test_the_html_repr_is_a_table_of_phases(plan):
    html = plan._repr_html_()
    assert html.startswith("<table><caption>&lt;CutoverPlan: 50 charge points")
    phases, _, findings = html.partition("<caption>findings</caption>")
    assert phases.count("<tr>") == 1 + len(plan.schedule)
    assert "<td>pilot</td>" in phases
    # the findings, when there are any, in a table of their own: a header and a row each
    assert findings.count("<tr>") == (1 + len(plan.findings) if plan.findings else 0)
    for f in plan.findings:
        assert f"<td>{f['code']}</td>" in findings


def test_plan_cutover_is_the_name_of_the_naming_table(fleet):
    # `plan_cutover` (JS `planCutover`) and the older `cutover` are one function
    assert chargeshift.plan_cutover is chargeshift.cutover
    assert "plan_cutover" in chargeshift.__all__
    assert chargeshift.plan_cutover(fleet, REQUEST).summary == chargeshift.cutover(fleet, REQUEST).summary


def test_a_cutover_plan_pickles_with_its_fleet_and_compares_by_value(fleet, plan):
    import copy
    import pickle

    back = pickle.loads(pickle.dumps(plan))
    assert back == plan and back is not plan
    assert back.to_json() == plan.to_json()
    # the fleet came along: what needs it still works
    assert back.routing_csv() == plan.routing_csv()
    assert copy.copy(plan) is plan and copy.deepcopy(plan) == plan
    later = chargeshift.cutover(fleet, {**REQUEST, "start_date": "2027-01-04"})
    assert later != plan and plan != "a plan"
