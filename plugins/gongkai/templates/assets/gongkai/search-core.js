// gongkai search logic shared by the search page (search.js) and the Node tests: no DOM access here.
//
// * 文号 / 索引号 normalisation and the exact-match lookup table written by the build
//   (plugins/gongkai/core/search/lookup.py; both are tested against tests/search_normalise_cases.yml).
// * One query over Pagefind's JS API, across one bundle or several merged ones (search_split: year / quarter),
//   with the lookup hits pinned first.

const BRACKETS = "〔〕[]()【】〖〗［］（）{}｛｝<>《》「」『』〈〉";
const DROP = new RegExp("[\\s" + BRACKETS.replace(/[\\\]\[^-]/g, "\\$&") + "]+", "gu");
const DOC_NO = /^(.*?\D)((?:19|20)\d{2})年?第?0*(\d{1,5})号?$/u;
const NON_ASCII = /[^\x00-\x7f]/u;

// Canonical 文号 (黄政办〔2020〕12号) of what a reader typed, or null when it is not shaped like one.
export function docNoKey(text) {
  const s = String(text || "").normalize("NFKC").replace(DROP, "");
  const m = DOC_NO.exec(s);
  if (!m || !NON_ASCII.test(m[1])) return null;
  return `${m[1]}〔${m[2]}〕${parseInt(m[3], 10)}号`;
}

// 索引号 reduced to upper-case ASCII letters and digits, or null when too short to be one.
export function indexNoKey(text) {
  const s = String(text || "").normalize("NFKC").toUpperCase();
  if (NON_ASCII.test(s)) return null;
  const key = s.replace(/[^0-9A-Z]+/g, "");
  return key.length >= 10 && /\d/.test(key) ? key : null;
}

export function queryKeys(query) {
  const keys = [];
  const d = docNoKey(query);
  if (d) keys.push("d:" + d);
  const i = indexNoKey(query);
  if (i) keys.push("i:" + i);
  return keys;
}

export function fnv1a(text) {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

// Exact hits for a query: [{url, title, org, date, docNo, key}] (url relative to the site root, as in the table).
// `lookupBase` is the absolute URL of search/lookup/; `shards` the shard count the build wrote.
export async function lookup(query, lookupBase, shards, fetchJson = defaultFetchJson) {
  const hits = [];
  const seen = new Set();
  for (const key of queryKeys(query)) {
    const shard = fnv1a(key) % shards;
    let table;
    try {
      table = await fetchJson(new URL(`${shard}.json`, lookupBase).href);
    } catch (err) {
      continue; // the exact table is an extra; full-text search still runs
    }
    for (const [url, title, org, date, docNo] of table[key] || []) {
      if (!seen.has(url)) {
        seen.add(url);
        hits.push({ url, title, org, date, docNo, key });
      }
    }
  }
  return hits;
}

const cache = new Map();
async function defaultFetchJson(url) {
  if (!cache.has(url)) {
    cache.set(url, fetch(url).then((r) => {
      if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
      return r.json();
    }));
  }
  return cache.get(url);
}

// Split a query into the pieces handed to Pagefind. Chinese runs are matched longest-first against the
// site's vocabulary (synonym terms and item keywords: search/lookup/terms.json), the rest is split with
// Intl.Segmenter. Pagefind 1.5.2 indexes with jieba but its own browser-side split knows neither 低保
// nor 五保 (低/保 then matches every page with 低收入…保障), so the page does the split and keeps
// Pagefind from splitting again (see loadPagefind).
const CJK = /[\u3400-\u9fff]/u;
let segmenter = null;
export function segmentQuery(query, vocab = new Set(), maxLen = 12, joinSingles = false) {
  segmenter ||= new Intl.Segmenter("zh", { granularity: "word" });
  const out = [];
  let pending = "";
  const flush = () => {
    let run = "";
    for (const { segment, isWordLike } of segmenter.segment(pending)) {
      if (!isWordLike) continue;
      if (joinSingles && segment.length === 1 && CJK.test(segment)) {
        run += segment; // 危/房 -> 危房, 种/粮 -> 种粮: jieba, which built the index, keeps these together
        continue;
      }
      if (run) out.push(run);
      run = "";
      out.push(segment.toLowerCase());
    }
    if (run) out.push(run);
    pending = "";
  };
  for (const part of String(query || "").normalize("NFKC").split(/[\s\p{P}\p{S}]+/u)) {
    const chars = [...part];
    let i = 0;
    while (i < chars.length) {
      let hit = 0;
      if (CJK.test(chars[i])) {
        for (let n = Math.min(maxLen, chars.length - i); n >= 2; n--) {
          if (vocab.has(chars.slice(i, i + n).join(""))) { hit = n; break; }
        }
      }
      if (hit) {
        flush();
        out.push(chars.slice(i, i + hit).join(""));
        i += hit;
      } else {
        pending += chars[i++];
      }
    }
    flush();
  }
  return out;
}

// The vocabulary as a Set, with .groups: each synonym group's concept word -> its terms, 规范说法 first
// (catalogs/synonyms.yml; the build indexes the concept word on every page that has a term of the group:
// core/sources/synonyms.py), and .concepts: each colloquial term -> its group's concept word.
export async function loadVocabulary(lookupBase, fetchJson = defaultFetchJson) {
  let data = { terms: [], concepts: {} };
  try {
    data = await fetchJson(new URL("terms.json", lookupBase).href);
  } catch (err) {
    // no vocabulary: queries are split by Intl.Segmenter only
  }
  const vocab = new Set(data.terms);
  vocab.groups = new Map(Object.entries(data.concepts || {}));
  vocab.concepts = new Map([...vocab.groups].flatMap(([word, terms]) => terms.slice(1).map((t) => [t, word])));
  return vocab;
}

// The query with every colloquial synonym replaced by its group's concept word, longest match first (低保标准 ->
// "gk… 标准", 迁户口 -> "gk…"). One word, so one index chunk, stands for the term and for every piece jieba cut
// the 规范说法 into (最低/生活/保障), where the query as typed plus its 规范说法 would read one chunk for each.
// A 规范说法 itself is searched in its own words, which rank the documents by their own text (a page that
// only says 低保 holds 最低生活保障 in its hidden synonyms). Returns {query, typed: concept word -> the term as
// typed, terms: concept word -> every term of its group, for marking the body's own wording of it}.
export function conceptQuery(query, concepts, groups = new Map()) {
  const typed = new Map();
  const terms = new Map();
  const chars = [...String(query || "").normalize("NFKC")];
  if (!concepts || !concepts.size) return { query: chars.join(""), typed, terms };
  let out = "";
  for (let i = 0; i < chars.length;) {
    let hit = 0;
    for (let n = Math.min(12, chars.length - i); n >= 2; n--) {
      if (concepts.has(chars.slice(i, i + n).join(""))) { hit = n; break; }
    }
    if (hit) {
      const term = chars.slice(i, i + hit).join("");
      const word = concepts.get(term);
      if (!typed.has(word)) typed.set(word, term);
      out += ` ${word} `;
      i += hit;
    } else {
      out += chars[i++];
    }
  }
  for (const word of typed.keys()) terms.set(word, groups.get(word) || [typed.get(word)]);
  return { query: out, typed, terms };
}

// A concept word as the build writes it (core/sources/synonyms.py concept_word).
const CONCEPT_WORD = /^gk[a-z]{8}$/;

// The first screen of results on a phone: FIRST_ROWS rows (each row fetches its own fragment), and with
// search_split: year / quarter the newest bundle alone is searched when it gives that many. Keeps the first
// search at 20k items small (docs/search.md §6); 更多结果 loads the next page.
export const FIRST_ROWS = 5;

// Load Pagefind from the first bundle and merge the next `count - 1` (search_split: year / quarter -> one
// bundle per period, newest first; the page starts with the newest and merges older ones as needed, so a
// first search at 20k+ items stays small). Pagefind segments queries itself only when <html lang> is
// Chinese; the language is read once, when Pagefind starts, so it is set to "und" for that moment and
// restored at once (queries arrive segmented: segmentQuery).
export async function loadPagefind(bundleUrls, importer = (u) => import(u), count = bundleUrls.length) {
  const pagefind = await importer(new URL("pagefind.js", bundleUrls[0]).href);
  const html = typeof document !== "undefined" && document.documentElement;
  const lang = html ? html.getAttribute("lang") : null;
  if (html) html.setAttribute("lang", "und");
  try {
    // noWorker: search on the page's thread. Saves pagefind-worker.js (41 KB, 12 KB gzipped) on the first
    // search, and works under a strict Content-Security-Policy without worker-src blob:.
    await pagefind.options({ basePath: bundleUrls[0], excerptLength: EXCERPT_WORDS, noWorker: true });
    await pagefind.init();
  } finally {
    if (html && lang !== null) html.setAttribute("lang", lang);
  }
  loaded.set(pagefind, 1);
  await mergeBundles(pagefind, bundleUrls, count);
  return pagefind;
}

// Merge bundles until `count` are loaded; returns how many are loaded.
const loaded = new WeakMap(); // Pagefind module -> bundles loaded (a module namespace takes no properties)
export async function mergeBundles(pagefind, bundleUrls, count) {
  while (loaded.get(pagefind) < Math.min(count, bundleUrls.length)) {
    await pagefind.mergeIndex(bundleUrls[loaded.get(pagefind)], { language: "und" });
    loaded.set(pagefind, loaded.get(pagefind) + 1);
  }
  return loaded.get(pagefind);
}

// Facet counts need Pagefind's filter index (about 270 KB for one 20k-item bundle), so it is loaded
// after the first results are on screen, not before.
export async function loadFilters(pagefind) {
  await pagefind.filters();
}

// The precise reading keeps vocabulary words of up to SHORT_TERM characters whole: those are what
// Intl.Segmenter breaks into single characters (低保 -> 低/保, 五保 -> 五/保, 危改 -> 危/改). Longer words
// (最低生活保障, 家庭医生) are left to Intl.Segmenter, whose pieces jieba's index words start with;
// a longer word kept whole would miss pages where jieba split it (养老补贴 -> 养老 补贴). Runs of
// single characters Intl.Segmenter leaves (危/房, 补/办) are joined, as jieba would.
const SHORT_TERM = 3;
async function preciseReading(pagefind, q, vocab) {
  return segmentQuery(q, vocab, SHORT_TERM, true);
}

// Pagefind requires every word of the query; a long natural query (临时救助怎么申请) may then find
// almost nothing. With fewer than RELAX_BELOW results, pages matching most of the words follow:
// ranked by how many words they match, then by Pagefind's score.
const RELAX_BELOW = 5;
const BROAD_BELOW = 10;
async function relaxed(pagefind, words, options, seen) {
  words = [...new Set(words.filter((w) => w && (w.length > 1 || !CJK.test(w))))];
  if (words.length < 2) return [];
  const found = new Map();
  for (const w of words) {
    const r = await pagefind.search(w, options);
    for (const res of r ? r.results : []) {
      if (seen.has(res.id)) continue;
      const f = found.get(res.id) || { res, n: 0, score: 0 };
      f.n += 1;
      f.score += res.score;
      found.set(res.id, f);
    }
  }
  const need = Math.max(1, Math.ceil(words.length / 2));
  return [...found.values()].filter((f) => f.n >= need).sort((a, b) => b.n - a.n || b.score - a.score).map((f) => f.res);
}

// Run one search. Returns {exact: [lookup hits], results: [Pagefind results], exactUrls, total, filters}.
// sort: "relevance" | "date" (newest first). Two readings of the query go to Pagefind: the
// vocabulary split with every colloquial synonym as its concept word (precise: 低保 -> one word for 低保,
// 最低生活保障 and the rest of its group) and, when that finds less than a page, the plain Intl.Segmenter
// split (broad). By relevance the precise results come first, then the broad ones not already listed; by
// date only the precise reading is used when it finds anything, so loosely matching pages are not sorted
// to the top.
export async function runSearch(pagefind, query, { filters = {}, sort = "relevance", lookupBase, shards, siteBase, vocab } = {}) {
  const q = (query || "").trim();
  const options = { filters };
  if (sort === "date") options.sort = { date: "desc" };
  vocab = vocab || new Set();
  const concept = conceptQuery(q, vocab.concepts, vocab.groups);
  const precise = (await preciseReading(pagefind, concept.query, vocab)).join(" ");
  const broad = segmentQuery(q).join(" ");
  const [exact, first] = await Promise.all([
    q && lookupBase && shards ? lookup(q, lookupBase, shards) : Promise.resolve([]),
    pagefind.search(precise || null, options),
  ]);
  // The broad reading only when the precise one fills less than a page: each reading loads its own
  // index chunks, and the first search should stay small. Never for a query of concept words only: every page
  // with a term of the group has its concept word, so the broad reading could add only pages without it, which
  // classify() drops.
  const pieces = precise.split(" ").filter(Boolean);
  const onlyConcepts = pieces.length > 0 && pieces.every((w) => concept.typed.has(w));
  const second = !onlyConcepts && broad !== precise && (!first || first.results.length < BROAD_BELOW)
    ? await pagefind.search(broad || null, options) : null;
  let results = first ? first.results : [];
  let facets = first ? first.filters : {};
  if (second && (sort !== "date" || !results.length)) {
    const seen = new Set(results.map((r) => r.id));
    results = results.concat(second.results.filter((r) => !seen.has(r.id)));
    if (!first || !first.results.length) facets = second.filters;
  }
  if (results.length < RELAX_BELOW && sort !== "date") {
    const words = precise.split(" ").concat(broad.split(" "));
    results = results.concat(await relaxed(pagefind, words, options, new Set(results.map((r) => r.id))));
  }
  const exactUrls = new Set(exact.map((h) => new URL(h.url, siteBase).pathname));
  const words = queryWords(precise.split(" "));
  const m = await classify(pagefind, results, words, { filters });
  if (exactUrls.size) m.full = await withoutExact(m.full, exactUrls);
  const typed = (w) => concept.typed.get(w) ?? w; // what the page names: the term as typed, never a concept word
  return {
    exact, results: m.full.concat(m.partial), full: m.full.length, exactUrls, total: m.full.length + m.partial.length,
    filters: facets, pieces: precise.split(" ").map(typed), words: words.map(typed), found: m.found.map(typed),
    missing: m.missing.map(typed), marks: [...concept.terms.values()].flat(),
  };
}

// The full matches without the exact hits' own pages, which are listed above them and must not be counted
// again (找到 1 个文号…完全匹配的文件，另有 N 条). A page holding its own 文号 ranks near the top, so the first
// results are read until every exact page is found, at most FIRST_ROWS past them: the rows of the first page,
// whose fragments are fetched for it anyway.
const isExact = (data, exactUrls) => exactUrls.has(new URL(data.url, "http://x/").pathname); // a pinned page

async function withoutExact(full, exactUrls) {
  const found = new Set();
  const limit = Math.min(full.length, exactUrls.size + FIRST_ROWS);
  for (let i = 0; i < limit && found.size < exactUrls.size; i++) {
    const data = await full[i].data();
    if (isExact(data, exactUrls)) found.add(full[i].id);
  }
  return found.size ? full.filter((res) => !found.has(res.id)) : full;
}

// What counts as a match (docs/search.md, 4). Pagefind silently drops a query word no page contains and returns
// the pages that have the others, and the broad reading may match single characters (加密货币挖矿 -> 密 ->
// 28 budget reports). So every result is checked against the query's words: a full match contains every
// word (a synonym: any term of its group, catalogs/synonyms.yml), a partial match (部分匹配) some of them, and a page with
// none of them (a match of single characters only) is not a result. The words are the pieces of the precise
// reading of two or more characters (a concept word stands for its synonym group), except question words and
// particles (STOP_WORDS); a query of single characters only is its own words.
const STOP_WORDS = new Set(["怎么", "怎样", "怎么样", "如何", "什么", "哪里", "哪儿", "哪些", "哪个", "多少", "几时",
  "是否", "能否", "可否", "吗", "呢", "吧", "啊", "的", "了", "请问", "我想", "我要", "想问"]);

export function queryWords(pieces) {
  const content = [...new Set(pieces.filter((w) => w && !STOP_WORDS.has(w)))];
  const long = content.filter((w) => [...w].length >= 2);
  return long.length ? long : content;
}

// Whether a one-word search really found the word. Pagefind 1.5.2 does not answer "nothing" for a word that no
// page has: it searches a shorter start of it instead (比特币挖矿 -> 比, 区块 -> 区), so what Pagefind matched in
// one result is read back: a word it marked in the text, or the metadata field it matched (Pagefind 1.5
// also searches the title: matchedMetaFields), must contain one of `pieces`. Any result answers that (Pagefind
// searches the shorter start only when no page has the word), so the one read is the result listed first
// (`listed`: id -> position in the list): its fragment is fetched for the first screen anyway, where the word's
// own first result may be a page that is never shown, one fragment (about 3 KB) more on every first search.
async function matches(search, pieces, listed = new Map()) {
  if (!search || !search.results.length) return false;
  const at = (res) => listed.get(res.id) ?? Infinity;
  const first = search.results.reduce((best, res) => (at(res) < at(best) ? res : best));
  const data = await first.data();
  const norm = (text) => String(text ?? "").normalize("NFKC").toLowerCase();
  const wanted = pieces.map(norm).filter(Boolean);
  const has = (text) => wanted.some((p) => norm(text).includes(p));
  if ((first.matchedMetaFields || []).some((field) => has(data.meta && data.meta[field]))) return true;
  const { words } = contentWords(data);
  return (data.locations || []).some((l) => has(words[l]));
}

// A result's indexed text as Pagefind counts its words (locations index into this list): split at the zero-width
// spaces its Chinese segmentation leaves in raw_content, else at whitespace. raw_content has < and > escaped.
function contentWords(data) {
  const raw = data.raw_content ?? data.content ?? "";
  const zws = raw.includes("\u200B");
  return { words: zws ? raw.split("\u200B") : raw.split(/[\r\n\s]+/g), zws };
}

// {full, partial, found, missing}: the results in two lists (partial ones by how many words they contain, then
// in their order), and which query words occur on the site (within the filters) and which do not.
async function classify(pagefind, results, words, options) {
  if (!words.length) return { full: results, partial: [], found: [], missing: [] };
  const sets = [];
  const listed = new Map(results.map((res, i) => [res.id, i]));
  for (const w of words) {
    const ids = new Set();
    const r = await pagefind.search(w, options);
    if (await matches(r, [w], listed)) for (const res of r.results) ids.add(res.id);
    sets.push(ids);
  }
  const full = [];
  const partial = [];
  results.forEach((res, i) => {
    const n = sets.filter((ids) => ids.has(res.id)).length;
    if (n === words.length) full.push(res);
    else if (n > 0) partial.push({ res, n, i });
  });
  partial.sort((a, b) => b.n - a.n || a.i - b.i);
  return {
    full, partial: partial.map((p) => p.res),
    found: words.filter((w, k) => sets[k].size), missing: words.filter((w, k) => !sets[k].size),
  };
}

// Load result data from position `start` until `count` rows are collected, skipping pages already
// pinned as exact hits. Returns {rows: [Pagefind data objects], next: position to continue from}. Each row
// carries .partial (a 部分匹配: runSearch) and .bodyExcerpt (bodyExcerpt). `onRow(data, next)` is called as each
// row arrives: one fragment after another, so the page can show the first result without waiting for the rest
// (a phone's first screen holds one or two; each fragment is about 3 KB).
export async function loadRows(found, start, count, onRow = () => {}) {
  const rows = [];
  let i = start;
  const full = found.full ?? found.results.length;
  while (i < found.results.length && rows.length < count) {
    const partial = i >= full;
    const data = await found.results[i++].data();
    if (isExact(data, found.exactUrls)) continue;
    data.partial = partial;
    data.bodyExcerpt = bodyExcerpt(data, EXCERPT_WORDS, found.marks);
    rows.push(data);
    if (onRow(data, i) === false) break; // the page moved on to another search
  }
  return { rows, next: i };
}

// The excerpt of a result, from the item's body text only. An item page's indexed element
// (gongkai/partials/item_index.html) also holds its metadata (信息属性: 索引号, 文号, 发布机构 …) and the hidden
// synonyms (catalogs/synonyms.yml); both stay searchable, and Pagefind would take its excerpt from wherever the
// query words are densest, often the synonyms. The body is marked by two ids, #gk-text where it starts and
// #gk-search-terms where it ends; Pagefind reports the word position of every element with an id (`anchors`),
// so the excerpt is computed as Pagefind computes its own (the densest window of EXCERPT_WORDS words), over the
// body's words only, with only the body's hits marked. A record without the marks (a 办事一本通 PDF, whose text
// is all body) keeps Pagefind's excerpt, unless its text ends in concept words: then it is computed over the text
// before them. A synonym is searched by its concept word, which Pagefind finds only in the hidden element, so
// the body's own wordings of it (`marks`: 最低生活保障 for 低保) are found here and marked as hits too.
// Returns HTML: the page's text escaped, <mark> around hits.
export const EXCERPT_WORDS = 40;
const BODY_START = "gk-text";
const BODY_END = "gk-search-terms";

export function bodyExcerpt(data, length = EXCERPT_WORDS, marks = []) {
  const anchors = data.anchors || [];
  const start = anchors.find((a) => a.id === BODY_START);
  const { words, zws } = contentWords(data);
  const concepts = start ? -1 : words.findIndex((w) => CONCEPT_WORD.test(w.trim()));
  if (!start && concepts < 0) return data.excerpt || "";
  const end = start && anchors.find((a) => a.id === BODY_END && a.location >= start.location);
  const from = start ? start.location : 0;
  const to = Math.min(end ? end.location : start ? words.length : concepts, words.length);
  if (to <= from) return "";
  const weights = new Map();
  for (const l of data.weighted_locations || []) {
    if (l.location >= from && l.location < to) weights.set(l.location, (weights.get(l.location) || 0) + l.balanced_score);
  }
  for (const l of wordsSpelling(words, from, to, marks)) if (!weights.has(l)) weights.set(l, 1);
  // the densest window; of equally dense consecutive windows the middle one (as Pagefind)
  const span = Math.min(length, to - from);
  let sum = 0;
  for (let i = from; i < from + span; i++) sum += weights.get(i) || 0;
  let best = sum;
  let bestAt = [from];
  for (let i = from + 1; i + span <= to; i++) {
    sum += (weights.get(i + span - 1) || 0) - (weights.get(i - 1) || 0);
    if (sum > best) {
      best = sum;
      bestAt = [i];
    } else if (sum === best && bestAt[bestAt.length - 1] === i - 1) {
      bestAt.push(i);
    }
  }
  const at = best > 0 ? bestAt[Math.floor(bestAt.length / 2)] : from;
  const out = [];
  for (let i = at; i < at + span; i++) {
    const text = escapeHtml(words[i].replace(/&lt;/g, "<").replace(/&gt;/g, ">")); // raw_content escapes < > only
    out.push(weights.has(i) && text.trim() ? `<mark>${text}</mark>` : text);
  }
  return out.join(zws ? "" : " ").trim();
}

// The positions in words[from, to) of the words that spell any of `terms` (jieba may have cut a term into
// several words, or joined it with a neighbour: every word that overlaps an occurrence counts).
function wordsSpelling(words, from, to, terms) {
  terms = terms.filter(Boolean);
  if (!terms.length) return [];
  let text = "";
  const owner = []; // character offset -> word position
  for (let i = from; i < to; i++) {
    for (const _ of words[i]) owner.push(i);
    text += words[i];
  }
  const found = new Set();
  for (const term of terms) {
    const length = [...term].length;
    for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
      const first = [...text.slice(0, at)].length; // code points, as `owner` counts
      for (let k = first; k < first + length && k < owner.length; k++) found.add(owner[k]);
    }
  }
  return [...found];
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
