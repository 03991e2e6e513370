// Run Material for MkDocs' own search worker (assets/javascripts/workers/search.*.min.js, with lunr and
// lunr-languages from the same theme) in Node, unchanged, behind a minimal Web Worker shim: the worker
// builds its lunr index from search/search_index.json exactly as in the browser (SETUP) and answers
// queries (QUERY) with its own Chinese query segmentation. Benchmark helper for scripts/search_recall.py.
// Usage: node search_recall_material.mjs <site_dir> <material_assets_dir> <queries-json>
// Prints {"<q>": ["<location>", ...]} (result pages in the worker's order).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";

const [siteDir, assets, queriesJson] = process.argv.slice(2);
const workerDir = join(assets, "javascripts", "workers");
const workerFile = readdirSync(workerDir).find((f) => /^search\..*\.min\.js$/.test(f));

const listeners = [];
let reply = null;
globalThis.self = globalThis;
globalThis.addEventListener = (type, fn) => listeners.push(fn);
globalThis.postMessage = (message) => reply(message);
globalThis.importScripts = (...urls) => {
  for (const url of urls) {  // "../lunr/min/lunr.zh.min.js", relative to the worker's folder
    vm.runInThisContext(readFileSync(join(workerDir, url), "utf8"), { filename: url });
  }
};
vm.runInThisContext(readFileSync(join(workerDir, workerFile), "utf8"), { filename: workerFile });

const send = (message) => new Promise((resolve) => {
  reply = resolve;
  for (const fn of listeners) fn({ data: message });
});

const index = JSON.parse(readFileSync(join(siteDir, "search", "search_index.json"), "utf8"));
// The page adds options from theme features (search.suggest is off in mkdocs.yml), as Material does.
const ready = await send({ type: 0, data: { ...index, options: { suggest: false } } });  // SETUP
if (ready.type !== 1) throw new Error("worker not ready");
const out = {};
for (const q of JSON.parse(queriesJson)) {
  const result = await send({ type: 2, data: q });  // QUERY -> RESULT
  out[q] = result.data.items.map((group) => group[0].location.split("#")[0]);
}
process.stdout.write(JSON.stringify(out) + "\n", () => process.exit(0));
