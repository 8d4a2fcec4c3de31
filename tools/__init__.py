"""Maintenance scripts: run the course, keep notebook badges in sync with pyproject."""
