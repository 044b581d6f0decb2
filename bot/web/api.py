"""The public JSON API: figures of the pilots and the three catalogs (no personal data)."""

from __future__ import annotations

import time
from datetime import date

from aiohttp import web

from bot.clock import china_today
from bot.figures import Area, catalog_figures
from bot.registry.progress import progress
from bot.registry.service import registry_states
from bot.web.keys import CATALOG, FIGURES_CACHE, GAZETTEER
from bot.web.responses import dumps, json_error, json_response

FIGURES_TTL = 5.0  # seconds a public figure may be reused: many phones opening one page cost one count


async def figures(request: web.Request) -> web.Response:
    area = _area(request)
    as_of = _date(request.query.get("as_of")) or china_today()
    cache = request.app[FIGURES_CACHE]
    cached = cache.get((area, as_of))
    if cached and time.monotonic() - cached[0] < FIGURES_TTL:
        return web.Response(text=cached[1], content_type="application/json")
    body = dumps(_figures(request, area, as_of))
    if len(cache) > 2000:  # any as_of date may be asked: never let the cache grow without bound
        cache.clear()
    cache[(area, as_of)] = (time.monotonic(), body)
    return web.Response(text=body, content_type="application/json")


def _figures(request: web.Request, area: Area, as_of: date) -> dict:
    catalog = request.app[CATALOG]
    with catalog.unit_of_work() as session:
        states = registry_states(session, as_of)
    prog = progress(states, as_of, area.town)
    f = catalog_figures(catalog, area)
    return {
        "place": area.community or area.town or "全市",
        "as_of": as_of.isoformat(),
        "pilots": {"communities": prog.communities, "classified": prog.classified, "pilots": len(prog.pilots),
                   "coverage": round(prog.coverage, 4), "by_type": prog.by_type,
                   "targets": [{"target": c.target.label, "needed": c.needed, "short": c.short, "met": c.met}
                               for c in prog.checks()]},
        "catalogs": {"needs": f.needs, "open_needs": f.open_needs, "done": f.done, "priority_projects": f.priority,
                     "pending_projects": f.pending, "resources": f.resources_here,
                     "needs_by_category": dict(f.by_category)},
    }


def _area(request: web.Request) -> Area:
    gazetteer = request.app[GAZETTEER]
    town, community = request.query.get("town"), request.query.get("community")
    if community:
        resolution = gazetteer.resolve(community, town=town, answering=True)
        if resolution.status != "found":
            raise json_error(web.HTTPBadRequest, f"找不到唯一的村（社区）“{community}”")
        return Area(resolution.community.town, resolution.community.name)
    if town:
        found = gazetteer.town(town)
        if found is None:
            raise json_error(web.HTTPBadRequest, f"没有叫“{town}”的镇（区、街道）")
        return Area(found.name)
    return Area()


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise json_error(web.HTTPBadRequest, "as_of 要写成 2022-12-31 这样的日期") from None


async def openapi(request: web.Request) -> web.Response:
    return json_response(OPENAPI)


_ERROR = {"description": "错误（中文说明在 error 字段）",
          "content": {"application/json": {"schema": {"type": "object", "properties": {"error": {"type": "string"}}}}}}
OPENAPI = {
    "openapi": "3.0.3",
    "info": {"title": "太仓城乡社区分类共建助手 API", "version": "1.0",
             "description": "公开数字和只读的 Open311 视图；不含居民的文字、电话和身份。"},
    "paths": {
        "/api/figures": {"get": {
            "summary": "试点进度和三份目录的数字",
            "parameters": [
                {"name": "town", "in": "query", "schema": {"type": "string"}, "description": "镇（区、街道），可用简称"},
                {"name": "community", "in": "query", "schema": {"type": "string"}, "description": "村（社区）"},
                {"name": "as_of", "in": "query", "schema": {"type": "string", "format": "date"},
                 "description": "试点数字按哪一天算，默认今天"},
            ],
            "responses": {"200": {"description": "数字", "content": {"application/json": {"schema": {"type": "object"}}}},
                          "400": _ERROR}}},
        "/chat/messages": {"post": {
            "summary": "网页聊天：发一句话，返回助手的回答（匿名身份在签名 cookie 里）",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["message"],
                "properties": {"message": {"type": "string", "maxLength": 2000}}}}}},
            "responses": {"200": {"description": "回答列表", "content": {"application/json": {"schema": {
                "type": "array", "items": {"type": "object", "properties": {
                    "text": {"type": "string"},
                    "buttons": {"type": "array", "items": {"type": "object", "properties": {
                        "title": {"type": "string"}, "payload": {"type": "string"}}}}}}}}}},
                          "400": _ERROR, "413": _ERROR, "503": _ERROR}}},
        "/open311/v2/services.json": {"get": {"summary": "Open311：需求的七个维度",
                                              "responses": {"200": {"description": "服务列表"}}}},
        "/open311/v2/requests.json": {"get": {
            "summary": "Open311：需求列表（只读、无个人信息）",
            "parameters": [{"name": n, "in": "query", "schema": {"type": "string"}}
                           for n in ("status", "service_code", "start_date", "end_date", "page", "page_size")],
            "responses": {"200": {"description": "需求列表"}, "400": _ERROR}}},
        "/open311/v2/requests/{id}.json": {"get": {
            "summary": "Open311：一条需求",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "需求"}, "404": _ERROR}}},
    },
}
