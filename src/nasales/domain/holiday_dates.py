"""The public holidays of a country, per year: those of the `holidays` package's default
categories (PRODUCT.md §3), kept in a small file in the user's cache directory.

Importing `holidays` and computing a year cost more than all the rest of a salesperson's
`today` on their own book (docs/benchmarks.md). So the holidays of YEARS are computed once
per country and version of `holidays` and written to `holidays-<COUNTRY>.txt` in the user's
cache directory (platformdirs); later runs read that file, a fraction of a millisecond, and
import `holidays` only for a year outside YEARS. A file written for another version of
`holidays`, or that cannot be read, is ignored and rewritten; one that cannot be written
only costs speed. It holds nothing personal.
"""

import importlib
import importlib.util
import os
import sys
import types
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import holidays

YEARS = range(2000, 2100)
HEADER = "nasales holidays 2"


class HolidayDates:
    """The holiday dates of one country, a year at a time."""

    def __init__(self, country: str) -> None:
        self.country = country
        self._years: dict[int, frozenset[date]] = {}
        self._cache: dict[int, str] | None = None  # the file's line per year, read once
        self._package: holidays.HolidayBase | None = None

    def of_year(self, year: int) -> frozenset[date]:
        found = self._years.get(year)
        if found is None:
            found = self._years[year] = self._year(year)
        return found

    def check(self) -> None:
        """Raise NotImplementedError when `holidays` does not know the country."""
        if self._package is None and not self._cached():
            self._package = country_holidays(self.country)

    def _year(self, year: int) -> frozenset[date]:
        if year not in YEARS:
            return self._computed(range(year, year + 1))[year]
        line = self._cached().get(year)
        if line is not None:
            with suppress(ValueError):
                days = frozenset(map(date.fromisoformat, line.split()))
                if all(day.year == year for day in days):
                    return days
        computed = self._computed(YEARS)  # no cache yet, an old or a spoilt one: write it
        _store(self.country, computed)
        self._years |= computed
        return computed[year]

    def _computed(self, years: range) -> dict[int, frozenset[date]]:
        """The holidays of `years` as the package gives them, each year's neighbours
        computed too: a holiday observed across New Year counts in the year it falls in."""
        if self._package is None:
            self._package = country_holidays(self.country)
        package = self._package
        for year in range(years.start - 1, years.stop + 1):
            _ = date(year, 1, 1) in package  # computes the year (the package expands)
        found: dict[int, set[date]] = {year: set() for year in years}
        for day in package:
            if day.year in found:
                found[day.year].add(day)
        return {year: frozenset(days) for year, days in found.items()}

    def _cached(self) -> dict[int, str]:
        """The cache file's line of dates per year, if it is whole and for this country and
        version of `holidays`; the dates are read when their year is asked for."""
        if self._cache is None:
            self._cache = {}
            path, version = _cache_file(self.country), installed_version()
            if path is not None and version is not None:
                with suppress(OSError, UnicodeDecodeError, ValueError):
                    lines = path.read_text(encoding="ascii").split("\n")
                    if lines[:2] == [HEADER, _key(self.country, version)] and lines[-2:] == [
                        "end",
                        "",
                    ]:
                        years = dict(line.partition(" ")[::2] for line in lines[2:-2])
                        found = {int(year): days for year, days in years.items()}
                        if found.keys() == set(YEARS):
                            self._cache = found
        return self._cache


_KNOWN: dict[str, HolidayDates] = {}


def holiday_dates(country: str) -> HolidayDates:
    """The country's holiday dates, shared by everything in this process."""
    found = _KNOWN.get(country)
    if found is None:
        found = _KNOWN[country] = HolidayDates(country)
    return found


def _key(country: str, version: str) -> str:
    return f"{country} holidays {version} years {YEARS.start}-{YEARS.stop - 1}"


def _cache_file(country: str) -> Path | None:
    if not (country.isascii() and country.isalnum()):
        return None
    from platformdirs import user_cache_path

    return user_cache_path("nasales") / f"holidays-{country}.txt"


def _store(country: str, years: dict[int, frozenset[date]]) -> None:
    path, version = _cache_file(country), installed_version()
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


def country_holidays(country: str) -> "holidays.HolidayBase":
    """`holidays.country_holidays(country)`, importing only that country's module if it can.

    The package `holidays.countries` imports all of its ~250 countries when it is loaded
    (0.1-0.2 s). Loaded once under a bare stand-in package, the country's module stays in
    sys.modules, where the holidays registry then finds it; the real package still loads in
    full for anyone who imports it later. Should a release of `holidays` change those
    internals, this falls back to the ordinary, slower path.
    """
    import holidays

    if "holidays.countries" not in sys.modules:
        with suppress(Exception):  # an optimisation only: never a reason to fail
            _import_only(country)
    return holidays.country_holidays(country)


def _import_only(country: str) -> None:
    import holidays
    from holidays.registry import EntityLoader

    loader = getattr(holidays, country, None)
    name = getattr(loader, "module_name", "") if isinstance(loader, EntityLoader) else ""
    if not name.startswith("holidays.countries."):
        return
    stand_in = types.ModuleType("holidays.countries")
    stand_in.__path__ = [str(Path(holidays.__file__).parent / "countries")]
    sys.modules["holidays.countries"] = stand_in
    try:
        importlib.import_module(name)
    except Exception:
        sys.modules.pop(name, None)  # leave it to the registry
        raise
    finally:
        del sys.modules["holidays.countries"]
