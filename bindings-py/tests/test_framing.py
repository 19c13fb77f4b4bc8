import pytest

import chargeshift


def test_version_matches_the_crate():
    assert chargeshift.__version__.count(".") == 2


def test_parse_call():
    frame = chargeshift.parse_frame('[2,"abc","BootNotification",{"chargePointModel":"M","chargePointVendor":"V"}]')
    assert frame == {
        "kind": "CALL",
        "message_id": "abc",
        "action": "BootNotification",
        "payload": {"chargePointModel": "M", "chargePointVendor": "V"},
    }


def test_parse_call_error():
    frame = chargeshift.parse_frame('[4,"abc","NotImplemented","unknown action",{}]')
    assert frame["kind"] == "CALLERROR"
    assert frame["error_code"] == "NotImplemented"
    assert frame["error_details"] == {}


@pytest.mark.parametrize(
    ("text", "code", "message_id"),
    [
        ("not json", "RpcFrameworkError", None),
        ("[9,\"a\",{}]", "MessageTypeNotSupported", "a"),
        ("[2,\"a\",\"Heartbeat\",[]]", "FormatViolation", "a"),
    ],
)
def test_bad_frames_raise_with_the_ocpp_error_code(text, code, message_id):
    with pytest.raises(chargeshift.OcppFrameError) as info:
        chargeshift.parse_frame(text)
    assert info.value.error_code == code
    assert info.value.message_id == message_id
    assert isinstance(info.value, ValueError)


def test_check_frame_validates_against_the_version_schema():
    ok = chargeshift.check_frame(
        '[2,"1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]', version="1.6"
    )
    assert ok["action"] == "BootNotification"
    assert ok["payload"] == {"chargePointVendor": "V", "chargePointModel": "M"}
    assert ok["deviations"] == []
    with pytest.raises(chargeshift.OcppFrameError) as info:
        chargeshift.check_frame('[2,"1","BootNotification",{"chargePointVendor":"V"}]', version="1.6")
    assert info.value.error_code == "OccurenceConstraintViolation"
    assert info.value.path == "$.chargePointModel"
    assert info.value.call_error.startswith('[4,"1","OccurenceConstraintViolation"')


def test_no_answer_where_ocpp_j_allows_none():
    # a CALLRESULT is never answered with a CALLERROR; a CALL of a malformed frame keeps its id
    with pytest.raises(chargeshift.OcppFrameError) as info:
        chargeshift.check_frame('[3,"zz",{}]')
    assert info.value.error_code == "ProtocolError"
    assert info.value.call_error is None
    with pytest.raises(chargeshift.OcppFrameError) as info:
        chargeshift.check_frame('[2,"abc","Heartbeat"]')
    assert info.value.call_error.startswith('[4,"abc","RpcFrameworkError"')


def test_check_frame_direction_and_leniency():
    with pytest.raises(chargeshift.OcppFrameError) as info:
        chargeshift.check_frame('[2,"8","Reset",{"type":"Immediate"}]', version="2.0.1", sender="charge_point")
    assert info.value.error_code == "NotSupported"
    assert chargeshift.check_frame('[2,"8","Reset",{"type":"Immediate"}]', sender="csms")["action"] == "Reset"
    heartbeat_with_extra = '[2,"9","Heartbeat",{"vendorField":1}]'
    with pytest.raises(chargeshift.OcppFrameError):
        chargeshift.check_frame(heartbeat_with_extra)
    lenient = chargeshift.check_frame(heartbeat_with_extra, lenient=True)
    assert [d[0] for d in lenient["deviations"]] == ["UnknownField"]
    with pytest.raises(ValueError, match="unknown OCPP version"):
        chargeshift.check_frame("[]", version="3.0")


LONE_SURROGATE = '[2,"a","Heartbeat",{"x":"\ud800"}]'


@pytest.mark.parametrize("function", [chargeshift.parse_frame, chargeshift.check_frame])
def test_a_lone_surrogate_is_a_frame_error_saying_where(function):
    position = LONE_SURROGATE.index("\ud800")
    with pytest.raises(chargeshift.OcppFrameError) as info:
        function(LONE_SURROGATE)
    assert f"not valid Unicode: a lone surrogate U+D800 at position {position}" in str(info.value)
    assert f"line 1, column {position + 1}" in str(info.value)
    assert info.value.error_code == "RpcFrameworkError"
    assert info.value.message_id is None


def test_a_lone_surrogate_after_a_line_break_gives_line_and_column():
    text = '[2,"a",\n  "Heartbeat", {"é": "\udfff"}]'
    with pytest.raises(chargeshift.OcppFrameError) as info:
        chargeshift.check_frame(text, version="1.6")
    message = str(info.value)
    assert f"a lone surrogate U+DFFF at position {text.index(chr(0xDFFF))}" in message
    # the column counts UTF-8 bytes, as for any other JSON error ("é" is two)
    assert "line 2, column 24" in message
    assert info.value.call_error.startswith('[4,"-1",')
    assert "not valid Unicode" in info.value.call_error


def test_a_non_string_frame_is_a_type_error():
    for function in (chargeshift.parse_frame, chargeshift.check_frame):
        with pytest.raises(TypeError, match="text"):
            function(5)
        with pytest.raises(TypeError, match="text"):
            function(b'[2,"a","Heartbeat",{}]')


def test_check_frame_types_a_call_result_by_its_action():
    result = '[3,"7",{"currentTime":"2026-01-01T00:00:00Z"}]'
    with pytest.raises(chargeshift.OcppFrameError) as info:
        chargeshift.check_frame(result, version="1.6", sender="csms")
    assert info.value.error_code == "ProtocolError"
    checked = chargeshift.check_frame(result, version="1.6", sender="csms", action="Heartbeat")
    assert checked["kind"] == "CALLRESULT"
    assert checked["action"] == "Heartbeat"
    assert checked["message_id"] == "7"
    assert checked["payload"] == {"currentTime": "2026-01-01T00:00:00.000000000Z"}
    with pytest.raises(chargeshift.OcppFrameError) as info:
        chargeshift.check_frame('[3,"7",{"status":"Accepted"}]', version="1.6", sender="csms", action="Heartbeat")
    assert info.value.message_id == "7"
    with pytest.raises(chargeshift.OcppFrameError) as info:
        chargeshift.check_frame(result, version="1.6", sender="csms", action="NoSuchAction")
    assert info.value.error_code == "NotImplemented"
    error = chargeshift.check_frame('[4,"7","NotSupported","",{}]', sender="csms", action="Reset")
    assert (error["kind"], error["action"]) == ("CALLERROR", "Reset")
    # a CALL is read by its own action
    assert chargeshift.check_frame('[2,"1","Heartbeat",{}]', action="Reset")["action"] == "Heartbeat"
    with pytest.raises(ValueError, match='unknown sender "car"; expected "charge_point" or "csms"'):
        chargeshift.check_frame("[]", sender="car")


def test_conversation_pairs_answers_across_a_mixed_fleet():
    conv = chargeshift.Conversation()
    conv.open("CP-16", "1.6")
    conv.open("CP-201", "2.0.1")
    assert len(conv) == 2 and conv.version("CP-16") == "ocpp1.6"
    call = conv.decode("CP-16", "csms", '[2,"1","GetConfiguration",{}]')
    assert (call["kind"], call["action"], call["paired"]) == ("CALL", "GetConfiguration", False)
    # the same message id on the other identity, the other way round
    conv.decode("CP-201", "charge_point", '[2,"1","Heartbeat",{}]')
    assert conv.pending("CP-16") == conv.pending("CP-201") == 1
    answer = conv.decode("CP-16", "charge_point", '[3,"1",{"configurationKey":[]}]')
    assert answer == {
        "kind": "CALLRESULT",
        "action": "GetConfiguration",
        "message_id": "1",
        "payload": {"configurationKey": []},
        "deviations": [],
        "paired": True,
        "version": "ocpp1.6",
    }
    beat = conv.decode("CP-201", "csms", '[3,"1",{"currentTime":"2026-01-01T00:00:00Z"}]')
    assert (beat["action"], beat["version"]) == ("Heartbeat", "ocpp2.0.1")
    conv.decode("CP-201", "csms", '[2,"r","Reset",{"type":"Immediate"}]')
    error = conv.decode("CP-201", "charge_point", '[4,"r","NotSupported","no",{}]')
    assert (error["kind"], error["action"], error["paired"]) == ("CALLERROR", "Reset", True)


def test_conversation_errors_are_values_to_count():
    conv = chargeshift.Conversation(max_pending=8)
    conv.open("CP", "2.0.1")
    unpaired = 0
    for _ in range(3):
        try:
            conv.decode("CP", "csms", '[3,"nope",{}]')
        except chargeshift.OcppFrameError as e:
            assert e.error_code == "ProtocolError" and e.message_id == "nope" and e.call_error is None
            assert str(e) == 'identity "CP": message id "nope": no pending call with this id'
            unpaired += 1
    assert unpaired == 3
    with pytest.raises(ValueError, match="no open connection"):
        conv.decode("CP-unknown", "csms", '[3,"1",{}]')
    log = chargeshift.Conversation(default_version="1.6", lenient=True)
    beat = log.decode("CP9", "charge_point", '[2,"1","Heartbeat",{"x":1}]')
    assert [d[0] for d in beat["deviations"]] == ["UnknownField"]
    assert repr(log) == "<Conversation of 1 connections>"
