"""The domain core of the Taicang co-governance assistant: places, catalogs and services."""
