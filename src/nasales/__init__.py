"""nasales: a follow-up tracker for B2B salespeople — whom to call today, and why."""

# The one place the version is written: pyproject.toml reads it (setuptools dynamic), so do
# tools/catalog.sh and `nasales --version` (no package metadata read at start-up).
__version__ = "0.1.0"
