"""The roster of cadres: who they are, their scope, and the identities they chat with.

The roster file decides who is a cadre, never what a message claims. An identity is
"channel:sender_id" (rest:wang-cx for the REST channel, wechat:<openid> for the Official
Account), so the same sender id on another channel is not taken for the cadre.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from bot.clock import china_today

logger = logging.getLogger(__name__)
ROLES = {"city": "市级", "town": "镇级", "community": "村（社区）级"}
_HEADER = (
    "# 干部名册（太仓城乡社区分类共建助手）。用 `python -m bot cadre add|remove|list` 维护。\n"
    "# role: city 市级 / town 镇级 / community 村（社区）级；identities: 渠道:用户标识，\n"
    "# 如 rest:wang-cx（网页/REST）、wechat:<openid>（公众号）。\n"
)


def _common_name(official: str) -> str:
    """南园社区居委会 → 南园社区, 新塘村委会 → 新塘村, for replies."""
    for ending, kind in (("社区居民委员会", "社区"), ("社区居委会", "社区"), ("村民委员会", "村"), ("村委会", "村")):
        if official.endswith(ending):
            return official[: -len(ending)] + kind
    return official


class RosterError(ValueError):
    """A roster entry that cannot be added or read; the message is safe to show."""


@dataclass(frozen=True)
class Cadre:
    id: str
    name: str
    role: str
    town: str | None = None
    community: str | None = None  # official committee name
    identities: tuple[str, ...] = ()
    password_hash: str | None = None  # argon2id, for the web login; never the password itself
    token_hash: str | None = None  # SHA-256 of the API token; the token is shown once, when made
    token_expires: str | None = None  # the last day (China date, ISO) the token works; None: made before expiry

    @property
    def web_identity(self) -> str:
        """The sender the web gateway uses after this cadre logs in (the browser never chooses it).

        Unguessable, so nothing that can reach Rasa's webhook (a local user, a forged request elsewhere on
        the host) can speak as the cadre: taken from the salted password hash, it also changes with the
        password."""
        digest = hashlib.sha256((self.password_hash or "").encode("utf-8")).hexdigest()[:20]
        return f"rest:web-cadre-{self.id}-{digest}"

    def covers(self, town: str | None, community: str | None) -> bool:
        """May this cadre see details of the place (a community, a town, or the city when both None)?"""
        if self.role == "city":
            return True
        if self.role == "town":
            return town is not None and town == self.town
        return community is not None and community == self.community

    @property
    def scope_label(self) -> str:
        if self.role == "city":
            return "全市"
        if self.role == "town":
            return self.town or ""
        return f"{self.town or ''}{_common_name(self.community or '')}"


@dataclass
class Roster:
    cadres: list[Cadre] = field(default_factory=list)

    def find(self, channel: str | None, sender_id: str) -> Cadre | None:
        identity = f"{channel or 'rest'}:{sender_id}"
        return next((c for c in self.cadres if identity in c.identities
                     or (c.password_hash and identity == c.web_identity)), None)

    def by_id(self, cadre_id: str) -> Cadre | None:
        return next((c for c in self.cadres if c.id == cadre_id), None)

    def by_token(self, token: str, today: date | None = None) -> Cadre | None:
        """The cadre whose token this is, while it has not expired."""
        digest = token_digest(token)
        cadre = next((c for c in self.cadres if c.token_hash and hmac.compare_digest(c.token_hash, digest)), None)
        if cadre is None or (cadre.token_expires and (today or china_today()).isoformat() > cadre.token_expires):
            return None
        return cadre

    def next_id(self) -> str:
        numbers = [int(c.id[1:]) for c in self.cadres if c.id[1:].isdigit()]
        return f"C{max(numbers, default=0) + 1:03d}"


def new_api_token() -> tuple[str, str]:
    """A fresh API token and the digest the roster keeps (a long random token needs no slow hash)."""
    token = "tc_" + secrets.token_urlsafe(32)
    return token, token_digest(token)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def load_roster(path: Path, strict: bool = True) -> Roster:
    """The roster in the file. An entry whose scope is not whole (a town cadre without a town) is refused:
    strict, the whole file with a message saying which; otherwise that entry alone, which then has no access
    anywhere (the servers keep serving everyone else)."""
    if not path.exists():
        return Roster()
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    cadres = []
    for entry in raw.get("cadres") or []:
        try:
            cadres.append(_entry(entry if isinstance(entry, dict) else {}))
        except RosterError as error:
            if strict:
                raise RosterError(f"{path}: {error}") from None
            logger.error("roster entry refused, it has no access: %s", error)
    return Roster(cadres)


def _entry(entry: dict) -> Cadre:
    cadre_id, role = str(entry.get("id") or "").strip(), entry.get("role")
    if not cadre_id:
        raise RosterError("名册里有一条没有编号（id）")
    if role not in ROLES:
        raise RosterError(f"{cadre_id} 的 role 必须是 city、town 或 community")
    town, community = _text(entry.get("town")), _text(entry.get("community"))
    if role in ("town", "community") and not town:
        raise RosterError(f"{cadre_id} 是{ROLES[role]}干部，必须写明所属镇（town）")
    if role == "community" and not community:
        raise RosterError(f"{cadre_id} 是村（社区）级干部，必须写明所属村（社区）（community）")
    return Cadre(
        id=cadre_id, name=str(entry.get("name", "")), role=role, town=town, community=community,
        identities=tuple(str(i) for i in entry.get("identities") or ()),
        password_hash=entry.get("password_hash"), token_hash=entry.get("token_hash"),
        token_expires=_text(entry.get("token_expires")),
    )


def _text(value) -> str | None:
    return str(value).strip() or None if value is not None else None


def save_roster(path: Path, roster: Roster) -> None:
    """Write the roster atomically, so a reader never sees half a file."""
    entries = []
    for c in roster.cadres:
        entry = {"id": c.id, "name": c.name, "role": c.role}
        if c.town:
            entry["town"] = c.town
        if c.community:
            entry["community"] = c.community
        entry["identities"] = list(c.identities)
        if c.password_hash:
            entry["password_hash"] = c.password_hash
        if c.token_hash:
            entry["token_hash"] = c.token_hash
        if c.token_hash and c.token_expires:
            entry["token_expires"] = c.token_expires
        entries.append(entry)
    body = _HEADER + yaml.safe_dump({"cadres": entries}, allow_unicode=True, sort_keys=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".roster-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(body)
    os.replace(temporary, path)


def check_identity(identity: str) -> str:
    channel, _, sender = identity.partition(":")
    if not channel or not sender or any(ch.isspace() for ch in identity):
        raise RosterError(f"身份标识“{identity}”格式不对，应为 渠道:用户标识，如 rest:wang-cx 或 wechat:oAbC123")
    return identity


class RosterFile:
    """The roster file, re-read when it changes, so `cadre add` works without a restart."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: tuple[float, int] | None = None
        self._roster = Roster()

    def current(self) -> Roster:
        try:
            stat = self.path.stat()
            stamp = (stat.st_mtime, stat.st_size)
        except FileNotFoundError:
            stamp = None
        if stamp != self._stamp:
            self._roster = load_roster(self.path, strict=False) if stamp else Roster()
            self._stamp = stamp
        return self._roster
