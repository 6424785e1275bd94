"""Every action is run through ``verify_action`` by some test (issue 10).

The guard reads the code, it runs nothing: each top-level ``def do_*`` in a module that is
not a test or a migration is an action, and an action is covered when some test module
calls it inside a ``with verify_action(...)`` block, directly or through a helper function
that test module defines or imports from another test module (up to three calls deep).
A new action without such a test fails here, naming it, unless EXEMPT says why it writes
nothing worth auditing.

An action is known by its module and its name: several apps have a ``do_save_settings``
(or ``do_send``, ``do_reply``...), and a test of one must not count for the others. A call
is resolved through the imports of the test module it is written in: a function imported
by name (``from bridgebook.contact.actions import do_acknowledge``), or an attribute of an
imported module (``actions.do_send``, ``concern_actions.do_answer``, after ``from
bridgebook.concerns import actions as concern_actions``), following a package's
re-exports (``bridgebook.diary.actions`` → ``bridgebook.diary.actions.entries``) to the
module that defines it. Only a call that cannot be resolved so (``something.do_x()`` on
an object) falls back to its name, and then only when one module defines that name.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]          # the bridgebook package
PACKAGE = ROOT.name
HELPER_DEPTH = 3
REEXPORT_DEPTH = 5

# An action: (the dotted module defining it, its name).
Action = tuple[str, str]

# Actions that write nothing worth an audit row, and why. Keep this short.
EXEMPT = {
    "bridgebook.diary.actions.entries.do_mark_read":
        "a family member's read receipts: reading, not a change",
    "bridgebook.diary.actions.entries.do_mark_book_read":
        "a member of staff's read marker; opening the book is audited",
    "bridgebook.messaging.actions.conversations.do_mark_thread_read":
        "a person's own read marker in a conversation",
    "bridgebook.diary.actions.exports.do_request_book_export":
        "asks for a PDF of the book; each download is audited",
    "bridgebook.diary.actions.exports.do_render_book_export":
        "the task making that PDF; each download is audited",
    "bridgebook.diary.actions.exports.do_prune_book_exports":
        "deletes expired PDF copies; nobody's book changes",
}


def _is_test_module(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return "tests" in parts or "browser_tests" in parts or path.name == "conftest.py"


def _python_files():
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" not in path.relative_to(ROOT).parts:
            yield path


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _dotted(action: Action) -> str:
    return f"{action[0]}.{action[1]}"


@dataclass
class Source:
    """One module: its tree, whether it is a test module, and whether it is a package."""

    tree: ast.Module
    is_test: bool
    is_package: bool = False


@functools.cache
def _sources() -> dict[str, Source]:
    """Every module of the package (not migrations), by dotted name."""
    return {_module_name(path): Source(ast.parse(path.read_text(), str(path)),
                                       _is_test_module(path), path.name == "__init__.py")
            for path in _python_files()}


def defined_actions(sources: dict[str, Source] | None = None) -> set[Action]:
    """Each action: the module that defines it, and its name."""
    sources = _sources() if sources is None else sources
    return {(module, node.name) for module, source in sources.items() if not source.is_test
            for node in source.tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.name.startswith("do_")}


# Resolving a call through a module's imports ---------------------------------------------

@dataclass
class Imports:
    """What a module's import statements (anywhere in it) bind: a local name to a function
    of another module, or a local (dotted) name to a module."""

    functions: dict[str, Action] = field(default_factory=dict)
    modules: dict[str, str] = field(default_factory=dict)


def _base_module(node: ast.ImportFrom, module: str, source: Source) -> str:
    """The module an ``ImportFrom`` reads from, with relative imports made absolute."""
    if not node.level:
        return node.module or ""
    package = module.split(".") if source.is_package else module.split(".")[:-1]
    package = package[:len(package) - (node.level - 1)]
    return ".".join([*package, node.module] if node.module else package)


def imports_of(module: str, sources: dict[str, Source]) -> Imports:
    """The module's imports; a local name that two imports bind to different things (two
    test functions each importing another app's ``actions``) is left out, so a call
    through it counts by name only, as one that cannot be told."""
    source = sources[module]
    found = Imports()
    bound: dict[str, set] = {}
    for node in ast.walk(source.tree):
        if isinstance(node, ast.ImportFrom):
            base = _base_module(node, module, source)
            for alias in node.names:
                local = alias.asname or alias.name
                if f"{base}.{alias.name}" in sources:
                    found.modules[local] = f"{base}.{alias.name}"
                    bound.setdefault(local, set()).add(f"{base}.{alias.name}")
                else:
                    found.functions[local] = (base, alias.name)
                    bound.setdefault(local, set()).add((base, alias.name))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                found.modules[alias.asname or alias.name] = alias.name
                bound.setdefault(alias.asname or alias.name, set()).add(alias.name)
    for local, targets in bound.items():
        if len(targets) > 1:
            found.modules.pop(local, None)
            found.functions.pop(local, None)
    return found


def _dotted_name(node: ast.expr) -> str | None:
    """``a.b.c`` for an expression made of names and attributes only, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted_name(node.value)
        return None if base is None else f"{base}.{node.attr}"
    return None


def _name_of(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def resolve(func: ast.expr, imports: Imports) -> Action | None:
    """The (module, name) a call's function is, through a module's ``imports``; None when it
    cannot be told (a method of an object, a name bound some other way)."""
    if isinstance(func, ast.Name):
        if func.id in imports.functions:
            return imports.functions[func.id]
        return None
    if isinstance(func, ast.Attribute):
        owner = _dotted_name(func.value)
        if owner is not None and owner in imports.modules:
            return (imports.modules[owner], func.attr)
    return None


class Scan:
    """The verify_action blocks of the test modules, and what they call."""

    def __init__(self, sources: dict[str, Source], actions: set[Action]):
        self.sources = sources
        self.actions = actions
        self._imports: dict[str, Imports] = {}
        self.own = {module: {node.name: node for node in ast.walk(source.tree)
                             if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
                    for module, source in sources.items() if source.is_test}
        self.by_name: dict[str, list[Action]] = {}
        for action in sorted(actions):
            self.by_name.setdefault(action[1], []).append(action)

    def imports(self, module: str) -> Imports:
        if module not in self._imports:
            self._imports[module] = imports_of(module, self.sources)
        return self._imports[module]

    def canonical(self, target: Action) -> Action | None:
        """The action ``target`` is, following re-exports (a package's ``__init__``
        importing it from the module that defines it), or None."""
        for _step in range(REEXPORT_DEPTH):
            if target in self.actions:
                return target
            module, name = target
            if module not in self.sources:
                return None
            target = self.imports(module).functions.get(name)
            if target is None:
                return None
        return None

    def helper(self, target: Action) -> ast.AST | None:
        """A test module's own function, which a with block may call."""
        return self.own.get(target[0], {}).get(target[1])

    def called(self, node: ast.AST, module: str, depth: int, seen: set[Action]
               ) -> set[Action | str]:
        """The actions ``node`` (in ``module``) calls, and those the helpers it calls call:
        an action as (module, name), or, where the call cannot be resolved, its name."""
        imports = self.imports(module)
        found: set[Action | str] = set()
        for call in ast.walk(node):
            if not isinstance(call, ast.Call):
                continue
            name = _name_of(call.func)
            if name is None:
                continue
            target = resolve(call.func, imports)
            if target is None and isinstance(call.func, ast.Name) and name in self.own[module]:
                target = (module, name)              # a function of this test module
            helper = self.helper(target) if target is not None else None
            if helper is not None:
                if target not in seen and depth < HELPER_DEPTH:
                    seen.add(target)
                    found |= self.called(helper, target[0], depth + 1, seen)
                continue
            action = self.canonical(target) if target is not None else None
            if action is not None:
                found.add(action)
            elif name.startswith("do_"):
                found.add(name)
        return found

    def verified(self, modules=None) -> set[Action]:
        """The actions the with blocks of ``modules`` (every test module) call."""
        covered: set[Action] = set()
        for module in self.own if modules is None else modules:
            for node in ast.walk(self.sources[module].tree):
                if not (isinstance(node, (ast.With, ast.AsyncWith))
                        and any(_is_verify_action(item) for item in node.items)):
                    continue
                for statement in node.body:
                    for found in self.called(statement, module, 0, set()):
                        if isinstance(found, tuple):
                            covered.add(found)
                        elif len(self.by_name.get(found, [])) == 1:
                            # Unresolvable: counts only for the one action of that name.
                            covered.add(self.by_name[found][0])
        return covered


def _is_verify_action(item: ast.withitem) -> bool:
    call = item.context_expr
    return isinstance(call, ast.Call) and _name_of(call.func) == "verify_action"


def verified_actions(sources: dict[str, Source] | None = None) -> set[Action]:
    """The actions called inside ``with verify_action(...)`` blocks."""
    sources = _sources() if sources is None else sources
    return Scan(sources, defined_actions(sources)).verified()


# The guard -------------------------------------------------------------------------------

def test_the_scan_finds_actions_and_verified_calls():
    """The guard would pass vacuously if it found nothing: it sees actions of several apps
    and the verify_action tests that already exist."""
    actions = defined_actions()
    names = {name for _module, name in actions}
    assert {"do_create_pupil", "do_add_lessons", "do_send"} <= names
    assert {("bridgebook.people.actions", "do_create_pupil"),
            ("bridgebook.announcements.actions", "do_send"),
            ("bridgebook.timetables.actions", "do_send")} <= actions
    verified = {name for _module, name in verified_actions()}
    assert {"do_create_pupil", "do_add_lessons", "do_approve_review"} <= verified


def _fake(text: str) -> Source:
    return Source(ast.parse(text), is_test=True)


def test_a_call_counts_for_the_action_of_the_module_it_is_imported_from():
    """Calls resolve through the test module's imports (a function imported by name, an
    attribute of an imported module, a package's re-export, a helper imported from another
    test module using its own imports); an unresolvable call counts by name only when one
    module defines that name."""
    sources = dict(_sources())
    sources["bridgebook.fake.tests.helpers"] = _fake(
        "from bridgebook.contact import actions as contact_actions\n"
        "def acknowledge_visit():\n"
        "    contact_actions.do_acknowledge()\n")
    sources["bridgebook.fake.tests.test_fake"] = _fake(
        "from bridgebook.concerns import actions as concern_actions\n"
        "from bridgebook.messaging import actions\n"
        "from bridgebook.fake.tests.helpers import acknowledge_visit\n"
        "import bridgebook.appointments.evenings\n"
        "def reply():\n"
        "    actions.do_reply()\n"
        "def test_it(thing):\n"
        "    with verify_action(thing):\n"
        "        concern_actions.do_save_settings()\n"
        "        reply()\n"
        "        acknowledge_visit()\n"
        "        bridgebook.appointments.evenings.do_add_session()\n"
        "        thing.do_answer()\n"            # two modules define it: not counted
        "        thing.do_create_pupil()\n"      # only people's: counted by name
        "    concern_actions.do_answer()\n")     # outside the block: not counted
    scan = Scan(sources, defined_actions(sources))

    assert scan.verified(modules=["bridgebook.fake.tests.test_fake"]) == {
        ("bridgebook.concerns.actions", "do_save_settings"),
        ("bridgebook.messaging.actions.conversations", "do_reply"),
        ("bridgebook.contact.actions", "do_acknowledge"),
        ("bridgebook.appointments.evenings", "do_add_session"),
        ("bridgebook.people.actions", "do_create_pupil"),
    }


def test_a_name_two_imports_bind_differently_counts_by_name_only():
    """``actions`` imported from two apps in two test functions: a call through it cannot
    be told, so it counts only for a name one module defines."""
    sources = dict(_sources())
    sources["bridgebook.fake.tests.test_two"] = _fake(
        "def test_one(thing):\n"
        "    from bridgebook.people import actions\n"
        "    with verify_action(thing):\n"
        "        actions.do_create_pupil()\n"
        "def test_two(thing):\n"
        "    from bridgebook.concerns import actions\n"
        "    with verify_action(thing):\n"
        "        actions.do_save_settings()\n")
    scan = Scan(sources, defined_actions(sources))

    assert scan.verified(modules=["bridgebook.fake.tests.test_two"]) == {
        ("bridgebook.people.actions", "do_create_pupil")}


def test_every_action_is_run_through_verify_action():
    actions = defined_actions()
    uncovered = sorted(action for action in actions - verified_actions()
                       if _dotted(action) not in EXEMPT)
    assert not uncovered, (
        f"{len(uncovered)} action(s) no test runs inside `with verify_action(...)` "
        "(bridgebook/core/tests/actions.py); add a test that does, or, if the action truly "
        "writes nothing worth auditing, add it to EXEMPT with the reason:\n"
        + "\n".join(f"  {name}  ({module})" for module, name in uncovered))


def test_exemptions_name_real_actions_that_are_not_verified_anyway():
    """An exemption for an action that no longer exists, or that a test now verifies, is
    stale: take it out so the list stays short."""
    actions = {_dotted(action) for action in defined_actions()}
    assert not set(EXEMPT) - actions, "EXEMPT names actions that do not exist"
    verified = {_dotted(action) for action in verified_actions()}
    assert not set(EXEMPT) & verified, "EXEMPT names actions that are verified"
