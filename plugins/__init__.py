"""Exhibit Archive: schema-checked legal opinion exhibits published as a static site."""

__version__ = "0.1.0"
