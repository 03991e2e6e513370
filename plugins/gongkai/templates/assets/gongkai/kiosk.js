/* 政务公开专区 kiosk layer (docs/kiosk.md; loaded only by kiosk builds).
   - 返回: back through this session's pages; with no session history (after an idle reset) the parent page.
   - Idle reset: after `idle` seconds without input a countdown overlay (>= 20 s; touching it, or 继续浏览,
     keeps the session); at 0 everything the visitor did is cleared (localStorage incl. 长者模式 and 高对比度,
     sessionStorage, form fields, scroll; 语音阅读 stops) and the home page replaces the current one. The home page only starts counting
     after someone touches it, so an untouched home page is never reloaded.
   - No way out: buttons made from outbound links (core/site/kiosk.py) open a QR dialog; any other link to
     another origin, window.open, the context menu, drag and text-selection callouts are blocked. */
(function () {
  "use strict";
  var root = document.documentElement;
  var config = {};
  try { config = JSON.parse(document.getElementById("gk-kiosk-config").textContent); } catch (e) { /* defaults */ }
  var IDLE = Math.max(10, config.idle || 90) * 1000;
  var COUNTDOWN = Math.max(20, config.countdown || 20) * 1000;
  var home = new URL(config.home || "./", location.href).href;
  var TRAIL = "gk-k-trail";

  // ---- session trail for 返回 ------------------------------------------------------------------
  function readTrail() {
    try { return JSON.parse(sessionStorage.getItem(TRAIL) || "[]"); } catch (e) { return []; }
  }
  function writeTrail(trail) {
    try { sessionStorage.setItem(TRAIL, JSON.stringify(trail.slice(-50))); } catch (e) { /* ignore */ }
  }
  function recordVisit() {
    var here = location.pathname + location.search;
    var trail = readTrail();
    var entry = (performance.getEntriesByType && performance.getEntriesByType("navigation")[0]) || {};
    if (entry.type === "back_forward") {
      var i = trail.lastIndexOf(here);
      trail = i >= 0 ? trail.slice(0, i + 1) : [here];
    } else if (trail[trail.length - 1] !== here) {
      trail.push(here);
    }
    writeTrail(trail);
    return trail;
  }
  var trail = recordVisit();
  window.addEventListener("pageshow", function (event) { if (event.persisted) { trail = recordVisit(); syncBack(); } });

  function syncBack() {
    var back = document.querySelector("[data-gk-back]");
    if (back && back.tagName === "BUTTON") back.disabled = trail.length < 2;
  }
  document.addEventListener("click", function (event) {
    var back = event.target.closest("[data-gk-back]");
    if (!back) return;
    if (trail.length >= 2) {
      event.preventDefault();
      writeTrail(trail.slice(0, -1));
      history.back();
    }  // else: the link's href (the parent page), or nothing on the home page
  });

  // ---- print --------------------------------------------------------------------------------
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-gk-print]")) window.print();
  });

  // ---- QR dialog for links that leave the kiosk -------------------------------------------------
  var dialog = document.getElementById("gk-k-qr");
  function showQr(templateId, url) {
    if (!dialog) return;
    var code = dialog.querySelector(".gk-k-qr__code");
    var template = templateId && document.getElementById(templateId);
    code.replaceChildren();
    if (template) {
      code.append(template.content.cloneNode(true));
      url = template.dataset.url;
    }
    dialog.querySelector(".gk-k-qr__url").textContent = url || "";
    if (!dialog.open) dialog.showModal();
  }
  if (dialog) {
    dialog.querySelector(".gk-k-qr__close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });  // the backdrop
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-gk-qr]");
    if (button) { event.preventDefault(); showQr(button.getAttribute("data-gk-qr")); return; }
    var link = event.target.closest("a[href]");
    if (!link) return;
    var target;
    try { target = new URL(link.href, location.href); } catch (e) { event.preventDefault(); return; }
    if (target.origin !== location.origin) {  // built output has none; this catches links made by scripts
      event.preventDefault();
      showQr(null, target.protocol.indexOf("http") === 0 ? target.href : "");
    } else if (link.target) {
      link.removeAttribute("target");
    }
  }, true);
  window.open = function () { return null; };

  // ---- no long-press menus, drags or selection callouts (inputs keep theirs) ---------------------
  function editable(node) { return node && node.closest && node.closest("input, textarea, [contenteditable]"); }
  document.addEventListener("contextmenu", function (event) { if (!editable(event.target)) event.preventDefault(); });
  document.addEventListener("dragstart", function (event) { event.preventDefault(); });
  document.addEventListener("selectstart", function (event) { if (!editable(event.target)) event.preventDefault(); });

  // ---- idle reset -------------------------------------------------------------------------------
  var overlay = document.getElementById("gk-k-idle");
  var counter = document.getElementById("gk-k-idle-n");
  var stay = document.getElementById("gk-k-idle-stay");
  var armed = !config.is_home || trail.length > 1;  // an untouched home page is left alone
  var last = Date.now();
  var deadline = 0;

  function activity() {
    if (deadline) return;  // while the overlay shows, only touching it (or 继续浏览) counts
    last = Date.now();
    armed = true;
  }
  // Input from a person only: a finger or mouse dragging the page starts with pointerdown/touchstart, a wheel
  // or key scroll with wheel/keydown. `scroll` itself also fires for the page's own scrolling (focus, scroll
  // anchoring after 长者模式 enlarges the text), which must not keep an abandoned session alive.
  ["pointerdown", "touchstart", "keydown", "wheel", "input"].forEach(function (type) {
    window.addEventListener(type, activity, { capture: true, passive: true });
  });
  function dismiss() {
    deadline = 0;
    overlay.hidden = true;
    last = Date.now();
  }
  if (overlay) {
    overlay.addEventListener("pointerdown", function (event) { if (event.target === overlay) { event.preventDefault(); dismiss(); } });
    stay.addEventListener("click", dismiss);
  }

  function reset() {
    try { localStorage.clear(); } catch (e) { /* ignore */ }  // the 无障碍工具条's modes and anything else
    try { sessionStorage.clear(); } catch (e) { /* ignore */ }
    if (window.gkA11yReset) window.gkA11yReset();  // 长者模式, 高对比度 off, 语音阅读 stopped (a11y-tools.js)
    root.classList.remove("gk-elder", "gk-contrast", "gk-cursor");  // even if that script failed to load
    document.querySelectorAll("input, textarea, select").forEach(function (field) {
      if (field.type === "checkbox" || field.type === "radio") field.checked = false;
      else if (field.tagName === "SELECT") field.selectedIndex = 0;
      else if (field.type !== "hidden") field.value = "";
    });
    if (dialog && dialog.open) dialog.close();
    window.scrollTo(0, 0);
    location.replace(home);
  }

  function tick() {
    var now = Date.now();
    if (deadline) {
      var left = Math.ceil((deadline - now) / 1000);
      if (left <= 0) { deadline = 0; reset(); return; }
      counter.textContent = String(left);
    } else if (armed && overlay && now - last >= IDLE) {
      deadline = now + COUNTDOWN;
      counter.textContent = String(Math.round(COUNTDOWN / 1000));
      overlay.hidden = false;
      stay.focus();
    }
  }
  setInterval(tick, 1000);

  function init() { syncBack(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
