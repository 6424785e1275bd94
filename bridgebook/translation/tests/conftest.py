import pytest

from bridgebook.core.models import Role
from bridgebook.core.tests.factories import staff
from bridgebook.translation.services import forget_failures
from bridgebook.translation.standard_terms import ensure_standard_terms
from bridgebook.translation.tests.fake_libretranslate import FakeLibreTranslate


@pytest.fixture(autouse=True)
def _fresh_backend_state(request):
    if request.node.get_closest_marker("django_db") or "world" in request.fixturenames:
        # A transactional test elsewhere may have flushed the migration's standard terms.
        ensure_standard_terms()
    forget_failures()
    yield
    forget_failures()


@pytest.fixture
def libretranslate(settings):
    """A running LibreTranslate-like server, and settings pointing at it."""
    with FakeLibreTranslate() as server:
        settings.BRIDGEBOOK_TRANSLATION = {
            "BACKEND": "libretranslate",
            "OPTIONS": {"URL": server.url, "API_KEY": "", "TIMEOUT": 0.5}}
        yield server


@pytest.fixture
def local_backend(settings):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}


@pytest.fixture
def eal_teacher(world):
    return staff(world.school, Role.EAL_TEACHER, full_name="Eda Eal",
                 email="eda@mapledown.example")
