"""Migration plans from Python, on the small example fleet."""

import json
import pathlib

import pytest

import chargeshift

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples" / "fleet-small"


@pytest.fixture(scope="module")
def fleet():
    return chargeshift.Fleet.read_json(EXAMPLES / "fleet.json")


def test_customer_with_home_charger_moves_with_everything_attached(fleet):
    plan = chargeshift.plan(fleet, {"target": "acme-utrecht", "selectors": [{"customer": "C-1"}]})
    assert not plan.is_blocked
    moved = {(a["kind"], a["id"]) for a in plan.to_dict()["assets"]}
    assert {("customer", "C-1"), ("charge_card", "04AABBCC"), ("charge_point", "NL*ACM*E0001")} <= moved
    ops = [s["operation"] for s in plan.steps]
    # the seed's safe order: customers before locations before charge points before charge groups
    order = ["move_cards", "move_customer", "move_location", "move_charge_points", "move_charge_group"]
    assert ops == sorted(ops, key=order.index)
    customer_step = next(s for s in plan.steps if s["operation"] == "move_customer")
    ticked = {o["label"]: o["ticked"] for o in customer_step["options"]}
    assert ticked["Also move attached cards"] is True
    assert ticked["Detach cards"] is False
    assert ticked["Provider change allowed"] is False
    assert plan.summary["split_links_at_end"] == 0
    assert plan.to_dict()["simulation"]["preservation"]["preserved"] is True


def test_outputs(fleet, tmp_path):
    plan = chargeshift.plan(fleet, json.dumps({"target": "acme-utrecht", "selectors": [{"customer": "C-1"}]}))
    markdown = plan.to_markdown()
    assert "Change user group" in markdown and "- [x] Also move attached cards" in markdown
    html = plan._repr_html_()
    assert "<pre" not in html and html.count("<table>") >= 2
    assert "<td style=\"text-align:left\">☑ Also move attached cards</td>" in html or "☑ Also move attached cards" in html
    assert f"status='{plan.status}'" in repr(plan)
    assert plan.to_dot().lstrip().startswith(("digraph", "graph"))
    assert json.loads(plan.to_json())["summary"] == plan.summary
    written = plan.write_snapshot(tmp_path / "snapshot")
    assert written and all(pathlib.Path(p).exists() for p in written)
    # an earlier snapshot is never overwritten
    with pytest.raises(FileExistsError, match="never overwritten"):
        plan.write_snapshot(tmp_path / "snapshot")
    assert "acme-utrecht" in repr(plan)


def test_move_into_a_sub_provider_is_blocked_unless_allowed(fleet):
    request = {"target": "partner", "selectors": [{"customer": "C-1"}]}
    blocked = chargeshift.plan(fleet, request)
    assert blocked.is_blocked
    assert any(f["severity"] == "error" for f in blocked.findings)
    request["policy"] = {"allow_provider_change": True}
    allowed = chargeshift.plan(fleet, request)
    assert not allowed.is_blocked


def test_unknown_ids_come_with_suggestions(fleet):
    with pytest.raises(chargeshift.MigrationRequestError) as info:
        chargeshift.plan(fleet, {"target": "acme-utrech", "selectors": [{"customer": "C-1"}]})
    assert info.value.kind == "user_group"
    assert info.value.suggestions[0] == "acme-utrecht"
    assert "did you mean" in str(info.value)


def test_malformed_requests_say_where(fleet):
    with pytest.raises(chargeshift.MigrationRequestError, match="unknown field `selector`"):
        chargeshift.plan(fleet, {"target": "acme-utrecht", "selector": []})
    with pytest.raises(chargeshift.MigrationRequestError, match="line 1, column"):
        chargeshift.plan(fleet, '{"target": ')


def test_plans_are_deterministic(fleet):
    request = {"target": "acme-homes", "selectors": [{"location": "L-2"}]}
    assert chargeshift.plan(fleet, request).to_json() == chargeshift.plan(fleet, request).to_json()
