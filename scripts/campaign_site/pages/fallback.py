"""Pages shown in the fallback language when a translation is missing."""

from __future__ import annotations

from html import escape

from ..content.labels import Labels
from ..languages import FALLBACK_CONTENT_CLASS


def notice_languages(page_language: str, labels: dict[str, Labels], fallback: str) -> list[str]:
    """Languages the notice is written in: the fallback's, plus the page's own if its
    labels translate the notice (a labels file translated in part may not yet)."""
    codes = [fallback]
    own = labels[page_language]
    if page_language != fallback and all(own.has(key) for key in ("fallback.title", "fallback.notice")):
        codes.append(page_language)
    return codes


def fallback_notice(page_language: str, labels: dict[str, Labels], fallback: str) -> str:
    """HTML of the notice saying the page is not yet translated into ``page_language``."""
    titles, messages = [], []
    for code in notice_languages(page_language, labels, fallback):
        text = labels[code]
        language_name = text.get(f"language_names.{page_language}", page_language)
        message = str(text["fallback.notice"]).format(language=language_name)
        titles.append(f'<span lang="{code}">{escape(str(text["fallback.title"]))}</span>')
        messages.append(f'<p class="campaign-fallback__message" lang="{code}">{escape(message)}</p>')
    return (
        '<div class="admonition info campaign-fallback" role="note">'
        f'<p class="admonition-title">{" · ".join(titles)}</p>'
        + "".join(messages)
        + "</div>"
    )


def wrap_fallback_content(html: str, page_language: str, labels: dict[str, Labels], fallback: str) -> str:
    """Prefix the notice and mark the untranslated content with its real language."""
    notice = fallback_notice(page_language, labels, fallback)
    return f'{notice}\n<div class="{FALLBACK_CONTENT_CLASS}" lang="{fallback}">\n{html}\n</div>'
