// Live preview only: reload this page once the next build has finished
// (a page that did not exist yet may exist by then).
(function () {
  "use strict";
  var script = document.currentScript;
  var seen = Number(script && script.dataset.build) || 0;
  function poll() {
    fetch("/.campaign-preview/builds?after=" + seen, { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (answer.builds > seen) {
          location.reload();
        } else {
          poll();
        }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  poll();
})();
