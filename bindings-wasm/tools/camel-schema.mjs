// A crate's JSON Schema with its field names in camelCase, as the wasm package gives its documents
// to JavaScript (bindings-wasm/src/value.rs renames the same way; the keys of maps are data and
// are not in a schema). Optionally prefixes the names of its definitions (to keep the types of two
// schemas apart in one .d.ts).
//
//   node camel-schema.mjs SCHEMA [PREFIX] > camel.schema.json
import { readFileSync } from "node:fs";

const [file, prefix = "", names = ""] = process.argv.slice(2);
const prefixed = new Set(names.split(",").filter(Boolean));
const rename = (name) => (prefixed.has(name) ? prefix + name : name);
const schema = JSON.parse(readFileSync(file, "utf8"));
const camel = (k) => k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

function walk(node) {
  if (Array.isArray(node)) return node.map(walk);
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "properties" && value && typeof value === "object" && !Array.isArray(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [camel(k), walk(v)]));
    } else if (key === "required" && Array.isArray(value)) {
      out.required = value.map(camel);
    } else if (key === "prefixItems" && Array.isArray(value)) {
      // a tuple (draft 2020-12) as json-schema-to-typescript reads one (draft 7's `items` list)
      out.items = value.map(walk);
    } else if (key === "$ref" && typeof value === "string") {
      out.$ref = value.replace(/^#\/\$defs\/(.*)$/, (_, name) => `#/$defs/${rename(name)}`);
    } else if (key === "$defs") {
      out.$defs = Object.fromEntries(Object.entries(value).map(([k, v]) => [rename(k), walk(v)]));
    } else {
      out[key] = walk(value);
    }
  }
  return out;
}

process.stdout.write(JSON.stringify(walk(schema), null, 2) + "\n");
