// Every import the `lichen` host ABI documents (docs/host-abi.md's table) is imported by each
// SDK's test app, and nothing else from `lichen`, and each exports every documented guest
// export: the apps of sdk_test.cc reach the whole ABI, so an import added to the doc and
// missing from an SDK (or its test) fails here.
// Usage: node abi_coverage_test.js HOST_ABI_MD APP.wasm... Exits non-zero on any failure.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");

const [doc, ...apps] = process.argv.slice(2);
// The tables' rows, `| \`name\` | \`(params) -> result\` | ...`, under "## Guest exports" and
// "## Imports".
const documented = new Set();
const exported = new Set();
let section = "";
for (const line of fs.readFileSync(doc, "utf8").split("\n")) {
  if (line.startsWith("## ")) section = line;
  const row = /^\| `([a-z_0-9]+)` \| `\(.*\) -> (i32|\(\))` \|/.exec(line);
  if (row && section.startsWith("## Imports")) documented.add(row[1]);
  if (row && section.startsWith("## Guest exports")) exported.add(row[1]);
}
assert.ok(documented.size >= 31, `only ${documented.size} imports read from ${doc}`);
assert.ok(exported.size >= 5, `only ${exported.size} exports read from ${doc}`);
assert.ok(apps.length >= 2, "give the SDKs' test apps");

for (const app of apps) {
  const module = new WebAssembly.Module(fs.readFileSync(app));
  const imported = WebAssembly.Module.imports(module).filter((i) => i.module === "lichen");
  const names = new Set(imported.map((i) => i.name));
  const missing = [...documented].filter((n) => !names.has(n));
  const extra = [...names].filter((n) => !documented.has(n));
  assert.deepEqual(missing, [], `${app} does not import ${missing.join(", ")}`);
  assert.deepEqual(extra, [], `${app} imports undocumented ${extra.join(", ")}`);
  const exports = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
  const unexported = [...exported].filter((n) => !exports.has(n));
  assert.deepEqual(unexported, [], `${app} does not export ${unexported.join(", ")}`);
  console.log(`${app}: all ${names.size} documented imports, all ${exported.size} exports`);
}
