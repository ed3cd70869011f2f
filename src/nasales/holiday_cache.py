"""The holidays cache file: `holidays-<COUNTRY>.txt` in the user's cache directory
(platformdirs), one line of dates per year of `domain.holiday_dates.YEARS`, for one country
and one version of the `holidays` package. It holds nothing personal.

A file written for another version of `holidays`, cut short or unreadable, is ignored (and
written again); one that cannot be written only costs speed.
"""

import importlib.util
import os
import sys
from contextlib import suppress
from datetime import date
from pathlib import Path

from nasales.domain.holiday_dates import YEARS

HEADER = "nasales holidays 2"


class HolidayFile:
    """`domain.holiday_dates.HolidayCache` in a file per country."""

    def lines(self, country: str) -> dict[int, str]:
        path, version = cache_file(country), installed_version()
        if path is None or version is None:
            return {}
        with suppress(OSError, UnicodeDecodeError, ValueError):
            lines = path.read_text(encoding="ascii").split("\n")
            if lines[:2] == [HEADER, _key(country, version)] and lines[-2:] == ["end", ""]:
                years = dict(line.partition(" ")[::2] for line in lines[2:-2])
                return {int(year): days for year, days in years.items()}
        return {}

    def store(self, country: str, years: dict[int, frozenset[date]]) -> None:
        path, version = cache_file(country), installed_version()
        if path is None or version is None:
            return
        lines = [" ".join([str(year), *map(date.isoformat, sorted(years[year]))]) for year in YEARS]
        text = "\n".join([HEADER, _key(country, version), *lines, "end", ""])
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        with suppress(OSError):
            try:
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                partial.write_text(text, encoding="ascii")
                os.replace(partial, path)  # whole or not at all, whoever else writes it
            finally:
                partial.unlink(missing_ok=True)


def _key(country: str, version: str) -> str:
    return f"{country} holidays {version} years {YEARS.start}-{YEARS.stop - 1}"


def cache_file(country: str) -> Path | None:
    if not (country.isascii() and country.isalnum()):
        return None
    from platformdirs import user_cache_path

    return user_cache_path("nasales") / f"holidays-{country}.txt"


def installed_version() -> str | None:
    """The version of `holidays`, without importing it (nor `importlib.metadata`, 15 ms):
    the name of its `.dist-info` directory next to the package. None if that is unclear."""
    module = sys.modules.get("holidays")
    if module is not None:
        return getattr(module, "__version__", None)
    with suppress(Exception):
        spec = importlib.util.find_spec("holidays")
        if spec is not None and spec.origin is not None:
            folder = Path(spec.origin).parent.parent
            found = [
                name[len("holidays-") : -len(".dist-info")]
                for name in os.listdir(folder)
                if name.startswith("holidays-") and name.endswith(".dist-info")
            ]
            if len(found) == 1:
                return found[0]
    return None
