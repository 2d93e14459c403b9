"""Storyline: many news reports about one event in, one cited, cross-checked briefing out.

>>> import storyline
>>> report = storyline.brief(["examples/harbour-fire"], words=120)
>>> for sentence in report.stories[0].summary:
...     print(sentence.text, sentence.sources)
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from storyline.errors import ConfigError, InputError, StorylineError
from storyline.models import Article, Briefing, Citation, Problem, Report, Sentence, Story, SummarySentence

if TYPE_CHECKING:
    from storyline.pipeline import brief

__version__ = "0.1.0"  # the one place the version is written (pyproject.toml reads it)


def __getattr__(name: str) -> Any:
    # The pipeline (numpy, scipy, scikit-learn, the models) loads on first use, not on `import storyline`: the
    # command line's --help and --version, and the store and web layers' light paths, never pay for it.
    if name == "brief":
        from storyline.pipeline import brief

        return brief
    raise AttributeError(f"module 'storyline' has no attribute {name!r}")


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
