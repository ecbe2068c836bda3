"""What HTML may contain: an allow-list for content, and "nothing runs or loads
but the product's own" for finished pages.

The rules look at a parsed document (Lexbor, through selectolax, builds the
tree by the HTML Standard's parsing algorithm, as Chromium does), so they see
what a browser sees: a tag split over two lines, an entity-encoded
``&#106;avascript:`` URL, markup left unclosed. Nothing is rewritten: a page
that breaks a rule is refused, with what was found, so a person can fix it.

- :func:`content_findings` – rendered Markdown bodies (what communicators
  write): only the elements and attributes Markdown and plain formatting need;
  no script, style, meta, link, form, frame or embedded document; no event
  handler; links only to web pages, phone numbers and e-mail addresses;
  images and media only from the site itself; every image described.
- :class:`PagePolicy` – finished pages (templates + content): inline scripts
  only with a hash of the product's own, script files only the product's,
  no ``<meta http-equiv>`` but the site's policy, no event handler,
  ``javascript:``/``vbscript:``/``data:`` URL, ``ping``, frame, embedded
  object or ``<base>``, and nothing loaded from another host (an ``href`` loads
  on every element but a link: SVG 2 ``<image href>``, ``<use href>``, …).

Each finding carries an English message id (translated by ``messages``), the
offending thing as the person wrote it, and a short *needle* to find its line.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import tinycss2
from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..messages import N_


@dataclass(frozen=True)
class Finding:
    """One rule broken by one element or attribute."""

    field: str  # "(html)", "(link)", "(image)", "(media)", "(script)"
    msgid: str  # English, with a {found} slot
    found: str  # what was found: a tag, an attribute, a URL (shortened)

    @property
    def needle(self) -> str:
        """Text that appears in the source where the finding comes from."""
        return self.found.rstrip(":=").split()[0].lower() if self.found.strip() else ""


# --- messages ------------------------------------------------------------------

ELEMENT = N_("raw <{found}> is not allowed: it could run code or load other sites; use Markdown instead")
OTHER_ELEMENT = N_("the <{found}> element is not allowed in content; use Markdown (headings, lists, tables, links, images)")
HANDLER = N_("the '{found}=' attribute is not allowed: it runs code")
ATTRIBUTE = N_("the '{found}' attribute is not allowed in content; remove it")
STYLE = N_("the 'style' attribute is not allowed (it could load other sites and the site's security policy ignores it); use Markdown")
RUNS_CODE = N_("'{found}:' links are not allowed: they run code")
DATA_URL = N_("'{found}:' URLs are not allowed; put the file in content/media/ and link to it")
OTHER_SCHEME = N_("'{found}:' links are not allowed; link to a web page (https://…), a phone number (tel:) or an e-mail address (mailto:)")
OTHER_HOST_IMAGE = N_("image loaded from another site ({found}); download it into content/media/ so the page makes no outside requests")
OTHER_HOST_MEDIA = N_("media loaded from another site ({found}); put the file in content/media/")
NO_ALT = N_("image without alt text; describe the image: ![mô tả](…) in Markdown, alt=\"…\" in HTML")
PAGE_ELEMENT_ATTRIBUTES = N_("the <{found}> element takes no attributes in content; remove them")
META = N_("<meta http-equiv=\"{found}\"> is not allowed: it could forward readers to another site or change the site's security policy")
FOREIGN_SCRIPT = N_("an inline script that is not one of the site's own (its hash is not in the Content-Security-Policy): {found}")
FOREIGN_SCRIPT_FILE = N_("the script '{found}' is not one of the site's own scripts")
OTHER_HOST_LOAD = N_("'{found}' would be loaded from another site; the site makes no outside requests")

# --- URLs ------------------------------------------------------------------------

# Attributes whose value is a URL (HTML, SVG), and those among them that load
# something as soon as the page is shown.
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "poster", "cite", "action", "formaction", "data",
                            "background", "longdesc", "xlink:href", "manifest", "icon", "imagesrcset"})
LOADING_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "background", "imagesrcset"})
# Elements on which ``href`` follows a link when activated (HTML ``<a>``, ``<area>``, SVG
# ``<a>``) or is judged by the element's own rule (``<link>``: by its ``rel``). On every
# other element an ``href`` may load: SVG 2 ``<image>``, ``<use>``, ``<feImage>``, ``<script>``,
# and references such as ``<pattern>``, ``<filter>``, gradients, ``<textPath>``, ``<mpath>``.
HREF_NAVIGATES = frozenset({"a", "area", "link"})
LINK_LOADS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon", "manifest", "preload",
                        "prefetch", "modulepreload", "preconnect", "dns-prefetch", "prerender"})
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def normalised_url(value: str) -> str:
    """``value`` as the URL parser reads it: C0 controls and spaces trimmed,
    tabs and newlines removed, backslashes as slashes (WHATWG URL Standard)."""
    value = value.strip(_C0_AND_SPACE)
    return value.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")


def url_scheme(value: str) -> str | None:
    """Lower-case scheme of ``value`` (``javascript``), or None for a relative URL."""
    url = normalised_url(value)
    scheme, colon, _ = url.partition(":")
    if not colon or not scheme or not scheme[0].isascii() or not scheme[0].isalpha():
        return None
    if not all(c.isascii() and (c.isalnum() or c in "+-.") for c in scheme):
        return None
    return scheme.lower()


def is_same_site(value: str) -> bool:
    """Whether ``value`` stays on the site: no scheme, not ``//host/…``."""
    return url_scheme(value) is None and not normalised_url(value).startswith("//")


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` (comma-separated candidates, each a URL and a descriptor)."""
    return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]


def _urls(name: str, value: str) -> list[str]:
    return srcset_urls(value) if name in ("srcset", "imagesrcset") else [value]


def _short(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def css_urls(css: str, *, declarations: bool) -> list[str]:
    """Every URL a stylesheet (or a ``style`` attribute) would load: ``url()``, ``@import``."""
    rules = (tinycss2.parse_blocks_contents(css) if declarations else tinycss2.parse_stylesheet(css))
    found: list[str] = []

    def walk(tokens: Iterable) -> None:
        for token in tokens or ():
            kind = getattr(token, "type", "")
            if kind == "url":
                found.append(token.value)
            elif kind == "function":
                if token.lower_name in ("url", "src", "image-set", "-webkit-image-set"):
                    found.extend(t.value for t in token.arguments if t.type == "string")
                walk(token.arguments)
            elif kind == "at-rule" and token.lower_at_keyword == "import":
                found.extend(t.value for t in token.prelude if t.type in ("string", "url"))
                walk(token.content)
            else:
                for attribute in ("prelude", "content", "value"):
                    inner = getattr(token, attribute, None)
                    if isinstance(inner, list):
                        walk(inner)

    walk(rules)
    return found


# --- parsing -------------------------------------------------------------------


def parse(html: str | bytes) -> LexborHTMLParser:
    """``html`` (text, or its UTF-8 bytes) parsed as a whole document, as a browser would."""
    return LexborHTMLParser(html)


def elements(tree: LexborHTMLParser) -> Iterator[LexborNode]:
    """Every element in document order, the contents of every ``<template>`` included,
    templates within templates too (each a declarative shadow root a browser shows
    with ``shadowrootmode``), at any depth (a stack, not recursion)."""
    walks: list[Iterator[LexborNode]] = [tree.root.traverse(include_text=False)]
    while walks:
        node = next(walks[-1], None)
        if node is None:
            walks.pop()
        elif node.is_element_node:
            yield node
            if node.tag == "template":
                walks.append(template_contents(node))


def template_contents(template: LexborNode) -> Iterator[LexborNode]:
    """The nodes of a ``<template>``'s content (a fragment outside the document tree)."""
    for fragment in template.template_fragments():
        yield from fragment.traverse(include_text=False)


# --- content -------------------------------------------------------------------

# Elements Markdown writes, plus plain formatting a communicator may type.
CONTENT_ELEMENTS = frozenset("""
    a abbr audio b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div dl dt em
    figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p picture pre q rp rt ruby s samp small
    source span strong sub summary sup table tbody td tfoot th thead time tr track u ul var video wbr
""".split())
# What content may never contain, said as "could run code or load other sites".
ACTIVE_ELEMENTS = frozenset("""
    applet base button embed fencedframe form frame frameset iframe input link math meta noscript object
    param portal script select style svg template textarea
""".split())
# The document's own elements: a parser merges their attributes into the page's.
DOCUMENT_ELEMENTS = frozenset({"html", "head", "body"})
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "role", "tabindex", "translate"})
CONTENT_ATTRIBUTES: dict[str, frozenset[str]] = {
    name: frozenset(values.split()) for name, values in {
        "a": "href hreflang download target rel type name",
        "img": "src srcset sizes alt width height loading decoding",
        "td": "colspan rowspan headers style", "th": "colspan rowspan headers scope abbr style",
        "ol": "start reversed type", "li": "value", "time": "datetime", "details": "open",
        "blockquote": "cite", "q": "cite", "del": "cite datetime", "ins": "cite datetime",
        "col": "span", "colgroup": "span", "div": "aria-label",
        "video": "src poster controls width height preload loop muted playsinline",
        "audio": "src controls preload loop muted",
        "source": "src srcset sizes type media", "track": "src kind srclang label default",
    }.items()
}
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# The one style Markdown itself writes (table column alignment).
TABLE_ALIGNMENT = frozenset(f"text-align: {side};" for side in ("left", "right", "center"))


def _scheme_finding(scheme: str | None, link: bool) -> Finding | None:
    if scheme in ("javascript", "vbscript"):
        return Finding("(link)", RUNS_CODE, scheme)
    if scheme == "data":
        return Finding("(link)", DATA_URL, scheme)
    if link and scheme is not None and scheme not in LINK_SCHEMES:
        return Finding("(link)", OTHER_SCHEME, scheme)
    return None


def _content_attribute(tag: str, name: str, value: str) -> Iterator[Finding]:
    if name.startswith("on"):
        yield Finding("(html)", HANDLER, name)
        return
    if name == "style":
        if tag in ("td", "th") and value.strip() in TABLE_ALIGNMENT:
            return
        yield Finding("(html)", STYLE, "style")
        return
    if not (name in GLOBAL_ATTRIBUTES or name.startswith("aria-") or name in CONTENT_ATTRIBUTES.get(tag, ())):
        yield Finding("(html)", ATTRIBUTE, name)
        return
    if name not in URL_ATTRIBUTES:
        return
    for url in _urls(name, value):
        scheme = url_scheme(url)
        bad = _scheme_finding(scheme, link=name in ("href", "cite"))
        if bad:
            yield bad
        elif name in LOADING_ATTRIBUTES and not is_same_site(url):
            message = OTHER_HOST_IMAGE if tag == "img" else OTHER_HOST_MEDIA
            yield Finding("(image)" if tag == "img" else "(media)", message, _short(url))


def content_findings(html: str) -> list[Finding]:
    """Everything in rendered content ``html`` that content may not contain, in document order."""
    findings: list[Finding] = []
    for node in elements(parse(html)):
        tag = node.tag or ""
        attributes = node.attributes
        if tag in DOCUMENT_ELEMENTS:
            if attributes:
                findings.append(Finding("(html)", PAGE_ELEMENT_ATTRIBUTES, tag))
            continue
        if tag not in CONTENT_ELEMENTS:
            findings.append(Finding("(html)", ELEMENT if tag in ACTIVE_ELEMENTS else OTHER_ELEMENT, tag))
            continue
        for name, value in attributes.items():
            findings += _content_attribute(tag, name, value or "")
        if tag == "img" and not (attributes.get("alt") or "").strip():
            findings.append(Finding("(image)", NO_ALT, "img"))
    return findings


# --- finished pages ------------------------------------------------------------

# Never in a page, whoever wrote it.
FORBIDDEN_IN_PAGES = frozenset("""
    applet base embed fencedframe frame frameset iframe noscript object param portal
    animate animatemotion animatetransform set
""".split())
# Script types that are data, not code.
DATA_SCRIPT_TYPES = frozenset({"application/ld+json", "application/json"})


def script_hash(body: str) -> str:
    """CSP hash source of an inline script: ``'sha256-…'``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


# Elements with rules of their own (their text, attributes together); every
# other element is judged by its attributes one by one.
ELEMENT_RULE_TAGS = FORBIDDEN_IN_PAGES | {"script", "meta", "link", "style"}


def page_attribute_findings(tag: str | None, name: str, value: str) -> list[Finding]:
    """What one attribute breaks in a finished page, whatever else the element has:
    ``name`` in lower case, ``value`` ("" for an attribute without one), ``tag``
    the element's name in lower case (it matters for ``xlink:href`` only, which loads
    on every element but ``<a>``, and for ``href``, which loads on every element but
    :data:`HREF_NAVIGATES`; None when not known: counted as loading)."""
    found: list[Finding] = []
    if name.startswith("on"):
        found.append(Finding("(html)", HANDLER, name))
    elif name in ("ping", "srcdoc"):
        found.append(Finding("(html)", ATTRIBUTE, name))
    elif name == "style":
        found += [Finding("(html)", OTHER_HOST_LOAD, _short(url))
                  for url in css_urls(value, declarations=True) if not is_same_site(url)]
    elif name in URL_ATTRIBUTES:
        for url in _urls(name, value):
            bad = _scheme_finding(url_scheme(url), link=False)
            if bad:
                found.append(bad)
            elif (name in LOADING_ATTRIBUTES or (name == "xlink:href" and tag != "a")
                  or (name == "href" and tag not in HREF_NAVIGATES)
                  or name in ("action", "formaction")) and not is_same_site(url):
                found.append(Finding("(html)", OTHER_HOST_LOAD, _short(url)))
    return found


@dataclass(frozen=True)
class PagePolicy:
    """What finished pages may run and load.

    ``script_hashes``: CSP hash sources of the product's inline scripts;
    ``script_files``: site paths of its script files
    (``assets/javascripts/campaign-exit.js``); ``csp``: the policy the
    templates write into each page's ``<meta http-equiv>``; ``base_path``: the path
    the site is served under, from ``site_url`` (``/`` or ``/bdg/``), which a
    root-absolute script address (``/bdg/assets/…``, Material's 404 page) starts with.
    """

    script_hashes: frozenset[str]
    script_files: frozenset[str]
    csp: str
    base_path: str = "/"

    def findings(self, tree: LexborHTMLParser, page_path: str) -> list[Finding]:
        """What breaks the policy in one parsed page (``page_path``: its site path, ``en/index.html``)."""
        found: list[Finding] = []
        for node in elements(tree):
            found += self.element_findings(node, page_path)
        return found

    def element_findings(self, node: LexborNode, page_path: str) -> list[Finding]:
        """What breaks the policy in one element of a page: the element's own rules (only
        for :data:`ELEMENT_RULE_TAGS`), then each attribute's (:func:`page_attribute_findings`)."""
        tag = (node.tag or "").lower()
        attributes = {name.lower(): value or "" for name, value in node.attributes.items()}
        found = self._element_rules(node, tag, attributes, page_path) if tag in ELEMENT_RULE_TAGS else []
        for name, value in attributes.items():
            found += page_attribute_findings(tag, name, value)
        return found

    def _element_rules(self, node: LexborNode, tag: str, attributes: dict[str, str], page_path: str) -> list[Finding]:
        if tag in FORBIDDEN_IN_PAGES:
            return [Finding("(html)", ELEMENT, tag)]
        if tag == "script":
            return self._script(node, attributes, page_path)
        if tag == "meta" and "http-equiv" in attributes:
            if not (attributes["http-equiv"].lower() == "content-security-policy"
                    and attributes.get("content") == self.csp):
                return [Finding("(html)", META, attributes["http-equiv"])]
        elif tag == "link" and LINK_LOADS.intersection(attributes.get("rel", "").lower().split()):
            if not is_same_site(attributes.get("href", "")):
                return [Finding("(link)", OTHER_HOST_LOAD, _short(attributes.get("href", "")))]
        elif tag == "style":
            return [Finding("(html)", OTHER_HOST_LOAD, _short(url))
                    for url in css_urls(node.text(deep=True) or "", declarations=False) if not is_same_site(url)]
        return []

    def _script(self, node: LexborNode, attributes: dict[str, str], page_path: str) -> list[Finding]:
        if "src" in attributes:
            src = normalised_url(attributes["src"])
            if not is_same_site(src):
                return [Finding("(script)", FOREIGN_SCRIPT_FILE, _short(src))]
            path = src.split("#")[0].split("?")[0]
            if path.startswith("/"):  # root-absolute: under the site's own path, or not ours
                base = "/" + self.base_path.strip("/") + "/" if self.base_path.strip("/") else "/"
                site_path = path[len(base):] if path.startswith(base) else ""
            else:
                site_path = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), path))
            if site_path not in self.script_files:
                return [Finding("(script)", FOREIGN_SCRIPT_FILE, _short(src))]
            return []
        if attributes.get("type", "").strip().lower() in DATA_SCRIPT_TYPES:
            return []
        body = node.text(deep=True) or ""
        if script_hash(body) in self.script_hashes:
            return []
        return [Finding("(script)", FOREIGN_SCRIPT, _short(body) or "<script>")]
