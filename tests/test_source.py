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


# What reads or writes files, the environment or the user's directories: not the domain's.
IO_NAMES = {"open", "getenv"}
IO_ATTRIBUTES = {"environ", "read_text", "write_text", "read_bytes", "write_bytes", "mkdir"}
IO_MODULES = {"os", "platformdirs", "tomllib", "shutil", "tempfile", "sqlite3"}


def test_the_domain_is_pure() -> None:
    """domain/ holds the rules (PRODUCT.md §3): facts in, items out. Reading the settings
    file and the environment is nasales.settings, the holidays cache nasales.holiday_cache."""
    found = []
    for path in sorted((SRC / "domain").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [(node.module or "").split(".")[0]]
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                names = [node.func.id]
            elif isinstance(node, ast.Attribute) and node.attr in IO_ATTRIBUTES:
                names = [node.attr]
            else:
                continue
            found += [
                f"{path.name}:{node.lineno} {n}"
                for n in names
                if n in IO_MODULES | IO_NAMES | IO_ATTRIBUTES
            ]
    assert found == []
