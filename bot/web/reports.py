"""The mid-term evaluation report (中期评估) for the logged-in cadre's scope, as a PDF or an Excel file.

Whose figures: a city cadre gets the city (or, with ?town=, any town); a town cadre their town; a community
cadre their town's coverage, types and lead types (coverage is a town's figure, and public) with the catalogs,
rates, overdue work and cases of their own community only. A town outside the scope is refused (403).
"""

from __future__ import annotations

import asyncio
from datetime import date
from urllib.parse import quote

from aiohttp import web

from bot.clock import china_today
from bot.reads.browse import Scope
from bot.registry.progress import load_lead_types
from bot.reports.midterm import collect, default_filename
from bot.reports.pdf import ReportError, render_pdf
from bot.reports.xlsx import render_xlsx
from bot.web.auth import required_cadre
from bot.web.catalogs import EARLIEST, LATEST
from bot.web.keys import CATALOG, GAZETTEER, SETTINGS
from bot.web.responses import json_error

FORMATS = {"pdf": ("application/pdf", render_pdf),
           "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", render_xlsx)}


async def report(request: web.Request) -> web.Response:
    """GET /api/report?format=pdf|xlsx&as_of=YYYY-MM-DD[&town=…]: the file, as an attachment."""
    scope = Scope.of(required_cadre(request))
    kind = request.query.get("format", "pdf")
    if kind not in FORMATS:
        raise json_error(web.HTTPBadRequest, "format 只能是 pdf 或 xlsx")
    as_of = _as_of(request.query.get("as_of"))
    town, community, label = _area(request, scope, request.query.get("town", "").strip())
    app = request.app
    content_type, render = FORMATS[kind]

    def build() -> tuple[bytes, str]:
        made = collect(app[CATALOG], load_lead_types(app[SETTINGS].lead_types_file), as_of, town, community, label)
        return render(made), default_filename(made, kind)

    try:  # counting and drawing take a while on a big catalog: never on the event loop
        body, filename = await asyncio.get_running_loop().run_in_executor(None, build)
    except ReportError as error:
        raise json_error(web.HTTPServiceUnavailable, str(error)) from None
    return web.Response(body=body, headers={
        "Content-Type": content_type,
        "Content-Disposition": f"attachment; filename=\"midterm-report.{kind}\"; filename*=UTF-8''{quote(filename)}",
        "Cache-Control": "no-store",
    })


def _as_of(value: str | None) -> date:
    if not value:
        return china_today()
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise json_error(web.HTTPBadRequest, "as_of 要写成 2023-06-30 这样的日期") from None
    if not EARLIEST <= day <= LATEST:
        raise json_error(web.HTTPBadRequest, f"as_of 要在 {EARLIEST} 到 {LATEST} 之间")
    return day


def _area(request: web.Request, scope: Scope, asked: str) -> tuple[str | None, str | None, str | None]:
    """(town, community, label) of the report: the scope, or a town asked for within it."""
    gazetteer = request.app[GAZETTEER]
    if asked:
        found = gazetteer.town(asked)
        if found is None:
            raise json_error(web.HTTPBadRequest, f"没有叫“{asked[:20]}”的镇（区）")
        if scope.town is not None and found.name != scope.town:
            raise json_error(web.HTTPForbidden, f"{found.name}不在您负责的范围内")
        if scope.community is None:
            return found.name, None, None
    if scope.community is None:
        return scope.town, None, None
    place = next((c for c in gazetteer.communities_in(scope.town or "") if c.name == scope.community), None)
    return scope.town, scope.community, place.label if place else scope.community
