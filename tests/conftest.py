"""Shared fixtures. Tests that need ../shared (the team's real corpus) skip with a reason when it
is absent on a developer machine, and fail in CI (CI=true), where it must be present."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "corpus"
GOLDEN = ROOT / "golden"


def _need_shared() -> Path:
    if (SHARED / "corpus").is_dir():
        return SHARED
    if os.environ.get("CI"):
        pytest.fail(
            f"../shared is missing at {SHARED}; CI must run with the shared corpus beside the clone"
        )
    pytest.skip(f"../shared not found at {SHARED} (the real corpus lives there; see README)")


# the fixtures that reach ../shared or start a server: the tests that use them are marked, so
# that `pytest -m "not shared and not slow"` is a lane of its own (under a minute)
SHARED_FIXTURES = {"shared", "seed_path", "corpus_dirs"}
SLOW_FIXTURES = {"postgres_server", "pg_store"}


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & SHARED_FIXTURES:
            item.add_marker(pytest.mark.shared)
        if names & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def shared() -> Path:
    return _need_shared()


@pytest.fixture(scope="session")
def seed_path(shared) -> Path:
    return shared / "corpus" / "seed" / "cnipa-guideline-2023-en.txt"


@pytest.fixture(scope="session")
def corpus_dirs() -> list[Path]:
    dirs = [CORPUS]
    if (SHARED / "corpus").is_dir():
        dirs.append(SHARED / "corpus")
    return dirs


def _initdb() -> "str | None":
    import glob
    import shutil

    found = shutil.which("initdb") or sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return found if isinstance(found, str) else (found[-1] if found else None)


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server of our own on 127.0.0.1 for the session (Debian's postgresql package,
    which .ci/run installs), or the one named by POLICYPARSE_TEST_POSTGRES. Yields a URL to
    its maintenance database. Skips with the reason where none can run; fails in CI."""
    import shutil
    import socket
    import subprocess
    import tempfile

    if os.environ.get("POLICYPARSE_TEST_POSTGRES"):
        yield os.environ["POLICYPARSE_TEST_POSTGRES"]
        return

    def unavailable(why: str):
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PostgreSQL tests: {why}")
        pytest.skip(f"no PostgreSQL server can run here: {why}")

    initdb = _initdb()
    if not initdb:
        unavailable("initdb not found (apt-get install postgresql)")
    bindir = Path(initdb).parent
    run_as: list[str] = []
    base = tempfile.mkdtemp(prefix="policyparse-pg-")
    if os.geteuid() == 0:  # the server refuses to run as root: run it as the postgres user
        import pwd

        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(base, ignore_errors=True)
            unavailable("running as root and there is no postgres user to run the server as")
        os.chown(base, pw.pw_uid, pw.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data = os.path.join(base, "data")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    try:
        subprocess.run(
            [
                *run_as,
                str(initdb),
                "-D",
                data,
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        subprocess.run(
            [
                *run_as,
                str(bindir / "pg_ctl"),
                "-D",
                data,
                "-l",
                os.path.join(base, "log"),
                "-w",
                "-o",
                f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -F",
                "start",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as e:
        out = getattr(e, "stderr", b"") or b""
        shutil.rmtree(base, ignore_errors=True)
        unavailable(f"the server did not start ({e}; {out.decode(errors='replace')[-300:]})")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*run_as, str(bindir / "pg_ctl"), "-D", data, "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server, request):
    """A fresh, empty database on the session's server for one test."""
    import re

    import psycopg

    name = "t_" + re.sub(r"\W", "_", request.node.name.lower())[:50]
    with psycopg.connect(postgres_server, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        c.execute(f'CREATE DATABASE "{name}"')
    return postgres_server.rsplit("/", 1)[0] + "/" + name
