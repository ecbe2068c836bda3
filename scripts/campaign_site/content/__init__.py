"""The model layer: campaign content loaded and validated once."""
