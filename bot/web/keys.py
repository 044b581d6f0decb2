"""Everything the web application holds, declared in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import ClientSession, web

from bot.cadres.roster import RosterFile
from bot.catalog.db import Catalog
from bot.config import Settings
from bot.places import Gazetteer
from bot.web.identity import Signer
from bot.web.upstream import Upstreams

if TYPE_CHECKING:
    from bot.web.auth import Sessions
    from bot.web.limits import Limits
    from bot.web.metrics import Metrics
    from bot.web.news import Followers
    from bot.web.wechat import Gate
    from bot.wechat.service import ServiceApi

SETTINGS = web.AppKey("settings", Settings)
CATALOG = web.AppKey("catalog", Catalog)
GAZETTEER = web.AppKey("gazetteer", Gazetteer)
RASA = web.AppKey("rasa", ClientSession)
RASA_UPSTREAMS = web.AppKey("rasa_upstreams", Upstreams)
SIGNER = web.AppKey("signer", Signer)
ROSTER = web.AppKey("roster", RosterFile)
FIGURES_CACHE = web.AppKey("figures_cache", dict)  # key → (monotonic time, future of the JSON body)
SESSIONS: web.AppKey[Sessions] = web.AppKey("sessions")
METRICS: web.AppKey[Metrics] = web.AppKey("metrics")
FOLLOWERS: web.AppKey[Followers] = web.AppKey("followers")  # when each WeChat follower last wrote
WECHAT_SERVICE: web.AppKey[ServiceApi] = web.AppKey("wechat_service")  # customer-service messages, when configured
LIMITS: web.AppKey[Limits] = web.AppKey("limits")  # messages and reports per client address
WECHAT_GATE: web.AppKey[Gate] = web.AppKey("wechat_gate")  # WeChat's signatures, each used once
