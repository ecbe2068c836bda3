"""schema.org JSON-LD for services and events (stub, being written)."""
