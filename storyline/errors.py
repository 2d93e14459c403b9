"""Exceptions.

StorylineError            root: catch this to catch everything Storyline raises
├── InputError            an input file or record cannot be used (carries the path)
└── ConfigError           an option has a value Storyline cannot work with
"""

from __future__ import annotations


class StorylineError(Exception):
    """Root of every error Storyline raises on purpose."""


class InputError(StorylineError):
    """An input cannot be read or holds no article; the message says which and why."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class ConfigError(StorylineError):
    """An option value is out of range or unknown."""
