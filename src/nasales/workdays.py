"""Working days: Monday to Friday that are not public holidays of the configured country."""

from datetime import date, timedelta
from functools import lru_cache

import holidays


class WorkingDays:
    def __init__(self, country: str = "NL") -> None:
        self._holidays = holidays.country_holidays(country)
        self.is_working_day = lru_cache(maxsize=None)(self._is_working_day)
        self.between = lru_cache(maxsize=4096)(self._between)

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

    def _between(self, after: date, up_to: date) -> int:
        """How many working days fall in (after, up_to]."""
        count, day = 0, after + timedelta(days=1)
        while day <= up_to:
            count += self.is_working_day(day)
            day += timedelta(days=1)
        return count
