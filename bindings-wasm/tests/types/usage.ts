// Type-checks the generated .d.ts files: this file is compiled (not run) by `tsc -p tests/tsconfig.json`.
import init, { parseFrame, version } from "../../pkg/web/chargeshift.js";

export async function usage(): Promise<string> {
  await init();
  const v: string = version();
  const frame: unknown = parseFrame('[2,"a","Heartbeat",{}]');
  return `${v} ${JSON.stringify(frame)}`;
}
