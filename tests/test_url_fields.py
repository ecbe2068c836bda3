"""URL fields (a service's ``website:``, a resource's ``url:``) must parse as web addresses.

A value that only looks like one (``https://a.example/"><script>…``) would
close the attribute it is written into; it is refused with the field's message.
"""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from campaign_site.content.models import Url


class _Entry(BaseModel):
    website: Url


@pytest.mark.parametrize("value", [
    "https://a.example",
    "https://a.example/tai-lieu/x.pdf?lang=vi&page=2#muc-1",
    "http://a.example:8080/p",
    "https://bücher.example/tài-liệu",  # internationalised host and path, as browsers show them
    "https://a.example/it's",
])
def test_web_addresses_pass(value: str) -> None:
    assert _Entry(website=value).website == value


@pytest.mark.parametrize("value", [
    'https://a.example/"><script>alert(1)</script>',
    "https://a.example/<b>",
    "https://a.example/x y",
    "https://a.example/\tx",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//a.example/x",
    "https://a.example:port/",
    "https://user@evil.example/",
    "https://-a.example/",
    "https://a..example/",
    "https://localhost/",
    "https://[::1]/",
    "a.example",
])
def test_other_values_are_refused(value: str) -> None:
    with pytest.raises(ValueError, match="not a web address"):
        _Entry(website=value)
