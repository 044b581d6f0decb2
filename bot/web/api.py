"""The public JSON API: figures of the pilots and the three catalogs (no personal data)."""

from __future__ import annotations

from datetime import date

from aiohttp import web

from bot.clock import china_today
from bot.figures import Area, catalog_figures
from bot.needs import status as need_status
from bot.registry.progress import progress, verdicts
from bot.registry.service import registry_reader
from bot.web.cache import cached_json
from bot.web.keys import CATALOG, GAZETTEER
from bot.web.responses import json_error, json_response

FIGURES_TTL = 5.0  # seconds a public figure may be reused: many phones opening one page cost one count


async def figures(request: web.Request) -> web.Response:
    area = _area(request)
    as_of = _date(request.query.get("as_of")) or china_today()
    return await cached_json(request.app, ("figures", area, as_of), FIGURES_TTL, lambda: _figures(request, area, as_of))


def _figures(request: web.Request, area: Area, as_of: date) -> dict:
    catalog = request.app[CATALOG]
    states_at = registry_reader(catalog)
    prog = progress(states_at(as_of), as_of, area.town)
    f = catalog_figures(catalog, area)
    return {
        "place": area.community or area.town or "全市",
        "as_of": as_of.isoformat(),
        "pilots": {"communities": prog.communities, "classified": prog.classified, "pilots": len(prog.pilots),
                   "coverage": round(prog.coverage, 4), "coverage_text": prog.coverage_text, "by_type": prog.by_type,
                   "targets": [v.as_dict() for v in verdicts(prog, states_at)]},
        "catalogs": {"needs": f.needs, "open_needs": f.open_needs, "done": f.done, "priority_projects": f.priority,
                     "pending_projects": f.pending, "reopened": f.reopened, "resources": f.resources_here,
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
_FILTERS = [
    {"name": "town", "in": "query", "schema": {"type": "string"}, "description": "镇（区、街道），可用简称"},
    {"name": "community", "in": "query", "schema": {"type": "string"}, "description": "村（社区）"},
    {"name": "category", "in": "query", "schema": {"type": "string"}, "description": "需求维度；资源清单里是资源类型"},
    {"name": "status", "in": "query", "schema": {"type": "string"},
     "description": f"需求：open 或 {'/'.join(need_status.ALL_STATUSES)}；资源：active/withdrawn"},
    {"name": "tier", "in": "query", "schema": {"type": "string", "enum": ["priority", "pending"]},
     "description": "项目类别：先治理/待治理"},
    {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "提交日期起（含）"},
    {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "提交日期止（含）"},
    {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 50},
     "description": "编号；干部还可搜内容中的字词"},
]
# In a small village the minute of a report, its urgency or its supporters can tell who made it.
_CADRE_ONLY = ("需求的 urgency（急难愁盼）、supporters（附议人数）、description、phone 只给本人范围内的干部；"
               "公开时 created_at、updated_at 和处理记录的 at 只有日期（YYYY-MM-DD，太仓时间），"
               "匹配理由（reason）不含“共同关键词”。")
_OPEN311_TIMES = ("公开时 requested_datetime、updated_datetime 只到日期（当天太仓时间零点，如 "
                  "2026-01-31T00:00:00+08:00），description 只写“某地的某维度需求”；本人范围内的干部看到精确到秒的"
                  "时间和居民原话。")
_PAGING = [{"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
           {"name": "size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}]
_PAGE = {"description": "一页记录；personal 为 true 时含居民原话和电话（仅干部本人范围）。" + _CADRE_ONLY,
         "content": {"application/json": {"schema": {"type": "object", "properties": {
             "total": {"type": "integer"}, "page": {"type": "integer"}, "size": {"type": "integer"},
             "personal": {"type": "boolean"}, "rows": {"type": "array", "items": {"type": "object"}}}}}}}
_READER = [{}, {"bearerAuth": []}, {"cookieAuth": []}]  # public, or a cadre by token or session


def _listing(summary: str) -> dict:
    return {"get": {"summary": summary, "security": _READER, "parameters": _FILTERS + _PAGING,
                    "responses": {"200": _PAGE, "400": _ERROR, "401": _ERROR, "403": _ERROR}}}


OPENAPI = {
    "openapi": "3.0.3",
    "components": {"securitySchemes": {
        "bearerAuth": {"type": "http", "scheme": "bearer",
                       "description": "干部的 API 令牌：python -m bot cadre token C001"},
        "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "tc_session",
                       "description": "网页登录后的会话；修改还需要 X-CSRF-Token 头"}}},
    "info": {"title": "太仓城乡社区分类共建助手 API", "version": "1.0",
             "description": "公开的数字、目录和只读的 Open311 视图；没有干部令牌时不含居民的原话、姓名和电话，"
                            "也不含需求的急难愁盼、附议人数和精确到秒的时间（只有日期）。"},
    "paths": {
        "/api/figures": {"get": {
            "summary": "试点进度和三份目录的数字。targets 里每个目标：过了期限的按期限那天判断（met、short、"
                       "pilots_at_deadline），short_now 是现在还差几个；和聊天、看板用同一套计算。",
            "parameters": [
                {"name": "town", "in": "query", "schema": {"type": "string"}, "description": "镇（区、街道），可用简称"},
                {"name": "community", "in": "query", "schema": {"type": "string"}, "description": "村（社区）"},
                {"name": "as_of", "in": "query", "schema": {"type": "string", "format": "date"},
                 "description": "试点数字按哪一天算，默认今天"},
            ],
            "responses": {"200": {"description": "数字", "content": {"application/json": {"schema": {"type": "object"}}}},
                          "400": _ERROR}}},
        "/api/me": {"get": {
            "summary": "当前登录的干部（编号、姓名、级别、范围）",
            "security": [{"bearerAuth": []}, {"cookieAuth": []}],
            "responses": {"200": {"description": "干部"}, "401": _ERROR}}},
        "/api/overview": {"get": {
            "summary": "各镇试点覆盖率、各类型试点数，和读者范围内三份目录的数字",
            "security": _READER,
            "parameters": [{"name": "as_of", "in": "query", "schema": {"type": "string", "format": "date"}}],
            "responses": {"200": {"description": "数字"}, "400": _ERROR}}},
        "/api/needs": _listing("治理需求目录（新的在前）"),
        "/api/projects": _listing("治理项目目录（先治理在前，再按附议、急难愁盼、时间）"),
        "/api/resources": _listing("治理资源清单"),
        "/api/needs/{id}": {"get": {
            "summary": "一条需求，含处理记录和匹配的资源",
            "description": _CADRE_ONLY + "处理记录的说明和经办人也只给本人范围内的干部。",
            "security": _READER,
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "需求"}, "403": _ERROR, "404": _ERROR}}},
        "/api/needs/{id}/status": {"post": {
            "summary": "干部更新需求状态（居民查询进度时能看到说明）",
            "security": [{"bearerAuth": []}, {"cookieAuth": []}],
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                           {"name": "X-CSRF-Token", "in": "header", "schema": {"type": "string"},
                            "description": "用网页会话时必填"}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["status"], "properties": {
                    "status": {"type": "string", "enum": list(need_status.ALL_STATUSES)},
                    "note": {"type": "string", "maxLength": 500}}}}}},
            "responses": {"200": {"description": "更新后的需求"}, "400": _ERROR, "401": _ERROR, "403": _ERROR,
                          "404": _ERROR}}},
        "/api/needs/{id}/supervise": {"post": {
            "summary": "镇级、市级干部督办一条未办结的需求（记入处理记录、计数，并排在本村（社区）列表最前）",
            "security": [{"bearerAuth": []}, {"cookieAuth": []}],
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                           {"name": "X-CSRF-Token", "in": "header", "schema": {"type": "string"},
                            "description": "用网页会话时必填"}],
            "requestBody": {"content": {"application/json": {"schema": {
                "type": "object", "properties": {"note": {"type": "string", "maxLength": 500}}}}}},
            "responses": {"200": {"description": "督办后的需求"}, "400": _ERROR, "401": _ERROR, "403": _ERROR,
                          "404": _ERROR}}},
        "/api/needs/{id}/visits": {"post": {
            "summary": "干部记下一次电话回访（已解决或已关闭的需求）：是否联系过、是否解决、是否满意；说没解决即重新办理",
            "security": [{"bearerAuth": []}, {"cookieAuth": []}],
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                           {"name": "X-CSRF-Token", "in": "header", "schema": {"type": "string"},
                            "description": "用网页会话时必填"}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "properties": {
                    "contacted": {"type": "boolean"}, "solved": {"type": "boolean"},
                    "satisfaction": {"type": "string", "enum": ["满意", "基本满意", "不满意"]},
                    "words": {"type": "string", "maxLength": 500},
                    "respondent": {"type": "string", "enum": ["reporter", "supporter"]}}}}}},
            "responses": {"200": {"description": "回访后的需求"}, "400": _ERROR, "401": _ERROR, "403": _ERROR,
                          "404": _ERROR}}},
        "/api/export/{kind}.xlsx": {"get": {
            "summary": "导出 Excel（仅干部，本人范围，含完整电话）",
            "security": [{"bearerAuth": []}, {"cookieAuth": []}],
            "parameters": [{"name": "kind", "in": "path", "required": True,
                            "schema": {"type": "string", "enum": ["needs", "projects", "resources"]}}] + _FILTERS,
            "responses": {"200": {"description": "Excel 工作簿", "content": {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}},
                "401": _ERROR, "403": _ERROR}}},
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
            "description": _OPEN311_TIMES,
            "parameters": [{"name": n, "in": "query", "schema": {"type": "string"}}
                           for n in ("status", "service_code", "start_date", "end_date", "page", "page_size")],
            "responses": {"200": {"description": "需求列表"}, "400": _ERROR}}},
        "/open311/v2/requests/{id}.json": {"get": {
            "summary": "Open311：一条需求",
            "description": _OPEN311_TIMES,
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "需求"}, "404": _ERROR}}},
    },
}
