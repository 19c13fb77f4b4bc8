// The wasm package in node: the CommonJS half of pkg/, as `require("chargeshift")` would load it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const chargeshift = require("../../pkg");

test("version is the crate version", () => {
  assert.match(chargeshift.version(), /^\d+\.\d+\.\d+/);
});

test("parseFrame reads a CALL", () => {
  const frame = chargeshift.parseFrame('[2,"m1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]');
  assert.deepEqual(frame, {
    kind: "CALL",
    messageId: "m1",
    action: "BootNotification",
    payload: { chargePointVendor: "V", chargePointModel: "M" },
  });
});

test("parseFrame reads a CALLERROR", () => {
  const frame = chargeshift.parseFrame('[4,"m1","NotImplemented","no such action",{}]');
  assert.equal(frame.kind, "CALLERROR");
  assert.equal(frame.errorCode, "NotImplemented");
  assert.deepEqual(frame.errorDetails, {});
});

test("a bad frame throws an Error carrying the OCPP-J error code", () => {
  for (const [text, code, messageId] of [
    ["nope", "RpcFrameworkError", null],
    ['[8,"a",{}]', "MessageTypeNotSupported", "a"],
    ['[2,"a","Heartbeat",[]]', "FormatViolation", "a"],
  ]) {
    assert.throws(
      () => chargeshift.parseFrame(text),
      (err) => err instanceof Error && err.name === "OcppFrameError" && err.errorCode === code && err.messageId === messageId,
      text,
    );
  }
});

test("checkFrame validates against the version's schema and direction", () => {
  const ok = chargeshift.checkFrame('[2,"1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]', { version: "1.6" });
  assert.equal(ok.action, "BootNotification");
  assert.deepEqual(ok.deviations, []);
  assert.throws(
    () => chargeshift.checkFrame('[2,"1","BootNotification",{"chargePointVendor":"V"}]', { version: "1.6" }),
    (e) => e.name === "OcppFrameError" && e.errorCode === "OccurenceConstraintViolation" && e.path === "$.chargePointModel" && e.callError.startsWith('[4,"1"'),
  );
  assert.throws(() => chargeshift.checkFrame('[2,"8","Reset",{"type":"Immediate"}]'), (e) => e.errorCode === "NotSupported");
  // no answer where OCPP-J allows none: a CALLRESULT is never answered with a CALLERROR
  assert.throws(() => chargeshift.checkFrame('[3,"zz",{}]'), (e) => e.errorCode === "ProtocolError" && e.callError === null);
  const lenient = chargeshift.checkFrame('[2,"9","Heartbeat",{"vendorField":1}]', { lenient: true });
  assert.deepEqual(lenient.deviations.map((d) => d.kind), ["UnknownField"]);
  assert.throws(() => chargeshift.checkFrame("[]", { sender: "car" }), /unknown sender/);
});

test("a non-string frame is a TypeError naming the argument, not a crash inside wasm", () => {
  for (const [call, got] of [
    [() => chargeshift.checkFrame(5), "number"],
    [() => chargeshift.checkFrame(true, { version: "1.6" }), "boolean"],
    [() => chargeshift.parseFrame({}), "object"],
    [() => chargeshift.parseFrame([]), "array"],
    [() => chargeshift.parseFrame(null), "null"],
    [() => chargeshift.parseFrame(), "undefined"],
    [() => chargeshift.parseFrame(1n), "bigint"],
  ]) {
    assert.throws(call, (e) => e instanceof TypeError && e.message === `frame must be a string, got ${got}`, got);
  }
  // the module still works afterwards
  assert.equal(chargeshift.parseFrame('[2,"a","Heartbeat",{}]').action, "Heartbeat");
});

test("integers beyond 2^53 arrive as JSON.parse gives them, never as an exception", () => {
  const stop = '[2,"m","StopTransaction",{"transactionId":9007199254740993,"meterStop":1,"timestamp":"2026-01-01T00:00:00Z"}]';
  const checked = chargeshift.checkFrame(stop, { version: "1.6" });
  // (checkFrame gives the payload as decoded, e.g. the timestamp written in full)
  assert.equal(checked.payload.transactionId, JSON.parse(stop)[3].transactionId);
  assert.equal(checked.payload.transactionId, 9007199254740992);
  assert.deepEqual(chargeshift.parseFrame(stop).payload, JSON.parse(stop)[3]);
  for (const text of [
    '[3,"r",{"big":18446744073709551615,"neg":-9223372036854775808,"float":1.7976931348623157e308,"small":5e-324,"third":0.1,"list":[9007199254740993,1]}]',
    '[4,"e","GenericError","",{"id":12345678901234567890}]',
    '[5,"e","GenericError","",{"id":-12345678901234567890}]',
    '[6,"s","NotifyPeriodicEventStream",{"id":99999999999999999999999}]',
  ]) {
    const frame = chargeshift.parseFrame(text);
    const expected = JSON.parse(text);
    assert.deepEqual(frame.payload ?? frame.errorDetails, expected[expected.length - 1], text);
  }
});
