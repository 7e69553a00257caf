"""Manabi's notebook layer: plain Python over nbformat, no Django (a test enforces it)."""
