"""Every character a reader will see must exist in the self-hosted font."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from .fonts import uncovered
from .errors import ContentProblem, display_path, problem


def glyph_problems(paths: list[Path], covered: frozenset[int]) -> list[ContentProblem]:
    """One problem per file and missing character, at its first line."""
    problems = []
    for path in paths:
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        for char in uncovered(text, covered):
            line = next(i for i, l in enumerate(text.splitlines(), start=1) if char in l)
            name = unicodedata.name(char, "unnamed")
            problems.append(problem(
                display_path(path), line, "(text)",
                "character '{found}' ({code} {name}) is not in the site font and would show as a box; "
                "replace it or add it to the font (scripts/make_font.py)",
                found=char, code=f"U+{ord(char):04X}", name=name,
            ))
    return problems
