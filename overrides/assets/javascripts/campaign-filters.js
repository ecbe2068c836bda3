/* Collection filters: narrow a list by the values of its items' data-* attributes.
 * Plain script (no build step, no network), works from file://. Without
 * JavaScript the form stays hidden and the full list plus static group pages
 * remain available. */
(function () {
  "use strict";

  function matches(item, field, wanted) {
    if (!wanted) return true;
    var values = (item.getAttribute("data-" + field) || "").split(" ");
    return values.indexOf(wanted) !== -1;
  }

  function setup(form) {
    var list = document.getElementById(form.getAttribute("data-campaign-filter"));
    if (!list) return;
    var items = Array.prototype.slice.call(list.querySelectorAll(".campaign-card"));
    var status = form.querySelector("[role=status]");
    var groups = Array.prototype.slice.call(list.querySelectorAll("[data-group]"));

    function apply() {
      var selects = form.querySelectorAll("select");
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

    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.hidden = false;
    apply();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-campaign-filter]"), setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
