"""Offering a resource: the resource form's validation, its questions and submission."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet

from actions import filing, runtime
from actions.asking import Question
from actions.confirm import ask_confirmation, read_confirmation, unasked_shown
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
from actions.filing import file_draft
from actions.places import PlaceSlots
from actions.reading import ReadsEveryMessage, places
from bot.contact import mask_phone, mask_phones_in_text, parse_phone, phones_in, without_phones
from bot.dialogue.offer_words import bare_offer, offer_words
from bot.dialogue.places import GazetteerPlaces
from bot.dialogue.reader import (
    carried_over,
    offer_and_problem,
    only_a_place,
    opening_kind,
    person_named,
    reach_clause,
    reads_as_report,
    switches_to,
)
from bot.dialogue.values import (
    breadth_from_words,
    is_organisation_name,
    name_from_words,
    needs_full_name,
    organisation_in,
    scope_from_words,
    split_scope,
    stated_availability,
    time_phrase,
)
from bot.matching.capabilities import normalized, selling
from bot.needs.describe import without_greeting
from bot.replies import entry, say, words
from bot.resources.news import need_line
from bot.resources.service import SCOPES, ResourceDraft, mask_name
from bot.text import cap_text
from bot.vocab.resources import (
    infer_provider_type,
    infer_resource_type,
    likeliest_resource_types,
    normalize_provider_type,
    normalize_resource_type,
    provider_types,
    resembles_a_resource,
    resource_types,
)

logger = logging.getLogger(__name__)

RESOURCE_SLOTS = ("resource_description", "resource_type", "provider_type", "provider_name", "resource_scope",
                  "available_time", "resource_phone", "resource_confirmed")
FIELDS = {field: (named["label"], tuple(named["words"])) for field, named in entry("resources.fields").items()}
# Wanting to help, said without saying how: "我想当志愿者", "我也想出份力".
# "叫我陈医生" answers "怎么称呼您" even when it reads like asking for a person.
NAME_ANSWER = re.compile(r"^(我叫|叫我|我姓|我是|伲是|免贵姓|单位是|我们是|名称是)")


def scope_from_text(text: str) -> str | None:
    """city, town or community, from the words alone."""
    return split_scope(scope_from_words(text, places()) or "")[0] or None


class ValidateResourceForm(ReadsEveryMessage, PlaceSlots, FormValidationAction):
    READ_SLOTS = ("resource_description", "resource_type", "provider_type", "provider_name", "resource_scope",
                  "community", "town", "available_time", "resource_phone", "resource_confirmed", "phone")
    RESETS = RESOURCE_SLOTS + ("place_options", "place_question", "callback_wanted")

    def name(self) -> str:
        return "validate_resource_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        slots = [s for s in domain_slots if s not in ("community", "town")]
        scope = tracker.get_slot("resource_scope")
        if scope in ("community", "town"):
            at = slots.index("resource_scope") + 1
            slots.insert(at, "community" if scope == "community" else "town")
        return slots

    # -- extraction ------------------------------------------------------------------------------
    async def extract_resource_description(self, dispatcher, tracker: Tracker, domain) -> dict:
        text = latest_text(tracker)
        if is_answer(tracker, "resource_description"):
            return {"resource_description": text} if text else {}
        if tracker.get_slot("resource_description") is None and switches_to(text) == "offer_resource":
            # "勿是来报事体个 其实是想出份力": what was typed as a report is the offer
            carried = carried_over(text, tracker.get_slot("description"))
            return {"resource_description": carried, "description": None} if carried else {"description": None}
        offered = latest_intent(tracker) == "offer_resource" or opening_kind(text) == "offer"
        if tracker.get_slot("resource_description") is None and tracker.get_slot("requested_slot") is None and offered:
            substantial = not bare_offer(text) and (resembles_a_resource(text) or
                                                    len(re.findall(r"[\u4e00-\u9fff]", text)) >= 10)
            return {"resource_description": text} if substantial else {}
        return {}

    async def extract_resource_type(self, dispatcher, tracker: Tracker, domain) -> dict:
        return answer_or_inference(tracker, "resource_type", infer_resource_type, "resource_description")

    async def extract_provider_type(self, dispatcher, tracker: Tracker, domain) -> dict:
        found = answer_or_inference(tracker, "provider_type", infer_provider_type, "resource_description")
        if found or tracker.get_slot("provider_type") or not tracker.get_slot("provider_name"):
            return found
        # "阿拉是城厢镇卫生院": who offers is said in the name, which the offer's words leave out
        inferred = infer_provider_type(f"{tracker.get_slot('provider_name')} {tracker.get_slot('resource_description') or ''}")
        return {"provider_type": inferred} if inferred and tracker.get_slot("resource_description") else {}

    async def extract_provider_name(self, dispatcher, tracker: Tracker, domain) -> dict:
        text = latest_text(tracker)
        if tracker.get_slot("requested_slot") is None and tracker.get_slot("provider_name") is None:
            named = organisation_in(text)  # "我们是太仓红十字志愿者协会，想…"
            if named and needs_full_name(named, places()):
                return {}  # "我们钓鱼协会": which one is asked (see ActionAskProviderName)
            named = named or person_named(text)  # "我叫陈思雨，在利泰社区住…"
            if named:
                return {"provider_name": named}
            return _who_listed_before(dispatcher, tracker)
        named = tracker.get_slot("requested_slot") == "provider_name" and NAME_ANSWER.match(text)
        if not (named or is_answer(tracker, "provider_name")):
            return {}
        return {"provider_name": text or None}

    async def extract_resource_scope(self, dispatcher, tracker: Tracker, domain) -> dict:
        text = latest_text(tracker)
        if is_answer(tracker, "resource_scope"):
            return {"resource_scope": text or None}
        if tracker.get_slot("resource_scope") is None and latest_intent(tracker) == "offer_resource":
            reach = reach_clause(text)
            if reach and (places().town_in(reach) or places().place_in(reach)):
                return {"resource_scope": reach}  # "…整个沙溪镇都可以去…": that town, whatever else is named
            scope = breadth_from_words(text)
            if scope is None and latest_entities(tracker, "community") and scope_from_text(text) == "community":
                scope = "community"  # "我们公司在新塘村边上，会议室可以借给村里用": that community
            return {"resource_scope": scope} if scope else {}
        return {}

    async def extract_town(self, dispatcher, tracker: Tracker, domain) -> dict:
        if latest_entities(tracker, "town") or not is_answer(tracker, "town"):
            return {}
        return {"town": latest_text(tracker) or None}

    async def extract_available_time(self, dispatcher, tracker: Tracker, domain) -> dict:
        text = latest_text(tracker)
        if is_answer(tracker, "available_time"):
            return {"available_time": text or None}
        if tracker.get_slot("available_time") is None and latest_intent(tracker) == "offer_resource":
            found = stated_availability(text)
            return {"available_time": found} if found else {}
        return {}

    async def extract_resource_phone(self, dispatcher, tracker: Tracker, domain) -> dict:
        phone = first(latest_entities(tracker, "phone"))
        if phone:
            return {"resource_phone": phone}
        if is_answer(tracker, "resource_phone"):
            return {"resource_phone": latest_text(tracker) or None}
        return {}

    async def extract_resource_confirmed(self, dispatcher, tracker: Tracker, domain) -> dict:
        return read_confirmation(tracker, "resource_confirmed", FIELDS)

    # -- validation ------------------------------------------------------------------------------
    def validate_resource_description(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        text = offer_words(without_greeting(_numbers_only_in_notes(str(first(value) or ""), tracker.get_slot("resource_phone")))
                           .strip(), runtime.gazetteer())
        if value is None:
            return {"resource_description": None}
        if len(text) < 2 or not any(ch.isalnum() for ch in text) or bare_offer(text):
            dispatcher.utter_message(text=say("resources.resource_description_too_short"))
            return {"resource_description": None}
        if is_advert(text):
            dispatcher.utter_message(text=say("resources.advert_declined"))
            return {"resource_description": None}
        apart = offer_and_problem(text, places())
        if apart:  # "…另外阿拉楼道灯坏脱一个多月了": the offer now, the volunteer's own problem reported after it
            capped, _ = cap_text(apart[0], runtime.settings().description_max_chars)
            queued = [p for p in tracker.get_slot("more_problems") or [] if p != apart[1]]
            return {"resource_description": capped, "more_problems": [apart[1], *queued]}
        capped, _ = cap_text(text, runtime.settings().description_max_chars)
        return {"resource_description": capped}

    def validate_resource_type(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        if value is None:
            return {"resource_type": None}
        resource_type = normalize_resource_type(str(first(value)))
        if resource_type is None:
            dispatcher.utter_message(text=say("resources.resource_type_invalid"))
        return {"resource_type": resource_type}

    def validate_provider_type(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        if value is None:
            return {"provider_type": None}
        provider_type = normalize_provider_type(str(first(value)))
        if provider_type is None:
            dispatcher.utter_message(text=say("resources.provider_type_invalid"))
        return {"provider_type": provider_type}

    def validate_provider_name(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        name = name_from_words(str(first(value) or "")) or ""
        if value is None:
            return {"provider_name": None}
        place = _place_answer(name)
        if place:  # a place typed where the name was asked: keep it as the place, ask the name again
            dispatcher.utter_message(text=say("resources.provider_name_was_place"))
            return {"provider_name": None, **place}
        if not name or len(name) > 40:
            dispatcher.utter_message(text=say("resources.provider_name_invalid"))
            return {"provider_name": None}
        if parse_phone(name) or sum(ch.isdigit() for ch in name) >= 5:  # a number is not a name, and is never shown
            dispatcher.utter_message(text=say("resources.provider_name_was_phone"))
            return {"provider_name": None}
        return {"provider_name": name}

    def validate_resource_scope(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        if value is None:
            return {"resource_scope": None}
        said = str(first(value))
        scope = said if said in SCOPES else scope_from_text(said)
        place = runtime.gazetteer().resolve(said) if said not in SCOPES else None
        if place is not None and place.status == "found" and scope in (None, "community"):
            return {"resource_scope": "community", "community": place.community.name, "town": place.community.town}
        if place is not None and place.status == "town_only" and scope in (None, "town"):
            return {"resource_scope": "town", "town": place.town.name}
        if scope is None:
            dispatcher.utter_message(text=say("resources.resource_scope_invalid"))
        return {"resource_scope": scope}

    def validate_town(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        if value is None:
            return {"town": None}
        gazetteer = runtime.gazetteer()
        resolution = gazetteer.resolve(str(first(value)))
        town = resolution.town or (gazetteer.town(resolution.community.town) if resolution.community else None)
        if town is None:
            dispatcher.utter_message(text=say("resources.town_not_found"))
            return {"town": None}
        return {"town": town.name}

    def validate_available_time(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        if value is None:
            return {"available_time": None}
        text = str(first(value)).strip()
        place = _place_answer(text) if not time_phrase(text) else None
        if place:
            dispatcher.utter_message(text=say("resources.available_time_was_place"))
            return {"available_time": None, **place}
        if not text or not any(ch.isalnum() for ch in text) or _is_bare_answer(text):
            dispatcher.utter_message(text=say("resources.available_time_invalid"))
            return {"available_time": None}
        return {"available_time": text[:60]}

    def validate_resource_phone(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        if value is None:
            return {"resource_phone": None}
        phone = parse_phone(str(first(value)))
        if phone is None:
            dispatcher.utter_message(text=say("resources.resource_phone_invalid"))
            return {"resource_phone": None}
        noted = say("resources.resource_phone_noted", phone=mask_phone(phone))
        if said_just_now(tracker, phone) and tracker.get_slot("requested_slot") != "resource_confirmed" \
                and not any(mask_phone(phone) in (m.get("text") or "") for m in dispatcher.messages):
            # at the summary the reader says the change back ("已改：电话 → …"): said once, not twice
            dispatcher.utter_message(text=noted)
        return {"resource_phone": phone}

    def validate_resource_confirmed(self, value: Any, dispatcher, tracker: Tracker, domain) -> dict:
        return {"resource_confirmed": True if value is True else None}


NOT_A_TIME = words("resources.not_a_time")


def _who_listed_before(dispatcher, tracker: Tracker) -> dict:
    """A second offer in the same conversation: who offers it and their number are those of the first, said so and
    shown at the summary to change; never asked twice."""
    from bot.resources.service import offers_of, provider_contact

    try:
        listed = offers_of(runtime.catalog(), tracker.sender_id, limit=1)
        offer = listed[0][0] if listed else None
        if offer is None or not _said_in_this_conversation(tracker, offer.tracking_id):
            return {}
        name, phone = provider_contact(runtime.catalog(), offer.tracking_id)
    except Exception:
        logger.exception("looking up the sender's earlier offer failed")
        return {}
    if not name:
        return {}
    dispatcher.utter_message(text=say("resources.same_provider", offer_id=offer.tracking_id))
    return {"provider_name": name, "provider_type": offer.provider_type, **({"resource_phone": phone} if phone else {})}


def _said_in_this_conversation(tracker: Tracker, tracking_id: str) -> bool:
    return any(e.get("event") == "bot" and tracking_id in (e.get("text") or "") for e in tracker.events)


def _is_bare_answer(text: str) -> bool:
    """"确认", "好的", "1": an answer to some other question, not a time (随时 and 都行 are times)."""
    said = bare_words(text)
    return said in NOT_A_TIME or said.isdigit()


def _numbers_only_in_notes(text: str, phone: str | None = None) -> str:
    """The offer's words without phone numbers, but for those kept in a contact note ("（联系：办公室电话…）"): a
    number goes in the phone field, a second one beside it."""
    head, tail = say("reading.contact_note", words="\0").split("\0")
    pieces = re.split(f"({re.escape(head)}.*?{re.escape(tail)})", text)
    kept = "".join(piece if piece.startswith(head) else without_phones(piece) for piece in pieces)
    # "…；座机0512-53581276" written into the help: a number, kept as a contact, never dropped without a word
    # (the phone field's number, or the one that is about to be it, stays out)
    phone = phone or parse_phone(text)
    said = [n for piece in pieces if not piece.startswith(head) for n in phones_in(piece)
            if n != phone and n not in phones_in(without_phones(piece))]
    return kept + (say("reading.contact_note", words="，".join(said)) if said else "")


def _place_answer(text: str) -> dict | None:
    """The slots a bare place answer sets (a community or a town), or None if it is not one."""
    if is_organisation_name(text) or not only_a_place(text, GazetteerPlaces(runtime.gazetteer())):
        return None  # "何桥村宣卷队（钱美芳）": a name with a place in it
    resolution = runtime.gazetteer().resolve(text)
    if resolution.status == "found":
        return {"resource_scope": "community", "community": resolution.community.name,
                "town": resolution.community.town}
    if resolution.status == "town_only" and len(text) <= 8:
        return {"resource_scope": "town", "town": resolution.town.name}
    return None


class ActionAskResourceType(Question):
    slot = "resource_type"

    def ask(self, dispatcher, tracker) -> list:
        by_name = {t.name: t for t in resource_types()}
        likeliest = likeliest_resource_types(tracker.get_slot("resource_description") or "")
        choices = [{"title": by_name[name].button, "payload": f'/inform{{"resource_type":"{name}"}}'} for name in likeliest]
        dispatcher.utter_message(text=say("resources.ask_resource_type"), buttons=choices)
        return []


class ActionAskProviderType(Question):
    slot = "provider_type"

    def ask(self, dispatcher, tracker) -> list:
        choices = [{"title": t.button, "payload": f'/inform{{"provider_type":"{t.name}"}}'} for t in provider_types()]
        dispatcher.utter_message(text=say("resources.ask_provider_type"), buttons=choices)
        return []


class ActionAskResourceDescription(Question):
    slot = "resource_description"
    reply = "resources.ask_resource_description"


class ActionAskResourceScope(Question):
    slot = "resource_scope"
    reply = "resources.ask_resource_scope"
    choices = "resources.resource_scope_buttons"


class ActionAskTown(Question):
    slot = "town"
    reply = "resources.ask_town"


class ActionAskAvailableTime(Question):
    slot = "available_time"
    reply = "resources.ask_available_time"


class ActionAskResourcePhone(Question):
    slot = "resource_phone"
    reply = "resources.ask_resource_phone"


class ActionStartOffer(Action):
    """An offer of help starts the offer form, unless its words report a problem the classifier took
    for an offer ("我在东仓村，村里老年活动室一直锁起来"): then it is a report."""

    def name(self) -> str:
        return "action_start_offer"

    def run(self, dispatcher, tracker: Tracker, domain) -> list:
        text = latest_text(tracker)
        if not text.startswith("/") and reads_as_report(text):
            return [FollowupAction("need_form")]
        if not text.startswith("/") and is_advert(text):
            dispatcher.utter_message(text=say("resources.advert_declined"))
            return [FollowupAction("action_listen")]  # no form opened: nothing to list
        return []  # the rule goes on to the offer form


def is_advert(text: str) -> bool:
    """Selling, with nothing given ("…一律八折，还送鸡蛋，帮我们宣传一下"): no resource of the community."""
    return selling(normalized(text))


class ActionAskProviderName(Question):
    """The name to show on the resource list; an organisation named only by its kind is asked in full."""

    slot = "provider_name"

    def ask(self, dispatcher, tracker) -> list:
        said = next((named for text in [latest_text(tracker), *earlier_texts(tracker)]
                     if (named := organisation_in(text)) and needs_full_name(named, places())), None)
        if said:
            dispatcher.utter_message(text=say("resources.ask_provider_full_name", said=said))
        else:
            dispatcher.utter_message(text=say("resources.ask_provider_name"))
        return []


def resource_summary(tracker: Tracker, so_far: bool = False) -> str:
    """The offer to confirm; so far (mid-form), what is not yet asked is shown as such."""
    text = _resource_summary(tracker)
    return unasked_shown(text) if so_far else text


def _resource_summary(tracker: Tracker) -> str:
    scope = tracker.get_slot("resource_scope")
    gazetteer = runtime.gazetteer()
    community = gazetteer.community(tracker.get_slot("community") or "")
    place = {
        "community": community.label if community else "",
        "town": tracker.get_slot("town") or "",
        "city": say("resources.summary_whole_city"),
    }.get(scope, "")
    provider = tracker.get_slot("provider_type") or ""
    name = mask_name(tracker.get_slot("provider_name") or "")
    queued = tracker.get_slot("more_problems") or []
    problem = "\n" + say("resources.problem_queued", problem=mask_phones_in_text(queued[0])) if queued else ""
    return say(
        "resources.summary",
        provider_name=name,
        provider_type=provider,
        description=mask_phones_in_text(tracker.get_slot("resource_description") or ""),
        resource_type=tracker.get_slot("resource_type"),
        place=place,
        available_time=tracker.get_slot("available_time"),
        phone=mask_phone(tracker.get_slot("resource_phone")),
    ) + problem


class ActionAskResourceConfirmed(Question):
    slot = "resource_confirmed"

    def ask(self, dispatcher, tracker) -> list:
        ask_confirmation(dispatcher, tracker, "resource_confirmed", resource_summary(tracker), FIELDS)
        return []


class ActionSubmitResource(Action):
    def name(self) -> str:
        return "action_submit_resource"

    def run(self, dispatcher, tracker, domain) -> list:
        if tracker.get_slot("resource_confirmed") is not True:
            return []
        scope = tracker.get_slot("resource_scope")
        draft = ResourceDraft(
            provider_type=tracker.get_slot("provider_type"),
            provider_name=tracker.get_slot("provider_name"),
            description=tracker.get_slot("resource_description"),
            resource_type=tracker.get_slot("resource_type"),
            scope=scope,
            community=tracker.get_slot("community") if scope == "community" else None,
            town=tracker.get_slot("town") if scope == "town" else None,
            available_time=tracker.get_slot("available_time") or "",
            phone=tracker.get_slot("resource_phone"),
            sender_id=tracker.sender_id,
            idempotency_key=submission_key(tracker, "resource"),
        )
        submission, asked_again = file_draft(dispatcher, draft, filing.RESOURCE)
        if submission is None:
            return asked_again
        if submission.kept:
            return self.kept(dispatcher, submission.tracking_id)
        resource, helpable = submission.record
        lines = [say("resources.submitted", tracking_id=resource.tracking_id)]
        if helpable:
            lines.append(say("resources.helpable_many", count=len(helpable)) if len(helpable) > 3
                         else say("resources.helpable_few"))
            # Residents' own words stay with the community: the volunteer sees what matched, not who.
            lines += [need_line(n) for n in helpable[:3]]
            if len(helpable) > 3:
                lines.append(say("resources.helpable_many_next"))
            else:
                lines.append(say("resources.helpable_few_next"))
        else:
            lines.append(say("resources.nothing_helpable"))
        dispatcher.utter_message(text="\n".join(lines),
                                 json_message={"card": "resource", "tracking_id": resource.tracking_id,
                                               "helpable": [n.tracking_id for n in helpable]})
        return [SlotSet(slot, None) for slot in RESOURCE_SLOTS] + self.own_problem_next(dispatcher, tracker)

    @staticmethod
    def own_problem_next(dispatcher, tracker: Tracker) -> list:
        """A problem of the volunteer's own, said with the offer: reported next, with their number and place."""
        queued = list(tracker.get_slot("more_problems") or [])
        if not queued:
            return []
        dispatcher.utter_message(text=say("needs.next_problem", problem=queued[0]))
        place = tracker.get_slot("community") if tracker.get_slot("resource_scope") == "community" else None
        return [SlotSet("description", queued[0]), SlotSet("more_problems", queued[1:] or None),
                SlotSet("community", place), SlotSet("phone", tracker.get_slot("resource_phone")),
                FollowupAction("need_form")]

    @staticmethod
    def kept(dispatcher, tracking_id: str | None) -> list:
        """The catalog is unreachable: the offer is on disk and will be listed under this number."""
        if tracking_id:
            text = say("resources.kept_with_number", tracking_id=tracking_id)
            card = {"card": "resource", "tracking_id": tracking_id, "helpable": []}
        else:
            text = say("resources.kept_without_number")
            card = None
        dispatcher.utter_message(text=text, json_message=card)
        return [SlotSet(slot, None) for slot in RESOURCE_SLOTS]
