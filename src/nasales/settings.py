"""The settings of one run, read once: the file, the language it names, and the playbook's
numbers (`domain.rules`), with the holidays cache the working days read.

The file is `$NASALES_CONFIG`, else `config.toml` in the user's config directory
(platformdirs); without a file, the defaults of PRODUCT.md §3. A file the user named must
exist; any settings file must be a regular file of at most MAX_BYTES (a FIFO or
`/dev/zero` would hang the run, a directory is a mistake). `Settings.read()` never raises:
what is wrong is kept as `problem`, which every command reports in one line (`doctor` as a
failed check), in the language chosen without the file.

The command line reads the settings once per run (`cli.NasalesGroup.main`), before the
language is chosen, and keeps them for the run (`use`, `current`): the language, the rules
and `doctor` all read that one object.
"""

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nasales.errors import Invalid
from nasales.i18n import _

if TYPE_CHECKING:
    from nasales.domain.holiday_dates import HolidayDates
    from nasales.domain.playbook import Playbook
    from nasales.domain.rules import Rules
    from nasales.domain.workdays import WorkingDays

MAX_BYTES = 1 << 20  # a settings file is a few lines; a megabyte is a mistake


def config_path() -> Path:
    if env := os.environ.get("NASALES_CONFIG"):
        return Path(env)
    from platformdirs import user_config_path

    return user_config_path("nasales") / "config.toml"


class _Unreadable(Exception):
    """The file could not be read; `words()` says why, in the language in force then."""

    def __init__(self, words: Callable[[], str]) -> None:
        super().__init__()
        self.words = words


@dataclass(frozen=True)
class Settings:
    """What the settings file says (the defaults when there is none). Its problems are worded
    when they are asked for, in the language in force by then."""

    path: Path
    text: str | None = None  # the file's text; None when there is no file
    unreadable: _Unreadable | None = None  # why the file could not be read

    @classmethod
    def read(cls, path: Path | None = None) -> "Settings":
        """Read the file once: `$NASALES_CONFIG` (which must exist), `path`, or the default
        file (which may be missing). Never raises."""
        named = path is None and bool(os.environ.get("NASALES_CONFIG"))  # must exist
        path = path or config_path()
        try:
            return cls(path, _text(path, named))
        except _Unreadable as exc:
            return cls(path, unreadable=exc)

    @property
    def exists(self) -> bool:
        return self.text is not None

    @cached_property
    def _table(self) -> dict[str, Any] | Exception:
        if self.text is None:
            return {}
        import tomllib  # 3-8 ms, mostly its regular expressions: only when there is a file

        try:
            return tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            return exc

    @property
    def table(self) -> dict[str, Any]:
        """The file's top-level keys ({} without a file, or when it cannot be parsed)."""
        return self._table if isinstance(self._table, dict) else {}

    @cached_property
    def rules(self) -> "Rules":
        """The playbook's numbers; a problem with the file raises `Invalid` (one line)."""
        return self._checked()

    def _checked(self) -> "Rules":
        from nasales.domain.rules import Rules, rules_from, unknown_country

        if self.unreadable is not None:
            raise Invalid(self.unreadable.words())
        if isinstance(self._table, Exception):
            raise Invalid(
                _("cannot read the configuration {path}: {reason}").format(
                    path=self.path, reason=self._table
                )
            )
        if self.text is None:
            return Rules()
        rules = rules_from(self._table, self.path)
        if "country" in self._table:
            try:
                self.holidays(rules.country).check()
            except NotImplementedError:
                raise Invalid(
                    _("bad setting in {path}: {reason}").format(
                        path=self.path, reason=unknown_country(rules.country)
                    )
                ) from None
        return rules

    @property
    def problem(self) -> str | None:
        """What is wrong with the settings, in the language in force; None when nothing."""
        try:
            self._checked()
        except Invalid as exc:
            return str(exc)
        return None

    @property
    def language(self) -> tuple[str, str] | None:
        """The `language` setting and where it is, when the file names a valid one."""
        from nasales.domain.rules import language_setting

        try:
            value = language_setting(self.table)
        except ValueError:
            return None
        if value is None:
            return None
        return value, f"{self.path}: language = {self.table['language']!r}"

    def holidays(self, country: str) -> "HolidayDates":
        from nasales.domain.holiday_dates import holiday_dates
        from nasales.holiday_cache import HolidayFile

        return holiday_dates(country, HolidayFile())

    def working_days(self) -> "WorkingDays":
        from nasales.domain.workdays import WorkingDays

        return WorkingDays(self.rules.country, self.holidays(self.rules.country))

    def playbook(self) -> "Playbook":
        from nasales.domain.playbook import Playbook

        return Playbook(self.rules, self.working_days())


def _text(path: Path, named: bool) -> str | None:
    """The file's text; None when there is none (and none was named). Opened without
    blocking and checked before it is read: a FIFO or a device is never read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        if not named:
            return None
        raise _Unreadable(
            lambda: _("the settings file {path} (NASALES_CONFIG) does not exist").format(path=path)
        ) from None
    except OSError as exc:
        raise _cannot_read(path, exc.strerror) from None
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode):
            raise _Unreadable(
                lambda: _("the settings file {path} is not a regular file").format(path=path)
            )
        if found.st_size > MAX_BYTES:
            raise _too_large(path, found.st_size)
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _cannot_read(path, exc.strerror) from None
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:  # it grew while being read
        raise _too_large(path, len(data))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _cannot_read(path, str(exc)) from None


def _cannot_read(path: Path, reason: str | None) -> _Unreadable:
    return _Unreadable(
        lambda: _("cannot read the configuration {path}: {reason}").format(path=path, reason=reason)
    )


def _too_large(path: Path, size: int) -> _Unreadable:
    return _Unreadable(
        lambda: _("the settings file {path} is too large ({size} bytes; at most {most})").format(
            path=path, size=size, most=MAX_BYTES
        )
    )


def load_rules(path: Path | None = None) -> "Rules":
    """The rules of the settings file at `path` (default: the configured one); a problem
    with it raises `Invalid`."""
    return Settings.read(path).rules


_run: Settings | None = None


def use(settings: Settings) -> Settings:
    """These are the settings of this run (the command line reads them once, at its start)."""
    global _run
    _run = settings
    return settings


def current() -> Settings:
    """This run's settings (read now, once, if the run began without `use`)."""
    return _run if _run is not None else use(Settings.read())
