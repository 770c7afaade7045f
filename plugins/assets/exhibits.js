// Exhibit Archive: make listing tables sortable by clicking a column heading.
// The marker <div class="xa-sortable"> precedes each sortable table in the page source.
(function () {
  function cellValue(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }
  function compare(a, b) {
    var x = Number(a.replace(/,/g, "")), y = Number(b.replace(/,/g, ""));
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) return x - y;
    return a.localeCompare(b, undefined, { sensitivity: "base" });
  }
  function makeSortable(table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head || !table.tBodies[0]) return;
    Array.prototype.forEach.call(head.cells, function (th, index) {
      th.setAttribute("data-xa-sort", "none");
      th.setAttribute("tabindex", "0");
      th.setAttribute("role", "button");
      function sort() {
        var order = th.getAttribute("data-xa-sort") === "asc" ? "desc" : "asc";
        Array.prototype.forEach.call(head.cells, function (other) { other.setAttribute("data-xa-sort", "none"); });
        th.setAttribute("data-xa-sort", order);
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var c = compare(cellValue(r1, index), cellValue(r2, index));
          return order === "asc" ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  }
  function init() {
    document.querySelectorAll(".xa-sortable").forEach(function (marker) {
      var node = marker.nextElementSibling;
      while (node && node.tagName !== "TABLE") {
        var inner = node.querySelector && node.querySelector("table");
        if (inner) { node = inner; break; }
        node = node.nextElementSibling;
      }
      if (node && !node.hasAttribute("data-xa-ready")) { node.setAttribute("data-xa-ready", ""); makeSortable(node); }
    });
  }
  if (typeof document$ !== "undefined") { document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();
