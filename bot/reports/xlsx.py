"""The mid-term evaluation report as an Excel workbook (openpyxl): one sheet per section, Chinese headers."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from bot.reports.midterm import MidtermReport
from bot.reports.tables import sections

HEAD_FILL = PatternFill("solid", fgColor="E8F1FA")


def render_xlsx(report: MidtermReport) -> bytes:
    """Each sheet: the headers in row 1, the figures below, the section's note under them."""
    book = Workbook()
    book.remove(book.active)
    for section in sections(report):
        sheet = book.create_sheet(section.title)
        sheet.append(list(section.headers))
        for cell in sheet[1]:
            cell.font, cell.fill = Font(bold=True), HEAD_FILL
        for row in section.rows:
            sheet.append(["" if value is None else value for value in row])
        if section.note:
            sheet.append([])
            sheet.append([section.note])
        for i, header in enumerate(section.headers, start=1):
            longest = max([len(str(header))] + [len(str(row[i - 1])) for row in section.rows])
            sheet.column_dimensions[get_column_letter(i)].width = min(60, max(10, 2 * longest + 2))
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
