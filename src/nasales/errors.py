"""Errors a user can cause; each carries its exit code and a message fit for stderr."""


class NasalesError(Exception):
    """A domain error: bad input or a missing record. One line on stderr, exit 1."""

    exit_code = 1


class NotFound(NasalesError):
    """An account, contact, order, hurdle or reminder that does not exist."""


class Invalid(NasalesError):
    """A value that cannot be accepted: a bad date, kind, mood or duplicate ref."""
