"""Errors a user can cause; each carries its exit code and a message fit for stderr."""


class NasalesError(Exception):
    """A domain error: bad input or a missing record. One line on stderr, exit 1."""

    exit_code = 1


class NotFound(NasalesError):
    """An account, contact, order, hurdle or reminder that does not exist."""


class Invalid(NasalesError):
    """A value that cannot be accepted: a bad date, kind, mood or duplicate ref."""


def cannot_read(path: object, exc: OSError) -> Invalid:
    """A file that cannot be opened, said in the user's language: the operating system's
    own text (`No such file or directory`) is English whatever the language."""
    from nasales.i18n import _

    if isinstance(exc, FileNotFoundError):
        return Invalid(_("{path} does not exist").format(path=path))
    if isinstance(exc, IsADirectoryError):
        return Invalid(_("{path} is a directory, not a file").format(path=path))
    if isinstance(exc, PermissionError):
        return Invalid(_("cannot read {path}: you have no permission to").format(path=path))
    reason = exc.strerror or str(exc) or type(exc).__name__
    return Invalid(_("cannot read {path}: {reason}").format(path=path, reason=reason))
