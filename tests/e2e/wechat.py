"""Playing WeChat in tests: its servers' API (a local fake) and its calls to us (signed by wechatpy).

The fake stands in for api.weixin.qq.com only: the access-token and customer-service endpoints,
recording what they receive. Messages to the assistant are built as WeChat's XML and signed, or
encrypted and signed, with wechatpy itself.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import xmltodict
from aiohttp import web
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

from tests.e2e.conftest import free_port

TOKEN = "e2eWeChatToken2026"
APP_ID = "wx0123456789abcdef"
APP_SECRET = "e2e-app-secret-0123456789abcdef"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters, as WeChat gives it
OFFICIAL_ACCOUNT = "gh_taicang_e2e"


class FakeWeChatApi:
    """api.weixin.qq.com/cgi-bin/ on loopback: hands out a token, records service messages."""

    def __init__(self) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/cgi-bin/"
        self.sent: list[dict] = []
        self.tokens_issued = 0
        self.valid_tokens: set[str] = set()
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None

    def start(self) -> FakeWeChatApi:
        app = web.Application()
        app.router.add_get("/cgi-bin/token", self._token)
        app.router.add_post("/cgi-bin/message/custom/send", self._custom_send)
        started = threading.Event()

        def serve() -> None:
            asyncio.set_event_loop(self._loop)
            self._runner = web.AppRunner(app)
            self._loop.run_until_complete(self._runner.setup())
            self._loop.run_until_complete(web.TCPSite(self._runner, "127.0.0.1", self.port).start())
            started.set()
            self._loop.run_forever()

        threading.Thread(target=serve, daemon=True).start()
        started.wait(10)
        return self

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)

    async def _token(self, request: web.Request) -> web.Response:
        if request.query.get("appid") != APP_ID or request.query.get("secret") != APP_SECRET:
            return web.json_response({"errcode": 40013, "errmsg": "invalid appid"})
        self.tokens_issued += 1
        token = f"fake-token-{self.tokens_issued}"
        self.valid_tokens.add(token)
        return web.json_response({"access_token": token, "expires_in": 7200})

    def expire_tokens(self) -> None:
        """As WeChat does when the token is refreshed elsewhere or revoked: 40001 until a new one is fetched."""
        self.valid_tokens.clear()

    async def _custom_send(self, request: web.Request) -> web.Response:
        if request.query.get("access_token", "") not in self.valid_tokens:
            return web.json_response({"errcode": 40001, "errmsg": "invalid credential"})
        self.sent.append(await request.json())
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    def texts_to(self, openid: str, timeout: float = 30.0, at_least: int = 1) -> list[str]:
        """The service messages sent to one user, waiting until at least `at_least` arrived."""
        deadline = time.monotonic() + timeout
        while True:
            found = [m["text"]["content"] for m in self.sent if m.get("touser") == openid and m.get("msgtype") == "text"]
            if len(found) >= at_least or time.monotonic() > deadline:
                return found
            time.sleep(0.1)


class WeChatServer:
    """Calls our /wechat endpoint the way WeChat's server does."""

    _ids = itertools.count(int(time.time() * 1000))

    def __init__(self, url: str, crypto: WeChatCrypto | None = None) -> None:
        self.url = url
        self.crypto = crypto

    # -- messages, as WeChat writes them ------------------------------------------------------
    @staticmethod
    def text(openid: str, content: str, msg_id: int | None = None) -> str:
        return _xml(openid, "text", f"<Content><![CDATA[{content}]]></Content>", msg_id)

    @staticmethod
    def voice(openid: str, recognition: str, msg_id: int | None = None) -> str:
        body = ("<MediaId><![CDATA[media-voice-1]]></MediaId><Format><![CDATA[amr]]></Format>"
                f"<Recognition><![CDATA[{recognition}]]></Recognition>")
        return _xml(openid, "voice", body, msg_id)

    @staticmethod
    def image(openid: str) -> str:
        return _xml(openid, "image", "<PicUrl><![CDATA[http://example.invalid/a.jpg]]></PicUrl>"
                                     "<MediaId><![CDATA[media-image-1]]></MediaId>", None)

    @staticmethod
    def location(openid: str, label: str) -> str:
        return _xml(openid, "location", "<Location_X>31.58</Location_X><Location_Y>121.27</Location_Y>"
                                        f"<Scale>15</Scale><Label><![CDATA[{label}]]></Label>", None)

    @staticmethod
    def event(openid: str, event: str, create_time: int | None = None) -> str:
        return (f"<xml><ToUserName><![CDATA[{OFFICIAL_ACCOUNT}]]></ToUserName>"
                f"<FromUserName><![CDATA[{openid}]]></FromUserName><CreateTime>{create_time or int(time.time())}</CreateTime>"
                f"<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{event}]]></Event></xml>")

    # -- delivery --------------------------------------------------------------------------------
    def query(self, body: str | None = None, echostr: str | None = None, token: str = TOKEN,
              timestamp: int | None = None) -> dict:
        timestamp, nonce = str(timestamp or int(time.time())), f"n{next(self._ids)}"
        envelope = None
        if self.crypto is not None and body is not None:  # the query repeats the envelope's time and nonce
            envelope = xmltodict.parse(body)["xml"]
            timestamp, nonce = envelope["TimeStamp"], envelope["Nonce"]
        signer = WeChatSigner()
        signer.add_data(token, timestamp, nonce)
        params = {"signature": signer.signature, "timestamp": timestamp, "nonce": nonce}
        if echostr is not None:
            params["echostr"] = echostr
        if envelope is not None:
            params["encrypt_type"] = "aes"
            params["msg_signature"] = envelope["MsgSignature"]
        return params

    def seal(self, xml: str) -> str:
        """The body WeChat posts: the XML itself, or in safe mode the XML encrypted and signed."""
        if self.crypto is None:
            return xml
        return self.crypto.encrypt_message(xml, f"n{next(self._ids)}", str(int(time.time())))

    def post(self, body: str, params: dict | None = None, timeout: float = 30) -> tuple[int, str]:
        params = params if params is not None else self.query(body)
        request = urllib.request.Request(f"{self.url}?{urllib.parse.urlencode(params)}", data=body.encode("utf-8"),
                                         headers={"Content-Type": "text/xml"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def send(self, xml: str) -> tuple[int, str]:
        """Deliver one message; the reply's text when it is a passive reply, else its raw body."""
        sealed = self.seal(xml)
        status, body = self.post(sealed)
        return status, self.reply_text(body)

    def reply_text(self, body: str) -> str:
        if not body.startswith("<xml>"):
            return body
        if self.crypto is not None:
            envelope = xmltodict.parse(body)["xml"]
            body = self.crypto.decrypt_message(body, envelope["MsgSignature"], envelope["TimeStamp"], envelope["Nonce"])
        return parse_message(body).content

    def say(self, openid: str, content: str) -> str:
        status, text = self.send(self.text(openid, content))
        assert status == 200, (status, text)
        return text


def _xml(openid: str, kind: str, body: str, msg_id: int | None) -> str:
    return (f"<xml><ToUserName><![CDATA[{OFFICIAL_ACCOUNT}]]></ToUserName>"
            f"<FromUserName><![CDATA[{openid}]]></FromUserName><CreateTime>{int(time.time())}</CreateTime>"
            f"<MsgType><![CDATA[{kind}]]></MsgType>{body}<MsgId>{msg_id or next(WeChatServer._ids)}</MsgId></xml>")
