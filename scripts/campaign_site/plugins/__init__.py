"""MkDocs adapters: the `campaign` and `campaign-i18n` plugins and what they change in the theme."""
