"""What a translation must keep exactly as the source has it.

A translator changes words, never where a link leads, a number (dates, phone
numbers, counts, document numbers), a placeholder the site fills in
(``{language}``, Material's ``#`` for a count), inline code or an e-mail address. :func:`differences` lists
what a translation lost, changed or added among those, as English message ids
with parameters (translated through the catalog like every message).
"""

from __future__ import annotations

import re
from collections import Counter

from ..messages import N_

_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto|tel):[^>\s]+)>")
_BARE_URL = re.compile(r"(?<![(<\w])(?:https?://|www\.)[^\s<>()\]]+[^\s<>()\].,;:!?]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# {named} slots, and Material's count slot: a '#' standing alone ("# tài liệu")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|(?<!\S)#(?!\S)")
_CODE = re.compile(r"`[^`]+`")
_DIGITS = re.compile(r"\d+")

#: What is protected, and how a difference is reported.
KINDS: tuple[tuple[str, str], ...] = (
    ("links", N_("keep every link address as in the source: expected {expected}, found {found}")),
    ("emails", N_("keep every e-mail address as in the source: expected {expected}, found {found}")),
    ("placeholders", N_("keep every placeholder ({{name}} in braces, # alone) as in the source: "
                        "expected {expected}, found {found}")),
    ("code", N_("keep the code in backticks as in the source: expected {expected}, found {found}")),
    ("numbers", N_("keep every number (dates, phone numbers, amounts) written as in the source: "
                   "expected {expected}, found {found}")),
)


def protected(text: str) -> dict[str, Counter[str]]:
    """The protected parts of ``text``, by kind."""
    code = _CODE.findall(text)
    rest = _CODE.sub(" ", text)
    links = _LINK_TARGET.findall(rest) + _AUTOLINK.findall(rest) + _BARE_URL.findall(rest)
    without_links = _BARE_URL.sub(" ", _AUTOLINK.sub(" ", _LINK_TARGET.sub("] ", rest)))
    emails = _EMAIL.findall(without_links)
    without_emails = _EMAIL.sub(" ", without_links)
    return {
        "links": Counter(links),
        "emails": Counter(emails),
        "placeholders": Counter(_PLACEHOLDER.findall(without_emails)),
        "code": Counter(code),
        "numbers": Counter(_DIGITS.findall(without_emails)),
    }


def _shown(counter: Counter[str]) -> str:
    return ", ".join(sorted(counter.elements())) or "—"


def differences(source: str, translation: str) -> list[tuple[str, dict[str, str]]]:
    """(message id, parameters) for each kind of protected part the translation does not keep."""
    wanted, got = protected(source), protected(translation)
    return [(msgid, {"expected": _shown(wanted[kind]), "found": _shown(got[kind])})
            for kind, msgid in KINDS if wanted[kind] != got[kind]]
