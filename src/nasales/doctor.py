"""`nasales doctor`: the database's health (store/health.py), then the settings, the language
in force, and the files that may hold a database password."""

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from nasales.errors import NasalesError
from nasales.i18n import N_, _
from nasales.store.health import Check, database_checks, fail, ok, warn

if TYPE_CHECKING:
    from nasales.settings import Settings


def examine(db: str | None, found: "Settings") -> list[Check]:
    from nasales.store.db import locate

    rest = [settings(found), language(found), *password_files(found)]
    try:
        location = locate(db)
    except NasalesError as exc:
        return [fail(str(exc)), *rest]
    return [*database_checks(location), *rest]


def settings(found: "Settings") -> Check:
    """The settings file, as every command reads it."""
    if found.problem is not None:
        return fail(found.problem)
    if not found.exists:
        return ok(_("settings: the defaults (no {path})").format(path=found.path))
    return ok(_("settings: {path} is valid").format(path=found.path))


def language(found: "Settings") -> Check:
    from nasales.i18n import language_choice

    return ok(language_choice(found.language).explain())


def password_files(found: "Settings") -> list[Check]:
    """A file holding a database password must be readable by its owner only (libpq ignores
    a ~/.pgpass that others can read, and then the password is simply missing)."""
    checks = []
    pgpass = Path(os.environ.get("PGPASSFILE") or Path.home() / ".pgpass")
    for path in (pgpass, found.path):
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode) or info.st_size > (1 << 20):
                continue  # never read a FIFO or a device (the settings check says so)
            mode = stat.S_IMODE(info.st_mode)
            holds_password = path == pgpass or "password" in path.read_text(errors="replace")
        except OSError:
            continue
        if holds_password and mode & 0o077:
            checks.append(
                warn(
                    _(
                        "{path} may hold a database password and is readable by others "
                        "(mode {mode:o}): chmod 600 '{path}'"
                    ).format(path=path, mode=mode)
                )
            )
    return checks


# How each check went, in words (store/health.py gives the codes).
STATUS = {"ok": N_("ok"), "warn": N_("warn"), "fail": N_("fail")}


def report(checks: list[Check]) -> list[str]:
    """One line per check: its status in words, in a column, then what was found."""
    words = {code: _(msgid) for code, msgid in STATUS.items()}
    column = max(map(len, words.values())) + 1
    return [f"{words[c.status]:<{column}} {c.message}" for c in checks]


def healthy(checks: list[Check]) -> bool:
    return not any(c.status == "fail" for c in checks)
