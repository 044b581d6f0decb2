"""Services on the resource list: list an offer, withdraw it, and export the list."""

from __future__ import annotations

import io
import re
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from bot.catalog.db import Catalog
from bot.catalog.errors import CatalogError
from bot.catalog.export import write_rows
from bot.catalog.models import CommunityRow, MatchRow, NeedRow, ResourceRow, TownRow, VolunteerNewsRow, utcnow
from bot.catalog.numbers import RESOURCE_SERIES, format_offer_id, reserve_numbers
from bot.clock import iso_china
from bot.contact import mask_phone, mask_phones_in_text
from bot.matching import service as matching
from bot.vocab.resources import (
    looks_like_organisation,
    people_in_organisation_name,
    provider_types,
    resource_types,
)

SCOPES = {"community": "本村（社区）", "town": "全镇（区）", "city": "全市"}


@dataclass(frozen=True)
class ResourceDraft:
    provider_type: str
    provider_name: str
    description: str
    resource_type: str
    scope: str  # community, town or city
    community: str | None  # official name, for scope community
    town: str | None  # official name, for scope town
    available_time: str
    phone: str
    sender_id: str
    idempotency_key: str


@dataclass(frozen=True)
class HelpableNeed:
    tracking_id: str
    community_name: str
    category: str
    reason: str  # what matched; a resident's own words are not handed to volunteers


@dataclass(frozen=True)
class ResourceView:
    tracking_id: str
    provider_type: str
    provider_name: str  # masked for a person
    description: str
    resource_type: str
    scope: str
    place: str
    available_time: str
    phone_masked: str
    status: str
    created_at: str
    town: str | None = None  # where it serves, for a cadre's scope (None: the whole city)
    community: str | None = None  # official committee name, for a community's offer


def mask_name(name: str) -> str:
    """王建国 → 王**; an organisation's name is public, not the people it names ("阿芳菜馆（周老板娘）" →
    "阿芳菜馆（周***）"), also when a person offers under their shop's name; a person's name given for a unit
    ("杨卫东", a shop's owner) is a person's."""
    if not name:
        return name
    together = re.split(r"([、，,])", name)
    if len(together) > 1 and all(1 < len(part) <= 4 for part in together[::2]):  # "俞晨阳、叶小棠": two people
        return "".join(_masked_person(part) if i % 2 == 0 else part for i, part in enumerate(together))
    if not looks_like_organisation(name):  # a shop's own name ("小芳理发店") is public whoever runs it
        return _masked_person(name)
    for start, end in reversed(people_in_organisation_name(name)):
        name = name[:start] + _masked_person(name[start:end]) + name[end:]
    return name


def _masked_person(name: str) -> str:
    title = re.match(r"(?:队长|老板娘|老板|负责人|联系人|会长|领班|班主|店主|经理)(?:是|叫)?", name)
    at = title.end() if title and title.end() < len(name) else 0
    return name[: at + 1] + "*" * max(len(name) - at - 1, 1)


def file_resource(catalog: Catalog, draft: ResourceDraft, tracking_id: str | None = None,
                  received_at: datetime | None = None) -> tuple[ResourceView, list[HelpableNeed]]:
    """List an offer once (idempotent) and propose it for the open needs it can serve.

    `tracking_id` is a number the outbox took from the series earlier; without one the offer takes
    the next number now. `received_at` (UTC) is when the volunteer offered, for an offer the outbox
    files later; without it, now.
    """
    _check(draft)
    try:
        with catalog.unit_of_work() as session:
            existing = _by_key(session, draft.idempotency_key)
            if existing is not None:
                return _view(existing), _helpable(session, existing)
            resource = ResourceRow(
                idempotency_key=draft.idempotency_key,
                provider_type=draft.provider_type,
                provider_name=draft.provider_name.strip()[:64],
                description=draft.description,
                resource_type=draft.resource_type,
                scope=draft.scope,
                available_time=draft.available_time.strip()[:128],
                phone=draft.phone,
                sender_id=draft.sender_id,
                created_at=received_at or utcnow(),
                tracking_id=tracking_id or format_offer_id(reserve_numbers(session, 1, RESOURCE_SERIES)[0]),
                **_place_ids(session, draft),
            )
            resource.keywords = matching.resource_keywords(draft.description, matching.resource_place_words(session, resource))
            session.add(resource)
            session.flush()
            matching.index_resource(session, resource)
            matching.propose_for_resource(session, resource)
            session.flush()
            # What they are told now is not news later; an offer filed from the outbox told them nothing yet.
            mark_told(session, draft.sender_id, received_at or utcnow())
            return _view(resource), _helpable(session, resource)
    except IntegrityError:
        with catalog.unit_of_work() as session:
            existing = _by_key(session, draft.idempotency_key)
            if existing is None:
                raise
            return _view(existing), _helpable(session, existing)


def find_offer(catalog: Catalog, tracking_id: str) -> tuple[ResourceView, list[HelpableNeed], str] | None:
    """An offer by its number: its entry, the needs it is matched to, and who offered it (sender)."""
    with catalog.unit_of_work() as session:
        resource = session.execute(_resource_query().where(ResourceRow.tracking_id == tracking_id)).scalar()
        if resource is None:
            return None
        return _view(resource), _helpable(session, resource), resource.sender_id


def provider_contact(catalog: Catalog, tracking_id: str) -> tuple[str, str | None]:
    """Who offers it and their number, in full, for a cadre whose scope holds the offer (the caller checks the scope)."""
    with catalog.unit_of_work() as session:
        row = session.execute(select(ResourceRow.provider_name, ResourceRow.phone)
                              .where(ResourceRow.tracking_id == tracking_id)).first()
        return (row[0], row[1]) if row else ("", None)


def offers_of(catalog: Catalog, sender_id: str, limit: int = 5) -> list[tuple[ResourceView, int]]:
    """The newest offers this sender made, each with how many needs it is matched to."""
    with catalog.unit_of_work() as session:
        rows = session.execute(_resource_query().where(ResourceRow.sender_id == sender_id)
                               .order_by(ResourceRow.id.desc()).limit(limit)).scalars().all()
        return [(_view(resource), len(_helpable(session, resource))) for resource in rows]


def _resource_query():
    return select(ResourceRow).options(joinedload(ResourceRow.community).joinedload(CommunityRow.town),
                                       joinedload(ResourceRow.town))


@dataclass(frozen=True)
class Withdrawal:
    closed: int  # matches closed, possible fits (可能相关) among them
    counted: int  # of those, the ones that made their need 先治理 (evidenced or taken on by a cadre)


def withdraw_resource(catalog: Catalog, tracking_id: str, reason: str = "资源已撤回") -> Withdrawal:
    """Take an offer off the list; the projects it alone served go back to pending."""
    return _taken_off(catalog, tracking_id, "withdrawn", reason)


def pause_resource(catalog: Catalog, tracking_id: str) -> Withdrawal:
    """"下个月出差，停一停": an offer kept on the list but matched with nothing until it is resumed; the projects it
    alone served go back to pending meanwhile (a paused offer is no evidence for 先治理)."""
    return _taken_off(catalog, tracking_id, "paused", matching.PAUSED_REASON)


def resume_resource(catalog: Catalog, tracking_id: str) -> bool:
    """A paused offer back in use, matched again with the needs it serves; False when it is not paused."""
    with catalog.unit_of_work() as session:
        resource = session.execute(select(ResourceRow).where(ResourceRow.tracking_id == tracking_id)).scalar()
        if resource is None or resource.status != "paused":
            return False
        resource.status = "active"
        matching.reopen_paused_matches(session, resource.id)
        session.flush()
        _read_again(session, resource)
        return True


def _taken_off(catalog: Catalog, tracking_id: str, status: str, reason: str) -> Withdrawal:
    with catalog.unit_of_work() as session:
        resource = session.execute(
            select(ResourceRow).where(ResourceRow.tracking_id == (tracking_id or "").strip().upper())
        ).scalar()
        if resource is None:
            raise CatalogError(f"没有编号为 {tracking_id} 的资源")
        resource.status = status
        counted = matching.counted_matches_of_resource(session, resource.id)
        return Withdrawal(len(matching.close_matches_of_resource(session, resource.id, reason)), counted)


def add_to_offer(catalog: Catalog, tracking_id: str, sender_id: str, words: str, limit: int = 500) -> bool:
    """Words added to a listed offer by whoever made it ("ZY000064 补充 有投影仪跟音响也可以用"), read again for
    matching (new needs it now serves proposed); False when the offer is not theirs, not listed, or would grow past
    the limit."""
    with catalog.unit_of_work() as session:
        resource = session.execute(select(ResourceRow).where(ResourceRow.tracking_id == tracking_id)).scalar()
        if resource is None or resource.sender_id != sender_id or resource.status != "active":
            return False
        added = f"{resource.description}；{words}"
        if len(added) > limit:
            return False
        resource.description = added
        _read_again(session, resource)
        return True


CHANGEABLE = ("available_time", "provider_name", "resource_description", "resource_scope")


def change_offer(catalog: Catalog, tracking_id: str, sender_id: str, field: str, value: str,
                 limit: int = 500) -> ResourceView | None:
    """One field of a listed offer changed by whoever made it ("ZY000071的时间改成每月第一个周六上午"); what it offers
    or where it reaches read again for matching (matches it no longer reaches closed). None when the offer is not
    theirs or not listed."""
    with catalog.unit_of_work() as session:
        resource = session.execute(_resource_query().where(ResourceRow.tracking_id == tracking_id)).scalar()
        if resource is None or resource.sender_id != sender_id or resource.status != "active" or field not in CHANGEABLE:
            return None
        if field == "available_time":
            resource.available_time = value.strip()[:128]
        elif field == "provider_name":
            resource.provider_name = value.strip()[:64]
        elif field == "resource_description":
            resource.description = value.strip()[:limit]
            _read_again(session, resource)
        else:
            _reach_again(session, resource, value)
        session.flush()
        session.refresh(resource)
        return _view(resource)


def _read_again(session: Session, resource: ResourceRow) -> None:
    from bot.catalog.models import ResourceKeywordRow

    resource.keywords = matching.resource_keywords(resource.description, matching.resource_place_words(session, resource))
    session.query(ResourceKeywordRow).filter(ResourceKeywordRow.resource_id == resource.id).delete()
    session.flush()
    matching.index_resource(session, resource)
    matching.propose_for_resource(session, resource)


def _reach_again(session: Session, resource: ResourceRow, value: str) -> None:
    """A new reach ("town@浏河镇", "community@…", "city"): where it is listed, its matches beyond it closed."""
    scope, _, place = value.partition("@")
    community = session.execute(select(CommunityRow).where(CommunityRow.name == place)).scalar() if place else None
    town = session.execute(select(TownRow).where(TownRow.name == place)).scalar() if place and community is None else None
    town_id = town.id if town else (community.town_id if community else resource.town_id or (
        resource.community.town_id if resource.community else None))
    if scope == "community" and community is None and resource.community_id is None:
        raise CatalogError("请说明是哪个村（社区）")
    resource.scope = scope
    resource.community_id = (community.id if community else resource.community_id) if scope == "community" else None
    resource.town_id = town_id if scope == "town" else None
    session.flush()
    matched = session.execute(
        select(MatchRow.need_id, NeedRow.community_id, CommunityRow.town_id)
        .join(NeedRow, NeedRow.id == MatchRow.need_id).join(CommunityRow, CommunityRow.id == NeedRow.community_id)
        .where(MatchRow.resource_id == resource.id)).all()
    reached = {need_id: scope == "city" or scope == "community" and community_id == resource.community_id
               or scope == "town" and need_town == resource.town_id for need_id, community_id, need_town in matched}
    matching.set_reach_of_matches(session, resource.id, [n for n, r in reached.items() if not r],
                                  [n for n, r in reached.items() if r])
    _read_again(session, resource)


def change_offer_phone(catalog: Catalog, sender_id: str, phone: str) -> list[str]:
    """A volunteer's new number put on each of their offers still listed; the offers' numbers."""
    with catalog.unit_of_work() as session:
        offers = session.execute(select(ResourceRow).where(ResourceRow.sender_id == sender_id,
                                                           ResourceRow.status == "active")).scalars().all()
        for offer in offers:
            offer.phone = phone
        return [offer.tracking_id for offer in offers if offer.tracking_id]


def iter_resources(catalog: Catalog):
    with catalog.unit_of_work() as session:
        query = _resource_query().order_by(ResourceRow.id)
        for resource in session.execute(query).scalars():
            yield _view(resource)


def export_resources(catalog: Catalog, fmt: str, out: io.TextIOBase) -> int:
    return write_rows((asdict(r) for r in iter_resources(catalog)), fmt, out, list(ResourceView.__dataclass_fields__))


# -- helpers ------------------------------------------------------------------------------------
def _check(draft: ResourceDraft) -> None:
    if not draft.description.strip():
        raise CatalogError("资源内容不能为空")
    if draft.resource_type not in {t.name for t in resource_types()}:
        raise CatalogError(f"未知的资源类型：{draft.resource_type}")
    if draft.provider_type not in {t.name for t in provider_types()}:
        raise CatalogError(f"未知的提供方类型：{draft.provider_type}")
    if draft.scope not in SCOPES:
        raise CatalogError(f"未知的服务范围：{draft.scope}")
    if draft.scope == "community" and not draft.community:
        raise CatalogError("请说明在哪个村（社区）提供")
    if draft.scope == "town" and not (draft.town or draft.community):
        raise CatalogError("请说明在哪个镇（区）提供")
    if not draft.phone:
        raise CatalogError("请留一个联系电话")


def _place_ids(session: Session, draft: ResourceDraft) -> dict:
    community = None
    if draft.community:
        community = session.execute(select(CommunityRow).where(CommunityRow.name == draft.community)).scalar()
        if community is None:
            raise CatalogError(f"太仓没有叫“{draft.community}”的村或社区")
    town_id = community.town_id if community else None
    if draft.town:
        town = session.execute(select(TownRow).where(TownRow.name == draft.town)).scalar()
        if town is None:
            raise CatalogError(f"太仓没有叫“{draft.town}”的镇（区）")
        town_id = town.id
    return {
        "community_id": community.id if community and draft.scope == "community" else None,
        "town_id": town_id if draft.scope in ("community", "town") else None,
    }


def mark_told(session: Session, sender_id: str, until: datetime) -> None:
    """The volunteer has heard of their matches up to this moment (bot/resources/news.py)."""
    row = session.get(VolunteerNewsRow, sender_id)
    if row is None:
        session.add(VolunteerNewsRow(sender_id=sender_id, told_until=until))
    elif row.told_until < until:
        row.told_until = until


def _by_key(session: Session, key: str) -> ResourceRow | None:
    return session.execute(select(ResourceRow).where(ResourceRow.idempotency_key == key)).scalar()


def _helpable(session: Session, resource: ResourceRow) -> list[HelpableNeed]:
    from bot.catalog.models import MatchRow

    rows = session.execute(
        select(NeedRow, MatchRow.reason)
        .join(MatchRow, MatchRow.need_id == NeedRow.id)
        .options(joinedload(NeedRow.community))
        .where(MatchRow.resource_id == resource.id, matching.counts_for_tier())  # weak ones are cadres' to judge
        .order_by(MatchRow.score.desc(), NeedRow.id)
    ).all()
    return [
        HelpableNeed(need.tracking_id, need.community.common_name, need.category, reason)
        for need, reason in rows
    ]


def _view(resource: ResourceRow) -> ResourceView:
    town, community = None, None
    if resource.scope == "community" and resource.community is not None:
        place = f"{resource.community.town.name}{resource.community.common_name}"
        town, community = resource.community.town.name, resource.community.name
    elif resource.scope == "town" and resource.town is not None:
        place = town = resource.town.name
    else:
        place = "太仓全市"
    return ResourceView(
        tracking_id=resource.tracking_id,
        provider_type=resource.provider_type,
        provider_name=mask_name(resource.provider_name),
        description=mask_phones_in_text(resource.description),
        resource_type=resource.resource_type,
        scope=resource.scope,
        place=place,
        available_time=resource.available_time,
        phone_masked=mask_phone(resource.phone),
        status=resource.status,
        created_at=iso_china(resource.created_at),
        town=town,
        community=community,
    )
