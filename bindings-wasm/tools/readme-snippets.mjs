// Extracts the TypeScript snippets of the repository's README (every ```ts block) into
// bindings-wasm/tests/types/readme-N.mts (git-ignored), so that `tsc --strict -p tests/tsconfig.json`
// checks the README as it is written. The package name `chargeshift` resolves to pkg/ through the
// tsconfig's `paths`.
//
//   node tools/readme-snippets.mjs
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const dir = new URL("../tests/types/", import.meta.url);
for (const f of readdirSync(dir)) if (/^readme-\d+\.mts$/.test(f)) rmSync(new URL(f, dir));
const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
if (blocks.length === 0) {
  console.error("README.md has no ```ts snippet");
  process.exit(1);
}
blocks.forEach((code, i) => {
  const line = readme.slice(0, readme.indexOf(code)).split("\n").length;
  writeFileSync(new URL(`readme-${i + 1}.mts`, dir), `// README.md line ${line} (extracted by tools/readme-snippets.mjs: do not edit)\n${code}export {};\n`);
});
console.log(`extracted ${blocks.length} TypeScript snippet(s) of README.md`);
