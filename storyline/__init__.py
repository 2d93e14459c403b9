"""Storyline: many news reports about one event in, one cited, cross-checked briefing out.

>>> import storyline
>>> report = storyline.brief(["examples/harbour-fire"], words=120)
>>> for sentence in report.stories[0].summary:
...     print(sentence.text, sentence.sources)
"""

from __future__ import annotations

import logging

from storyline.errors import ConfigError, InputError, StorylineError
from storyline.models import Article, Briefing, Citation, Problem, Report, Sentence, Story, SummarySentence
from storyline.pipeline import brief

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Briefing",
    "Citation",
    "ConfigError",
    "InputError",
    "Problem",
    "Report",
    "Sentence",
    "Story",
    "StorylineError",
    "SummarySentence",
    "__version__",
    "brief",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
