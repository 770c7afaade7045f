// Exhibit Archive: the search page (plugin option `search: pagefind`).
//
// A small interface on Pagefind's JavaScript API, loaded from the bundle the build wrote
// next to the site (no other site is contacted). It fetches what a query needs and no
// more: the library and the index chunks of the words typed, the excerpts of the results
// shown; the filter data only once the visitor opens the filters.
//
// <div id="xa-search" data-bundle="../pagefind/" data-root="../" data-parts='["../pagefind-1/"]'>
(function () {
  var PAGE = 5;  // results shown at a time: each costs its excerpt's download

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text) node.textContent = text;
    return node;
  }

  function start() {
    var box = document.getElementById("xa-search");
    if (!box || box.hasAttribute("data-xa-ready")) return;
    box.setAttribute("data-xa-ready", "");
    var bundle = box.getAttribute("data-bundle") || "/pagefind/";
    var root = new URL(box.getAttribute("data-root") || "/", window.location.href).pathname;
    var parts = JSON.parse(box.getAttribute("data-parts") || "[]");

    var form = el("form", { role: "search", class: "xa-search-form" });
    var input = el("input", { type: "search", class: "xa-search-input", "aria-label": "Search the opinions",
                              placeholder: "Search the opinions", autocomplete: "off" });
    form.appendChild(input);
    var filtersBox = el("details", { class: "xa-search-filters" });
    filtersBox.appendChild(el("summary", {}, "Filters: form type, year, issuer state, law firm, governing law"));
    var filterList = el("div", { class: "xa-search-filter-list" });
    filtersBox.appendChild(filterList);
    var status = el("p", { class: "xa-search-status", role: "status", "aria-live": "polite" });
    var list = el("ol", { class: "xa-search-results" });
    var more = el("button", { type: "button", class: "md-button xa-search-more", hidden: "" }, "More results");
    [form, filtersBox, status, list, more].forEach(function (node) { box.appendChild(node); });

    var pagefind = null, loading = null, results = [], shown = 0, chosen = {}, timer = null, run = 0;

    function load() {
      if (!loading) {
        loading = import(new URL(bundle + "pagefind.js", window.location.href).href).then(function (module) {
          pagefind = module;
          // No web worker: its script is one more download, and a search of the
          // archive's index chunks takes milliseconds on the page itself.
          return pagefind.options({ baseUrl: root, excerptLength: 30, noWorker: true });
        }).then(function () {
          return Promise.all(parts.map(function (part) {
            return pagefind.mergeIndex(new URL(part, window.location.href).href, { baseUrl: root });
          }));
        }).then(function () { return pagefind.init(); });
      }
      return loading;
    }

    function selected() {
      var out = {};
      Object.keys(chosen).forEach(function (name) {
        var values = Object.keys(chosen[name]).filter(function (v) { return chosen[name][v]; });
        if (values.length) out[name] = { any: values };
      });
      return out;
    }

    function search() {
      var term = input.value.trim(), filters = selected(), mine = ++run;
      if (!term && !Object.keys(filters).length) {
        results = []; list.textContent = ""; status.textContent = ""; more.hidden = true;
        return Promise.resolve();
      }
      return load().then(function () {
        return pagefind.search(term || null, { filters: filters });
      }).then(function (found) {
        if (mine !== run || !found) return;
        results = found.results; shown = 0; list.textContent = "";
        status.textContent = results.length + (results.length === 1 ? " opinion" : " opinions");
        return show();
      });
    }

    function show() {
      var batch = results.slice(shown, shown + PAGE);
      shown += batch.length;
      more.hidden = shown >= results.length;
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
        pages.forEach(function (page) {
          var item = el("li", { class: "xa-search-result" });
          var link = el("a", { href: page.url }, (page.meta && page.meta.title) || page.url);
          var excerpt = el("p", { class: "xa-search-excerpt" });
          excerpt.innerHTML = page.excerpt;  // Pagefind's own: indexed text, escaped, <mark>ed
          item.appendChild(link);
          item.appendChild(excerpt);
          list.appendChild(item);
        });
      });
    }

    function showFilters() {
      if (filterList.hasAttribute("data-loaded")) return;
      filterList.setAttribute("data-loaded", "");
      load().then(function () { return pagefind.filters(); }).then(function (filters) {
        Object.keys(filters).sort().forEach(function (name) {
          var group = el("fieldset", { class: "xa-search-filter" });
          group.appendChild(el("legend", {}, name));
          var values = filters[name];
          Object.keys(values).sort().forEach(function (value) {
            var label = el("label", {});
            var box = el("input", { type: "checkbox", value: value });
            box.addEventListener("change", function () {
              chosen[name] = chosen[name] || {};
              chosen[name][value] = box.checked;
              search();
            });
            label.appendChild(box);
            label.appendChild(document.createTextNode(" " + value + " (" + values[value] + ")"));
            group.appendChild(label);
          });
          filterList.appendChild(group);
        });
      });
    }

    form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); search(); });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 300); });
    input.addEventListener("focus", function () { load(); }, { once: true });
    filtersBox.addEventListener("toggle", function () { if (filtersBox.open) showFilters(); });
    more.addEventListener("click", function () { show(); });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) { input.value = query; search(); }
  }

  if (typeof document$ !== "undefined") { document$.subscribe(start); } else { document.addEventListener("DOMContentLoaded", start); }
})();
