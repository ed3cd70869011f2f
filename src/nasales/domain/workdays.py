"""Working days: Monday to Friday that are not public holidays of the configured country."""

import importlib
import sys
import types
from contextlib import suppress
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import holidays


class WorkingDays:
    def __init__(self, country: str = "NL") -> None:
        self._holidays = country_holidays(country)
        self.is_working_day = lru_cache(maxsize=None)(self._is_working_day)
        self.between = lru_cache(maxsize=4096)(self._between)
        self._years: dict[int, list[int]] = {}

    def _is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._holidays

    def next_wd(self, day: date) -> date:
        """`day` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_wd(self, day: date, n: int) -> date:
        """The n-th working day after `day`."""
        for _ in range(n):
            day = self.next_wd(day + timedelta(days=1))
        return day

    def back_wd(self, day: date, n: int) -> date:
        """The n-th working day before `day`."""
        for _ in range(n):
            day -= timedelta(days=1)
            while not self.is_working_day(day):
                day -= timedelta(days=1)
        return day

    def _between(self, after: date, up_to: date) -> int:
        """How many working days fall in (after, up_to]."""
        if up_to <= after:
            return 0
        count = self._year(up_to.year)[_day_of_year(up_to)]
        count -= self._year(after.year)[_day_of_year(after)]
        for year in range(after.year, up_to.year):
            count += self._year(year)[-1]
        return count

    def _year(self, year: int) -> list[int]:
        """counts[n]: how many of the first n days of `year` are working days."""
        counts = self._years.get(year)
        if counts is None:
            first = date(year, 1, 1).toordinal()
            counts = [0]
            for n in range(_day_of_year(date(year, 12, 31))):
                counts.append(counts[-1] + self.is_working_day(date.fromordinal(first + n)))
            self._years[year] = counts
        return counts


def _day_of_year(day: date) -> int:
    return day.toordinal() - date(day.year, 1, 1).toordinal() + 1


def country_holidays(country: str) -> holidays.HolidayBase:
    """`holidays.country_holidays(country)`, importing only that country's module if it can.

    The package `holidays.countries` imports all of its ~250 countries when it is loaded
    (0.1-0.2 s: a tenth of `nasales today`). Loaded once under a bare stand-in package, the
    country's module stays in sys.modules, where the holidays registry then finds it; the
    real package still loads in full for anyone who imports it later. Should a release of
    `holidays` change those internals, this falls back to the ordinary, slower path.
    """
    if "holidays.countries" not in sys.modules:
        with suppress(Exception):  # an optimisation only: never a reason to fail
            _import_only(country)
    return holidays.country_holidays(country)


def _import_only(country: str) -> None:
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
