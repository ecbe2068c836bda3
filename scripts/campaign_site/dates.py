"""The one notion of "today" (the build date): fixed for tests and reproducible builds.

Everything that needs a date asks here: ``check --release`` (how old a
verification is), the calendars' and data exports' timestamps, the templates
written by ``campaign-site new``. Generated pages never contain it: the Action
Month's "in N days" is computed in the reader's browser.
"""

from __future__ import annotations

import datetime as dt
import os


def build_date(configured: str | None = None) -> dt.date:
    """``configured``, else $CAMPAIGN_TODAY, else $SOURCE_DATE_EPOCH's UTC day, else today."""
    value = configured or os.environ.get("CAMPAIGN_TODAY")
    if value:
        return dt.date.fromisoformat(value)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def build_timestamp(configured: str | None = None) -> dt.datetime:
    """Timestamp stamped into generated files: midnight UTC of the build date,
    so two builds of the same content on the same day are identical."""
    return dt.datetime.combine(build_date(configured), dt.time(0), tzinfo=dt.timezone.utc)
