"""`digest`: one section per person, each exactly that person's `today --for` list; built in
one pass over the day's items (domain.calls.by_person) rather than one pass per person."""

import importlib.util
import json
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from nasales.domain.calls import by_person, for_person
from nasales.domain.playbook import Item
from nasales.domain.text import person_key

ROOT = Path(__file__).resolve().parents[1]
SPELLINGS = ("Eva", "eva", "EVA", "Ëva", "Joost", "joost ", "Anouk", None)


@given(st.lists(st.tuples(st.sampled_from(SPELLINGS), st.sampled_from(SPELLINGS)), max_size=30))
def test_everyones_items_at_once_are_each_ones_own(people: list) -> None:
    items = [
        Item(f"manual:{n}", "manual", f"A{n}", date(2026, 6, 1), owner=owner, handed_to=handed)
        for n, (owner, handed) in enumerate(people)
    ]
    theirs = by_person(items)
    names = {name for pair in people for name in pair if name}
    assert set(theirs) == {person_key(name) for name in names}
    for name in names:
        assert theirs[person_key(name)] == for_person(items, name)


def test_each_section_is_that_persons_list(cli, tmp_path) -> None:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks/generate.py")
    assert spec and spec.loader
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    db = tmp_path / "team.db"
    generate.generate(db, accounts=60, orders=120, touchpoints=2_000, owners=5)
    on = "--on 2026-06-15"
    due = json.loads(cli(f"--db {db} today {on} --format json").stdout)
    cli(f"--db {db} hand {due[0]['key']} --to Anouk {on}")
    sections = json.loads(cli(f"--db {db} digest {on} --format json").stdout)
    assert list(sections) == ["Anouk", "Daan", "Eva", "Fatima", "Joost", "Lotte"]
    for person, items in sections.items():
        alone = json.loads(cli(f"--db {db} today --for {person} {on} --format json").stdout)
        assert items == alone, person
    assert any(i["handed_to"] == "Anouk" for i in sections["Anouk"])
