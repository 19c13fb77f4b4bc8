"""Columnar results: check_frames and component labels as Arrow tables (pyarrow, pandas)."""

import pytest

import chargeshift

pa = pytest.importorskip("pyarrow")

CALL = '[2,"1","Heartbeat",{}]'
RESULT = '[3,"1",{"currentTime":"2026-01-01T00:00:00Z"}]'
BAD = '[2,"2","Heartbeat",{"surprise":1}]'


def test_check_frames_of_a_list():
    table = chargeshift.check_frames([CALL, BAD, None, "[2,"], version="1.6")
    assert len(table) == 4 and table.num_rows == 4
    rows = pa.table(table).to_pylist()
    assert [r["frame"] for r in rows] == [0, 1, 2, 3]
    assert [r["valid"] for r in rows] == [True, False, False, False]
    assert rows[0]["message_type"] == "CALL" and rows[0]["payload"] == "{}" and rows[0]["error_code"] is None
    # the error of each invalid row is the one check_frame raises
    with pytest.raises(chargeshift.OcppFrameError) as e:
        chargeshift.check_frame(BAD, version="1.6")
    assert (rows[1]["error_code"], rows[1]["message_id"], rows[1]["action"]) == (e.value.error_code, "2", "Heartbeat")
    assert rows[1]["path"] == e.value.path
    assert rows[2]["error"].startswith("no frame")
    assert rows[3]["message_type"] is None and rows[3]["error_code"] == "FormationViolation"


def test_callresults_by_action_or_conversation():
    by_action = pa.table(chargeshift.check_frames([RESULT], version="1.6", sender="csms", action="Heartbeat"))
    assert by_action.column("valid").to_pylist() == [True]
    assert by_action.column("action").to_pylist() == ["Heartbeat"]
    untyped = pa.table(chargeshift.check_frames([RESULT], version="1.6", sender="csms"))
    assert untyped.column("error_code").to_pylist() == ["ProtocolError"]
    conv = pa.table(
        chargeshift.check_frames(
            [CALL, CALL, RESULT, RESULT],
            version="1.6",
            sender=["charge_point", "charge_point", "csms", "csms"],
            identities=["A", "B", "A", "C"],
        )
    )
    assert conv.column("valid").to_pylist() == [True, True, True, False]
    assert conv.column("paired").to_pylist() == [False, False, True, False]
    assert conv.column("action").to_pylist()[2] == "Heartbeat"


def test_check_frames_of_arrow_and_pandas():
    frames = [CALL, BAD, None]
    expected = pa.table(chargeshift.check_frames(frames, version="1.6"))
    for given in (pa.array(frames), pa.chunked_array([frames[:1], frames[1:]]), pa.array(frames, pa.large_string())):
        assert pa.table(chargeshift.check_frames(given, version="1.6")).equals(expected)
    pd = pytest.importorskip("pandas")
    series = pd.Series(frames)
    df = chargeshift.check_frames(series, version="1.6").to_pandas()
    assert list(df["valid"]) == [True, False, False]
    assert list(df.columns[:4]) == ["frame", "message_type", "message_id", "action"]


def test_check_frames_bad_arguments():
    with pytest.raises(TypeError, match="not one str"):
        chargeshift.check_frames(CALL)
    with pytest.raises(TypeError, match=r"frames\[1\] must be a str"):
        chargeshift.check_frames([CALL, 3])
    with pytest.raises(ValueError, match="sender has 1 values for 2 frames"):
        chargeshift.check_frames([CALL, CALL], sender=["csms"])
    with pytest.raises(ValueError, match="sender of frame 0"):
        chargeshift.check_frames([CALL], sender="moon")
    with pytest.raises(TypeError, match="Arrow array of strings"):
        chargeshift.check_frames(pa.array([1, 2]))


def test_component_labels_match_components():
    fleet = chargeshift.Fleet.generate(60, seed=4)
    labels = pa.table(fleet.component_labels()).to_pylist()
    groups = fleet.components()
    assert len(labels) == sum(len(g) for g in groups)
    for row in labels:
        assert (row["kind"], row["id"]) in groups[row["component"]]
    # one row per node, each once
    nodes = [(r["kind"], r["id"]) for r in labels]
    assert len(set(nodes)) == len(nodes) == fleet.node_count
    assert set(nodes) == set(fleet.to_networkx().nodes)
    # a second call shares the kind and id columns of the first (made once per fleet)
    again = fleet.component_labels()
    assert again.to_pyarrow().column("id").equals(pa.table(fleet.component_labels()).column("id"))
    assert pa.table(again).to_pylist() == labels
    # the kind a dictionary of the names (a pandas category), the label a uint32
    schema = again.to_pyarrow().schema
    assert schema.field("kind").type == pa.dictionary(pa.uint8(), pa.string())
    assert schema.field("component").type == pa.uint32()
    assert set(again.to_pyarrow().column("kind").to_pylist()) == {k for k, _ in nodes}
    only_cards = fleet.component_labels(links=["card_customer"])
    assert only_cards.column_names == ["kind", "id", "component"]
    assert len(only_cards) == sum(len(g) for g in fleet.components(links=["card_customer"]))


def test_many_frames_checked_in_parallel_keep_their_order_and_their_rows():
    # enough frames for every core to get a part: the rows are those of one check per frame
    kinds = [CALL, BAD, None, "[2,", RESULT, '[2,"x","Heartbeat",{}]']
    frames = [kinds[i % len(kinds)].replace('"1"', f'"{i}"') if kinds[i % len(kinds)] else None for i in range(20_011)]
    rows = pa.table(chargeshift.check_frames(frames, version="1.6", sender="csms", action="Heartbeat")).to_pylist()
    assert [r["frame"] for r in rows] == list(range(len(frames)))
    for i in (0, 1, 2, 3, 4, 5, 10_000, 10_004, 20_010):
        one = pa.table(chargeshift.check_frames([frames[i]], version="1.6", sender="csms", action="Heartbeat")).to_pylist()[0]
        assert {**rows[i], "frame": 0} == one, i
    assert rows[4]["message_id"] == "4" and rows[4]["valid"]


def test_a_table_made_in_parts_reads_as_one():
    # 70,000 frames: two chunks, each checked in one part per core; a frame that is not text
    # late in the second chunk, and the same frames as one conversation
    frames = [CALL.replace('"1"', f'"{i}"') for i in range(70_000)]
    frames[69_999] = '[2,"8","DataTransfer",{"vendorId":"a\ud800b"}]'
    table = chargeshift.check_frames(frames, version="1.6")
    arrow = pa.table(table)
    assert arrow.num_rows == len(table) == 70_000
    assert arrow.column("frame").to_pylist() == list(range(70_000))
    assert arrow.column("message_id").to_pylist()[:69_999] == [str(i) for i in range(69_999)]
    assert arrow.column("valid").to_pylist() == [True] * 69_999 + [False]
    assert arrow.column("error").to_pylist()[-1].startswith("the frame is not UTF-8 text")
    df = table.to_pandas()
    assert len(df) == 70_000 and df["payload"].iloc[65_536] == "{}"
    conv = pa.table(chargeshift.check_frames(frames, version="1.6", identities=["A"] * 70_000))
    # a CALL pairs nothing; the frame that is not text is no frame of the conversation
    assert conv.column("paired").to_pylist() == [False] * 69_999 + [None]
    assert conv.column("valid").to_pylist() == arrow.column("valid").to_pylist()


def test_check_frames_reports_progress_per_chunk():
    seen = []
    frames = [CALL] * 70_000
    table = chargeshift.check_frames(frames, version="1.6", progress=lambda done, total: seen.append((done, total)))
    assert len(table) == 70_000
    assert seen == [(65_536, 70_000), (70_000, 70_000)]
    with pytest.raises(TypeError, match="progress must be"):
        chargeshift.check_frames([CALL], progress=3)
    # an exception in the callback stops the call and reaches the caller
    def stop(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        chargeshift.check_frames(frames, progress=stop)


def test_a_frame_that_is_not_utf8_text_is_an_invalid_row_in_its_place():
    # a str with a lone surrogate cannot be UTF-8: its row says so, the other frames are checked
    frames = [CALL, '[2,"8","DataTransfer",{"vendorId":"a\ud800b"}]', CALL]
    rows = pa.table(chargeshift.check_frames(frames, version="1.6")).to_pylist()
    assert [r["valid"] for r in rows] == [True, False, True]
    assert rows[1]["error_code"] == "FormationViolation"
    assert rows[1]["error"].startswith("the frame is not UTF-8 text: ")
    assert "surrogate" in rows[1]["error"]
    with pytest.raises(ValueError, match=r"action\[1\] is not UTF-8 text"):
        chargeshift.check_frames([RESULT, RESULT], version="1.6", sender="csms", action=["Heartbeat", "\ud800"])


def test_columns_without_a_value_and_categories_are_frames_too():
    pd = pytest.importorskip("pandas")
    for empty in (pa.array([None, None]), pd.Series([None, None]), pd.Series([float("nan")] * 2)):
        rows = pa.table(chargeshift.check_frames(empty, version="1.6")).to_pylist()
        assert [r["valid"] for r in rows] == [False, False], type(empty)
        assert rows[0]["error"].startswith("no frame")
    assert len(chargeshift.check_frames(pd.Series([], dtype=object), version="1.6")) == 0
    category = pd.Series([CALL, BAD, CALL], dtype="category")
    rows = pa.table(chargeshift.check_frames(category, version="1.6")).to_pylist()
    assert [r["valid"] for r in rows] == [True, False, True]
    actions = pd.Series([None, None])
    rows = pa.table(chargeshift.check_frames([RESULT, RESULT], version="1.6", sender="csms", action=actions)).to_pylist()
    assert len(rows) == 2
    with pytest.raises(TypeError, match=r"must be an Arrow array of strings, not of Int64"):
        chargeshift.check_frames(pa.array([1, 2]))
    with pytest.raises(TypeError, match=r"action\[1\] must be a str \(or None\), not int"):
        chargeshift.check_frames([RESULT, RESULT], version="1.6", sender="csms", action=[None, 5])


def test_pandas_missing_values_and_a_links_str_are_told_apart():
    pd = pytest.importorskip("pandas")
    rows = pa.table(chargeshift.check_frames([CALL, pd.NA, None], version="1.6")).to_pylist()
    assert [r["valid"] for r in rows] == [True, False, False]
    assert rows[1]["error"].startswith("no frame")
    fleet = chargeshift.Fleet.generate(20, seed=1)
    with pytest.raises(TypeError, match=r'links must be a list of link kinds, e\.g\. \["card_customer"\], not one str'):
        fleet.component_labels(links="card_customer")
    assert len(fleet.component_labels(links=("card_customer",))) == fleet.node_count
