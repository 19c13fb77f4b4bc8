import json

import pytest

import chargeshift

TINY = {
    "format": "chargeshift-fleet",
    "version": 1,
    "user_groups": [
        {"id": "ACME", "name": "Acme", "is_provider": True},
        {"id": "ACME-HOME", "parent": "ACME"},
        {"id": "ACME-BIZ", "parent": "ACME"},
    ],
    "customers": [{"id": "C1", "user_group": "ACME-HOME", "name": "Fenna"}],
    "charge_cards": [
        {"id": "K1", "user_group": "ACME-HOME", "status": "active"},
        {"id": "K2", "user_group": "ACME-HOME", "status": "active"},
    ],
    "charge_points": [{"id": "CP1", "user_group": "ACME-HOME"}],
    "links": {
        "card_customer": [{"card": "K1", "customer": "C1"}],
        "customer_charge_point": [{"customer": "C1", "charge_point": "CP1"}],
    },
}


def tiny(**changes):
    doc = json.loads(json.dumps(TINY))
    doc.update(changes)
    return json.dumps(doc)


def test_from_json_counts_and_round_trip():
    fleet = chargeshift.Fleet.from_json(tiny())
    assert fleet.counts() == {"user_group": 3, "customer": 1, "charge_card": 2, "charge_point": 1}
    assert fleet.link_counts()["card_customer"] == 1
    assert len(fleet) == 7
    again = chargeshift.Fleet.from_json(fleet.to_json())
    assert again.to_dict() == fleet.to_dict()
    assert "charge_point" in fleet._repr_html_()


def test_queries():
    fleet = chargeshift.Fleet.from_json(tiny())
    assert fleet.neighbourhood("charge_card", "K1", depth=2) == [
        ("charge_card", "K1", 0),
        ("customer", "C1", 1),
        ("charge_point", "CP1", 2),
    ]
    assert fleet.provider_of("ACME-HOME") == "ACME"
    assert sorted(fleet.assets_of("ACME-HOME")) == [
        ("charge_card", "K1"),
        ("charge_card", "K2"),
        ("charge_point", "CP1"),
        ("customer", "C1"),
    ]
    sizes = [len(c) for c in fleet.components(links=["card_customer", "customer_charge_point"])]
    assert sizes[0] == 3


def test_unknown_names_raise_clear_errors():
    fleet = chargeshift.Fleet.from_json(tiny())
    with pytest.raises(KeyError, match='no customer with id "nobody"'):
        fleet.neighbourhood("customer", "nobody")
    with pytest.raises(ValueError, match="unknown asset kind"):
        fleet.neighbourhood("car", "x")
    with pytest.raises(ValueError, match="unknown link kind"):
        fleet.components(links=["friendship"])


def test_malformed_json_says_line_and_column():
    with pytest.raises(chargeshift.FleetImportError) as info:
        chargeshift.Fleet.from_json('{\n  "format": }')
    assert info.value.line == 2
    assert info.value.column is not None


def test_strict_rejects_and_lenient_reports_dangling_references():
    text = tiny(customers=[{"id": "C1", "user_group": "NOWHERE"}])
    with pytest.raises(chargeshift.FleetImportError) as info:
        chargeshift.Fleet.from_json(text)
    assert info.value.findings, "strict import lists the findings"
    finding = info.value.findings[0]
    assert finding.kind == "dangling_reference"
    assert finding.record == "customers[0]"
    assert finding.field == "user_group"
    fleet = chargeshift.Fleet.from_json(text, strict=False)
    assert any(f.kind == "dangling_reference" for f in fleet.findings)


def test_missing_file_is_an_os_error(tmp_path):
    # the OSError subclass Python itself raises, with errno and filename
    with pytest.raises(FileNotFoundError) as e:
        chargeshift.Fleet.read_json(tmp_path / "absent.json")
    assert e.value.errno == 2 and e.value.filename == str(tmp_path / "absent.json")
    with pytest.raises(FileNotFoundError):
        chargeshift.Fleet.read_csv(tmp_path / "absent")
    with pytest.raises(IsADirectoryError):
        chargeshift.Fleet.read_json(tmp_path)
    (tmp_path / "fleet.json").write_text(tiny())
    with pytest.raises(NotADirectoryError):
        chargeshift.Fleet.read_csv(tmp_path / "fleet.json")


def test_read_json_file(tmp_path):
    path = tmp_path / "fleet.json"
    path.write_text(tiny())
    assert chargeshift.Fleet.read_json(path).counts()["customer"] == 1


def test_generator_is_deterministic_and_messy_on_request():
    a = chargeshift.Fleet.generate(40, seed=3)
    b = chargeshift.Fleet.generate(40, seed=3)
    assert a.to_json() == b.to_json()
    assert a.findings == []
    messy = chargeshift.Fleet.generate(40, seed=3, messy=True)
    kinds = {f.kind for f in messy.findings}
    assert {"duplicate_id", "dangling_reference"} <= kinds
    assert all(str(f) for f in messy.findings)


def test_unknown_asset_error_is_a_key_error_with_suggestions():
    fleet = chargeshift.Fleet.from_json(tiny())
    with pytest.raises(chargeshift.UnknownAssetError) as info:
        fleet.assets_of("ACME-HOMES")
    assert isinstance(info.value, KeyError)
    assert (info.value.kind, info.value.id) == ("user_group", "ACME-HOMES")
    assert info.value.suggestions[0] == "ACME-HOME"
    assert "did you mean" in str(info.value)


def test_one_name_per_concept_with_the_old_names_as_aliases():
    fleet = chargeshift.Fleet.from_json(tiny())
    assert fleet.count_by_kind() == fleet.counts()
    assert fleet.count_links_by_kind() == fleet.link_counts()
    messy = chargeshift.Fleet.generate(30, messy=True)
    f = messy.findings[0]
    assert f.kind == f.check and f.code.startswith("GR") and f.severity in ("error", "warning", "info")
    assert f.to_dict()["code"] == f.code


def test_the_defaults_are_the_crates():
    fleet = chargeshift.Fleet.from_json(tiny())
    assert fleet.draw("customer", "C1") == fleet.draw("customer", "C1", depth=1, format="dot")
    assert fleet.neighbourhood("customer", "C1") == fleet.neighbourhood("customer", "C1", depth=1)
    assert fleet.assets_of("ACME") == fleet.assets_of("ACME", subtree=False)
