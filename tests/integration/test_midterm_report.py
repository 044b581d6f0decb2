"""The mid-term evaluation report (中期评估), opened and read: the PDF's text and font, the workbook's cells.

The figures are counted here by hand or with SQL of our own, on the registry fixture (城厢镇: 7 pilots of 23 from
2022-09-01; 科教新城: 2 pilots from 2022-10-01, 3 more from 2023-03-01; 浏河镇: 9 from 2023-06-01) and its needs
(城厢镇南园社区 3, one resolved; 沙溪镇 4 open), with one call-back and one case added.
"""

from __future__ import annotations

import io
import math
from datetime import date
from urllib.parse import quote

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader, PdfWriter
from sqlalchemy import text

from bot.cli import main
from bot.clock import china_today
from bot.config import PROJECT_ROOT
from bot.needs.visits import VisitAnswer, record_visit
from bot.projects.cases import add_case
from bot.registry.progress import load_lead_types
from bot.reports.midterm import collect
from bot.reports.pdf import render_pdf
from bot.reports.xlsx import render_xlsx
from tests.integration.registry_fixture import build_registry, file_needs
from tests.integration.test_dashboard import bearer, client, login, password_hash, tokens  # noqa: F401

CASE_TITLE = "垃圾乱堆当天清"
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"


@pytest.fixture
def filed(catalog, gazetteer):
    build_registry(catalog, gazetteer)
    made = file_needs(catalog, gazetteer)
    done = made["tracking"][-1]
    record_visit(catalog, done, VisitAnswer(contacted=True, solved=True, satisfaction="基本满意"), source="phone",
                 recorded_by="测试")
    add_case(catalog, done, CASE_TITLE, "社区当天组织志愿者清理，居民很满意。", "王芳（C002）")
    return made


def _sql(catalog, query: str, **params):
    with catalog.engine.connect() as connection:
        return connection.execute(text(query), params).all()


def _communities(catalog, town: str | None) -> int:
    where = "WHERE t.name = :town" if town else ""
    return _sql(catalog, f"SELECT count(*) FROM communities AS c JOIN towns AS t ON t.id = c.town_id {where}",
                town=town)[0][0]


def _needs_by_category(catalog, town: str) -> dict[str, int]:
    return dict(_sql(catalog, "SELECT n.category, count(*) FROM needs AS n JOIN communities AS c ON c.id = n.community_id "
                              "JOIN towns AS t ON t.id = c.town_id WHERE t.name = :town GROUP BY n.category", town=town))


def _pdf_text(body: bytes) -> str:
    """The text of every page, without the spaces and line breaks the layout puts between cells."""
    return "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(body)).pages)


def _sheet(book, name: str) -> dict:
    """A two-column sheet as {label: value}."""
    return {row[0]: row[1] for row in book[name].iter_rows(min_row=2, values_only=True) if row and row[0]}


def _report(settings, catalog, as_of: date, town: str | None):
    return collect(catalog, load_lead_types(settings.lead_types_file), as_of, town)


def test_the_town_report_pdf_reads_back_the_counted_figures(settings, catalog, filed):
    today = china_today()
    body = render_pdf(_report(settings, catalog, today, "城厢镇"))
    words = _pdf_text(body)
    communities = _communities(catalog, "城厢镇")
    coverage = f"{100 * 7 / communities:.1f}%"  # 7 pilots by hand, rounded as written everywhere (30.4%)
    assert f"范围：城厢镇截至：{today.isoformat()}生成时间：" in words
    assert f"城厢镇村（社区）数{communities}" in words and f"试点覆盖率{coverage}" in words
    needs = sum(_needs_by_category(catalog, "城厢镇").values())
    assert f"截至当日的需求{needs}" in words
    for category, n in _needs_by_category(catalog, "城厢镇").items():
        assert f"{category}{n}{100 * n / needs:.1f}%" in words  # the dimension table, row by row
    assert "满意率90.0%" in words and "解决率100.0%" in words  # one call-back: solved, 基本满意 (0.9)
    assert f"{filed['tracking'][-1]}{CASE_TITLE}" in words and "2023年超过60%" in words
    assert b"/FontFile2" in body and b"WenQuanYiMicroHei" in body  # the Chinese font travels with the file
    ARTIFACTS.mkdir(exist_ok=True)
    first = PdfWriter()
    first.add_page(PdfReader(io.BytesIO(body)).pages[0])
    with open(ARTIFACTS / "midterm_report.pdf", "wb") as out:
        first.write(out)
    # The first page as a picture at a phone's width (375 px), as a cadre opening it on WeChat sees it.
    page = pdfium.PdfDocument(body)[0]
    page.render(scale=375 / page.get_width()).to_pil().save(ARTIFACTS / "midterm_report_phone.png")


def test_the_city_report_as_of_a_past_date_judges_each_target_on_its_deadline(settings, catalog, filed):
    book = load_workbook(io.BytesIO(render_xlsx(_report(settings, catalog, date(2023, 6, 30), None))))
    assert book.sheetnames == ["概况", "覆盖率目标", "牵头类型", "类型分布", "三份目录", "需求维度", "办理率", "超期",
                               "试点特色案例"]
    summary = _sheet(book, "概况")
    communities = _communities(catalog, None)
    pilots = 7 + 2 + 3 + 9  # every pilot had started by 2023-06-30
    assert summary["范围"] == "全市" and summary["截至日期"] == "2023-06-30"
    assert summary["试点"] == pilots and summary["全市村（社区）数"] == communities
    assert summary["截至当日的需求"] == 0  # the fixture's needs are filed today, long after
    targets = {row[0]: row for row in book["覆盖率目标"].iter_rows(min_row=2, values_only=True) if row[0]}
    at_2022 = 7 + 2  # 城厢镇 and 科教新城's first two
    needed_30 = math.ceil(0.3 * communities)
    assert targets["2022年底达到30%"][2] == needed_30
    assert targets["2022年底达到30%"][3] == f"{at_2022}个，未达标，差{needed_30 - at_2022}个"
    assert targets["2022年底达到30%"][4] == pilots
    assert targets["2023年超过60%"][3] == "未到期"
    assert targets["2023年超过60%"][5] == f"差{60 * communities // 100 + 1 - pilots}个"
    assert targets["城厢镇（2023-06-30）"][4] == 7
    types = {row[0]: row for row in book["类型分布"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert types["动迁安置社区"][2] == 4 + sum(1 for c in filed_liuhe_kinds(catalog) if c == "社区")
    assert types["合计"][2] == pilots
    cases = [row[0] for row in book["试点特色案例"].iter_rows(min_row=2, values_only=True) if str(row[0]).startswith("XQ")]
    assert cases == []  # the case was marked today, after the report's date


def filed_liuhe_kinds(catalog) -> list[str]:
    """The committee kinds of 浏河镇's 9 pilots (the fixture makes its 社区 动迁安置社区, its 村 特色乡村)."""
    rows = _sql(catalog, "SELECT c.kind FROM registry_changes AS r JOIN communities AS c ON c.id = r.community_id "
                         "JOIN towns AS t ON t.id = c.town_id WHERE t.name = '浏河镇' AND r.is_pilot "
                         "AND r.superseded_at IS NULL")
    return [kind for (kind,) in rows]


def test_the_workbook_today_has_the_catalogs_rates_and_cases(settings, catalog, filed):
    book = load_workbook(io.BytesIO(render_xlsx(_report(settings, catalog, china_today(), "城厢镇"))))
    open_needs = _sql(catalog, "SELECT count(*) FROM needs AS n JOIN communities AS c ON c.id = n.community_id "
                               "JOIN towns AS t ON t.id = c.town_id WHERE t.name = '城厢镇' AND n.status != 'done'")[0][0]
    catalogs = _sheet(book, "三份目录")
    assert catalogs["未办结"] == open_needs == 2
    assert catalogs["其中 先治理项目"] + catalogs["其中 待治理项目"] == open_needs
    rates = _sheet(book, "办理率")
    assert rates["居民回访数"] == 1 and rates["满意率"] == "90.0%"
    dimensions = {row[0]: row[1] for row in book["需求维度"].iter_rows(min_row=2, values_only=True) if row[1]}
    assert dimensions == _needs_by_category(catalog, "城厢镇")
    case = [c.value for c in book["试点特色案例"][2]]
    assert case[:3] == [filed["tracking"][-1], CASE_TITLE, "城厢镇南园社区"] and case[6] == "王芳（C002）"
    assert [c.value for c in book["试点特色案例"][1]][:2] == ["编号", "标题"]


def test_the_command_line_writes_the_report_and_refuses_an_unknown_town(settings, catalog, filed, tmp_path,
                                                                       monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--town", "城厢镇", "--as-of", "2023-06-30", "--format", "pdf"]) == 0
    written = tmp_path / "中期评估_城厢镇_2023-06-30.pdf"
    assert written.is_file() and "范围：城厢镇截至：2023-06-30" in _pdf_text(written.read_bytes())
    assert main(["report", "--format", "xlsx", "--as-of", "2023-06-30", "--output", str(tmp_path / "city.xlsx")]) == 0
    assert _sheet(load_workbook(tmp_path / "city.xlsx"), "概况")["范围"] == "全市"
    capsys.readouterr()
    assert main(["report", "--town", "火星镇", "--format", "pdf"]) == 2
    assert "太仓没有叫“火星镇”的镇（区）" in capsys.readouterr().err
    assert main(["report", "--town", "城厢镇", "--as-of", "2023-13-01"]) == 2
    assert "--as-of 要写成 2023-06-30 这样的日期" in capsys.readouterr().err


async def test_the_web_report_is_the_cadres_scope(client, tokens, catalog, filed):  # noqa: F811
    assert (await client.get("/api/report?format=pdf")).status == 401
    await login(client, "C002")  # 城厢镇
    response = await client.get("/api/report?format=pdf&as_of=2023-06-30")
    assert response.status == 200 and response.headers["Content-Type"] == "application/pdf"
    assert f"filename*=UTF-8''{quote('中期评估_城厢镇_2023-06-30.pdf')}" in response.headers["Content-Disposition"]
    assert "范围：城厢镇截至：2023-06-30" in _pdf_text(await response.read())
    outside = await client.get("/api/report?format=pdf&town=沙溪镇")
    assert outside.status == 403 and (await outside.json())["error"] == "沙溪镇不在您负责的范围内"
    assert (await client.get("/api/report?format=doc")).status == 400
    assert (await client.get("/api/report?as_of=2023-02-30")).status == 400
    sheet = await client.get("/api/report?format=xlsx", headers=bearer(tokens["C003"]))  # 南园社区's cadre
    summary = _sheet(load_workbook(io.BytesIO(await sheet.read())), "概况")
    assert summary["范围"] == "城厢镇南园社区" and summary["城厢镇村（社区）数"] == _communities(catalog, "城厢镇")
    assert summary["截至当日的需求"] == 3  # their community's needs only
    shaxi = _sheet(load_workbook(io.BytesIO(await (await client.get(
        "/api/report?format=xlsx", headers=bearer(tokens["C004"]))).read())), "概况")
    assert shaxi["范围"] == "沙溪镇" and shaxi["截至当日的需求"] == 4 and shaxi["试点特色案例"] == 0
