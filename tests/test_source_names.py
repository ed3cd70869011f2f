"""Names a reader can grep for (issue 20 item 9): no method is reached by a name built at run
time, and each module of cli/ holds what its name says."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "nasales"


def test_no_attribute_is_reached_by_a_name_built_at_run_time() -> None:
    """`getattr(self, f"_plan_{kind}")` hid `_plan_contacts` from grep."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("getattr", "hasattr", "setattr")
                and len(node.args) > 1
                and isinstance(node.args[1], ast.JoinedStr)
            ):
                found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert found == []


def test_the_views_only_compose_what_commands_show() -> None:
    """`done` and `contact forget` have homes named after them, not `views`."""
    tree = ast.parse((SRC / "cli" / "views.py").read_text(encoding="utf-8"))
    functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert functions == {"playbook", "call_list", "account_view", "team_digest"}
    assert "def log_done(" in (SRC / "cli" / "done.py").read_text(encoding="utf-8")
    assert "def forget_person(" in (SRC / "cli" / "erasure.py").read_text(encoding="utf-8")
