"""The requirements of pyproject's ``encryption`` extra that the packaged app bundles.

    python packaging/encryption_requirements.py [--keyring]     (packaging/build.sh)

Prints one requirement a line, environment markers included (pip evaluates them): the SQLCipher
driver (``sqlcipher3-binary`` on Linux x86-64, ``sqlcipher3-wheels`` elsewhere). ``keyring`` is
left out unless ``--keyring`` is given: on Linux it brings SecretStorage, cryptography and
jeepney, 12.4 MB of the bundle (docs/PACKAGING.md). pyproject.toml stays the one list.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
OPTIONAL = ("keyring",)  # bundled only on request


def requirement_name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[(@]", requirement.strip(), maxsplit=1)[0].lower()


def bundled(pyproject: Path = PYPROJECT, keyring: bool = False) -> list[str]:
    extra = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"][
        "optional-dependencies"]["encryption"]
    return [r for r in extra if keyring or requirement_name(r) not in OPTIONAL]


def main(argv: list[str]) -> int:
    print("\n".join(bundled(keyring="--keyring" in argv[1:])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
