"""domain/holiday_dates.py: the holidays of `holidays.country_holidays(country)`, kept in a
cache file (holiday_cache.py) so that an everyday command need not import `holidays`
(PRODUCT.md §6)."""

from datetime import date

import holidays
import pytest

from nasales.domain import holiday_dates
from nasales.domain.holiday_dates import YEARS, HolidayDates
from nasales.holiday_cache import HolidayFile, installed_version

FILE = HolidayFile()  # the cache the command line gives the working days


def cache_file(tmp_path, country: str = "NL"):
    return tmp_path / "cache" / "nasales" / f"holidays-{country}.txt"  # XDG_CACHE_HOME


def package(country: str, year: int) -> set[date]:
    found = holidays.country_holidays(country)
    return {day for day in (date.fromordinal(n) for n in _year(year)) if day in found}


def _year(year: int) -> range:
    return range(date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal() + 1)


def no_package(monkeypatch) -> None:
    def refuse(country: str):
        raise AssertionError("holidays was asked")

    monkeypatch.setattr(holiday_dates, "country_holidays", refuse)


@pytest.mark.parametrize("country", ["NL", "DE", "US"])
@pytest.mark.parametrize("year", [2000, 2021, 2022, 2026, 2099, 1999, 2100, 1950])
def test_the_holidays_of_the_package(country: str, year: int) -> None:
    assert HolidayDates(country).of_year(year) == package(country, year)
    assert HolidayDates(country, FILE).of_year(year) == package(country, year)


def test_written_once_then_read_without_the_package(tmp_path, monkeypatch) -> None:
    first = HolidayDates("NL", FILE).of_year(2026)
    text = cache_file(tmp_path).read_text()
    assert text.startswith(f"nasales holidays 2\nNL holidays {installed_version()} years 2000-")
    (year,) = [line for line in text.splitlines() if line.startswith("2026 ")]
    assert "2026-04-27" in year.split() and text.endswith("\nend\n")
    no_package(monkeypatch)
    again = HolidayDates("NL", FILE)
    assert again.of_year(2026) == first
    assert all(again.of_year(year) == HolidayDates("NL", FILE).of_year(year) for year in YEARS)
    again.check()  # a known country: the cache says so


def test_a_year_outside_the_cache_asks_the_package(tmp_path, monkeypatch) -> None:
    HolidayDates("NL", FILE).of_year(2026)
    no_package(monkeypatch)
    with pytest.raises(AssertionError, match="holidays was asked"):
        HolidayDates("NL", FILE).of_year(YEARS.stop)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda text: text.replace(f"holidays {installed_version()} ", "holidays 0.0.1 "),
        lambda text: text.replace("\nend\n", "\n"),  # cut short
        lambda text: text.replace("\n2099 ", "\n2098 "),
        lambda text: text.replace("2026-04-27", "2026-04-31"),
        lambda text: text.replace("2026-04-27", "1999-04-27"),  # a year it does not hold
        lambda text: "\x00\xff" + text,
        lambda text: "",
    ],
)
def test_a_cache_that_does_not_fit_is_written_again(tmp_path, spoil) -> None:
    path = cache_file(tmp_path)
    expected = HolidayDates("NL", FILE).of_year(2026)
    good = path.read_text()
    path.write_bytes(spoil(good).encode("utf-8", "surrogateescape"))
    assert HolidayDates("NL", FILE).of_year(2026) == expected
    assert path.read_text() == good


def test_no_cache_where_none_can_be_written(tmp_path, monkeypatch) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert HolidayDates("NL", FILE).of_year(2026) == package("NL", 2026)


def test_an_unknown_country_is_refused(tmp_path) -> None:
    with pytest.raises(NotImplementedError):
        HolidayDates("XX", FILE).check()
    with pytest.raises(NotImplementedError):
        HolidayDates("XX", FILE).of_year(2026)
    assert not cache_file(tmp_path, "XX").exists()


def test_without_a_cache_nothing_is_written(tmp_path) -> None:
    """The domain does no I/O of its own: only a cache it is given writes a file."""
    assert HolidayDates("NL").of_year(2026) == package("NL", 2026)
    assert not cache_file(tmp_path).exists()
