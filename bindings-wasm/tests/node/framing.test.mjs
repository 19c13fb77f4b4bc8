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

test("checkFrame types a CALLRESULT by the action of its CALL", () => {
  const result = '[3,"7",{"currentTime":"2026-01-01T00:00:00Z"}]';
  assert.throws(() => chargeshift.checkFrame(result, { version: "1.6", sender: "csms" }), (e) => e.errorCode === "ProtocolError");
  const checked = chargeshift.checkFrame(result, { version: "1.6", sender: "csms", action: "Heartbeat" });
  assert.deepEqual(checked, {
    kind: "CALLRESULT",
    action: "Heartbeat",
    messageId: "7",
    payload: { currentTime: "2026-01-01T00:00:00.000000000Z" },
    deviations: [],
  });
  assert.throws(
    () => chargeshift.checkFrame('[3,"7",{"status":"Accepted"}]', { version: "1.6", sender: "csms", action: "Heartbeat" }),
    (e) => e.name === "OcppFrameError" && e.messageId === "7",
  );
  assert.throws(() => chargeshift.checkFrame(result, { version: "1.6", sender: "csms", action: "NoSuchAction" }), (e) => e.errorCode === "NotImplemented");
  const error = chargeshift.checkFrame('[4,"7","NotSupported","",{}]', { sender: "csms", action: "Reset" });
  assert.deepEqual([error.kind, error.action], ["CALLERROR", "Reset"]);
  assert.equal(chargeshift.checkFrame('[2,"1","Heartbeat",{}]', { action: "Reset" }).action, "Heartbeat");
  assert.throws(() => chargeshift.checkFrame("[]", { sender: "charge_point" }), /unknown sender "charge_point"; expected "chargePoint" or "csms"/);
});

test("a Conversation pairs answers across a mixed fleet", () => {
  const conv = new chargeshift.Conversation();
  conv.open("CP-16", "1.6");
  conv.open("CP-201", "2.0.1");
  assert.equal(conv.size, 2);
  assert.equal(conv.version("CP-16"), "ocpp1.6");
  const call = conv.decode("CP-16", "csms", '[2,"1","GetConfiguration",{}]');
  assert.deepEqual([call.kind, call.action, call.paired], ["CALL", "GetConfiguration", false]);
  // the same message id on the other identity, the other way round
  conv.decode("CP-201", "chargePoint", '[2,"1","Heartbeat",{}]');
  assert.deepEqual([conv.pending("CP-16"), conv.pending("CP-201")], [1, 1]);
  const answer = conv.decode("CP-16", "chargePoint", '[3,"1",{"configurationKey":[]}]');
  assert.deepEqual(answer, {
    kind: "CALLRESULT",
    action: "GetConfiguration",
    messageId: "1",
    payload: { configurationKey: [] },
    deviations: [],
    paired: true,
    version: "ocpp1.6",
  });
  const beat = conv.decode("CP-201", "csms", '[3,"1",{"currentTime":"2026-01-01T00:00:00Z"}]');
  assert.deepEqual([beat.action, beat.version], ["Heartbeat", "ocpp2.0.1"]);
  conv.decode("CP-201", "csms", '[2,"r","Reset",{"type":"Immediate"}]');
  const error = conv.decode("CP-201", "chargePoint", '[4,"r","NotSupported","no",{}]');
  assert.deepEqual([error.kind, error.action, error.paired], ["CALLERROR", "Reset", true]);
});

test("a Conversation's unpaired results are errors to count", () => {
  const conv = new chargeshift.Conversation({ maxPending: 8 });
  conv.open("CP", "2.0.1");
  let unpaired = 0;
  for (let i = 0; i < 3; i++) {
    try {
      conv.decode("CP", "csms", '[3,"nope",{}]');
    } catch (e) {
      assert.equal(e.name, "OcppFrameError");
      assert.equal(e.errorCode, "ProtocolError");
      assert.equal(e.callError, null);
      assert.equal(e.message, 'identity "CP": message id "nope": no pending call with this id');
      unpaired++;
    }
  }
  assert.equal(unpaired, 3);
  assert.throws(() => conv.decode("CP-unknown", "csms", '[3,"1",{}]'), /no open connection/);
  assert.throws(() => new chargeshift.Conversation({ maxPendnig: 1 }), TypeError);
  const log = new chargeshift.Conversation({ defaultVersion: "1.6", lenient: true });
  const beat = log.decode("CP9", "chargePoint", '[2,"1","Heartbeat",{"x":1}]');
  assert.deepEqual(beat.deviations.map((d) => d.kind), ["UnknownField"]);
});

test("checkFrames: one row per frame, in order, each what checkFrame says of it", () => {
  const frames = [
    '[2,"1","Heartbeat",{}]',
    '[2,"2","Heartbeat",{"surprise":1}]',
    null,
    "[2,",
    '[3,"5",{"currentTime":"2026-01-01T00:00:00Z"}]',
    undefined,
  ];
  const options = { version: "1.6", sender: "csms", action: "Heartbeat" };
  const rows = chargeshift.checkFrames(frames, options);
  assert.equal(rows.length, frames.length);
  frames.forEach((frame, i) => {
    const row = rows[i];
    if (frame == null) {
      assert.equal(row.valid, false);
      assert.match(row.error, /^no frame/);
      return;
    }
    let one = null;
    try {
      one = chargeshift.checkFrame(frame, options);
    } catch (e) {
      assert.equal(row.valid, false, frame);
      assert.equal(row.errorCode, e.errorCode, frame);
      assert.equal(row.path, e.path, frame);
      assert.equal(row.messageId, e.messageId, frame);
      return;
    }
    assert.equal(row.valid, true, frame);
    assert.equal(row.messageType, one.kind);
    assert.equal(row.messageId, one.messageId);
    assert.equal(row.action, one.action);
    // the payload as sent (no leniency changed it), as an object
    assert.deepEqual(row.payload, JSON.parse(frame).at(-1));
    assert.deepEqual(Object.keys(row.payload), Object.keys(one.payload));
    assert.deepEqual(row.deviations, one.deviations);
  });
  // the CALL sent by the CSMS is the wrong way; the CALLRESULT typed by the action is valid
  assert.deepEqual(rows.map((r) => r.valid), [false, false, false, false, true, false]);
  assert.equal(rows[3].errorCode, "FormationViolation");
});

test("checkFrames of one string of frames, one per line, as a log is", () => {
  const frames = ['[2,"1","Heartbeat",{}]', "", '[2,"2","Heartbeat",{"surprise":1}]', '[2,"3","Heartbeat",{}]'];
  const options = { version: "1.6" };
  const byArray = chargeshift.checkFrames(frames.map((f) => f || null), options);
  for (const text of [frames.join("\n"), `${frames.join("\n")}\n`, frames.join("\r\n")]) {
    assert.deepEqual(chargeshift.checkFrames(text, options), byArray, JSON.stringify(text));
  }
  assert.deepEqual(byArray.map((r) => r.valid), [true, false, false, true]);
  assert.match(byArray[1].error, /^no frame/, "an empty line is a missing frame, kept in its place");
  assert.deepEqual(chargeshift.checkFrames("", options), []);
  assert.equal(chargeshift.checkFrames("\n", options).length, 1);
});

test("checkFrames of the UTF-8 bytes of a log (a Uint8Array or a node Buffer) reads them as the same lines", () => {
  const frames = ['[2,"1","Heartbeat",{}]', "", '[2,"2","DataTransfer",{"vendorId":"Zoë","data":"\u00e9t\u00e9 ☀"}]', '[2,"3","Heartbeat",{}]'];
  const options = { version: "1.6" };
  const text = `${frames.join("\r\n")}\n`;
  const byText = chargeshift.checkFrames(text, options);
  assert.deepEqual(byText.map((r) => r.valid), [true, false, true, true]);
  assert.deepEqual(chargeshift.checkFrames(new TextEncoder().encode(text), options), byText);
  assert.deepEqual(chargeshift.checkFrames(Buffer.from(text, "utf8"), options), byText);
  assert.equal(byText[2].payload.vendorId, "Zoë");
  assert.deepEqual(chargeshift.checkFrames(new Uint8Array(0), options), []);
  // a byte order mark at the start of a file (as some Windows tools write) is not part of the first frame
  assert.deepEqual(chargeshift.checkFrames(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), options), byText);
  assert.deepEqual(chargeshift.checkFrames(`\ufeff${text}`, options), byText);
  // a line that is not UTF-8 is an invalid row in its place, saying where; the others are checked
  const bytes = Buffer.concat([Buffer.from('[2,"1","Heartbeat",{}]\n[2,"2","Heart'), Buffer.from([0xff]), Buffer.from('beat",{}]\n[2,"3","Heartbeat",{}]')]);
  const rows = chargeshift.checkFrames(bytes, options);
  assert.deepEqual(rows.map((r) => r.valid), [true, false, true]);
  assert.equal(rows[1].errorCode, "FormationViolation");
  assert.match(rows[1].error, /not UTF-8 text: invalid utf-8 sequence of 1 bytes from index 13/);
  assert.equal(rows[1].messageId, null);
});

test("checkFrames of more rows than one JSON text holds keeps every row in order", () => {
  // the rows are handed over in parts of 32,768: a batch over two parts, with its last row invalid
  const n = 70_001;
  const lines = Array.from({ length: n }, (_, i) => (i === n - 1 ? "[2," : `[2,"${i}","Heartbeat",{}]`));
  const rows = chargeshift.checkFrames(Buffer.from(lines.join("\n")), { version: "1.6", payload: "none" });
  assert.equal(rows.length, n);
  for (const i of [0, 32_767, 32_768, 65_536, n - 2]) {
    assert.equal(rows[i].messageId, String(i));
    assert.equal(rows[i].valid, true);
  }
  assert.equal(rows[n - 1].valid, false);
  assert.equal(rows[n - 1].errorCode, "FormationViolation");
});

test("checkFrames: the payload as an object, as its JSON text, or left out", () => {
  const frames = ['[2,"1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available"}]', '[2,"2","Heartbeat",{"x":1}]', '[2,"3","Heartbeat", {} ]'];
  const options = { version: "1.6" };
  const objects = chargeshift.checkFrames(frames, options);
  assert.deepEqual(chargeshift.checkFrames(frames, { ...options, payload: "object" }), objects);
  const texts = chargeshift.checkFrames(frames, { ...options, payload: "text" });
  const none = chargeshift.checkFrames(frames, { ...options, payload: "none" });
  assert.equal(texts[0].payload, '{"connectorId":1,"errorCode":"NoError","status":"Available"}');
  assert.equal(texts[2].payload, "{}", "the text as sent, without the spaces around it");
  objects.forEach((row, i) => {
    const { payload: object, ...rest } = row;
    const { payload: text, ...restText } = texts[i];
    assert.deepEqual(restText, rest);
    assert.deepEqual(text == null ? null : JSON.parse(text), object);
    assert.equal(none[i].payload, null);
    assert.deepEqual({ ...none[i], payload: undefined }, { ...rest, payload: undefined });
  });
  assert.equal(objects[1].payload, null, "an invalid frame has no payload in any form");
  assert.throws(() => chargeshift.checkFrames(frames, { payload: "json" }), (e) => e instanceof TypeError && /payload must be "object", "text" or "none", not "json"/.test(e.message));
});

test("checkFrames: bad arguments are TypeErrors naming what is wrong", () => {
  assert.throws(() => chargeshift.checkFrames(42), (e) => e instanceof TypeError && /must be an array of strings, one string of frames one per line, or a Uint8Array/.test(e.message));
  assert.throws(() => chargeshift.checkFrames(['[2,"1","Heartbeat",{}]', 3]), (e) => e instanceof TypeError && /frames\[1\] must be a string, got number/.test(e.message));
  assert.throws(() => chargeshift.checkFrames([], { version: "9" }), TypeError);
  assert.throws(() => chargeshift.checkFrames([], { colour: "red" }), TypeError);
  assert.deepEqual(chargeshift.checkFrames([]), []);
});

test("checkFrameColumns: the rows of checkFrames, kept in the module, read by column or by row", () => {
  // valid, unknown field (lenient: a payload written back), missing, malformed, an answer by
  // action, a line that is not UTF-8, a frame spaced out as a pretty-printer writes it
  const lines = [
    '[2,"1","Heartbeat",{}]',
    '[2,"2","Heartbeat",{"surprise":1}]',
    "",
    "[2,",
    '[3,"5",{"currentTime":"2026-01-01T00:00:00Z"}]',
    '[2,"6","StatusNotification", {"connectorId":1,"errorCode":"NoError","status":"Available"} ]',
  ];
  const bytes = Buffer.concat([Buffer.from(lines.join("\n")), Buffer.from('\n[2,"7","Heart'), Buffer.from([0xff]), Buffer.from('beat",{}]')]);
  for (const options of [{ version: "1.6" }, { version: "1.6", lenient: true }, { version: "1.6", sender: "csms", action: "Heartbeat" }]) {
    for (const payload of ["object", "text", "none"]) {
      const opts = { ...options, payload };
      for (const frames of [bytes, lines.join("\n"), lines.map((l) => l || null)]) {
        const rows = chargeshift.checkFrames(frames, opts);
        const columns = chargeshift.checkFrameColumns(frames, opts);
        const what = `${JSON.stringify(opts)} ${frames.constructor.name}`;
        assert.equal(columns.length, rows.length, what);
        assert.deepEqual(columns.rows(0, columns.length), rows, what);
        rows.forEach((row, i) => assert.deepEqual(columns.row(i), row, `${what} row ${i}`));
        assert.deepEqual([...columns.valid()], rows.map((r) => (r.valid ? 1 : 0)), what);
        assert.deepEqual([...columns.invalid()], rows.flatMap((r, i) => (r.valid ? [] : [i])), what);
        const number = { CALL: 2, CALLRESULT: 3, CALLERROR: 4, CALLRESULTERROR: 5, SEND: 6 };
        assert.deepEqual([...columns.messageTypes()], rows.map((r) => (r.messageType ? number[r.messageType] : 0)), what);
        assert.deepEqual(columns.rows(2, 4), rows.slice(2, 4), what);
        assert.deepEqual(columns.rows(3, 3), [], what);
        columns.free();
      }
    }
  }
  const lenient = chargeshift.checkFrameColumns(bytes, { version: "1.6", lenient: true, payload: "text" });
  assert.equal(lenient.row(1).payload, "{}", "the payload a leniency changed, as written back");
  assert.equal(lenient.row(5).payload, '{"connectorId":1,"errorCode":"NoError","status":"Available"}');
  assert.equal(lenient.row(6).valid, false);
});

test("checkFrameColumns: an index out of range is a RangeError, bad frames a TypeError", () => {
  const columns = chargeshift.checkFrameColumns('[2,"1","Heartbeat",{}]\n[2,', { version: "1.6" });
  assert.equal(columns.length, 2);
  for (const bad of [-1, 2, 1.5, NaN, Infinity]) {
    assert.throws(() => columns.row(bad), RangeError, String(bad));
  }
  assert.throws(() => columns.row("0"), TypeError);
  assert.throws(() => columns.rows(1, 0), RangeError);
  assert.throws(() => columns.rows(0, 3), RangeError);
  assert.throws(() => chargeshift.checkFrameColumns("").row(0), (e) => e instanceof RangeError && /no row/.test(e.message));
  assert.throws(() => chargeshift.checkFrameColumns(42), TypeError);
  assert.throws(() => chargeshift.checkFrameColumns([], { payload: "json" }), TypeError);
  assert.deepEqual([...chargeshift.checkFrameColumns([]).valid()], []);
});
