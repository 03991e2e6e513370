// The search page (gongkai/search.html): our own small UI over Pagefind's JS API, because the Default
// UI can neither pin exact 文号/索引号 hits above the ranked list nor offer a sort control. Native form
// controls only (input, select, checkboxes in fieldsets, buttons, links), so it works with a keyboard
// and screen readers; the status line is an aria-live region. ?q= (from the header form) and &sort=
// run a search on load; the address bar follows the query so a search can be bookmarked or shared.
import { FIRST_ROWS, loadFilters, loadPagefind, loadRows, loadVocabulary, mergeBundles, runSearch } from "./search-core.js";

const FACETS = ["领域", "层级", "发布机构", "年份", "体裁", "有效性"];
const PAGE = 10;

const root = document.getElementById("gk-search");
const form = document.getElementById("gk-sf");
const input = document.getElementById("gk-sq");
const sortSelect = document.getElementById("gk-sort");
const facetsBox = document.getElementById("gk-facets");
const status = document.getElementById("gk-status");
const exactList = document.getElementById("gk-exact");
const list = document.getElementById("gk-results");
const more = document.getElementById("gk-more");
const older = document.getElementById("gk-older");

const here = new URL(window.location.href);
const siteBase = new URL(root.dataset.site, here).href;
const bundles = JSON.parse(root.dataset.bundles).map((b) => new URL(b, here).href);
const bundleYears = JSON.parse(root.dataset.years || "[]"); // newest first when split by year
const lookupBase = new URL(root.dataset.lookup, here).href;
const shards = parseInt(root.dataset.lookupShards || "0", 10);

const selected = Object.fromEntries(FACETS.map((f) => [f, new Set()]));
let pagefindPromise = null;
let vocabPromise = null;
let bundlesLoaded = 0; // search_split: year starts with the newest year's bundle only
let filtersLoaded = false;
let current = null; // {found: runSearch's answer, shown: results consumed so far}
let searchId = 0;

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
    p.innerHTML = excerptHtml; // Pagefind escapes page text and adds only <mark>
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
  if (FACETS.some((f) => selected[f].size)) {
    const clear = el("button", { type: "button", class: "gk-facets__clear" }, "清除全部筛选");
    clear.addEventListener("click", () => {
      FACETS.forEach((f) => selected[f].clear());
      search();
    });
    facetsBox.append(clear);
  }
  facetsBox.hidden = !any;
}

async function showMore(focusFirst, count = PAGE) {
  const id = searchId;
  const { rows, next } = await loadRows(current.found, current.shown, count);
  if (id !== searchId) return;
  current.shown = next;
  const batch = rows.map((d) => row(d.url, d.meta.title, d.meta["发布机构"], d.meta["发布日期"], d.meta["文号"], d.excerpt));
  list.append(...batch);
  more.hidden = current.shown >= current.found.results.length;
  if (focusFirst && batch.length) batch[0].querySelector("a").focus();
}

async function search() {
  const id = ++searchId;
  const q = input.value.trim();
  const sort = sortSelect.value;
  const filters = filtersForSearch();
  const url = new URL(window.location.href);
  url.search = "";
  if (q) url.searchParams.set("q", q);
  if (sort !== "relevance") url.searchParams.set("sort", sort);
  history.replaceState(null, "", url);
  if (!q && !Object.keys(filters).length) {
    exactList.replaceChildren();
    exactList.hidden = true;
    list.replaceChildren();
    more.hidden = true;
    facetsBox.hidden = true;
    status.textContent = "";
    return;
  }
  status.textContent = "正在搜索……";
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
    // Too few hits in the newest year(s): merge the next older bundle and search again.
    while (r.results.length + r.exact.length < FIRST_ROWS && bundlesLoaded < bundles.length) {
      bundlesLoaded = await mergeBundles(pagefind, bundles, bundlesLoaded + 1);
      if (id !== searchId) return;
      r = await runSearch(pagefind, q, options);
    }
  } catch (err) {
    pagefindPromise = null;
    status.textContent = "搜索组件加载失败，请稍后重试，或按单位、领域、年份浏览。";
    return;
  }
  if (id !== searchId) return;
  current = { found: r, shown: 0 };
  exactList.replaceChildren(...r.exact.map((h) =>
    row(new URL(h.url, siteBase).href, h.title, h.org, h.date, h.docNo, "", h.key.startsWith("d:") ? "文号匹配" : "索引号匹配")));
  exactList.hidden = !r.exact.length;
  list.replaceChildren();
  const n = r.results.length;
  const label = q ? `“${q}”` : "所选条件";
  const partial = bundlesLoaded < bundles.length
    ? `（已检索 ${bundleYears[bundlesLoaded - 1]} 年以来的文件）` : "";
  status.textContent = (r.exact.length
    ? `找到 ${r.exact.length} 个文号或索引号完全匹配的文件，另有 ${n} 条${label}的相关结果`
    : n ? `找到 ${n} 条${label}的相关结果` : `没有找到${label}的相关结果。可以换一个说法，或去掉筛选条件。`) + partial;
  older.hidden = bundlesLoaded >= bundles.length;
  if (filtersLoaded) renderFacets(r.filters);
  await showMore(false, FIRST_ROWS);
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
  timer = setTimeout(search, 350);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  search();
});
sortSelect.addEventListener("change", search);
facetsBox.addEventListener("change", (event) => {
  const box = event.target;
  if (!box.dataset.facet) return;
  if (box.checked) selected[box.dataset.facet].add(box.value);
  else selected[box.dataset.facet].delete(box.value);
  const focusId = box.id;
  search().then(() => document.getElementById(focusId)?.focus());
});
more.addEventListener("click", () => showMore(true));

const params = new URLSearchParams(window.location.search);
input.value = params.get("q") || "";
if (params.get("sort") === "date") sortSelect.value = "date";
if (input.value) search();
