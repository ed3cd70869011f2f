"""nasales: a follow-up tracker for B2B salespeople — whom to call today, and why."""

__version__ = "0.1.0"
