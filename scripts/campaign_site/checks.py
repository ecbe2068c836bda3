"""Checks beyond validity: what a release must also satisfy."""

from __future__ import annotations

import datetime as dt

from .content.errors import ContentProblem
from .content.loader import SiteContent

MAX_VERIFICATION_AGE = dt.timedelta(days=365)


def release_problems(content: SiteContent, today: dt.date) -> list[ContentProblem]:
    """Example entries, stale verifications and unsourced entries block a release."""
    problems = []
    for entry in [*content.services, *content.practices, *content.events]:
        if entry.status == "example":
            problems.append(ContentProblem(entry.source_path, entry.line_of("status"), "status",
                                           "found 'example'; a release publishes only verified entries"))
    for service in content.services:
        if service.verified_on is None:
            problems.append(ContentProblem(service.source_path, 1, "verified_on",
                                           "missing; a release needs the date the entry was last checked"))
        elif today - service.verified_on > MAX_VERIFICATION_AGE:
            problems.append(ContentProblem(service.source_path, service.line_of("verified_on"), "verified_on",
                                           f"found {service.verified_on.isoformat()}; expected a check within the last 12 months"))
    for entry in [*content.services, *content.resources, *content.campaigns.values()]:
        if entry.source is None:
            problems.append(ContentProblem(entry.source_path, 1, "source",
                                           "missing; a release needs a source for every entry"))
    for practice in content.practices:
        if not practice.sources:
            problems.append(ContentProblem(practice.source_path, 1, "sources",
                                           "missing; a release needs a source for every entry"))
    return sorted(problems)
