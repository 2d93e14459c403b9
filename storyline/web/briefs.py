"""Brief what a visitor pastes or uploads, through the same readers and pipeline as the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from storyline.errors import InputError
from storyline.ingest import read_string
from storyline.ingest.decode import decode
from storyline.models import Article, Problem, Report
from storyline.pipeline import brief


@dataclass(frozen=True, slots=True)
class Upload:
    """One pasted text or uploaded file: a name to report problems under, and its bytes."""

    name: str
    data: bytes
    kind: str = ""  # a file suffix that picks the reader; by default the name's own, else sniffed

    @property
    def suffix(self) -> str:
        return self.kind or PurePath(self.name).suffix.lower()


def brief_uploads(uploads: list[Upload], words: int, method: str) -> Report:
    """One briefing of every article in the uploads; unusable uploads become problems, as in the CLI."""
    items: list[Article | Problem] = []
    for upload in uploads:
        try:
            text = decode(upload.data, upload.name)
        except InputError as error:
            items.append(Problem(error.path, error.message))
            continue
        if not text.strip():
            items.append(Problem(upload.name, "empty"))
            continue
        items.extend(read_string(text, upload.name, upload.suffix))
    report = brief([item for item in items if isinstance(item, Article)], words=words, method=method)
    report.problems[:0] = [item for item in items if isinstance(item, Problem)]
    return report
