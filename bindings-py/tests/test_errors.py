"""The exceptions: one base, the fitting built-ins, `chargeshift.X` names, pickling, suggestions."""

import pickle

import pytest

import chargeshift


@pytest.fixture(scope="module")
def fleet():
    return chargeshift.Fleet.generate(30, seed=3)


def roundtrip(e):
    return pickle.loads(pickle.dumps(e))


def test_unknown_asset_is_a_key_error_with_suggestions(fleet):
    customer = next(i for k, i in fleet.assets_of("ACME-R0", subtree=True) if k == "customer")
    with pytest.raises(chargeshift.UnknownAssetError) as info:
        fleet.neighbourhood("customer", customer + "x")
    e = info.value
    assert isinstance(e, KeyError) and isinstance(e, chargeshift.ChargeshiftError)
    assert type(e).__module__ == "chargeshift" and type(e).__qualname__ == "UnknownAssetError"
    assert (e.kind, e.id) == ("customer", customer + "x")
    assert customer in e.suggestions
    assert str(e).startswith("no customer with id")  # the message, not KeyError's quoted repr
    back = roundtrip(e)
    assert type(back) is chargeshift.UnknownAssetError
    assert (back.kind, back.id, back.suggestions, str(back)) == (e.kind, e.id, e.suggestions, str(e))


def test_import_error_pickles_with_its_findings(tmp_path):
    bad = tmp_path / "fleet.json"
    bad.write_text('{"user_groups": [{"id": "UG"}], "customers": [{"id": "C", "user_group": "NOPE"}]}')
    with pytest.raises(chargeshift.FleetImportError) as info:
        chargeshift.Fleet.read_json(bad)
    e = info.value
    assert isinstance(e, ValueError) and isinstance(e, chargeshift.ChargeshiftError)
    assert e.findings and all(isinstance(f, chargeshift.Finding) for f in e.findings)
    back = roundtrip(e)
    assert type(back) is chargeshift.FleetImportError
    assert back.findings == e.findings and str(back) == str(e)


def test_json_syntax_error_has_line_and_column():
    with pytest.raises(chargeshift.FleetImportError) as info:
        chargeshift.Fleet.from_json('{"customers": [}')
    e = roundtrip(info.value)
    assert (e.line, e.column) == (1, 16) and e.file == "<string>"


def test_missing_file_is_a_file_not_found_error(tmp_path):
    missing = tmp_path / "none.json"
    with pytest.raises(FileNotFoundError) as info:
        chargeshift.Fleet.read_json(missing)
    e = info.value
    assert isinstance(e, chargeshift.FleetFileNotFoundError)
    assert isinstance(e, chargeshift.FleetImportError) and isinstance(e, chargeshift.ChargeshiftError)
    assert e.filename == str(missing) and e.errno == 2
    back = roundtrip(e)
    assert type(back) is chargeshift.FleetFileNotFoundError and back.filename == e.filename


def test_empty_csv_folder_is_a_fleet_import_error_naming_it(tmp_path):
    with pytest.raises(chargeshift.FleetImportError) as info:
        chargeshift.Fleet.read_csv(tmp_path)
    e = info.value
    assert e.file == str(tmp_path) and str(tmp_path) in str(e)
    assert "customers.csv" in str(e)  # the message names the files a bundle has
    with pytest.raises(chargeshift.FleetFileNotFoundError) as missing:
        chargeshift.Fleet.read_csv(tmp_path / "nope")
    assert missing.value.filename == str(tmp_path / "nope")


def test_frame_error_pickles():
    with pytest.raises(chargeshift.OcppFrameError) as info:
        chargeshift.check_frame('[2,"1","Heartbeat",{"x":1}]', version="2.0.1")
    e = info.value
    assert isinstance(e, ValueError) and type(e).__module__ == "chargeshift"
    back = roundtrip(e)
    assert (back.error_code, back.message_id, back.call_error) == (e.error_code, e.message_id, e.call_error)
    assert back.error_code == e.error_code != ""


def test_migration_request_error_pickles(fleet):
    with pytest.raises(chargeshift.MigrationRequestError) as info:
        chargeshift.plan(fleet, {"target": "ACME-R9X", "assets": []})
    e = roundtrip(info.value)
    assert isinstance(e, chargeshift.ChargeshiftError) and e.id == "ACME-R9X"
    assert e.suggestions


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda f: chargeshift.Fleet.generate(-1), "charge_points"),
        (lambda f: chargeshift.Fleet.generate(5, seed=-2), "seed"),
        (lambda f: chargeshift.Fleet.generate(5, sub_providers=-2), "sub_providers"),
        (lambda f: f.neighbourhood("user_group", "ACME-R0", depth=-1), "depth"),
        (lambda f: f.draw("user_group", "ACME-R0", depth=-1), "depth"),
        (lambda f: chargeshift.Conversation(max_pending=-1), "max_pending"),
    ],
)
def test_negative_ints_are_value_errors_naming_the_argument(fleet, call, name):
    with pytest.raises(ValueError, match=f"^{name} must be zero or more, not -"):
        call(fleet)


def test_a_float_count_is_a_type_error():
    with pytest.raises(TypeError, match="charge_points must be an int"):
        chargeshift.Fleet.generate(2.5)
