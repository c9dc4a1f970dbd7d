"""requirements/ci.lock pins what pyproject.toml asks for: a dependency or extra added without
refreshing the lock (README "Install and run") fails here, not on a fresh CI machine."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def pinned() -> dict[str, Version]:
    text = (ROOT / "requirements" / "ci.lock").read_text(encoding="utf-8")
    return {canonicalize_name(name): Version(version)
            for name, version in re.findall(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", text, flags=re.M)}


def test_lock_pins_every_dependency_the_test_extra_and_the_build_backend():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [*project["project"]["dependencies"], *project["project"]["optional-dependencies"]["test"],
              *project["build-system"]["requires"]]
    lock = pinned()
    for spec in map(Requirement, wanted):
        name = canonicalize_name(spec.name)
        assert name in lock, f"{spec.name} is not in requirements/ci.lock: refresh it"
        assert spec.specifier.contains(lock[name], prereleases=True), f"{spec} but the lock pins {lock[name]}"


def test_every_pin_carries_a_hash():
    text = (ROOT / "requirements" / "ci.lock").read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9._-]+==)", text.split("\n", 2)[2])
    assert len(blocks) == len(pinned())
    for block in blocks:
        assert "--hash=sha256:" in block, block.splitlines()[0]
