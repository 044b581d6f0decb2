"""Writing catalog rows as JSON lines or CSV, for every `python -m bot export`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable


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
            writer.writerow({k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
                             for k, v in row.items()})
        count += 1
    return count
