/* 长者模式: toggles html.gk-elder and remembers the choice across pages (localStorage "gk-elder" = "1").
   The class itself is set before first paint by an inline script in <head> (partials/a11y_head.html).
   The button is hidden until this script runs, so it never shows without the JS that makes it work. */
(function () {
  var root = document.documentElement;
  function sync(button) {
    button.setAttribute("aria-pressed", root.classList.contains("gk-elder") ? "true" : "false");
  }
  function init() {
    var button = document.getElementById("gk-elder-toggle");
    if (!button) return;
    button.hidden = false;
    sync(button);
    button.addEventListener("click", function () {
      var on = root.classList.toggle("gk-elder");
      try { localStorage.setItem("gk-elder", on ? "1" : "0"); } catch (e) { /* private mode: this page only */ }
      sync(button);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
