"""Backends against a real local LibreTranslate-like server, the Argos loader against a stub
module (argostranslate needs PyTorch and downloaded models: not part of this build), the
local and none backends, and the start-up check."""

import socket
import sys
import time
import types

import pytest

from bridgebook.translation.backends.argos import ArgosBackend
from bridgebook.translation.backends.base import TranslationError, get_backend
from bridgebook.translation.backends.libretranslate import LibreTranslateBackend
from bridgebook.translation.checks import translation_backend_check
from bridgebook.translation.tests.fake_libretranslate import FakeLibreTranslate


@pytest.fixture
def server():
    with FakeLibreTranslate() as running:
        yield running


def backend(server, **options) -> LibreTranslateBackend:
    return LibreTranslateBackend(URL=server.url, TIMEOUT=0.5, **options)


def test_libretranslate_sends_the_documented_fields_and_reads_a_list(server):
    server.api_key = "secret"
    result = backend(server, API_KEY="secret").translate_batch(
        ["Hello", "Good day"], source="en", target="pl")
    assert result == ["pl: Hello", "pl: Good day"]
    assert server.requests == [{"q": ["Hello", "Good day"], "source": "en", "target": "pl",
                                "format": "text", "api_key": "secret"}]


def test_libretranslate_refused_key_is_permanent(server):
    server.api_key = "secret"
    with pytest.raises(TranslationError) as raised:
        backend(server, API_KEY="wrong").translate_batch(["Hi"], source="en", target="pl")
    assert raised.value.permanent
    assert "403" in raised.value.message and "Invalid API key" in raised.value.message


def test_libretranslate_400_is_permanent_with_the_servers_reason(server):
    server.mode = "400"
    with pytest.raises(TranslationError) as raised:
        backend(server).translate_batch(["Hi"], source="en", target="xx")
    assert raised.value.permanent
    assert "xx is not supported" in raised.value.message


def test_libretranslate_500_may_work_later(server):
    server.mode = "500"
    with pytest.raises(TranslationError) as raised:
        backend(server).translate_batch(["Hi"], source="en", target="pl")
    assert not raised.value.permanent
    assert "500" in raised.value.message


def test_libretranslate_slow_answer_times_out_quickly(server):
    server.mode = "slow"
    started = time.monotonic()
    with pytest.raises(TranslationError) as raised:
        backend(server).translate_batch(["Hi"], source="en", target="pl")
    assert time.monotonic() - started < 0.95
    assert not raised.value.permanent
    assert "did not answer within 0.5 s" in raised.value.message


def test_libretranslate_connection_refused():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(TranslationError) as raised:
        LibreTranslateBackend(URL=f"http://127.0.0.1:{port}", TIMEOUT=0.5).translate_batch(
            ["Hi"], source="en", target="pl")
    assert not raised.value.permanent
    assert "Could not reach" in raised.value.message


def test_libretranslate_answer_that_is_not_a_translation(server):
    server.mode = "garbage"
    with pytest.raises(TranslationError, match="not a translation"):
        backend(server).translate_batch(["Hi"], source="en", target="pl")


def test_local_and_none_backends():
    assert get_backend({"BACKEND": "local"}).translate_batch(
        ["Hi"], source="en", target="pl") == ["[pl] Hi"]
    none = get_backend({"BACKEND": "none"})
    assert not none.translates
    assert get_backend({}).name == "none"


# Argos: the real loading code, with a stub module standing in for argostranslate ----------

class _Language:
    def __init__(self, code, pairs):
        self.code = code
        self.pairs = pairs

    def get_translation(self, other):
        return self.pairs.get(other.code)


class _Translation:
    def __init__(self, target, fail=False):
        self.target = target
        self.fail = fail

    def translate(self, text):
        if self.fail:
            raise RuntimeError("model exploded")
        return f"<{self.target}> {text}"


@pytest.fixture
def argos_stub(monkeypatch):
    english = _Language("en", {"ur": _Translation("ur"), "pl": _Translation("pl", fail=True)})
    languages = [english, _Language("ur", {}), _Language("pl", {}), _Language("ro", {})]
    english.pairs["ro"] = None
    module = types.ModuleType("argostranslate.translate")
    module.get_installed_languages = lambda: languages
    package = types.ModuleType("argostranslate")
    package.translate = module
    monkeypatch.setitem(sys.modules, "argostranslate", package)
    monkeypatch.setitem(sys.modules, "argostranslate.translate", module)
    return module


def test_argos_translates_with_an_installed_pair(argos_stub):
    assert ArgosBackend().translate_batch(["Hi", "Bye"], source="en", target="ur") == [
        "<ur> Hi", "<ur> Bye"]


def test_argos_names_a_missing_language_package(argos_stub):
    with pytest.raises(TranslationError) as raised:
        ArgosBackend().translate_batch(["Hi"], source="en", target="ar")
    assert raised.value.permanent
    assert "no language package for ar" in raised.value.message


def test_argos_names_a_missing_pair(argos_stub):
    with pytest.raises(TranslationError) as raised:
        ArgosBackend().translate_batch(["Hi"], source="en", target="ro")
    assert raised.value.permanent
    assert "install the en→ro package" in raised.value.message


def test_argos_failure_inside_the_model_is_reported(argos_stub):
    with pytest.raises(TranslationError, match="model exploded") as raised:
        ArgosBackend().translate_batch(["Hi"], source="en", target="pl")
    assert not raised.value.permanent


def test_argos_not_installed_says_so(monkeypatch):
    monkeypatch.setitem(sys.modules, "argostranslate", None)
    monkeypatch.setitem(sys.modules, "argostranslate.translate", None)
    with pytest.raises(TranslationError, match="not installed") as raised:
        ArgosBackend().translate_batch(["Hi"], source="en", target="ur")
    assert raised.value.permanent


def test_start_up_check_needs_a_url_for_libretranslate(settings):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "libretranslate", "OPTIONS": {"URL": ""}}
    errors = translation_backend_check()
    assert [e.id for e in errors] == ["translation.E001"]
    assert "URL" in errors[0].msg
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "no.such.Backend", "OPTIONS": {}}
    assert [e.id for e in translation_backend_check()] == ["translation.E001"]
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "none", "OPTIONS": {}}
    assert translation_backend_check() == []
