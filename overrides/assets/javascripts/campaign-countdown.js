/* Action Month countdown: "in N days", "day N of 31", "ended N days ago",
 * computed here from the reader's own clock and calendar day, never at build
 * time, so a copy on a USB stick stays true. Plain script (no build step, no
 * network), works from file://. Without JavaScript the paragraph keeps its
 * plain sentence with the campaign's dates. The sentences are the page's own
 * labels (data-before, data-running, data-after). */
(function () {
  "use strict";

  var DAY = 86400000;

  // A calendar day as a number of days, independent of time zones and DST.
  function dayNumber(year, month, day) {
    return Math.round(Date.UTC(year, month - 1, day) / DAY);
  }

  function parse(iso) {
    var parts = iso.split("-");
    return dayNumber(+parts[0], +parts[1], +parts[2]);
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function update(element) {
    var now = new Date();
    var today = dayNumber(now.getFullYear(), now.getMonth() + 1, now.getDate());
    var start = parse(element.getAttribute("data-start"));
    var end = parse(element.getAttribute("data-end"));
    var text;
    if (today < start) {
      text = fill(element.getAttribute("data-before"), {days: start - today});
    } else if (today <= end) {
      text = fill(element.getAttribute("data-running"),
                  {day: today - start + 1, total: end - start + 1, left: end - today});
    } else {
      text = fill(element.getAttribute("data-after"),
                  {year: element.getAttribute("data-year"), days: today - end});
    }
    element.textContent = text;
    element.setAttribute("data-phase", today < start ? "before" : today <= end ? "running" : "after");
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-campaign-countdown]"), update);
})();
