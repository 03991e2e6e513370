// Sort any table marked data-sortable by a header click, and filter the findings by severity, unit, rule and
// text. Plain DOM, no libraries: the dashboard is opened from disk (file://) or an intranet share.
(function () {
  function key(cell) {
    var v = cell.getAttribute("data-sort");
    if (v === null) v = cell.textContent.trim();
    var n = Number(v);
    return v !== "" && !isNaN(n) ? n : v;
  }
  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]);
          var c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "zh-CN");
          return ascending ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  var form = document.getElementById("filters");
  if (!form) return;
  var rows = document.querySelectorAll("#finding-table tbody tr");
  var shown = document.getElementById("shown");
  function apply() {
    var severity = form.severity.value, unit = form.unit.value, rule = form.rule.value;
    var text = form.text.value.trim();
    var n = 0;
    rows.forEach(function (row) {
      var ok = (!severity || row.getAttribute("data-severity") === severity) &&
        (!unit || row.getAttribute("data-unit") === unit) &&
        (!rule || row.getAttribute("data-rule") === rule) &&
        (!text || row.textContent.indexOf(text) >= 0);
      row.hidden = !ok;
      if (ok) n += 1;
    });
    shown.textContent = "显示 " + n + " 项，共 " + rows.length + " 项";
    var query = new URLSearchParams();
    ["severity", "unit", "rule", "text"].forEach(function (k) { if (form[k].value) query.set(k, form[k].value); });
    try { history.replaceState(null, "", query.toString() ? "#" + query.toString() : location.pathname); } catch (e) { /* file:// in some browsers */ }
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  var initial = new URLSearchParams(location.hash.slice(1));
  ["severity", "unit", "rule", "text"].forEach(function (k) { if (initial.get(k)) form[k].value = initial.get(k); });
  if (location.hash) apply();
})();
