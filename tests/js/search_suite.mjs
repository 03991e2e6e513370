// Run queries the way the search page does: the site's own assets/gongkai/search-core.js (文号/索引号
// lookup + Pagefind, bundles merged), fetched over HTTP from the served site, in Node.
// Usage: node search_suite.mjs <base-url> <queries-json>
//   <queries-json> [{"q": "低保", "filters": {"年份": "2024"}, "sort": "date", "limit": 5}, ...]
// Prints {"<q>": {"exact": [{url, title, key}], "results": [{url, title, meta, filters, excerpt, partial}],
//   "total": N, "full": N (results[:full] hold every word of the query), "words", "missing"}}; a query with
//   "withContent": true also gives each result's indexed text (content), "pagefindExcerpt": true Pagefind's own
//   excerpt of it.
// As on the page, Pagefind gets the query already split (search-core.js segmentQuery) and does not
// split it again (in Node it sees no <html lang>, in the browser the page hides the lang while it starts).
import { writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [base, queriesJson] = process.argv.slice(2);
const dir = await mkdtemp(join(tmpdir(), "gk-search-"));

async function importFromSite(url, name) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const file = join(dir, name);
  await writeFile(file, await response.text());
  return import(pathToFileURL(file).href);
}

const page = await (await fetch(new URL("search/", base))).text();
const attr = (name) => { const m = page.match(new RegExp(`${name}=(?:"([^"]*)"|'([^']*)')`)); return m ? (m[1] ?? m[2]) : undefined; };
const bundles = JSON.parse(attr("data-bundles") || "[]")
  .map((b) => new URL(b, new URL("search/", base)).href);
const shards = parseInt(attr("data-lookup-shards") || "0", 10);
const lookupBase = new URL(attr("data-lookup") || "lookup/", new URL("search/", base)).href;
if (!bundles.length) throw new Error("search page has no data-bundles");

const core = await importFromSite(new URL("assets/gongkai/search-core.js", base).href, "search-core.mjs");
let n = 0;
const pagefind = await core.loadPagefind(bundles, (u) => importFromSite(u, `pagefind-${n++}.mjs`));
await core.loadFilters(pagefind); // every bundle and the facet counts: the page's state once fully loaded

const vocab = await core.loadVocabulary(lookupBase);
const out = {};
for (const { q, filters, sort, limit, withContent, pagefindExcerpt } of JSON.parse(queriesJson)) {
  const r = await core.runSearch(pagefind, q, { filters: filters || {}, sort: sort || "relevance", lookupBase, shards, siteBase: base, vocab });
  const { rows: found } = await core.loadRows(r, 0, limit || r.results.length); // as the page lists them
  const rows = found.map((data) => ({ url: data.url, title: data.meta.title, meta: data.meta, filters: data.filters,
    excerpt: data.bodyExcerpt, partial: data.partial, content: withContent ? data.content : undefined,
    pagefindExcerpt: pagefindExcerpt ? data.excerpt : undefined }));
  out[q] = { exact: r.exact, results: rows, total: r.total, full: r.full, pieces: r.pieces, words: r.words, missing: r.missing };
}
await pagefind.destroy?.();
process.stdout.write(JSON.stringify(out) + "\n", () => process.exit(0));
