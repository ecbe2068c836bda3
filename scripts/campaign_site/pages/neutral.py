"""Safety features that are files rather than templates."""

from __future__ import annotations

from pathlib import Path

# A blank page that looks like a new browser tab: no campaign words, no
# scripts, nothing loaded. The quick exit lands here from file:// (USB copies)
# and whenever JavaScript is off.
NEUTRAL_PAGE = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>Tab mới</title>
<style>html,body{margin:0;background:#fff}</style>
</head>
<body></body>
</html>
"""


def write_neutral_page(path: Path) -> None:
    """Write the neutral landing page of the quick exit."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(NEUTRAL_PAGE, encoding="utf-8")
