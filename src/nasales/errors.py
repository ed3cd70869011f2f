"""Errors a user can cause; each carries its exit code and a message fit for stderr."""


class NasalesError(Exception):
    """A domain error: bad input or a missing record. One line on stderr, exit 1."""

    exit_code = 1


class NotFound(NasalesError):
    """An account, contact, order, hurdle or reminder that does not exist."""


class Invalid(NasalesError):
    """A value that cannot be accepted: a bad date, kind, mood or duplicate ref."""


def first_line(exc: BaseException) -> str:
    """What went wrong, in one line: for a database error the driver's own message, which
    (unlike SQLAlchemy's) never shows the SQL parameters, i.e. no personal data."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig)
    return text.splitlines()[0] if text else type(orig).__name__
