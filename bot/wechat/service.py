"""WeChat's customer-service message API (客服消息): what we send a follower besides a passive reply.

The channel inside Rasa sends answers that came too late for the passive reply; the gateway sends volunteers
the needs matched to their offers. WeChat accepts these for 48 hours after the follower's last message.
"""

from __future__ import annotations

import asyncio

from wechatpy.client import WeChatClient

from bot.config import WeChatSettings


class ServiceApi:
    """Text messages to one follower, with the access token cached by wechatpy."""

    def __init__(self, settings: WeChatSettings) -> None:
        self.client = _Client(settings.app_id, settings.app_secret, settings.api_base_url)

    async def send(self, openid: str, piece: str) -> None:
        """One text message (already cut to WeChat's limit by pieces_of)."""
        await asyncio.get_running_loop().run_in_executor(None, self.client.message.send_text, openid, piece)


class _Client(WeChatClient):
    """wechatpy's client, with the token endpoint under the same base URL as the rest (for the fake)."""

    def __init__(self, app_id: str, secret: str, base_url: str) -> None:
        super().__init__(app_id, secret, timeout=5)
        self.API_BASE_URL = base_url

    def fetch_access_token(self):
        return self._fetch_access_token(url=f"{self.API_BASE_URL}token",
                                        params={"grant_type": "client_credential", "appid": self.appid,
                                                "secret": self.secret})
