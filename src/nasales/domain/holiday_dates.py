"""The public holidays of a country, per year: those of the `holidays` package's default
categories (PRODUCT.md §3).

Importing `holidays` and computing a year cost more than all the rest of a salesperson's
`today` on their own book (docs/benchmarks.md). So the holidays of YEARS are computed once
and kept by a cache (`HolidayCache`; the command line gives the file in the user's cache
directory, `nasales/holiday_cache.py`); later runs read the cache and import `holidays` only
for a year outside YEARS. A cache line that does not fit is computed again and stored anew.
Without a cache, every year comes from the package.
"""

import importlib
import sys
import types
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import holidays

YEARS = range(2000, 2100)


class HolidayCache(Protocol):
    """Where the holidays of YEARS are kept between runs (the caller does the I/O)."""

    def lines(self, country: str) -> dict[int, str]:
        """The stored dates of each year of YEARS (ISO dates, space-separated), or {}."""
        ...

    def store(self, country: str, years: dict[int, frozenset[date]]) -> None:
        """Keep the holidays of YEARS (a cache that cannot write only costs speed)."""
        ...


class HolidayDates:
    """The holiday dates of one country, a year at a time."""

    def __init__(self, country: str, cache: HolidayCache | None = None) -> None:
        self.country = country
        self.cache = cache
        self._years: dict[int, frozenset[date]] = {}
        self._lines: dict[int, str] | None = None  # the cache's line per year, read once
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
        if self.cache is not None:
            self.cache.store(self.country, computed)
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
        """The cache's line of dates per year; the dates are read when their year is asked
        for."""
        if self._lines is None:
            self._lines = {}
            if self.cache is not None:
                found = self.cache.lines(self.country)
                if found.keys() == set(YEARS):
                    self._lines = found
        return self._lines


_KNOWN: dict[str, HolidayDates] = {}


def holiday_dates(country: str, cache: HolidayCache | None = None) -> HolidayDates:
    """The country's holiday dates, shared by everything in this process (kept by `cache`
    from the first time one is given)."""
    found = _KNOWN.get(country)
    if found is None:
        found = _KNOWN[country] = HolidayDates(country, cache)
    elif found.cache is None and cache is not None:
        found.cache, found._lines = cache, None
    return found


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
