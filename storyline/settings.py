"""One settings object for the command line, the Python API and the web app, validated once.

Values come from defaults < environment (`STORYLINE_*`) < command-line options; `Settings` checks
every value when it is made and raises `ConfigError` with the scikit-learn-style message the CLI,
the API and the web app all show. `serve` hands the object to its worker processes whole, as JSON
(`to_json` / `from_json`), not field by field.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from storyline.errors import ConfigError

DEFAULT_DB = "storyline.db"
DEFAULT_WORDS = 120
MIN_WORDS, MAX_WORDS = 10, 1000  # a briefing shorter than a sentence or longer than a page is not a briefing
# Selection methods by name (storyline.select.SELECTORS has the classes; a test keeps the two equal). Named
# here so that reading settings, and `storyline --help`, import no model.
METHODS = ("coverage", "lead", "learned")
DEFAULT_METHOD = "learned"
ENV_PREFIX = "STORYLINE_"
SETTINGS_ENV = "STORYLINE_SETTINGS"  # the whole object, as JSON: how `serve` passes it to its workers


def check_words(words: object) -> int:
    """A word budget, or ConfigError saying what is allowed."""
    if isinstance(words, bool) or not isinstance(words, int):
        raise ConfigError(f"The 'words' option must be a whole number. Got {words!r} instead.")
    if not MIN_WORDS <= words <= MAX_WORDS:
        raise ConfigError(f"The 'words' option must be between {MIN_WORDS} and {MAX_WORDS}. Got {words} instead.")
    return words


def check_method(method: object) -> str:
    if method not in METHODS:
        raise ConfigError(f"The 'method' option must be one of {', '.join(METHODS)}. Got {method!r} instead.")
    return str(method)


def _at_least(name: str, value: object, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ConfigError(f"The {name!r} option must be a whole number of at least {low}. Got {value!r} instead.")
    return value


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be told. Limits bound what one web request may cost."""

    db: str = DEFAULT_DB  # a SQLite file path or a postgresql:// URL
    words: int = DEFAULT_WORDS
    method: str = DEFAULT_METHOD
    page_cache: int = 512  # rendered pages kept per web worker process (0: none)
    max_request_bytes: int = 5_000_000  # largest web request body
    max_request_articles: int = 50  # articles one web briefing request may hold
    max_request_words: int = 200_000  # words of article text one web briefing request may hold

    def __post_init__(self) -> None:
        if not isinstance(self.db, str) or not self.db.strip():
            raise ConfigError(f"The 'db' option must be a file path or a postgresql:// URL. Got {self.db!r} instead.")
        check_words(self.words)
        check_method(self.method)
        _at_least("page_cache", self.page_cache, 0)
        _at_least("max_request_bytes", self.max_request_bytes, 1_000)
        _at_least("max_request_articles", self.max_request_articles, 1)
        _at_least("max_request_words", self.max_request_words, MAX_WORDS)

    def with_options(self, **options: Any) -> Settings:
        """These settings with the options a user gave (None: not given, keep the current value)."""
        return replace(self, **{k: v for k, v in options.items() if v is not None})

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Defaults overlaid with `STORYLINE_SETTINGS` (JSON) and then each `STORYLINE_<FIELD>` variable."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        if environ.get(SETTINGS_ENV):
            values |= cls._decode(environ[SETTINGS_ENV])
        for field in fields(cls):
            raw = environ.get(ENV_PREFIX + field.name.upper())
            if raw is not None:
                values[field.name] = cls._convert(field.name, raw)
        return cls(**values)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Settings:
        return cls(**cls._decode(text))

    @classmethod
    def _decode(cls, text: str) -> dict[str, Any]:
        try:
            values = json.loads(text)
        except json.JSONDecodeError as error:
            raise ConfigError(f"{SETTINGS_ENV} must be a JSON object ({error.msg}).") from None
        names = {field.name for field in fields(cls)}
        if not isinstance(values, dict) or not set(values) <= names:
            raise ConfigError(f"{SETTINGS_ENV} must be a JSON object with keys among {', '.join(sorted(names))}.")
        return values

    @staticmethod
    def _convert(name: str, raw: str) -> Any:
        if name in ("db", "method"):
            return raw
        try:
            return int(raw)
        except ValueError:
            raise ConfigError(f"{ENV_PREFIX}{name.upper()} must be a whole number. Got {raw!r} instead.") from None
