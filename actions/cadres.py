"""Cadres' questions about pilots and catalogs, the full list on request, registry commands."""

from __future__ import annotations

import json
import logging
import re
import uuid
from dataclasses import replace
from datetime import date

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.conversation import (
    first,
    last_answer_text,
    latest_confidence,
    latest_entities,
    latest_intent,
    latest_text,
    shown_in_last_turns,
    slot_set_in_last_turn,
)
from actions.places import place_answer_in_form
from bot.cadres.access import Viewer, identify, record_refusal
from bot.cadres.answers import (
    KEPT_LISTS,
    MORE_BUTTON,
    UNKEPT,
    Context,
    Reply,
    answer,
    answer_all,
    list_key,
    with_list_key,
)
from bot.cadres.commands import is_question, looks_like_command, orders_a_change, read_command
from bot.cadres.followup import (
    CITY_WORD,
    RANKED,
    Swap,
    about_item_question,
    as_first_item,
    as_list_question,
    asks_about_listed_item,
    asks_reversed,
    at_place_of,
    chosen_question,
    compared_measure,
    compared_place,
    compared_unit,
    first_compared,
    leading_place,
    listed_item,
    listed_within,
    measure_of,
    more_word,
    names_listed_item,
    of_the_items_counted,
    of_the_last_figure,
    other_end,
    points_at_listed_item,
    read_swap,
    swapped_question,
    top_of_ranking,
    which_is_more,
    with_place_of,
)
from bot.cadres.questions import (
    CATALOG_INTENT,
    OWN_COMMUNITY,
    PILOT_INTENT,
    asks_for_a_report,
    asks_for_export,
    asks_for_figures,
    asks_for_split,
    asks_what_is_not_kept,
    guess_intent,
    is_list_question,
    names_a_scope,
    question_parts,
    read_question,
)
from bot.catalog.numbers import normalize_offer_id, normalize_tracking_id
from bot.dialogue.naming import named_by_words
from bot.dialogue.reader import about_an_item, asks_about_its_reporter, asks_about_this_item, plainly_reports
from bot.needs.describe import description_from_message
from bot.periods import parse_period
from bot.registry.service import RegistryError, change_registry
from bot.replies import say
from bot.vocab.categories import score_categories

logger = logging.getLogger(__name__)
SORRY = say("cadres.question_failed")


def viewer_of(tracker: Tracker) -> Viewer:
    return identify(runtime.roster(), tracker.get_latest_input_channel(), tracker.sender_id)


def _context(tracker: Tracker, full: bool = False) -> Context:
    return Context(runtime.catalog(), runtime.gazetteer(), runtime.lead_types(), viewer_of(tracker),
                   runtime.today(), tracker.get_slot("community"), full)


def _say(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    if reply.response:
        dispatcher.utter_message(response=reply.response)
    else:
        dispatcher.utter_message(text=reply.text, buttons=list(reply.buttons) or None, json_message=reply.card)


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        handed_back = place_answer_in_form(tracker)
        if handed_back is not None:
            return handed_back  # "双凤镇庆丰村。" at the place question answers it, not a question
        if not viewer_of(tracker).is_cadre and not tracker.active_loop_name:
            from actions.status import change_named_offer  # status imports this module

            changed = change_named_offer(dispatcher, tracker)
            if changed is not None:  # a volunteer's "隔壁几个村也好去的": their offer's reach, no figure of villages
                return changed
        if viewer_of(tracker).is_cadre and asks_for_export(latest_text(tracker)):
            dispatcher.utter_message(text=say("cadres.export_where"))  # a file asked for: where to download it
            return []
        about_item = about_the_card(dispatcher, tracker)
        if about_item is not None:
            return about_item  # "这条是先治理还是待治理" right after a need's card
        top = top_of_the_ranking(dispatcher, tracker) or ranking_reversed(dispatcher, tracker)
        if top is not None:
            return top  # "最多的是哪个" right after a ranking
        intent = latest_intent(tracker)
        text = latest_text(tracker)
        raw = tracker.get_slot("last_asked")
        compared = compared_place(text, runtime.gazetteer()) if raw and intent != "follow_up" else None
        if compared:  # "搭璜泾镇比比看，伲需求多还是伊拉多": the last answer set beside the other place's
            return compare_with(dispatcher, tracker, json.loads(raw), compared)
        if intent != "follow_up" and not _MEASURED.search(text):  # "璜泾镇哪能" right after a figure
            continued = continued_question(dispatcher, tracker, domain)
            if continued is not None:
                return continued
        offer_id = normalize_offer_id(text)
        if offer_id:  # "ZY000001 匹配了哪些需求": that offer by its number, not the catalogs
            from actions.status import offer_status  # status imports this module

            return offer_status(dispatcher, tracker, offer_id)
        if intent in (PILOT_INTENT, CATALOG_INTENT) and _is_report(text):
            return [FollowupAction("need_form")]  # "半泾村河道里垃圾好多" is a problem, not a question
        if intent in (PILOT_INTENT, CATALOG_INTENT) and looks_like_command(text) and viewer_of(tracker).is_cadre:
            return ActionUpdateRegistry().run(dispatcher, tracker, domain)  # previewed, never applied at once
        if intent not in (PILOT_INTENT, CATALOG_INTENT):  # sent here by the fallback or a guarded command
            intent = guess_intent(text) or PILOT_INTENT
        raw = tracker.get_slot("last_asked")
        if raw:  # "它有几条需求没办结" right after "庆丰村是试点伐": 它 is 庆丰村
            asked = json.loads(raw)
            # "按村排排看", "跟前一个月比呢", "其中待治理个几条": of the last figure
            text = of_the_last_figure(asked["text"], text, runtime.gazetteer(), runtime.today(), asked["intent"])
            text = with_place_of(asked["text"], text, runtime.gazetteer(), runtime.today(), asked["intent"])
            # "急格15条里厢办好了几条": of the items just counted, whatever else the last question said of them
            text = of_the_items_counted(asked["text"], text, runtime.gazetteer(), runtime.today(), asked["intent"])
        return self.reply_to(dispatcher, tracker, text, intent)

    @staticmethod
    def reply_to(dispatcher: CollectingDispatcher, tracker: Tracker, text: str, intent: str) -> list:
        """Answer a figure or catalog question given as text (typed, or completed by a chosen town)."""
        try:
            ctx = _context(tracker)
            reply = answer_all(question_parts(text, intent, ctx.gazetteer, ctx.today), ctx)
        except Exception:  # a cadre or resident must never see a stack trace
            logger.exception("answering a question failed")
            dispatcher.utter_message(text=SORRY)
            return []
        items = [line[2:].split(" ")[0] for line in reply.text.splitlines() if line.startswith("· ")]
        if not items:  # "1. 浮桥镇老闸社区 2条": a ranking's places, for "第一个村的列出来"
            items = _RANKED_PLACE.findall(reply.text)
        if not items and not _NUMBERED_LINE.search(reply.text):
            # "按维度分一下" then "第三条详细点": the items of the list shown before the split are still the ones meant
            items = _items_shown_last(tracker)
        asked = json.dumps({"text": text, "intent": intent, **({"items": items} if items else {})}, ensure_ascii=False)
        events = [] if reply.refused else [SlotSet("last_asked", asked)]
        if MORE_BUTTON in reply.buttons:  # each list's button shows its own list, older ones too
            key = list_key(asked)
            reply = with_list_key(reply, key)
            kept = {k: v for k, v in (tracker.get_slot("listed_questions") or {}).items() if k != key}
            kept = dict(list(kept.items())[-(KEPT_LISTS - 1):]) | {key: asked}
            events.append(SlotSet("listed_questions", kept))
        _say(dispatcher, reply)
        return events


LISTED_NAMED_AT_MOST = 50  # a list's needs read to find the one its words name (a full list is at most a page)


_SHORT_NUMBER = re.compile(r"(?<![\dA-Za-z])(\d{1,6})(?:号)?(?:那条|这条|格条|搿条|那个需求|号需求)")


def _short_number_named(tracker: Tracker, text: str) -> str | None:
    """"125那条": the need shown just now (its card, or in the list) whose number ends so; None for any other."""
    said = _SHORT_NUMBER.search(text)
    if said is None:
        return None
    tracking_id = f"XQ{int(said.group(1)):06d}"
    shown = {tracker.get_slot("tracking_id"), *_items_shown_last(tracker)}
    return tracking_id if tracking_id in shown else None


def _listed_need_named(tracker: Tracker, text: str) -> str | None:
    """Of the needs in the list just shown, the one the words name ("物业费乱收格条，电话有伐"); None when they name
    none of them alone or ask nothing of its card."""
    from bot.needs.service import find_need

    ids = [i for i in _items_shown_last(tracker) if normalize_tracking_id(i)][:LISTED_NAMED_AT_MOST]
    if not ids or not asks_about_its_reporter(text):
        return None
    try:
        listed = [need for need in (find_need(runtime.catalog(), i) for i in ids) if need is not None]
    except Exception:
        logger.exception("reading the listed needs failed")
        return None
    named = named_by_words(listed, text)
    return named.tracking_id if named else None


def about_the_card(dispatcher: CollectingDispatcher, tracker: Tracker) -> list | None:
    """A cadre's question about the need whose card was just shown: where it stands in the project catalog;
    None when the message asks about anything else."""
    text = latest_text(tracker)
    if asks_about_listed_item(text):
        return None  # "第四个呢 谁报的": that item of the list, not the card shown last
    # "XQ000560 谁报的", "125那条对上的资源是谁", "物业费乱收格条，电话有伐"
    named = normalize_tracking_id(text) or _short_number_named(tracker, text) or _listed_need_named(tracker, text)
    tracking_id = named or tracker.get_slot("tracking_id")
    if tracking_id and viewer_of(tracker).is_cadre and asks_about_its_reporter(text) \
            and (named or asks_about_this_item(text) or shown_in_last_turns(tracker, "status") == tracking_id):
        from actions.status import show_need  # status imports this module

        return show_need(dispatcher, tracker, tracking_id)  # "电话多少", "啥辰光报的": its card says
    if not tracking_id or not about_an_item(text) or not viewer_of(tracker).is_cadre:
        return None
    if not named and (runtime.gazetteer().mentions(text) or names_a_scope(text) or is_list_question(text)
                      or asks_for_split(text)) \
            or not (named or asks_about_this_item(text) or shown_in_last_turns(tracker, "status") == tracking_id):
        return None  # "待治理的列几条看看" after a card: the catalog's list, not the card's item
    from actions.status import project_answer

    lines = project_answer(tracker, tracking_id)
    if lines is None:
        return None
    dispatcher.utter_message(text="\n".join(lines), about={"card": "status", "tracking_id": tracking_id})
    return []




class ActionFaqAboutItem(Action):
    """After the general answer to "XQ000597为啥是待治理" (a policy question by the classifier): where that need
    stands in the project catalog and why, for a cadre in scope. Says nothing otherwise."""

    def name(self) -> str:
        return "action_faq_about_item"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        text = latest_text(tracker)
        tracking_id = normalize_tracking_id(text) or shown_in_last_turns(tracker, "status")
        if not tracking_id or not about_an_item(text) or not viewer_of(tracker).is_cadre:
            return []
        from actions.status import project_answer  # status imports this module

        lines = project_answer(tracker, tracking_id)
        if lines:
            dispatcher.utter_message(text="\n".join(lines), about={"card": "status", "tracking_id": tracking_id})
        return []


class ActionAnswerFollowUp(Action):
    """"那浏河镇呢", "去年呢", "换成老街巷社区": the last question again with one part swapped."""

    def name(self) -> str:
        return "action_answer_follow_up"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        about_item = about_the_card(dispatcher, tracker)
        if about_item is not None:
            return about_item
        top = top_of_the_ranking(dispatcher, tracker) or ranking_reversed(dispatcher, tracker)
        if top is not None:
            return top
        text = latest_text(tracker)
        gazetteer = runtime.gazetteer()
        raw = tracker.get_slot("last_asked")
        asked = json.loads(raw) if raw else None
        chosen = chosen_question(asked["text"], asked["intent"], text, gazetteer, runtime.today()) if asked else None
        if chosen:  # "社区" after "您问的是哪一个？": the question again, about the one chosen
            return ActionAnswerQuestion.reply_to(dispatcher, tracker, chosen, asked["intent"])
        if asked and listed_item(text):  # "第一个是啥情况": an item of the list just shown
            return about_listed_item(dispatcher, tracker, asked, text)
        if asked and asked.get("items") and points_at_listed_item(text):  # "具体讲讲这条"
            if len(asked["items"]) == 1:
                return about_listed_item(dispatcher, tracker, asked, as_first_item(text))
            dispatcher.utter_message(text=say("cadres.which_listed_item", count=len(asked["items"]),
                                              example=asked["items"][0]))
            return []
        if asked and asks_for_a_report(asked["text"]) and not asks_for_a_report(text):
            # a part of the summary asked after it ("重办那4条是啥", "换成资源"): a question of its own, at its place
            own = _SUMMARY_FOLLOW_UP_LEAD.sub("", text) or text
            question = at_place_of(asked["text"], own, gazetteer, runtime.today(), asked["intent"])
            return ActionAnswerQuestion.reply_to(dispatcher, tracker, question, guess_intent(own) or CATALOG_INTENT)
        compared = compared_place(text, gazetteer) if asked else None
        if compared:  # "跟浮桥比呢": the last answer again, then the same question for the other place
            return compare_with(dispatcher, tracker, asked, compared)
        swap = read_swap(text, gazetteer, runtime.today())
        if asked and not swap.empty:
            question = swapped_question(asked["text"], swap, gazetteer)
            return ActionAnswerQuestion.reply_to(dispatcher, tracker, question, asked["intent"])
        whole = guess_intent(text)
        if whole:  # "沙溪镇覆盖率呢": a question of its own ("那去年报了多少": of the last question's place)
            if asked:
                text = at_place_of(asked["text"], text, gazetteer, runtime.today(), asked["intent"])
            return ActionAnswerQuestion.reply_to(dispatcher, tracker, text, whole)
        if asked:
            dispatcher.utter_message(text=say("cadres.follow_up_hint", question=asked["text"]))
        else:
            from actions.visits import offer_call_back

            call_back = offer_call_back(dispatcher, tracker, opening=say("cadres.call_back_opening"))
            if call_back:  # no figure in it: mostly a greeting from a resident whose report was finished
                return call_back
            dispatcher.utter_message(text=say("cadres.follow_up_what_figure"))
        return []


def compare_with(dispatcher: CollectingDispatcher, tracker: Tracker, asked: dict, place: str) -> list:
    """Both answers, then which leads when their first figures can be compared ("搭璜泾比比，啥人多"); a measure
    named in the comparison ("阿拉搭双凤比，覆盖率啥人高") is the one compared, at the place asked about last (or the
    one named first: "浮桥搭沙溪比比看")."""
    gazetteer = runtime.gazetteer()
    first = first_compared(latest_text(tracker), gazetteer)
    # "阿拉覆盖率和浮桥镇比呢": the cadre's own place against the other, whatever place was asked about last
    ours = _own_place(tracker) if not first and _OURS.search(latest_text(tracker)) else None
    first = first or (ours if ours not in (CITY_WORD, place) else None)
    if first:
        asked = {**asked, "text": swapped_question(asked["text"], Swap(place=first), gazetteer)}
    measured = compared_measure(latest_text(tracker))
    if measured and measured[0] not in asked["text"]:
        own = first or leading_place(asked["text"], gazetteer) or _own_place(tracker)
        asked = {"text": f"{own}{measured[1]}", "intent": measured[2]}
    dispatcher.utter_message(text=say("cadres.compare_head", place=place))
    start = len(dispatcher.messages)
    ActionAnswerQuestion.reply_to(dispatcher, tracker, asked["text"], asked["intent"])
    middle = len(dispatcher.messages)
    question = swapped_question(asked["text"], Swap(place=place), gazetteer)
    events = ActionAnswerQuestion.reply_to(dispatcher, tracker, question, asked["intent"])
    own, other = ("\n".join(m.get("text") or "" for m in dispatcher.messages[a:b])
                  for a, b in ((start, middle), (middle, len(dispatcher.messages))))
    unit = compared_unit(latest_text(tracker)) or compared_unit(asked["text"])
    verdict = which_is_more(own, other, leading_place(own, gazetteer), leading_place(other, gazetteer), unit)
    if verdict and all(verdict):
        what = measure_of(own, leading_place(own, gazetteer), unit)  # "需求" of "…需求 87 条": more of what
        word = more_word(own, unit)
        dispatcher.utter_message(text=say("cadres.compare_verdict_of", more=verdict[0], less=verdict[1], word=word,
                                          what=what) if what else
                                 say("cadres.compare_verdict", more=verdict[0], less=verdict[1], word=word))
    return events


_NUMBERED_LINE = re.compile(r"^\d+\. ", re.MULTILINE)
_RANKED_PLACE = re.compile(r"^\d+\. (\S+?(?:村|社区|镇|街道|开发区|新城)) ", re.MULTILINE)
# "第一个村的列出来", "第二个详细讲讲" after a ranking of needs by village: that village's needs, listed
_ITS_NEEDS = re.compile(r"列|需求|明细|哪几条|有哪些|啥事|详细|具体|讲讲|说说|看看")


def _items_shown_last(tracker: Tracker) -> list[str]:
    raw = tracker.get_slot("last_asked")
    return (json.loads(raw).get("items") or []) if raw else []


_SUMMARY_FOLLOW_UP_LEAD = re.compile(r"^(?:换成|改成|换|那|只看|再看看?)")
_OURS = re.compile(r"阿拉|伲|我们|我伲|自家|本镇|我镇|本村|我村|本社区")


def _own_place(tracker: Tracker) -> str:
    cadre = viewer_of(tracker).cadre
    return (cadre.community or cadre.town or CITY_WORD) if cadre else CITY_WORD


def about_listed_item(dispatcher: CollectingDispatcher, tracker: Tracker, asked: dict, text: str) -> list:
    """The item of the last list the cadre means: a need or an offer by its number, a place by its name."""
    from actions.status import offer_status, show_need

    n, rest = listed_item(text)
    within = listed_within(text)
    swap = read_swap(within, runtime.gazetteer(), runtime.today()) if within else None
    if swap is not None and not swap.empty:  # "急的里面第二条": the second of the urgent ones
        asked = {**asked, "text": swapped_question(asked["text"], swap, runtime.gazetteer()), "items": []}
    shown = asked.get("items") or []
    if 0 < n <= len(shown) and asked["intent"] == CATALOG_INTENT and _ITS_NEEDS.search(rest):
        ranked = read_swap(shown[n - 1], runtime.gazetteer(), runtime.today())
        if ranked.place is not None and not normalize_tracking_id(shown[n - 1]):
            question = as_list_question(swapped_question(asked["text"], Swap(place=ranked.place), runtime.gazetteer()))
            return ActionAnswerQuestion.reply_to(dispatcher, tracker, question, asked["intent"])
    if 0 < n <= len(shown) or n <= 0 and shown:  # the item as it was shown, though newer ones came in since
        numbered = shown[n - 1 if n > 0 else -1]
        if normalize_tracking_id(numbered):
            return show_need(dispatcher, tracker, normalize_tracking_id(numbered))
        if normalize_offer_id(numbered):
            return offer_status(dispatcher, tracker, normalize_offer_id(numbered))
    ctx = _context(tracker, full=True)
    question = as_list_question(asked["text"])
    try:
        reply = answer_all(question_parts(question, asked["intent"], ctx.gazetteer, ctx.today), ctx)
    except Exception:
        logger.exception("reading the list again failed")
        dispatcher.utter_message(text=SORRY)
        return []
    items = [line[2:] for line in reply.text.splitlines() if line.startswith("· ")]
    if not items:
        dispatcher.utter_message(text=say("cadres.no_list_to_show"))
        return []
    if n > len(items) and len(items) > 1:
        dispatcher.utter_message(text=say("cadres.no_such_item", n=n, count=len(items), question=asked["text"]))
        return []
    if n > len(items):  # "第二条啥情况" where one was listed: that one, said so
        dispatcher.utter_message(text=say("cadres.only_one_item", n=n))
    item = items[n - 1 if 0 < n <= len(items) else -1]
    need_id = normalize_tracking_id(item.split(" ")[0])
    if need_id:
        return show_need(dispatcher, tracker, need_id)
    offer_id = normalize_offer_id(item.split(" ")[0])
    if offer_id:
        return offer_status(dispatcher, tracker, offer_id)
    name = re.split(r"[（(\s]", item, maxsplit=1)[0]
    return ActionAnswerQuestion.reply_to(dispatcher, tracker, about_item_question(name, rest), PILOT_INTENT)


# "…到哪里补办 你晓得伐": a resident's errand asked about, which no catalog answers
_ASKS_WHERE_TO_GO = re.compile(r"(?:你|侬|您)(?:晓得|知道|清楚)(?:伐|吗|么|不)|(?:到|去)?哪里(?:办|补办|去办|办理|申请)|(?:怎么|哪能)(?:办理|申请|补办)")
_TOLD_TO_SHOW = re.compile(r"(?:详细|具体)?(?:讲讲|说说|讲一讲|说一说|讲一下|说一下|列出来|列一下|列一列|报一下|发我看看|给我看看)(?:看)?[。！!]*$")


def cadre_question_instead(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list | None:
    """A cadre's question the classifier took for a report or a call-back request ("人员配了几个人在管", "南区社区
    有几个工作人员"): answered as a question; None for anyone else, or words that ask no figure."""
    text = latest_text(tracker)
    if not viewer_of(tracker).is_cadre:
        return None
    if asks_for_export(text):  # "中期评估报告开发区个帮我导出来发我": where the file is, never a report
        dispatcher.utter_message(text=say("cadres.export_where"))
        return []
    about_item = about_the_card(dispatcher, tracker)
    if about_item is not None:
        return about_item  # "电话多少" right after a need's card, taken for a call-back request
    reversed_ranking = ranking_reversed(dispatcher, tracker)
    if reversed_ranking is not None:
        return reversed_ranking  # "倒过来，最少的几个", taken for a report
    raw = tracker.get_slot("last_asked")
    compared = compared_place(text, runtime.gazetteer()) if raw and not guess_intent(text) else None
    if compared:  # "浮桥搭沙溪比比看" right after a figure, taken for a report (a measure named: a question of its own)
        return compare_with(dispatcher, tracker, json.loads(raw), compared)
    if not is_question(text) and not (_TOLD_TO_SHOW.search(text) and guess_intent(text)):
        return None  # ("孙桥村人居环境整治没办结个两条详细讲讲" asks all the same)
    if raw and just_answered_a_figure(tracker) and read_swap(text, runtime.gazetteer(), runtime.today()).place:
        # "璜泾镇哪能一个都没有的" right after a ranking of the towns: that place's line of it, never a report
        return ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    if asks_what_is_not_kept(text):
        dispatcher.utter_message(text=UNKEPT)
        return []
    # a cadre may report a need for a resident; a count asked ("有多少", "几条") is a question all the same
    kind = None if plainly_reports(text) and not COUNT_ASKED.search(text) else guess_intent(text)
    if kind is None and (_ASKS_WHERE_TO_GO.search(text) or not plainly_reports(text) and not _is_report(text)):
        # "有个老人问社保卡丢了到哪里补办 你晓得伐": no figure, no problem of a place: said so, no report opened
        dispatcher.utter_message(text=say("cadres.not_covered"))
        return []
    return ActionAnswerQuestion.reply_to(dispatcher, tracker, text, kind) if kind else None


def ranking_reversed(dispatcher: CollectingDispatcher, tracker: Tracker) -> list | None:
    """"倒过来，最少的几个" right after a ranking: the same ranking from its other end; None otherwise."""
    raw = tracker.get_slot("last_asked")
    shown = last_answer_text(tracker)
    if not raw or not asks_reversed(latest_text(tracker)) or not RANKED.search(shown):
        return None
    asked = json.loads(raw)
    return ActionAnswerQuestion.reply_to(dispatcher, tracker, other_end(asked["text"], shown), asked["intent"])


def top_of_the_ranking(dispatcher: CollectingDispatcher, tracker: Tracker) -> list | None:
    """"最多的是哪个" right after a ranking: its first line (its last for "最少"); None for anything else."""
    top = top_of_ranking(latest_text(tracker), last_answer_text(tracker))
    if top is None:
        return None
    end, name, count, unit = top
    dispatcher.utter_message(text=say("cadres.top_of_ranking", end=end, name=name, count=count, unit=unit))
    return []


def figure_question_instead(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list | None:
    """Anyone's figure question ("浏河镇一共几条") where a call-back form asked for a place or a number: answered as
    a question (in what the asker may see); None for words that ask no figure."""
    answered = cadre_question_instead(dispatcher, tracker, domain)
    if answered is not None or viewer_of(tracker).is_cadre:
        return answered
    text = latest_text(tracker)
    if not is_question(text) or plainly_reports(text):
        return None
    intent = latest_intent(tracker)
    kind = intent if intent in (PILOT_INTENT, CATALOG_INTENT) else guess_intent(text)
    return ActionAnswerQuestion.reply_to(dispatcher, tracker, text, kind) if kind else None


COUNT_ASKED = re.compile(r"有多少|多少条|多少件|多少个|几条|几件|有几个")
# Words that make a question whole on its own; "重办的是哪几条" asks afresh, "那重办的呢" continues the last one
_MEASURED = re.compile(r"覆盖|试点|需求|诉求|资源|项目|治理|牵头|分类|类型|达标|"
                       r"^(?!那|还有)[^，,。]{0,4}(?:重办|超期|办结|解决)[^，,。]{0,4}(?:哪几|哪些|几条|多少|列)")
FIGURE_ACTIONS = ("action_answer_question", "action_answer_follow_up", "action_show_more")


def just_answered_a_figure(tracker: Tracker) -> bool:
    """Was the assistant's last turn a figure or a list for this cadre (so "浏河镇末" continues it)?"""
    if not tracker.get_slot("last_asked"):
        return False
    seen_user, last_action = False, None
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                break
            seen_user = True
        elif seen_user and event.get("event") == "slot" and event.get("name") == "last_asked":
            return True  # a figure answered in that turn, whichever action answered it (the fallback too)
        elif seen_user and event.get("event") == "action" and event.get("name") not in ("action_listen", None):
            last_action = last_action or event.get("name")
    return last_action in FIGURE_ACTIONS


SURELY_ELSE = 0.95  # the classifier's confidence that a message is outside the service


def continued_question(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list | None:
    """Right after a figure, "那浏河镇末", "办结了的呢", "社区" or "哪几个" continue that question, whatever
    intent the classifier gave them; None when the message is not such a follow-up."""
    if tracker.active_loop_name or not just_answered_a_figure(tracker):
        return None
    asked = json.loads(tracker.get_slot("last_asked"))
    text, gazetteer, today = latest_text(tracker), runtime.gazetteer(), runtime.today()
    if latest_intent(tracker) == "out_of_scope" and latest_confidence(tracker) >= SURELY_ELSE and len(text) > 6:
        return None  # "明朝璜泾落雨伐": a place named in a question about something else, no figure of it
    if chosen_question(asked["text"], asked["intent"], text, gazetteer, today) or not read_swap(text, gazetteer, today).empty \
            or asks_about_listed_item(text) or asked.get("items") and (points_at_listed_item(text) or names_listed_item(text)):
        return ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    return None


def misread_figure_question(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list | None:
    """A figure question the classifier took for a status check or a registry change ("2022年的目标达标了吗")."""
    text = latest_text(tracker)
    if tracker.active_loop_name or normalize_tracking_id(text) or normalize_offer_id(text):
        return None
    kind = guess_intent(text) if is_question(text) and not _OWN_REPORT.search(text) else None
    if kind == PILOT_INTENT or (kind and viewer_of(tracker).is_cadre):  # a resident's "我反映的" stays a status check
        return ActionAnswerQuestion().run(dispatcher, tracker, domain)
    return None


_OWN_REPORT = re.compile(r"我(?:上次|上趟|之前|前几天|刚才|昨天)?(?:反映|报|提|登记)|我的|我家|我们家")


class ActionShowMore(Action):
    def name(self) -> str:
        return "action_show_more"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        kept = tracker.get_slot("listed_questions") or {}
        key = first(latest_entities(tracker, "list_key"))
        raw = kept.get(key) if key else next(reversed(kept.values()), None)  # typed "全部": the latest list
        if not key:  # typed, not the button: "没办结的还有几个" right after a figure continues that question
            continued = continued_question(dispatcher, tracker, domain)
            if continued is not None:
                return continued
        if not raw:
            dispatcher.utter_message(text=say("cadres.list_expired") if key and kept else say("cadres.no_list_to_show"))
            return []
        try:
            asked = json.loads(raw)
            ctx = _context(tracker, full=True)
            reply = answer(read_question(asked["text"], asked["intent"], ctx.gazetteer, ctx.today), ctx)
        except Exception:
            logger.exception("showing the full list failed")
            dispatcher.utter_message(text=SORRY)
            return []
        _say(dispatcher, reply)
        return []  # kept: the button stays in the chat and may be tapped again


class ActionUpdateRegistry(Action):
    """A cadre's change of one community's type or pilot status: preview, then 确认修改."""

    def name(self) -> str:
        return "action_update_registry"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        confirming = first(latest_entities(tracker, "registry_confirm"))
        handed_back = None if confirming else place_answer_in_form(tracker)
        if handed_back is not None:
            return handed_back
        if not confirming:
            # "把黄桥村定为传统乡村" right after a figure is the change, not that figure asked of 黄桥村
            continued = None if orders_a_change(latest_text(tracker)) else continued_question(dispatcher, tracker, domain)
            handled = continued or self.asked_instead(dispatcher, tracker, domain)
            if handled is not None:
                return handled
        try:
            text, buttons, events = self.confirm(tracker, confirming) if confirming else self.preview(tracker)
        except Exception:
            logger.exception("a registry command failed")
            text, buttons, events = say("cadres.registry_failed"), None, []
        dispatcher.utter_message(text=text, buttons=buttons)
        return events

    @staticmethod
    def asked_instead(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list | None:
        """A question, or a message naming no community to change ("全市商品房社区试点名单给我"): answered."""
        text = latest_text(tracker)
        if is_question(text):
            return ActionAnswerQuestion().run(dispatcher, tracker, domain)
        command = read_command(text, runtime.gazetteer(), runtime.today())
        kind = guess_intent(text)
        if command.community is None and not command.ambiguous and not OWN_COMMUNITY.search(text) and kind:
            return ActionAnswerQuestion.reply_to(dispatcher, tracker, text, kind)  # answered here: no loop back
        return None

    def preview(self, tracker: Tracker) -> tuple[str, list | None, list]:
        viewer = viewer_of(tracker)
        gazetteer, today = runtime.gazetteer(), runtime.today()
        command = read_command(latest_text(tracker), gazetteer, today)
        if command.community is None and viewer.cadre and viewer.cadre.role == "community" \
                and OWN_COMMUNITY.search(latest_text(tracker)):
            command = replace(command, community=viewer.cadre.community)
        refused = _refusal(viewer, command.community, gazetteer)
        if refused:
            return refused, None, []
        if command.community is None:
            if command.ambiguous:
                names = "、".join(c.label for c in map(gazetteer.community, command.ambiguous) if c)
                return say("cadres.registry_ambiguous", names=names, example=names.split("、")[0]), None, []
            return say("cadres.registry_ask_community"), None, []
        community = gazetteer.community(command.community)
        if command.community_type is None and command.pilot is None:
            return say("cadres.registry_ask_change", label=community.label, name=community.common_name), None, []
        pending = {"key": uuid.uuid4().hex[:8], "community": community.name, "type": command.community_type,
                   "pilot": command.pilot, "effective_on": command.effective_on.isoformat()}
        try:
            change = _change(viewer, pending, today, apply=False)
        except RegistryError as error:
            return str(error), None, []
        if not change.changed:
            return say("cadres.registry_unchanged", community=change.community,
                       state=_state(change.before_type, change.before_pilot)), None, []
        text = say("cadres.registry_preview", change=_describe(change))
        return text, _preview_buttons(pending["key"]), [SlotSet("pending_registry", json.dumps(pending, ensure_ascii=False))]

    def confirm(self, tracker: Tracker, key: str) -> tuple[str, list | None, list]:
        pending = json.loads(tracker.get_slot("pending_registry") or "{}")
        if pending.get("key") == key and pending.get("done"):
            return say("cadres.registry_already_recorded"), None, []
        if pending.get("key") != key:
            return say("cadres.registry_confirm_expired"), None, []
        viewer = viewer_of(tracker)
        refused = _refusal(viewer, pending["community"], runtime.gazetteer())
        if refused:
            return refused, None, [SlotSet("pending_registry", None)]
        try:
            change = _change(viewer, pending, runtime.today(), apply=True)
        except RegistryError as error:
            return str(error), None, [SlotSet("pending_registry", None)]
        text = say("cadres.registry_recorded", change=_describe(change))
        done = json.dumps({**pending, "done": True}, ensure_ascii=False)
        return text, None, [SlotSet("pending_registry", done)]


_AGREE = re.compile(r"^(确认|确定|好|好的|行|可以|对|对的|是|是的|没问题|改吧|就这样|ok|嗯)")
_DISAGREE = re.compile(r"不改|别改|不要改|不用改|勿改|覅改|弗改|勿要改|先勿|先不|再讲|算了|取消|不对|勿对|错了|不是|勿是")
# Talk about the change after its preview ("类型勿动 只要列为试点"): the preview shown is no longer what is meant
_CHANGE_TALK = re.compile(r"试点|类型|定为|设为|列为|改成|改为|勿动|不动|只要|只定|日期|起算")
# "日期写错了 从11月1号起算": the same change from another day
_DATE_PUT_RIGHT = re.compile(r"日期|起算|开始算|起|号|日")


def confirm_pending(dispatcher: CollectingDispatcher, tracker: Tracker) -> list | None:
    """A typed 好的 / 不改了 right after a preview; None when there is nothing to confirm."""
    pending = tracker.get_slot("pending_registry")
    if not pending or json.loads(pending).get("done"):
        return None
    # the button's own words typed after a question in between ("等等，维新村现在算啥类型？" … "确认修改") still
    # confirm the change previewed; a bare 好的 confirms only right after the preview
    typed_button = latest_text(tracker).strip(" 。！!") == say("cadres.registry_confirm_button")
    right_after = slot_set_in_last_turn(tracker, "pending_registry")
    if not typed_button and not right_after:
        return None
    if typed_button and not right_after and _changes_talked_of_since(tracker):
        # the cadre said the change otherwise after its preview: the old preview is never applied
        dispatcher.utter_message(text=say("cadres.registry_preview_stale"))
        return [SlotSet("pending_registry", None)]
    text = latest_text(tracker).lower()
    redated = _redated(dispatcher, tracker, json.loads(pending)) if right_after and not typed_button else None
    if redated is not None:
        return redated
    agreed = not _DISAGREE.search(text) and bool(_AGREE.search(text) or latest_intent(tracker) == "affirm")
    if not agreed and not _DISAGREE.search(text) and latest_intent(tracker) != "deny":
        return None
    if not agreed:
        dispatcher.utter_message(text=say("cadres.registry_declined"))
        return [SlotSet("pending_registry", None)]
    text, buttons, events = ActionUpdateRegistry().confirm(tracker, json.loads(pending)["key"])
    dispatcher.utter_message(text=text, buttons=buttons)
    return events


def _preview_buttons(key: str) -> list[dict]:
    return [{"title": say("cadres.registry_confirm_button"), "payload": f'/update_registry{{"registry_confirm":"{key}"}}'},
            {"title": say("cadres.registry_keep_button"), "payload": "/deny"}]


def _changes_talked_of_since(tracker: Tracker) -> bool:
    """Whether a message between the preview and this one spoke of the change ("类型勿动 只要列为试点")."""
    said = []
    for event in reversed(tracker.events[:-1]):
        if event.get("event") == "slot" and event.get("name") == "pending_registry" and event.get("value"):
            break
        if event.get("event") == "user":
            said.append(event.get("text") or "")
    return any(_CHANGE_TALK.search(text) for text in said if text)


def _redated(dispatcher: CollectingDispatcher, tracker: Tracker, pending: dict) -> list | None:
    """"日期写错了 从11月1号起算" right after a preview: the same change previewed from that day; None otherwise."""
    text = latest_text(tracker)
    if not _DATE_PUT_RIGHT.search(text) or is_question(text) or parse_period(text, runtime.today()) is None:
        return None
    command = read_command(text, runtime.gazetteer(), runtime.today())
    if command.community_type:
        return None
    moved = {**pending, "key": uuid.uuid4().hex[:8], "effective_on": command.effective_on.isoformat()}
    try:
        change = _change(viewer_of(tracker), moved, runtime.today(), apply=False)
    except RegistryError as error:
        dispatcher.utter_message(text=str(error))
        return [SlotSet("pending_registry", None)]
    dispatcher.utter_message(text=say("cadres.registry_preview", change=_describe(change)), buttons=_preview_buttons(moved["key"]))
    return [SlotSet("pending_registry", json.dumps(moved, ensure_ascii=False))]


def _is_report(text: str) -> bool:
    """A description of a problem with no question and no figure words in it."""
    if asks_for_figures(text):
        return False
    return description_from_message(text, runtime.gazetteer()) is not None and bool(score_categories(text))


def _refusal(viewer: Viewer, community_name: str | None, gazetteer) -> str | None:
    """Why this asker may not change this community (recorded), or None."""
    if not viewer.is_cadre:
        record_refusal(runtime.catalog(), viewer, "change_registry", community_name or "", "not_cadre")
        return say("cadres.registry_not_cadre")
    community = gazetteer.community(community_name) if community_name else None
    if community and not viewer.may_see(community.town, community.name):
        record_refusal(runtime.catalog(), viewer, "change_registry", community.label, "out_of_scope")
        return say("cadres.registry_out_of_scope", community=community.label, scope=viewer.cadre.scope_label)
    return None


def _change(viewer: Viewer, pending: dict, today, apply: bool):
    return change_registry(
        runtime.catalog(), pending["community"], community_type=pending["type"], pilot=pending["pilot"],
        effective_on=date.fromisoformat(pending["effective_on"]), author=f"{viewer.cadre.name}（{viewer.cadre.id}）",
        source=f"chat:{viewer.channel}", today=today, apply=apply,
    )


def _describe(change) -> str:
    effective_on = change.effective_on.isoformat()
    text = say("cadres.change_described", community=change.community, effective_on=effective_on,
               state=_state(change.community_type, change.is_pilot))
    if change.moved_from:
        text += say("cadres.change_start_moved", moved_from=change.moved_from.isoformat(), effective_on=effective_on)
    before = _state(change.before_type, change.before_pilot)
    if change.scheduled:
        text += say("cadres.change_scheduled", before=before)
    else:
        text += say("cadres.change_before", before=before)
    if change.later:
        plans = "；".join(say("cadres.change_later_plan", effective_on=f.effective_on.isoformat(),
                             state=_state(f.community_type, f.is_pilot)) for f in change.later)
        text += say("cadres.change_later", plans=plans)
    return text


def _state(community_type: str | None, pilot: bool) -> str:
    if not community_type:
        return say("cadres.state_unclassified")
    if pilot:
        return say("cadres.state_pilot", community_type=community_type)
    return say("cadres.state_not_pilot", community_type=community_type)
