"""Messages for communicators, in their language, through gettext catalogs.

Every problem is created from an English message id with named parameters;
``render`` looks the id up in ``locale/<lang>/LC_MESSAGES/campaign.po``
(read with Babel) and fills in the parameters. English needs no catalog.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "campaign"
LANGUAGES = ("en", "vi")


def N_(msgid: str) -> str:
    """Marks a message id for extraction into the catalog (gettext_noop)."""
    return msgid


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    """msgid → translation for ``lang`` (empty for English or a missing catalog)."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        po = read_po(handle, locale=lang, domain=DOMAIN)
    return {m.id: m.string for m in po if m.id and m.string and not m.fuzzy}


def render(msgid: str, lang: str, params: dict[str, object]) -> str:
    """The message ``msgid`` in ``lang`` with its parameters filled in."""
    translations = catalog(lang) if lang != "en" else {}
    template = translations.get(msgid, msgid)
    # parameters that are themselves message ids (e.g. "a whole number") are translated too
    params = {k: translations.get(v, v) if isinstance(v, str) else v for k, v in params.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return msgid.format(**params)


def detect_language(explicit: str | None = None) -> str:
    """``explicit``, else Vietnamese when the locale says so, else English."""
    if explicit:
        return explicit
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    return "en"
