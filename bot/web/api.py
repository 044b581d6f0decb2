"""The public JSON API: figures of the pilots and the three catalogs (no personal data)."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from aiohttp import web

from bot.clock import china_today
from bot.figures import Area, catalog_figures, community_ids, utc_bounds
from bot.needs.visits import WEIGHTS, Rates, rates, rates_by_community
from bot.reads.browse import Scope, ScopeError
from bot.registry.progress import progress, verdicts
from bot.registry.service import registry_reader
from bot.vocab import status as need_status
from bot.web.auth import required_cadre
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


RATE_FIELDS = ("responded", "solved", "satisfied", "composite", "on_time_acknowledged", "on_time_finished", "reopened")


async def rates_report(request: web.Request) -> web.Response:
    """GET /api/rates?from=&to=: the call-back and on-time rates of the needs filed in the cadre's scope
    (China dates, both ends included), the whole and each community, the lowest composite first."""
    cadre = required_cadre(request)
    try:
        scope = Scope.of(cadre)
    except ScopeError as error:
        raise json_error(web.HTTPForbidden, str(error)) from None
    first, last = _day(request.query.get("from"), "from"), _day(request.query.get("to"), "to")
    if first and last and first > last:
        raise json_error(web.HTTPBadRequest, "from 不能晚于 to")
    catalog = request.app[CATALOG]
    report = await asyncio.get_running_loop().run_in_executor(
        None, rates_document, catalog, Area(scope.town, scope.community), cadre.scope_label, first, last)
    return json_response(report)


def rates_document(catalog, area: Area, label: str, first: date | None, last: date | None) -> dict:
    """The rates as /api/rates gives them (and the Excel workbook writes them)."""
    start = utc_bounds(None, first)[1] if first else None
    end = utc_bounds(None, last + timedelta(days=1))[1] if last else None
    ids = community_ids(catalog, area)
    whole = rates(catalog, ids, start, end)
    rows = [{"community": r.common_name, "town": r.town, **_rate_values(r.rates, with_supporters=False)}
            for r in rates_by_community(catalog, ids, start, end)]
    rows.sort(key=lambda row: (row["composite"] is None, row["composite"] or 0.0))  # nulls last
    return {"area": label, "from": first.isoformat() if first else None, "to": last.isoformat() if last else None,
            "weights": dict(zip(("responded", "solved", "satisfied"), WEIGHTS, strict=True)),
            "rates": _rate_values(whole, with_supporters=True), "communities": rows}


def _rate_values(r: Rates, with_supporters: bool) -> dict:
    counts = {"needs": r.needs, "visits": r.visits} | ({"supporter_visits": r.supporter_visits} if with_supporters else {})
    return counts | {name: (None if getattr(r, name) is None else round(getattr(r, name), 4)) for name in RATE_FIELDS}


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise json_error(web.HTTPBadRequest, f"{name} 要写成 2026-01-31 这样的日期（太仓时间）") from None
    if not date(2000, 1, 1) <= day <= date(2100, 12, 31):
        raise json_error(web.HTTPBadRequest, f"{name} 要在 2000-01-01 到 2100-12-31 之间")
    return day


async def openapi(request: web.Request) -> web.Response:
    return json_response(OPENAPI)


_ERROR = {"description": "错误（中文说明在 error 字段）",
          "content": {"application/json": {"schema": {"type": "object", "properties": {"error": {"type": "string"}}}}}}
_FILTERS = [
    {"name": "town", "in": "query", "schema": {"type": "string"}, "description": "镇（区、街道），可用简称"},
    {"name": "community", "in": "query", "schema": {"type": "string"}, "description": "村（社区）"},
    {"name": "category", "in": "query", "schema": {"type": "string"}, "description": "需求维度；资源清单里是资源类型"},
    {"name": "status", "in": "query", "schema": {"type": "string"},
     "description": f"需求：open 或 {'/'.join(need_status.ALL_STATUSES)}；资源：active/paused/withdrawn"},
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
        "/api/rates": {"get": {
            "summary": "本人范围内需求的回访率和按时率：全范围一行、每个村（社区）一行（综合得分低的在前，没有的排最后）",
            "description": "响应率、解决率、满意率（满意 + 0.9×基本满意）按每件需求报事人最近一次回访算，综合 = "
                           "0.1×响应率 + 0.5×解决率 + 0.4×满意率（参照12345热线“接诉即办”考核）；按时签收率、按时办结率、"
                           "重办率按需求的处理记录算（12345 热线口径）。比率是 0 到 1 的小数，算不出时为 null。",
            "security": [{"bearerAuth": []}, {"cookieAuth": []}],
            "parameters": [
                {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"},
                 "description": "提交日期起（含，太仓时间），不填从头算"},
                {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"},
                 "description": "提交日期止（含，太仓时间），不填到今天"},
            ],
            "responses": {"200": {"description": "area、from、to、weights、rates、communities", "content": {
                "application/json": {"schema": {"type": "object", "properties": {
                    "area": {"type": "string"}, "from": {"type": "string", "nullable": True},
                    "to": {"type": "string", "nullable": True}, "weights": {"type": "object"},
                    "rates": {"type": "object"}, "communities": {"type": "array", "items": {"type": "object"}}}}}}},
                "400": _ERROR, "401": _ERROR, "403": _ERROR}}},
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
        "/api/report": {"get": {
            "summary": "中期评估报告（PDF 或 Excel）：覆盖率对照30%和60%目标（到期时和当日）、牵头类型、类型分布、"
                       "三份目录和先治理进度、回访率、超期、需求维度、试点特色案例",
            "description": "市级干部为全市（或 town 指定的镇），镇级干部为本镇，村（社区）干部为本村（社区）的需求、"
                           "回访和案例（覆盖率等镇级数字为本镇）。",
            "security": [{"bearerAuth": []}, {"cookieAuth": []}],
            "parameters": [
                {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["pdf", "xlsx"]}},
                {"name": "as_of", "in": "query", "schema": {"type": "string", "format": "date"},
                 "description": "截至哪一天（太仓时间），默认今天"},
                {"name": "town", "in": "query", "schema": {"type": "string"}, "description": "市级干部可指定一个镇"}],
            "responses": {"200": {"description": "报告文件（附件）", "content": {
                "application/pdf": {}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}},
                "400": _ERROR, "401": _ERROR, "403": _ERROR}}},
        "/api/cases": {
            "get": {"summary": "本人范围内的试点特色案例",
                    "security": [{"bearerAuth": []}, {"cookieAuth": []}],
                    "responses": {"200": {"description": "total 和 rows"}, "401": _ERROR}},
            "post": {"summary": "把本人范围内一件已解决的需求设为试点特色案例（标题 2–40 字，简要做法不超过 1000 字）",
                     "security": [{"bearerAuth": []}, {"cookieAuth": []}],
                     "parameters": [{"name": "X-CSRF-Token", "in": "header", "schema": {"type": "string"},
                                     "description": "用网页会话时必填"}],
                     "requestBody": {"required": True, "content": {"application/json": {"schema": {
                         "type": "object", "required": ["tracking_id", "title", "account"], "properties": {
                             "tracking_id": {"type": "string"}, "title": {"type": "string", "maxLength": 40},
                             "account": {"type": "string", "maxLength": 1000}}}}}},
                     "responses": {"201": {"description": "案例"}, "400": _ERROR, "401": _ERROR, "403": _ERROR}}},
        "/api/export/{kind}.xlsx": {"get": {
            "summary": "导出 Excel（仅干部，本人范围，含完整电话）",
            "security": [{"bearerAuth": []}, {"cookieAuth": []}],
            "parameters": [{"name": "kind", "in": "path", "required": True,
                            "schema": {"type": "string", "enum": ["needs", "projects", "resources", "rates"]},
                            "description": "rates：每个村（社区）一行回访率和按时率，加合计行（按 from、to 筛选）"}] + _FILTERS,
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
