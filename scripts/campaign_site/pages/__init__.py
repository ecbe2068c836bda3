"""Pages generated from the campaign collections, one module per collection.

Each module turns validated content into :class:`GeneratedPage` specs (what to
write, in which languages) and template contexts. Nothing here imports MkDocs.
"""
