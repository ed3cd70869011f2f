"""`nasales digest`: the team's calls for one cron mail, a section per person."""

from nasales.output import say, write_json
from nasales.output.calls import CallList, plain_lines, records


def print_digest(lists: list[CallList], fmt: str, quiet: bool) -> None:
    if quiet and not any(c.items for c in lists):
        return
    if fmt == "json":
        write_json({c.person or "": records(c) for c in lists})
        return
    if not lists:
        from nasales.i18n import _

        say(_("Nothing due for anyone."))
        return
    for n, calls in enumerate(lists):
        if n:
            say("")
        say(*plain_lines(calls, titled=True))
