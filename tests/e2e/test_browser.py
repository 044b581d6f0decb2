"""A resident reports a need on the chat page in headless Chromium (Debian's, never downloaded).

Screenshots at phone and desktop width are saved in tests/artifacts/.
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from tests.e2e.conftest import free_port

pytestmark = pytest.mark.e2e
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (.ci/run installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def gateway(servers, e2e_database):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": e2e_database, "SECRET_KEY": "browser-test-secret-0123456789"}
    process = subprocess.Popen([sys.executable, "-m", "bot", "web", "--port", str(port), "--rasa-url", servers.rasa_url],
                               cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=1)
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail("the web gateway did not start")
            import time

            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_a_resident_reports_a_need_by_typing_and_tapping(gateway):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
            page.goto(gateway)
            page.fill("#input", "城厢镇东区社区小区门口的垃圾桶满出来好几天没人倒 <b>很急</b>")
            page.click("#composer button[type=submit]")
            page.get_by_role("button", name="不留").click()
            page.get_by_role("button", name="确认提交").click()
            page.wait_for_selector("text=/编号：XQ\\d{6}/", timeout=30000)
            assert page.locator(".row.me .bubble").first.inner_text().endswith("<b>很急</b>")  # shown as typed
            assert page.locator(".row.me b").count() == 0  # never parsed as HTML
            page.screenshot(path=str(ARTIFACTS / "chat-phone.png"), full_page=True)
            page.set_viewport_size({"width": 1280, "height": 800})
            page.screenshot(path=str(ARTIFACTS / "chat-desktop.png"))
        finally:
            browser.close()
    assert (ARTIFACTS / "chat-phone.png").stat().st_size > 10_000
