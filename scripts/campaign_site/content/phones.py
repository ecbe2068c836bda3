"""Vietnamese phone numbers: validation (phonenumbers, region VN) and display."""

from __future__ import annotations

import re

import phonenumbers

EMERGENCY_SHORT_CODES = frozenset({"111", "113", "114", "115"})
_SERVICE_PREFIXES = ("1800", "1900")


class InvalidPhone(ValueError):
    """Not a number that can be dialled in Vietnam."""


def digits(number: str) -> str:
    """Only the digits (and a leading +) of ``number``."""
    return re.sub(r"(?!^\+)[^\d]", "", number.strip())


def normalise_phone(number: str) -> str:
    """Canonical dialling form: short code, 1800/1900 number, or E.164."""
    raw = digits(number)
    if raw in EMERGENCY_SHORT_CODES:
        return raw
    if raw.startswith(_SERVICE_PREFIXES) and len(raw) in (8, 10):
        return raw
    try:
        parsed = phonenumbers.parse(raw, "VN")
    except phonenumbers.NumberParseException as error:
        raise InvalidPhone(f"'{number}' is not a phone number") from error
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidPhone(f"'{number}' is not a valid Vietnamese phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def display_phone(canonical: str) -> str:
    """Vietnamese grouping: ``111``, ``1900 969 680``, ``1800 1567``, ``02xx xxxx xxx``."""
    if canonical in EMERGENCY_SHORT_CODES:
        return canonical
    if canonical.startswith(_SERVICE_PREFIXES):
        rest = canonical[4:]
        return f"{canonical[:4]} {rest[:3]} {rest[3:]}" if len(rest) == 6 else f"{canonical[:4]} {rest}"
    parsed = phonenumbers.parse(canonical, "VN")
    if parsed.country_code != 84:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)


def tel_uri(canonical: str) -> str:
    """``tel:`` link target (RFC 3966), dialable from a Vietnamese phone."""
    return f"tel:{canonical}"
