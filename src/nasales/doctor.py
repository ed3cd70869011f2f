"""`nasales doctor`: the database's health (store/health.py), then the settings, the language
in force, and the files that may hold a database password."""

import os
import stat
from pathlib import Path

from nasales.errors import NasalesError
from nasales.i18n import N_, _
from nasales.store.health import Check, database_checks, fail, ok, warn


def examine(db: str | None) -> list[Check]:
    from nasales.store.db import locate

    try:
        location = locate(db)
    except NasalesError as exc:
        return [fail(str(exc)), settings(), language(), *password_files()]
    return [*database_checks(location), settings(), language(), *password_files()]


def settings() -> Check:
    """The playbook's configuration file, read as `today` reads it."""
    from nasales.domain.rules import config_path, load_rules

    path = config_path()
    try:
        load_rules(path)
    except NasalesError as exc:
        return fail(str(exc))
    if not path.exists():
        return ok(_("settings: the defaults (no {path})").format(path=path))
    return ok(_("settings: {path} is valid").format(path=path))


def language() -> Check:
    from nasales.i18n import language_choice

    return ok(language_choice().explain())


def password_files() -> list[Check]:
    """A file holding a database password must be readable by its owner only (libpq ignores
    a ~/.pgpass that others can read, and then the password is simply missing)."""
    from nasales.domain.rules import config_path

    checks = []
    pgpass = Path(os.environ.get("PGPASSFILE") or Path.home() / ".pgpass")
    candidates = [pgpass, config_path()]
    for path in candidates:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
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
