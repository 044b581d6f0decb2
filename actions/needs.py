"""Reporting a need: the need form's validation, its questions, submission and status."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.confirm import ask_confirmation, read_confirmation
from actions.conversation import (
    answer_or_inference,
    bare_words,
    earlier_texts,
    first,
    is_answer,
    latest_entities,
    latest_intent,
    latest_text,
    said_just_now,
    submission_key,
)
from actions.handoff import book_callback
from actions.places import ALREADY_SAID, PlaceSlots
from actions.reading import ReadsEveryMessage
from actions.resources import RESOURCE_SLOTS
from actions.visits import offer_call_back
from bot.contact import is_decline, mask_phone, mask_phones_in_text, parse_phone
from bot.dialogue.reader import reads_as_report
from bot.needs.categories import categories, infer_category, likeliest_categories, normalize_category
from bot.needs.describe import description_from_message, split_problems
from bot.needs.emergency import emergency_advice
from bot.needs.service import (
    CatalogError,
    NeedDraft,
    is_filed_by,
)
from bot.needs.urgency import URGENCIES, described_urgency, normalize_urgency
from bot.projects.service import SupportedFromHereToday, find_similar_open_need, support_need
from bot.text import cap_text

logger = logging.getLogger(__name__)

NO_PHONE = "不留"
EXPLICIT_CANCEL = re.compile(r"取消|不报了|不反映了|不说了|不弄了|不登记了|不要了|算了|退出|结束|不用了|没事了|撤回|不想报|"
                             r"不办了|不提了|不想说了|不想登记|不留了|覅了|勿要了|不搞了|cancel|stop", re.IGNORECASE)
OPENING_INTENTS = ("report_need", "inform", "nlu_fallback")
ANSWER_WORDS = {"确认提交", "确认", "提交", "好的", "好", "是的", "对的", "没问题", "不留", "修改", "不是", "单独登记", "附议",
                "急", "难", "愁", "盼", "很急", "不急"}
WHOLE_CANCEL = re.compile(r"取消|不报了|不反映了|不登记了|不想报|不提了|撤回|cancel", re.IGNORECASE)
REPORT_SLOTS = ("description", "need_category", "urgency", "need_confirmed", "support_choice", "similar_need")
FIELDS = {
    "community": ("地点", ("地点", "地址", "地方", "村", "社区", "镇", "哪里")),
    "description": ("问题描述", ("描述", "内容", "问题", "情况", "说的", "事情")),
    "need_category": ("类别", ("类别", "类型", "分类", "哪一类")),
    "urgency": ("紧急程度", ("紧急", "急", "程度")),
    "phone": ("电话", ("电话", "手机", "号码")),
}


_similar_by_turn: dict[tuple, object] = {}


def similar_open_need(tracker: Tracker):
    """An open need in the same community and dimension that reads like this one (附议)."""
    community, category, description = (tracker.get_slot(s) for s in ("community", "need_category", "description"))
    if not (community and category and description) or tracker.get_slot("support_choice") == "separate":
        return None
    # required_slots asks this several times in one turn: look it up once per turn.
    key = (id(runtime.catalog()), tracker.sender_id, len(tracker.events), community, category, description)
    if key not in _similar_by_turn:
        try:
            found = find_similar_open_need(runtime.catalog(), community, description, tracker.sender_id)
        except Exception:  # a look-up failure must not stop the report itself
            logger.exception("looking for a similar need failed")
            found = None
        if len(_similar_by_turn) > 1000:
            _similar_by_turn.clear()
        _similar_by_turn[key] = found
    return _similar_by_turn[key]


class ValidateNeedForm(ReadsEveryMessage, PlaceSlots, FormValidationAction):
    READ_SLOTS = ("community", "town", "description", "need_category", "urgency", "phone", "need_confirmed")
    RESETS = REPORT_SLOTS + ("place_options", "place_question", "callback_wanted", "more_problems")

    def name(self) -> str:
        return "validate_need_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        slots = list(domain_slots)
        if tracker.get_slot("support_choice") == "support":
            return slots[: slots.index("support_choice") + 1]  # supporting ends the report
        if tracker.get_slot("support_choice") is None and similar_open_need(tracker) is None:
            slots.remove("support_choice")
        return slots

    # -- extraction: what the latest message says about each slot --------------------------
    async def extract_description(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        text = latest_text(tracker)
        if is_answer(tracker, "description"):
            if ALREADY_SAID.search(text):  # "我刚才说过了": take it from what was said before
                text = next((t for t in earlier_texts(tracker) if description_from_message(t, runtime.gazetteer())), text)
            return {"description": text} if text else {}
        opening = tracker.get_slot("requested_slot") is None and (
            latest_intent(tracker) in OPENING_INTENTS or reads_as_report(text))  # also one taken for an offer
        if tracker.get_slot("description") is None and opening:
            described = description_from_message(text, runtime.gazetteer())
            return {"description": described} if described else {}
        return {}

    async def extract_need_category(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        return answer_or_inference(tracker, "need_category", infer_category, "description", normalize_category)

    async def extract_urgency(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        return answer_or_inference(tracker, "urgency", described_urgency, "description", normalize_urgency)

    async def extract_phone(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        text = latest_text(tracker)
        if latest_entities(tracker, "phone"):
            return {}
        if tracker.get_slot("requested_slot") is None and tracker.get_slot("phone") is None and parse_phone(text):
            return {"phone": text}  # a number in the opening message, written any way
        if not is_answer(tracker, "phone", lambda said: parse_phone(said) or (is_decline(said) or None)):
            return {}
        if latest_intent(tracker) == "deny" or (is_decline(text) and not parse_phone(text)):
            return {"phone": NO_PHONE}
        return {"phone": text or None}

    async def extract_need_confirmed(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        return read_confirmation(tracker, "need_confirmed", FIELDS)

    async def extract_support_choice(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        if not is_answer(tracker, "support_choice"):
            return {}
        text, intent = latest_text(tracker), latest_intent(tracker)
        if intent == "affirm" or any(w in text for w in ("附议", "同一件", "一样", "就是这个")):
            return {"support_choice": "support"}
        if intent == "deny" or any(w in text for w in ("单独", "不一样", "不是")):
            return {"support_choice": "separate"}
        return {}

    def validate_support_choice(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        if value != "support":
            return {"support_choice": value, "similar_need": None}
        similar = similar_open_need(tracker)
        if similar is None:  # it was closed meanwhile: file this one instead
            return {"support_choice": "separate", "similar_need": None}
        return {"support_choice": "support", "similar_need": similar.tracking_id}

    # -- validation: is each value one the catalog can take ------------------------------------
    def validate_description(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        if value is None:
            return {"description": None}
        text = str(first(value) or "").strip()
        if not_a_description(text):
            dispatcher.utter_message(text="没太看明白，能用几个字说说是什么问题吗？比如“村口路灯坏了”。")
            return {"description": None}
        advice = emergency_advice(text)
        if advice:
            dispatcher.utter_message(text=advice)
        more: dict = {}
        if tracker.get_slot("requested_slot") is None and not tracker.get_slot("more_problems"):
            # Two problems in one message: this report takes the first, the next report the rest.
            problems = split_problems(text, runtime.gazetteer())
            text, more = problems[0], ({"more_problems": problems[1:]} if len(problems) > 1 else {})
        limit = runtime.settings().description_max_chars
        capped, was_cut = cap_text(text, limit)
        if was_cut:
            dispatcher.utter_message(text=f"内容比较长，我先记下前{limit}个字。")
        elif tracker.get_slot("requested_slot") is None:
            dispatcher.utter_message(text="收到，您说了两件事，一件一件帮您记下来。先记第一件：" if more else
                                     "收到，我帮您记下来。再问您几个问题。")
        return {"description": capped, **more}

    def validate_need_category(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        if value is None:
            return {"need_category": None}
        category = normalize_category(str(first(value) or "")) or infer_category(str(first(value) or ""))
        if category is None:
            dispatcher.utter_message(text="这个类别我没对上，请点下面的按钮选一个。")
        return {"need_category": category}

    def validate_urgency(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        if value is None:
            return {"urgency": None}
        urgency = normalize_urgency(str(first(value) or ""))
        if urgency is None:
            dispatcher.utter_message(text="请点下面的按钮选一下有多急。")
        return {"urgency": urgency}

    def validate_phone(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        if value is None:
            return {"phone": None}
        said = str(first(value) or "")
        phone = parse_phone(said)
        if phone:
            if said_just_now(tracker, phone):
                dispatcher.utter_message(text=f"好的，电话记为 {mask_phone(phone)}。")
            return {"phone": phone}
        if said == NO_PHONE or is_decline(said):
            if tracker.get_slot("callback_wanted"):
                dispatcher.utter_message(text="工作人员要给您回电，需要一个电话号码。请发手机号或带区号的座机。")
                return {"phone": None}
            return {"phone": NO_PHONE}
        if latest_intent(tracker) == "affirm":
            dispatcher.utter_message(text="好的，请直接把手机号发给我。")
            return {"phone": None}
        dispatcher.utter_message(text="这个号码好像不对。请发11位手机号（比如139开头），或带区号的座机；不想留请回复“不留”。")
        return {"phone": None}

    def validate_need_confirmed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        return {"need_confirmed": True if value is True else None}


class ActionAskDescription(Action):
    def name(self) -> str:
        return "action_ask_description"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        dispatcher.utter_message(text="请说说具体是什么问题？比如在哪个位置、什么情况、有多久了。打字或发语音都可以。")
        return []


class ActionAskPhone(Action):
    def name(self) -> str:
        return "action_ask_phone"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        dispatcher.utter_message(
            text="方便留个手机号吗？社区工作人员可能需要跟您联系。不想留请点“不留”。",
            buttons=[{"title": "不留", "payload": NO_PHONE}],
        )
        return []


def open_report_words(similar) -> str:
    """The open report a new one may be the same as, told by its place, day and dimension: never by words of
    its description, which are another resident's and may say who they are or what ails them."""
    day = similar.created_at[:10]  # China time already
    month, date = int(day[5:7]), int(day[8:10])
    return (f"{similar.community_name}在{month}月{date}日已经有居民反映过一件{similar.category}方面的事"
            f"（{similar.tracking_id}，{similar.status_label}）")


class ActionAskSupportChoice(Action):
    def name(self) -> str:
        return "action_ask_support_choice"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        similar = similar_open_need(tracker)
        if similar is None:
            return [SlotSet("support_choice", "separate")]
        dispatcher.utter_message(
            text=(
                f"{open_report_words(similar)}，和您说的很像。\n"
                "是同一件事吗？是的话点“附议”，不用重复登记，附议的人越多越优先处理。"
            ),
            buttons=[
                {"title": "是同一件事，我附议", "payload": "/affirm"},
                {"title": "不是，单独登记", "payload": "/deny"},
            ],
        )
        return []


class ActionAskNeedCategory(Action):
    def name(self) -> str:
        return "action_ask_need_category"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        by_name = {c.name: c for c in categories()}
        likeliest = likeliest_categories(tracker.get_slot("description") or "")
        buttons = [
            {"title": by_name[name].button, "payload": f'/inform{{"need_category":"{name}"}}'} for name in likeliest
        ]
        dispatcher.utter_message(text="这个问题大概属于哪一类？请选一个（最可能的排在前面）：", buttons=buttons)
        return []


class ActionAskUrgency(Action):
    def name(self) -> str:
        return "action_ask_urgency"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        buttons = [{"title": u.button, "payload": f'/inform{{"urgency":"{u.code}"}}'} for u in URGENCIES]
        if last_bot_text(tracker).startswith(URGENCY_QUESTION) and tracker.get_slot("reading") in ("AddDetail", "unclear"):
            # asked once and not understood: say what each level means, so a tap or one word answers it
            levels = "；".join(u.button.replace("：", "，", 1) for u in URGENCIES)
            dispatcher.utter_message(text=f"{URGENCY_QUESTION}您看是哪一种：{levels}。点一下或回一个字就行。",
                                     buttons=buttons)
            return []
        dispatcher.utter_message(text=URGENCY_QUESTION, buttons=buttons)
        return []


URGENCY_QUESTION = "这件事有多急？"


def last_bot_text(tracker: Tracker) -> str:
    """What the assistant said last before the latest message (its question)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "bot":
            return event.get("text") or ""
    return ""


def need_summary(tracker: Tracker) -> str:
    gazetteer = runtime.gazetteer()
    community = gazetteer.community(tracker.get_slot("community") or "")
    phone = tracker.get_slot("phone")
    lines = [
        "请核对一下：",
        f"📍 地点：{community.label if community else tracker.get_slot('community')}",
        f"📝 问题：{mask_phones_in_text(tracker.get_slot('description') or '')}",
        f"🏷️ 类别：{tracker.get_slot('need_category')}",
        f"⏰ 紧急程度：{tracker.get_slot('urgency')}",
        f"📞 电话：{mask_phone(phone) if phone and phone != NO_PHONE else '不留'}",
    ]
    return "\n".join(lines)


class ActionAskNeedConfirmed(Action):
    def name(self) -> str:
        return "action_ask_need_confirmed"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        ask_confirmation(dispatcher, tracker, "need_confirmed", need_summary(tracker), FIELDS)
        return []


class ActionSubmitNeed(Action):
    def name(self) -> str:
        return "action_submit_need"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        if tracker.get_slot("support_choice") == "support" and tracker.get_slot("similar_need"):
            return self.support(dispatcher, tracker)
        if tracker.get_slot("need_confirmed") is not True:
            return []
        phone = tracker.get_slot("phone")
        draft = NeedDraft(
            community=tracker.get_slot("community"),
            description=tracker.get_slot("description"),
            category=tracker.get_slot("need_category"),
            urgency=tracker.get_slot("urgency"),
            phone=None if phone in (None, NO_PHONE) else phone,
            sender_id=tracker.sender_id,
            idempotency_key=submission_key(tracker, "need"),
            channel=(tracker.get_latest_input_channel() or "rest"),
        )
        try:
            submission = runtime.outbox().submit(runtime.catalog(), draft)
        except CatalogError as error:
            dispatcher.utter_message(text=f"提交没有成功：{error}。请点“修改”改一下再提交。")
            return [SlotSet("need_confirmed", None)]
        except Exception:  # the resident must never see a stack trace
            logger.exception("filing a need failed")
            dispatcher.utter_message(
                text="抱歉，系统暂时出了点问题，这次没能提交。您填的内容都还在，过几分钟再点“确认提交”就行。"
            )
            # The form asks for the confirmation again, so a later "确认提交" is read as one.
            return [SlotSet("need_confirmed", None), FollowupAction("need_form")]
        need = submission.need
        callback = self.callback_asked_for(dispatcher, tracker)
        if need is None:
            return self.kept(dispatcher, submission.tracking_id) + callback
        dispatcher.utter_message(
            text=(
                f"✅ 已记入{need.community_name}的需求目录。\n编号：{need.tracking_id}\n"
                f"社区会尽快处理。想知道进度，随时发编号给我，或者说“我上次反映的那个”。"
            ),
            json_message={"card": "tracking", "tracking_id": need.tracking_id, "community": need.community_name,
                          "filed": True},  # the web gateway counts reports per client address
        )
        after = callback + self.next_problem(dispatcher, tracker, callback)
        if not any(event.get("event") == "followup" for event in after):
            after += offer_call_back(dispatcher, tracker)  # an earlier report finished meanwhile: how did it go?
        return [SlotSet(slot, None) for slot in REPORT_SLOTS] + [SlotSet("tracking_id", need.tracking_id)] + after

    @staticmethod
    def next_problem(dispatcher: CollectingDispatcher, tracker: Tracker, callback: list) -> list:
        """The second problem of a message that named two: reported on its own, same place and phone."""
        more = list(tracker.get_slot("more_problems") or [])
        if not more or any(event.get("name") == "callback_form" for event in callback):
            return []
        dispatcher.utter_message(text=f"您刚才还说到：“{more[0]}”。这件也单独登记一下：")
        return [SlotSet("description", more[0]), SlotSet("more_problems", more[1:] or None),
                FollowupAction("need_form")]

    @staticmethod
    def callback_asked_for(dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        """A person was asked for during the report: the call-back, booked once the report is filed."""
        if not tracker.get_slot("callback_wanted"):
            return []
        phone = tracker.get_slot("phone")
        if phone and phone != NO_PHONE and book_callback(dispatcher, tracker, phone):
            return [SlotSet("callback_wanted", None)]
        return [SlotSet("callback_wanted", None), FollowupAction("callback_form")]

    @staticmethod
    def kept(dispatcher: CollectingDispatcher, tracking_id: str | None) -> list:
        """The catalog is unreachable: the report is on disk and will be filed under this number."""
        if tracking_id:
            text = (f"✅ 您反映的问题已保存，编号：{tracking_id}。\n系统正在维护，恢复后会自动记入需求目录，"
                    "不用再提交一次。想知道进度，随时发编号给我。")
            card = {"card": "tracking", "tracking_id": tracking_id, "filed": True}
        else:
            text = ("✅ 您反映的问题已保存。系统正在维护，恢复后会自动记入需求目录并生成编号，不用再提交一次。"
                    "过一会儿说“我上次反映的那个”就能查到。")
            card = {"filed": True}  # no card to show, but a report to count
        dispatcher.utter_message(text=text, json_message=card)
        return [SlotSet(slot, None) for slot in REPORT_SLOTS] + [SlotSet("tracking_id", tracking_id)]

    @staticmethod
    def support(dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        tracking_id = tracker.get_slot("similar_need")
        if is_filed_by(runtime.catalog(), tracking_id, tracker.sender_id):
            dispatcher.utter_message(text=f"这件事您已经反映过了，编号 {tracking_id}，社区在跟进。想知道进度，发编号给我就行。")
            return [SlotSet(slot, None) for slot in REPORT_SLOTS] + [SlotSet("tracking_id", tracking_id)]
        try:
            count = support_need(runtime.catalog(), tracking_id, tracker.sender_id, web_client_key(tracker))
        except SupportedFromHereToday:
            dispatcher.utter_message(text=(
                f"今天从您所在的网络已经有人为 {tracking_id} 附议过了。为防止有人刷票，同一个网络每天只算一次，"
                f"所以这次没有再加一票。社区在跟进这件事，想知道进度，发编号 {tracking_id} 给我就行。"))
            return [SlotSet(slot, None) for slot in REPORT_SLOTS] + [SlotSet("tracking_id", tracking_id)]
        except CatalogError as error:
            dispatcher.utter_message(text=f"没能附议：{error}。")
            return [SlotSet(slot, None) for slot in REPORT_SLOTS]
        except Exception:
            logger.exception("supporting a need failed")
            dispatcher.utter_message(text="抱歉，系统暂时出了点问题，没能附议，请过几分钟再试。")
            return [SlotSet("support_choice", None)]
        dispatcher.utter_message(
            text=(
                f"👍 已为 {tracking_id} 附议，现在共有 {count + 1} 位居民反映这件事，社区会优先处理。\n"
                f"想知道进度，发编号 {tracking_id} 给我就行。"
            ),
            json_message={"card": "tracking", "tracking_id": tracking_id, "supporters": count + 1},
        )
        return [SlotSet(slot, None) for slot in REPORT_SLOTS] + [SlotSet("tracking_id", tracking_id)]


def web_client_key(tracker: Tracker) -> str | None:
    """The web gateway's daily keyed hash of the client's address, sent with the message; None elsewhere."""
    metadata = tracker.latest_message.get("metadata") or {}
    key = metadata.get("client") if isinstance(metadata, dict) else None
    return key if isinstance(key, str) and 0 < len(key) <= 64 and key.isalnum() else None


def not_a_description(text: str) -> bool:
    """A number, a button's words or a bare yes taken for the problem itself ("1381234", "确认提交")."""
    words = bare_words(text)
    return len(words) < 2 or not re.search(r"[\u4e00-\u9fff]", words) or words in ANSWER_WORDS


def declines_phone(said: str) -> bool:
    """A refusal at the phone question that does not name the report itself."""
    return (is_decline(said) or "留" in said) and not WHOLE_CANCEL.search(said)


class ActionCancelReport(Action):
    def name(self) -> str:
        return "action_cancel_report"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        form = tracker.active_loop_name
        said = latest_text(tracker)
        if form == "need_form" and tracker.get_slot("requested_slot") == "phone" and declines_phone(said):
            # "算了不留了", "不用了" at the phone question: no phone, not no report.
            dispatcher.utter_message(text="好的，不留电话。")
            return [SlotSet("phone", NO_PHONE), FollowupAction(form)]
        if form and not EXPLICIT_CANCEL.search(said):
            # "门坏了 算设施吧" read as a cancel: never throw a report away on a guess.
            dispatcher.utter_message(text="如果要取消这次登记，请回复“取消”。不取消的话，我们接着来：")
            return [FollowupAction(form)]
        dispatcher.utter_message(text="好的，已经取消，这次没有记录任何内容。以后有事随时跟我说。")
        resets = [SlotSet(slot, None) for slot in REPORT_SLOTS + RESOURCE_SLOTS
                  + ("place_options", "place_question", "callback_wanted", "more_problems")]
        return [ActiveLoop(None), SlotSet("requested_slot", None), *resets]

