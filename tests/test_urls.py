"""Site path rules (campaign_site/urls.py) asked for on every page."""

from __future__ import annotations

import pytest

from campaign_site.urls import public_base_url

SITE_URLS = [
    None, "", "https://binh-dang-gioi.example.net/", "https://binh-dang-gioi.example.net",
    "https://binhdanggioi.example/", "http://localhost:8000/", "https://a.test/x/", "https://x.invalid",
    "https://site.LOCALHOST/", "https://example.org/sub/dir", "file:///tmp/site/", "not a url", "https://",
]


@pytest.mark.parametrize("site_url", SITE_URLS)
def test_the_public_address_is_what_the_rule_gives_on_every_call(site_url: str | None) -> None:
    """Memoized (asked for on every page): the answer of the rule itself, first call and later."""
    expected = public_base_url.__wrapped__(site_url)
    assert [public_base_url(site_url) for _ in range(3)] == [expected] * 3
    if site_url and "example.net" in site_url:
        assert expected == "https://binh-dang-gioi.example.net/"
    if site_url in (None, "", "https://binhdanggioi.example/", "http://localhost:8000/", "https://x.invalid"):
        assert expected is None
