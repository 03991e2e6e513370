// Site search: Pagefind's default UI, loaded from this site only. A ?q= parameter (from the header form)
// runs the search at once, so the plain HTML form in the toolbar works as the entry point.
(function () {
  var script = document.currentScript;
  var bundlePath = script.getAttribute("data-bundle");
  function start() {
    if (typeof PagefindUI === "undefined") {
      document.getElementById("gk-search").textContent = "搜索组件加载失败，请稍后重试，或按单位、领域浏览。";
      return;
    }
    var ui = new PagefindUI({
      element: "#gk-search",
      bundlePath: bundlePath,
      showSubResults: false,
      showImages: false,
      resetStyles: false,
      pageSize: 10,
      translations: { placeholder: "输入标题、文号、索引号或关键词" }
    });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) {
      ui.triggerSearch(q);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
