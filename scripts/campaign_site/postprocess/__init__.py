"""Work on rendered HTML and CSS: security policy, links, tables, the one stylesheet."""
