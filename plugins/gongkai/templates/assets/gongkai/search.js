// The search page (gongkai/search.html): our own small UI over Pagefind's JS API, because the Default
// UI can neither pin exact 文号/索引号 hits above the ranked list nor offer a sort control. Native form
// controls only (input, select, checkboxes in fieldsets, buttons, links), so it works with a keyboard
// and screen readers; the status line is an aria-live region. The whole state is in the address:
// ?q= (also sent by the header form), &sort=date, &page= (pages of results shown) and one parameter per
// selected facet value (&领域=社会救助&年份=2024), so a reload or a shared link shows the same results. Every
// new search is a history entry (back and forward restore it; not on a kiosk, whose 返回 goes back a page); typing
// and "显示更多" replace the current one.
import {
  FIRST_ROWS, loadFilters, loadPagefind, loadRows, loadVocabulary, lookup, mergeBundles, runSearch,
} from "./search-core.js";

const FACETS = ["领域", "层级", "发布机构", "年份", "体裁", "有效性"];
const PAGE = 10;
const AUTO_BUNDLES = 3; // with search_split, the bundles a search merges by itself: the newest and two older

const root = document.getElementById("gk-search");
const form = document.getElementById("gk-sf");
const input = document.getElementById("gk-sq");
const sortSelect = document.getElementById("gk-sort");
const panel = document.getElementById("gk-sr");
const toggle = document.getElementById("gk-facets-toggle");
const facetsBox = document.getElementById("gk-facets");
const status = document.getElementById("gk-status");
const help = document.getElementById("gk-help");
const helpFilters = document.getElementById("gk-help-filters");
const exactList = document.getElementById("gk-exact");
const list = document.getElementById("gk-results");
const partialHead = document.getElementById("gk-partial-h");
const partialNote = document.getElementById("gk-partial-note");
const partialList = document.getElementById("gk-partial");
const more = document.getElementById("gk-more");
const older = document.getElementById("gk-older");

const here = new URL(window.location.href);
const siteBase = new URL(root.dataset.site, here).href;
const bundles = JSON.parse(root.dataset.bundles).map((b) => new URL(b, here).href);
const bundlePeriods = JSON.parse(root.dataset.periods || "[]"); // "2025 年" or "2025 年第四季度", newest first
const lookupBase = new URL(root.dataset.lookup, here).href;
const shards = parseInt(root.dataset.lookupShards || "0", 10);

const selected = Object.fromEntries(FACETS.map((f) => [f, new Set()]));
let pagefindPromise = null;
let vocabPromise = null;
let bundlesLoaded = 0; // search_split: year / quarter starts with the newest period's bundle only
let filtersLoaded = false;
let current = null; // {id: its search, found: runSearch's answer, shown: results consumed so far, pages: pages shown}
let searchId = 0;
let exactShownFor = 0; // the search whose exact 文号/索引号 hits are listed ahead of its other results

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function metaLine(org, date, docNo) {
  const p = el("p", { class: "gk-result__meta" });
  if (org) p.append(el("span", {}, `发布机构：${org}`));
  if (date) {
    const span = el("span", {}, "发布日期：");
    span.append(el("time", { datetime: date }, date));
    p.append(span);
  }
  if (docNo) p.append(el("span", {}, `文号：${docNo}`));
  return p;
}

function row(url, title, org, date, docNo, excerptHtml, badge) {
  const li = el("li", { class: "gk-result" + (badge ? " gk-result--exact" : "") });
  const h = el("h2", { class: "gk-result__title" });
  if (badge) h.append(el("span", { class: "gk-result__badge" }, badge));
  h.append(el("a", { href: url }, title));
  li.append(h, metaLine(org, date, docNo));
  if (excerptHtml) {
    const p = el("p", { class: "gk-result__excerpt" });
    p.innerHTML = excerptHtml; // search-core.js bodyExcerpt escapes the page text and adds only <mark>
    li.append(p);
  }
  return li;
}

function filtersForSearch() {
  const out = {};
  for (const f of FACETS) {
    if (selected[f].size) out[f] = { any: [...selected[f]] };
  }
  return out;
}

function activeFilters() {
  return FACETS.reduce((n, f) => n + selected[f].size, 0);
}

// --- the address ----------------------------------------------------------------------------------

function stateUrl(pages) {
  const url = new URL(window.location.href);
  url.search = "";
  const q = input.value.trim();
  if (q) url.searchParams.set("q", q);
  if (sortSelect.value !== "relevance") url.searchParams.set("sort", sortSelect.value);
  for (const f of FACETS) for (const v of [...selected[f]].sort()) url.searchParams.append(f, v);
  if (pages > 1) url.searchParams.set("page", String(pages));
  return url;
}

// A kiosk's 返回 button (kiosk.js) walks back through pages, so there every step replaces the entry.
const KIOSK = document.documentElement.classList.contains("gk-kiosk");

function record(push, pages = 1) {
  const url = stateUrl(pages);
  if (url.href === window.location.href) return;
  if (push && !KIOSK) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
}

// Read the address into the form and the selected facets; returns the pages of results to show.
function restore() {
  const params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  sortSelect.value = params.get("sort") === "date" ? "date" : "relevance";
  for (const f of FACETS) {
    selected[f].clear();
    for (const v of params.getAll(f)) if (v) selected[f].add(v);
  }
  const pages = parseInt(params.get("page") || "1", 10);
  return Number.isFinite(pages) && pages > 1 ? Math.min(pages, 100) : 1;
}

// --- facets ---------------------------------------------------------------------------------------

function updateToggle() {
  const n = activeFilters();
  toggle.textContent = n ? `筛选（${n}）` : "筛选";
  toggle.hidden = facetsBox.hidden && !n;
}

toggle.addEventListener("click", () => {
  const open = toggle.getAttribute("aria-expanded") !== "true";
  toggle.setAttribute("aria-expanded", String(open));
  panel.classList.toggle("gk-sr--open", open);
});

function renderFacets(counts) {
  facetsBox.replaceChildren();
  let any = false;
  for (const f of FACETS) {
    const values = { ...(counts[f] || {}) };
    for (const v of selected[f]) if (!(v in values)) values[v] = 0;
    const names = Object.keys(values).filter((v) => values[v] > 0 || selected[f].has(v));
    if (!names.length) continue;
    names.sort(f === "年份" ? (a, b) => b.localeCompare(a) : (a, b) => values[b] - values[a] || a.localeCompare(b, "zh"));
    any = true;
    const fs = el("fieldset", { class: "gk-facet" });
    fs.append(el("legend", {}, f));
    const ul = el("ul", { class: "gk-facet__list" });
    names.forEach((v) => {
      const id = `gk-f-${FACETS.indexOf(f)}-${v.replace(/\s+/g, "_")}`; // stable across re-renders (keeps focus)
      const li = el("li");
      const box = el("input", { type: "checkbox", id, value: v, "data-facet": f });
      box.checked = selected[f].has(v);
      const label = el("label", { for: id }, v);
      label.append(el("span", { class: "gk-facet__count" }, `（${values[v]}）`));
      li.append(box, label);
      ul.append(li);
    });
    fs.append(ul);
    facetsBox.append(fs);
  }
  if (activeFilters()) {
    const clear = el("button", { type: "button", class: "gk-facets__clear" }, "清除全部筛选");
    clear.addEventListener("click", () => {
      FACETS.forEach((f) => selected[f].clear());
      record(true);
      search().then(() => input.focus());
    });
    facetsBox.append(clear);
  }
  facetsBox.hidden = !any;
  updateToggle();
}

// --- results --------------------------------------------------------------------------------------

function showExact(hits) {
  exactList.replaceChildren(...hits.map((h) =>
    row(new URL(h.url, siteBase).href, h.title, h.org, h.date, h.docNo, "", h.key.startsWith("d:") ? "文号匹配" : "索引号匹配")));
  exactList.hidden = !hits.length;
}

// Each row is shown as soon as its fragment arrives, not when the whole page of rows has: on a slow phone
// connection the first result appears after one fragment instead of FIRST_ROWS. 更多结果 stays hidden until the
// page of rows is complete.
async function showMore(count, focusFirst) {
  const id = searchId;
  let first = true;
  more.hidden = true;
  list.setAttribute("aria-busy", "true"); // until the page of rows is complete
  const { next } = await loadRows(current.found, current.shown, count, (d, next) => {
    if (id !== searchId) return false;
    current.shown = next;
    const li = row(d.url, d.meta.title, d.meta["发布机构"], d.meta["发布日期"], d.meta["文号"], d.bodyExcerpt);
    (d.partial ? partialList : list).append(li);
    partialHead.hidden = partialNote.hidden = partialList.hidden = !partialList.children.length;
    list.hidden = !list.children.length;
    if (focusFirst && first) li.querySelector("a").focus();
    first = false;
  });
  if (id !== searchId) return;
  current.shown = next; // past exact hits skipped after the last row too
  more.hidden = current.shown >= current.found.results.length;
  list.removeAttribute("aria-busy");
}

function clearResults(keepExact = false) {
  if (!keepExact) {
    exactList.replaceChildren();
    exactList.hidden = true;
  }
  list.replaceChildren();
  list.removeAttribute("aria-busy");
  partialList.replaceChildren();
  partialHead.hidden = partialNote.hidden = partialList.hidden = true;
  help.hidden = true;
  more.hidden = true;
}

const quote = (words) => words.map((w) => `“${w}”`).join("");

// What the status line says (docs/search.md, 4): full matches are "相关结果"; with none (and no exact 文号 hit)
// it says 没有找到, and pages holding only some of the query's words follow under 部分匹配.
function describe(r, q) {
  const label = q ? `“${q}”` : "所选条件";
  const n = r.full;
  const partial = r.results.length - r.full;
  let text;
  if (r.exact.length) {
    text = `找到 ${r.exact.length} 个文号或索引号完全匹配的文件` + (n ? `，另有 ${n} 条${label}的相关结果` : "");
  } else if (n) {
    text = `找到 ${n} 条${label}的相关结果`;
  } else {
    text = q ? `没有找到与“${q}”相关的信息。` : "没有找到符合所选条件的信息。";
  }
  if (partial && (n || r.exact.length)) text += `，另有 ${partial} 条部分匹配`;
  const split = bundlesLoaded < bundles.length ? `（已检索 ${bundlePeriods[bundlesLoaded - 1]}以来的文件）` : "";
  status.textContent = text + split;
  help.hidden = Boolean(n || r.exact.length);
  helpFilters.hidden = !activeFilters();
  let note = `以下 ${partial} 条只含有查询中的部分词语`;
  if (r.missing && r.missing.length) note += `；${quote(r.missing)}在${activeFilters() ? "所选范围内" : "本站"}没有找到`;
  partialNote.textContent = note + "。";
}

async function search(pages = 1) {
  const id = ++searchId;
  const q = input.value.trim();
  const sort = sortSelect.value;
  const filters = filtersForSearch();
  updateToggle();
  if (!q && !Object.keys(filters).length) {
    clearResults();
    facetsBox.hidden = true;
    updateToggle();
    status.textContent = "";
    return;
  }
  status.textContent = "正在搜索……";
  // A 文号 or 索引号 is answered by the lookup table alone (one small JSON file): its document is listed as soon as
  // that arrives, while Pagefind (about 100 KB before any result) is still loading. runSearch asks the same
  // lookup again; the file comes from the same cache.
  if (q && shards) {
    lookup(q, lookupBase, shards).then((hits) => {
      if (id !== searchId || current?.id === id || !hits.length) return;
      clearResults();
      showExact(hits);
      exactShownFor = id;
      status.textContent = `找到 ${hits.length} 个文号或索引号完全匹配的文件，正在检索其他相关结果……`;
    }, () => {});
  }
  let r, pagefind;
  const options = { filters, sort, lookupBase, shards, siteBase };
  try {
    let vocab;
    [pagefind, vocab] = await Promise.all([pagefindPromise ||= loadPagefind(bundles, undefined, 1),
      vocabPromise ||= loadVocabulary(lookupBase)]);
    options.vocab = vocab;
    bundlesLoaded = Math.max(bundlesLoaded, 1);
    if (selected["年份"].size) bundlesLoaded = await mergeBundles(pagefind, bundles, bundles.length);
    r = await runSearch(pagefind, q, options);
    // Too few hits in the newest period(s): merge the next older bundle and search again, up to AUTO_BUNDLES
    // bundles. Each costs its page list (20 KB by year at 20k items) and at least one index chunk per word (25-40
    // KB): a word on no page merged all of them, 2.3 MB by year and 5.4 MB by quarter at 20k, for 没有找到. Older
    // bundles are merged on request (在更早的文件中继续检索, or a 年份 facet); the status line says how far back
    // the search went.
    // Not at all after an exact 文号 / 索引号 hit: that is the answer.
    while (!r.exact.length && r.full < FIRST_ROWS && bundlesLoaded < Math.min(bundles.length, AUTO_BUNDLES)) {
      bundlesLoaded = await mergeBundles(pagefind, bundles, bundlesLoaded + 1);
      if (id !== searchId) return;
      r = await runSearch(pagefind, q, options);
    }
  } catch (err) {
    pagefindPromise = null;
    if (id !== searchId) return;
    status.textContent = exactShownFor === id
      ? "以上是文号或索引号完全匹配的文件；其他结果的搜索组件加载失败，请稍后重试。"
      : "搜索组件加载失败，请稍后重试，或按单位、领域、年份浏览。";
    return;
  }
  if (id !== searchId) return;
  current = { id, found: r, shown: 0, pages };
  const early = exactShownFor === id; // already listed (and maybe focused): left as it is
  clearResults(early);
  if (!early) showExact(r.exact);
  describe(r, q);
  older.hidden = bundlesLoaded >= bundles.length;
  // with nothing found, 在更早的文件中继续检索 is the first thing to try: right under the status line, above the
  // suggestions (which end with 依申请公开, for what the site does not hold at all); else below the results
  if (!help.hidden) help.before(older);
  else more.after(older);
  if (filtersLoaded) renderFacets(r.filters);
  await showMore(FIRST_ROWS + PAGE * (pages - 1), false); // first screen, then pages of PAGE
  if (!filtersLoaded) { // facet counts after the first results are on screen (keeps the first search small)
    await loadFilters(pagefind);
    filtersLoaded = true;
    const again = await runSearch(pagefind, q, options);
    if (id === searchId) renderFacets(again.filters);
  }
}

older.addEventListener("click", async () => {
  const pagefind = await pagefindPromise;
  bundlesLoaded = await mergeBundles(pagefind, bundles, bundles.length);
  filtersLoaded = false; // the merged bundles' filter indexes are loaded with the next search
  await search();
  status.focus?.();
});

let timer = null;
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => {
    record(false);
    search();
  }, 350);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  record(true);
  search();
});
sortSelect.addEventListener("change", () => {
  record(true);
  search();
});
facetsBox.addEventListener("change", (event) => {
  const box = event.target;
  if (!box.dataset.facet) return;
  if (box.checked) selected[box.dataset.facet].add(box.value);
  else selected[box.dataset.facet].delete(box.value);
  const focusId = box.id;
  record(true);
  search().then(() => document.getElementById(focusId)?.focus());
});
more.addEventListener("click", async () => {
  current.pages += 1;
  record(false, current.pages);
  await showMore(PAGE, true);
});
window.addEventListener("popstate", () => {
  const pages = restore();
  search(pages);
});

const startPages = restore();
if (input.value || activeFilters()) search(startPages);
