"""Publication dates from metadata strings."""

from __future__ import annotations

from datetime import date, datetime

from dateutil import parser as dateutil_parser

_NO_YEAR = datetime(1, 1, 1)  # marks a parsed string that named no year


def parse_date(value: object) -> date | None:
    """A calendar date from an ISO string, a datetime or a loose date string; None if unclear."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(value).date()
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    try:
        parsed = dateutil_parser.parse(text, fuzzy=False, default=_NO_YEAR).date()
    except (ValueError, OverflowError, TypeError):
        return None
    return None if parsed.year == _NO_YEAR.year and str(_NO_YEAR.year) not in text else parsed
