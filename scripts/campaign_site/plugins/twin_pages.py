"""Finished pages of a language made from its twin's: the page shell rendered once for languages
that show the same thing.

Languages that show only the default language's labels and texts (``pages/code_withheld.py``),
have no page of their own in ``docs/`` and the same ``campaign-i18n`` settings but for their code
and name — Ê Đê, J'rai and M'nông until their translators start — are *twins*: the same page of
each shows the same body (its own: ``page.content``, made by its own process as before) in the
same shell (Material's templates around it), but for a few places that name the language itself.
A parallel build renders the shell for the first twin only (the *source*, ``"make"`` in
``publish/build.py``); the process of each other twin (``"derive"``) takes the source's finished
page, puts its own body in place of the source's, and retargets the places that name the source
language (:func:`retarget`):

- ``<html lang="rad"`` and every other ``lang="rad"`` attribute of the shell (the site name, menu
  sections: text in the page's language) take the twin's code;
- the Open Graph locale (``og:locale``) and the search index's address (``search/index.rad.js``)
  take the twin's;
- in the language switcher, the source's entry and the twin's swap their addresses and which one
  is the current page (``aria-current``).

Anything else in the shell naming either language by its code as a word (a page whose own
address or title holds it, ``ngon-ngu-rad.html``) means the shell is not the same: the page is
rendered as before (so is any page whose source page did not come, or whose body is not found
once in it). The languages' names are not looked for: today the shell shows them only in the
switcher, which lists them all; a template that showed the current language's name elsewhere
would make the twins' shells differ there, and only the comparison below would show it. The
site's bytes are the same either way: ``tests/test_build.py`` compares the parallel build (twins
made this way) with the sequential one (every page rendered); each page the twin's process then
writes is reviewed as every page is (``on_post_page``).

The source's process writes each finished page to a folder of the build (:class:`TwinPages`
``keep``), one file per page (written whole, then renamed into place); a twin's process reads it,
waiting while the source's process still builds (``done``: an event the build sets when it ended).
At 500 pages × 5 languages this leaves Material's templates, and keying and storing their output in
the build cache, to one of the three twins (~1 ms of CPU a page: J'rai and M'nông ~3.9 → ~2.7 s each).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .. import work_log
from ..search.index import index_path
from ..urls import neutral_url

#: the template context entry holding this language build's :class:`TwinPages`
CONTEXT_KEY = "campaign_twin_pages"
#: how often a twin's process looks again for a page its source did not write yet (seconds)
POLL_S = 0.002

_SWITCHER_ENTRY = r'<a href="([^"]*)" hreflang="{code}" lang="{code}" class="md-select__link"( aria-current="true")?>'


@dataclass(frozen=True)
class Twin:
    """One language's part: ``role`` ``"make"`` (the source: it writes its pages to ``folder``) or
    ``"derive"`` (it makes its pages from the ``source`` language's, read from ``folder``)."""

    role: str
    language: str
    source: str
    folder: Path
    locales: Mapping[str, str]  # language code → its Open Graph locale (``rad_VN``)


def retarget(shell: str, twin: Twin) -> str | None:
    """The shell of ``twin.source``'s page (the finished page, its body cut out) made
    ``twin.language``'s, as the module's docstring says; None when anything in it names either
    language in another way (then the page is to be rendered)."""
    source, target = twin.source, twin.language
    found = {}
    for code in (source, target):
        entry = _switcher_entry(shell, code)
        if entry is None:
            return None
        found[code] = entry
    own, other = found[source], found[target]
    if own[2] is None or other[2] is not None:
        return None  # the source's entry is the current page, the twin's is not
    folder = re.compile(rf"(^|/){re.escape(target)}/")
    if len(folder.findall(other[1])) != 1:
        return None
    new = {source: (f'<a href="{folder.sub(lambda m: m[1] + source + "/", other[1])}" hreflang="{source}" '
                    f'lang="{source}" class="md-select__link">'),
           target: f'<a href="{own[1]}" hreflang="{target}" lang="{target}" class="md-select__link" aria-current="true">'}
    pieces, at = [], 0
    for code in sorted(found, key=lambda c: found[c].start()):
        pieces += [_retarget_rest(shell[at:found[code].start()], twin), new[code]]
        at = found[code].end()
    pieces.append(_retarget_rest(shell[at:], twin))
    if any(piece is None for piece in pieces):
        return None
    return "".join(pieces)  # type: ignore[arg-type]


def _switcher_entry(shell: str, code: str) -> re.Match[str] | None:
    """The switcher's entry of ``code`` in ``shell`` (its ``<a>`` start tag), when there is one only."""
    marker = f'" hreflang="{code}" lang="{code}" class="md-select__link"'
    at = shell.find(marker)
    if at < 0 or shell.find(marker, at + 1) >= 0:
        return None
    entry = _entry_pattern(code).match(shell, shell.rfind("<a href=", 0, at))
    return entry if entry is not None and entry.end() > at else None


@cache
def _entry_pattern(code: str) -> re.Pattern[str]:
    return re.compile(_SWITCHER_ENTRY.format(code=re.escape(code)))


def _retarget_rest(part: str, twin: Twin) -> str | None:
    """``part`` of a shell outside the switcher's two entries, retargeted; None when it names
    either language in another way than those :func:`retarget` knows."""
    source, target = twin.source, twin.language
    if _names(part, target):
        return None
    for old, new in ((f' lang="{source}"', f' lang="{target}"'),
                     (f'<meta property="og:locale" content="{twin.locales[source]}">',
                      f'<meta property="og:locale" content="{twin.locales[target]}">'),
                     (f'/{index_path(source)}"', f'/{index_path(target)}"'),
                     (f'"{index_path(source)}"', f'"{index_path(target)}"')):
        part = part.replace(old, new)
    return None if _names(part, source) else part


def _names(text: str, code: str) -> bool:
    """Whether ``text`` holds ``code`` as a word (not inside a longer name: ``rad`` in ``rad_VN``
    and ``index.rad.js``, not in ``radio``)."""
    at = text.find(code)
    while at >= 0:
        before, after = text[at - 1:at], text[at + len(code):at + len(code) + 1]
        if not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum()):
            return True
        at = text.find(code, at + 1)
    return False


class TwinPages:
    """This language build's part in making twins' pages (see the module's docstring)."""

    def __init__(self, twin: Twin, default: str, done: Any) -> None:
        self.twin, self.default, self.done = twin, default, done

    def _file(self, dest_uri: str) -> Path:
        """The file of the page at ``dest_uri`` (of this language), named by its address below the
        language's folder: the same for every twin."""
        neutral = neutral_url(dest_uri, self.twin.language, self.default)
        return self.twin.folder / (hashlib.sha256(neutral.encode("utf-8")).hexdigest() + ".page")

    def keep(self, template: str, context: Mapping[str, Any], page_html: str) -> None:
        """The source: keep ``page_html`` (a page's finished HTML, before ``on_post_page``) for the twins."""
        if self.twin.role != "make":
            return
        page = context.get("page")
        body = getattr(page, "content", None) or ""
        start = page_html.find(body) if body else -1
        if start < 0 or page_html.find(body, start + 1) >= 0:
            return  # (its twins render this page)
        head = json.dumps({"template": template, "start": start, "end": start + len(body)}).encode("ascii")
        path = self._file(page.file.dest_uri)
        temporary = path.with_suffix(f".tmp-{os.getpid()}")
        try:
            temporary.write_bytes(head + b"\n" + page_html.encode("utf-8", "surrogatepass"))
            os.replace(temporary, path)
        except OSError:
            return

    def make(self, template: str, context: Mapping[str, Any]) -> str | None:
        """A twin: the page of this context made from its source's; None when it is to be rendered."""
        if self.twin.role != "derive":
            return None
        page = context.get("page")
        body = getattr(page, "content", None)
        stored = self._source_page(page.file.dest_uri) if page is not None and body else None
        made, why = None, "no source page"
        if stored is not None:
            why = "template"
            head, _, rest = stored.partition(b"\n")
            try:
                found = json.loads(head)
                source_html = rest.decode("utf-8", "surrogatepass")
            except (ValueError, UnicodeDecodeError):
                found = {}
            if found.get("template") == template:
                start, end = found["start"], found["end"]
                why = "shell"
                shell = retarget(source_html[:start] + "\x00" + source_html[end:], self.twin)
                if shell is not None and shell.count("\x00") == 1 and "\x00" not in body:
                    before, _, after = shell.partition("\x00")
                    made = before + body + after
        if made is None:
            work_log.note("twin-page-rendered", f"{getattr(page, 'url', '')} ({why})")
            return None
        work_log.note("twin-page", page.url)
        return made

    def _source_page(self, dest_uri: str) -> bytes | None:
        """The source's file of this page, once written; None when its process ended without it."""
        path = self._file(dest_uri)
        while True:
            try:
                return path.read_bytes()
            except FileNotFoundError:
                if self.done is None or self.done.is_set():
                    try:
                        return path.read_bytes()  # (written just before the end)
                    except OSError:
                        return None
            except OSError:
                return None
            time.sleep(POLL_S)
