"""The site's one stylesheet: the part of Material's CSS the pages use, then ours.

Written once all languages are built (the pages decide what is kept); the
theme's own files are then removed from the output. One file instead of five
means one render-blocking request on a slow phone connection.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import tinycss2

from .css_purge import purge_css, scan_site

SITE_STYLESHEET = "assets/stylesheets/campaign-site.css"
# Material's compiled stylesheets (the names carry Material's build hash)
THEME_STYLESHEETS = ("assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css")


def _squeeze(tokens: list) -> None:
    """Every run of white space becomes one space (strings are tokens: untouched)."""
    for token in tokens or ():
        if token.type == "whitespace":
            token.value = " "
        elif hasattr(token, "content") and isinstance(token.content, list):
            _squeeze(token.content)
        if hasattr(token, "prelude") and isinstance(token.prelude, list):
            _squeeze(token.prelude)
        if hasattr(token, "arguments") and isinstance(token.arguments, list):
            _squeeze(token.arguments)


def _minified(css: str) -> str:
    """``css`` without comments and runs of white space (what the browser needs)."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    _squeeze(rules)
    return "".join(rule.serialize() for rule in rules)


def write_site_stylesheet(site_dir: Path, own: Sequence[str], purge: bool = True) -> Path:
    """Combine the used part of Material's CSS (all of it: ``purge=False``) with the ``own`` files."""
    theme = [path for pattern in THEME_STYLESHEETS for path in sorted(site_dir.glob(pattern))]
    theme_css = "".join(p.read_text(encoding="utf-8") for p in theme)
    parts = [purge_css(theme_css, scan_site(site_dir)) if purge else theme_css] if theme else []
    own_paths = [site_dir / name for name in own]
    missing = [str(p.relative_to(site_dir)) for p in own_paths if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"stylesheets: not found in the built site: {', '.join(missing)}")
    parts += [_minified(p.read_text(encoding="utf-8")) for p in own_paths]
    target = site_dir / SITE_STYLESHEET
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(parts) + "\n", encoding="utf-8")
    for path in [*theme, *own_paths]:
        if path != target:
            path.unlink()
    return target
