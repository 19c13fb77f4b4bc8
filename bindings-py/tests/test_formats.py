"""Reading and writing the export formats, and pictures of part of a fleet."""

import pathlib

import pytest

import chargeshift

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples" / "fleet-small"


def test_csv_bundle_matches_the_json_of_the_same_fleet():
    from_json = chargeshift.Fleet.read_json(EXAMPLES / "fleet.json")
    from_csv = chargeshift.Fleet.read_csv(EXAMPLES / "csv")
    assert from_csv.counts() == from_json.counts()
    assert from_csv.link_counts() == from_json.link_counts()


def test_csv_round_trip(tmp_path):
    fleet = chargeshift.Fleet.generate(25, seed=11)
    fleet.write_csv(tmp_path / "bundle")
    again = chargeshift.Fleet.read_csv(tmp_path / "bundle")
    assert again.to_dict() == fleet.to_dict()


def test_csv_findings_name_file_and_line(tmp_path):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "user_groups.csv").write_text("id,parent,is_provider\nacme,,true\n")
    (bundle / "customers.csv").write_text("id,user_group\nC-1,acme\nC-2,nowhere\n")
    with pytest.raises(chargeshift.FleetImportError) as info:
        chargeshift.Fleet.read_csv(bundle)
    finding = info.value.findings[0]
    assert finding.kind == "dangling_reference"
    assert finding.file.endswith("customers.csv")
    assert finding.line == 3
    assert finding.field == "user_group"
    # lenient keeps the record (no data is dropped), without its unknown user group, and reports it
    lenient = chargeshift.Fleet.read_csv(bundle, strict=False)
    assert lenient.counts()["customer"] == 2
    assert [(f.kind, f.line) for f in lenient.findings] == [("dangling_reference", 3)]
    assert lenient.assets_of("acme") == [("customer", "C-1")]


def test_ocpi_locations_and_tokens():
    fleet = chargeshift.Fleet.read_ocpi(
        locations=EXAMPLES / "ocpi" / "locations.json",
        tokens=EXAMPLES / "ocpi" / "tokens.json",
    )
    counts = fleet.counts()
    assert counts["charge_point"] >= 1
    assert counts["location"] >= 1
    assert counts["charge_card"] >= 1
    assert fleet.link_counts()["charge_point_location"] == counts["charge_point"]


def test_draw_dot_and_mermaid():
    fleet = chargeshift.Fleet.read_json(EXAMPLES / "fleet.json")
    dot = fleet.draw("customer", "C-1", depth=2)
    assert dot.startswith("digraph") or dot.startswith("graph")
    assert "C-1" in dot
    mermaid = fleet.draw("user_group", "acme-homes", format="mermaid")
    assert mermaid.lstrip().startswith(("graph", "flowchart"))
    with pytest.raises(ValueError, match="unknown picture format"):
        fleet.draw("customer", "C-1", format="png")
