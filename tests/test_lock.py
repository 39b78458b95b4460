"""The install cannot drift: the locks are complete, pinned, hashed and consistent (issue #13, §1).

`make setup` installs requirements.lock and requirements-dask.lock with `pip install --no-deps
--require-hashes`, so pip resolves nothing: whatever a package needs must already be in a lock, at a version
it accepts. These tests read the locks as text and the installed packages' own metadata, so a lock that
misses a dependency (or the extra of one, like justext's `lxml[html_clean]`) fails here, not on a new machine.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

LOCKS = (ROOT / "requirements.lock", ROOT / "requirements-dask.lock")
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)\s*(\\)?$")


def _parse_lock(path: Path) -> dict[str, tuple[str, int]]:
    """name → (version, number of hashes) for every requirement of a lock; fails on an unpinned line."""
    pins: dict[str, tuple[str, int]] = {}
    current: str | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped.startswith("-c "):
            continue
        if stripped.startswith("--hash=sha256:"):
            assert current is not None, f"{path.name} line {number}: a hash before any requirement"
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
            continue
        match = _PIN.match(stripped)
        assert match, f"{path.name} line {number}: not pinned with == (resolving would drift): {stripped!r}"
        current = canonicalize_name(match.group(1))
        assert current not in pins, f"{path.name} line {number}: {current} is listed twice"
        pins[current] = (match.group(2), 0)
    return pins


def _locked() -> dict[str, str]:
    main, dask = (_parse_lock(path) for path in LOCKS)
    for name in main.keys() & dask.keys():
        assert main[name][0] == dask[name][0], (
            f"{name}: {main[name][0]} in one lock, {dask[name][0]} in the other"
        )
    return {name: version for name, (version, _) in {**main, **dask}.items()}


@pytest.mark.parametrize("lock", LOCKS, ids=lambda p: p.name)
def test_every_locked_package_is_pinned_and_hashed(lock: Path) -> None:
    pins = _parse_lock(lock)
    assert len(pins) > 10
    assert [name for name, (_, hashes) in pins.items() if hashes == 0] == []


def test_pyproject_pins_match_the_lock() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        declared += extra
    locked = _locked()
    for text in declared:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{text!r} is declared in pyproject.toml but not locked: run `make lock`"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"pyproject.toml says {text!r}, the lock has {locked[name]}: run `make lock`"
        )


def _needs(distribution: str, extras: frozenset[str]) -> list[Requirement]:
    """What an installed distribution requires on this platform, with the given extras requested."""
    needed = []
    for text in metadata.requires(distribution) or []:
        requirement = Requirement(text)
        environments = [{"extra": extra} for extra in extras or {""}]
        if requirement.marker is None or any(requirement.marker.evaluate(env) for env in environments):
            needed.append(requirement)
    return needed


def test_the_locks_hold_every_dependency_of_what_they_lock() -> None:
    """Walk the requirements from newsfacts and all its extras down: each must be locked, in range.

    This reads the metadata of the installed packages, which `make setup` installed from the locks.
    """
    locked = _locked()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    todo = [("newsfacts", frozenset(project["optional-dependencies"]))]
    seen: set[tuple[str, frozenset[str]]] = set()
    problems = []
    while todo:
        distribution, extras = todo.pop()
        if (distribution, extras) in seen:
            continue
        seen.add((distribution, extras))
        for requirement in _needs(distribution, extras):
            name = canonicalize_name(requirement.name)
            if name not in locked:
                problems.append(f"{distribution} needs {requirement}, which no lock lists")
            elif not requirement.specifier.contains(locked[name], prereleases=True):
                problems.append(f"{distribution} needs {requirement}, the lock has {locked[name]}")
            else:
                todo.append((name, frozenset(requirement.extras)))
    assert problems == []
    # every locked package is reachable from newsfacts or is part of the build tooling
    reached = {name for name, _ in seen}
    assert sorted(set(locked) - reached - {"setuptools", "wheel"}) == []


def test_the_environment_is_exactly_the_locks() -> None:
    """What `make setup` installed is what the locks list, version for version, and pip finds it whole."""
    installed = {
        canonicalize_name(d.metadata["Name"]): d.version
        for d in metadata.distributions()
        if canonicalize_name(d.metadata["Name"]) not in {"newsfacts", "pip"}
    }
    assert installed == _locked()
    check = subprocess.run(
        [sys.executable, "-m", "pip", "check"], capture_output=True, text=True, timeout=120
    )
    assert (check.returncode, check.stdout.strip()) == (0, "No broken requirements found.")
