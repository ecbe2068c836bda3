/* Quick exit: hide the page at once and leave it without a history entry.
 * Triggered by the exit links or by pressing Shift three times within 5 s
 * (GOV.UK's "Exit this page" pattern). The links lead to the configured
 * neutral website, which is where the exit goes on the web (and without
 * JavaScript). From file:// (USB copies) it opens about:blank instead: no
 * folder path in the address bar, nothing to load, works offline. */
(function () {
  "use strict";

  var WINDOW_MS = 5000;
  var shiftTimes = [];

  function destination(link) {
    return window.location.protocol === "file:" ? "about:blank" : link.href;
  }

  function exit(link) {
    var overlay = document.createElement("div");
    overlay.className = "campaign-exit-overlay";
    overlay.setAttribute("role", "alert");
    overlay.textContent = link.getAttribute("data-exiting") || "";
    var language = link.closest("[lang]");  // the message's language (WCAG 3.1.2)
    if (language) overlay.lang = language.lang;
    document.body.appendChild(overlay);
    document.documentElement.classList.add("campaign-exiting");
    document.title = "";
    window.location.replace(destination(link));
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-campaign-exit]");
    if (!link || event.defaultPrevented || event.button !== 0) return;
    event.preventDefault();
    exit(link);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") { shiftTimes = []; return; }
    if (event.repeat) return;
    var now = Date.now();
    shiftTimes = shiftTimes.filter(function (t) { return now - t < WINDOW_MS; });
    shiftTimes.push(now);
    if (shiftTimes.length >= 3) {
      var link = document.querySelector("a[data-campaign-exit]");
      if (link) exit(link);
    }
  });
})();
