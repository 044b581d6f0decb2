"""Answers to progress and catalog questions, computed from the catalog when asked.

The figure comes first, then at most a few lines; a longer list is offered in full on request.
Figures (counts, coverage, types, pilot names) are public. Lists of residents' needs are shown
only to a cadre whose scope covers the place; anyone else gets the figures and a polite no,
and the refusal is recorded.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone

from bot.cadres.access import Viewer, record_refusal
from bot.cadres.questions import (
    CATALOG_INTENT,
    MATCH_STRENGTH,
    OWN_TOWN_WORDS,
    PILOT_INTENT,
    PLACES_ASKED,
    SHARE_ASKED,
    YEAR_ON_YEAR,
    Question,
    RateRanking,
    asks_for_unused_resources,
    asks_what_is_not_kept,
    ends_asked,
    few_asked,
    read_rate_ranking,
    unit_asked,
)
from bot.catalog.db import Catalog
from bot.figures import (
    Area,
    NeedBrief,
    catalog_figures,
    community_ids,
    filed_filters,
    late_figures,
    late_needs,
    needs_between,
    needs_by_category_where,
    needs_by_urgency,
    needs_where,
    oldest_pending,
    open_projects,
    open_tiers_by_category,
    open_tiers_where,
    place_ranking,
    recent_needs,
    resource_breakdown,
    shortened,
    supported_needs,
    utc_bounds,
)
from bot.matching import capabilities
from bot.needs.deadlines import LIGHT_WORDS, STAGE_WORDS, configured_limits
from bot.needs.visits import rates, rates_by_community
from bot.periods import Period
from bot.places import Gazetteer
from bot.reads.browse import CatalogFilter, Scope, browse_resources, resources_reaching
from bot.registry.progress import (
    CITY,
    MIN_PILOTS_PER_LEAD_TYPE,
    TARGETS,
    LeadTypes,
    Progress,
    lead_checks,
    percent_text,
    progress,
    verdicts,
)
from bot.registry.service import CommunityState, registry_states
from bot.replies import say, words
from bot.vocab.community_types import type_names

SHORT_LIST = 5
FULL_NEEDS = 100  # a chat message; more is an export's job
MORE_BUTTON = {"title": "查看完整名单", "payload": "/show_more"}
KEPT_LISTS = 12  # shortened lists whose "查看完整名单" button still works in one conversation


def list_key(asked: str) -> str:
    """A short key naming one shortened list (the question behind it), carried by its own button."""
    return hashlib.sha1(asked.encode("utf-8")).hexdigest()[:10]


def with_list_key(reply: Reply, key: str) -> Reply:
    """The reply whose "查看完整名单" button shows this list, not whichever list came last."""
    keyed = {"title": MORE_BUTTON["title"], "payload": f'/show_more{{"list_key":"{key}"}}'}
    return replace(reply, buttons=tuple(keyed if b == MORE_BUTTON else b for b in reply.buttons))


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[dict, ...] = ()
    refused: bool = False
    response: str | None = None  # a domain response to send instead (the plan's definitions)
    card: dict | None = None  # the headline figure, drawn as a card by the web page
    yes: bool | None = None  # the plain answer to a yes/no question, said first
    verdict: str | None = None  # that answer in words of its own, when 是/不是 alone would mislead


@dataclass
class Context:
    catalog: Catalog
    gazetteer: Gazetteer
    lead_types: LeadTypes
    viewer: Viewer
    today: date
    home_community: str | None = None  # a resident's community, known from an earlier report
    full: bool = False
    _states: dict[date, list[CommunityState]] = field(default_factory=dict)

    def states(self, as_of: date) -> list[CommunityState]:
        if as_of not in self._states:
            with self.catalog.unit_of_work() as session:
                self._states[as_of] = registry_states(session, as_of)
        return self._states[as_of]


UNKEPT = ("这个我这里没有：我只记着试点名册、需求目录、资源清单和项目目录的登记情况，算不出这项，也不会拿别的数字代替。"
          "请问镇里（或市里）负责的同志。可以问我的比如“我们镇有几个试点”“待治理项目有多少”“覆盖率达标了没”。")


# What the tiers and a match's strength mean, as the catalogs count them (README, "Matching")
TIERS_EXPLAINED = ("先治理项目都是“有依据”的：资源提供的正是需求要的能力（比如电工对路灯、医生对量血压），而且在它的服务范围内，"
                   "或者干部已确认对接。“可能相关”只是地点、类型对得上，没有能力上的依据，只列给干部参考，"
                   "不算先治理，也不计入任何数字。待治理是还没有这样的资源。")
_TIER_WORDS = re.compile(MATCH_STRENGTH)


def answer(question: Question, ctx: Context) -> Reply:
    if asks_what_is_not_kept(question.text):
        return Reply(UNKEPT)  # money, staff, contacts, plans, reasons: not in any catalog
    if question.topic == "definition" and _TIER_WORDS.search(question.text):
        return Reply(TIERS_EXPLAINED)  # "可能相关是啥意思"
    if question.topic == "definition":
        return Reply("", response="utter_faq/community_types")
    if question.unknown_place:
        return Reply(f"太仓没有叫“{question.unknown_place}”的地方。我只管太仓市8个镇（区）、160个村（社区）的数字，"
                     "请换个名字再问，比如“城厢镇有几个试点”。")
    area_or_reply = resolve_area(question, ctx)
    if isinstance(area_or_reply, Reply):
        return area_or_reply
    handler = _HANDLERS.get(question.topic, _needs)
    reply = handler(question, area_or_reply, ctx)
    if question.community_type and question.topic in _NOT_BY_TYPE and reply.text:
        # "伲镇动迁安置社区今年需求多少条": the catalogs are not split by the type yet; said, never a silent whole
        reply = replace(reply, text=say("cadres.not_by_type", kind=question.community_type, place=_place(area_or_reply, ctx))
                        + "\n" + reply.text)
    unlisted = _dimension_not_kept(question)
    if unlisted and reply.text:  # "平安建设方面的需求多伐": no such dimension, said before the figures there are
        reply = replace(reply, text=say("cadres.not_a_dimension", word=unlisted) + "\n" + reply.text)
    viewer, area = ctx.viewer, area_or_reply
    if viewer.cadre and not reply.refused and reply.text and not viewer.may_see(area.town, area.community) \
            and question.topic != "place_rank":  # one's own place among the others: counts only, nothing to withhold
        # another town's or village's figures: the totals any resident may hear, said as such
        reply = replace(reply, text=f"{reply.text}\n（{_place(area, ctx)}不在您的范围（{viewer.cadre.scope_label}）："
                                    "这里只给公开的名单和汇总数字，需求明细请联系当地干部。）")
    if question.yes_no and reply.yes is not None:
        verdict = reply.verdict or _VERDICT_WORDS.get(question.topic, ("有。", "没有。"))[not reply.yes]
        return replace(reply, text=verdict + reply.text)
    return reply


# Catalog figures kept by place, not by the communities' type
_NOT_BY_TYPE = ("needs", "projects", "resources", "top_categories", "new_needs", "oldest_pending", "overdue", "rates",
                "rate_ranking", "top_places")


def _dimension_not_kept(question: Question) -> str | None:
    """A kind of need cadres speak of that is no dimension of the catalog ("平安建设"), when no dimension is named."""
    if question.category or question.topic not in ("needs", "top_categories", "top_places", "new_needs", "projects"):
        return None
    return next((word for word in words("cadres.not_a_dimension_words") if word in question.text), None)


# How a yes/no question is answered first, by what it asks about.
_VERDICT_WORDS = {
    "community_type": ("是。", "不是。"),
    "coverage": ("达标了。", "没有达标。"),
    "lead_types": ("够了。", "不够。"),
}


# -- where the question is about -------------------------------------------------------------
def resolve_area(question: Question, ctx: Context) -> Area | Reply:
    if question.community:
        return Area(question.town, question.community)
    if question.ambiguous:
        return _choose_community(question, ctx)
    if question.town:
        return Area(question.town)
    if question.city:
        return Area()
    cadre = ctx.viewer.cadre
    home = ctx.gazetteer.community(ctx.home_community) if ctx.home_community else None
    if question.own == "community":
        if cadre and cadre.role == "community":
            return Area(cadre.town, cadre.community)
        if home and not cadre:
            return Area(home.town, home.name)
        return Reply("请问是哪个村（社区）？请把名字告诉我，例如“南园社区有几个待治理项目”。")
    if cadre and cadre.role == "community" and question.own is None and question.intent == CATALOG_INTENT:
        return Area(cadre.town, cadre.community)  # a village cadre's catalog is the village's own
    if question.own == "town" or (cadre and cadre.role != "city"):
        if cadre and cadre.town:
            return Area(cadre.town)
        if home and not cadre:
            return Area(home.town)
        if question.own == "town":
            return _choose_town(question, ctx)
    return Area()


def _choose_town(question: Question, ctx: Context) -> Reply:
    buttons = tuple(
        {"title": town.name, "payload": re.sub(OWN_TOWN_WORDS, town.name, question.text)} for town in ctx.gazetteer.towns
    )
    return Reply("请问您问的是哪个镇（区、街道）？", buttons)


def _choose_community(question: Question, ctx: Context) -> Reply:
    options = [ctx.gazetteer.community(name) for name in question.ambiguous]
    buttons = tuple({"title": c.label, "payload": name_in(question.text, c)} for c in options if c)[:8]
    return Reply("有几个村（社区）名字相近，您问的是哪一个？", buttons)


def name_in(text: str, community) -> str:
    """The question again, naming this community in full instead of the shared short name."""
    pattern = re.escape(community.stem) + r"(?:村委会|社区居委会|村|社区)?"
    replaced, count = re.subn(pattern, community.label, text, count=1)
    return replaced if count else f"{community.label}{text}"


def _place(area: Area, ctx: Context) -> str:
    if area.community:
        community = ctx.gazetteer.community(area.community)
        return community.label if community else area.community
    return area.town or "全市"


def _when(period: Period | None) -> str:
    return f"{period.label}，" if period else ""


def _percent(part: int, whole: int) -> str:
    return percent_text(part, whole)


def _listing(head: str, lines: list[str], ctx: Context, unit: str = "个") -> Reply:
    """The figure, then a short list; the rest behind a button (a list only a little longer is shown whole)."""
    if not lines:
        return Reply(head)
    if ctx.full or len(lines) <= SHORT_LIST + 3:
        return Reply("\n".join([head, *lines]))
    more = f"……共{len(lines)}{unit}，点“查看完整名单”看全部。"
    return Reply("\n".join([head, *lines[:SHORT_LIST], more]), (MORE_BUTTON,))


# -- the pilot registry ----------------------------------------------------------------------
def _as_of(question: Question, ctx: Context) -> date:
    return question.period.as_of if question.period else ctx.today


def _as_of_words(question: Question, ctx: Context) -> str:
    """截至2025年底，for a registry figure: the state on the period's last day."""
    period = question.period
    if period is None:
        return ""
    if period.is_point:
        return f"{period.label}，"
    day = period.as_of
    if day == ctx.today:
        return "截至今天，"
    if day > ctx.today:  # not a figure of that day, which has not come: what the registry holds for it today
        named = f"{day.year}年底" if (day.month, day.day) == (12, 31) else f"{day.year}年{day.month}月{day.day}日"
        return f"{named}还没到；按目前登记的情况（含已定好日期的试点），到那时"
    after = day + timedelta(days=1)
    if after.day == 1 and after.month == 1:
        return f"截至{day.year}年底，"
    if after.day == 1:
        return f"截至{day.year}年{day.month}月底，"
    return f"截至{day.year}年{day.month}月{day.day}日，"


def _progress(question: Question, area: Area, ctx: Context) -> Progress:
    return progress(ctx.states(_as_of(question, ctx)), _as_of(question, ctx), area.town)


def _pilot_line(state: CommunityState, with_town: bool) -> str:
    name = state.label if with_town else state.label[len(state.town):]
    since = f"，{state.pilot_since.isoformat()}起" if state.pilot_since else ""
    return f"· {name}（{state.community_type}{since}）"


def _pilots(question: Question, area: Area, ctx: Context) -> Reply:
    if area.community:
        return _community_type(question, area, ctx)
    prog = _progress(question, area, ctx)
    pilots = [p for p in prog.pilots if question.community_type in (None, p.community_type)]
    kind = question.community_type or ""
    # a type's pilots beside the whole place's coverage: said as the whole's, never as if it were the type's
    whole = f"全部试点 {len(prog.pilots)} 个，" if kind else ""
    head = (f"{_as_of_words(question, ctx)}{prog.place}{kind}试点共 {len(pilots)} 个"
            f"（{prog.place}共 {prog.communities} 个村（社区），{whole}试点覆盖率 {_percent(len(prog.pilots), prog.communities)}）。")
    if not question.community_type and pilots:
        spread = "、".join(f"{t} {n}" for t, n in prog.by_type.items() if n)
        head += f"\n按类型：{spread}。"
    if area.town is None and pilots:
        towns = [(t.name, sum(1 for p in pilots if p.town == t.name)) for t in ctx.gazetteer.towns]
        head += "\n各镇（区）：" + "、".join(f"{name} {n}" for name, n in sorted(towns, key=lambda x: -x[1])) + "。"
        none = [name for name, n in towns if not n]
        if none and not question.community_type:
            head += f"\n还没有试点的：{'、'.join(none)}。"
        elif re.search(r"没有?试点|没.{0,3}试点", question.text):
            head += "\n没有哪个镇（区）还没有试点：每个镇（区）都已有试点。"
    if not pilots:
        return Reply(head + ("\n当时还没有登记试点。" if question.period else "\n目前还没有登记试点。"), yes=False)
    lines = [_pilot_line(p, area.town is None) for p in sorted(pilots, key=lambda s: (s.town, s.label))]
    reply = _listing(head, lines, ctx)
    card = _figure_card(f"{prog.place}{kind}试点", f"{len(pilots)} 个",
                        f"覆盖率 {_percent(len(prog.pilots), prog.communities)}")
    return Reply(reply.text, reply.buttons, card=card, yes=True)


def _coverage(question: Question, area: Area, ctx: Context) -> Reply:
    note = ""
    if area.community:  # coverage is a town's figure: give the town's, and where the community stands
        note = "\n" + _community_type(question, area, ctx).text
        area = Area(area.town)
    prog = _progress(question, area, ctx)
    head = (f"{_as_of_words(question, ctx)}{prog.place}试点覆盖率 {_percent(len(prog.pilots), prog.communities)}"
            f"（试点 {len(prog.pilots)} 个 / 共 {prog.communities} 个村（社区））。")
    for line in _target_lines(prog, area, ctx):
        head += f"\n{line}"
    head += note
    card = _figure_card(f"{prog.place}试点覆盖率", _percent(len(prog.pilots), prog.communities),
                        f"试点 {len(prog.pilots)} 个 / 共 {prog.communities} 个村（社区）")
    target = _target_asked(question)
    verdict = next(v for v in verdicts(prog, ctx.states) if v.target == target)
    said = _said_verdict(prog.place, verdict)
    asks_gap = re.search(_GAP_ASKED, question.text) is not None
    if asks_gap:  # "还差几个": the gap first, the figures after
        head = _gap_line(prog.place, verdict) + "\n" + head
    if area.town is not None and re.search(r"第几|排名|排在|排多少|排位", question.text):
        head += "\n" + _town_rank(prog, ctx)  # "排全市第几"
    if area.town is not None:
        if question.wants_list and prog.pilots:
            listed = _listing(head + "\n试点名单：", [_pilot_line(p, False) for p in sorted(prog.pilots, key=lambda s: s.label)], ctx)
            return Reply(listed.text, listed.buttons, card=card, yes=verdict.met, verdict=said)
        return Reply(head, card=card, yes=verdict.met, verdict=said)
    towns = [progress(ctx.states(prog.as_of), prog.as_of, town.name) for town in ctx.gazetteer.towns]
    towns.sort(key=lambda tp: -tp.coverage)
    lines = [f"· {tp.place} {_percent(len(tp.pilots), tp.communities)}（{len(tp.pilots)}/{tp.communities}）" for tp in towns]
    if asks_gap:
        lines.append(_towns_gaps(target, towns, ctx))
    elif re.search(r"(哪些|哪几个|哪个|各)(镇|区).{0,8}(达标|达到|没达标|未达标|不达标)", question.text):
        lines += _towns_meeting(question, towns, ctx)
    return Reply("\n".join([head, "各镇（区），从高到低：", *lines]), card=card, yes=verdict.met, verdict=said)


_GAP_ASKED = r"还差|差几|差多少|缺几|缺多少"


def _said_verdict(place: str, verdict) -> str | None:
    """"够不够30%" once the deadline has passed and today differs from then: both said, the deadline first."""
    if not verdict.passed or verdict.met == (verdict.short_now == 0):
        return None
    then = "达标了（按期限" + verdict.target.label + "）" if verdict.met else \
        f"没有达标（按期限{verdict.target.label}，到期时差 {verdict.short} 个）"
    now = f"{place}现在已达到" if verdict.short_now == 0 else f"{place}现在还差 {verdict.short_now} 个"
    return f"{then}；{now}。\n"


def _gap_line(place: str, verdict) -> str:
    """How many pilots are still missing for the target asked, counted today."""
    if verdict.short_now == 0:
        return f"{place}已达到“{verdict.target.label}”（至少 {verdict.needed} 个），不差了。"
    return f"{place}离“{verdict.target.label}”（至少 {verdict.needed} 个）还差 {verdict.short_now} 个试点。"


def _target_asked(question: Question):
    """The target a "达标了没" question means: the one it names by share or year, else the last one."""
    for target in TARGETS:
        year = str(target.deadline.year)
        share = {30: "三成", 60: "六成"}.get(target.percent, "")
        if re.search(rf"{target.percent}|{share}|{year}|{year[2:]}年", question.text):
            return target
        if question.period and question.period.as_of.year == target.deadline.year:
            return target
    return TARGETS[-1]


def _towns_meeting(question: Question, towns: list[Progress], ctx: Context) -> list[str]:
    """"2022年底哪些镇达标了": for the target asked (else each), the towns that met it and those that did
    not, judged as everywhere else; "没有" when a side is empty."""
    wanted = [t for t in TARGETS if str(t.deadline.year) in question.text or f"{t.percent}" in question.text
              or (t.percent == 60 and "六成" in question.text) or (t.percent == 30 and "三成" in question.text)]
    lines = []
    for target in wanted or TARGETS:
        judged = [(tp.place, next(v for v in verdicts(tp, ctx.states) if v.target == target)) for tp in towns]
        met = [place for place, v in judged if v.met]
        short = [f"{place}（差{v.short}个）" for place, v in judged if not v.met]
        lines.append(f"{target.label}：达标的有{'、'.join(met) if met else '没有'}；"
                     f"未达标的有{'、'.join(short) if short else '没有'}。")
    return lines


def _town_rank(prog: Progress, ctx: Context) -> str:
    """Where a town's coverage stands among the city's towns (ties share a place)."""
    coverages = [progress(ctx.states(prog.as_of), prog.as_of, town.name).coverage for town in ctx.gazetteer.towns]
    place = 1 + sum(1 for c in coverages if c > prog.coverage)
    return f"在全市 {len(coverages)} 个镇（区）里排第 {place}。"


def _towns_gaps(target, towns: list[Progress], ctx: Context) -> str:
    """Each town's gap to one target today, the largest first."""
    judged = [(tp.place, next(v for v in verdicts(tp, ctx.states) if v.target == target)) for tp in towns]
    short = sorted(((place, v.short_now) for place, v in judged if v.short_now), key=lambda pair: -pair[1])
    met = [place for place, v in judged if not v.short_now]
    return (f"离“{target.label}”各镇（区）还差："
            + ("、".join(f"{place} {n} 个" for place, n in short) if short else "都不差了")
            + (f"；已达到的有{'、'.join(met)}。" if met else "。"))


def _figure_card(title: str, value: str, note: str) -> dict:
    return {"card": "figure", "title": title, "value": value, "note": note}


def _target_lines(prog: Progress, area: Area, ctx: Context) -> list[str]:
    """Each target: judged on its own deadline once that has passed, otherwise on the current count."""
    lines = []
    for v in verdicts(prog, ctx.states):
        target = v.target
        if v.passed:
            verdict = "已达标" if v.met else f"未达标，差 {v.short} 个"
            when = "现在" if prog.as_of == ctx.today else ("届时" if prog.as_of > ctx.today else "那时")
            now = "" if v.met or target.deadline == prog.as_of else (
                f"；{when}已达到" if not v.short_now else f"；{when}还差 {v.short_now} 个")
            lines.append(f"{target.label}（至少 {v.needed} 个）：到期时试点 {v.pilots_then} 个，{verdict}{now}。")
        else:
            verdict = "已达标" if v.met else f"还差 {v.short} 个"
            lines.append(f"{target.label}（至少 {v.needed} 个）：{verdict}。")
    return lines


def _lead_types(question: Question, area: Area, ctx: Context) -> Reply:
    if question.community_type and area.town:
        return _one_lead_type(question, area, ctx)
    towns = [area.town] if area.town else [t.name for t in ctx.gazetteer.towns]
    as_of = _as_of(question, ctx)
    lines, short_towns = [], 0
    for town in towns:
        checks = lead_checks(progress(ctx.states(as_of), as_of, town), ctx.lead_types)
        if not checks:
            lines.append(f"· {town}：没有登记牵头类型")
            continue
        parts = [f"{c.community_type} {c.pilots}个" + ("✓" if not c.short else f"（还差{c.short}个）")
                 + _too_few_of_type(ctx, as_of, town, c.community_type, c.short) for c in checks]
        short_towns += any(c.short for c in checks)
        lines.append(f"· {town}：" + "，".join(parts))
    if area.town:
        verdict = "每个牵头类型都已有至少2个试点" if not short_towns else "还有牵头类型不足2个试点"
        head = f"{_as_of_words(question, ctx)}{area.town}{verdict}："
    else:
        head = f"{_as_of_words(question, ctx)}{len(towns)}个镇（区）中，{len(towns) - short_towns}个已做到每个牵头类型至少2个试点："
    note = ["（牵头类型为示例数据，正式分工以《任务分工指引》为准。）"] if ctx.lead_types.sample else []
    return Reply("\n".join([head, *lines, *note]), yes=not short_towns)


def _too_few_of_type(ctx: Context, as_of: date, town: str, kind: str, short: int) -> str:
    """"村改居阿拉只有一个社区 哪能凑两个": a lead type the town has fewer communities of than pilots required."""
    of_type = sum(1 for s in ctx.states(as_of) if s.town == town and s.community_type == kind)
    if not short or of_type >= MIN_PILOTS_PER_LEAD_TYPE:
        return ""
    return f"（{town}登记为{kind}的只有 {of_type} 个，凑不满 {MIN_PILOTS_PER_LEAD_TYPE} 个试点，请和市里核对牵头类型或分类）"


def _one_lead_type(question: Question, area: Area, ctx: Context) -> Reply:
    """"双凤镇城郊融合村还差几个": that type's pilots against the 2 a leading town needs."""
    as_of = _as_of(question, ctx)
    prog = progress(ctx.states(as_of), as_of, area.town)
    kind, pilots = question.community_type, prog.by_type.get(question.community_type, 0)
    leads = ctx.lead_types.towns.get(area.town, ())
    head = f"{_as_of_words(question, ctx)}{area.town}{kind}试点 {pilots} 个。"
    if kind in leads:
        short = max(0, MIN_PILOTS_PER_LEAD_TYPE - pilots)
        verdict = "已达到" if not short else f"还差 {short} 个"
        text = (f"{head}{kind}是{area.town}牵头的类型，要求至少 {MIN_PILOTS_PER_LEAD_TYPE} 个试点：{verdict}。"
                + _too_few_of_type(ctx, as_of, area.town, kind, short))
        met = not short
    else:
        named = "、".join(leads) if leads else "没有登记"
        text = f"{head}{kind}不是{area.town}牵头的类型（牵头类型：{named}），没有“至少2个”的要求。"
        met = None
    note = "\n（牵头类型为示例数据，正式分工以《任务分工指引》为准。）" if ctx.lead_types.sample else ""
    return Reply(text + note, yes=met)


def _community_type(question: Question, area: Area, ctx: Context) -> Reply:
    if not area.community:
        return _by_type(question, area, ctx) if question.community_type else _pilots(question, area, ctx)
    state = next((s for s in ctx.states(_as_of(question, ctx)) if s.community == area.community), None)
    if state is None:
        return Reply(f"没有找到“{area.community}”的登记，请说出村（社区）的全名再问。")
    when = _as_of_words(question, ctx)
    asks_pilot = not question.community_type and bool(re.search(_PILOT_WORDS, question.text))
    if not state.community_type:
        verdict = f"不是{question.community_type}。" if question.community_type else ""
        return Reply(f"{verdict}{when}{state.label}还没有分类，也不是试点。", yes=False if asks_pilot else None)
    since = f"（{state.classified_on.isoformat()}起归入此类）" if state.classified_on else ""
    pilot = f"是试点（{state.pilot_since.isoformat()}起）" if state.is_pilot else "不是试点"
    asked = question.community_type
    verdict = "" if not asked else ("是的。" if asked == state.community_type else f"不是{asked}。")
    return Reply(f"{verdict}{when}{state.label}属于{state.community_type}{since}，{pilot}。",
                 yes=state.is_pilot if asks_pilot else None)


_PILOT_WORDS = r"试点|试典|事点|示点|试店"


def _classified(question: Question, area: Area, ctx: Context) -> Reply:
    if area.community:
        return _community_type(question, area, ctx)
    prog = _progress(question, area, ctx)
    states = [s for s in ctx.states(prog.as_of) if area.town in (None, s.town)]
    head = (f"{_as_of_words(question, ctx)}{prog.place}已分类 {prog.classified} 个，"
            f"未分类 {prog.communities - prog.classified} 个（共 {prog.communities} 个村（社区））。")
    if re.search(SHARE_ASKED, question.text) and prog.communities:
        missing = prog.communities - prog.classified
        head += f"未分类的占 {_percent(missing, prog.communities)}，已分类的占 {_percent(prog.classified, prog.communities)}。"
    spread = "、".join(f"{t} {n}" for t, n in _by_type_counts(states).items() if n)
    if spread:
        head += f"\n按类型：{spread}。"
    wants_missing = bool(re.search(r"未分类|没分类|没有分类|还没分|没分好|没定|还没|勿定|未定|勿曾|没曾|未曾|弗曾", question.text))
    chosen = [s for s in states if bool(s.community_type) != wants_missing]
    lines = [f"· {s.label if area.town is None else s.label[len(s.town):]}"
             + (f"（{s.community_type}）" if s.community_type else "") for s in chosen]
    title = "\n未分类的有：" if wants_missing else "\n已分类的有："
    return _listing(head + (title if lines else ""), lines, ctx)


def _types_table(question: Question, area: Area, ctx: Context) -> Reply:
    """"全市多少社区村，按八类分", "沙溪镇有哪几类、各几个试点": communities and pilots of each type, in one table."""
    if area.community:
        return _community_type(question, area, ctx)
    states = [s for s in ctx.states(_as_of(question, ctx)) if area.town in (None, s.town)]
    lines = [f"{name} {sum(1 for s in states if s.community_type == name)} 个（试点 "
             f"{sum(1 for s in states if s.community_type == name and s.is_pilot)} 个）"
             for name in type_names() if any(s.community_type == name for s in states)]
    unclassified = [s for s in states if not s.community_type]
    if unclassified:
        lines.append(f"未分类 {len(unclassified)} 个（试点 {sum(1 for s in unclassified if s.is_pilot)} 个）")
    head = (f"{_as_of_words(question, ctx)}{_place(area, ctx)}共 {len(states)} 个村（社区），"
            f"试点 {sum(1 for s in states if s.is_pilot)} 个。按类型：")
    return Reply("\n".join([head, *lines]))


def _by_type_counts(states: list[CommunityState]) -> dict[str, int]:
    """Communities per type, in the plan's order of the eight types."""
    return {name: sum(1 for s in states if s.community_type == name) for name in type_names()}


def _by_type(question: Question, area: Area, ctx: Context) -> Reply:
    as_of = _as_of(question, ctx)
    states = [s for s in ctx.states(as_of) if area.town in (None, s.town) and s.community_type == question.community_type]
    pilots = sum(1 for s in states if s.is_pilot)
    head = f"{_as_of_words(question, ctx)}{_place(area, ctx)}归为{question.community_type}的共 {len(states)} 个，其中试点 {pilots} 个。"
    lines = [f"· {s.label if area.town is None else s.label[len(s.town):]}" + ("（试点）" if s.is_pilot else "")
             for s in states]
    return _listing(head, lines, ctx)


def _not_pilots(question: Question, area: Area, ctx: Context) -> Reply:
    """"还没列进去的是哪几个 啥类型": the communities of the area that are no pilot yet, each with its type."""
    as_of = _as_of(question, ctx)
    states = [s for s in ctx.states(as_of) if area.town in (None, s.town) and not s.is_pilot
              and question.community_type in (None, s.community_type)]
    head = f"{_as_of_words(question, ctx)}{_place(area, ctx)}还不是试点的村（社区）共 {len(states)} 个。"
    if not states:
        return Reply(head)
    lines = [f"· {s.label if area.town is None else s.label[len(s.town):]}（{s.community_type or '未分类'}）"
             for s in sorted(states, key=lambda s: (s.town, s.community_type or "", s.label))]
    return _listing(head, lines, ctx)


# -- the three catalogs ----------------------------------------------------------------------
def _needs(question: Question, area: Area, ctx: Context) -> Reply:
    if question.period and not (question.period.is_point and question.period.as_of >= ctx.today):
        return _new_needs(question, area, ctx)  # "现在" / "截至今天" is the catalog as it stands
    text, f = _needs_figures(area, ctx, re.search(_EVERY_DIMENSION, question.text) is not None)
    head = _filtered_head(question, area, ctx)
    level = question.urgency if question.urgency and question.urgency != "every" else None
    if head and (level or question.state) and not question.category:
        # "只看急的": the dimensions of those needs, not the whole catalog's read as if they were theirs
        total, by_category = needs_by_category_where(ctx.catalog, area, question.state, level)
        text = ("其中最多的是：" + "、".join(f"{c} {n}条" for c, n in by_category[:4]) + "。") if by_category else ""
    elif head and question.category and not (level or question.state) and ctx.viewer.is_cadre:
        # "其中基础设施的呢": where that dimension's needs stand, never the whole catalog read as if it were theirs
        every, open_n, done_n = (needs_where(ctx.catalog, area, question.category, state) for state in (None, "open", "done"))
        closed = every - open_n - done_n
        text = f"其中未办结 {open_n} 条、已解决 {done_n} 条" + (f"、已关闭 {closed} 条" if closed else "") + "。"
    text = head + text
    if question.wants_list and f.needs:
        if level and not question.state:  # "急的列几条看看": the urgent ones still waiting, not those solved
            question = replace(question, state="open")
        said = _state_words(question, "还没办结的")
        title = f"最新的{said}{question.category or ''}需求：" if said or question.category else "最新的需求："
        urgency = question.urgency if question.urgency != "every" else None
        few = few_asked(question.text) if level else None
        if few and few[0]:  # "最急个三条": the urgent ones still open that have waited longest, as many as asked
            count = min(SHORT_LIST, few[1] or SHORT_LIST)
            title = f"最急的{count}条（{said}需求里等得最久的）："
            return _restricted(question, area, ctx, Reply(text), lambda limit: recent_needs(
                ctx.catalog, area, min(limit, count), ctx.today, category=question.category, state=question.state,
                urgency=urgency, oldest_first=True), title)
        return _restricted(question, area, ctx, Reply(text), lambda limit: recent_needs(
            ctx.catalog, area, limit, ctx.today, category=question.category, state=question.state, urgency=urgency), title)
    return Reply(text)


_STATE_WORDS = {"open": "未办结的", "finished": "已办结的", "done": "已解决的", "reopened": "重办的"}


def _state_words(question: Question, open_words: str = "未办结的") -> str:
    """"重办的", "“急”的", "未办结的“难”的": the state and the level asked, as a cadre reads them."""
    state = open_words if question.state == "open" else _STATE_WORDS.get(question.state or "", "")
    level = f"“{question.urgency}”的" if question.urgency and question.urgency != "every" else ""
    return state + level


_EVERY_DIMENSION = r"七个维度|7个维度|各个?维度|每个维度|按维度|各类|每一类|每类|分别多少|分别是多少|按类别"


def _filtered_head(question: Question, area: Area, ctx: Context, period: Period | None = None) -> str:
    """"养老这块有多少需求", "今年办结了几个": the count asked for, before the catalog's other figures."""
    if not (question.category or question.state or question.urgency):
        return ""
    if question.urgency == "every":
        levels = needs_by_urgency(ctx.catalog, area, question.state)
        said = "、".join(f"{level} {levels.get(level, 0)} 条" for level in ("急", "难", "愁", "盼"))
        return f"{_place(area, ctx)}{_state_words(question)}需求按急难愁盼：{said}。\n"
    start, end = (period.start, period.end) if period else (None, None)
    n = needs_where(ctx.catalog, area, question.category, question.state, start, end, question.urgency)
    share = ""
    if re.search(SHARE_ASKED, question.text):
        share = _share_of_whole(question, area, ctx, n, start, end)
    return f"{_when(period)}{_place(area, ctx)}{_state_words(question)}{question.category or ''}需求 {n} 条{share}。\n"


def _share_of_whole(question: Question, area: Area, ctx: Context, n: int, start, end) -> str:
    """The share of the part asked for in the whole it was taken from: a level's share of the needs in the state and
    dimension asked ("未办结需求里紧急的占几成": of the open ones), a dimension's of those in the state, a state's of all
    the needs of the place and time ("重办的占几成")."""
    if question.urgency and question.urgency != "every":
        state, category = question.state, question.category
    elif question.category:
        state, category = question.state, None
    else:
        state, category = None, None
    whole = needs_where(ctx.catalog, area, category, state, start, end)
    if not whole:
        return ""
    said = (_STATE_WORDS.get(state or "", "") + (category or "")).rstrip("的") or "全部"
    return f"，占{said} {whole} 条的 {_percent(n, whole)}"


def _needs_figures(area: Area, ctx: Context, every_dimension: bool = False):
    """Cadres get the plan's words; residents the same figures in everyday words."""
    f = catalog_figures(ctx.catalog, area)
    if ctx.viewer.is_cadre:
        text = (f"{_place(area, ctx)}需求目录共 {f.needs} 条：未办结 {f.open_needs} 条（先治理 {f.priority}、"
                f"待治理 {f.pending}），已解决 {f.done} 条" + (f"，已关闭 {f.closed} 条" if f.closed else "") + "。"
                + (f"其中重办 {f.reopened} 条（居民说还没解决）。" if f.reopened else ""))
    else:
        text = (f"{_place(area, ctx)}一共收到 {f.needs} 条问题反映：还在处理 {f.open_needs} 条"
                f"（其中 {f.priority} 条已经有志愿者或单位帮忙），已解决 {f.done} 条"
                + (f"，另有 {f.closed} 条已关闭" if f.closed else "") + "。")
    if f.by_category:
        shown = f.by_category if every_dimension else f.by_category[:3]
        text += ("\n按维度：" if every_dimension else "\n反映最多的是：") + "、".join(f"{c} {n}条" for c, n in shown) + "。"
    return text, f


def _next_steps(question: Question, area: Area, ctx: Context) -> Reply:
    """"下一步重点抓啥": the gaps the figures show, most pressing first: urgent needs still open, pending projects
    with no resource, pilot coverage against the targets, and lead types short of two pilots."""
    text = question.text
    asked = [
        ("急事", replace(question, topic="oldest_pending", urgency="急", state="open", wants_list=False)),
        ("缺资源的项目", replace(question, topic="oldest_pending", urgency=None, state=None,
                           text="待治理最久的", wants_list=False)),
        ("试点覆盖", replace(question, intent=PILOT_INTENT, topic="coverage", urgency=None, state=None,
                         text=f"{text}，还差几个")),
    ]
    if area.community is None:
        asked.append(("牵头类型", replace(question, intent=PILOT_INTENT, topic="lead_types", urgency=None, state=None,
                                      text="每类至少2个够不够")))
    lines = []
    for label, part in asked:
        first = _HANDLERS[part.topic](part, area, ctx).text.split("\n", 1)[0].rstrip("：:")
        if first:
            lines.append(f"{len(lines) + 1}. {label}：{first}")
    return Reply(f"{_place(area, ctx)}按目录里的数字，下一步可以先抓这几件：\n" + "\n".join(lines)
                 + "\n（想看哪一件的明细，直接问，比如“急的未办结的列出来”。）")


def _supported(question: Question, area: Area, ctx: Context) -> Reply:
    """"附议最多的是哪几条", "有没有重复反映的": needs other residents joined, the most joined first."""
    n, joined, _ = supported_needs(ctx.catalog, area, 0, ctx.today)
    head = (f"{_place(area, ctx)}有居民附议的需求 {n} 条，附议共 {joined} 人次（同一件事别人反映过，后来的人附议，不重复登记）。"
            if n else f"{_place(area, ctx)}还没有居民附议的需求（同一件事没有被重复反映过）。")
    if not n:
        return Reply(head)

    def fetch(limit: int) -> list:
        return supported_needs(ctx.catalog, area, limit, ctx.today)[2]
    return _restricted(question, area, ctx, Reply(head), lambda limit: [
        replace(brief, description=f"{brief.description}（附议 {count} 人）") for brief, count in fetch(limit)],
        "附议最多的：")


def _overview(question: Question, area: Area, ctx: Context) -> Reply:
    f = catalog_figures(ctx.catalog, area)
    place = _place(area, ctx)
    return Reply(f"{place}三份目录：需求 {f.needs} 条（未办结 {f.open_needs}）；资源 {f.resources_here} 条"
                 + (f"（另有上级范围资源 {f.resources_reaching} 条可用）" if f.resources_reaching and (area.town or area.community) else "")
                 + f"；项目：先治理 {f.priority} 个、待治理 {f.pending} 个，已解决 {f.done} 个。")


_FEWEST = re.compile(r"最少|最低|倒数|末几|末位|垫底|最后几|倒过来|哪个(?:镇|村|社区|区)?(?:的)?(?:需求)?(?:比较)?少|少的是哪")


def _top_places(question: Question, area: Area, ctx: Context) -> Reply:
    by_town = area.town is None and area.community is None \
        and unit_asked(question.text) != "community"
    tier = question.tier
    period = question.period if question.period and question.period.start else None
    urgency = question.urgency if question.urgency != "every" else None
    category = question.category
    bounds, waited = ((period.start, period.end) if period else (None, None)), ""
    if question.waited and not period and ctx.viewer.is_cadre:
        # "超过一个月没办结的急的 按镇分一下": the same needs as counted, filed before the day that long ago
        days, said = question.waited
        cutoff = ctx.today - timedelta(days=days)
        bounds, waited = (None, cutoff + timedelta(days=1)), f"报了超过{said}（{cutoff.month}月{cutoff.day}日及以前报的）"
    ranked = place_ranking(ctx.catalog, area, by_town, tier, *bounds,
                           state=question.state, urgency=urgency, category=category)
    level = f"“{urgency}”的" if urgency and tier else ""
    what = {"pending": "待治理项目", "priority": "先治理项目"}.get(tier or "", f"{_state_words(question)}{category or ''}需求")
    what = waited + (f"{category or ''}{level}{what}" if tier else what)
    unit = "镇（区）" if by_town else "村（社区）"
    when = _when(period)
    if tier and re.search(SHARE_ASKED, question.text):  # "各镇待治理项目占比排个名": of each place's open projects
        return _tier_shares(ranked, place_ranking(ctx.catalog, area, by_town, state="open"), what, unit, area, ctx)
    total = sum(n for _, n in ranked)
    if _FEWEST.search(question.text) and ranked:  # "哪个社区最少": from the fewest, those with none first
        head = f"{when}{_place(area, ctx)}{what}共 {total} 条，各{unit}从少到多："
        return _listing(head, [f"{i}. {name} {n}条" for i, (name, n) in enumerate(sorted(ranked, key=lambda p: p[1]), 1)], ctx)
    head = f"{when}{_place(area, ctx)}{what}共 {total} 条，各{unit}从多到少："
    lines = [f"{i}. {name} {n}条" for i, (name, n) in enumerate(ranked, 1) if n]
    if not lines:
        return Reply(f"{when}{_place(area, ctx)}还没有{what}。")
    return _listing(head, lines, ctx)


def _place_rank(question: Question, area: Area, ctx: Context) -> Reply:
    """"闸北社区在浏河镇排第几" (or a community cadre's "在浏河镇排第几"): where the place stands among its town's
    villages and communities by the measure asked, most first, ties sharing a place."""
    cadre = ctx.viewer.cadre
    name = area.community or (cadre.community if cadre and cadre.role == "community" else None)
    home = ctx.gazetteer.community(name) if name else None
    if home is None:
        return Reply("请说是哪个村（社区）排第几，比如“闸北社区在浏河镇排第几”。")
    period = question.period if question.period and question.period.start else None
    urgency = question.urgency if question.urgency != "every" else None
    ranked = place_ranking(ctx.catalog, Area(home.town), False, question.tier,
                           *((period.start, period.end) if period else (None, None)),
                           state=question.state, urgency=urgency, category=question.category)
    counts = dict(ranked)
    mine = counts.get(home.label, 0)
    position = 1 + sum(1 for _, n in ranked if n > mine)
    what = {"pending": "待治理项目", "priority": "先治理项目"}.get(question.tier or "",
                                                                 f"{_state_words(question)}{question.category or ''}需求")
    top_name, top_n = ranked[0] if ranked else (home.label, 0)
    lead = "" if position == 1 else f"；最多的是{top_name[len(home.town):]} {top_n} 条"
    return Reply(f"{_when(period)}{home.label}{what} {mine} 条，在{home.town}{len(ranked)}个村（社区）里从多到少排第 "
                 f"{position}{lead}。")


def _tier_shares(ranked: list[tuple[str, int]], open_needs: list[tuple[str, int]], what: str, unit: str,
                 area: Area, ctx: Context) -> Reply:
    opened = dict(open_needs)
    shares = sorted(((name, n, opened.get(name, 0)) for name, n in ranked if opened.get(name)),
                    key=lambda item: -item[1] / item[2])
    head = f"{_place(area, ctx)}各{unit}{what}占本地未办结需求的比例，从高到低："
    lines = [f"{i}. {name} {_percent(n, whole)}（{n}/{whole}）" for i, (name, n, whole) in enumerate(shares, 1)]
    return _listing(head, lines, ctx) if lines else Reply(f"{_place(area, ctx)}还没有未办结的需求。")


def _filter_words(question: Question) -> str:
    """“急”的 / 未办结的 / 已办结的: the filters a figure was counted under, as they are said."""
    level = f"“{question.urgency}”的" if question.urgency and question.urgency != "every" else ""
    return _STATE_WORDS.get(question.state or "", "") + level


def _projects(question: Question, area: Area, ctx: Context) -> Reply:
    level = question.urgency if question.urgency and question.urgency != "every" else None
    if ctx.viewer.is_cadre and re.search(_EVERY_DIMENSION, question.text) and not (question.wants_list or question.category):
        return _tiers_by_dimension(question, area, ctx, level)
    f = catalog_figures(ctx.catalog, area)
    filed_in = question.period if question.period and not question.period.is_point else None  # "现在" is every one
    if (level or question.category or filed_in) and ctx.viewer.is_cadre:
        # "急的里面先治理几个待治理几个", "今年未办结的里待治理几条": the two tiers of those open needs only
        since, before = (filed_in.start, filed_in.end) if filed_in else (None, None)
        tiers = open_tiers_where(ctx.catalog, area, question.category, level, since, before)
        what = (question.category or "") + (f"“{level}”的" if level else "")
        head = Reply(f"{_when(filed_in)}{_place(area, ctx)}{what}未办结需求里：先治理项目 {tiers.get('priority', 0)} 个"
                     f"（已有资源对接），待治理项目 {tiers.get('pending', 0)} 个（暂无资源）。")
        if not question.wants_list:
            return head
        f = replace(f, priority=tiers.get("priority", 0), pending=tiers.get("pending", 0))
    elif not ctx.viewer.is_cadre:
        head = Reply(f"{_place(area, ctx)}还在处理的问题里，{f.priority} 件已经有志愿者或单位帮忙，"
                     f"{f.pending} 件还在找人帮忙；已解决 {f.done} 件。")
    else:
        head = Reply(f"{_place(area, ctx)}项目目录（未办结）：先治理项目 {f.priority} 个（已有资源对接），"
                     f"待治理项目 {f.pending} 个（暂无资源）；已解决 {f.done} 个。")
    if ctx.viewer.is_cadre and _TIER_WORDS.search(question.text):  # "先治理里有依据的几条": all of them, by rule
        head = Reply(f"{head.text}\n{TIERS_EXPLAINED}")
    if re.search(SHARE_ASKED, question.text) and f.open_needs:  # "先治理占几成": of the open projects
        head = Reply(head.text + f"\n未办结的 {f.open_needs} 个里，先治理占 {_percent(f.priority, f.open_needs)}，"
                                 f"待治理占 {_percent(f.pending, f.open_needs)}。")
    # "先治理项目有哪些": the list of the tier asked for (先治理 when neither is named), oldest first
    tier, count, title = (("pending", f.pending, "待治理项目：") if re.search(r"待治|代治", question.text)
                          else ("priority", f.priority, "先治理项目："))
    if not (question.wants_list or question.yes_no):
        return head
    if not count:
        return Reply(f"{head.text}\n没有{title.rstrip('：')}。", yes=False)
    if question.category or level:  # "待治理的物业管理监督项目列出来": only those
        title = f"{question.category or ''}{f'“{level}”的' if level else ''}{title}"
    filed = (filed_in.start, filed_in.end) if filed_in else None  # "2026年以来…待治理项目": only those filed then
    listed = _restricted(question, area, ctx, head, lambda limit: open_projects(
        ctx.catalog, area, limit, ctx.today, tier, urgency=level, category=question.category, filed=filed), title)
    return replace(listed, yes=True)


def _tiers_by_dimension(question: Question, area: Area, ctx: Context, level: str | None) -> Reply:
    """"开发区待治理项目几个，按维度分": the open projects of each dimension, in the tier asked (both when neither)."""
    split = open_tiers_by_category(ctx.catalog, area, level)
    asked = question.tier  # both tiers named, or neither: both side by side
    what = f"“{level}”的" if level else ""
    if asked:
        name = "待治理" if asked == "pending" else "先治理"
        rows = sorted(((c, pending if asked == "pending" else priority) for c, priority, pending in split),
                      key=lambda item: -item[1])
        total = sum(n for _, n in rows)
        lines = [f"{i}. {c} {n}个（{_percent(n, total)}）" for i, (c, n) in enumerate((r for r in rows if r[1]), 1)]
        head = f"{_place(area, ctx)}{what}{name}项目共 {total} 个，按维度从多到少："
        return Reply("\n".join([head, *lines]) if total else f"{_place(area, ctx)}没有{what}{name}项目。")
    lines = [f"· {c}：先治理 {priority}、待治理 {pending}" for c, priority, pending in split]
    head = (f"{_place(area, ctx)}{what}项目目录（未办结）按维度：先治理 {sum(r[1] for r in split)} 个、"
            f"待治理 {sum(r[2] for r in split)} 个")
    return Reply("\n".join([head, *lines]))


_BY_TYPE = r"按(?:资源)?(?:类型|类别|种类)|各(?:个)?类型|分类型|哪几类|各类各|各类资源|每类资源|各种资源|每种资源|(?:物力|人力|智力|宣传|组织|文化)[、，,和跟\s]*(?:物力|人力|智力|宣传|组织|文化)"
_BY_TOWN = r"按(?:镇|各镇)|各(?:个)?镇|分镇|哪个镇|哪几个镇"
# "志愿者最多的是哪个村", "各村资源按村排一下": the resources per village or community
_BY_VILLAGE = r"按(?:各)?(?:村|社区|村社区)|各(?:个)?(?:村|社区)|哪(?:个|几个|些)(?:村|社区)|每个(?:村|社区)|分村"
WIDE_SCOPE = "范围"  # "全市范围", "城厢镇全镇范围": a resource of no one village (bot.figures.resource_breakdown)
RANKED_RESOURCE_PLACES = 10  # villages shown by their resources, most first (all of them in the full list)
_ONE_TYPE = r"(人力|物力|智力|宣传|组织|文化)(?:类|方面|方面的|的)?资源"
_BY_PROVIDER = r"按(?:提供方|身份|来源|谁提供)|提供方.{0,2}分|分提供方"


# "党员资源有几个", "单位资源有哪些": the resources of one kind of provider (bot/data/resources.yml names them)
_PROVIDERS_ASKED = (
    (r"党员", ("社区党员",), "党员"),
    (r"单位|企业|公司|学校|医院|共建", ("驻区单位", "共建单位"), "单位"),
    (r"社会组织|协会|社团|志愿队|服务队", ("社区社会组织",), "社会组织"),
    (r"能人|一技之长", ("社区能人",), "能人"),
    (r"楼组长|草根|带头人|领袖", ("草根领袖",), "楼组长、带头人"),
)


def providers_asked(text: str) -> tuple[tuple[str, ...], str] | None:
    plain = re.sub(r"共建单位资源|驻区单位资源", "单位", text)
    return next(((kinds, label) for words, kinds, label in _PROVIDERS_ASKED if re.search(words, plain)), None)


def _resources(question: Question, area: Area, ctx: Context) -> Reply:
    period = question.period
    if period and ctx.viewer.is_cadre and (period.start is not None or period.end <= ctx.today):  # not "现在"
        return _resources_registered(question, area, ctx)
    by_provider = ctx.viewer.is_cadre and (re.search(_BY_PROVIDER, question.text) or sum(
        bool(re.search(words, question.text)) for words, _, _ in _PROVIDERS_ASKED) > 1)
    asked = providers_asked(question.text) if ctx.viewer.is_cadre and not by_provider else None
    if asked:
        return _resources_of_providers(question, area, ctx, *asked)
    if ctx.viewer.is_cadre and asks_for_unused_resources(question.text):
        return _unmatched_resources(area, ctx)
    wanted = capabilities_asked(question.text) if ctx.viewer.is_cadre else frozenset()
    if wanted:  # "有医生个资源伐", "有会修水电个资源伐": the resources able to do that, or plainly none
        return _resources_able_to(wanted, area, ctx)
    f = catalog_figures(ctx.catalog, area)
    place = _place(area, ctx)
    text = (f"{place}资源清单在册可用资源 {f.resources_here} 条。" if ctx.viewer.is_cadre else
            f"{place}登记了 {f.resources_here} 项志愿者和单位提供的帮助。")
    splits = [by for by, words in (("type", _BY_TYPE), ("town", _BY_TOWN), ("community", _BY_VILLAGE))
              if re.search(words, question.text) and not (by == "town" and area.town)]
    splits += ["provider"] if by_provider else []
    fewest = bool(_FEWEST.search(question.text)) and area.community is None
    for by in splits if ctx.viewer.is_cadre and f.resources_here else ():  # "按类型分一下": the list's own figures
        split = resource_breakdown(ctx.catalog, area, by, every_place=fewest)
        label = {"type": "类型", "provider": "提供方", "town": "镇（区）", "community": "村（社区）"}[by]
        wide = sum(n for name, n in split if by == "community" and name.endswith(WIDE_SCOPE))
        split = [(name, n) for name, n in split if not (by == "community" and name.endswith(WIDE_SCOPE))]
        if fewest and by == "community":  # "哪个村最少": from the fewest, the places with none named first
            split = sorted(split, key=lambda p: p[1])
            empty = sum(1 for _, n in split if not n)
            text += f"\n{empty} 个村（社区）还没有本村（社区）的资源。" if empty else ""
        shown = split if by != "community" or ctx.full else split[:RANKED_RESOURCE_PLACES]
        more = f"等（共 {len(split)} 个）" if len(shown) < len(split) else ""
        order = ("，从少到多" if fewest else "，从多到少") if by == "community" else ""
        text += f"\n按{label}{order}：" + "、".join(f"{name} {n}条" for name, n in shown) + more + "。"
        text += f"另有全镇、全市范围的 {wide} 条，不归哪一个村（社区）。" if wide else ""
    one_type = re.search(_ONE_TYPE, question.text) if ctx.viewer.is_cadre and not splits else None
    if one_type:  # "人力资源有几条": that type's count among them
        of_type = dict(resource_breakdown(ctx.catalog, area, "type")).get(one_type.group(1), 0)
        text += f"\n其中{one_type.group(1)}资源 {of_type} 条。"
    wider = "全镇、全市" if area.community else "全市" if area.town else ""
    if wider and f.resources_reaching:
        text += (f"\n另有{wider}范围的资源 {f.resources_reaching} 条也能服务{place}，"
                 f"合计 {f.resources_here + f.resources_reaching} 条可用。")
    if not (question.wants_list or question.yes_no):
        return Reply(text)
    if not f.resources_here and wider and f.resources_reaching:
        # "能服务闸北社区的资源有哪些", "能服务伲社区个资源有伐": the wider ones serve it, so yes
        listed = _resource_list(Reply(f"{text}\n{place}本身还没有登记的资源。"), area, ctx, reaching=True)
        return replace(listed, yes=True)
    if not f.resources_here:
        return Reply(f"{text}\n{place}还没有登记的资源。", yes=False)
    listed = _resource_list(Reply(text), area, ctx)
    if wider and f.resources_reaching and question.wants_list and MORE_BUTTON not in listed.buttons:
        listed = _resource_list(listed, area, ctx, reaching=True)  # "孙桥村能用的资源有哪些": the town's and city's too
    return replace(listed, yes=True)


ABLE_ROWS = 2000  # resources read to find those able to do a thing asked (a town lists a few hundred at most)


def capabilities_asked(text: str) -> frozenset[str]:
    """What a question asks resources to be able to do ("有医生个资源伐" → 医疗健康), read with the matcher's
    vocabulary; a resource type ("人力资源有几条") is no capability."""
    if re.search(_ONE_TYPE, text) or re.search(_BY_TYPE, text):
        return frozenset()
    return capabilities.required(text) | capabilities.offered(text)


def _resources_able_to(wanted: frozenset[str], area: Area, ctx: Context) -> Reply:
    """The area's active resources, and the wider ones reaching it, whose own words offer what was asked."""
    cadre = ctx.viewer.cadre
    scope = Scope.of(cadre) if cadre and ctx.viewer.may_see(area.town, area.community) else None
    rows = browse_resources(ctx.catalog, CatalogFilter(area.town, area.community, status="active"), scope, 1, ABLE_ROWS).rows
    if area.town:
        rows += resources_reaching(ctx.catalog, area.town, area.community, scope, ABLE_ROWS).rows
    able = [r for r in rows if capabilities.offered(r["description"] or "") & wanted]
    place, what = _place(area, ctx), "、".join(sorted(wanted))
    if not able:
        return Reply(say("cadres.able_resources_none", place=place, what=what, total=len(rows)), yes=False)
    shown = able if ctx.full else able[:SHORT_LIST]
    lines = [_resource_line(r) for r in shown]
    head = say("cadres.able_resources", place=place, what=what, count=len(able))
    more = ("……还有更多，点“查看完整名单”看全部。",) if len(shown) < len(able) else ()
    return Reply("\n".join([head, *lines, *more]), (MORE_BUTTON,) if more else (), yes=True)


def _unmatched_resources(area: Area, ctx: Context) -> Reply:
    """"哪些资源还没对接上需求": the area's own listed resources no need has been matched to with evidence, nor
    done with; possible fits (可能相关) do not count as put to use."""
    cadre = ctx.viewer.cadre
    scope = Scope.of(cadre) if cadre and ctx.viewer.may_see(area.town, area.community) else None
    limit = FULL_NEEDS if ctx.full else SHORT_LIST
    listed = CatalogFilter(area.town, area.community, status="active")
    total = browse_resources(ctx.catalog, listed, scope, 1, 1).total
    found = browse_resources(ctx.catalog, replace(listed, unmatched=True), scope, 1, limit)
    place = _place(area, ctx)
    if not found.total and not total:  # none registered is no resource "all put to use"
        return Reply(say("cadres.unmatched_no_resources", place=place), yes=False)
    if not found.total:
        return Reply(say("cadres.unmatched_none", place=place, total=total), yes=False)
    lines = [_resource_line(r) for r in found.rows]
    reply = Reply("\n".join([say("cadres.unmatched_head", place=place, total=total, unmatched=found.total), *lines]),
                  yes=True)
    if found.total > len(lines) and not ctx.full:
        return replace(reply, text=reply.text + "\n……还有更多，点“查看完整名单”看全部。", buttons=(MORE_BUTTON,))
    return reply


def _resources_of_providers(question: Question, area: Area, ctx: Context, kinds: tuple[str, ...], label: str) -> Reply:
    """"开发区有党员资源伐": the area's own active resources offered by that kind of provider, listed."""
    cadre = ctx.viewer.cadre
    scope = Scope.of(cadre) if cadre and ctx.viewer.may_see(area.town, area.community) else None
    limit = FULL_NEEDS if ctx.full else SHORT_LIST
    found = browse_resources(ctx.catalog, CatalogFilter(area.town, area.community, status="active", providers=kinds),
                             scope, 1, limit)
    place = _place(area, ctx)
    if not found.total:
        return Reply(f"{place}资源清单里还没有{label}提供的资源（在册可用 0 条）。", yes=False)
    lines = [f"· {r['tracking_id']} {r['community'] or r['town']}【{r['resource_type']}】{r['provider']}："
             f"{shortened(r['description'] or '')}" for r in found.rows]
    reply = Reply("\n".join([f"{place}资源清单里{label}提供的在册可用资源 {found.total} 条：", *lines]), yes=True)
    if found.total > len(lines) and not ctx.full:
        return replace(reply, text=reply.text + "\n……还有更多，点“查看完整名单”看全部。", buttons=(MORE_BUTTON,))
    return reply


def _evaluation(question: Question, area: Area, ctx: Context) -> Reply:
    """"中期评估要准备啥": what the mid-term evaluation report holds and where a cadre gets it, then where the
    area stands against the plan's targets now."""
    scope = ctx.viewer.cadre.scope_label if ctx.viewer.cadre else "全市"
    lines = [say("cadres.mid_term", scope=scope), _coverage(question, area, ctx).text]
    if not area.community:
        lines.append(_lead_types(question, area, ctx).text)
    return Reply("\n\n".join(line for line in lines if line))


def _summary(question: Question, area: Area, ctx: Context) -> Reply:
    """"帮我出个月报", "这个月情况总结一下": the period's needs, their handling, call-backs, resources and pilots."""
    period = question.period or _summary_period(question.text, ctx.today)
    start, end = period.start, period.end
    place = _place(area, ctx)
    total, by_category = needs_between(ctx.catalog, area, start, end)
    urgent = needs_where(ctx.catalog, area, None, None, start, end, "急")
    done = needs_where(ctx.catalog, area, None, "finished", start, end)
    f = catalog_figures(ctx.catalog, area)
    month_ago = ctx.today - timedelta(days=30)
    waited = needs_where(ctx.catalog, area, None, "open", None, month_ago + timedelta(days=1))
    most = "，最多的是" + "、".join(f"{c} {n}条" for c, n in by_category[:3]) if by_category else ""
    lines = [f"{place}{period.label}小结（截至{ctx.today.month}月{ctx.today.day}日）：",
             f"一、新增需求 {total} 条" + (f"，其中“急”的 {urgent} 条" if urgent else "") + most + "。",
             f"二、办理：本期新增的已办结 {done} 条" + (f"（办结率 {_percent(done, total)}）" if total else "")
             + f"；目录里未办结 {f.open_needs} 条（先治理 {f.priority}、待治理 {f.pending}），其中报了超过一个月的 {waited} 条"
             + (f"，重办 {f.reopened} 条" if f.reopened else "") + "。"]
    r = rates(ctx.catalog, community_ids(ctx.catalog, area), *utc_bounds(start, end))
    lines.append(f"三、回访：居民回访 {r.visits} 件，满意率 {_share_text(r.satisfied)}、解决率 {_share_text(r.solved)}。"
                 if r.visits else "三、回访：本期还没有居民回访，满意率暂时算不出来。")
    by_type = resource_breakdown(ctx.catalog, area, "type", start, end)
    registered = sum(n for _, n in by_type)
    lines.append(f"四、资源：新登记 {registered} 条" + (f"（{'、'.join(f'{t} {n}条' for t, n in by_type)}）" if registered else "")
                 + f"；在册可用 {f.resources_here} 条" + (f"，另有上级范围资源 {f.resources_reaching} 条可用" if f.resources_reaching
                                                       and (area.town or area.community) else "") + "。")
    prog = progress(ctx.states(ctx.today), ctx.today, area.town)
    lines.append(f"五、试点：{prog.place}试点覆盖率 {_percent(len(prog.pilots), prog.communities)}"
                 f"（试点 {len(prog.pilots)} 个 / 共 {prog.communities} 个村（社区））；" + "；".join(t.rstrip("。") for t in _target_lines(prog, Area(area.town), ctx)) + "。")
    return Reply("\n".join(lines))


def _summary_period(text: str, today: date) -> Period:
    """The period a report names by its kind: 周报 this week, 季报 this quarter, otherwise this month so far."""
    if "周报" in text:
        first = today - timedelta(days=today.weekday())
        return Period(first, today + timedelta(days=1), f"本周（{first.month}月{first.day}日起）")
    if "季报" in text:
        first = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        return Period(first, today + timedelta(days=1), f"本季度（{today.year}年第{(today.month - 1) // 3 + 1}季度）")
    return Period(today.replace(day=1), today + timedelta(days=1), f"本月（{today.year}年{today.month}月）")


def _resources_registered(question: Question, area: Area, ctx: Context) -> Reply:
    """"上个月新登记了几条资源", "那上个月呢" after the resource list: those registered in the period."""
    period = question.period
    by_type = resource_breakdown(ctx.catalog, area, "type", period.start, period.end)
    total = sum(n for _, n in by_type)
    place = _place(area, ctx)
    split = "、".join(f"{name} {n}条" for name, n in by_type)
    if period.start is None:  # "到2022年底": all registered by then
        return Reply(f"{_when(period)}{place}共登记资源 {total} 条" + (f"（{split}）。" if total else "。"))
    if not total:
        return Reply(f"{_when(period)}{place}没有新登记的资源。")
    return Reply(f"{_when(period)}{place}新登记资源 {total} 条（{split}）。")


def _resource_line(row: dict) -> str:
    return (f"· {row['tracking_id']} {row['community'] or row['town'] or '全市'}【{row['resource_type']}】{row['provider']}："
            f"{shortened(row['description'] or '')}")


def _resource_list(head: Reply, area: Area, ctx: Context, reaching: bool = False) -> Reply:
    """"我们镇的资源有哪些": the newest offers (or those of the town and the city that reach the place); what was
    offered in words only within the cadre's scope."""
    cadre = ctx.viewer.cadre
    scope = Scope.of(cadre) if cadre and ctx.viewer.may_see(area.town, area.community) else None
    limit = FULL_NEEDS if ctx.full else SHORT_LIST
    if reaching:
        found = resources_reaching(ctx.catalog, area.town, area.community, scope, limit)
    else:
        found = browse_resources(ctx.catalog, CatalogFilter(area.town, area.community, status="active"), scope, 1, limit)
    lines = [f"· {r['tracking_id']} {r['community'] or r['town']}【{r['resource_type']}】{r['provider']}："
             f"{shortened(r['description'] or '')}" for r in found.rows]
    heading = "能服务这里的镇级、市级资源：" if reaching else "最新登记的资源："
    reply = Reply("\n".join([head.text, heading, *lines]))
    if found.total > len(lines) and not ctx.full:
        return Reply(reply.text + "\n……还有更多，点“查看完整名单”看全部。", (MORE_BUTTON,))
    return reply


def _top_categories(question: Question, area: Area, ctx: Context) -> Reply:
    level = question.urgency if question.urgency and question.urgency != "every" else None
    if question.category and not question.period:  # "其中人居环境的呢" after the dimensions ranked: that one
        return _one_dimension(question, area, ctx, level)
    if question.tier and not question.period:  # "哪个维度待治理最多": the open projects of that tier
        return _tiers_by_dimension(question, area, ctx, level)
    if level or question.state:  # "浏河镇急的需求按维度分", "上个月急的按维度分": of those needs only
        since, before = (question.period.start, question.period.end) if question.period else (None, None)
        total, by_category = needs_by_category_where(ctx.catalog, area, question.state, level, before, since)
        where = f"{_when(question.period)}{_place(area, ctx)}"
        head = f"{where}{_filter_words(question)}需求共 {total} 条，按类别从多到少："
        if not total:
            return Reply(f"{where}没有{_filter_words(question)}需求。")
        return Reply("\n".join([head, *[f"{i}. {c} {n}条（{_percent(n, total)}）" for i, (c, n) in enumerate(by_category, 1)]]))
    if question.period:
        total, by_category = needs_between(ctx.catalog, area, question.period.start, question.period.end)
    else:
        f = catalog_figures(ctx.catalog, area)
        total, by_category = f.needs, f.by_category
    head = f"{_when(question.period)}{_place(area, ctx)}共 {total} 条需求，按类别从多到少："
    if not total:
        return Reply(f"{_when(question.period)}{_place(area, ctx)}还没有需求。")
    lines = [f"{i}. {c} {n}条（{_percent(n, total)}）" for i, (c, n) in enumerate(by_category, 1)]
    return Reply("\n".join([head, *lines]))


def _one_dimension(question: Question, area: Area, ctx: Context, level: str | None) -> Reply:
    """One dimension's figure among the needs (or one tier's projects) counted under the filters asked."""
    if question.tier:
        split = {c: (priority, pending) for c, priority, pending in open_tiers_by_category(ctx.catalog, area, level)}
        at = 1 if question.tier == "pending" else 0
        total, n = sum(row[at] for row in split.values()), split.get(question.category, (0, 0))[at]
        what = f"{'“' + level + '”的' if level else ''}{'待治理' if at else '先治理'}项目"
    else:
        total, by_category = needs_by_category_where(ctx.catalog, area, question.state, level)
        n, what = dict(by_category).get(question.category, 0), f"{_filter_words(question)}需求"
    share = f"，占{_place(area, ctx)}{what} {total} 条的 {_percent(n, total)}" if total else ""
    return Reply(f"{_place(area, ctx)}{question.category}{what}共 {n} 条{share}。")


# "比上个月多了还是少了", "跟上个月比呢", "环比": this month against the one before
MONTH_ON_MONTH = re.compile(r"比上个?月|跟上个?月比|和上个?月比|同上个?月比|环比|多了?还是少了?|增加还是减少|增了还是减了")
# "这礼拜新报上来几条，比上礼拜多还是少": this week against the one before (weeks begin on Monday)
WEEK_ON_WEEK = re.compile(r"(?:比|跟|和|同|搭)上(?:个)?(?:礼拜|周|星期)|(?:这|本)(?:个)?(?:礼拜|周|星期).{0,12}(?:多了?还是少了?|环比)")


def _week_on_week(question: Question, area: Area, ctx: Context) -> Reply:
    this_start = ctx.today - timedelta(days=ctx.today.weekday())
    last_start = this_start - timedelta(days=7)
    now, _ = needs_between(ctx.catalog, area, this_start, ctx.today + timedelta(days=1))
    before, _ = needs_between(ctx.catalog, area, last_start, this_start)
    change = "一样多" if now == before else f"多了 {now - before} 条" if now > before else f"少了 {before - now} 条"
    return Reply(f"{_place(area, ctx)}本周（{this_start.month}月{this_start.day}日起，到今天）新增需求 {now} 条，上周"
                 f"（{last_start.month}月{last_start.day}日—{(this_start - timedelta(days=1)).day}日）{before} 条，{change}（本周还没过完）。")


def _month_on_month(question: Question, area: Area, ctx: Context) -> Reply:
    this_start = date(ctx.today.year, ctx.today.month, 1)
    last_start = (this_start - timedelta(days=1)).replace(day=1)
    now, _ = needs_between(ctx.catalog, area, this_start, ctx.today + timedelta(days=1))
    before, _ = needs_between(ctx.catalog, area, last_start, this_start)
    change = "一样多" if now == before else f"多了 {now - before} 条" if now > before else f"少了 {before - now} 条"
    return Reply(f"{_place(area, ctx)}本月（{this_start.month}月，到今天）新增需求 {now} 条，上个月（{last_start.month}月）"
                 f"{before} 条，{change}（本月还没过完）。")


def _year_on_year(question: Question, area: Area, ctx: Context) -> Reply:
    this_start = date(ctx.today.year, 1, 1)
    last_start = date(ctx.today.year - 1, 1, 1)
    same_day = ctx.today.replace(year=ctx.today.year - 1) + timedelta(days=1) if (ctx.today.month, ctx.today.day) != (2, 29) \
        else date(ctx.today.year - 1, 3, 1)
    now, _ = needs_between(ctx.catalog, area, this_start, ctx.today + timedelta(days=1))
    whole, _ = needs_between(ctx.catalog, area, last_start, this_start)
    then, _ = needs_between(ctx.catalog, area, last_start, same_day)
    change = "一样多" if now == then else f"多了 {now - then} 条" if now > then else f"少了 {then - now} 条"
    return Reply(f"{_place(area, ctx)}今年（{this_start.year}年1月1日到今天）新增需求 {now} 条；去年全年 {whole} 条，"
                 f"去年同期（到{ctx.today.month}月{ctx.today.day}日）{then} 条，今年比同期{change}。")


def _new_needs(question: Question, area: Area, ctx: Context) -> Reply:
    if YEAR_ON_YEAR.search(question.text):
        return _year_on_year(question, area, ctx)
    if WEEK_ON_WEEK.search(question.text):
        return _week_on_week(question, area, ctx)
    if MONTH_ON_MONTH.search(question.text):
        return _month_on_month(question, area, ctx)
    period = question.period or Period(ctx.today - timedelta(days=29), ctx.today + timedelta(days=1), "最近30天")
    total, by_category = needs_between(ctx.catalog, area, period.start, period.end)
    verb = "累计" if period.is_point else "新增"
    head = _filtered_head(question, area, ctx, period) + f"{period.label}，{_place(area, ctx)}{verb}需求 {total} 条。"
    if by_category:
        head += ("\n最多的是：" if len(by_category) > 4 else "\n") + "、".join(f"{c} {n}" for c, n in by_category[:4]) + "。"
    by_place = PLACES_ASKED.search(question.text) if ctx.viewer.is_cadre and total else None
    if by_place:  # "上周呢，按村分一下", "本周那两条是哪个社区的": where the period's needs came from
        by_town = area.town is None and area.community is None and not re.search(r"村|社区", by_place.group(0))
        ranked = [(name, n) for name, n in place_ranking(ctx.catalog, area, by_town, None, period.start, period.end) if n]
        head += f"\n按{'镇（区）' if by_town else '村（社区）'}：" + "、".join(
            f"{name.removeprefix(area.town or '')} {n}条" for name, n in ranked) + "。"
    if question.wants_list and not total and "最近" in period.label:
        # "最近报的需求是哪几条" with none this month: the newest there are, said to be older
        return _restricted(question, area, ctx, Reply(head), lambda limit: recent_needs(
            ctx.catalog, area, limit, ctx.today), "目录里最新的几条（都早于这段时间）：")
    if not question.wants_list or not total:
        return Reply(head)
    # "11月急的需求是哪几条": the ones counted under the filters asked, never every need of the period
    urgency = question.urgency if question.urgency != "every" else None
    title = f"最新的{_state_words(question)}{question.category or ''}需求："
    return _restricted(question, area, ctx, Reply(head), lambda limit: recent_needs(
        ctx.catalog, area, limit, ctx.today, period.start, period.end, category=question.category,
        state=question.state, urgency=urgency), title)




def _oldest_pending(question: Question, area: Area, ctx: Context) -> Reply:
    level = question.urgency if question.urgency in ("急", "难", "愁", "盼") else None
    if question.waited and ctx.viewer.is_cadre:
        # "超过一个月还没办的有几条": open needs filed before the day that long ago
        days, said = question.waited
        cutoff = ctx.today - timedelta(days=days)
        n = needs_where(ctx.catalog, area, question.category, "open", None, cutoff + timedelta(days=1), level)
        what = (question.category or "") + (f"“{level}”的" if level else "")
        head = (f"{_place(area, ctx)}报了超过{said}（{cutoff.month}月{cutoff.day}日及以前报的）还没办结的{what}需求 {n} 条。")
        if not n:
            return Reply(head)
        if re.search(_EVERY_DIMENSION, question.text) and not question.category:  # "按维度分一下": the same needs, split
            _, split = needs_by_category_where(ctx.catalog, area, "open", level, cutoff + timedelta(days=1))
            return Reply(head + "\n按维度：" + "、".join(f"{c} {k}条" for c, k in split) + "。")
        # oldest first: the first n are the ones counted, never one filed since the day named
        return _restricted(question, area, ctx, Reply(head), lambda limit: open_projects(
            ctx.catalog, area, min(limit, n), ctx.today, None, level, question.category), "等得最久的：")
    if level and ctx.viewer.is_cadre:
        # "急的里面有多少等了好久还没人管的": the open needs of that level, the longest waiting first
        n = needs_where(ctx.catalog, area, None, "open", None, None, level)
        head = f"{_place(area, ctx)}未办结的“{level}”的需求 {n} 条。"
        if not n:
            return Reply(head)
        return _restricted(question, area, ctx, Reply(head), lambda limit: open_projects(
            ctx.catalog, area, limit, ctx.today, None, level, question.category), "等得最久的：")
    f = catalog_figures(ctx.catalog, area)
    if ctx.viewer.is_cadre and not re.search(r"资源|认领|对接|待治|代治|没人管|晾着", question.text):
        # "最久没办的有哪些": every need not yet done, with or without a resource
        head = f"{_place(area, ctx)}未办结的需求 {f.open_needs} 件（先治理 {f.priority}、待治理 {f.pending}）。"
        if not f.open_needs:
            return Reply(head)
        return _restricted(question, area, ctx, Reply(head), lambda limit: open_projects(
            ctx.catalog, area, limit, ctx.today, None), "等得最久的：")
    head = (f"{_place(area, ctx)}现在有 {f.pending} 个待治理项目（需求未办结、还没有资源对接）。" if ctx.viewer.is_cadre
            else f"{_place(area, ctx)}现在有 {f.pending} 件问题还在找人帮忙。")
    if not f.pending:
        return Reply(head)
    return _restricted(question, area, ctx, Reply(head), lambda limit: oldest_pending(
        ctx.catalog, area, limit, ctx.today), "等得最久的：")


def _overdue(question: Question, area: Area, ctx: Context) -> Reply:
    """"我们镇哪些超期了": open needs past a time limit, by stage, the communities whose light is not green,
    and (to a cadre in scope) the needs longest past."""
    limits = configured_limits()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    period = question.period if question.period and not question.period.is_point else None
    # "元旦以来急个超期几条": of the needs of that level filed in that period
    which = filed_filters(question.category, question.urgency, period.start if period else None,
                          period.end if period else None)
    f = late_figures(ctx.catalog, area, now, limits, which)
    level = f"“{question.urgency}”的" if question.urgency and question.urgency != "every" else ""
    place = _when(period) + _place(area, ctx) + (question.category or "") + level
    rules = ("\n（时限按样例规则：签收2个工作小时，联系居民急事24小时、其他3天，办结7个工作日、工程类15个工作日；"
             "请以本镇正式规定为准。）" if limits.sample else "")
    if not f.late and f.unlimited:
        timed = f.open_needs - f.unlimited
        return Reply(f"{place}未办结的 {f.open_needs} 件需求里，{f.unlimited} 件登记时没有定办理时限，算不出是否超期"
                     + (f"；其余 {timed} 件{'都' if timed > 1 else ''}在时限内" if timed else "")
                     + "。想看等得最久的，可以问“最久没办的有哪些”。" + rules)
    if not f.late:
        within = ("没有未办结的需求" if not f.open_needs else f"未办结的 {f.open_needs} 件都在时限内" if f.open_needs > 1
                  else "未办结的 1 件在时限内")
        return Reply(f"{place}现在没有超过时限的需求（{within}）。{rules}")
    stages = "、".join(f"{STAGE_WORDS[stage]}超时 {n} 件" for stage, n in f.by_stage if n)
    head = f"{place}有 {f.late} 件需求超过时限（未办结共 {f.open_needs} 件）：{stages}。"
    if f.supervised:
        head += f"正在督办的有 {f.supervised} 件。"
    if f.lights and area.community is None:
        head += "\n" + "；".join(f"{LIGHT_WORDS[light]}：{name}（{late}/{total}件超时）"
                                  for name, light, late, total in f.lights[:6])
    return _restricted(question, area, ctx, Reply(head + rules), lambda limit: late_needs(
        ctx.catalog, area, limit, ctx.today, now, which), "超时最久的：")


def _rates(question: Question, area: Area, ctx: Context) -> Reply:
    """"我们镇满意率多少": the call-back rates and the on-time rates of the needs filed in the area (in the
    period, when one is said)."""
    ids = community_ids(ctx.catalog, area)
    period = question.period
    start, end = utc_bounds(period.start, period.end) if period and not period.is_point else (None, None)
    r = rates(ctx.catalog, ids, start, end)
    place = _when(period if period and not period.is_point else None) + _place(area, ctx)
    if not r.needs:
        return Reply(f"{place}还没有需求，没有可算的办理率。")
    lines = [f"{place}的需求 {r.needs} 件，居民回访 {r.visits} 件" + (f"（另有附议人回访 {r.supporter_visits} 件）"
                                                                 if r.supporter_visits else "") + "："]
    if r.visits:
        lines.append(f"响应率 {_share_text(r.responded)}、解决率 {_share_text(r.solved)}、满意率 {_share_text(r.satisfied)}"
                     + (f"，综合 {_share_text(r.composite)}（响应10%、解决50%、满意40%）" if r.composite is not None else "") + "。")
    figures = catalog_figures(ctx.catalog, area)
    within = period if period and not period.is_point else None
    # "办结率几化" (also "上个月呢"): the share of the needs (filed in the period) finished, a catalog figure that
    # needs no call-back
    done = needs_where(ctx.catalog, area, None, "done", within.start, within.end) if within else figures.done
    # 办结 is solved or closed (withdrawn, a duplicate, out of scope), as the 12345 line counts it
    finished = needs_where(ctx.catalog, area, None, "finished", within.start, within.end) if within \
        else figures.done + figures.closed
    lines.append(f"办结率 {_share_text(finished / r.needs)}（已办结 {finished} 件 / 共 {r.needs} 件：已解决 {done}、"
                 f"已关闭 {finished - done}）。")
    if not r.visits:  # solved needs and no call-back yet: both said, so the rates' absence is not read as no work
        lines.append(f"还没有居民回访记录（{'其中' if within else '目录里'}已解决 {done} 件，办结后要等居民回访），"
                     "响应率、解决率、满意率暂时算不出来。")
    lines.append(f"按时签收率 {_share_text(r.on_time_acknowledged)}、按时办结率 {_share_text(r.on_time_finished)}、"
                 f"重办率 {_share_text(r.reopened)}。")
    if r.reopened is None and figures.reopened:
        # no need was finished in the records the rate counts, yet some are reopened now: both said, never a bare dash
        lines.append(f"（重办率按“办结后又重办”计算，要有在本系统里办结的记录才算得出，现在还没有；"
                     f"目录里现在重办中的需求 {figures.reopened} 条。）")
    return Reply("\n".join(lines))


RANKED = 5  # communities shown at the asked end of a ranking
UNRANKED_NAMES = 8  # communities without a figure, named apart


def _rate_ranking(question: Question, area: Area, ctx: Context) -> Reply:
    """"哪个村解决率最低": the area's communities by one rate, the asked end first; those without a figure
    (no call-back yet, or no need due) are named apart, never ranked. A community's own question ranks its town."""
    asked = read_rate_ranking(question.text)
    if area.community:
        area = Area(area.town)
    period = question.period if question.period and not question.period.is_point else None
    start, end = utc_bounds(period.start, period.end) if period else (None, None)
    if asked.rate == "finished":
        return _finished_ranking(asked, area, period, ctx, question.text)
    rows = rates_by_community(ctx.catalog, community_ids(ctx.catalog, area), start, end)
    rated = [r for r in rows if getattr(r.rates, asked.rate) is not None]
    apart = [r for r in rows if getattr(r.rates, asked.rate) is None]
    rated.sort(key=lambda r: _counted(r, asked), reverse=True)  # on a tie, the figure resting on more first
    rated.sort(key=lambda r: getattr(r.rates, asked.rate), reverse=not asked.lowest_first)
    place = _when(period) + _place(area, ctx)
    if not rated:
        return Reply(f"{place}还没有能算{asked.name}的{'回访' if asked.counts == '回访' else '需求'}，暂时排不出名次。\n"
                     + asked.definition)
    order = "从低到高" if asked.lowest_first else "从高到低"
    shown = rated if ctx.full else rated[:RANKED]
    lines = [f"{place}各村（社区）{asked.name}{order}" + (f"（前{len(shown)}个，共{len(rated)}个有数）" if len(shown) < len(rated)
                                                     else f"（{len(rated)}个有数）") + "："]
    lines += [f"{i}. {_community_label(r, area)} {_share_text(getattr(r.rates, asked.rate))}"
              f"（{asked.counts} {_counted(r, asked)} 件）" for i, r in enumerate(shown, 1)]
    if apart:
        names = "、".join(_community_label(r, area) for r in apart[:UNRANKED_NAMES])
        why = "还没有回访" if asked.counts == "回访" else "还没有到期或办结的需求"
        lines.append(f"另有 {len(apart)} 个{why}，不参加排名：{names}" + ("等" if len(apart) > UNRANKED_NAMES else "") + "。")
    lines.append(asked.definition)
    return Reply("\n".join(lines))


def _finished_ranking(asked: RateRanking, area: Area, period: Period | None, ctx: Context, text: str) -> Reply:
    """"各村办结率排个名，倒数三个": finished needs over all needs, per community (those with no need apart), the
    same figure as the 办结率 line of the rates answer."""
    bounds = (period.start, period.end) if period else (None, None)
    by_town = area.town is None and area.community is None and unit_asked(text) == "town"
    every = place_ranking(ctx.catalog, area, by_town, None, *bounds)
    done = dict(place_ranking(ctx.catalog, area, by_town, None, *bounds, state="finished"))
    rated = sorted(((name, done.get(name, 0), n) for name, n in every if n), key=lambda r: -r[2])
    rated.sort(key=lambda r: r[1] / r[2], reverse=not asked.lowest_first)
    apart = [name for name, n in every if not n]
    place = _when(period) + _place(area, ctx)
    if not rated:
        return Reply(f"{place}还没有需求，排不出办结率的名次。")
    shown = rated if ctx.full or by_town else rated[:ends_asked(text) or RANKED]  # eight towns: all of them
    order = "从低到高" if asked.lowest_first else "从高到低"
    unit = "镇（区）" if by_town else "村（社区）"
    lines = [f"{place}各{unit}办结率{order}" + (f"（前{len(shown)}个，共{len(rated)}个有需求）" if len(shown) < len(rated)
                                              else f"（{len(rated)}个有需求）") + "："]
    lines += [f"{i}. {name.removeprefix(area.town or '')} {_percent(finished, whole)}（已办结 {finished} / 共 {whole} 件）"
              for i, (name, finished, whole) in enumerate(shown, 1)]
    if apart:
        lines.append(f"另有 {len(apart)} 个还没有需求，不参加排名："
                     + "、".join(name.removeprefix(area.town or "") for name in apart[:UNRANKED_NAMES])
                     + ("等" if len(apart) > UNRANKED_NAMES else "") + "。")
    lines.append(asked.definition)
    return Reply("\n".join(lines), (MORE_BUTTON,) if len(shown) < len(rated) else ())


def _counted(row, asked) -> int:
    """How many a community's figure rests on: its call-backs, or its needs."""
    return row.rates.visits if asked.counts == "回访" else row.rates.needs


def _community_label(row, area: Area) -> str:
    return row.common_name if area.town else f"{row.town}{row.common_name}"


def _share_text(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _others_needs(question: Question, area: Area, ctx: Context) -> Reply:
    if question.period and not question.period.is_point:  # 最近一周大家都反映了啥
        return _new_needs(replace(question, wants_list=True), area, ctx)
    public = Reply(_needs_figures(area, ctx)[0])
    return _restricted(question, area, ctx, public, lambda limit: recent_needs(ctx.catalog, area, limit, ctx.today),
                       "最新反映的：")


def _restricted(question: Question, area: Area, ctx: Context, public: Reply, fetch, title: str) -> Reply:
    """Show the list only to a cadre whose scope covers the area; otherwise figures and a polite no."""
    viewer = ctx.viewer
    if not viewer.may_see(area.town, area.community):
        reason = "out_of_scope" if viewer.is_cadre else "not_cadre"
        record_refusal(ctx.catalog, viewer, "view_needs", _place(area, ctx), reason)
        if viewer.cadre:
            note = (f"您在名册中的范围是{viewer.cadre.scope_label}，{_place(area, ctx)}的需求明细请联系当地干部查看；"
                    f"可以问“{viewer.cadre.scope_label}的需求有哪些”。")
        else:
            note = "具体内容涉及居民个人信息，只有负责当地的干部可以查看，请您谅解。总体数字可以随时问我。"
        return Reply(f"{public.text}\n{note}", refused=True)
    limit = FULL_NEEDS + 1 if ctx.full else SHORT_LIST + 1
    few = few_asked(question.text)
    if few and few[1]:  # "等得最久个三条": as many as asked, no more
        limit = min(limit, few[1])
    briefs = fetch(limit)
    if not briefs:
        return public
    lines = [_brief_line(b, area) for b in briefs]
    if ctx.full:
        tail = [f"……只列出最近的{FULL_NEEDS}条；全部请在工作台点“导出Excel”查看。"] \
            if len(briefs) > FULL_NEEDS else []
        return Reply("\n".join([public.text, title, *lines[:FULL_NEEDS], *tail]))
    reply = Reply("\n".join([public.text, title, *lines[:SHORT_LIST]]))
    if len(briefs) > SHORT_LIST:
        return Reply(reply.text + "\n……还有更多，点“查看完整名单”看全部。", (MORE_BUTTON,))
    return reply


def _brief_line(brief: NeedBrief, area: Area) -> str:
    place = brief.place if area.community is None else ""
    waited = brief.late or ("当天反映" if brief.days_waiting == 0 else f"已{brief.days_waiting}天")
    # a solved or closed need waits no more: its days are no figure to read
    shown = f"{brief.status}，{waited}" if brief.is_open or brief.late else brief.status
    return f"· {brief.tracking_id} {place}【{brief.category}】{brief.description}（{brief.filed_on}，{shown}）"


def _new_pilots(question: Question, area: Area, ctx: Context) -> Reply:
    """"今年新增了几个试点": pilots at the end of the period against its start (this year when unsaid)."""
    period = question.period if question.period and question.period.start else Period(
        date(ctx.today.year, 1, 1), ctx.today + timedelta(days=1), f"{ctx.today.year}年以来")
    end = min(period.as_of, ctx.today)
    before = progress(ctx.states(period.start - timedelta(days=1)), period.start - timedelta(days=1), area.town)
    after = progress(ctx.states(end), end, area.town)
    had = {p.community_id for p in before.pilots}
    new = [p for p in after.pilots if p.community_id not in had]
    gone = len([p for p in before.pilots if p.community_id not in {q.community_id for q in after.pilots}])
    head = f"{period.label}，{after.place}新增试点 {len(new)} 个" + (f"、取消 {gone} 个" if gone else "") + \
        f"（期初 {len(before.pilots)} 个，现在 {len(after.pilots)} 个）。"
    if not new:
        return Reply(head + "\n这段时间没有新增试点。")
    lines = [_pilot_line(p, area.town is None) for p in sorted(new, key=lambda s: (s.town, s.label))]
    return _listing(head, lines, ctx)


def _units(question: Question, area: Area, ctx: Context) -> Reply:
    """"全市有多少个村，多少个社区": the villages and communities of the area, from the official list."""
    towns = [area.town] if area.town else [t.name for t in ctx.gazetteer.towns]
    units = [c for town in towns for c in ctx.gazetteer.communities_in(town)
             if area.community is None or c.name == area.community]
    villages = sum(1 for c in units if c.kind == "村")
    return Reply(f"{_place(area, ctx)}共 {len(units)} 个村（社区）：村 {villages} 个，社区 {len(units) - villages} 个。")


def answer_all(questions: list[Question], ctx: Context) -> Reply:
    """A question of several parts: each part answered, in the order asked, in one reply."""
    if len(questions) == 1:
        return answer(questions[0], ctx)
    replies = [answer(q, ctx) for q in questions]
    # two parts read as the same question are answered once, never the same block twice
    blocks = list(dict.fromkeys(r.text for r in replies if r.text))
    text = "\n\n".join(_said_once(blocks))
    buttons = next((r.buttons for r in reversed(replies) if r.buttons), ())
    return Reply(text, buttons, refused=any(r.refused for r in replies))


def _said_once(blocks: list[str]) -> list[str]:
    """"伲村是试点伐？镇里覆盖率多少": a sentence the answer to one part said already (the village is no pilot) is
    not said again by the next; a list's lines are always kept whole."""
    kept: list[str] = []
    for block in blocks:
        said = "\n".join(kept)
        lines = [line for line in block.splitlines()
                 if len(line) < 12 or re.match(r"[\d·]", line) or line not in said]
        if any(line.strip() for line in lines):
            kept.append("\n".join(lines))
    return kept


_HANDLERS = {
    "evaluation": _evaluation,
    "next_steps": _next_steps,
    "summary": _summary,
    "supported": _supported,
    "units": _units,
    "new_pilots": _new_pilots,
    "pilots": _pilots,
    "coverage": _coverage,
    "lead_types": _lead_types,
    "community_type": _community_type,
    "classified": _classified,
    "types_table": _types_table,
    "by_type": _by_type,
    "not_pilots": _not_pilots,
    "needs": _needs,
    "projects": _projects,
    "resources": _resources,
    "top_categories": _top_categories,
    "new_needs": _new_needs,
    "oldest_pending": _oldest_pending,
    "overdue": _overdue,
    "rates": _rates,
    "rate_ranking": _rate_ranking,
    "others_needs": _others_needs,
    "overview": _overview,
    "top_places": _top_places,
    "place_rank": _place_rank,
}

__all__ = ["CITY", "Context", "Reply", "answer", "answer_all"]
