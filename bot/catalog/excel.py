"""Excel workbooks of the catalogs (openpyxl), the way a town's reports travel.

Residents' words go into cells as text, never as formulas: a description that starts with "="
would otherwise run in the cadre's spreadsheet program. (A CSV file has no cell types: the
command-line export prefixes such text instead, bot.catalog.export.spreadsheet_text.)
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

NEED_COLUMNS = (
    ("tracking_id", "编号", 11), ("town", "镇（区、街道）", 12), ("community", "村（社区）", 14),
    ("category", "维度", 14), ("urgency", "急难愁盼", 9), ("description", "需求内容", 48),
    ("status_label", "状态", 16), ("tier_label", "项目类别", 12), ("supporters", "附议人数", 9),
    ("phone", "联系电话", 14), ("created_at", "提交时间", 20), ("updated_at", "更新时间", 20),
)
PROJECT_COLUMNS = (
    ("tracking_id", "需求编号", 11), ("tier_label", "项目类别", 12), ("town", "镇（区、街道）", 12),
    ("community", "村（社区）", 14), ("category", "维度", 14), ("urgency", "急难愁盼", 9),
    ("description", "需求内容", 48), ("supporters", "附议人数", 9), ("status_label", "进展", 16),
    ("created_at", "提交时间", 20),
)
RESOURCE_COLUMNS = (
    ("tracking_id", "编号", 11), ("town", "镇（区、街道）", 12), ("community", "村（社区）", 14),
    ("resource_type", "资源类型", 10), ("provider_type", "提供方", 12), ("provider", "名称", 16),
    ("description", "资源内容", 44), ("available_time", "可提供时间", 20), ("phone", "联系电话", 14),
    ("status_label", "状态", 8), ("created_at", "登记时间", 20),
)
RATE_COLUMNS = (
    ("town", "镇（区、街道）", 14), ("community", "村（社区）", 14), ("needs", "需求件数", 10),
    ("visits", "居民回访件数", 12), ("responded", "响应率", 10), ("solved", "解决率", 10), ("satisfied", "满意率", 10),
    ("composite", "综合得分", 10), ("on_time_acknowledged", "按时签收率", 11), ("on_time_finished", "按时办结率", 11),
    ("reopened", "重办率", 10),
)
# Shares kept as numbers (0.875) and shown as percentages, so a sheet can still sort and sum them.
PERCENT_KEYS = frozenset(key for key, _, _ in RATE_COLUMNS[4:])
HEADER_FILL = PatternFill("solid", fgColor="E8F5E9")
WRAP = Alignment(wrap_text=True, vertical="top")


def workbook_bytes(title: str, columns, rows: Iterable[dict], caption: str) -> tuple[bytes, int]:
    """One sheet: a caption line (scope, filters, time), a header, then one row per record.

    Written in openpyxl's write-only mode, row by row, so a city-wide export does not hold a
    million cell objects in memory.
    """
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for index, (_, _, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    heading = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", caption))
    heading.font = Font(bold=True)
    sheet.append([heading])
    sheet.append([_header(sheet, label) for _, label, _ in columns])
    count = 0
    for row in rows:
        count += 1
        sheet.append([_cell(sheet, key, row.get(key, "")) for key, _, _ in columns])
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{2 + count}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), count


def _header(sheet, label: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=label)
    cell.font, cell.fill = Font(bold=True), HEADER_FILL
    return cell


def _cell(sheet, key: str, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=_cell_value(key, value))
    if key in PERCENT_KEYS and isinstance(cell.value, float):
        cell.number_format = "0.0%"
    if isinstance(cell.value, str):
        cell.data_type = TYPE_STRING  # never a formula, whatever the text starts with
        cell.alignment = WRAP
    return cell


def _cell_value(key: str, value):
    if isinstance(value, (int, float)):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value or ""))  # control characters a sheet cannot hold
    if key.endswith("_at") and text:  # catalog times are ISO with China's offset; a sheet wants minutes
        return datetime.fromisoformat(text).strftime("%Y-%m-%d %H:%M")
    return text


def export_caption(kind: str, scope_label: str, filters: dict[str, str], now: datetime) -> str:
    parts = [f"{kind}（{scope_label}）"]
    parts += [f"{k}：{v}" for k, v in filters.items() if v]
    parts.append(f"导出时间：{now:%Y-%m-%d %H:%M}")
    return "  ".join(parts)
