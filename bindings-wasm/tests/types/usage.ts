// Type-checks the generated .d.ts files: this file is compiled (not run) by `tsc -p tests/tsconfig.json`.
import init, { Conversation, Fleet, checkFrame, parseFrame, planMigration, version, type ConversationFrame, type Finding, type MigrationRequest } from "../../pkg/web/chargeshift.js";

export async function usage(json: string): Promise<string> {
  await init();
  const v: string = version();
  const frame: unknown = parseFrame('[2,"a","Heartbeat",{}]');
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
  const request: MigrationRequest = { target: "UG", selectors: [{ customer: "C1" }], policy: { closure: "report_only" } };
  const plan = planMigration(fleet, request);
  const blocked: boolean = plan.blocked;
  const markdown: string = plan.toMarkdown();
  const answer = checkFrame('[3,"1",{}]', { version: "1.6", sender: "csms", action: "ClearCache" });
  const conv = new Conversation({ maxPending: 16 });
  conv.open("CP1", "1.6");
  const exchanged: ConversationFrame = conv.decode("CP1", "csms", '[2,"1","ClearCache",{}]');
  const paired: boolean = exchanged.paired;
  // @ts-expect-error the sender is "chargePoint" or "csms"
  conv.decode("CP1", "charge_point", "[]");
  return `${paired} ${answer.kind} ${blocked} ${markdown.length} ${v} ${JSON.stringify(frame)} ${findings.length} ${counts["charge_point"]} ${distance}`;
}
