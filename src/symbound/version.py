"""The package version (one place: the package, the cache key and the LaTeX footer read it)."""

__version__ = "0.1.0"
