// Type-checks the generated .d.ts files: this file is compiled (not run) by `tsc -p tests/tsconfig.json`.
import init, { ChargeshiftError, Conversation, Fleet, OcppFrameError, UnknownAssetError, checkFrame, checkFrames, parseFrame, planCutover, planMigration, version, type ConversationFrame, type CutoverPlan, type FrameRow, type Finding, type JsonValue, type MigrationRequest, type ParsedFrame, type Step } from "../../pkg/web/index.js";

export async function usage(json: string): Promise<string> {
  await init();
  const v: string = version();
  const frame: ParsedFrame = parseFrame('[2,"a","Heartbeat",{}]');
  // a parsed frame is a union by kind: only a CALL (or SEND) has an action
  const action: string = frame.kind === "CALL" || frame.kind === "SEND" ? frame.action : "";
  // @ts-expect-error a CALLRESULT has no action
  const noAction: string = frame.kind === "CALLRESULT" ? frame.action : "";
  const payload: JsonValue = frame.kind === "CALLERROR" ? frame.errorDetails : null;
  const fleet = Fleet.fromJson(json, { strict: false });
  // the string parameters stay `string` in the .d.ts (the bindings check them at run time too)
  // @ts-expect-error a frame is a string
  parseFrame(5);
  // @ts-expect-error the fleet JSON is a string
  Fleet.fromJson({});
  // @ts-expect-error an asset kind is a string
  fleet.neighbourhood(1, "CP1");
  const findings: Finding[] = fleet.findings;
  const counts: Record<string, number> = fleet.counts();
  const near = fleet.neighbourhood("charge_point", "CP1", { depth: 2 });
  const distance: number = near[0]?.distance ?? 0;
  const request: MigrationRequest = { target: "UG", selectors: [{ customer: "C1" }], policy: { closure: "report_only", allowProviderChange: false } };
  const plan = planMigration(fleet, request);
  const blocked: boolean = plan.blocked;
  // the plan's types are generated from its JSON Schema: steps, options and findings are typed
  const firstTick: boolean = plan.steps[0]?.options[0]?.ticked ?? false;
  const firstKey: string | undefined = plan.steps[0]?.options[0]?.key;
  const firstCode: string = plan.findings[0]?.code ?? "";
  const moved: number = plan.summary.toMove;
  // @ts-expect-error the JS objects are camelCase
  const snake: number = plan.summary.to_move;
  const steps: Step[] = plan.steps;
  const cutover: CutoverPlan = planCutover(fleet, { startDate: "2026-03-02", waves: { maxChargePoints: 80 } });
  const firstWave: string = cutover.waves[0]?.start ?? "";
  const pilotSize: number = cutover.summary.pilotChargePoints;
  try {
    fleet.neighbourhood("customer", "nobody");
  } catch (e) {
    if (e instanceof UnknownAssetError) {
      const closest: string[] = e.suggestions;
      const base: ChargeshiftError = e;
      void closest, base;
    }
    if (e instanceof OcppFrameError) {
      const code: string = e.errorCode;
      const reply: string | null | undefined = e.callError;
      void code, reply;
    }
  }
  void action, noAction, payload, snake, steps, firstWave, pilotSize;
  const whole = plan.toObject();
  const preserved: boolean = whole.simulation.preservation.preserved;
  // @ts-expect-error a step's operation is one of the platform's
  const badOperation: typeof plan.steps[0]["operation"] = "move_everything";
  const markdown: string = plan.toMarkdown();
  const answer = checkFrame('[3,"1",{}]', { version: "1.6", sender: "csms", action: "ClearCache" });
  const conv = new Conversation({ maxPending: 16 });
  conv.open("CP1", "1.6");
  const exchanged: ConversationFrame = conv.decode("CP1", "csms", '[2,"1","ClearCache",{}]');
  const paired: boolean = exchanged.paired;
  // @ts-expect-error the sender is "chargePoint" or "csms"
  conv.decode("CP1", "charge_point", "[]");
  // a batch from the bytes of a log, the payloads as their JSON text
  const rows: FrameRow[] = checkFrames(new TextEncoder().encode('[2,"1","Heartbeat",{}]\n'), { version: "1.6", payload: "text" });
  const payloadText: string | null = typeof rows[0]?.payload === "string" ? rows[0].payload : null;
  // @ts-expect-error the payload form is "object", "text" or "none"
  checkFrames([], { payload: "json" });
  return `${paired} ${payloadText} ${firstTick} ${firstKey} ${firstCode} ${moved} ${preserved} ${badOperation} ${answer.kind} ${blocked} ${markdown.length} ${v} ${JSON.stringify(frame)} ${findings.length} ${counts["charge_point"]} ${distance}`;
}
