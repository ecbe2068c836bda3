"""The site's colours: a configurable palette checked against WCAG 2.2 AA contrast.

``mkdocs.yml``::

    plugins:
      - campaign:
          palette:            # every key optional; these are the defaults
            header: "#2e1065"        # header and safety bar
            on_header: "#ffffff"     # their text
            text: "#1f1f1f"          # body text
            background: "#ffffff"    # page
            heading: "#2e1065"       # page titles and headings
            link: "#4527a0"          # links in text
            help_background: "#f5f1fb"  # the "need help now?" block
            exit: "#b71c1c"          # the quick-exit button
            on_exit: "#ffffff"

Values are ``#rgb`` or ``#rrggbb`` (quoted: YAML reads ``#`` as a comment). Each pair a reader sees together (text on its
ground) must reach 4.5:1 (WCAG 2.2 SC 1.4.3, normal text), computed with the
WCAG relative-luminance formula (https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio).
:func:`palette_css` turns a checked palette into CSS custom properties that also
set Material's own (header, links), so no stylesheet carries a colour of its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from ..content.errors import ContentProblem, display_path, problem
from ..messages import N_

DEFAULTS: dict[str, str] = {
    "header": "#2e1065",
    "on_header": "#ffffff",
    "text": "#1f1f1f",
    "background": "#ffffff",
    "heading": "#2e1065",
    "link": "#4527a0",
    "help_background": "#f5f1fb",
    "exit": "#b71c1c",
    "on_exit": "#ffffff",
}

#: (foreground, background) pairs a reader sees together: each needs 4.5:1.
PAIRS: tuple[tuple[str, str], ...] = (
    ("on_header", "header"),
    ("text", "background"),
    ("heading", "background"),
    ("link", "background"),
    ("text", "help_background"),
    ("heading", "help_background"),
    ("link", "help_background"),
    ("on_exit", "exit"),
)
MINIMUM = 4.5
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")


class PaletteProblem(ValueError):
    """A palette key that is unknown, not a colour, or too close to its ground."""

    def __init__(self, key: str, msgid: str, **params: object) -> None:
        self.key, self.msgid, self.params = key, msgid, params
        super().__init__(msgid.format(**params))


def _rgb(value: str) -> tuple[int, int, int]:
    digits = value[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return tuple(int(digits[i:i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def luminance(value: str) -> float:
    """WCAG relative luminance of ``#rrggbb`` (0 black … 1 white)."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in _rgb(value))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two colours (1 … 21)."""
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def resolve(configured: Mapping[str, object] | None) -> tuple[dict[str, str], list[PaletteProblem]]:
    """The defaults with ``configured`` over them, and every problem found (all, not the first)."""
    palette = dict(DEFAULTS)
    problems: list[PaletteProblem] = []
    for key, value in (configured or {}).items():
        if key not in DEFAULTS:
            problems.append(PaletteProblem(str(key), N_("unknown palette colour '{found}'; expected one of {expected}"),
                                           found=key, expected=", ".join(DEFAULTS)))
        elif not isinstance(value, str) or not _HEX.match(value):
            problems.append(PaletteProblem(key, N_("found '{found}'; expected a colour such as \"#2e1065\""), found=value))
        else:
            palette[key] = value.lower()
    if not problems:
        for foreground, background in PAIRS:
            ratio = contrast(palette[foreground], palette[background])
            if ratio < MINIMUM:
                problems.append(PaletteProblem(
                    foreground, N_("'{found}' on '{ground}' ({ground_value}) has a contrast of {ratio}:1; "
                                   "WCAG 2.2 AA needs at least 4.5:1: choose a darker or lighter colour"),
                    found=palette[foreground], ground=background, ground_value=palette[background],
                    ratio=f"{ratio:.2f}"))
    return palette, problems


def palette_css(palette: Mapping[str, str]) -> str:
    """CSS custom properties ``--campaign-<key>`` and the Material properties they drive."""
    own = "\n".join(f"  --campaign-{key.replace('_', '-')}: {value};" for key, value in palette.items())
    return (
        "/* The site's palette (mkdocs.yml: plugins › campaign › palette), written by the build. */\n"
        ":root, [data-md-color-scheme], [data-md-color-primary], [data-md-color-accent] {\n"
        f"{own}\n"
        "  --md-primary-fg-color: var(--campaign-header);\n"
        "  --md-primary-fg-color--light: var(--campaign-header);\n"
        "  --md-primary-fg-color--dark: var(--campaign-header);\n"
        "  --md-primary-bg-color: var(--campaign-on-header);\n"
        "  --md-primary-bg-color--light: var(--campaign-on-header);\n"
        "  --md-default-fg-color: var(--campaign-text);\n"
        "  --md-default-bg-color: var(--campaign-background);\n"
        "  --md-typeset-color: var(--campaign-text);\n"
        "  --md-typeset-a-color: var(--campaign-link);\n"
        "  --md-accent-fg-color: var(--campaign-link);\n"
        "}\n"
    )


def palette_problems(config_file: Path, configured: Mapping[str, object] | None) -> list[ContentProblem]:
    """The palette's problems as ``mkdocs.yml:line: palette.<key>: message`` (translatable)."""
    _, found = resolve(configured)
    if not found:
        return []
    lines = config_file.read_text(encoding="utf-8").splitlines()
    start = next((n for n, text in enumerate(lines, 1) if text.strip() == "palette:"), 1)

    def line_of(key: str) -> int:
        return next((n for n, text in enumerate(lines[start:], start + 1) if text.strip().startswith(f"{key}:")), start)

    return [problem(display_path(config_file), line_of(p.key), f"palette.{p.key}", p.msgid, **p.params) for p in found]
