"""The cadres' dashboard in headless Chromium (Debian's) at a phone's width, 375 × 812, and on a desktop.

Only the web gateway runs (the dashboard never talks to Rasa), on a catalog with known figures
(tests/integration/registry_fixture.py): 城厢镇 has 23 communities and 7 pilots since 2022-09-01, and
南园社区 three needs, the last one solved. C001 王芳 is the town cadre of 城厢镇.
The rates and cases cards are also checked on answers of the documented shape, played by the browser,
so they are tested whatever the server they come from holds.

Screenshots: tests/artifacts/dashboard_phone.png, dashboard_phone_cards.png, dashboard_desktop.png.
"""

from __future__ import annotations

import json
import re

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text

from bot.cadres.roster import Cadre, Roster, save_roster
from bot.catalog.db import Catalog
from bot.catalog.seed import create_catalog
from bot.clock import china_today
from bot.places.loader import load_gazetteer
from bot.servers import free_port, start_gateway
from tests.e2e.test_browser import ARTIFACTS, CHROMIUM, browser  # noqa: F401  (the browser fixture)
from tests.integration.registry_fixture import build_registry, file_needs
from tests.integration.test_web import closed_port

pytestmark = pytest.mark.e2e
PASSWORD = "手机看板-密码-2026"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 860}
TYPES = ["老街巷社区", "普通商品房社区", "动迁安置社区", "村改居社区", "城郊融合村", "特色乡村", "传统乡村", "拆迁撤并村"]

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (.ci/run installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def known(tmp_path_factory, base_settings):
    """A catalog with known figures and a roster holding C001, the town cadre of 城厢镇."""
    folder = tmp_path_factory.mktemp("dashboard-phone")
    url = f"sqlite:///{folder / 'catalog.db'}"
    gazetteer = load_gazetteer(base_settings.places_csv)
    create_catalog(url, gazetteer)
    catalog = Catalog(url)
    build_registry(catalog, gazetteer)
    filed = file_needs(catalog, gazetteer)
    catalog.dispose()
    roster = folder / "roster.yml"
    save_roster(roster, Roster([Cadre("C001", "王芳", "town", "城厢镇", password_hash=PasswordHasher().hash(PASSWORD))]))
    return {"url": url, "roster": roster, "folder": folder, "done": filed["tracking"][-1]}


@pytest.fixture(scope="module")
def web_alone(known):
    """The gateway by itself: no Rasa behind it, which the dashboard never needs."""
    port = free_port()
    env = {"DATABASE_URL": known["url"], "ROSTER_FILE": str(known["roster"]),
           "SECRET_KEY": "e2e-dashboard-secret-0123456789", "OUTBOX_PATH": str(known["folder"] / "outbox.db")}
    process = start_gateway(f"http://127.0.0.1:{closed_port()}", port, env, known["folder"] / "web.log")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def logged_in(browser, url: str, viewport: dict):  # noqa: F811
    page = browser.new_context(viewport=viewport, device_scale_factor=2, locale="zh-CN").new_page()
    page.goto(f"{url}/login")
    page.fill("input[name=cadre_id]", "C001")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#chart-types svg text")
    page.wait_for_selector("#targets-table tr.mine")
    return page


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def svg_text(page, selector: str) -> str:
    return page.evaluate(f"document.querySelector({json.dumps(selector)}).textContent")


def test_the_overview_on_a_phone_marks_the_own_town_labels_every_type_and_judges_targets_twice(web_alone, browser):  # noqa: F811
    page = logged_in(browser, web_alone, PHONE)
    legend = page.locator("#types-legend li .name").all_inner_texts()
    assert len(legend) == 8 and sorted(legend) == sorted(TYPES)
    assert page.locator("#types-legend li", has_text="城郊融合村").text_content() == "城郊融合村 0个"  # none, still listed
    types = svg_text(page, "#chart-types")
    # Each town's bar with its total: 城厢镇 7, 科教新城 5, 浏河镇 9; the others none.
    assert "▶城厢镇（本镇）" in types and {"共7个", "共5个", "共9个", "共0个"} <= set(re.findall(r"共\d+个", types))
    assert "▶城厢镇（本镇）" in svg_text(page, "#chart-coverage")
    assert page.locator("#targets-table th.at-deadline").count() == 2 and page.locator("#targets-table th.now").count() == 2
    mine = page.locator("#targets-table tr.mine")
    assert mine.count() == 1
    # 23 communities: 30% needs 7 (7 pilots since 2022-09: met then and now); more than 60% needs 14 (7 short).
    assert [c.inner_text() for c in mine.locator("th, td").all()] == [
        "▶城厢镇（本镇）", "7个 · 达标", "7个 · 达标", "7个 · 差7个", "7个 · 差7个"]
    assert mine.evaluate("row => getComputedStyle(row.cells[0]).fontWeight") == "700"
    lead = [[c.inner_text() for c in row.locator("td").all()] for row in page.locator("#lead-table tr").all()[1:]]
    assert lead == [["老街巷社区", "2个 · 达标", "2个 · 达标"], ["普通商品房社区", "1个 · 差1个", "1个 · 差1个"]]
    today = china_today().isoformat()
    assert page.get_by_role("link", name="下载中期评估报告").get_attribute("href") == f"/api/report?format=pdf&as_of={today}"
    assert page.get_by_role("link", name="下载 Excel").get_attribute("href") == f"/api/report?format=xlsx&as_of={today}"
    # The rates of 城厢镇: 3 needs, all in 南园社区, none asked back yet.
    page.wait_for_selector("#rates-panel[data-state=shown]")
    assert "需求 3 件，回访 0 次" in page.locator("#rates-period").inner_text()
    responded = page.locator("#rates-cards .card", has_text="响应率")
    assert responded.locator(".value").inner_text() == "—" and responded.locator(".note").inner_text() == "暂无回访"
    assert page.locator("#rates-ranking li").all_inner_texts() == ["南园社区（城厢镇）\n综合得分 —（暂无回访）· 需求 3 件"]
    assert page.locator("#rates-idle").inner_text() == "另有 22 个村（社区）这段时间没有需求，不排名。"
    page.wait_for_selector("#cases-panel[data-state=shown]")
    assert scroll_width(page) <= PHONE["width"]
    page.wait_for_timeout(800)  # the charts' entry animation
    page.screenshot(path=str(ARTIFACTS / "dashboard_phone.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / "dashboard_desktop.png"), full_page=True)


def test_the_needs_on_a_phone_are_cards_and_their_buttons_work(web_alone, browser, known):  # noqa: F811
    page = logged_in(browser, web_alone, PHONE)
    page.get_by_role("tab", name="需求目录").click()
    page.wait_for_selector("text=共 3 条")
    assert not page.locator("#rows tr.head").is_visible()  # no table header on a card
    cards = page.locator("#rows tr.clickable")
    assert cards.count() == 3
    for card in cards.all():
        assert re.fullmatch(r"XQ\d{6}", card.locator("td.k-tracking_id").inner_text())
        assert card.locator("td.k-place").inner_text() == "城厢镇 南园社区"
        assert card.locator("td.k-status_label").inner_text() in ("已受理，等待社区处理", "已解决")
        due = card.locator("td.k-finish_by")  # its label comes before it from data-label, in CSS
        assert due.get_attribute("data-label") == "应办结" and due.is_visible()
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", due.inner_text())
        assert card.locator("td.k-tier_label").inner_text() == "待治理项目"  # no resource in this catalog
        box = card.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=str(ARTIFACTS / "dashboard_phone_cards.png"), full_page=True)

    open_card = cards.filter(has_text="已受理")
    open_card.first.get_by_role("button", name="查看详情 · 办理").click()
    press = page.get_by_role("button", name="督办", exact=True)
    press.wait_for()
    box = press.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"] and not page.locator("#case-form").is_visible()
    page.fill("#supervise-form textarea[name=note]", "请本周内办结")
    press.click()
    page.wait_for_selector("text=已督办，记入处理记录")
    assert "请本周内办结" in page.locator("#detail-history").inner_text()
    page.keyboard.press("Escape")
    page.wait_for_selector("#rows td.k-tracking_id:has-text('督办')")  # pressed for: it heads the list now

    cards.filter(has_text=known["done"]).get_by_role("button", name="查看详情 · 办理").click()
    page.fill("#case-form input[name=title]", "楼下垃圾当天清走")
    page.fill("#case-form textarea[name=account]", "网格员发现后当天联系物业清运，居民电话13812345678")
    page.get_by_role("button", name="设为特色案例").click()
    page.wait_for_selector("text=已设为特色案例")
    page.keyboard.press("Escape")
    page.get_by_role("tab", name="概览").click()
    case = page.locator("#cases-list li", has_text="楼下垃圾当天清走")
    case.wait_for()
    assert known["done"] in case.inner_text() and "南园社区（城厢镇）" in case.inner_text()
    assert "13812345678" not in case.inner_text()  # a phone in the account is masked


def test_a_call_back_by_phone_is_recorded_from_the_need_dialog(web_alone, browser, known):  # noqa: F811
    page = logged_in(browser, web_alone, PHONE)
    page.get_by_role("tab", name="需求目录").click()
    page.wait_for_selector("text=共 3 条")
    page.locator("#rows tr.clickable", has_text=known["done"]).get_by_role("button", name="查看详情 · 办理").click()
    form = page.locator("#visit-form")
    form.wait_for()
    form.locator("select[name=contacted]").select_option("true")
    form.locator("select[name=solved]").select_option("true")
    form.locator("select[name=satisfaction]").select_option("基本满意")
    form.locator("textarea[name=words]").fill("修是修好了，就是等了一个礼拜")
    page.get_by_role("button", name="记录回访").click()
    page.wait_for_selector("text=已记录电话回访")
    catalog = Catalog(known["url"])
    try:
        with catalog.unit_of_work() as session:
            rows = session.execute(text("SELECT v.source, v.contacted, v.solved, v.satisfaction, v.words FROM visits v "
                                        "JOIN needs n ON n.id = v.need_id WHERE n.tracking_id = :t"),
                                   {"t": known["done"]}).all()
    finally:
        catalog.dispose()
    assert [tuple(r) for r in rows] == [("phone", True, True, "基本满意", "修是修好了，就是等了一个礼拜")]


RATES = {"area": "城厢镇", "from": "2026-01-01", "to": "2026-12-05",
         "weights": {"responded": 0.1, "solved": 0.5, "satisfied": 0.4},
         "rates": {"needs": 12, "visits": 5, "supporter_visits": 2, "responded": 0.8, "solved": 0.6, "satisfied": None,
                   "composite": 0.55, "on_time_acknowledged": 0.75, "on_time_finished": None, "reopened": 0.0},
         "communities": [
             {"community": "南园社区", "town": "城厢镇", "needs": 4, "visits": 2, "responded": 0.5, "solved": 0.5,
              "satisfied": 0.45, "composite": 0.48, "on_time_acknowledged": 1.0, "on_time_finished": 0.5, "reopened": 0.25},
             {"community": "东区社区", "town": "城厢镇", "needs": 8, "visits": 3, "responded": 1.0, "solved": 0.667,
              "satisfied": 0.9, "composite": 0.79, "on_time_acknowledged": 0.5, "on_time_finished": None, "reopened": 0.0},
             {"community": "西门社区", "town": "城厢镇", "needs": 1, "visits": 0, "responded": None, "solved": None,
              "satisfied": None, "composite": None, "on_time_acknowledged": None, "on_time_finished": None,
              "reopened": None}]}
CASES = {"cases": [{"id": 1, "tracking_id": "XQ000009", "title": "老旧小区楼道灯一周修复", "account": "社区能人带队，三天装好",
                    "community": "南园社区", "town": "城厢镇", "created_at": "2026-11-02T10:00:00+08:00"}]}
REFUSED = "只有本镇已解决的需求才能设为特色案例"


def test_rates_and_cases_cards_show_answers_of_the_documented_shape(web_alone, browser, known):  # noqa: F811
    posted = []

    def cases(route):
        if route.request.method == "POST":
            posted.append(json.loads(route.request.post_data))
            route.fulfill(status=400, content_type="application/json", body=json.dumps({"error": REFUSED}))
        else:
            route.fulfill(content_type="application/json", body=json.dumps(CASES))

    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    page.route("**/api/rates", lambda route: route.fulfill(content_type="application/json", body=json.dumps(RATES)))
    page.route("**/api/cases", cases)
    page.goto(f"{web_alone}/login")
    page.fill("input[name=cadre_id]", "C001")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#rates-panel:not([hidden])")
    rates = {c.locator(".label").inner_text(): (c.locator(".value").inner_text(), c.locator(".note").all_inner_texts())
             for c in page.locator("#rates-cards .card").all()}
    assert rates["响应率"] == ("80%", []) and rates["满意率"] == ("—", ["暂无回访"]) and rates["重办率"] == ("0%", [])
    assert rates["综合得分"] == ("55%", []) and rates["按时办结率"][0] == "—"
    ranked = page.locator("#rates-ranking li").all_inner_texts()
    assert [r.split("（")[0] for r in ranked] == ["南园社区", "东区社区", "西门社区"]  # lowest first, none last
    assert "需关注" in ranked[0] and "综合得分 48%" in ranked[0] and "暂无回访" in ranked[2] and "需关注" not in ranked[2]
    assert "回访 5 次" in page.locator("#rates-period").inner_text()
    assert "老旧小区楼道灯一周修复" in page.locator("#cases-list").inner_text()
    assert scroll_width(page) <= PHONE["width"]

    page.get_by_role("tab", name="需求目录").click()
    page.locator("#rows tr.clickable", has_text=known["done"]).get_by_role("button", name="查看详情 · 办理").click()
    page.wait_for_selector("#case-form:not([hidden])")
    assert not page.locator("#supervise-form").is_visible()  # solved: nothing to press for
    page.fill("#case-form input[name=title]", "楼下垃圾当天清走")
    page.fill("#case-form textarea[name=account]", "网格员发现后当天联系物业清运")
    page.get_by_role("button", name="设为特色案例").click()
    page.wait_for_selector(f"#case-message:has-text('{REFUSED}')")
    assert posted == [{"tracking_id": known["done"], "title": "楼下垃圾当天清走", "account": "网格员发现后当天联系物业清运"}]


def test_the_rates_and_cases_cards_stay_away_when_their_endpoints_do_not_answer(web_alone, browser):  # noqa: F811
    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    for endpoint in ("**/api/rates", "**/api/cases"):
        page.route(endpoint, lambda route: route.fulfill(status=404, body="404: Not Found"))
    page.goto(f"{web_alone}/login")
    page.fill("input[name=cadre_id]", "C001")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#rates-panel[data-state=absent]", state="attached")
    page.wait_for_selector("#cases-panel[data-state=absent]", state="attached")
    assert not page.locator("#rates-panel").is_visible() and not page.locator("#cases-panel").is_visible()
    assert page.locator("#targets-table tr.mine").is_visible()  # the rest of the page is there
