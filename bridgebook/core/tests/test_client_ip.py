"""Sign-in limits count per client, also behind a reverse proxy."""

import pytest
from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from bridgebook.core.client_ip import client_ip


@pytest.fixture(autouse=True)
def _empty_cache(db):
    cache.clear()
    yield
    cache.clear()


def _request(remote="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.BRIDGEBOOK_TRUSTED_PROXIES = 0
    assert client_ip(_request(forwarded="203.0.113.9")) == "10.0.0.1"


def test_one_proxy_takes_the_address_it_saw_not_what_the_client_wrote(settings):
    settings.BRIDGEBOOK_TRUSTED_PROXIES = 1
    assert client_ip(_request(forwarded="203.0.113.9")) == "203.0.113.9"
    # A client writing its own X-Forwarded-For only adds entries on the left.
    assert client_ip(_request(forwarded="198.51.100.1, 203.0.113.9")) == "203.0.113.9"
    # A header shorter than the proxies promised: the connection's own address.
    assert client_ip(_request(forwarded="")) == "10.0.0.1"


def test_two_proxies(settings):
    settings.BRIDGEBOOK_TRUSTED_PROXIES = 2
    assert client_ip(_request(forwarded="spoof, 203.0.113.9, 10.0.0.2")) == "203.0.113.9"


def test_family_sign_in_limit_counts_each_client_behind_the_proxy(settings):
    settings.BRIDGEBOOK_TRUSTED_PROXIES = 1
    url = reverse("accounts:family_sign_in")
    for n, address in enumerate(["203.0.113.9", "203.0.113.9", "198.51.100.7"]):
        client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)
        assert client.post(url, {"address": f"someone{n}@family.example"}).status_code == 302
    # Counted per client, not once for the proxy every request comes through.
    assert cache.get("family-sign-in:ip:203.0.113.9") == 2
    assert cache.get("family-sign-in:ip:198.51.100.7") == 1
    assert cache.get("family-sign-in:ip:127.0.0.1") is None


def test_staff_lockout_uses_the_same_address(settings):
    settings.BRIDGEBOOK_TRUSTED_PROXIES = 1
    assert get_client_ip_address(_request(forwarded="203.0.113.9")) == "203.0.113.9"
