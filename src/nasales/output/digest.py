"""`nasales digest`: the team's calls for one cron mail, a section per person."""

from nasales.output import Format, Renderers, render, say, write_json
from nasales.output.calls import CallList, plain_lines, records


def print_digest(lists: list[CallList], fmt: Format, quiet: bool) -> None:
    if quiet and not any(c.items for c in lists):
        return
    render(RENDERERS, fmt, lists)


def _json(lists: list[CallList]) -> None:
    write_json({c.person or "": records(c) for c in lists})


def _plain(lists: list[CallList]) -> None:
    if not lists:
        from nasales.i18n import _

        say(_("Nothing due for anyone."))
        return
    for n, calls in enumerate(lists):
        if n:
            say("")
        say(*plain_lines(calls, titled=True))


RENDERERS: Renderers[list[CallList]] = {Format.plain: _plain, Format.json: _json}
