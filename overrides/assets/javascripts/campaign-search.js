/* Site search: works from file:// and folds Vietnamese diacritics.
 *
 * The header button (or "/" or "s" outside a text field) opens a modal
 * dialog. The first time, the language's index (search/index.<lang>.js,
 * assigning window.__campaignSearch) is added as a <script> element: fetch
 * does not work from file://, and the first view of a page never downloads
 * the index. Folded forms are computed once, right after loading.
 *
 * Folding (twin of campaign_site/search/fold.py): NFC, lowercase, NFD, drop
 * combining marks U+0300–U+036F, đ→d, drop apostrophes (' ’ ʼ ‘ `), collapse
 * whitespace. Query words are split on anything but letters, marks and
 * digits; every word must start a word of the page. Title matches weigh most,
 * then headings, then body text, plus a bonus for the whole query as a
 * phrase. Pages whose own text (NFC, lowercased, not folded) contains the
 * query exactly come first; ties keep the index order (overview pages first).
 *
 * Cost per keystroke: a 30 ms debounce, one indexOf scan per query word over
 * the folded strings (stopping at the first word-start match), one scan of the
 * lowercased text for the exact match, and snippets for the 20 shown results.
 */
(function () {
  "use strict";

  var MAX_RESULTS = 20;
  var DEBOUNCE_MS = 30;
  var SNIPPET_BEFORE = 50;
  var SNIPPET_LENGTH = 180;
  var ANCHOR_WINDOW = 600;
  var WEIGHT = { title: 10, heading: 4, body: 1 };
  var PHRASE_BONUS = { title: 10, heading: 4, body: 2 };

  var MARKS = /[\u0300-\u036f]/g;
  var APOSTROPHES = /['\u2019\u02bc\u2018`]/g;
  var WHITESPACE = /[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/g;
  var SPACE_CHAR = /^[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]$/;
  var DOUBLE_SPACE = / {2,}/g;
  var NON_WORD = /[^\p{L}\p{M}\p{N}]+/gu;
  var WORD_CHAR = /^[\p{L}\p{M}\p{N}]/u;

  /* ---- folding ---------------------------------------------------------- */

  function fold(text) {
    return String(text).normalize("NFC").toLowerCase().normalize("NFD")
      .replace(MARKS, "").replace(/đ/g, "d").replace(APOSTROPHES, "")
      .replace(WHITESPACE, " ").trim();
  }

  /* fold() of index text, which the build already made NFC and whitespace-collapsed
     (skips the whole-text passes that would change nothing: 2–3 times faster). */
  function foldIndexed(text) {
    return text.toLowerCase().normalize("NFD").replace(MARKS, "").replace(/đ/g, "d")
      .replace(APOSTROPHES, "").replace(DOUBLE_SPACE, " ").trim();
  }

  /* Folded words: anything but letters, marks and digits separates words. */
  function words(text) {
    var folded = fold(text).replace(NON_WORD, " ").trim();
    return folded ? folded.split(" ") : [];
  }

  var wordChars = Object.create(null);

  function isWordCharBefore(text, at) {
    var code = text.charCodeAt(at - 1);
    if (code < 128) {
      return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
    }
    var ch = code >= 0xdc00 && code <= 0xdfff && at > 1 ? text.slice(at - 2, at) : text.charAt(at - 1);
    var known = wordChars[ch];
    if (known === undefined) known = wordChars[ch] = WORD_CHAR.test(ch);
    return known;
  }

  /* Where folded ``word`` first starts a word of folded ``text``, or -1. */
  function firstWordStart(text, word) {
    for (var at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
      if (at === 0 || !isWordCharBefore(text, at)) return at;
    }
    return -1;
  }

  function startsWord(text, word) {
    return firstWordStart(text, word) !== -1;
  }

  var charCache = Object.create(null);

  /* One character folded, non-word characters as spaces (for highlighting). */
  function foldChar(ch) {
    var folded = charCache[ch];
    if (folded === undefined) {
      folded = fold(ch).replace(NON_WORD, " ");
      if (folded === "" && SPACE_CHAR.test(ch)) folded = " ";
      charCache[ch] = folded;
    }
    return folded;
  }

  /* Folded text with, per folded unit, the span of the original it came from. */
  function foldWithMap(text) {
    var parts = [], starts = [], ends = [];
    for (var i = 0; i < text.length;) {
      var step = text.codePointAt(i) > 0xffff ? 2 : 1;
      var folded = foldChar(text.slice(i, i + step));
      for (var k = 0; k < folded.length; k++) { starts.push(i); ends.push(i + step); }
      parts.push(folded);
      i += step;
    }
    return { text: parts.join(""), starts: starts, ends: ends };
  }

  /* Sorted, merged spans of ``text`` between ``from`` and ``to`` where a query word starts a word. */
  function matchRanges(text, queryWords, from, to) {
    var map = foldWithMap(text.slice(from, to));
    var wordAtStart = from === 0 || !isWordCharBefore(text, from);
    var ranges = [];
    queryWords.forEach(function (word) {
      for (var at = map.text.indexOf(word); at !== -1; at = map.text.indexOf(word, at + 1)) {
        if (at === 0 ? wordAtStart : map.text.charAt(at - 1) === " ") {
          ranges.push([from + map.starts[at], from + map.ends[at + word.length - 1]]);
        }
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    ranges.forEach(function (range) {
      var last = merged[merged.length - 1];
      if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
      else merged.push(range);
    });
    return merged;
  }

  /* ---- index and ranking ------------------------------------------------ */

  /* An index page [url, title, [headings], text] with its folded and lowercased forms. */
  function prepare(page) {
    var headings = (page[2] || []).join(" \n ");
    var text = page[3] || "";
    return {
      url: page[0],
      title: page[1],
      text: text,
      titleKey: foldIndexed(page[1]),
      headingKey: foldIndexed(headings),
      bodyKey: foldIndexed(text),
      lower: (page[1] + "\n" + headings + "\n" + text).toLowerCase()
    };
  }

  function parseQuery(raw) {
    var list = words(raw).filter(function (word, i, all) { return all.indexOf(word) === i; });
    return {
      words: list,
      longestFirst: list.slice().sort(function (a, b) { return b.length - a.length; }),
      phrase: list.length > 1 ? fold(raw) : "",
      exact: raw.normalize("NFC").toLowerCase().replace(WHITESPACE, " ").trim()
    };
  }

  /* Title, heading and body weights of the query words, or -1 if a word is missing. */
  function score(entry, query) {
    var total = 0;
    for (var i = 0; i < query.longestFirst.length; i++) {
      var word = query.longestFirst[i];
      if (startsWord(entry.titleKey, word)) total += WEIGHT.title;
      else if (startsWord(entry.headingKey, word)) total += WEIGHT.heading;
      else if (startsWord(entry.bodyKey, word)) total += WEIGHT.body;
      else return -1;
    }
    if (query.phrase) {
      if (startsWord(entry.titleKey, query.phrase)) total += PHRASE_BONUS.title;
      else if (startsWord(entry.headingKey, query.phrase)) total += PHRASE_BONUS.heading;
      else if (startsWord(entry.bodyKey, query.phrase)) total += PHRASE_BONUS.body;
    }
    return total;
  }

  /* Every page with all query words: exact (accented) matches, then by score, then index order. */
  function search(entries, query) {
    var hits = [];
    if (!query.words.length) return hits;
    for (var i = 0; i < entries.length; i++) {
      var points = score(entries[i], query);
      if (points < 0) continue;
      var exact = entries[i].lower.indexOf(query.exact) !== -1 ? 1 : 0;
      hits.push({ entry: entries[i], order: i, score: points, exact: exact });
    }
    hits.sort(function (a, b) { return b.exact - a.exact || b.score - a.score || a.order - b.order; });
    return hits;
  }

  /* ---- rendering -------------------------------------------------------- */

  function appendMarked(parent, text, ranges, from, to) {
    var at = from;
    ranges.forEach(function (range) {
      var start = Math.max(range[0], from), end = Math.min(range[1], to);
      if (start >= end || start < at) return;
      parent.appendChild(document.createTextNode(text.slice(at, start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(start, end);
      parent.appendChild(mark);
      at = end;
    });
    parent.appendChild(document.createTextNode(text.slice(at, to)));
  }

  /* Where the snippet is centred: the exact query, else the first match of the longest word.
     Folding only drops characters, so a match at folded position p is at p or later in the
     original: only a window after p is mapped, the whole text if that misses. */
  function snippetAnchor(entry, query) {
    var exact = entry.text.toLowerCase().indexOf(query.exact);
    if (exact !== -1) return exact;
    var word = query.longestFirst[0];
    var folded = firstWordStart(entry.bodyKey, word);
    if (folded === -1) return 0;  // matched in the title or headings only
    var end = Math.min(entry.text.length, folded + ANCHOR_WINDOW);
    var found = matchRanges(entry.text, [word], folded, end)[0] ||
      matchRanges(entry.text, [word], 0, entry.text.length)[0];
    return found ? found[0] : 0;
  }

  /* About SNIPPET_LENGTH characters of the body around the match, matches marked. */
  function snippet(entry, query) {
    var text = entry.text;
    var from = Math.max(0, snippetAnchor(entry, query) - SNIPPET_BEFORE);
    if (from > 0) from = text.indexOf(" ", from) + 1 || from;
    var to = Math.min(text.length, from + SNIPPET_LENGTH);
    if (to < text.length && text.lastIndexOf(" ", to) > from) to = text.lastIndexOf(" ", to);
    var span = document.createElement("span");
    span.className = "campaign-search__snippet";
    if (from > 0) span.appendChild(document.createTextNode("… "));
    appendMarked(span, text, matchRanges(text, query.words, from, to), from, to);
    if (to < text.length) span.appendChild(document.createTextNode(" …"));
    return span;
  }

  function resultItem(hit, query, base) {
    var item = document.createElement("li");
    item.className = "campaign-search__result";
    var link = document.createElement("a");
    link.className = "campaign-search__link";
    link.href = (base ? base + "/" : "") + hit.entry.url;
    var title = document.createElement("span");
    title.className = "campaign-search__result-title";
    var titleRanges = matchRanges(hit.entry.title, query.words, 0, hit.entry.title.length);
    appendMarked(title, hit.entry.title, titleRanges, 0, hit.entry.title.length);
    link.appendChild(title);
    if (hit.entry.text) link.appendChild(snippet(hit.entry, query));
    item.appendChild(link);
    return item;
  }

  /* ---- dialog ----------------------------------------------------------- */

  function isTyping(element) {
    if (!element || element.nodeType !== 1) return false;
    return element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName);
  }

  function setup(dialog, opener) {
    var input = dialog.querySelector("input[type=search]");
    var form = dialog.querySelector("[data-campaign-search-form]");
    var status = dialog.querySelector("[role=status]");
    var list = dialog.querySelector(".campaign-search__results");
    var base = dialog.getAttribute("data-base") || "";
    var entries = null;
    var loading = false;
    var timer = 0;
    var shown = null;

    function say(name, count) {
      return (dialog.getAttribute("data-" + name) || "").replace("#", String(count));
    }

    function render() {
      timer = 0;
      var raw = input.value;
      if (!entries) return;
      var query = parseQuery(raw);
      var hits = search(entries, query);
      var items = hits.slice(0, MAX_RESULTS).map(function (hit) { return resultItem(hit, query, base); });
      list.replaceChildren.apply(list, items);
      if (!query.words.length) status.textContent = "";
      else if (!hits.length) status.textContent = say("none", 0);
      else {
        var count = say(hits.length === 1 ? "one" : "other", hits.length);
        status.textContent = hits.length > MAX_RESULTS ? count + ". " + say("more", MAX_RESULTS) : count;
      }
      list.setAttribute("data-query", raw);
      shown = raw;
    }

    function schedule() {
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(render, DEBOUNCE_MS);
    }

    function loaded() {
      var data = window.__campaignSearch;
      if (!data || !data.pages) { failed(); return; }
      entries = data.pages.map(prepare);
      loading = false;
      dialog.setAttribute("data-ready", "");
      render();
    }

    function failed() {
      loading = false;
      status.textContent = say("failed", 0);
    }

    function loadIndex() {
      if (entries || loading) return;
      if (window.__campaignSearch) { loaded(); return; }
      loading = true;
      status.textContent = say("loading", 0);
      var script = document.createElement("script");
      script.src = dialog.getAttribute("data-index");
      script.async = true;
      script.addEventListener("load", loaded);
      script.addEventListener("error", function () { script.remove(); failed(); });
      document.head.appendChild(script);
    }

    function open() {
      if (!dialog.open) {
        if (typeof dialog.showModal === "function") dialog.showModal();
        else dialog.setAttribute("open", "");
      }
      input.focus();
      input.select();
      loadIndex();
    }

    function close() {
      if (typeof dialog.close === "function") dialog.close();
      else { dialog.removeAttribute("open"); opener.focus(); }
    }

    function links() {
      return Array.prototype.slice.call(list.querySelectorAll("a"));
    }

    function moveFocus(event) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      var next = event.key === "ArrowDown" ? at + 1 : at - 1;
      if (next < 0) input.focus();
      else if (next < all.length) all[next].focus();
      event.preventDefault();
    }

    opener.addEventListener("click", open);
    input.addEventListener("focus", loadIndex);
    input.addEventListener("input", schedule);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (timer || shown !== input.value) { window.clearTimeout(timer); render(); }
      var first = links()[0];
      if (first) first.focus();
    });
    dialog.querySelector("[data-campaign-search-close]").addEventListener("click", close);
    var exit = dialog.querySelector("[data-campaign-search-exit]");
    if (exit) exit.addEventListener("click", function (event) {
      var pageExit = document.querySelector("a[data-campaign-exit]");
      if (!pageExit || event.button !== 0) return;  // no page exit: follow the plain link
      event.preventDefault();
      close();  // the page is inert while the dialog is modal
      pageExit.click();  // campaign-exit.js: hide at once, leave without a history entry
    });
    dialog.addEventListener("close", function () { opener.focus(); });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) close();  // the backdrop
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !event.isComposing) {
        event.preventDefault();  // a search field would only clear itself
        close();
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (event.target === input && event.key === "ArrowDown" && links().length) moveFocus(event);
        else if (list.contains(event.target)) moveFocus(event);
      } else if (!isTyping(event.target) && "np,.".indexOf(event.key) !== -1 && event.key.length === 1) {
        event.stopPropagation();  // Material's previous/next page keys, not inside the dialog
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" && event.key !== "s") return;
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (dialog.open || isTyping(event.target)) return;
      event.preventDefault();
      open();
    });
    opener.hidden = false;
  }

  function init() {
    var dialog = document.getElementById("campaign-search");
    var opener = document.querySelector("[data-campaign-search-open]");
    if (dialog && opener) setup(dialog, opener);
  }

  window.campaignSearch = { fold: fold, words: words };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
