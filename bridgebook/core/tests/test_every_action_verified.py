"""Every action is run through ``verify_action`` by some test (issue 10).

The guard reads the code, it runs nothing: each top-level ``def do_*`` in a module that is
not a test or a migration is an action, and an action is covered when some test module
calls it inside a ``with verify_action(...)`` block, directly or through a helper function
that test module defines or imports from another test module (up to three calls deep).
A new action without such a test fails here, naming it, unless EXEMPT says why it writes
nothing worth auditing.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]          # the bridgebook package
PACKAGE = ROOT.name
HELPER_DEPTH = 3

# Actions that write nothing worth an audit row, and why. Keep this short.
EXEMPT = {
    "do_mark_read": "a family member's read receipts: reading, not a change",
    "do_mark_book_read": "a member of staff's read marker; opening the book is audited",
    "do_mark_thread_read": "a person's own read marker in a conversation",
    "do_request_book_export": "asks for a PDF of the book; each download is audited",
    "do_render_book_export": "the task making that PDF; each download is audited",
    "do_prune_book_exports": "deletes expired PDF copies; nobody's book changes",
}


def _is_test_module(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return "tests" in parts or "browser_tests" in parts or path.name == "conftest.py"


def _python_files():
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" not in path.relative_to(ROOT).parts:
            yield path


def defined_actions() -> dict[str, list[str]]:
    """Each action's name and the modules that define it."""
    actions: dict[str, list[str]] = {}
    for path in _python_files():
        if _is_test_module(path):
            continue
        for node in ast.parse(path.read_text(), str(path)).body:
            if (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                    and node.name.startswith("do_")):
                actions.setdefault(node.name, []).append(str(path.relative_to(ROOT)))
    return actions


def _name_of(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def _is_verify_action(item: ast.withitem) -> bool:
    call = item.context_expr
    return isinstance(call, ast.Call) and _name_of(call.func) == "verify_action"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _called(node: ast.AST, helpers: dict[str, ast.AST], depth: int, seen: set[str]
            ) -> set[str]:
    """The names of the functions ``node`` calls, and those the helpers it calls call."""
    names = set()
    for call in ast.walk(node):
        if not isinstance(call, ast.Call):
            continue
        name = _name_of(call.func)
        if name is None:
            continue
        names.add(name)
        if name in helpers and name not in seen and depth < HELPER_DEPTH:
            seen.add(name)
            names |= _called(helpers[name], helpers, depth + 1, seen)
    return names


def verified_actions() -> set[str]:
    """The names of the do_* functions called inside ``with verify_action(...)`` blocks."""
    trees = {_module_name(path): ast.parse(path.read_text(), str(path))
             for path in _python_files() if _is_test_module(path)}
    own = {module: {node.name: node for node in ast.walk(tree)
                    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
           for module, tree in trees.items()}
    covered: set[str] = set()
    for module, tree in trees.items():
        # The helpers a with block may call: this module's functions, and those it imports
        # from other test modules.
        helpers = dict(own[module])
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in own:
                for alias in node.names:
                    if alias.name in own[node.module]:
                        helpers[alias.asname or alias.name] = own[node.module][alias.name]

        for node in ast.walk(tree):
            if isinstance(node, (ast.With, ast.AsyncWith)) and any(
                    _is_verify_action(item) for item in node.items):
                for statement in node.body:
                    covered |= {name for name in _called(statement, helpers, 0, set())
                                if name.startswith("do_")}
    return covered


def test_the_scan_finds_actions_and_verified_calls():
    """The guard would pass vacuously if it found nothing: it sees actions of several apps
    and the verify_action tests that already exist."""
    actions = defined_actions()
    assert {"do_create_pupil", "do_add_lessons", "do_send"} <= set(actions)
    assert {"do_create_pupil", "do_add_lessons", "do_approve_review"} <= verified_actions()


def test_every_action_is_run_through_verify_action():
    actions = defined_actions()
    uncovered = sorted(set(actions) - verified_actions() - set(EXEMPT))
    assert not uncovered, (
        f"{len(uncovered)} action(s) no test runs inside `with verify_action(...)` "
        "(bridgebook/core/tests/actions.py); add a test that does, or, if the action truly "
        "writes nothing worth auditing, add it to EXEMPT with the reason:\n"
        + "\n".join(f"  {name}  ({', '.join(actions[name])})" for name in uncovered))


def test_exemptions_name_real_actions_that_are_not_verified_anyway():
    """An exemption for an action that no longer exists, or that a test now verifies, is
    stale: take it out so the list stays short."""
    actions = set(defined_actions())
    assert not set(EXEMPT) - actions, "EXEMPT names actions that do not exist"
    assert not set(EXEMPT) & verified_actions(), "EXEMPT names actions that are verified"
