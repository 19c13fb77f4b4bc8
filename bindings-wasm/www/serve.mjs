// Serves the repository root on 127.0.0.1 (PORT, default 8080) and prints the dashboard's address:
// `scripts/dashboard.sh` builds the package first and runs this.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../tests/browser/serve.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const server = await serve(root, Number(process.env.PORT ?? 8080));
console.log(`the chargeshift dashboard: ${server.url}/bindings-wasm/www/index.html (Ctrl-C stops it)`);
