"""Selection methods, by name. Every method follows `storyline.select.base.Selector`."""

from __future__ import annotations

from storyline.errors import ConfigError
from storyline.select.base import Selector
from storyline.select.coverage import CoverageSelector
from storyline.select.lead import LeadSelector
from storyline.select.learned import LearnedSelector
from storyline.settings import DEFAULT_METHOD

SELECTORS: dict[str, type[Selector]] = {
    CoverageSelector.name: CoverageSelector,
    LeadSelector.name: LeadSelector,
    LearnedSelector.name: LearnedSelector,
}
# The default (named in storyline.settings, which must not import the models) is the best on Multi-News
# validation: benchmarks/RESULTS.md, section eval-multinews.


def get_selector(name: str = DEFAULT_METHOD) -> Selector:
    """A selector by registry name; ConfigError naming the choices otherwise."""
    try:
        return SELECTORS[name]()
    except KeyError:
        raise ConfigError(
            f"The 'method' option must be one of {', '.join(sorted(SELECTORS))}. Got {name!r} instead."
        ) from None


__all__ = ["DEFAULT_METHOD", "SELECTORS", "Selector", "get_selector"]
