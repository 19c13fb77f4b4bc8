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
        ("[9,\"a\",{}]", "MessageTypeNotSupported", None),
        ("[2,\"a\",\"Heartbeat\",[]]", "FormatViolation", "a"),
    ],
)
def test_bad_frames_raise_with_the_ocpp_error_code(text, code, message_id):
    with pytest.raises(chargeshift.OcppFrameError) as info:
        chargeshift.parse_frame(text)
    assert info.value.error_code == code
    assert info.value.message_id == message_id
    assert isinstance(info.value, ValueError)
