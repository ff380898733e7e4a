"""Synthetic councils: case-level data in the shape of the input contract (docs/synthetic-data.md)."""
