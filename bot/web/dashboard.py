"""The cadres' dashboard: the page itself and the overview figures it draws as charts."""

from __future__ import annotations

import functools
import html
import re
from datetime import date, datetime, timezone
from pathlib import Path

from aiohttp import web

from bot.clock import china_today
from bot.figures import Area, catalog_figures, late_figures
from bot.needs.deadlines import STAGE_WORDS, configured_limits
from bot.reads.browse import Scope
from bot.registry.progress import TARGETS, lead_checks, load_lead_types, progress, verdicts
from bot.registry.service import registry_reader
from bot.vocab import status as need_status
from bot.vocab.categories import category_names
from bot.vocab.community_types import type_names
from bot.vocab.resources import resource_types
from bot.web.auth import csrf_token, current_cadre, reader, redirect, set_csrf_cookie
from bot.web.cache import cached_json
from bot.web.keys import CATALOG, GAZETTEER, SETTINGS
from bot.web.responses import dumps, json_error

PAGE = Path(__file__).resolve().parent / "static" / "dashboard.html"
# "At least 2 pilots of each lead type" carries no date of its own in the plan: it is judged, like the
# coverage, at the end of the pilot period (the last target's deadline).
LEAD_DEADLINE = TARGETS[-1].deadline
OVERVIEW_TTL = 5.0  # seconds: a hundred cadres opening the page at nine o'clock cost one count


async def page(request: web.Request) -> web.Response:
    cadre = current_cadre(request)
    if cadre is None:
        return redirect("/login")
    token = csrf_token(request)
    boot = {
        "cadre": {"id": cadre.id, "name": cadre.name, "role": cadre.role, "scope": cadre.scope_label},
        "csrf": token,
        "places": _places(request, Scope.of(cadre)),
        "categories": list(category_names()),
        "statuses": need_status.STATUS_LABELS,
        "open_statuses": list(need_status.OPEN_STATUSES),
        "resource_types": [t.name for t in resource_types()],
    }
    # JSON inside <script> must not be able to close the tag, whatever a name contains.
    boot_json = dumps(boot).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    values = {"boot": boot_json, "cadre": html.escape(f"{cadre.name}（{cadre.scope_label}）")}
    body = re.sub(r"\{\{(boot|cadre)\}\}", lambda m: values[m.group(1)], _template())
    response = web.Response(text=body, content_type="text/html", headers={"Cache-Control": "no-store"})
    set_csrf_cookie(response, token)
    return response


@functools.lru_cache(maxsize=1)
def _template() -> str:
    return PAGE.read_text(encoding="utf-8")


def _places(request: web.Request, scope: Scope) -> dict[str, list[str]]:
    """Towns and their communities (common names) the cadre may filter by."""
    gazetteer = request.app[GAZETTEER]
    towns = [t.name for t in gazetteer.towns if scope.town is None or t.name == scope.town]
    return {town: [c.common_name for c in gazetteer.communities_in(town)
                   if scope.community is None or c.name == scope.community] for town in towns}


async def overview(request: web.Request) -> web.Response:
    """Coverage per town against the targets, pilots per type, and the catalogs of the reader's area."""
    cadre = reader(request)
    scope = Scope.of(cadre) if cadre else Scope()
    as_of = _as_of(request.query.get("as_of"))
    return await cached_json(request.app, ("overview", scope, as_of), OVERVIEW_TTL,
                             lambda: _overview(request.app, scope, as_of))


def _overview(app: web.Application, scope: Scope, as_of: date) -> dict:
    catalog = app[CATALOG]
    states_at = registry_reader(catalog)
    states = states_at(as_of)
    towns = [t.name for t in app[GAZETTEER].towns]
    city = progress(states, as_of)
    per_town = [progress(states, as_of, town) for town in towns]
    area = Area(scope.town, scope.community)
    figures = catalog_figures(catalog, area)
    result = {
        "as_of": as_of.isoformat(),
        "area": _area_label(app, scope),
        "town": scope.town,  # the reader's own town, marked in the per-town tables and charts (None: the city)
        "targets": [{"label": t.label, "percent": t.percent, "deadline": t.deadline.isoformat()} for t in TARGETS],
        "types": list(type_names()),
        "city": _progress(city, states_at),
        "towns": [_progress(p, states_at) for p in per_town],
        "catalogs": {"needs": figures.needs, "open_needs": figures.open_needs, "done": figures.done,
                     "priority_projects": figures.priority, "pending_projects": figures.pending, "reopened": figures.reopened,
                     "resources": figures.resources_here, "needs_by_category": dict(figures.by_category)},
        "late": _late(catalog, area),
    }
    if scope.town and not scope.community:
        mine = next(p for p in per_town if p.place == scope.town)
        result["lead_types"] = _lead_types(app, mine, states_at, as_of)
    return result


def _lead_types(app: web.Application, mine, states_at, as_of: date) -> dict:
    """The town's lead types, each with its pilots now and on LEAD_DEADLINE (None before that day)."""
    lead_types = load_lead_types(app[SETTINGS].lead_types_file)
    now = lead_checks(mine, lead_types)
    then = None
    if LEAD_DEADLINE <= as_of:
        then = lead_checks(progress(states_at(LEAD_DEADLINE), LEAD_DEADLINE, mine.place), lead_types)
    return {"sample": lead_types.sample, "deadline": LEAD_DEADLINE.isoformat(), "checks": [
        {"type": c.community_type, "pilots": c.pilots, "short": c.short,
         "pilots_at_deadline": then[i].pilots if then else None, "short_at_deadline": then[i].short if then else None}
        for i, c in enumerate(now)]}


def _late(catalog, area: Area) -> dict:
    """Open needs past a time limit, by stage, and the communities whose light is red or yellow."""
    limits = configured_limits()
    late = late_figures(catalog, area, datetime.now(timezone.utc).replace(tzinfo=None), limits)
    return {"late": late.late, "open_needs": late.open_needs, "sample": limits.sample, "supervised": late.supervised,
            "by_stage": {STAGE_WORDS[stage]: n for stage, n in late.by_stage},
            "lights": [{"place": name, "light": light, "late": n, "open_needs": total}
                       for name, light, n, total in late.lights]}


def _progress(prog, states_at) -> dict:
    return {"place": prog.place, "communities": prog.communities, "classified": prog.classified,
            "pilots": len(prog.pilots), "coverage": round(prog.coverage, 4), "coverage_text": prog.coverage_text, "by_type": prog.by_type,
            "targets": [{"label": v.target.label, **v.as_dict()} for v in verdicts(prog, states_at)]}


def _area_label(app: web.Application, scope: Scope) -> str:
    if scope.community:
        found = next((c for c in app[GAZETTEER].communities_in(scope.town or "") if c.name == scope.community), None)
        return found.label if found else scope.community
    return scope.town or "全市"


def _as_of(value: str | None) -> date:
    if not value:
        return china_today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise json_error(web.HTTPBadRequest, "as_of 要写成 2022-12-31 这样的日期") from None

