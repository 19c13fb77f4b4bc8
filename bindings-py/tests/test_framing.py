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
