"""Where things stand: a need or an offer by its number, or everything this sender filed."""

from __future__ import annotations

import logging
import re
from datetime import datetime

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.cadres import about_the_card, cadre_question_instead, viewer_of
from actions.conversation import first, latest_entities, latest_text, shown_in_last_turns
from actions.reading import left_to_the_open_form
from actions.visits import offer_call_back
from bot.cadres.questions import CATALOG_INTENT, guess_intent
from bot.catalog.errors import CatalogError
from bot.catalog.numbers import normalize_offer_id, normalize_tracking_id
from bot.contact import mask_phone, mask_phones_in_text, parse_phone
from bot.dialogue.naming import named_by_its_matter, named_by_words, shared, sharing
from bot.dialogue.reader import (
    ALSO_REACHES,
    asks_about_the_report_just_filed,
    only_wants_to_report,
    say_also_reaches,
    says,
    says_it_is_fixed,
    supplement_words,
    urgency_change_asked,
)
from bot.needs.service import (
    NeedView,
    add_note,
    change_phone,
    find_need,
    is_filed_by,
    is_supported_by,
    needs_filed_by,
    needs_supported_by,
    reporter_phone,
    supervise_need,
)
from bot.needs.visit_reading import read_visit_answer
from bot.projects.service import reopen_need
from bot.replies import buttons, entry, say
from bot.resources.service import find_offer, offers_of
from bot.vocab import status as need_status
from bot.vocab.urgency import MOST_URGENT

logger = logging.getLogger(__name__)

# "我报名的志愿者有消息吗", "我登记的资源有人用吗": a volunteer asking about their offers.
ABOUT_OFFERS = re.compile(r"志愿|报名|资源|登记的(服务|技能|东西)|我能帮|我的服务|ZY", re.IGNORECASE)
LISTED = 5  # the newest this many; the rest by number
SHOWN_CHARS = 200  # an offer's own words, shown to whoever offered it: enough to check an addition
SHOWN_IN_FULL = re.compile(r"编号 (XQ\d+)")  # the need a status answer is about, shown with its details
# Pieces every report and every complaint shares: they name no particular need.
OFFER_STATUS = dict(entry("status.offer_statuses"))
UNAVAILABLE = say("status.unavailable")
STATUS_CHANGE = re.compile(r"(改成|改为|设为|设成|标记为|标成|更新为|状态改)(已?受理|处理中|已?解决|已?办结|已?关闭|重新处理|完成)")
CHANGE_ELSEWHERE = say("status.change_elsewhere")
CHANGED_BY_CADRES = say("status.changed_by_cadres")
NO_OFFERS = say("status.no_offers")


def pressed_for(dispatcher: CollectingDispatcher, tracker: Tracker, need: NeedView) -> bool:
    """"督办XQ000123" from a town or city cadre whose scope holds the need: pressed for, said so; False for
    anyone else (a resident's 督办 is a reminder, read as a status question)."""
    cadre = viewer_of(tracker).cadre
    if cadre is None or cadre.role not in ("town", "city") or not cadre.covers(need.town, need.community):
        return False
    note = re.sub(r"(?i)督办|督促办理|挂牌督办|重点督办|xq\s*\d+|[，,。:：\s]+", " ", latest_text(tracker)).strip()
    try:
        pressed = supervise_need(runtime.catalog(), need.tracking_id, note, f"{cadre.name}（{cadre.id}）")
    except CatalogError as error:
        dispatcher.utter_message(text=say("status.press_failed", error=error))
        return True
    except Exception:
        logger.exception("督办 failed")
        dispatcher.utter_message(text=UNAVAILABLE)
        return True
    deadline = say("status.pressed_deadline", day=finish_day(pressed.finish_by)) if pressed.finish_by else ""
    dispatcher.utter_message(text=say(
        "status.pressed", tracking_id=pressed.tracking_id, town=pressed.town, community_name=pressed.community_name,
        category=pressed.category, status_label=pressed.status_label, deadline=deadline))
    return True


def finish_day(china_iso: str) -> str:
    """"2026-12-09T17:30:00+08:00" → "12月9日17:30"."""
    return say("status.finish_day", month=int(china_iso[5:7]), day=int(china_iso[8:10]), time=china_iso[11:16])


class ActionCheckStatus(Action):
    def name(self) -> str:
        return "action_check_status"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        from actions.cadres import confirm_pending, continued_question, misread_figure_question

        declined = confirm_pending(dispatcher, tracker) if tracker.get_slot("pending_registry") else None
        if declined is not None:  # "算了 镇里还没批下来 先勿改" after a preview: about the change, no report's 催办
            return declined
        figures = continued_question(dispatcher, tracker, domain) or misread_figure_question(dispatcher, tracker, domain)
        if figures is not None:  # "办结了的呢" after a figure, "2022年的目标达标了吗": not a report's status
            return figures
        events = answer_status(dispatcher, tracker)
        shown = SHOWN_IN_FULL.match((dispatcher.messages[-1].get("text") or "") if dispatcher.messages else "")
        if shown is None or any(e.get("event") in ("active_loop", "followup") for e in events):
            return events
        return events + offer_call_back(dispatcher, tracker, shown.group(1))  # told it is finished: how did it go?

    @staticmethod
    def answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        text = latest_text(tracker)
        if tracker.active_loop_name and left_to_the_open_form(text):
            return []  # "再补充一句 …" in the middle of a report: the open form reads it as its detail
        if not tracker.active_loop_name and only_wants_to_report(text):
            return [FollowupAction("need_form")]  # "我想反映个事体" taken for a status question: the report starts
        if says("phone_change", text) and not normalize_tracking_id(text):
            return new_phone(dispatcher, tracker, text)
        just_filed = None if tracker.active_loop_name else shown_in_last_turns(tracker, "tracking", turns=2)
        if just_filed and not normalize_tracking_id(text) and asks_about_the_report_just_filed(text):
            return about_the_report_just_filed(dispatcher, tracker, just_filed)  # "有没有会修电脑的志愿者"
        said = first(latest_entities(tracker, "tracking_id")) or text
        just_offered = shown_in_last_turns(tracker, "resource", turns=2) if says("supplement", text) and not normalize_tracking_id(said) else None
        if just_offered and not normalize_offer_id(text):  # "再加一句 …" right after an offer was listed
            return add_to_own_offer(dispatcher, tracker, just_offered, text) or []
        offer_id = normalize_offer_id(said) or normalize_offer_id(text)
        if offer_id:
            return offer_status(dispatcher, tracker, offer_id)
        changed = None if tracker.active_loop_name else change_named_offer(dispatcher, tracker)
        if changed is None and not tracker.active_loop_name:
            changed = resume_offer(dispatcher, tracker, text)  # "恢复", "上趟停脱个，现在好接着做了"
        if changed is not None:  # "我登记的那个，时间改成礼拜六上午" read as a status question
            return changed
        solved = None if tracker.active_loop_name else own_report_solved(dispatcher, tracker)
        if solved is not None:  # "修好了，谢谢侬": their words noted on that report
            return solved
        tracking_id = normalize_tracking_id(said)
        if tracking_id is None and not tracker.active_loop_name:
            instead = cadre_question_instead(dispatcher, tracker, {})  # a cadre's "重办个有哪两条": the catalog's
            if instead is not None:
                return instead
        if tracking_id and not tracker.active_loop_name:
            about = about_the_card(dispatcher, tracker)  # a cadre's "XQ000597为啥是待治理": where it stands and why
            if about is not None:
                return about
        if tracking_id is None and ABOUT_OFFERS.search(text):
            if own_offers(dispatcher, tracker):
                return []
            if viewer_of(tracker).is_cadre and not tracker.active_loop_name:
                return _catalog_asked(dispatcher, tracker)  # "村里有啥资源可以用 志愿者有几个": the resource list
            dispatcher.utter_message(text=NO_OFFERS, buttons=buttons("status.no_offers_buttons"))
            return []
        if tracking_id is None and ActionCheckStatus.kept(dispatcher, tracker, None):  # newer than anything filed
            return []
        found = _look_up(dispatcher, tracker, tracking_id)
        if found is None:
            return []
        need, others, total = found
        if need is None:
            return _not_found(dispatcher, tracker, tracking_id)
        if says("supplement", text):  # "XQ000611 补充一下 …": the words go into that report's history
            if tracking_id is None:  # "再补充一句，书屋那件事：…": of their reports, the one the words name
                need = find_need(runtime.catalog(), own_report_named(tracker, text, need.tracking_id)) or need
            return add_to_report(dispatcher, tracker, need, supplement_words(text))
        if tracking_id and says("supervise", text) and pressed_for(dispatcher, tracker, need):
            return [SlotSet("tracking_id", need.tracking_id)]
        if STATUS_CHANGE.search(text):
            # "把XQ000139改成处理中": the chat cannot change a status; never let it look as if it did.
            dispatcher.utter_message(text=CHANGE_ELSEWHERE if viewer_of(tracker).is_cadre else CHANGED_BY_CADRES)
        not_solved = unsolved_said(tracker)
        if not_solved and need.status in need_status.FINISHED_STATUSES:
            return ActionCheckStatus.reopen(dispatcher, tracker, need)
        catalog = runtime.catalog()
        own = is_filed_by(catalog, need.tracking_id, tracker.sender_id)
        reminded = not_solved and own
        if reminded:
            add_note(catalog, need.tracking_id, say("status.reminder_note", words=text[:200]), "resident")
        lines = _need_lines(catalog, tracker, need)
        if reminded:  # the words said back: what was kept is shown, never only claimed
            lines.append(say("status.reminded", tracking_id=need.tracking_id, words=_said_back(text)))
        if own:
            lines += _urgency_request(catalog, need, text)
        dispatcher.utter_message(
            text="\n".join(lines + the_others(others, total)),
            buttons=[{"title": say("status.check_button", tracking_id=n.tracking_id),
                      "payload": f'/check_status{{"tracking_id":"{n.tracking_id}"}}'} for n in others],
            json_message=status_card(need),
        )
        return [SlotSet("tracking_id", need.tracking_id)]

    @staticmethod
    def kept(dispatcher: CollectingDispatcher, tracker: Tracker, tracking_id: str | None) -> bool:
        """Answer for a report still in the outbox (saved, not yet in the catalog); False if none."""
        outbox = runtime.outbox()
        if tracking_id is None:
            tracking_id = outbox.latest_of(tracker.sender_id)
            if tracking_id is None:
                return False
        elif not outbox.holds(tracking_id):
            return False
        number = say("status.kept_number", tracking_id=tracking_id) if tracking_id else say("status.kept_latest")
        dispatcher.utter_message(text=say("status.kept", number=number))
        return True

    @staticmethod
    def reopen(dispatcher: CollectingDispatcher, tracker: Tracker, need) -> list:
        try:
            reopened = reopen_need(runtime.catalog(), need.tracking_id, tracker.sender_id, latest_text(tracker))
        except CatalogError as error:
            dispatcher.utter_message(text=say("status.reopen_failed", error=error))
            return []
        dispatcher.utter_message(
            text=say("status.reopened", tracking_id=reopened.tracking_id, status_label=reopened.status_label)
        )
        return [SlotSet("tracking_id", reopened.tracking_id)]


SAME_MATTER_PAIRS = 2  # "河浜还是老样子" of "河浜里有人倒垃圾": two-character pieces shared with one of their reports


def own_report_unsolved(dispatcher: CollectingDispatcher, tracker: Tracker) -> list | None:
    """"河浜还是老样子，臭得来" as a report begins, from someone who reported that matter before: the earlier
    report (reminded, or reopened when finished), not a new one; None when it names none of their reports."""
    text = latest_text(tracker)
    if not unsolved_said(tracker) or normalize_tracking_id(text):
        return None
    filed = _sender_needs(tracker)
    just_shown = shown_in_last_turns(tracker, "status")
    # right after their report's card, "还在等啊 现在更厉害了…" is about it whatever words it shares
    if not filed or not (sharing(filed, text, SAME_MATTER_PAIRS) or any(n.tracking_id == just_shown for n in filed)):
        return None
    return ActionCheckStatus.answer(dispatcher, tracker)


def own_report_solved(dispatcher: CollectingDispatcher, tracker: Tracker) -> list | None:
    """"阅览室的事情，昨天已经重新开门了，谢谢": their own matter said to be solved, from someone who reported it; their
    words go into that need's history for the community to check and finish, never a new report. None when no
    report of theirs is named, or the words do not say it is solved."""
    text = latest_text(tracker)
    if not says_it_is_fixed(text) or unsolved_said(tracker):
        return None  # "XQ000116现在怎么样了", "…垃圾桶满了三天没人倒": asked, or a problem told
    filed = _sender_needs(tracker)
    if filed is None:
        return None
    named = normalize_tracking_id(text)
    need = next((n for n in filed if n.tracking_id == named), None) if named else next(iter(sharing(filed, text, SAME_MATTER_PAIRS)), None)
    still_open = [n for n in filed if n.status in need_status.OPEN_STATUSES]
    if need is None and not named and len(still_open) == 1:
        need = still_open[0]  # "修好了，谢谢侬": the one matter of theirs still open
    if need is None:
        return None
    if need.status in need_status.FINISHED_STATUSES:
        dispatcher.utter_message(text=say("status.solved_already", tracking_id=need.tracking_id))
        return []
    try:
        add_note(runtime.catalog(), need.tracking_id, say("status.solved_note", words=text[:200]), "resident")
    except Exception:
        logger.exception("noting a solved matter failed")
        dispatcher.utter_message(text=UNAVAILABLE)
        return []
    dispatcher.utter_message(text=say("status.solved_noted", tracking_id=need.tracking_id, words=text[:60]))
    return [SlotSet("tracking_id", need.tracking_id)]


def _sender_needs(tracker: Tracker) -> list[NeedView] | None:
    """The needs the sender filed, or None when the catalog cannot be read (the caller then answers as usual)."""
    try:
        filed, _ = needs_filed_by(runtime.catalog(), tracker.sender_id, LISTED)
    except Exception:
        logger.exception("looking up the sender's reports failed")
        return None
    return filed


def own_report_named(tracker: Tracker, text: str, default: str) -> str:
    """Of the sender's own reports, the one the words name ("再补充一句，书屋那件事：…" after the river was filed):
    the one sharing strictly the most words with them, and more than the default (the report just filed or looked
    up) does; else the default."""
    needs = _sender_needs(tracker) or []
    named = named_by_its_matter(needs, text)
    if named is not None:  # "再补充一句：送饭那个事，…": the matter named outright
        return named.tracking_id
    best = named_by_words(needs, text)
    current = next((n for n in needs if n.tracking_id == default), None)
    if best is None or (current is not None and shared(text, best) <= shared(text, current)):
        return default
    return best.tracking_id


def unsolved_said(tracker: Tracker) -> bool:
    """The words say it is not solved ("还是老样子", "修了两天又坏了"): the classifier's guess alone is not enough
    to reopen a finished need (a greeting like "又来寻侬哉" once read as a complaint)."""
    text = latest_text(tracker)
    if _EITHER_OR.search(text):
        return False  # "是先治理还是待治理": a choice asked about, not "still as it was"
    return says("unsolved", text) or read_visit_answer(text, None).solved is False


_EITHER_OR = re.compile(r"(?:是|算)[^，,。！!\s]{1,8}还是(?![^，,。！!\s]*(?:老样子|原样|一样|没|坏|断|漏|臭|不|勿|弗))"
                        r"[^，,。！!\s]{1,8}(?:[？?呢啊伐吗]|$|[\s，,])")


def meant(needs: list[NeedView], text: str, unsolved: bool) -> NeedView | None:
    """The need a message without a number is about: the one whose words it shares most, else the newest.

    "It is not solved" is about a need said to be finished, when there is one.
    """
    named = next(iter(sharing(needs, text, SAME_MATTER_PAIRS)), None)
    if named is not None:
        return named  # "河浜还是老样子": the report about the river, finished or not
    finished = [n for n in needs if n.status in need_status.FINISHED_STATUSES]
    candidates = finished if unsolved and finished else needs
    return max(candidates, key=lambda n: (shared(text, n), -candidates.index(n)), default=None)


def the_others(others: list[NeedView], total: int) -> list[str]:
    """The sender's other needs, one line each, below the newest one's details."""
    if not others:
        return []
    lines = ["", say("status.others_heading")]
    lines += [say("status.listed_need", tracking_id=n.tracking_id, community_name=n.community_name,
                  category=n.category, status_label=n.status_label) for n in others]
    if total > len(others) + 1:
        lines.append(say("status.others_more", total=total, shown=len(others) + 1))
    return lines


def _offer_named_by_words(offers: list, text: str) -> str | None:
    """"操场格就撤脱吧，礼堂照旧借": of their offers, the one the withdrawing words name (in their own clause)."""
    clause = next((c for c in re.split(r"[，,。；;！!？?\s]+", text) if says("withdraw_offer", c)), text)
    # "…，停一停，法律咨询下个月勿来了": the clause names no offer, the words around it do
    named = named_by_words(offers, clause) or named_by_words(offers, text)
    return named.tracking_id if named else None


def withdraw_offer(dispatcher: CollectingDispatcher, tracker: Tracker, text: str, job_named: bool = False) -> list | None:
    """"刚才那个撤掉吧", "我要撤销登记的资源ZY000064": the sender's own offer taken off the resource list (its
    matches closed, the needs it served back to looking); None when the words withdraw nothing of theirs.

    When the words name a job ("操场格就撤脱吧"), only an offer of theirs those words name is withdrawn: "门口违建
    要撤掉" is a report.
    """
    from bot.resources.service import pause_resource, withdraw_resource

    named = normalize_offer_id(text)
    asked = _STATE_ASKED.search(text) and (named or re.search(r"登记|报名|帮忙|志愿", text)) \
        and (named or _latest_offer(tracker))
    if asked:  # "阿拉个登记现在停牢了伐", "ZY000063是勿是暂停了": how it stands, never a new withdrawal
        return offer_card(dispatcher, tracker, asked)
    if not says("withdraw_offer", text):
        return None
    try:
        mine = _active_offers(tracker, 20)
        if job_named and _offer_named_by_words(mine, text) is None:
            return None
        if named and named not in {offer.tracking_id for offer in mine}:
            theirs = {o.tracking_id: o.status for o, _ in offers_of(runtime.catalog(), tracker.sender_id, limit=50)}
            # "刚刚撤脱个ZY000066 以后好恢复伐": theirs, withdrawn (or paused) already; never said to be someone else's
            key = ("status.withdraw_not_yours" if named not in theirs else
                   "status.paused_already" if theirs[named] == "paused" else "status.withdrawn_already")
            dispatcher.utter_message(text=say(key, offer_id=named))
            return []
        chosen = named or (mine[0].tracking_id if len(mine) == 1 else _offer_named_by_words(mine, text))
        if not mine:
            return None
        if chosen is None:
            which = "status.pause_which" if says("pause_offer", text) else "status.withdraw_which"
            dispatcher.utter_message(text=say(which, offers="、".join(o.tracking_id for o in mine[:5])))
            return []
        pausing = says("pause_offer", text)
        closed = (pause_resource(runtime.catalog(), chosen) if pausing
                  else withdraw_resource(runtime.catalog(), chosen, say("status.withdraw_reason"))).counted
    except Exception:
        logger.exception("withdrawing an offer failed")
        if job_named:
            return None  # not known to be a withdrawal: read as the report it may be
        dispatcher.utter_message(text=UNAVAILABLE)
        return []
    key = "status.paused" if pausing else "status.withdrawn"
    dispatcher.utter_message(text=say(key, offer_id=chosen) + (
        say("status.withdrawn_matches", count=closed) if closed else ""))
    return []


# "现在停牢了伐", "是勿是暂停了", "撤脱了没有": how an offer stands, asked
_STATE_ASKED = re.compile(r"(?:是不是|是勿是|阿是|有没有|有勿有)[^，,。]{0,4}(?:暂停|停|撤)|"
                          r"(?:暂停|停牢|停掉|停脱|停了|撤掉|撤脱|撤下|撤了)(?:了|哉)?(?:伐|吗|么|没有|没)[？?]*$")


def _latest_offer(tracker: Tracker) -> str | None:
    offers = offers_of(runtime.catalog(), tracker.sender_id, limit=1)
    return offers[0][0].tracking_id if offers else None


def resume_offer(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> list | None:
    """"我回来了，可以接着帮忙", "恢复ZY000063": the sender's paused offer back in use; None when the words resume
    nothing, or they have no offer at all."""
    from bot.resources.service import resume_resource

    if not says("resume_offer", text):
        return None
    try:
        offers = offers_of(runtime.catalog(), tracker.sender_id, limit=20)
        paused = [offer for offer, _ in offers if offer.status == "paused"]
        named = normalize_offer_id(text)
        chosen = named if named in {o.tracking_id for o in paused} else paused[0].tracking_id if len(paused) == 1 \
            else (_offer_named_by_words(paused, text) or None)
        if not paused and not named:
            return None  # "路灯恢复了": no offer of theirs is paused, so no offer is meant
        if not paused:
            dispatcher.utter_message(text=say("status.resumed_none"))
            return []
        if chosen is None:
            dispatcher.utter_message(text=say("status.resume_which", offers="、".join(o.tracking_id for o in paused[:5])))
            return []
        resume_resource(runtime.catalog(), chosen)
    except Exception:
        logger.exception("resuming an offer failed")
        dispatcher.utter_message(text=UNAVAILABLE)
        return []
    dispatcher.utter_message(text=say("status.resumed", offer_id=chosen))
    return []


def _active_offers(tracker: Tracker, limit: int) -> list:
    """The sender's offers still on the resource list, the newest first (raises when the catalog cannot be read)."""
    return [offer for offer, _ in offers_of(runtime.catalog(), tracker.sender_id, limit=limit) if offer.status == "active"]


def about_the_report_just_filed(dispatcher: CollectingDispatcher, tracker: Tracker, tracking_id: str) -> list:
    """A question about the report just filed: its card (with its time limit), and how its outcome reaches them;
    whether the neighbours will know who reported it, answered as that."""
    if says("service_privacy", latest_text(tracker)):
        dispatcher.utter_message(text=say("reading.answer_privacy"))
        return []
    if says("asks_for_helpers", latest_text(tracker)):
        return _helpers_of(dispatcher, tracking_id)
    events = show_need(dispatcher, tracker, tracking_id)
    need = find_need(runtime.catalog(), tracking_id)
    if need is None:
        return events
    lines = [say("status.filed_outcome_phone" if need.phone_masked else "status.filed_outcome_no_phone",
                 tracking_id=tracking_id)]
    if need.urgency == MOST_URGENT and need.status in need_status.OPEN_STATUSES:
        lines.append(say("status.filed_outcome_urgent"))
    dispatcher.utter_message(text="\n".join(lines))
    return events


def _helpers_of(dispatcher: CollectingDispatcher, tracking_id: str) -> list:
    """"那现在到底有没有会修电脑的志愿者": whether anyone offering help fits the report just filed, counted as the
    project catalog counts it (a possible fit is no helper found); never anyone's contact."""
    from bot.projects.service import project_of

    try:
        project = project_of(runtime.catalog(), tracking_id)
    except Exception:
        logger.exception("looking up a report's helpers failed")
        dispatcher.utter_message(text=UNAVAILABLE)
        return []
    active, counted = _matches_counted(project.matches if project else [])
    key = "status.filed_helpers_found" if counted else ("status.filed_helpers_possible" if active else "status.filed_helpers_none")
    dispatcher.utter_message(text=say(key, tracking_id=tracking_id, count=len(counted or active)))
    return [SlotSet("tracking_id", tracking_id)]


def _shown_in_full(words: str) -> str:
    if len(words) <= SHOWN_CHARS:
        return words
    return words[:SHOWN_CHARS] + say("status.description_cut", length=len(words))


def active_offers_or_none(tracker: Tracker) -> list | None:
    """The sender's offers on the list (for "到底有人要伐"); None when they cannot be read."""
    try:
        return _active_offers(tracker, 3)
    except Exception:
        logger.exception("looking up the sender's offers failed")
        return None


def needs_to_help(dispatcher: CollectingDispatcher, tracker: Tracker, offers: list | None = None) -> list:
    """"有没有人需要我帮忙": the needs matched with evidence to this volunteer's offers, each under its offer
    (their offers passed in when already looked up this turn)."""
    try:
        offers = _active_offers(tracker, 3) if offers is None else offers
        found = [(offer, find_offer(runtime.catalog(), offer.tracking_id)) for offer in offers]
    except Exception:
        logger.exception("listing a volunteer's matches failed")
        dispatcher.utter_message(text=UNAVAILABLE)
        return []
    if not offers:
        dispatcher.utter_message(text=say("status.help_no_offer"), buttons=buttons("fallback.menu")[2:3])
        return []
    lines = []
    for offer, looked_up in found:
        needs = looked_up[1] if looked_up else []
        lines.append(say("status.help_offer_heading", offer_id=offer.tracking_id, resource_type=offer.resource_type,
                         place=offer.place))
        lines += [say("status.offer_matched_need", tracking_id=n.tracking_id, community_name=n.community_name,
                      category=n.category) for n in needs[:LISTED]] or [say("status.help_offer_none")]
    lines.append(say("status.help_footer"))
    dispatcher.utter_message(text="\n".join(lines))
    return []


def add_to_own_offer(dispatcher: CollectingDispatcher, tracker: Tracker, offer_id: str, text: str) -> list | None:
    """"ZY000064 补充 有投影仪跟音响也可以用": the words added to the volunteer's own offer; None for a message
    that adds nothing."""
    from bot.resources.service import add_to_offer

    if not says("supplement", text):
        return None
    words = re.sub(r"(?i)zy\s*\d{3,}", "", supplement_words(text) or "").strip(" ，,。")
    if not words:
        dispatcher.utter_message(text=say("status.offer_supplement_what", offer_id=offer_id))
        return []
    try:
        done = add_to_offer(runtime.catalog(), offer_id, tracker.sender_id, words, runtime.settings().description_max_chars)
    except Exception:
        logger.exception("adding to an offer failed")
        dispatcher.utter_message(text=UNAVAILABLE)
        return []
    key = "status.offer_supplemented" if done else "status.offer_supplement_refused"
    dispatcher.utter_message(text=say(key, offer_id=offer_id, words=words[:40]))
    return []


def change_own_offer(dispatcher: CollectingDispatcher, tracker: Tracker, offer_id: str) -> list | None:
    """"ZY000071的时间改成每月第一个周六上午": the fields of their own listed offer changed, each said back with its
    new value; None when the words change nothing."""
    from actions.reading import LABELS, places
    from bot.dialogue.reader import offer_field_changes
    from bot.resources.service import CHANGEABLE, change_offer

    said = offer_field_changes(latest_text(tracker), places())
    changes = [c for c in said if c.field in CHANGEABLE]
    if not changes:
        also = next((c.value for c in said if c.field == ALSO_REACHES), None)
        return _also_reaches(dispatcher, tracker, offer_id, also) if also else None
    lines = []
    try:
        for change in changes:
            view = change_offer(runtime.catalog(), offer_id, tracker.sender_id, change.field, change.value,
                                runtime.settings().description_max_chars)
            if view is None:
                dispatcher.utter_message(text=say("status.offer_change_not_yours", offer_id=offer_id))
                return []
            shown = {"resource_scope": view.place, "provider_name": view.provider_name}.get(change.field, change.value)
            lines.append(say("status.offer_changed", field=LABELS.get(change.field, change.field), value=shown,
                             offer_id=offer_id))
        if any(c.field in ("resource_scope", "resource_description") for c in changes):
            found = find_offer(runtime.catalog(), offer_id)
            needs = found[1] if found else []
            lines.append(say("status.offer_change_rematched", matched="、".join(n.tracking_id for n in needs[:LISTED]))
                         if needs else say("status.offer_change_none_matched"))
    except CatalogError as error:
        dispatcher.utter_message(text=str(error))
        return []
    except Exception:
        logger.exception("changing an offer failed")
        dispatcher.utter_message(text=UNAVAILABLE)
        return []
    dispatcher.utter_message(text="\n".join(lines))
    return []


def _also_reaches(dispatcher: CollectingDispatcher, tracker: Tracker, offer_id: str, places_named: str) -> list:
    """Places beyond a listed offer's reach written beside its help, and said so (its reach stays as it was)."""
    from bot.resources.service import change_offer

    try:
        found = find_offer(runtime.catalog(), offer_id)
        if found is None:
            return []
        offer = found[0]
        note = say_also_reaches(places_named)
        if note not in offer.description:
            view = change_offer(runtime.catalog(), offer_id, tracker.sender_id, "resource_description",
                                f"{offer.description}{note}", runtime.settings().description_max_chars)
            if view is None:
                dispatcher.utter_message(text=say("status.offer_change_not_yours", offer_id=offer_id))
                return []
    except CatalogError as error:
        dispatcher.utter_message(text=str(error))
        return []
    except Exception:
        logger.exception("noting an offer's other places failed")
        dispatcher.utter_message(text=UNAVAILABLE)
        return []
    dispatcher.utter_message(text=say("status.offer_also_reaches", offer_id=offer_id, places=places_named,
                                      place=offer.place))
    return []


def change_named_offer(dispatcher: CollectingDispatcher, tracker: Tracker) -> list | None:
    """"上趟登记剃头格事体，时间要改一改，改成每月初五下半天": their own active offer changed without its number; the
    one whose words it shares when there are several, else they are asked which. None when no offer is meant."""
    from actions.reading import places
    from bot.dialogue.reader import offer_field_changes

    text = latest_text(tracker)
    changes = [] if normalize_offer_id(text) else offer_field_changes(text, places())
    named = says("own_offer_named", text)
    # "范围想缩小一点，改成只在勤力村吧": a reach or a time is only an offer's, when they have one offer listed
    offer_only = bool(changes) and all(c.field in ("resource_scope", "available_time", ALSO_REACHES) for c in changes)
    if not changes or not (named or offer_only):
        return None
    try:
        offers = _active_offers(tracker, LISTED)
    except Exception:
        logger.exception("listing offers failed")
        return None
    if not named and len(offers) != 1:
        return None
    chosen = offers[0] if len(offers) == 1 else named_by_words(offers, text)
    if chosen is None and offers:
        own_offers(dispatcher, tracker)
        dispatcher.utter_message(text=say("status.which_offer_to_change"))
        return []
    return change_own_offer(dispatcher, tracker, chosen.tracking_id) if chosen else None


def offer_status(dispatcher: CollectingDispatcher, tracker: Tracker, offer_id: str) -> list:
    """An offer (ZY…) by its number; what it offers and what it is matched to, for whoever offered it."""
    withdrawn = withdraw_offer(dispatcher, tracker, latest_text(tracker))
    if withdrawn is None:
        withdrawn = resume_offer(dispatcher, tracker, latest_text(tracker))
    if withdrawn is not None:
        return withdrawn
    changed = change_own_offer(dispatcher, tracker, offer_id)
    if changed is not None:
        return changed
    added = add_to_own_offer(dispatcher, tracker, offer_id, latest_text(tracker))
    if added is not None:
        return added
    return offer_card(dispatcher, tracker, offer_id)


def offer_card(dispatcher: CollectingDispatcher, tracker: Tracker, offer_id: str) -> list:
    """The offer's card as it stands: what it offers, its status, what it is matched to."""
    try:
        found = find_offer(runtime.catalog(), offer_id)
    except Exception:
        logger.exception("offer look-up failed")
        dispatcher.utter_message(text=UNAVAILABLE)
        return []
    if found is None:
        dispatcher.utter_message(text=say("status.offer_not_found", offer_id=offer_id))
        return []
    offer, needs, sender = found
    status = OFFER_STATUS.get(offer.status, offer.status)
    viewer = viewer_of(tracker)
    # whoever offered it, or a cadre whose scope covers where it serves ("ZY000001 匹配了哪些需求")
    if sender != tracker.sender_id and not viewer.may_see(offer.town, offer.community):
        public = dict(entry("status.offer_public_statuses")).get(offer.status, offer.status)
        dispatcher.utter_message(text=say("status.offer_public", offer_id=offer_id, place=offer.place,
                                          resource_type=offer.resource_type, status=public))
        return []
    if sender != tracker.sender_id:  # a cadre in scope: who offers it and how to reach them, not "we will call you"
        status = dict(entry("status.offer_public_statuses")).get(offer.status, offer.status)
    lines = [say("status.offer_title", offer_id=offer_id, place=offer.place, resource_type=offer.resource_type),
             say("status.description_line", description=_shown_in_full(offer.description)), say("status.status_line", status=status)]
    if sender != tracker.sender_id:  # a cadre in scope: the name and number in full, to arrange the help
        from bot.resources.service import provider_contact

        name, phone = provider_contact(runtime.catalog(), offer_id)
        lines.append(say("status.offer_provider", provider=name or offer.provider_name, provider_type=offer.provider_type,
                         phone=phone or say("status.offer_no_phone"), time=offer.available_time))
    else:  # their own offer: when they said they can come, to check a change ("现在时间写格是啥")
        lines.append(say("status.offer_own_time", time=offer.available_time or say("status.offer_no_time")))
    if offer.status == "active" and needs:
        lines.append(say("status.offer_matched", count=len(needs)))
        lines += [say("status.offer_matched_need", tracking_id=n.tracking_id, community_name=n.community_name,
                      category=n.category) for n in needs[:LISTED]]
    elif offer.status == "active":
        lines.append(say("status.offer_unmatched"))
    dispatcher.utter_message(text="\n".join(lines))
    return []


def supported(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """List the needs this sender supported (附议) without filing one; False when none."""
    try:
        needs = needs_supported_by(runtime.catalog(), tracker.sender_id, LISTED)
    except Exception:
        logger.exception("listing supported needs failed")
        return False
    if not needs:
        return False
    lines = [say("status.supported_heading")]
    lines += [say("status.listed_need", tracking_id=n.tracking_id, community_name=n.community_name,
                  category=n.category, status_label=n.status_label) for n in needs]
    dispatcher.utter_message(
        text="\n".join(lines),
        buttons=[{"title": say("status.check_button", tracking_id=n.tracking_id),
                  "payload": f'/check_status{{"tracking_id":"{n.tracking_id}"}}'} for n in needs],
    )
    return True


def own_offers(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """List this sender's offers; False when they made none. A catalog that cannot say is told."""
    try:
        offers = offers_of(runtime.catalog(), tracker.sender_id, LISTED)
    except Exception:
        logger.exception("listing offers failed")
        dispatcher.utter_message(text=UNAVAILABLE)
        return True
    if not offers:
        return False
    lines = [say("status.own_offers_heading")]
    for offer, matched in offers:
        line = say("status.own_offer", tracking_id=offer.tracking_id, resource_type=offer.resource_type,
                   place=offer.place, status=OFFER_STATUS.get(offer.status, offer.status))
        lines.append(line + (say("status.own_offer_matched", matched=matched)
                             if offer.status == "active" and matched else ""))
    dispatcher.utter_message(
        text="\n".join(lines),
        buttons=[{"title": say("status.check_button", tracking_id=o.tracking_id),
                  "payload": f'/check_status{{"tracking_id":"{o.tracking_id}"}}'} for o, _ in offers],
    )
    return True


def new_phone(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> list:
    """"我电话换号了 新号是…" after filing: the number put on the reporter's open needs."""
    phone = parse_phone(text)
    if phone is None:
        dispatcher.utter_message(text=say("status.phone_change_what"))
        return []
    from bot.resources.service import change_offer_phone

    try:
        changed = change_phone(runtime.catalog(), tracker.sender_id, phone, say("status.phone_change_note"))
        offers = change_offer_phone(runtime.catalog(), tracker.sender_id, phone)
    except Exception:
        logger.exception("changing a phone failed")
        dispatcher.utter_message(text=UNAVAILABLE)
        return []
    if not (changed or offers):
        dispatcher.utter_message(text=say("status.phone_change_nothing_open"))
        return []
    lines = [say("status.phone_changed", phone=mask_phone(phone), count=len(changed), tracking_ids="、".join(changed))
             ] if changed else []
    if offers:
        lines.append(say("status.phone_changed_offers", phone=mask_phone(phone), count=len(offers),
                         offer_ids="、".join(offers)))
    dispatcher.utter_message(text="\n".join(lines))
    return []


def status_card(need: NeedView) -> dict:
    """The card the web page draws beside a need's status words."""
    return {"card": "status", "tracking_id": need.tracking_id, "status": need.status, "status_label": need.status_label}


def show_need(dispatcher: CollectingDispatcher, tracker: Tracker, tracking_id: str) -> list:
    """One need's status card, as its number asked about would show it (its words only to whom may read them)."""
    catalog = runtime.catalog()
    need = find_need(catalog, tracking_id)
    if need is None:
        dispatcher.utter_message(text=say("status.need_not_found", tracking_id=tracking_id))
        return []
    dispatcher.utter_message(
        text="\n".join(_need_lines(catalog, tracker, need)),
        json_message=status_card(need),
    )
    return [SlotSet("tracking_id", need.tracking_id)]


def add_to_report(dispatcher: CollectingDispatcher, tracker: Tracker, need: NeedView, added: str) -> list:
    """A resident's words added to their own filed report; never to someone else's."""
    catalog = runtime.catalog()
    kept = [SlotSet("tracking_id", need.tracking_id)]
    if not is_filed_by(catalog, need.tracking_id, tracker.sender_id):
        dispatcher.utter_message(text=say("status.supplement_not_yours", tracking_id=need.tracking_id))
        return []
    if not added:
        dispatcher.utter_message(text=say("status.supplement_what", tracking_id=need.tracking_id))
        return kept
    try:
        add_note(catalog, need.tracking_id, say("status.supplement_note", words=added), "resident")
    except Exception:
        logger.exception("adding to a report failed")
        dispatcher.utter_message(text=UNAVAILABLE)
        return []
    lines = [say("status.supplement_added", tracking_id=need.tracking_id, words=_said_back(added))]
    dispatcher.utter_message(text="\n".join(lines + _urgency_request(catalog, need, latest_text(tracker))))
    return kept


def _said_back(text: str) -> str:
    """A person's words shown back to them: the first forty characters, numbers masked."""
    return mask_phones_in_text(text[:40]) + ("…" if len(text) > 40 else "")


def _urgency_request(catalog, need: NeedView, text: str) -> list[str]:
    """"请改成急" about one's own filed report: kept in its history, and the lines that say so (the level itself is
    the community's to set); nothing when no level is asked for."""
    level = urgency_change_asked(text)
    if level is None:
        return []
    if level == need.urgency:
        return [say("status.urgency_already", tracking_id=need.tracking_id, level=level)]
    add_note(catalog, need.tracking_id, say("status.urgency_request_note", level=level, words=text[:200]), "resident")
    return [say("status.urgency_request_noted", tracking_id=need.tracking_id, level=level)]


def urgency_asked_for_own_report(dispatcher: CollectingDispatcher, tracker: Tracker) -> list | None:
    """"紧急程度能不能改成急" with no form open: of their own open reports, the one named (by number or words), the
    one just looked up, or the only one; None when no level is asked for or no report of theirs is meant."""
    text = latest_text(tracker)
    if urgency_change_asked(text) is None:
        return None
    filed = [n for n in (_sender_needs(tracker) or []) if n.status in need_status.OPEN_STATUSES]
    if not filed:
        return None
    default = tracker.get_slot("tracking_id") or (filed[0].tracking_id if len(filed) == 1 else None)
    named = normalize_tracking_id(text) or own_report_named(tracker, text, default or "")
    need = next((n for n in filed if n.tracking_id == named), None)
    if need is None:
        return None
    try:
        lines = _urgency_request(runtime.catalog(), need, text)
    except Exception:
        logger.exception("noting an urgency request failed")
        dispatcher.utter_message(text=UNAVAILABLE)
        return []
    dispatcher.utter_message(text="\n".join(lines))
    return [SlotSet("tracking_id", need.tracking_id)]


def answer_status(dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
    """The status of the report the latest message asks about (also asked in the middle of a form)."""
    return ActionCheckStatus.answer(dispatcher, tracker)


def _look_up(dispatcher: CollectingDispatcher, tracker: Tracker,
             tracking_id: str | None) -> tuple[NeedView | None, list[NeedView], int] | None:
    """The need asked about (by its number, or the sender's own the words point to), the sender's other needs
    and how many they filed; None when the catalog could not be read (the person has been answered)."""
    catalog = runtime.catalog()
    try:
        if tracking_id:
            return find_need(catalog, tracking_id), [], 0
        filed, total = needs_filed_by(catalog, tracker.sender_id, LISTED)
        need = meant(filed, latest_text(tracker), unsolved_said(tracker))
        return need, [n for n in filed if n is not need], total
    except Exception:
        logger.exception("status look-up failed")
        if not (tracking_id and ActionCheckStatus.kept(dispatcher, tracker, tracking_id)):
            dispatcher.utter_message(text=UNAVAILABLE)
        return None


def _not_found(dispatcher: CollectingDispatcher, tracker: Tracker, tracking_id: str | None) -> list:
    """No need in the catalog: a number still in the outbox, a wrong number, or a sender with nothing filed."""
    if tracking_id:
        if not ActionCheckStatus.kept(dispatcher, tracker, tracking_id):
            dispatcher.utter_message(text=say("status.need_not_found", tracking_id=tracking_id))
        return []
    if tracker.active_loop_name == "need_form":
        # "啥辰光来修" in the middle of a first report: this one, not filed yet, is what is asked about
        dispatcher.utter_message(text=say("status.not_filed_yet"))
        return []
    cadre = viewer_of(tracker).is_cadre and not tracker.active_loop_name
    said = latest_text(tracker)
    if cadre and guess_intent(said) and (_A_FIGURE.search(said) or not describes_a_problem(said)):
        return _catalog_asked(dispatcher, tracker)  # "我又没问基层群众自治 全镇个先治理占比": a figure asked, not a report
    if unsolved_said(tracker) and describes_a_problem(latest_text(tracker)):
        # "上个月报过下水道堵…现在又堵牢了" with nothing filed here (reported by phone, or elsewhere): filed anew
        dispatcher.utter_message(text=say("status.nothing_filed_report_again"))
        return [FollowupAction("need_form")]
    if viewer_of(tracker).is_cadre and not tracker.active_loop_name:
        # "结果考核伲沙溪在全市排第几", "伲村另外两条是啥辰光办好格": a cadre with nothing filed asks of the catalog
        return _catalog_asked(dispatcher, tracker)
    if not (own_offers(dispatcher, tracker) or supported(dispatcher, tracker)):
        dispatcher.utter_message(text=say("status.nothing_filed"), buttons=buttons("status.nothing_filed_buttons"))
    return []


def _catalog_asked(dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
    """A cadre's question taken for a look-up of their own reports or offers: answered from the catalogs."""
    from actions.cadres import ActionAnswerQuestion

    text = latest_text(tracker)
    return ActionAnswerQuestion.reply_to(dispatcher, tracker, text, guess_intent(text) or CATALOG_INTENT)


def describes_a_problem(text: str) -> bool:
    from actions.reading import places

    return places().describes(text)


def _need_lines(catalog, tracker: Tracker, need: NeedView) -> list[str]:
    """What a need's status card says, to whom: the words and notes only to its reporter or a cadre in scope."""
    lines = [say("status.need_title", tracking_id=need.tracking_id, town=need.town,
                 community_name=need.community_name, category=need.category)]
    own = is_filed_by(catalog, need.tracking_id, tracker.sender_id)
    reader = own or viewer_of(tracker).may_see(need.town, need.community)
    if reader:
        lines.append(say("status.description_line", description=_shown_in_full(mask_phones_in_text(need.description))))
    lines.append(say("status.status_line", status=need.status_label))
    if reader and need.urgency:  # "格条急勿急": how urgent its reporter said it is
        lines.append(say("status.urgency_line", urgency=need.urgency))
    if reader and need.created_at:  # "第四条啥辰光报的": when it came in
        lines.append(say("status.filed_line", day=need.created_at[:10]))
    if need.finish_by and need.status in need_status.OPEN_STATUSES and reader:
        lines.append(say("status.need_deadline", day=finish_day(need.finish_by)))
    if need.latest_note and (reader or is_supported_by(catalog, need.tracking_id, tracker.sender_id)):
        # a supporter reads the progress, not the reporter's words
        lines.append(say("status.latest_note", day=need.latest_note_at[:10], note=need.latest_note))
    if reader and not own:  # a cadre whose scope holds it: the number in full, to call back
        phone = reporter_phone(catalog, need.tracking_id)
        lines.append(say("status.need_reporter"))
        lines.append(say("status.need_phone", phone=phone) if phone else say("status.need_no_phone"))
    if reader and not own and need.status in need_status.OPEN_STATUSES:
        lines += _project_lines(catalog, need.tracking_id)  # a cadre reads where it stands in the project catalog
    elif own and need.status in need_status.OPEN_STATUSES and _TIER_ASKED.search(latest_text(tracker)):
        lines += _own_tier(catalog, need.tracking_id)  # "XQ000604 是先治理还是待治理": its tier, told its reporter
    return lines


# "全镇个先治理占比": a figure asked for, whatever dimension is named beside it
_A_FIGURE = re.compile(r"占比|比例|[率]|几成|多少|几条|几个|几件|排名|排一下|排一排|汇总|统计|总共|一共")
_TIER_ASKED = re.compile(r"先治理|待治理|治理项目|项目目录")


def _own_tier(catalog, tracking_id: str) -> list[str]:
    """The tier of a reporter's own need, and whether a resource is matched (never whose)."""
    from bot.projects.service import project_of

    project = project_of(catalog, tracking_id)
    if project is None:
        return []
    _, counted = _matches_counted(project.matches)
    return [say("status.project_line", tier=project.tier_label),
            say("status.own_tier_matched") if counted else say("status.own_tier_waiting")]


def _matches_counted(matches: list[dict]) -> tuple[list[dict], list[dict]]:
    """A need's active matches, and those the project catalog counts (strong, or taken on by a cadre)."""
    from bot.vocab.match_status import ACTIVE_MATCHES

    active = [m for m in matches if m["status"] in ACTIVE_MATCHES]
    return active, [m for m in active if m["strength"] == "strong" or m["status"] != "proposed"]


def _project_lines(catalog, tracking_id: str) -> list[str]:
    """Its tier and the resources matched to it (strong or taken on by a cadre; weak ones are only possible)."""
    from bot.projects.service import project_of

    project = project_of(catalog, tracking_id)
    if project is None:
        return []
    active, counted = _matches_counted(project.matches)
    weak = [m for m in active if m not in counted]
    lines = [say("status.project_line", tier=project.tier_label)]
    if counted:
        lines.append(say("status.project_matches", resources="、".join(
            f"{m['resource']}（{m['resource_type']}，{m['status_label']}）" for m in counted[:3])))
    elif weak:
        lines.append(say("status.project_weak", count=len(weak)))
    return lines


def project_answer(tracker: Tracker, tracking_id: str) -> list[str] | None:
    """Where a need stands in the project catalog, for a cadre in scope; None for anyone else or a need
    not open."""
    catalog = runtime.catalog()
    need = find_need(catalog, tracking_id)
    if need is None or not viewer_of(tracker).may_see(need.town, need.community):
        return None
    if need.status not in need_status.OPEN_STATUSES:
        return [say("status.project_closed", tracking_id=need.tracking_id, status=need.status_label)]
    lines = _project_lines(catalog, need.tracking_id)
    if len(lines) == 1:
        lines.append(say("status.project_none"))  # 待治理 and nothing proposed: said, not left to be guessed
    lines.append(_deadline_line(need))
    lines.append(say("status.project_owner", town=need.town, community_name=need.community_name))  # "这条谁在跟"
    return [say("status.project_of", tracking_id=need.tracking_id), *lines]


def _deadline_line(need: NeedView) -> str:
    """Whether an open need is past its time limit ("这条超期了没"), or that it was filed without one."""
    if not need.finish_by:
        return say("status.no_deadline")
    due = datetime.fromisoformat(need.finish_by)
    late = (datetime.now(due.tzinfo) - due).days
    if late >= 0 and datetime.now(due.tzinfo) > due:
        return say("status.past_deadline", day=finish_day(need.finish_by), days=late)
    return say("status.need_deadline", day=finish_day(need.finish_by))
