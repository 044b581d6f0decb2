"""The web in headless Chromium (Debian's, never downloaded): a resident reports a need on the chat
page by typing and tapping; a cadre logs in, finds it on the dashboard, changes its status and
exports Excel; the resident then sees the new status in the chat.

Screenshots of both pages at phone and desktop width are saved in tests/artifacts/.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.config import PROJECT_ROOT

pytestmark = pytest.mark.e2e
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
PASSWORD = "浏览器测试-密码-2026"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (.ci/run installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def cadre_password(e2e_roster) -> str:
    """C001 (王芳, 城厢镇) gets a web password, set with the command line as an administrator would."""
    env = {**os.environ, "ROSTER_FILE": str(e2e_roster)}
    subprocess.run([sys.executable, "-m", "bot", "cadre", "passwd", "C001"], input=PASSWORD + "\n", text=True,
                   env=env, cwd=PROJECT_ROOT, check=True, capture_output=True)
    return PASSWORD


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            yield chromium
        finally:
            chromium.close()


def test_a_need_goes_from_the_chat_page_to_the_dashboard_and_back(gateway, browser, cadre_password):
    resident = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN").new_page()
    tracking_id = report_a_need(resident, gateway)

    cadre = browser.new_context(viewport=DESKTOP, locale="zh-CN", accept_downloads=True).new_page()
    log_in(cadre, gateway)
    handle_on_the_dashboard(cadre, tracking_id, note="已安排保洁员今天下午清运")
    rows = export_needs(cadre)
    assert rows[tracking_id][6] == "处理中" and rows[tracking_id][5].endswith("<b>很急</b>")

    resident.fill("#input", f"{tracking_id}进度怎么样了")
    resident.click("#composer button[type=submit]")
    resident.wait_for_selector("text=已安排保洁员今天下午清运", timeout=30000)  # the cadre's note reaches the resident
    assert resident.locator(".card.status .card-value").last.inner_text() == tracking_id


def report_a_need(page, url: str) -> str:
    page.goto(url)
    page.fill("#input", "城厢镇东区社区小区门口的垃圾桶满出来好几天没人倒 <b>很急</b>")
    page.click("#composer button[type=submit]")
    page.get_by_role("button", name="不留").click()
    page.get_by_role("button", name="确认提交").click()
    card = page.locator(".card.tracking .card-value")
    card.wait_for(timeout=30000)
    tracking_id = card.inner_text()
    assert re.fullmatch(r"XQ\d{6}", tracking_id)
    assert page.locator(".row.me .bubble").first.inner_text().endswith("<b>很急</b>")  # shown as typed
    assert page.locator(".row.me b").count() == 0  # never parsed as HTML
    page.screenshot(path=str(ARTIFACTS / "chat-phone.png"), full_page=True)
    page.reload()  # a reload keeps the conversation on the page
    page.wait_for_selector(f"text={tracking_id}")
    assert page.locator(".row.me .bubble").count() >= 3
    page.context.set_offline(True)  # a dropped connection: the message is kept, then sent when it is back
    page.fill("#input", "我上次反映的那个怎么样了")
    page.click("#composer button[type=submit]")
    page.wait_for_selector("text=这句话先存着")
    page.context.set_offline(False)
    page.locator(".card.status .card-value").wait_for(timeout=30000)
    assert page.locator(".card.status .card-value").inner_text() == tracking_id
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(ARTIFACTS / "chat-desktop.png"))
    page.set_viewport_size(PHONE)
    return tracking_id


def log_in(page, url: str) -> None:
    page.goto(f"{url}/dashboard")
    assert page.url.endswith("/login")  # no session, no dashboard
    page.fill("input[name=cadre_id]", "C002")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=编号或密码不对")
    page.fill("input[name=cadre_id]", "c001")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#chart-coverage svg")
    assert page.locator("#who").inner_text() == "王芳（城厢镇）"
    assert "城厢镇试点覆盖率" in page.locator("#cards").inner_text()
    page.wait_for_timeout(800)  # the charts' entry animation
    page.screenshot(path=str(ARTIFACTS / "dashboard-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / "dashboard-phone.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def handle_on_the_dashboard(page, tracking_id: str, note: str) -> None:
    page.get_by_role("tab", name="需求目录").click()
    page.fill("input[name=q]", tracking_id.lower())
    page.get_by_role("button", name="查询").click()
    page.wait_for_selector("text=共 1 条")
    row = page.locator("#rows tr.clickable")
    assert row.locator("td.text").inner_text().endswith("<b>很急</b>") and page.locator("#rows b").count() == 0
    row.click()
    page.select_option("#status-form select[name=status]", "in_progress")
    page.fill("#status-form textarea[name=note]", note)
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("text=已保存：处理中")
    assert note in page.locator("#detail-history").inner_text()
    page.screenshot(path=str(ARTIFACTS / "dashboard-need.png"))
    page.keyboard.press("Escape")


def export_needs(page) -> dict[str, tuple]:
    with page.expect_download() as download:
        page.get_by_role("link", name="导出Excel").click()
    body = Path(download.value.path()).read_bytes()
    sheet = load_workbook(io.BytesIO(body)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("治理需求目录（城厢镇）")
    return {row[0]: row for row in rows[2:]}
