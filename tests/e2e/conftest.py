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


@pytest.fixture(scope="session")
def server(e2e_store, tmp_path_factory):
    """The explorer served by `streamlit run` on a free loopback port; yields its base URL."""
    from policykg.explorer.launch import command, environment

    port = _free_port()
    log = tmp_path_factory.mktemp("e2e-log") / "streamlit.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command(e2e_store, port, address="127.0.0.1", headless=True),
            env=environment(e2e_store),
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


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 2200}, locale="zh-CN")
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
