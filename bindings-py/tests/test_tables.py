"""A fleet as pandas DataFrames and as a NetworkX graph, and back."""

import pytest

import chargeshift

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def fleet():
    return chargeshift.Fleet.generate(80, seed=9)


def test_to_pandas_has_the_bundle_columns_and_flat_segments(fleet, tmp_path):
    frames = fleet.to_pandas()
    fleet.write_csv(tmp_path)
    for name, df in frames.items():
        header = (tmp_path / f"{name}.csv").read_text().splitlines()[0].split(",")
        if name == "charge_points":
            assert [c for c in df.columns if not c.startswith("segment.")] == [h for h in header if h != "segments"]
            assert "segment.criticality" in df.columns
            assert set(df["segment.criticality"].dropna()) <= set(fleet.count_by_segment("criticality"))
        else:
            assert list(df.columns) == header
        assert len(df) == len((tmp_path / f"{name}.csv").read_text().splitlines()) - 1
    assert len(frames["charge_points"]) == fleet.counts()["charge_point"]
    assert len(frames["card_customer"]) == fleet.link_counts()["card_customer"]


def test_from_pandas_round_trips(fleet):
    assert chargeshift.Fleet.from_pandas(fleet.to_pandas()) == fleet
    # Arrow tables, names with .csv, and typed columns are read too
    tables = {f"{k}.csv": v for k, v in fleet.to_arrow().items()}
    assert chargeshift.Fleet.from_pandas(tables) == fleet
    frames = fleet.to_pandas()
    cps = frames["charge_points"].copy()
    cps["evse_count"] = cps["evse_count"].astype(int)
    assert chargeshift.Fleet.from_pandas({**frames, "charge_points": cps}) == fleet


def test_from_pandas_reports_where(fleet):
    frames = fleet.to_pandas()
    customers = frames["customers"].copy()
    customers.loc[3, "user_group"] = "NOPE"
    with pytest.raises(chargeshift.FleetImportError) as info:
        chargeshift.Fleet.from_pandas({**frames, "customers": customers})
    (finding,) = info.value.findings
    assert (finding.file, finding.line, finding.field) == ("customers.csv", 5, "user_group")
    lenient = chargeshift.Fleet.from_pandas({**frames, "customers": customers}, strict=False)
    assert [f.line for f in lenient.findings] == [5]


def test_from_pandas_bad_input():
    with pytest.raises(ValueError, match='unknown table "customer".*customers'):
        chargeshift.Fleet.from_pandas({"customer": pd.DataFrame({"id": ["C"]})})
    with pytest.raises(TypeError, match="must be a pandas DataFrame or an Arrow table"):
        chargeshift.Fleet.from_pandas({"customers": [1, 2]})
    with pytest.raises(chargeshift.FleetImportError):
        chargeshift.Fleet.from_pandas({})


def test_networkx_round_trip(fleet):
    nx = pytest.importorskip("networkx")
    graph = fleet.to_networkx()
    assert graph.number_of_nodes() == fleet.node_count
    assert nx.number_connected_components(graph) == len(fleet.components())
    cp = next(n for n, a in graph.nodes(data=True) if a["kind"] == "charge_point")
    attrs = graph.nodes[cp]
    assert isinstance(attrs["evse_count"], int) and "segment.criticality" in attrs
    links = {a["link"] for _, _, a in graph.edges(data=True)}
    assert links <= set(fleet.link_counts()) and "user_group" not in links
    assert chargeshift.Fleet.from_networkx(graph) == fleet
    owned = fleet.to_networkx(ownership=True)
    assert {"user_group", "parent_group"} <= {a["link"] for _, _, a in owned.edges(data=True)}
    assert chargeshift.Fleet.from_networkx(owned) == fleet


def test_from_networkx_names_bad_nodes_and_edges():
    nx = pytest.importorskip("networkx")
    g = nx.Graph()
    g.add_node(("moon", "M1"))
    with pytest.raises(ValueError, match=r"node \('moon', 'M1'\): unknown kind"):
        chargeshift.Fleet.from_networkx(g)
    g = nx.Graph()
    g.add_edge(("customer", "C"), ("tariff", "T"), link="card_customer")
    with pytest.raises(ValueError, match="a card_customer link joins a charge_card and a customer"):
        chargeshift.Fleet.from_networkx(g)
