"""试点特色案例 over HTTP: the cases of the cadre's scope, and marking a resolved need of their scope as one."""

from __future__ import annotations

from dataclasses import asdict

from aiohttp import web

from bot.catalog.errors import CatalogError
from bot.figures import Area, community_ids
from bot.needs.service import find_need
from bot.projects.cases import add_case, list_cases
from bot.reads.browse import Scope
from bot.web.auth import required_cadre
from bot.web.catalogs import CONTROL, _json_body, _run
from bot.web.keys import CATALOG
from bot.web.responses import json_error, json_response


async def cases(request: web.Request) -> web.Response:
    """GET /api/cases: the cases of the cadre's scope, oldest first."""
    scope = Scope.of(required_cadre(request))
    catalog = request.app[CATALOG]

    def listed() -> list[dict]:
        return [asdict(c) for c in list_cases(catalog, community_ids(catalog, Area(scope.town, scope.community)))]

    rows = await _run(listed)
    return json_response({"total": len(rows), "rows": rows})


async def add(request: web.Request) -> web.Response:
    """POST /api/cases {"tracking_id", "title", "account"}: only a cadre whose scope holds the need."""
    cadre = required_cadre(request, changing=True)
    scope = Scope.of(cadre)
    body = await _json_body(request)
    tracking_id, title, account = (body.get(key, "") for key in ("tracking_id", "title", "account"))
    if not all(isinstance(value, str) for value in (tracking_id, title, account)):
        raise json_error(web.HTTPBadRequest, "编号、标题和简要介绍都要写成文字")
    catalog = request.app[CATALOG]
    need = await _run(find_need, catalog, tracking_id)
    if need is None:
        raise json_error(web.HTTPBadRequest, f"没有编号为 {tracking_id[:16]} 的需求")
    if not scope.covers(need.town, need.community):
        raise json_error(web.HTTPForbidden, f"{need.tracking_id} 不在您负责的范围内")
    try:
        case = await _run(add_case, catalog, need.tracking_id, CONTROL.sub("", title), CONTROL.sub("", account),
                          f"{cadre.name}（{cadre.id}）")
    except CatalogError as error:
        raise json_error(web.HTTPBadRequest, str(error)) from None
    return json_response(asdict(case), status=201)
