/* Accessibility fixes for markup Material creates at run time: its table
 * scroll wrappers become keyboard-focusable regions named by the caption. */
(function () {
  "use strict";

  function labelScrollableTables() {
    var wrappers = document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])");
    Array.prototype.forEach.call(wrappers, function (wrapper) {
      var caption = wrapper.querySelector("caption");
      wrapper.tabIndex = 0;
      wrapper.setAttribute("role", "region");
      wrapper.setAttribute("aria-label", caption ? caption.textContent : document.title);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { window.setTimeout(labelScrollableTables, 0); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", labelScrollableTables);
  } else {
    labelScrollableTables();
  }
})();
