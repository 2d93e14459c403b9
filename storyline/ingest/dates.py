"""Publication dates and times from metadata strings."""

from __future__ import annotations

from datetime import UTC, date, datetime

from dateutil import parser as dateutil_parser

_NO_YEAR = datetime(1, 1, 1)  # marks a parsed string that named no year
_MAX_DATE_CHARS = 100  # a longer "date" is prose, not metadata: not worth the parser's time


def parse_date(value: object) -> date | None:
    """A calendar date from an ISO string, a datetime or a loose date string; None if unclear."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        moment = _from_epoch(value)
        return moment.date() if moment else None
    parsed = _parse(value)
    return parsed.date() if parsed else None


def parse_datetime(value: object) -> datetime | None:
    """A timezone-aware moment from a string or number that gives a time of day; None for a bare date.

    A time without a zone is taken as UTC, the convention of feeds and news APIs that leave it out.
    """
    if isinstance(value, datetime):
        return _in_utc(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_epoch(value)
    if not isinstance(value, str) or not any(mark in value for mark in (":", "T")):
        return None  # no time of day written: a date only
    parsed = _parse(value)
    return _in_utc(parsed) if parsed else None


def _in_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _from_epoch(value: float) -> datetime | None:
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _parse(value: object) -> datetime | None:
    text = str(value).strip()
    if not text or len(text) > _MAX_DATE_CHARS:
        return None
    try:
        parsed = dateutil_parser.parse(text, fuzzy=False, default=_NO_YEAR)
    except (ValueError, OverflowError, TypeError):
        return None
    return None if parsed.year == _NO_YEAR.year and str(_NO_YEAR.year) not in text else parsed
