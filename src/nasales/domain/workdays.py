"""Working days: Monday to Friday that are not public holidays of the configured country."""

from datetime import date, timedelta
from functools import lru_cache

from nasales.domain.holiday_dates import HolidayDates, holiday_dates


class WorkingDays:
    def __init__(self, country: str = "NL", holidays: HolidayDates | None = None) -> None:
        """The working days of `country`, its holidays from `holidays` (a cached source;
        default: the package)."""
        self._holidays = holidays or holiday_dates(country)
        self.is_working_day = lru_cache(maxsize=None)(self._is_working_day)
        self.between = lru_cache(maxsize=4096)(self._between)
        self._years: dict[int, list[int]] = {}

    def _is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._holidays.of_year(day.year)

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
