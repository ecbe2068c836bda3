"""Site search that works from file:// and folds Vietnamese diacritics.

Per language, the built pages are collected during the build and written as
one small script (``search/index.<lang>.js``) that the search box loads only
when the reader starts a search.
"""
