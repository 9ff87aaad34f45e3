"""End-to-end fixtures: a real `streamlit run` server on loopback and Debian's headless Chromium.

The browser is Debian's ``chromium`` package driven by Playwright's Python
API with ``executable_path`` set: no browser is ever downloaded. Without
``/usr/bin/chromium`` the tests are skipped on a developer's machine and fail
under CI (``CI=true``), where ``.ci/run`` installs it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "examples" / "notices"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STARTUP_SECONDS = 90


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "e2e: end-to-end test in a real browser against a real server")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer on {url} within {STARTUP_SECONDS} s:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="session")
def e2e_store(tmp_path_factory) -> Path:
    from policykg.ingest.batch import ingest_paths
    from policykg.ingest.store import RecordStore

    store = tmp_path_factory.mktemp("e2e") / "store"
    report = ingest_paths(sorted(SAMPLES.glob("*.txt")), RecordStore(store))
    assert report.ok, [str(f.error) for f in report.failed]
    return store


def _serve(store: Path, tmp_path_factory, *, lang: str, headless: bool):
    """Start the explorer as `policykg explore` does; yields its base URL, then stops it."""
    from policykg.explorer.launch import command, environment

    port = _free_port()
    log = tmp_path_factory.mktemp(f"e2e-log-{lang}") / "streamlit.log"
    env = environment(store)
    if not headless:
        # As on a developer's machine: a coding agent's marker in the home
        # folder makes Streamlit eligible to show its "Help agents write better
        # apps" card, which the explorer's settings must keep away; a stand-in
        # xdg-open keeps the server from starting a real browser.
        home = tmp_path_factory.mktemp(f"e2e-home-{lang}")
        (home / ".claude").mkdir()
        bin_dir = tmp_path_factory.mktemp(f"e2e-bin-{lang}")
        opener = bin_dir / "xdg-open"
        opener.write_text("#!/bin/sh\nexit 0\n")
        opener.chmod(0o755)
        env.update(HOME=str(home), PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", BROWSER=str(opener))
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command(store, port, address="127.0.0.1", headless=headless, lang=lang),
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def server(e2e_store, tmp_path_factory):
    """The explorer in Chinese, served as on a developer's machine (not headless), on a free loopback port."""
    yield from _serve(e2e_store, tmp_path_factory, lang="zh", headless=False)


@pytest.fixture(scope="session")
def server_en(e2e_store, tmp_path_factory):
    """The explorer opening in English (``--lang en``), headless."""
    yield from _serve(e2e_store, tmp_path_factory, lang="en", headless=True)


def _cjk_fonts() -> bool:
    """Whether fontconfig knows a font for Chinese (without one, Chromium draws empty boxes)."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return False
    return bool(out.strip())


@pytest.fixture(scope="session")
def browser():
    missing = []
    if not CHROMIUM.exists():
        missing.append(str(CHROMIUM))
    if not _cjk_fonts():
        missing.append("a CJK font")
    if missing:
        message = f"{' and '.join(missing)} missing: apt-get install -y chromium fonts-noto-cjk"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    if os.environ.get("CI") == "true":
        from playwright.sync_api import sync_playwright
    else:
        sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


#: The window the screenshots are taken in (full-page, so taller pages are whole).
VIEWPORT = {"width": 1400, "height": 1000}


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
