"""The kinds of file ``campaign-site new`` writes: the registered content types.

Where each goes, its extension, model and template are the content type's
(:mod:`campaign_site.content.types`); this module only picks the types that
``new`` offers.
"""

from __future__ import annotations

from ..content.types import ContentType, content_types

Kind = ContentType

__all__ = ["Kind", "kinds"]


def kinds() -> dict[str, ContentType]:
    """Name → content type, for every type ``new`` can write (in registration order)."""
    return {kind.name: kind for kind in content_types() if kind.creatable}

