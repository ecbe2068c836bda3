"""The site's one stylesheet: the part of Material's CSS the pages use, then ours.

Written once all languages are built (the pages decide what is kept); the
theme's own files are then removed from the output. One file instead of five
means one render-blocking request on a slow phone connection.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from pathlib import Path

import tinycss2

from .css_purge import MarkupScanner, UsedMarkup, add_scripts, purge_css

SITE_STYLESHEET = "assets/stylesheets/campaign-site.css"
# what one language process of a parallel build found in its pages
USED_MARKUP_FILE = ".campaign-used-markup.json"
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


def theme_stylesheets(folder: Path) -> list[Path]:
    """Material's stylesheets found in ``folder`` (a theme directory or a built site)."""
    return [path for pattern in THEME_STYLESHEETS for path in sorted(folder.glob(pattern))]


def _read(paths: Sequence[Path]) -> str:
    return "".join(path.read_text(encoding="utf-8") for path in paths)


def save_used_markup(site_dir: Path, used: UsedMarkup) -> None:
    """Hand a language process's findings to the merge step."""
    (site_dir / USED_MARKUP_FILE).write_text(used.to_json(), encoding="utf-8")


def collect_used_markup(folders: Sequence[Path]) -> UsedMarkup:
    """Union of the findings saved in ``folders``; the files are removed."""
    used = UsedMarkup()
    for folder in folders:
        path = folder / USED_MARKUP_FILE
        if path.exists():
            used.update(UsedMarkup.from_json(path.read_text(encoding="utf-8")))
            path.unlink()
    return used


def theme_scanner(theme_dirs: Sequence[str]) -> MarkupScanner:
    """A page scanner for what the theme's stylesheets test."""
    return MarkupScanner("".join(_read(theme_stylesheets(Path(folder))) for folder in theme_dirs))


def write_site_stylesheet(site_dir: Path, own: Sequence[str], used: UsedMarkup | None) -> Path:
    """Combine the part of Material's CSS that ``used`` needs (all of it when None) with the ``own`` files."""
    theme = theme_stylesheets(site_dir)
    css = _read(theme)
    if used is not None:
        used = copy.deepcopy(used)
        add_scripts(site_dir, used)
        css = purge_css(css, used)
    parts = [css] if theme else []
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
