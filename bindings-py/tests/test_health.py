"""Health over an OCPP log from Python: KPIs per wave, charge point and day; log conversion."""

import io
import json
import pathlib

import pandas as pd
import pytest

import chargeshift

HEALTH = pathlib.Path(__file__).resolve().parents[2] / "examples" / "health"


@pytest.fixture(scope="module")
def fleet():
    return chargeshift.Fleet.read_json(HEALTH / "fleet.json")


@pytest.fixture(scope="module")
def report(fleet):
    return chargeshift.health(fleet, HEALTH / "log.jsonl", cutover=HEALTH / "cutover.json")


def test_the_example_log_fails_wave_1_and_passes_the_others(report):
    # the simulator injected its faults into wave 1 of the example (see examples/health)
    assert report.failed == ["wave 1"]
    assert not report.passed
    waves = report.to_pandas("waves")
    assert list(waves[~waves["passed"]]["group"]) == ["wave 1"]
    assert report.summary["failed"] == 1
    assert report.summary["passed"] == len(waves) - 1
    failing = waves.set_index("group").loc["wave 1", "failed_kpis"]
    assert failing, "a failing wave names the KPIs that failed"
    assert "wave 1" in report.to_markdown()


def test_kpis_per_wave_name_threshold_value_and_worst_charge_points(report):
    kpis = report.to_pandas("kpis")
    assert len(kpis) == 4 * len(report.groups)
    assert set(kpis["kpi"]) == {"availability", "charging_success", "authorization_success", "reconnects"}
    failed = kpis[kpis["passed"] == False]  # noqa: E712 (a column of True, False and None)
    assert set(failed["group"]) == {"wave 1"}
    wave1 = {g["group"]["name"]: g for g in report.groups}["wave 1"]
    for _, row in failed.iterrows():
        verdict = next(k for k in wave1["kpis"] if k["kpi"] == row["kpi"])
        assert row["value"] == verdict["value"] and row["threshold"] == verdict["threshold"]
        assert row["worst"] == [w["identity"] for w in verdict["worst"]]
        assert set(row["worst"]) <= set(wave1["group"]["charge_points"])


def test_charge_point_and_day_tables_add_up(report):
    cps = report.to_pandas("charge_points")
    days = report.to_pandas("days")
    assert "date" not in cps.columns and "date" in days.columns
    assert cps["identity"].is_unique
    assert len(cps) == report.summary["charge_points_seen"]
    assert cps["frames"].sum() == days["frames"].sum()
    per_cp = days.groupby("identity")["boots"].sum()
    assert (per_cp.sort_index().values == cps.set_index("identity")["boots"].sort_index().values).all()
    # availability from the summed port times, as the report computes it
    one = cps.iloc[0]
    if one["observed_ms"] > 0:
        expected = (one["observed_ms"] - (one["outage_ms"] - one["excluded_ms"])) / one["observed_ms"] * 100
        assert one["availability_pct"] == pytest.approx(expected)


def test_wave_days_are_the_csv_series(report):
    series = report.to_pandas("wave_days")
    assert list(series.columns[:3]) == ["group", "date", "window"]
    assert set(series["group"]) == {g["group"]["name"] for g in report.groups}
    assert len(series) == len(report.to_csv().splitlines()) - 1
    protocol = report.to_pandas("protocol")
    assert isinstance(protocol, pd.DataFrame)
    # the top vendor error codes per vendor, model and firmware, as the report's rows give them
    assert "top_vendor_error_codes" in protocol.columns
    assert list(protocol["top_vendor_error_codes"]) == [
        p["top_vendor_error_codes"] for p in report.to_dict()["protocol"]
    ]


def test_json_round_trip(report):
    assert json.loads(report.to_json()) == report.to_dict()
    assert report.to_dict()["summary"] == report.summary


def _lines():
    return (HEALTH / "log.jsonl").read_text().splitlines()


def test_a_log_as_bytes_file_like_dataframe_or_records_gives_the_same_report(fleet):
    lines = _lines()[:3000]
    text = "\n".join(lines) + "\n"
    base = chargeshift.health(fleet, text.encode()).to_json()
    assert chargeshift.health(fleet, io.StringIO(text)).to_json() == base
    assert chargeshift.health(fleet, io.BytesIO(text.encode())).to_json() == base
    records = [json.loads(line) for line in lines]
    assert chargeshift.health(fleet, records).to_json() == base
    frame = pd.DataFrame(records)  # NaN where a record has no such field
    assert chargeshift.health(fleet, frame).to_json() == base
    frame["ts"] = pd.to_datetime(frame["ts"], utc=True)
    assert chargeshift.health(fleet, frame).to_json() == base


def test_without_a_plan_the_groups_are_segment_values(fleet):
    text = ("\n".join(_lines()[:2000]) + "\n").encode()
    r = chargeshift.health(fleet, text, segment="vendor")
    vendors = set(fleet.count_by_segment("vendor"))
    assert {g["group"]["name"] for g in r.groups} <= vendors | {"-"}
    assert all(g["group"]["phase"] is None for g in r.groups)
    with pytest.raises(chargeshift.CutoverError) as e:
        chargeshift.health(fleet, text, segment="vendr")
    assert e.value.suggestions == ["vendor"]


def test_bad_lines_are_counted_never_fatal_and_an_empty_log_is_an_error(fleet):
    good = _lines()[:50]
    r = chargeshift.health(fleet, ("\n".join(good[:10] + ["not json", '{"ts": "x"}'] + good[10:]) + "\n").encode())
    assert r.lines == 52
    assert sum(b["count"] for b in r.bad_lines.values()) == 2
    with pytest.raises(chargeshift.HealthError, match="no record") as e:
        chargeshift.health(fleet, b"garbage\n")
    assert e.value.source == "<log>"
    with pytest.raises(OSError, match="no-such.jsonl"):
        chargeshift.health(fleet, HEALTH / "no-such.jsonl")
    with pytest.raises(chargeshift.HealthError, match="not a cutover plan"):
        chargeshift.health(fleet, b"\n".join(x.encode() for x in good), cutover={"waves": []})
    with pytest.raises(chargeshift.HealthError, match="exclusions"):
        chargeshift.health(fleet, b"\n".join(x.encode() for x in good), exclusions=[{"who": 1}])
    with pytest.raises(TypeError, match="log"):
        chargeshift._native.health_log(fleet, 42)


def test_a_cutover_plan_object_groups_like_its_json(fleet):
    plan_dict = json.loads((HEALTH / "cutover.json").read_text())
    text = ("\n".join(_lines()[:2000]) + "\n").encode()
    a = chargeshift.health(fleet, text, cutover=plan_dict)
    b = chargeshift.health(fleet, text, cutover=HEALTH / "cutover.json")
    assert a.to_json() == b.to_json()
    req = plan_dict["request"]
    plan = chargeshift.cutover(fleet, req)
    c = chargeshift.health(fleet, text, cutover=plan)
    assert [g["group"]["name"] for g in c.groups] == [g["group"]["name"] for g in a.groups]


STEVE = """\
[INFO ] 2026-03-02 08:00:00,000 de.rwth.idsg.steve.ocpp.ws.WebSocketLogger (qtp-1) - [chargeBoxId=CP1, sessionId=a1] Connection is established
[INFO ] 2026-03-02 08:00:00,250 de.rwth.idsg.steve.ocpp.ws.WebSocketLogger (qtp-1) - [chargeBoxId=CP1, sessionId=a1] Received: [2,"1","Heartbeat",{}]
[INFO ] 2026-03-02 08:00:00,300 de.rwth.idsg.steve.ocpp.ws.WebSocketLogger (qtp-1) - [chargeBoxId=CP1, sessionId=a1] Sending: [3,"1",{"currentTime":"2026-03-02T08:00:00.300Z"}]
[INFO ] 2026-03-02 08:00:01,000 de.rwth.idsg.steve.SteveAppContext (main) - started
"""


def test_convert_log_from_steve_to_the_health_log(tmp_path, fleet):
    r = chargeshift.convert_log("steve", STEVE.encode())
    assert (r["lines"], r["frames"], r["events"]) == (4, 2, 1)
    assert r["unknown"]["count"] == 1 and r["unknown"]["first"][0]["line"] == 4
    records = [json.loads(x) for x in r["log"].splitlines()]
    assert [x.get("direction") for x in records] == [None, "cp_to_csms", "csms_to_cp"]
    # the converted log feeds the health run
    assert chargeshift.health(fleet, io.StringIO(r["log"])).lines == 3
    src = tmp_path / "steve.log"
    src.write_text(STEVE)
    out = tmp_path / "health.jsonl"
    with open(src) as f:
        stats = chargeshift.convert_log("steve", f, out)
    assert "log" not in stats
    assert out.read_text() == r["log"]


CITRINE_CSV = """id,stationId,correlationId,origin,state,protocol,action,message,timestamp,tenantId
1,cp001,a1,cs,1,ocpp2.0.1,Heartbeat,"[2,""a1"",""Heartbeat"",{}]",2026-03-02 08:00:00.123+00,1
2,cp001,a1,csms,2,ocpp2.0.1,Heartbeat,"[3,""a1"",{""currentTime"":""2026-03-02T08:00:00Z""}]",2026-03-02 08:00:00.300+00,1
3,cp002,b1,cs,1,ocpp1.6,Heartbeat,"[2,""b1"",""Heartbeat"",{}]",,1
"""


def test_convert_log_from_a_citrineos_message_export():
    r = chargeshift.convert_log("citrineos", CITRINE_CSV.encode())
    assert (r["lines"], r["frames"]) == (3, 2)
    assert r["unknown"]["first"] == [{"line": 4, "reason": "no timestamp"}]
    assert r["versions"] == {"cp001": "ocpp2.0.1"}
    records = [json.loads(x) for x in r["log"].splitlines()]
    assert [(x["ts"], x["direction"]) for x in records] == [
        ("2026-03-02T08:00:00.123Z", "cp_to_csms"),
        ("2026-03-02T08:00:00.300Z", "csms_to_cp"),
    ]
    with pytest.raises(chargeshift.HealthError, match="lacks the column"):
        chargeshift.convert_log("citrineos", b"id,station\n1,cp1\n")


def test_convert_log_errors(tmp_path):
    with pytest.raises(chargeshift.HealthError, match="unknown log source"):
        chargeshift.convert_log("citrine", b"")
    with pytest.raises(chargeshift.HealthError, match="identity"):
        chargeshift.convert_log("everest", b"")
    with pytest.raises(chargeshift.HealthError, match="ocpp_py_side"):
        chargeshift.convert_log("ocpp-py", b"", ocpp_py_side="cp")
    with pytest.raises(OSError, match="missing.log"):
        chargeshift.convert_log("steve", tmp_path / "missing.log")


def test_negative_options_are_health_errors(fleet):
    text = ("\n".join(_lines()[:100]) + "\n").encode()
    for kwargs in ({"evaluation_days": -1}, {"baseline_days": -3}, {"silence_secs": -5}):
        with pytest.raises(chargeshift.HealthError, match=next(iter(kwargs))):
            chargeshift.health(fleet, text, **kwargs)


def test_an_exclusion_takes_its_period_out_of_the_outage(fleet, report):
    every = [{"identity": None, "from": "2026-01-01T00:00:00Z", "to": "2027-01-01T00:00:00Z", "cause": "storm"}]
    excused = chargeshift.health(fleet, HEALTH / "log.jsonl", cutover=HEALTH / "cutover.json", exclusions=every)
    before = report.to_pandas("charge_points").set_index("identity")
    after = excused.to_pandas("charge_points").set_index("identity")
    outage = before[before["outage_ms"] > 0].index
    assert len(outage) > 0
    assert (after.loc[outage, "excluded_ms"] > 0).all()
    assert (after.loc[outage, "availability_pct"] > before.loc[outage, "availability_pct"]).all()
    with pytest.raises(chargeshift.HealthError, match="exclusion 0"):
        chargeshift.health(fleet, HEALTH / "log.jsonl", exclusions=[dict(every[0], to="tomorrow")])


def test_the_html_repr_is_a_table_of_verdicts(report):
    html = report._repr_html_()
    assert html.startswith("<table><caption>&lt;HealthAnalysis: 4 groups")
    assert html.count("<tr>") == 1 + len(report.groups)
    assert "<td>wave 1</td><td>FAIL</td>" in html
    assert html.count("<td>pass</td>") == report.summary["passed"]
