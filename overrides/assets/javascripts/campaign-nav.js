/* The navigation drawer (small screens) is Material's CSS checkbox toggle,
 * opened by clicking a <label> that the keyboard cannot reach. Here the label
 * is replaced by a real button (same look; Enter or Space toggles it,
 * aria-expanded tells the state) and Escape closes the drawer, putting the
 * focus back on the button. Without JavaScript the label still works by click. */
(function () {
  "use strict";

  function init() {
    var drawer = document.getElementById("__drawer");
    var label = document.querySelector("label.md-header__button[for='__drawer']");
    if (!drawer || !label) return;

    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className + " campaign-menu";
    button.innerHTML = label.innerHTML;
    button.setAttribute("aria-label", label.getAttribute("data-label") || "Menu");

    function sync() { button.setAttribute("aria-expanded", drawer.checked ? "true" : "false"); }

    sync();
    label.replaceWith(button);
    button.addEventListener("click", function () {
      drawer.checked = !drawer.checked;
      sync();
    });
    drawer.addEventListener("change", sync);  // the drawer's own close labels
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || event.defaultPrevented || !drawer.checked) return;
      drawer.checked = false;
      sync();
      button.focus();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
