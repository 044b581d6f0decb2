"""Import a sheet of community types and pilots (CSV in UTF-8 or GBK, or Excel .xlsx).

All or nothing: every row is checked first, and one bad row means nothing is written, with a
report naming each rejected row and why, so a town office fixes its sheet and imports again.
Importing the same sheet twice changes nothing the second time.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from bot.catalog.db import Catalog
from bot.places import Gazetteer
from bot.registry.service import Fact, RegistryError, kind_problem, places, replace_facts
from bot.vocab.community_types import normalize_type, type_names

# Column headers a town's sheet may use, by field.
HEADERS = {
    "town": ("镇", "镇区", "镇区街道", "所属镇", "所属镇区", "镇区名称", "街道", "town"),
    "community": ("村社区", "村居", "社区", "村", "村社区名称", "社区名称", "名称", "村居名称", "community"),
    "community_type": ("类型", "社区类型", "分类", "分类类型", "村社区类型", "type", "community_type"),
    "classified_on": ("分类日期", "分类时间", "确定类型日期", "classified_on"),
    "pilot": ("是否试点", "试点", "是否为试点", "pilot"),
    "pilot_since": ("试点日期", "试点开始日期", "试点起始日期", "列入试点日期", "试点时间", "pilot_since"),
    "note": ("备注", "说明", "note"),
}
_HEADER_NOISE = re.compile(r"[\s()（）/、\\_\-·.]+")
_YES = {"是", "y", "yes", "1", "√", "✓", "true", "试点"}
_NO = {"", "否", "n", "no", "0", "×", "false", "不是", "非试点"}
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$|^(\d{4})(\d{2})(\d{2})$")


@dataclass(frozen=True)
class RowProblem:
    row: int  # the row number a spreadsheet shows (the header is row 1)
    community: str
    reason: str

    def __str__(self) -> str:
        return f"第{self.row}行（{self.community or '空'}）：{self.reason}"


@dataclass(frozen=True)
class PlannedRow:
    row: int
    community_id: int
    label: str
    facts: tuple[Fact, ...]


@dataclass
class ImportReport:
    rows: int = 0
    planned: list[PlannedRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    changed: int = 0
    unchanged: int = 0
    applied: bool = False

    def summary(self) -> str:
        if self.problems:
            lines = [f"导入失败：共 {self.rows} 行，{len(self.problems)} 行有问题，未写入任何数据。请修改后重新导入："]
            return "\n".join(lines + [f"  {problem}" for problem in self.problems])
        if not self.applied:
            return f"检查通过：共 {self.rows} 行，可以导入（试运行，未写入）。"
        return f"导入完成：共 {self.rows} 行，更新 {self.changed} 个村（社区），{self.unchanged} 个没有变化。"


def import_registry(
    catalog: Catalog, gazetteer: Gazetteer, path: Path, *, author: str, today: date, dry_run: bool = False
) -> ImportReport:
    records = read_sheet(path)
    report = ImportReport(rows=len(records))
    with catalog.unit_of_work() as session:
        ids = {p.community: p.community_id for p in places(session)}
        seen: dict[str, int] = {}
        for number, record in records:
            planned = _plan_row(number, record, gazetteer, ids, today, seen, report.problems)
            if planned is not None:
                report.planned.append(planned)
        if report.problems or dry_run:
            return report
        for planned in report.planned:
            if replace_facts(session, planned.community_id, planned.facts, author, f"import:{path.name}"):
                report.changed += 1
            else:
                report.unchanged += 1
        report.applied = True
    return report


# -- reading ------------------------------------------------------------------------------------
def read_sheet(path: Path) -> list[tuple[int, dict[str, str]]]:
    """The data rows of a sheet, keyed by field, with the row number a spreadsheet shows."""
    if not path.exists():
        raise RegistryError(f"找不到文件：{path}")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        table = _xlsx_rows(path)
    elif path.suffix.lower() == ".xls":
        raise RegistryError("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV 后再导入")
    else:
        table = list(csv.reader(io.StringIO(_decode(path.read_bytes()))))
    header_at = next((i for i, row in enumerate(table) if any(str(c).strip() for c in row)), None)
    if header_at is None:
        raise RegistryError("表格是空的")
    columns = _columns(table[header_at])
    records = []
    for offset, row in enumerate(table[header_at + 1:], start=header_at + 2):
        values = {name: _cell(row[i]) if i < len(row) else "" for name, i in columns.items()}
        if any(values.values()):
            records.append((offset, values))
    return records


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RegistryError("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV，或 Excel .xlsx")


def _xlsx_rows(path: Path) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several kinds for a damaged file
        raise RegistryError(f"无法打开 Excel 文件（{type(error).__name__}），请确认是 .xlsx 格式") from error
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _columns(header: list) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _HEADER_NOISE.sub("", str(cell or "")).lower()
        for name, accepted in HEADERS.items():
            if key in accepted and name not in found:
                found[name] = index
    if "community" not in found:
        raise RegistryError("表头缺少“村（社区）”列；表头可用：镇、村（社区）、类型、分类日期、是否试点、试点日期、备注")
    return found


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# -- checking -----------------------------------------------------------------------------------
def parse_date(text: str) -> date | None:
    """2022-09-01, 2022/9/1, 2022.9.1, 2022年9月1日 or 20220901; None when empty."""
    text = text.strip().split(" ")[0]
    if not text:
        return None
    match = _DATE.match(text)
    if not match:
        raise ValueError(text)
    year, month, day = (int(g) for g in (match.groups()[:3] if match.group(1) else match.groups()[3:]))
    return date(year, month, day)


def _plan_row(number, record, gazetteer, ids, today, seen, problems) -> PlannedRow | None:
    name = record.get("community", "")
    try:
        community = _community(name, record.get("town", ""), gazetteer)
        if community.name in seen:
            raise RegistryError(f"与第{seen[community.name]}行重复（同一个村或社区只能出现一次）")
        seen[community.name] = number
        facts = _facts(record, community, today)
    except RegistryError as error:
        problems.append(RowProblem(number, name, str(error)))
        return None
    return PlannedRow(number, ids[community.name], community.label, facts)


def _community(name: str, town: str, gazetteer: Gazetteer):
    if not name:
        raise RegistryError("缺少村（社区）名称")
    town_obj = gazetteer.town(town) if town else None
    if town and town_obj is None:
        raise RegistryError(f"没有叫“{town}”的镇（区、街道）")
    resolution = gazetteer.resolve(name, answering=True)
    if resolution.status == "ambiguous" and town_obj:
        in_town = [c for c in resolution.candidates if c.town == town_obj.name]
        if len(in_town) == 1:
            return in_town[0]
        if in_town:
            resolution = type(resolution)("ambiguous", candidates=tuple(in_town))
    if resolution.status == "found":
        community = resolution.community
        if town_obj and community.town != town_obj.name:
            raise RegistryError(f"{community.common_name}属于{community.town}，不是{town_obj.name}")
        return community
    if resolution.status == "ambiguous":
        options = "、".join(c.label for c in resolution.candidates)
        raise RegistryError(f"“{name}”有重名，请在“镇”一列写明所属镇：{options}")
    if resolution.status == "suggest":
        options = "、".join(c.label for c in resolution.candidates[:3])
        raise RegistryError(f"找不到“{name}”，是不是：{options}？请改成正式名称")
    raise RegistryError(f"太仓没有叫“{name}”的村或社区")


def _facts(record: dict[str, str], community, today: date) -> tuple[Fact, ...]:
    raw_type = record.get("community_type", "")
    community_type = normalize_type(raw_type) if raw_type else None
    if raw_type and community_type is None:
        raise RegistryError(f"未知类型“{raw_type}”；八种类型是：{'、'.join(type_names())}")
    pilot_text = record.get("pilot", "").strip().lower()
    if pilot_text not in _YES | _NO:
        raise RegistryError(f"“是否试点”只能填“是”或“否”，这里是“{record.get('pilot')}”")
    pilot = pilot_text in _YES
    classified_on = _date_field(record, "classified_on", "分类日期")
    pilot_since = _date_field(record, "pilot_since", "试点日期")
    if community_type is None:
        if pilot or pilot_since:
            raise RegistryError("试点必须先有类型：请填写“类型”")
        return ()
    problem = kind_problem(community.label, community.kind, community_type)
    if problem:
        raise RegistryError(problem)
    if pilot_since and not pilot:
        raise RegistryError("填了试点日期，但“是否试点”不是“是”")
    classified_on = classified_on or pilot_since or today
    pilot_since = (pilot_since or classified_on) if pilot else None
    if pilot_since and pilot_since < classified_on:
        raise RegistryError(f"试点日期 {pilot_since} 早于分类日期 {classified_on}")
    if pilot_since == classified_on:
        return (Fact(classified_on, community_type, True),)
    facts = [Fact(classified_on, community_type, False)]
    if pilot_since:
        facts.append(Fact(pilot_since, community_type, True))
    return tuple(facts)


def _date_field(record: dict[str, str], name: str, label: str) -> date | None:
    value = record.get(name, "")
    try:
        parsed = parse_date(value)
    except ValueError:
        raise RegistryError(f"{label}“{value}”看不懂，请写成 2022-09-01 这样的格式") from None
    if parsed and parsed.year < 2000:
        raise RegistryError(f"{label}“{value}”不对")
    return parsed
