"""Importing a town's sheet: all or nothing, every bad row named, UTF-8, GBK and Excel."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from bot.cli import main
from bot.registry.importer import import_registry
from bot.registry.service import RegistryError, registry_states

TODAY = date(2026, 11, 27)
HEADER = "镇,村（社区）,类型,分类日期,是否试点,试点日期,备注\n"
GOOD = HEADER + (
    "城厢镇,南园社区,老街巷,2022-06-01,是,2022-09-01,\n"
    "城厢镇,东林村,城郊融合村,2022/6/1,否,,\n"
    "浏河镇,新塘村,特色乡村,2023年3月1日,是,,\n"
    ",弇山社区,普通商品房社区,20220601,是,2022-06-01,名字不带镇\n"
)


def write(tmp_path, body: str, encoding: str = "utf-8", name: str = "sheet.csv"):
    path = tmp_path / name
    path.write_bytes(body.encode(encoding))
    return path


def facts(catalog):
    with catalog.unit_of_work() as session:
        return session.execute(text("SELECT count(*) FROM registry_changes")).scalar()


def state_of(catalog, label_end: str, as_of=TODAY):
    with catalog.unit_of_work() as session:
        return next(s for s in registry_states(session, as_of) if s.label.endswith(label_end))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_a_good_sheet_in_any_common_encoding(catalog, gazetteer, tmp_path, encoding):
    report = import_registry(catalog, gazetteer, write(tmp_path, GOOD, encoding), author="王芳", today=TODAY)
    assert report.problems == [] and report.applied and report.changed == 4
    nanyuan = state_of(catalog, "南园社区")
    assert (nanyuan.community_type, nanyuan.is_pilot, nanyuan.pilot_since) == ("老街巷社区", True, date(2022, 9, 1))
    assert state_of(catalog, "南园社区", date(2022, 8, 31)).is_pilot is False
    assert state_of(catalog, "新塘村").pilot_since == date(2023, 3, 1)
    assert state_of(catalog, "东林村").community_type == "城郊融合村"


def test_importing_the_same_sheet_twice_changes_nothing(catalog, gazetteer, tmp_path):
    path = write(tmp_path, GOOD)
    import_registry(catalog, gazetteer, path, author="王芳", today=TODAY)
    before = facts(catalog)
    again = import_registry(catalog, gazetteer, path, author="王芳", today=TODAY)
    assert (again.changed, again.unchanged, facts(catalog)) == (0, 4, before)


def test_a_corrected_sheet_supersedes_but_keeps_history(catalog, gazetteer, tmp_path):
    import_registry(catalog, gazetteer, write(tmp_path, GOOD), author="王芳", today=TODAY)
    fixed = HEADER + "城厢镇,南园社区,老街巷社区,2022-06-01,否,,\n"
    import_registry(catalog, gazetteer, write(tmp_path, fixed, name="fix.csv"), author="李强", today=TODAY)
    assert state_of(catalog, "南园社区").is_pilot is False
    with catalog.unit_of_work() as session:
        superseded = session.execute(text("SELECT count(*) FROM registry_changes WHERE superseded_at IS NOT NULL")).scalar()
    assert superseded == 2


BAD_ROWS = HEADER + (
    "城厢镇,南园社区,老街巷社区,2022-06-01,是,2022-09-01,\n"  # fine
    "城厢镇,火星社区,老街巷社区,2022-06-01,否,,\n"  # unknown community
    "城厢镇,东林村,网红村,2022-06-01,否,,\n"  # unknown type
    "城厢镇,南园社区,老街巷社区,2022-06-01,否,,\n"  # duplicate
    "浏河镇,新塘,特色乡村,2022-06-01,否,,\n"  # two communities share the name
    "沙溪镇,南园社区,老街巷社区,2022-06-01,否,,\n"  # wrong town
    "城厢镇,电站村,老街巷社区,2022-06-01,否,,\n"  # urban type for a village
    "城厢镇,县府社区,,2022-06-01,是,,\n"  # pilot without a type
    "城厢镇,府东社区,老街巷社区,2022-13-01,否,,\n"  # bad date
    "城厢镇,中区社区,老街巷社区,2022-06-01,也许,,\n"  # not yes or no
)


def test_bad_rows_are_each_named_and_nothing_is_written(catalog, gazetteer, tmp_path):
    report = import_registry(catalog, gazetteer, write(tmp_path, BAD_ROWS), author="王芳", today=TODAY)
    assert not report.applied and facts(catalog) == 0
    reasons = {p.row: p.reason for p in report.problems}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert "太仓没有" in reasons[3] and "未知类型“网红村”" in reasons[4] and "与第2行重复" in reasons[5]
    assert "重名" in reasons[6] and "属于城厢镇" in reasons[7] and "不能归为老街巷社区" in reasons[8]
    assert "先有类型" in reasons[9] and "看不懂" in reasons[10] and "只能填" in reasons[11]
    assert "未写入任何数据" in report.summary() and "第4行（东林村）" in report.summary()


def test_an_unreadable_encoding_is_refused_clearly(catalog, gazetteer, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_bytes(HEADER.encode("utf-16"))
    with pytest.raises(RegistryError, match="无法识别文件编码"):
        import_registry(catalog, gazetteer, path, author="王芳", today=TODAY)
    assert facts(catalog) == 0


def test_an_excel_sheet_with_real_dates(catalog, gazetteer, tmp_path):
    from datetime import datetime

    book = Workbook()
    sheet = book.active
    sheet.append(["镇（区、街道）", "村（社区）名称", "社区类型", "分类日期", "是否试点", "试点起始日期"])
    sheet.append(["城厢镇", "南园社区", "老街巷社区", datetime(2022, 6, 1), "是", datetime(2022, 9, 1)])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["璜泾镇", "王秀村", "传统乡村", datetime(2022, 7, 1), "否", None])
    path = tmp_path / "registry.xlsx"
    book.save(path)
    report = import_registry(catalog, gazetteer, path, author="王芳", today=TODAY)
    assert report.applied and report.changed == 2
    assert state_of(catalog, "南园社区").pilot_since == date(2022, 9, 1)


def test_the_command_line_reports_and_exits_nonzero_on_bad_rows(catalog, settings, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    assert main(["registry", "import", str(write(tmp_path, BAD_ROWS)), "--author", "王芳"]) == 1
    assert "第3行（火星社区）" in capsys.readouterr().err
    assert main(["registry", "import", str(write(tmp_path, GOOD, "gbk", "ok.csv")), "--author", "王芳"]) == 0
    assert "更新 4 个" in capsys.readouterr().out
    assert main(["registry", "history", "城厢镇南园社区"]) == 0
    assert "王芳 [import:ok.csv] 自2022-09-01起：老街巷社区，试点" in capsys.readouterr().out
