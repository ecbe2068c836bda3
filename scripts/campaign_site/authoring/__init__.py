"""Tools that save entries for people who do not write YAML: spreadsheet import, the editor.

:mod:`.entries` turns field values into the files ``campaign-site new`` would
write (through :mod:`campaign_site.content.writer`, keeping what a person wrote
in an existing file) and validates them exactly as ``check`` does, before
anything is written. :mod:`.spreadsheet` reads and writes the spreadsheets of
``campaign-site import``. The field lists come from the registry of content
types (:mod:`campaign_site.content.types`); nothing here describes a field by hand.
"""

from __future__ import annotations

from .entries import Draft, EntryStore, SaveProblems

__all__ = ["Draft", "EntryStore", "SaveProblems"]
