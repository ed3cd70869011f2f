"""The time zone of the configured country, from the tz database installed with the `tzdata`
package (which icalendar needs) or the system's: captured times are dated in it."""

from collections.abc import Iterator
from contextlib import suppress
from datetime import UTC, tzinfo
from functools import cache
from importlib.resources import files
from pathlib import Path


@cache
def country_zone(country: str) -> tzinfo:
    """The time zone captured times are dated in: the configured country's (its first zone in
    the tz database's zone.tab, e.g. Europe/Amsterdam for NL); UTC for a country it lacks."""
    from zoneinfo import ZoneInfo

    for table in _zone_tables():
        for line in table.splitlines():
            cells = line.split("\t")
            if len(cells) >= 3 and cells[0] == country.upper():
                try:
                    return ZoneInfo(cells[2])
                except (ValueError, OSError):
                    break
    return UTC


def _zone_tables() -> Iterator[str]:
    """zone.tab of the tzdata package (which icalendar needs), else of the system."""
    with suppress(ModuleNotFoundError, OSError):
        yield files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    with suppress(OSError):
        yield Path("/usr/share/zoneinfo/zone.tab").read_text(encoding="utf-8")
