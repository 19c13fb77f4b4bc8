"""Objects as analysts use them: pickling, equality, copies, repr and HTML."""

import copy
import pickle

import chargeshift


def test_fleet_pickles_and_compares_by_value():
    fleet = chargeshift.Fleet.generate(40, seed=5, messy=True)
    back = pickle.loads(pickle.dumps(fleet))
    assert back == fleet and back is not fleet
    assert back.findings == fleet.findings and len(fleet.findings) > 0
    assert back.counts() == fleet.counts() and back.link_counts() == fleet.link_counts()
    assert fleet != chargeshift.Fleet.generate(40, seed=6, messy=True)
    assert fleet != "a fleet"


def test_fleet_copies():
    fleet = chargeshift.Fleet.generate(10, seed=1)
    assert copy.copy(fleet) is fleet  # a Fleet never changes
    deep = copy.deepcopy(fleet)
    assert deep == fleet and deep is not fleet


def test_plan_pickles_repr_and_html():
    fleet = chargeshift.Fleet.generate(30, seed=2)
    customer = next(i for k, i in fleet.assets_of("ACME-R0", subtree=True) if k == "customer")
    plan = chargeshift.plan(fleet, {"target": "ACME-R1", "selectors": [{"customer": customer}]})
    assert f"status='{plan.status}'" in repr(plan)
    back = pickle.loads(pickle.dumps(plan))
    assert back == plan and back.to_dict() == plan.to_dict() and back.to_dot() == plan.to_dot()
    assert copy.deepcopy(plan) == plan
    html = plan._repr_html_()
    assert html.startswith("<div>") and "<pre" not in html
    assert html.count("<table>") >= 2 and "<th style=\"text-align:left\">operation</th>" in html
    for step in plan.steps:
        for option in step["options"]:
            assert ("☑ " if option["ticked"] else "☐ ") + option["label"] in html


def test_finding_pickles_and_repr():
    fleet = chargeshift.Fleet.generate(40, seed=5, messy=True)
    finding = fleet.findings[0]
    assert pickle.loads(pickle.dumps(finding)) == finding
    assert finding.code in repr(finding) and finding.severity in repr(finding)
    assert chargeshift.Finding.from_json(finding.to_json()) == finding
