"""Where things stand: a need or an offer by its number, or everything this sender filed."""

from __future__ import annotations

import logging
import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.cadres import viewer_of
from actions.conversation import first, latest_entities, latest_text
from actions.visits import offer_call_back
from bot.contact import mask_phones_in_text
from bot.dialogue.reader import says
from bot.needs import status as need_status
from bot.needs.service import (
    CatalogError,
    NeedView,
    add_note,
    find_need,
    is_filed_by,
    is_supported_by,
    needs_filed_by,
    needs_supported_by,
    normalize_tracking_id,
    supervise_need,
)
from bot.needs.visit_reading import read_visit_answer
from bot.projects.service import reopen_need
from bot.resources.service import find_offer, normalize_offer_id, offers_of

logger = logging.getLogger(__name__)

# "我报名的志愿者有消息吗", "我登记的资源有人用吗": a volunteer asking about their offers.
ABOUT_OFFERS = re.compile(r"志愿|报名|资源|登记的(服务|技能|东西)|我能帮|我的服务|ZY", re.IGNORECASE)
LISTED = 5  # the newest this many; the rest by number
SHOWN_IN_FULL = re.compile(r"编号 (XQ\d+)")  # the need a status answer is about, shown with its details
# Pieces every report and every complaint shares: they name no particular need.
COMMON_PAIRS = {"修好", "好了", "解决", "说是", "其实", "还是", "没有", "问题", "处理", "已经", "怎么", "反映", "还在", "事情"}
OFFER_STATUS = {"active": "在册，社区需要时会联系您", "withdrawn": "已撤回"}
UNAVAILABLE = "抱歉，暂时查不了进度，请过几分钟再试。"
STATUS_CHANGE = re.compile(r"(改成|改为|设为|设成|标记为|标成|更新为|状态改)(已?受理|处理中|已?解决|已?办结|已?关闭|重新处理|完成)")
CHANGE_ELSEWHERE = ("聊天里只能查询，状态没有改。请在工作台（/dashboard）的需求详情里改状态并写说明，"
                    "或用命令 python -m bot set-status 编号 in_progress --note \"说明\"。")
CHANGED_BY_CADRES = "办理状态由社区工作人员更新，我这里只能帮您查询。如果问题还没解决，直接说“还没解决”，我帮您催办。"
NO_OFFERS = "您在这里还没有登记过资源或志愿服务。想出份力，说“我想出份力”就行；在别处登记过的话，请把ZY开头的编号发给我。"


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
        dispatcher.utter_message(text=f"没能督办：{error}。")
        return True
    except Exception:
        logger.exception("督办 failed")
        dispatcher.utter_message(text=UNAVAILABLE)
        return True
    dispatcher.utter_message(text=(
        f"已督办 {pressed.tracking_id}（{pressed.town}{pressed.community_name}，{pressed.category}，{pressed.status_label}），"
        f"记入处理记录，这条需求排到{pressed.community_name}列表最前"
        + (f"；按时限应在 {finish_day(pressed.finish_by)} 前办结" if pressed.finish_by else "") + "。"))
    return True


def finish_day(china_iso: str) -> str:
    """"2026-12-09T17:30:00+08:00" → "12月9日17:30"."""
    return f"{int(china_iso[5:7])}月{int(china_iso[8:10])}日{china_iso[11:16]}"


class ActionCheckStatus(Action):
    def name(self) -> str:
        return "action_check_status"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        from actions.cadres import continued_question, misread_figure_question

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
        said = first(latest_entities(tracker, "tracking_id")) or latest_text(tracker)
        offer_id = normalize_offer_id(said) or normalize_offer_id(latest_text(tracker))
        if offer_id:
            return offer_status(dispatcher, tracker, offer_id)
        tracking_id = normalize_tracking_id(said)
        if tracking_id is None and ABOUT_OFFERS.search(latest_text(tracker)):
            if not own_offers(dispatcher, tracker):
                dispatcher.utter_message(text=NO_OFFERS, buttons=[{"title": "我想出份力", "payload": "/offer_resource"}])
            return []
        catalog = runtime.catalog()
        if tracking_id is None and ActionCheckStatus.kept(dispatcher, tracker, None):  # newer than anything filed
            return []
        others: list[NeedView] = []
        total = 0
        try:
            if tracking_id:
                need = find_need(catalog, tracking_id)
            else:
                filed, total = needs_filed_by(catalog, tracker.sender_id, LISTED)
                need = meant(filed, latest_text(tracker), unsolved_said(tracker))
                others = [n for n in filed if n is not need]
        except Exception:
            logger.exception("status look-up failed")
            if not (tracking_id and ActionCheckStatus.kept(dispatcher, tracker, tracking_id)):
                dispatcher.utter_message(text=UNAVAILABLE)
            return []
        if need is None and tracking_id and ActionCheckStatus.kept(dispatcher, tracker, tracking_id):
            return []
        if need is not None and tracking_id and says("supervise", latest_text(tracker)) \
                and pressed_for(dispatcher, tracker, need):
            return [SlotSet("tracking_id", need.tracking_id)]
        if need is not None and STATUS_CHANGE.search(latest_text(tracker)):
            # "把XQ000139改成处理中": the chat cannot change a status; never let it look as if it did.
            dispatcher.utter_message(text=CHANGE_ELSEWHERE if viewer_of(tracker).is_cadre else CHANGED_BY_CADRES)
        if need is None and tracking_id:
            dispatcher.utter_message(
                text=f"没有找到编号 {tracking_id}。请核对一下，编号是提交时发给您的，XQ开头加6位数字。"
            )
            return []
        if need is None:
            if own_offers(dispatcher, tracker) or supported(dispatcher, tracker):
                return []
            dispatcher.utter_message(
                text="您在这里还没有反映过问题。如果在别处反映过，请把编号（XQ开头）发给我。",
                buttons=[{"title": "我要反映问题", "payload": "/report_need"}],
            )
            return []
        not_solved = unsolved_said(tracker)
        if not_solved and need.status in need_status.FINISHED_STATUSES:
            return ActionCheckStatus.reopen(dispatcher, tracker, need)
        reminded = not_solved and is_filed_by(catalog, need.tracking_id, tracker.sender_id)
        if reminded:
            add_note(catalog, need.tracking_id, "居民催办：问题还没解决", "resident")
        lines = [f"编号 {need.tracking_id}（{need.town}{need.community_name}，{need.category}）"]
        own = is_filed_by(catalog, need.tracking_id, tracker.sender_id)
        # The resident who filed it, and a cadre whose scope holds it, read the words and the notes.
        reader = own or viewer_of(tracker).may_see(need.town, need.community)
        if reader:
            lines.append(f"内容：{mask_phones_in_text(need.description)[:60]}")
        lines.append(f"当前状态：{need.status_label}")
        if need.finish_by and need.status in need_status.OPEN_STATUSES and (reader or own):
            lines.append(f"按时限应在 {finish_day(need.finish_by)} 前办结或答复")
        if need.latest_note and (reader or is_supported_by(catalog, need.tracking_id, tracker.sender_id)):
            # a supporter reads the progress, not the reporter's words
            lines.append(f"最新进展（{need.latest_note_at[:10]}）：{need.latest_note}")
        if reader and not own:
            lines.append(f"联系电话：{need.phone_masked or '未留'}（完整号码在工作台的需求详情里）")
        if reminded:
            lines.append("已记下您的催办，社区会尽快跟进。")
        lines += the_others(others, total)
        dispatcher.utter_message(
            text="\n".join(lines),
            buttons=[{"title": f"查 {n.tracking_id}", "payload": f'/check_status{{"tracking_id":"{n.tracking_id}"}}'}
                     for n in others],
            json_message={"card": "status", "tracking_id": need.tracking_id, "status": need.status,
                          "status_label": need.status_label},
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
        number = f"编号 {tracking_id}" if tracking_id else "您上次反映的问题"
        dispatcher.utter_message(text=f"{number}已保存，正在记入需求目录（系统维护中，恢复后自动完成）。\n当前状态：已收到")
        return True

    @staticmethod
    def reopen(dispatcher: CollectingDispatcher, tracker: Tracker, need) -> list:
        try:
            reopened = reopen_need(runtime.catalog(), need.tracking_id, tracker.sender_id, latest_text(tracker))
        except CatalogError as error:
            dispatcher.utter_message(text=f"{error}。如果问题还在，可以重新反映一次。")
            return []
        dispatcher.utter_message(
            text=f"收到，{reopened.tracking_id} 已重新打开（{reopened.status_label}），社区会再跟进。谢谢您告诉我们。"
        )
        return [SlotSet("tracking_id", reopened.tracking_id)]


def unsolved_said(tracker: Tracker) -> bool:
    """The words say it is not solved ("还是老样子", "修了两天又坏了"): the classifier's guess alone is not enough
    to reopen a finished need (a greeting like "又来寻侬哉" once read as a complaint)."""
    text = latest_text(tracker)
    return says("unsolved", text) or read_visit_answer(text, None).solved is False


def meant(needs: list[NeedView], text: str, unsolved: bool) -> NeedView | None:
    """The need a message without a number is about: the one whose words it shares most, else the newest.

    "It is not solved" is about a need said to be finished, when there is one.
    """
    finished = [n for n in needs if n.status in need_status.FINISHED_STATUSES]
    candidates = finished if unsolved and finished else needs
    if not candidates:
        return None
    said = _pairs(text)
    best = max(candidates, key=lambda n: (len(said & _pairs(n.description)), -candidates.index(n)))
    return best


def _pairs(text: str) -> set[str]:
    """Two-character pieces of the Chinese in a text, to tell which need it names (桥栏杆, 垃圾)."""
    chinese = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
    return {chinese[i:i + 2] for i in range(len(chinese) - 1)} - COMMON_PAIRS


def the_others(others: list[NeedView], total: int) -> list[str]:
    """The sender's other needs, one line each, below the newest one's details."""
    if not others:
        return []
    lines = ["", "您还反映过："]
    lines += [f"· {n.tracking_id} {n.community_name} {n.category}：{n.status_label}" for n in others]
    if total > len(others) + 1:
        lines.append(f"（您一共反映过 {total} 件，这里是最近 {len(others) + 1} 件；发编号可以查任何一件）")
    return lines


def offer_status(dispatcher: CollectingDispatcher, tracker: Tracker, offer_id: str) -> list:
    """An offer (ZY…) by its number; what it offers and what it is matched to, for whoever offered it."""
    try:
        found = find_offer(runtime.catalog(), offer_id)
    except Exception:
        logger.exception("offer look-up failed")
        dispatcher.utter_message(text=UNAVAILABLE)
        return []
    if found is None:
        dispatcher.utter_message(text=f"没有找到编号 {offer_id}。请核对一下，资源编号是登记时发给您的，ZY开头加6位数字。")
        return []
    offer, needs, sender = found
    status = OFFER_STATUS.get(offer.status, offer.status)
    viewer = viewer_of(tracker)
    # whoever offered it, or a cadre whose scope covers where it serves ("ZY000001 匹配了哪些需求")
    if sender != tracker.sender_id and not viewer.may_see(offer.town, offer.community):
        public = {"active": "在册", "withdrawn": "已撤回"}.get(offer.status, offer.status)
        dispatcher.utter_message(text=f"编号 {offer_id} 是{offer.place}的一条{offer.resource_type}资源，当前状态：{public}。"
                                      "详细内容只告诉登记的人。")
        return []
    lines = [f"编号 {offer_id}（{offer.place}，{offer.resource_type}）", f"内容：{offer.description[:60]}",
             f"当前状态：{status}"]
    if offer.status == "active" and needs:
        lines.append(f"已匹配到 {len(needs)} 件需求：")
        lines += [f"· {n.tracking_id} {n.community_name} {n.category}" for n in needs[:LISTED]]
    elif offer.status == "active":
        lines.append("暂时还没有匹配到需求，有合适的会告诉社区。")
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
    lines = ["您没有单独反映过问题，附议过这些："]
    lines += [f"· {n.tracking_id} {n.community_name} {n.category}：{n.status_label}" for n in needs]
    dispatcher.utter_message(
        text="\n".join(lines),
        buttons=[{"title": f"查 {n.tracking_id}", "payload": f'/check_status{{"tracking_id":"{n.tracking_id}"}}'}
                 for n in needs],
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
    lines = ["您登记过的资源："]
    for offer, matched in offers:
        line = f"· {offer.tracking_id} {offer.resource_type}（{offer.place}）：{OFFER_STATUS.get(offer.status, offer.status)}"
        lines.append(line + (f"，已匹配 {matched} 件需求" if offer.status == "active" and matched else ""))
    dispatcher.utter_message(
        text="\n".join(lines),
        buttons=[{"title": f"查 {o.tracking_id}", "payload": f'/check_status{{"tracking_id":"{o.tracking_id}"}}'}
                 for o, _ in offers],
    )
    return True


def answer_status(dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
    """The status of the report the latest message asks about (also asked in the middle of a form)."""
    return ActionCheckStatus.answer(dispatcher, tracker)
