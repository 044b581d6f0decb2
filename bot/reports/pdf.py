"""The mid-term evaluation report as a PDF (reportlab), Chinese text in an embedded TrueType font.

The font is WenQuanYi Micro Hei (Debian's fonts-wqy-microhei), embedded as a subset, so the file reads the same on
a phone or a computer without Chinese fonts. The charts are reportlab's own drawings: vector, no image files.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from bot.registry.progress import TARGETS
from bot.reports.midterm import MidtermReport
from bot.reports.tables import Section, sections

FONT = "WenQuanYiMicroHei"
KNOWN_FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),  # Debian, Ubuntu (fonts-wqy-microhei)
    Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"),  # Fedora, Arch
    Path("/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc"),
)
WIDTH = A4[0] - 36 * mm  # the frame between the margins
BLUE, ORANGE, GREY = colors.HexColor("#1f6fb2"), colors.HexColor("#e8833a"), colors.HexColor("#888888")


class ReportError(ValueError):
    """The report cannot be made here; the message is safe to show a cadre."""


def find_font() -> Path:
    """The WenQuanYi Micro Hei file: a known place first, else where fontconfig has it."""
    for path in KNOWN_FONTS:
        if path.is_file():
            return path
    if shutil.which("fc-match"):
        try:
            found = subprocess.run(["fc-match", "-f", "%{file}", "WenQuanYi Micro Hei"], capture_output=True,
                                   text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        # fc-match always names some font: only a WenQuanYi one has the Chinese glyphs this needs
        if found and "wqy" in Path(found).name.lower() and Path(found).is_file():
            return Path(found)
    raise ReportError("找不到中文字体“文泉驿微米黑”，无法生成PDF。请安装字体：sudo apt-get install fonts-wqy-microhei")


@lru_cache(maxsize=1)
def _register_font() -> str:
    pdfmetrics.registerFont(TTFont(FONT, str(find_font()), subfontIndex=0))
    return FONT


def render_pdf(report: MidtermReport) -> bytes:
    font = _register_font()
    styles = _styles(font)
    story = [Paragraph("太仓市城乡社区分类共建试点 中期评估报告", styles["title"]),
             Paragraph(f"范围：{report.area}　　截至：{report.as_of.isoformat()}　　"
                       f"生成时间：{report.generated_at:%Y-%m-%d %H:%M}", styles["line"]),
             Spacer(1, 4 * mm)]
    for section in sections(report):
        story.append(Paragraph(section.title, styles["heading"]))
        if section.note:
            story.append(Paragraph(section.note, styles["note"]))
        if section.title == "覆盖率目标":
            story += [_coverage_chart(report, font), Spacer(1, 2 * mm)]
        if section.rows and section.title == "试点特色案例":
            story += _case_blocks(section, styles)
        elif section.rows:
            story.append(_table(section, styles, font))
        else:
            story.append(Paragraph("暂无。", styles["cell"]))
        if section.title == "需求维度" and report.by_category:
            story += [Spacer(1, 3 * mm), _dimension_chart(report, font)]
        story.append(Spacer(1, 4 * mm))
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=f"中期评估_{report.area}_{report.as_of.isoformat()}",
                            author="太仓城乡社区分类共建助手")
    doc.build(story)
    return out.getvalue()


def _styles(font: str) -> dict[str, ParagraphStyle]:
    # CJK wrapping: Chinese has no spaces to break lines at
    base = ParagraphStyle("base", fontName=font, fontSize=10, leading=14, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=17, leading=24, alignment=1),
        "line": ParagraphStyle("line", parent=base, fontSize=10, alignment=1, textColor=GREY),
        "heading": ParagraphStyle("heading", parent=base, fontSize=13, leading=20, spaceBefore=2, textColor=BLUE),
        "note": ParagraphStyle("note", parent=base, fontSize=8.5, leading=12, textColor=GREY, spaceAfter=3),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11.5),
    }


# How wide each column is, by share of the line.
_WEIGHTS = {"覆盖率目标": (2.2, 1.4, 1.2, 1.8, 1.3, 1.6)}


def _case_blocks(section: Section, styles) -> list:
    """Each case as a short article (number and title, where and what, the account): too long for a table row."""
    blocks = []
    for number, title, place, kind, dimension, day, author, account in section.rows:
        blocks += [Paragraph(f"<b>{_escape(number)}　{_escape(title)}</b>", styles["cell"]),
                   Paragraph(_escape(f"{place}｜{kind}｜{dimension}｜{day} 由{author}标记"), styles["note"]),
                   Paragraph(_escape(account), styles["cell"]), Spacer(1, 3 * mm)]
    return blocks


def _table(section: Section, styles, font: str) -> Table:
    weights = _WEIGHTS.get(section.title, (1,) * len(section.headers))
    widths = [WIDTH * w / sum(weights) for w in weights]
    cell = styles["cell"]
    rows = [[Paragraph(_escape(h), cell) for h in section.headers]]
    rows += [[Paragraph(_escape("" if value is None else str(value)), cell) for value in row] for row in section.rows]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f1fa")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b8c4d0")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


def _coverage_chart(report: MidtermReport, font: str) -> Drawing:
    """The area's coverage at each deadline passed and on the report's date, with the 30% and 60% lines."""
    drawing = Drawing(WIDTH, 62 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 14 * mm, 10 * mm, WIDTH - 40 * mm, 46 * mm
    chart.data = [[round(p.percent, 1) for p in report.coverage_points]]
    chart.categoryAxis.categoryNames = [p.label for p in report.coverage_points]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.bars[0].fillColor = BLUE
    chart.barLabelFormat = lambda v: f"{v:g}%"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 8
    chart.barLabels.nudge = 6
    chart.barWidth = 10
    drawing.add(chart)
    for target in TARGETS:  # the plan's targets as dashed lines across the bars
        y = chart.y + chart.height * target.percent / 100
        drawing.add(Line(chart.x, y, chart.x + chart.width, y, strokeColor=ORANGE, strokeDashArray=[3, 2]))
        drawing.add(String(chart.x + chart.width + 2, y - 3, f"目标{target.percent}%", fontName=font, fontSize=8,
                           fillColor=ORANGE))
    drawing.add(String(0, 58 * mm, f"{report.registry_place}试点覆盖率", fontName=font, fontSize=9))
    return drawing


def _dimension_chart(report: MidtermReport, font: str) -> Drawing:
    """Needs by dimension, most at the top."""
    ordered = list(reversed(report.by_category))  # the chart draws the first category at the bottom
    height = max(30, 9 * len(ordered) + 12) * mm
    drawing = Drawing(WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 32 * mm, 6 * mm, WIDTH - 44 * mm, height - 12 * mm
    chart.data = [[n for _, n in ordered]]
    chart.categoryAxis.categoryNames = [name for name, _ in ordered]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labelTextFormat = "%d"
    chart.valueAxis.valueStep = max(1, max(n for _, n in ordered) // 5)
    chart.bars[0].fillColor = BLUE
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 8
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 4
    drawing.add(chart)
    drawing.add(String(0, height - 4 * mm, "需求按维度（条）", fontName=font, fontSize=9))
    return drawing
