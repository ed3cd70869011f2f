"""Bulk data in and out: import, export, calendar."""
