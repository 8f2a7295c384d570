"""Re-run a script inside a virtual environment with pinned PyPI packages installed.

Shared by scripts/gazetteer.py and bench/anonymizer.py: each keeps its venv under .build-py/
(ignored by git), installs exactly its pinned versions once (a stamp file records them), and
re-executes itself with the venv's python.
"""
from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path


def ensure_venv(directory: Path, packages: dict[str, str], label: str, root: Path) -> None:
    """Return when running inside `directory`; otherwise create it, install `packages`
    (name → version) if the stamp differs, and exec this script again inside it."""
    if Path(sys.prefix).resolve() == directory.resolve():
        return
    python = directory / "bin" / "python"
    if not python.exists():
        print(f"{label}: creating {directory.relative_to(root)}", file=sys.stderr)
        venv.create(directory, with_pip=True)
    stamp = directory / "installed.txt"
    want = "\n".join(f"{name}=={version}" for name, version in sorted(packages.items())) + "\n"
    if not stamp.exists() or stamp.read_text() != want:
        print(f"{label}: pip install " + " ".join(want.split()), file=sys.stderr)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *want.split()], check=True)
        stamp.write_text(want)
    os.execv(str(python), [str(python), *sys.argv])
