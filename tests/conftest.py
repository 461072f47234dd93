"""Shared pytest configuration for tests/ (the markers are declared in pyproject.toml)."""

# tests/fixtures holds inputs for the browser harness (tests/jupyter_browser.py), not tests:
# keep nbval (the --nbval in addopts) from collecting its notebook as a lesson.
collect_ignore_glob = ["fixtures/*"]
