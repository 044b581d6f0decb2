"""Writing catalog rows as JSON lines or CSV, for every `python -m bot export`."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable

# What a spreadsheet program (Excel, WPS) reads as the start of a formula when it opens a CSV file.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


class ExportFormatError(ValueError):
    pass


def write_rows(rows: Iterable[dict], fmt: str, out: io.TextIOBase, fields: list[str]) -> int:
    """JSON: one object per line; CSV: a header, then a row per record. Returns the count."""
    if fmt not in ("json", "csv"):
        raise ExportFormatError(f"不支持的格式：{fmt}（可选 json 或 csv）")
    count = 0
    writer = None
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
    for row in rows:
        if writer is None:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            writer.writerow({k: spreadsheet_text(json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
                             for k, v in row.items()})
        count += 1
    return count


def spreadsheet_text(value):
    """A CSV cell that a spreadsheet shows as the text it is, never runs as a formula.

    CSV has no cell types, so what the .xlsx export does by typing every text cell as a string
    (bot.catalog.excel) is done here with Excel's text prefix, a leading apostrophe. Residents write
    the descriptions, names and times: "=HYPERLINK(…)" from one of them must not run on a cadre's
    computer. Numbers, and text that is only a number ("-3"), cannot run and stay as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_LEADS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value
