"""The public surface: `__all__` lists what is public and nothing else, names that must agree agree, and
the light paths stay light."""

from __future__ import annotations

import subprocess
import sys

import storyline
from storyline.cli.brief import FORMATS
from storyline.cli.eval import BASELINES as CLI_BASELINES
from storyline.evaluate import BASELINES
from storyline.render import RENDERERS
from storyline.select import DEFAULT_METHOD, SELECTORS
from storyline.settings import METHODS


def test_all_lists_every_public_name_and_each_resolves() -> None:
    exported = {
        name
        for name, value in vars(storyline).items()
        if not name.startswith("_") and getattr(value, "__module__", "").startswith("storyline")
    }
    assert exported <= set(storyline.__all__)
    for name in storyline.__all__:
        assert getattr(storyline, name) is not None


def test_names_kept_apart_for_a_light_command_line_agree_with_their_registries() -> None:
    assert set(METHODS) == set(SELECTORS) and DEFAULT_METHOD in METHODS
    assert set(FORMATS) == set(RENDERERS)
    assert set(CLI_BASELINES) == set(BASELINES)


def test_help_and_version_import_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from storyline.cli import main\n"
        "sys.argv = ['storyline', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('numpy', 'scipy', 'sklearn', 'pysbd', 'trafilatura', 'storyline.pipeline')"
        " if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in done.stdout, done.stdout + done.stderr
    version = subprocess.run(
        [sys.executable, "-c", "from storyline.cli import main; main()", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert version.stdout.strip() == f"storyline {storyline.__version__}"
