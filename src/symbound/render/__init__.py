"""Renderers: the same verdict objects as terminal text, JSON and LaTeX."""
