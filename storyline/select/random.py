"""Random: sentences in a seeded random order. The floor every method must clear."""

from __future__ import annotations

import numpy as np

from storyline.models import Story
from storyline.represent import SentenceSpace
from storyline.select.base import Selector


class RandomSelector(Selector):
    """Uniformly random ratings from a fixed seed, so a run can be repeated exactly."""

    name = "random"

    def __init__(self, *, seed: int = 0, redundancy: float = 0.5) -> None:
        super().__init__(redundancy=redundancy)
        self.seed = seed

    def score(self, story: Story, space: SentenceSpace) -> np.ndarray:
        return np.random.default_rng(self.seed).random(len(story.sentences))
