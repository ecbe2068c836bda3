/* Collection filters: narrow a list by the values of its items' data-* attributes.
 * Plain script (no build step, no network), works from file://. Without
 * JavaScript the form stays hidden and the full list plus static group pages
 * remain available.
 *
 * The address is the filter's state: choosing a value writes it into the
 * query string (?kind=law&language=rad, in place: no extra history entry), so
 * every filtered list has an address to share or bookmark, and the list is
 * drawn from the address on load, on Back/Forward (also from the back-forward
 * cache) and on popstate; what the browser restores in the form by itself is
 * never trusted. */
(function () {
  "use strict";

  function matches(item, field, wanted) {
    if (!wanted) return true;
    var values = (item.getAttribute("data-" + field) || "").split(" ");
    return values.indexOf(wanted) !== -1;
  }

  /* name → value of the query string (later duplicates win; undecodable parts skipped) */
  function readQuery(search) {
    var state = {};
    search.replace(/^\?/, "").split("&").forEach(function (part) {
      if (!part) return;
      var pair = part.split("=");
      try {
        state[decodeURIComponent(pair[0].replace(/\+/g, " "))] =
          decodeURIComponent((pair[1] || "").replace(/\+/g, " "));
      } catch (error) { /* a malformed escape: ignore that part */ }
    });
    return state;
  }

  /* the query string with ``names`` set from ``values`` (empty: removed); other parts kept */
  function writeQuery(search, names, values) {
    var kept = search.replace(/^\?/, "").split("&").filter(function (part) {
      if (!part) return false;
      var name;
      try { name = decodeURIComponent(part.split("=")[0].replace(/\+/g, " ")); } catch (error) { return true; }
      return names.indexOf(name) === -1;
    });
    names.forEach(function (name) {
      if (values[name]) kept.push(encodeURIComponent(name) + "=" + encodeURIComponent(values[name]));
    });
    return kept.length ? "?" + kept.join("&") : "";
  }

  function setup(form) {
    var list = document.getElementById(form.getAttribute("data-campaign-filter"));
    if (!list) return;
    var items = Array.prototype.slice.call(list.querySelectorAll(".campaign-card"));
    var status = form.querySelector("[role=status]");
    var groups = Array.prototype.slice.call(list.querySelectorAll("[data-group]"));
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var names = selects.map(function (select) { return select.name; });

    function apply() {
      var shown = 0;
      items.forEach(function (item) {
        var visible = true;
        for (var i = 0; i < selects.length; i++) {
          if (!matches(item, selects[i].name, selects[i].value)) { visible = false; break; }
        }
        item.hidden = !visible;
        if (visible) shown += 1;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector(".campaign-card:not([hidden])");
      });
      if (status) {
        status.textContent = shown === 0
          ? status.getAttribute("data-empty")
          : status.getAttribute("data-template").replace("{shown}", shown).replace("{total}", items.length);
      }
    }

    /* the form and the list as the address says (a value no option has counts as "all") */
    function fromAddress() {
      var state = readQuery(window.location.search);
      selects.forEach(function (select) {
        var wanted = state[select.name] || "";
        var known = Array.prototype.some.call(select.options, function (option) { return option.value === wanted; });
        select.value = known ? wanted : "";
      });
      apply();
    }

    /* the address as the form says, replacing the current history entry */
    function toAddress() {
      var values = {};
      selects.forEach(function (select) { values[select.name] = select.value; });
      var search = writeQuery(window.location.search, names, values);
      if (search === window.location.search) return;
      try {
        window.history.replaceState(window.history.state, "", window.location.pathname + search + window.location.hash);
      } catch (error) { /* a browser refusing it for file://: the list still filters */ }
    }

    function changed() { apply(); toAddress(); }

    form.addEventListener("change", changed);
    form.addEventListener("reset", function () { window.setTimeout(changed, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); changed(); });
    window.addEventListener("popstate", fromAddress);
    window.addEventListener("pageshow", function (event) { if (event.persisted) fromAddress(); });
    form.hidden = false;
    fromAddress();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-campaign-filter]"), setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
