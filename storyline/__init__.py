"""Storyline: many news reports about one event in, one cited, cross-checked briefing out."""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
