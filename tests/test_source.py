"""Guards over the source itself, for mistakes no other test sees until a user does."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "nasales"


def _files() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_no_module_shadows_the_translation_function() -> None:
    """`scheme, _, rest = …` in a module that also calls `_()` makes `_` a local name: the
    message that follows crashes instead of being shown (it happened, twice)."""
    offenders = []
    for path in _files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = any(
            isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_"
            for n in ast.walk(tree)
        )
        stores = [
            n.lineno
            for n in ast.walk(tree)
            if isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store)
        ]
        if calls and stores:
            offenders.append(f"{path.relative_to(SRC)}:{stores}")
    assert offenders == []


def test_no_source_file_is_over_400_lines() -> None:
    sizes = {
        str(p.relative_to(SRC)): len(p.read_text(encoding="utf-8").splitlines()) for p in _files()
    }
    assert {name: n for name, n in sizes.items() if n > 400} == {}
