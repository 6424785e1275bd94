"""The ground floor stays the ground floor: core imports no domain app, so each capability
plugs itself in (bridgebook/core/registry.py) rather than core reaching out to it.

core and people together are what every app builds on: the school, its staff, and its
pupils and families (the access layer works out who may see which pupil). Neither imports
any other app, at the top of a module or inside a function; only their tests may.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[3]
GROUND_FLOOR = {"core": {"core", "people"}, "people": {"core", "people"}}


def _bridgebook_imports(path: Path) -> set[str]:
    """The bridgebook apps a module imports, wherever in the module the import is."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "bridgebook" and len(parts) > 1:
                found.add(parts[1])
    return found


def _modules(app: str) -> list[Path]:
    folder = ROOT / "bridgebook" / app
    return [path for path in folder.rglob("*.py")
            if "tests" not in path.relative_to(folder).parts
            and "migrations" not in path.relative_to(folder).parts]


@pytest.mark.parametrize("app", sorted(GROUND_FLOOR))
def test_the_ground_floor_imports_no_domain_app(app):
    allowed = GROUND_FLOOR[app]
    wrong = {str(path.relative_to(ROOT)): sorted(_bridgebook_imports(path) - allowed)
             for path in _modules(app) if _bridgebook_imports(path) - allowed}
    assert wrong == {}


@pytest.mark.parametrize("app", sorted(GROUND_FLOOR))
def test_the_ground_floor_templates_link_to_no_domain_app(app):
    """A template of core or people names no other app's URL (but sign-in's): what an app
    adds to the shared pages comes from its own templates, through the registry."""
    # Signing in and out is how anyone reaches anything: the welcome page and the contact
    # page (an invitation) may link to it.
    domain = {config.label for config in apps.get_app_configs()
              if config.name.startswith("bridgebook.")} - GROUND_FLOOR[app] - {"accounts"}
    folder = ROOT / "bridgebook" / app / "templates"
    wrong = [f"{path.relative_to(ROOT)}: {label}"
             for path in folder.rglob("*.html") for label in domain
             if f"url '{label}:" in path.read_text()]
    assert wrong == []


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text("def f():\n    from bridgebook.diary.models import Entry\n"
                      "import bridgebook.messaging.delivery\n")
    assert _bridgebook_imports(module) == {"diary", "messaging"}
