"""Machine-readable exports of the validated content (calendars, HSDS, JSON-LD)."""
