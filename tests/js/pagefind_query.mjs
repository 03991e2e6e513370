// Query a served site's Pagefind bundle through Pagefind's own JS API, in Node.
// Usage: node pagefind_query.mjs <base-url> <queries-json>
//   <base-url>     e.g. http://127.0.0.1:8123/  (the built site served over HTTP)
//   <queries-json> [{"q": "最低生活保障", "filters": {"领域": "社会救助"}, "sort": {"date": "desc"}}, ...]
// Prints one JSON object: {"<q>": [{"url", "title", "meta", "filters"}...], ...} (all results, in order).
//   A query may carry "name" (the output key instead of q); "q": null lists every page the filters match
//   (Pagefind's filter-only search); {"name": …, "filter_counts": true} returns pagefind.filters(), the
//   bundle's own {filter: {value: page count}}; {"q": …, "ids": true} returns [[result id, score], …] without
//   fetching any fragment (to compare two bundles of the same pages, query by query).
// Every byte of the bundle is fetched over HTTP from the served site, as a browser would.
import { writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [base, queriesJson] = process.argv.slice(2);
const bundle = new URL("pagefind/", base).href;
const source = await (await fetch(bundle + "pagefind.js")).text();
const dir = await mkdtemp(join(tmpdir(), "pagefind-"));
const file = join(dir, "pagefind.mjs");
await writeFile(file, source);
const pagefind = await import(pathToFileURL(file).href);
await pagefind.options({ basePath: bundle, excerptLength: 30 });
await pagefind.init();

const out = {};
for (const { q, filters, sort, name, filter_counts, ids } of JSON.parse(queriesJson)) {
  if (filter_counts) {
    out[name] = await pagefind.filters();
    continue;
  }
  const search = await pagefind.search(q, { filters: filters || {}, sort: sort || undefined });
  if (ids) {
    out[name ?? q] = search.results.map((result) => [result.id, result.score]);
    continue;
  }
  const rows = [];
  for (const result of search.results) {
    const data = await result.data();
    rows.push({ url: data.url, title: data.meta.title, meta: data.meta, filters: data.filters });
  }
  out[name ?? q] = rows;
}
await pagefind.destroy?.();
// Write then exit: console.log to a pipe is asynchronous, and exiting at once cuts output past 64 KB.
process.stdout.write(JSON.stringify(out) + "\n", () => process.exit(0));
