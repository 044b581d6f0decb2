"""Bad input at volume through the public gateway, with the real Rasa and action servers behind it.

Every operation of /api/openapi.json, the chat endpoint and the WeChat endpoint get inputs made by
Hypothesis from the OpenAPI document and from what residents and WeChat really send, mixed with
wrong types, huge and negative numbers, control characters, NUL, encoded lone surrogates, RTL
marks, emoji, fullwidth digits, 10,000-character strings, missing and extra fields, wrong content
types, broken XML, XML entities and bad signatures. Whatever comes in:

- no response is a 5xx, and none carries a Python stack trace or exception;
- the JSON routes answer an error as JSON with a Chinese message;
- no change is made without a cadre, and nobody reads a resident's words outside their scope;
- the chat answers with a list of messages, WeChat with an XML reply or "success";
- no stack trace appears in the gateway's, Rasa's or the action server's log while we fuzz.

The run is deterministic (derandomize=True, no example database) and bounded: FUZZ_EXAMPLES
(default 150) is the number of chat messages and of WeChat messages that reach the assistant
(~20 a second is what Rasa handles); every API operation gets a third as many examples, each
sent as the public, a cadre by token, a bad token and a cadre's web session (a change also with
and without its CSRF token); the requests refused early get twice as many. Each chat message
and WeChat message comes from a new sender, so no other test's conversation is touched.
Run with -s to see how many requests of each kind were sent and how they were answered.
"""

from __future__ import annotations

import hashlib
import http.cookiejar
import io
import itertools
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes

import pytest
import requests
import xmltodict
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.catalog.db import Catalog
from bot.catalog.models import NeedRow
from bot.config import PROJECT_ROOT, load_settings
from bot.needs.service import NeedDraft, file_need
from bot.places.loader import load_gazetteer
from bot.reads.open311 import service_code
from bot.vocab import status as need_status
from bot.vocab.categories import categories, category_names
from bot.vocab.resources import resource_types
from bot.web.api import OPENAPI
from bot.web.app import MAX_BODY
from tests.e2e import wechat

pytestmark = pytest.mark.e2e

EXAMPLES = max(1, int(os.environ.get("FUZZ_EXAMPLES", "150")))
API_EXAMPLES = max(1, EXAMPLES // 3)
REFUSED_EXAMPLES = 2 * EXAMPLES


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        derandomize=True,  # the same inputs on every run: the e2e tier must not flake
        database=None,  # no .hypothesis/ example database written into the repository
        deadline=None,  # a request's time is the servers', not a property of the input
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
                               HealthCheck.filter_too_much],
        print_blob=False,
    )


# -- what a response must never show ------------------------------------------------------------
LEAK_MARKERS = ("Traceback", 'File "/', "site-packages", "sqlalchemy", "psycopg", "sqlite3.")
EXCEPTION_NAME = re.compile(r"\b[A-Z][A-Za-z]*(?:Error|Exception)\b")
CJK = re.compile(r"[\u4e00-\u9fff]")
APOLOGY = "助手出了点问题"  # what the WeChat channel says when it caught an exception: a masked 500
SEED_WORDS = "模糊测试样例甲"  # a resident's words on the need inside the cadre's town
OTHER_WORDS = "模糊测试样例乙"  # a resident's words on a need outside it


def leaks(body: str, sent: str) -> list[str]:
    """Signs of a Python stack trace or exception in a response, other than what the request itself said."""
    found = [m for m in LEAK_MARKERS if m.lower() in body.lower() and m.lower() not in sent.lower()]
    found += [m for m in set(EXCEPTION_NAME.findall(body)) if m not in sent]
    return found


@dataclass
class Reply:
    status: int
    headers: requests.structures.CaseInsensitiveDict
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")

    def json(self):
        return json.loads(self.body)


@dataclass
class Sent:
    """One request as sent, short enough to read back as its reproduction."""

    method: str
    target: str
    headers: dict
    body: bytes | None

    @property
    def text(self) -> str:
        """Everything the request said, decoded: what a response may repeat without leaking anything."""
        parts = [unquote_to_bytes(self.target).decode("utf-8", "replace")]
        parts += [v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for v in self.headers.values()]
        parts.append((self.body or b"").decode("utf-8", "replace"))
        parts.append((self.body or b"").decode("utf-16", "replace") if self.body else "")
        try:
            parts.append(json.dumps(json.loads(self.body or b"null"), ensure_ascii=False))
        except (ValueError, RecursionError):
            pass
        return "\n".join(parts)

    def __str__(self) -> str:
        body = self.body if self.body is None or len(self.body) <= 300 else self.body[:300] + b"..."
        target = self.target if len(self.target) <= 300 else self.target[:300] + "..."
        return f"{self.method} {target} headers={self.headers!r} body={body!r}"


@dataclass
class Gateway:
    """The gateway as a client sees it: every request counted, no cookie kept between requests."""

    url: str
    counts: Counter = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.http = requests.Session()
        self.http.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))

    def send(self, kind: str, method: str, target: str, body: bytes | None = None,
             headers: dict | None = None, timeout: float = 30) -> tuple[Sent, Reply]:
        sent = Sent(method, target, dict(headers or {}), body)
        if body and len(body) > 64 * 1024 and "Connection" not in sent.headers:
            # aiohttp 3.9 answers such a body unread (413, 404, 401) and may then leave the kept-alive
            # connection hanging for the next request (see the report): a new connection after it.
            sent.headers["Connection"] = "close"
        started = time.monotonic()
        response = self.http.request(method, self.url + target, data=body, headers=sent.headers, timeout=timeout,
                                     allow_redirects=False)
        reply = Reply(response.status_code, response.headers, response.content, time.monotonic() - started)
        self.counts[kind] += 1
        self.counts[f"{kind} → {reply.status}"] += 1
        return sent, reply


def parser_refusal(reply: Reply) -> bool:
    """aiohttp's HTTP parser refusing a request (a request line over 8190 bytes, a control character in
    a header) before any handler runs: plain text, not the app's JSON."""
    return reply.status == 400 and reply.content_type.startswith("text/plain") and "Content-Security-Policy" \
        not in reply.headers


def check_reply(sent: Sent, reply: Reply, json_route: bool) -> None:
    """No 5xx, no stack trace; a JSON route's error is JSON with a Chinese message."""
    where = f"{sent}\n→ {reply.status} {reply.content_type} {reply.text[:500]!r}"
    assert reply.status < 500, where
    leaked = leaks(reply.text, sent.text)
    if not leaked and reply.content_type.startswith("application/json"):
        try:
            leaked = leaks(json.dumps(reply.json(), ensure_ascii=False), sent.text)
        except ValueError:
            pass
    assert not leaked, f"{leaked} in {where}"
    if json_route and reply.status >= 400 and not parser_refusal(reply) and sent.method != "HEAD":
        assert reply.content_type.startswith("application/json"), where
        assert chinese_error(reply.json()), where


def chinese_error(payload) -> bool:
    """{"error": "中文"}, or Open311's [{"code": …, "description": "中文"}]."""
    if isinstance(payload, dict):
        return isinstance(payload.get("error"), str) and bool(CJK.search(payload["error"]))
    return isinstance(payload, list) and bool(payload) and all(
        isinstance(e, dict) and isinstance(e.get("description"), str) and CJK.search(e["description"]) for e in payload)


# -- the fixtures: one gateway client, a cadre with a token and a session, two needs ---------------
@dataclass
class Cadre:
    token: str
    session: str  # the signed tc_session cookie value
    csrf: str  # the tc_csrf cookie value the session's forms carry


@dataclass
class Seeds:
    inside: str  # tracking id of a need in 城厢镇, the cadre's town
    outside: str  # tracking id of a need in 沙溪镇


@pytest.fixture(scope="module")
def fuzz(gateway) -> Gateway:
    return Gateway(gateway)


def cadre_command(roster: Path, database: str, *args: str, stdin: str = "") -> str:
    env = {**os.environ, "ROSTER_FILE": str(roster), "DATABASE_URL": database}
    done = subprocess.run([sys.executable, "-m", "bot", "cadre", *args], input=stdin, cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def cadre(gateway, e2e_roster, e2e_database) -> Cadre:
    """C001 (王芳, 城厢镇) with a new API token and a web session, as an administrator and she would."""
    password = "模糊测试-密码-2026"
    cadre_command(e2e_roster, e2e_database, "passwd", "C001", stdin=password + "\n")
    token = cadre_command(e2e_roster, e2e_database, "token", "C001").strip().splitlines()[-1]
    page = requests.get(f"{gateway}/login", timeout=10)
    csrf = page.cookies["tc_csrf"]
    login = requests.post(f"{gateway}/login", data={"csrf": csrf, "cadre_id": "C001", "password": password},
                          cookies={"tc_csrf": csrf}, headers={"Accept": "application/json"}, timeout=30,
                          allow_redirects=False)
    assert login.status_code == 200, login.text
    return Cadre(token=token, session=login.cookies["tc_session"], csrf=csrf)


@pytest.fixture(scope="module")
def seeds(e2e_database) -> Seeds:
    """Two needs only this test touches, in communities no other test reports from."""
    catalog = Catalog(e2e_database)
    try:
        inside = file_need(catalog, NeedDraft("新毛社区居委会", f"{SEED_WORDS}：小区门口的公共座椅松动了",
                                              "基础设施提升", "盼", None, "fuzz-seed-inside", "fuzz-seed-inside"))
        outside = file_need(catalog, NeedDraft("香塘村委会", f"{OTHER_WORDS}：村口的宣传栏玻璃碎了",
                                               "基础设施提升", "盼", None, "fuzz-seed-outside", "fuzz-seed-outside"))
    finally:
        catalog.dispose()
    return Seeds(inside.tracking_id, outside.tracking_id)


def need_state(database: str, tracking_id: str) -> tuple[str, int]:
    catalog = Catalog(database)
    try:
        with catalog.unit_of_work() as session:
            need = session.execute(select(NeedRow).where(NeedRow.tracking_id == tracking_id)).scalar_one()
            return need.status, len(need.updates)
    finally:
        catalog.dispose()


@pytest.fixture
def quiet_logs(tmp_path_factory):
    """Fails the test when the gateway, Rasa or the action server logged a stack trace while it ran:
    a response can hide an exception (WeChat's "助手出了点问题", Rasa's empty answer)."""
    base = tmp_path_factory.getbasetemp()
    logs = [*base.glob("gateway*/web.log"), *base.glob("logs*/*.log"), *base.glob("prod*/log/*.log")]
    sizes = {path: path.stat().st_size for path in logs}
    yield
    traces = []
    for path, size in sizes.items():
        with open(path, "rb") as log:
            log.seek(size)
            new = log.read().decode("utf-8", "replace")
        starts = [m.start() for m in re.finditer(r"Traceback \(most recent call last\)|\"exc_type\"", new)]
        for start, end in zip(starts, [*starts[1:], len(new)][:len(starts)], strict=True):
            trace = new[start:end]
            if "aiohttp.http_exceptions." in trace:  # aiohttp's parser refusing a request line or header: logged
                continue  # by aiohttp itself with its trace (see the report), answered 400 without it
            traces.append(f"{path.name}: {new[max(0, start - 300):start + 1500]}")
    assert not traces, "stack traces logged while fuzzing:\n\n" + "\n\n".join(traces[:3])


# -- the strings a fuzzer tries everywhere ---------------------------------------------------------
ODD = [
    "", " ", "\x00", "a\x00b", "\x01\x02\x1f\x7f", "\t\r\n", "\u202e反转\u202c", "\u200f\u200e\u061c", "\u200b\u200d",
    "\ufeff", "\ufffd", "\uffff", "\U0010ffff", "😀", "👨‍👩‍👧‍👦", "🇨🇳", "１２３４", "ＸＱ０００００１", "٣", "²", "Ⅻ", "〇",
    "\ud800", "\udfff", "a\udc80b", "e\u0301", "İ", "ß", "ﬀ", "%", "%00", "%ED%A0%80", "%25", "+", "&", "=", "#", "?",
    "/", "..", "../../etc/passwd", "\\", "'", '"', "`", "<script>alert(1)</script>", "' OR 1=1 --", "${jndi:x}",
    "{{7*7}}", "null", "None", "true", "[]", "{}", "NaN", "Infinity", "-1", "0", "-0", "1e309", "99999999999999999999",
    "0x10", "城厢", "城厢镇", "浏河镇新塘村", "新塘", "南园社区", "全市", "Ｃ００１", "XQ000001", "xq000001",
]
CHINESE = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=30)
LONG = st.sampled_from(["啊", "a", "😀", "\u202e", "１", "%", "\x00"]).flatmap(
    lambda c: st.sampled_from([c * 501, c * 2001, c * 10_000]))
NASTY = st.one_of(
    st.sampled_from(ODD),
    st.text(max_size=40),  # any code point but lone surrogates (those are in ODD)
    CHINESE,
    LONG,
    st.lists(st.one_of(st.sampled_from(ODD), CHINESE), min_size=2, max_size=4).map("".join),
)
NUMBERS = st.one_of(
    st.integers(min_value=-10**7, max_value=10**7).map(str),
    st.integers(min_value=10**6, max_value=10**40).map(str),
    st.sampled_from(["0", "-1", "1", "200", "201", "999999", "1000000", "1e3", "1.5", "0x10", "+1", " 1", "1 ",
                     "01", "１２", "٣", "²", "NaN", "-0", "", "1,2"]),
)
DATES = st.one_of(
    st.dates().map(date.isoformat),
    st.datetimes().map(datetime.isoformat),
    st.sampled_from(["2026-02-30", "2026-13-01", "0000-00-00", "２０２６-０１-０１", "2026-1-1", "20260101",
                     "2026-01-01T00:00:00Z", "2026-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00",
                     "0001-01-01T00:00:00+14:00", "-2026-01-01", "+10000-01-01", "2026-W01", "2026/01/01",
                     "2026-01-01 00:00", "2026-01-01T25:00", "today"]),
)


def _vocabulary() -> dict[str, list[str]]:
    """Values each parameter really takes, so generated requests get past validation into the catalog."""
    gazetteer = load_gazetteer(load_settings().places_csv)
    towns = [t.name for t in gazetteer.towns]
    communities = [c for t in towns for c in gazetteer.communities_in(t)[:3]]
    codes = [service_code(c.name) for c in categories()]
    return {
        "town": towns + ["城厢", "浏河", "开发区", " 沙溪镇 ", "太仓"],
        "community": [c.common_name for c in communities] + [c.name for c in communities[:4]] + ["新塘", "刘河镇新塘村"],
        "category": list(category_names()) + [t.name for t in resource_types()],
        "status": list(need_status.STATUS_LABELS) + ["open", "active", "withdrawn", "closed", "open,closed"],
        "q": ["XQ000001", "xq000002", "路灯", "ＸＱ０００００１", "%", "_"],
        "service_code": codes + [",".join(codes[:3])],
        "kind": ["needs", "projects", "resources"],
        "id": ["{inside}", "{inside_lower}", "{outside}", "XQ999999", "XQ000000", "XQ", "XQ0000011", " {inside} "],
    }


VOCABULARY = _vocabulary()


def value_for(parameter: dict) -> st.SearchStrategy[str]:
    """A value for one OpenAPI parameter: from its schema, from real vocabulary, or nasty."""
    schema, name = parameter.get("schema", {}), parameter["name"]
    choices = [NASTY]
    if "enum" in schema:
        choices.append(st.sampled_from(schema["enum"]))
    if schema.get("format") == "date" or name.endswith("date") or name in ("from", "to", "as_of"):
        choices.append(DATES)
    if schema.get("type") == "integer" or name in ("page", "size", "page_size"):
        choices.append(NUMBERS)
    if name in VOCABULARY:
        choices.append(st.sampled_from(VOCABULARY[name]))
    return st.one_of(*choices)


def encode(value: str) -> str:
    """Percent-encoded UTF-8; a lone surrogate goes out as its (invalid) three bytes."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


# -- JSON bodies, from a schema and wrong on purpose -----------------------------------------------
JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**40, max_value=10**40),
                         st.floats(), NASTY)
JSON_ANY = st.recursive(JSON_SCALARS, lambda kids: st.lists(kids, max_size=3) | st.dictionaries(NASTY, kids, max_size=3),
                        max_leaves=6)


def conforming(schema: dict) -> st.SearchStrategy:
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "object":
        properties, required = schema.get("properties", {}), set(schema.get("required", []))
        return st.fixed_dictionaries({k: conforming(v) for k, v in properties.items() if k in required},
                                     optional={k: conforming(v) for k, v in properties.items() if k not in required})
    if kind == "string":
        limit = schema.get("maxLength", 10_000)
        return st.one_of(NASTY, CHINESE, st.text(max_size=limit)).filter(lambda s: len(s) <= limit)
    if kind == "integer":
        return st.integers(min_value=schema.get("minimum"), max_value=schema.get("maximum"))
    if kind == "array":
        return st.lists(conforming(schema.get("items", {})), max_size=3)
    if kind == "boolean":
        return st.booleans()
    return JSON_ANY


@st.composite
def json_value(draw, schema: dict):
    """A body from the schema, or one with a wrong type, a missing or extra field, or another shape."""
    value = draw(conforming(schema))
    how = draw(st.sampled_from(["valid", "valid", "wrong type", "missing", "extra", "other shape"]))
    if how == "other shape" or not isinstance(value, dict):
        return draw(JSON_ANY) if how == "other shape" else value
    if how == "wrong type":
        key = draw(st.sampled_from(sorted(schema.get("properties", {})) or ["x"]))
        value[key] = draw(JSON_ANY)
    elif how == "missing" and value:
        value.pop(draw(st.sampled_from(sorted(value))))
    elif how == "extra":
        value.update(draw(st.dictionaries(st.one_of(NASTY, st.sampled_from(["sender", "status", "id", "__proto__"])),
                                          JSON_ANY, min_size=1, max_size=3)))
    return value


RAW_BODIES = [b"", b"{", b"}", b"null", b"[]", b'"message"', b"\xff\xfe\x00", b"\xed\xa0\x80", b"[" * 100_000,
              b'{"a":' * 20_000, b"status=done&note=x", b"<xml><a>1</a></xml>", b"\x00" * 64,
              b'{"message": "x", "message": 1}', b'{"status": "done"} trailing']
CONTENT_TYPES = ["application/json", "application/json; charset=utf-8", "application/json; charset=nonexistent",
                 "application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded",
                 "multipart/form-data", "multipart/form-data; boundary=zz", "application/xml", None]


@st.composite
def encoded_body(draw, value) -> tuple[bytes, str | None]:
    """A JSON value as bytes on the wire, honestly or not, with a content type that may lie."""
    how = draw(st.sampled_from(["json", "json", "raw utf-8", "utf-16", "bom", "garbage", "oversized"]))
    if how == "json":
        body = json.dumps(value).encode("ascii")  # lone surrogates travel as \ud800 escapes
    elif how == "raw utf-8":
        body = json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
    elif how == "utf-16":
        body = json.dumps(value).encode("utf-16")
    elif how == "bom":
        body = b"\xef\xbb\xbf" + json.dumps(value).encode("ascii")
    elif how == "garbage":
        body = draw(st.one_of(st.sampled_from(RAW_BODIES), st.binary(max_size=200)))
    else:
        body = json.dumps({"message": "啊" * 30_000, "status": "done", "note": "啊" * 30_000}).encode("utf-8")
    content_type = draw(st.sampled_from(CONTENT_TYPES[:1] * 4 + CONTENT_TYPES))
    if content_type and "charset=utf-16" in content_type and how == "json":
        body = json.dumps(value).encode("utf-16")
    return body, content_type


# -- 1. every operation of the OpenAPI document ----------------------------------------------------
API_OPERATIONS = [(path, method) for path, item in OPENAPI["paths"].items() for method in item
                  if not path.startswith("/chat/")]  # the chat gets its own budget below: it reaches Rasa
BAD_TOKENS = st.one_of(
    st.sampled_from([b"Bearer tc_wrong", b"Bearer", b"Bearer ", b"bearer tc_", b"Basic dXNlcjpwYXNz", b"Token abc",
                     "Bearer 令牌".encode(), b"Bearer \xff\xfe", b"Bearer " + b"a" * 5000, b"Bearer {token}x",
                     b"Bearer tc_{token}", b"Bearer \xed\xa0\x80", b"{token}", b"Bearer %00"]),
    st.text(st.characters(min_codepoint=0x20, exclude_characters="\x7f"), max_size=40)
    .map(lambda s: ("Bearer " + s).encode("utf-8")),
)
BAD_CSRF = st.one_of(st.sampled_from([b"", b"x", "中文".encode(), b"\xff", b"{csrf}x", b"%00", b"a" * 5000]),
                     st.text(st.characters(min_codepoint=0x21, exclude_characters="\x7f"), min_size=1, max_size=30)
                     .map(lambda s: s.encode("utf-8")))


@dataclass
class ApiRequest:
    method: str
    target: str
    body: bytes | None
    content_type: str | None
    bad_token: bytes
    bad_csrf: bytes


@st.composite
def api_request(draw, path: str, method: str, operation: dict) -> ApiRequest:
    parameters = operation.get("parameters", [])
    target = path
    for parameter in (p for p in parameters if p["in"] == "path"):
        target = target.replace("{" + parameter["name"] + "}", encode(draw(value_for(parameter))))
    query = [(p["name"], draw(value_for(p))) for p in parameters if p["in"] == "query" and draw(st.booleans())]
    query += draw(st.lists(st.tuples(st.one_of(NASTY, st.sampled_from([p["name"] for p in parameters] or ["x"])),
                                     NASTY), max_size=2))  # unknown parameters, and known ones twice
    query = draw(st.permutations(query))
    if query:
        target += "?" + "&".join(f"{encode(k)}={encode(v)}" for k, v in query)
    body = content_type = None
    if "requestBody" in operation:
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        body, content_type = draw(encoded_body(draw(json_value(schema))))
    return ApiRequest(method.upper(), target, body, content_type, draw(BAD_TOKENS), draw(BAD_CSRF))


def readers(request: ApiRequest, cadre: Cadre) -> list[tuple[str, dict]]:
    """The same request as the public, a cadre by token, a bad token and a cadre's web session; a change
    by session also with the right CSRF token and with a wrong one."""
    session = f"tc_session={cadre.session}; tc_csrf={cadre.csrf}"
    variants = [
        ("anonymous", {}),
        ("token", {"Authorization": f"Bearer {cadre.token}"}),
        ("bad token", {"Authorization": request.bad_token.replace(b"{token}", cadre.token.encode())}),
        ("session", {"Cookie": session}),
    ]
    if request.method == "POST":
        bad_csrf = request.bad_csrf.replace(b"{csrf}", cadre.csrf.encode())
        variants += [("session+csrf", {"Cookie": session, "X-CSRF-Token": cadre.csrf}),
                     ("session+bad csrf", {"Cookie": session, "X-CSRF-Token": bad_csrf}),
                     ("forged session", {"Cookie": f"tc_session=forged.{cadre.session[-8:]}; tc_csrf=x",
                                         "X-CSRF-Token": "x"})]
    return variants


def test_the_openapi_document_served_is_the_one_fuzzed(fuzz):
    sent, reply = fuzz.send("api", "GET", "/api/openapi.json")
    assert reply.status == 200
    assert reply.json() == json.loads(json.dumps(OPENAPI))


@pytest.mark.parametrize("path,method", API_OPERATIONS, ids=[f"{m.upper()} {p}" for p, m in API_OPERATIONS])
def test_every_api_operation_survives_bad_input(fuzz, cadre, seeds, e2e_database, quiet_logs, path, method):
    operation = OPENAPI["paths"][path][method]
    outside_before = need_state(e2e_database, seeds.outside)
    ids = {"{inside}": seeds.inside, "{inside_lower}": seeds.inside.lower(), "{outside}": seeds.outside}

    @fuzz_settings(API_EXAMPLES)
    @given(request=api_request(path, method, operation))
    def run(request: ApiRequest) -> None:
        target = request.target
        for placeholder, value in ids.items():
            target = target.replace(encode(placeholder), encode(value))
        for reader, headers in readers(request, cadre):
            headers = dict(headers)
            if request.content_type:
                headers["Content-Type"] = request.content_type
            sent, reply = fuzz.send(f"api {method.upper()} {path}", request.method, target, request.body, headers)
            check_reply(sent, reply, json_route=True)
            public = reader in ("anonymous", "bad token", "forged session")
            if request.method == "POST" and reader not in ("token", "session+csrf"):
                assert reply.status >= 400, f"a change without a cadre's credentials was made: {sent} → {reply.status}"
            if reply.status == 200 and reply.content_type.startswith("application/json"):
                payload = reply.json()
                if public:
                    assert not (isinstance(payload, dict) and payload.get("personal")), sent
                    assert SEED_WORDS not in reply.text, f"the public read a resident's words: {sent}"
                assert OTHER_WORDS not in reply.text, f"a resident's words outside the reader's scope: {sent}"
            if reply.status == 200 and path.endswith(".xlsx"):
                with zipfile.ZipFile(io.BytesIO(reply.body)) as workbook:  # a real workbook, within scope
                    assert OTHER_WORDS not in "".join(workbook.read(n).decode("utf-8", "replace")
                                                      for n in workbook.namelist() if n.endswith(".xml"))

    run()
    assert need_state(e2e_database, seeds.outside) == outside_before, "a need outside the cadre's town was changed"


# -- the cadres' login form: not in the OpenAPI document, but a public form route --------------------
FORM_FIELDS = st.dictionaries(st.one_of(st.sampled_from(["csrf", "cadre_id", "password"]), NASTY), NASTY, max_size=4)


@st.composite
def form_request(draw) -> tuple[str, bytes, str | None, str]:
    path = draw(st.sampled_from(["/login", "/logout"]))
    fields = draw(FORM_FIELDS)
    if draw(st.booleans()):
        fields["csrf"] = draw(st.one_of(NASTY, st.sampled_from(["中文", "\xff", "fuzz-csrf-"])))
    if fields.get("csrf") == "fuzz-csrf":  # never a matching pair: failed logins would lock 127.0.0.1 out
        fields["csrf"] += "!"
    how = draw(st.sampled_from(["form", "form", "multipart", "raw"]))
    if how == "form":
        body = "&".join(f"{encode(k)}={encode(v)}" for k, v in fields.items()).encode("ascii")
        content_type = draw(st.sampled_from(["application/x-www-form-urlencoded",
                                             "application/x-www-form-urlencoded; charset=nonexistent", None]))
    elif how == "multipart":
        parts = b"".join(b'--zz\r\nContent-Disposition: form-data; name="' + k.encode("utf-8", "surrogatepass")
                         + b'"\r\n\r\n' + v.encode("utf-8", "surrogatepass") + b"\r\n" for k, v in fields.items())
        body = parts + b"--zz--\r\n"
        content_type = draw(st.sampled_from(["multipart/form-data; boundary=zz", "multipart/form-data",
                                             "multipart/form-data; boundary=other"]))
    else:
        body, content_type = draw(encoded_body(fields))
    accept = draw(st.sampled_from(["application/json", "text/html", "*/*"]))
    return path, body, content_type, accept


def test_the_login_form_survives_bad_input(fuzz, quiet_logs):
    @fuzz_settings(EXAMPLES)
    @given(request=form_request())
    def run(request) -> None:
        path, body, content_type, accept = request
        headers = {"Accept": accept, "Cookie": "tc_csrf=fuzz-csrf; tc_session=forged.0123"}
        if content_type:
            headers["Content-Type"] = content_type
        sent, reply = fuzz.send(f"form {path}", "POST", path, body, headers)
        check_reply(sent, reply, json_route=accept != "text/html")
        assert reply.status in (400, 403, 413), f"{sent} → {reply.status}"  # the CSRF check is never passed

    run()


# -- 2. the chat --------------------------------------------------------------------------------------
PLACES = ["浏河镇新塘村", "城厢镇", "沙溪镇庄西村", "璜泾镇", "双凤镇", "浮桥镇", "科教新城", "经济开发区", "太仓", "新塘", "我们村",
          "我们小区", "东林村", "半泾村"]
PROBLEMS = ["路灯坏了", "垃圾没人清", "楼道里堆满了杂物", "下水道堵了", "井盖丢了", "门口积水很深", "健身器材坏了", "广场舞太吵",
            "独居老人没人照顾", "流浪狗咬人", "电梯老是停", "停车位不够", "河里有死鱼", "违章搭建"]
TAILS = ["", "，很急", "！！", "，麻烦尽快处理", "😭", "？", "……", " 谢谢", "。电话13800138000", "，已经一个礼拜了"]
OPENERS = ["", "你好，", "我是", "请问", "喂 ", "您好 我住", "帮我反映一下，"]
OTHER_SAYINGS = ["我们镇有几个试点社区", "XQ000123进度怎么样", "我想当志愿者", "请工作人员联系我", "查询进度", "1", "确认",
                 "不留", "取消", "chengxiang zhen ludeng huai le", "the streetlight is broken", "你是机器人吗", "？？？",
                 "我上次反映的那个怎么样了", "2022年底城厢镇覆盖率达标没有"]
TYPOS = {"浏河": "刘河", "璜泾": "黄泾", "城厢": "城相", "垃圾": "拉圾", "路灯": "路等", "坏了": "怀了", "社区": "社曲",
         "沙溪": "沙西", "积水": "急水", "进度": "近度", "志愿者": "自愿者"}
HALF_TO_FULL = str.maketrans("0123456789,!?", "０１２３４５６７８９，！？")


@st.composite
def resident_text(draw) -> str:
    """What residents type: places, problems, other questions, with typos, odd spacing and punctuation."""
    if draw(st.integers(0, 3)) == 0:
        text = draw(st.sampled_from(OTHER_SAYINGS))
    else:
        text = (draw(st.sampled_from(OPENERS)) + draw(st.sampled_from(PLACES)) + draw(st.sampled_from(["", "的", " "]))
                + draw(st.sampled_from(PROBLEMS)) + draw(st.sampled_from(TAILS)))
    for right in draw(st.lists(st.sampled_from(sorted(TYPOS)), max_size=3, unique=True)):
        text = text.replace(right, TYPOS[right])
    if text and draw(st.booleans()):  # a character dropped or doubled, as thumbs do
        at = draw(st.integers(0, len(text) - 1))
        text = text[:at] + (text[at] * 2 if draw(st.booleans()) else "") + text[at + 1:]
    if draw(st.booleans()):
        text = text.translate(HALF_TO_FULL)
    if draw(st.booleans()):
        text = draw(st.sampled_from(["", " ", "\u3000", "\n", "\u202e", "😀"])) + text + draw(
            st.sampled_from(["", " ", "\n\n", "\u200b", "👍", "\x00"]))
    return text


def has_surrogate(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


CHAT_TEXT = st.one_of(resident_text(), resident_text(), NASTY).filter(lambda t: len(t) <= 2000 and not has_surrogate(t))
CHAT_EXTRAS = st.dictionaries(st.sampled_from(["sender", "metadata", "cadre", "Message", "message2"]),
                              st.one_of(st.just("e2e-cadre-chengxiang"), JSON_ANY), max_size=2)
FORGED_COOKIES = st.one_of(
    st.none(),
    st.sampled_from(["tc_resident=web-0123456789abcdef01234567.00000000000000000000000000000000",
                     "tc_resident=e2e-cadre-chengxiang.0123", "tc_resident=", "tc_resident=.", "tc_resident=web-x",
                     "tc_session=forged.0123", "tc_resident=%E4%B8%AD.abc", "tc_resident=" + "a" * 4000]),
)


def check_answers(sent: Sent, reply: Reply) -> list[dict]:
    """A list of messages, each with its text and at most buttons and a card, as the page shows them."""
    assert reply.status == 200, f"{sent} → {reply.status} {reply.text[:300]}"
    answers = reply.json()
    assert isinstance(answers, list), sent
    for answer in answers:
        assert isinstance(answer, dict) and isinstance(answer.get("text"), str), (sent, answer)
        assert set(answer) <= {"text", "buttons", "card"}, (sent, answer)
        for button in answer.get("buttons", []):
            assert isinstance(button.get("title"), str) and isinstance(button.get("payload"), str), (sent, button)
    return answers


def test_chat_messages_reach_the_assistant_and_get_answers(fuzz, quiet_logs):
    @fuzz_settings(EXAMPLES)
    @given(text=CHAT_TEXT, extras=CHAT_EXTRAS, cookie=FORGED_COOKIES)
    def run(text: str, extras: dict, cookie: str | None) -> None:
        body = json.dumps({**extras, "message": text}).encode("ascii")
        headers = {"Content-Type": "application/json"}
        if cookie:
            headers["Cookie"] = cookie
        sent, reply = fuzz.send("chat reaching Rasa", "POST", "/chat/messages", body, headers)
        check_reply(sent, reply, json_route=True)
        if len(body) > MAX_BODY:  # generated extras can outgrow the body limit: refused kindly, by size
            assert reply.status == 413 and reply.json()["error"] == "内容太长了", sent
            return
        if not text.strip():  # nothing said: refused kindly before the assistant
            assert reply.status == 400 and reply.json()["error"] == "请输入要说的话", sent
            return
        answers = check_answers(sent, reply)
        assert reply.headers.get("Set-Cookie", "").startswith("tc_resident=web-"), sent  # a new resident each time
        if not text.lstrip().startswith("/"):  # "/restart" and other intents typed as text may answer nothing
            assert answers, f"no answer at all: {sent}"

    run()


@st.composite
def refused_chat(draw) -> tuple[str, bytes | None, str | None]:
    """Requests the gateway must refuse before Rasa: wrong shapes, types, encodings, sizes, methods."""
    how = draw(st.sampled_from(["wrong type", "missing", "too long", "shape", "bytes", "content type", "method"]))
    method, content_type = "POST", "application/json"
    if how == "wrong type":
        body = json.dumps({"message": draw(JSON_ANY.filter(lambda v: not isinstance(v, str)))}).encode()
    elif how == "missing":
        body = json.dumps(draw(st.dictionaries(NASTY.filter(lambda k: k != "message"), JSON_ANY, max_size=3))).encode()
    elif how == "too long":
        body = json.dumps({"message": draw(st.sampled_from(["啊", "a", "😀", "\x00"])) * draw(
            st.sampled_from([2001, 5000, 10_000, 40_000]))}).encode()
    elif how == "shape":
        body = json.dumps(draw(JSON_ANY.filter(lambda v: not isinstance(v, dict)))).encode()
    elif how == "bytes":
        body = draw(st.one_of(st.sampled_from(RAW_BODIES), st.binary(max_size=300).filter(_not_a_message)))
    elif how == "content type":
        body = draw(st.sampled_from([b'{"message": "\xe4\xbd\xa0\xe5\xa5\xbd', b"message=hi", b"--zz\r\n\r\n"]))
        content_type = draw(st.sampled_from(CONTENT_TYPES))
    else:
        method = draw(st.sampled_from(["GET", "PUT", "DELETE", "PATCH", "OPTIONS"]))
        body = json.dumps({"message": "你好"}).encode()
    return method, body, content_type


def _not_a_message(raw: bytes) -> bool:
    try:
        return not isinstance(json.loads(raw).get("message"), str)
    except (ValueError, AttributeError, RecursionError):
        return True


def test_chat_requests_that_cannot_be_messages_are_refused_in_chinese(fuzz, quiet_logs):
    @fuzz_settings(REFUSED_EXAMPLES)
    @given(request=refused_chat())
    def run(request) -> None:
        method, body, content_type = request
        headers = {"Content-Type": content_type} if content_type else {}
        sent, reply = fuzz.send("chat refused", method, "/chat/messages", body, headers)
        check_reply(sent, reply, json_route=True)
        assert reply.status in (400, 405, 413), f"{sent} → {reply.status} {reply.text[:200]}"

    run()


def test_an_oversized_chat_body_is_refused(fuzz):
    sent, reply = fuzz.send("chat refused", "POST", "/chat/messages", b'{"message": "' + b"a" * 70_000 + b'"}',
                            {"Content-Type": "application/json"})
    check_reply(sent, reply, json_route=True)
    assert reply.status == 413 and reply.json() == {"error": "内容太长了"}


def test_a_chat_message_with_a_lone_surrogate_gets_an_answer(fuzz):
    sent, reply = fuzz.send("chat reaching Rasa", "POST", "/chat/messages", b'{"message": "\\ud800"}',
                            {"Content-Type": "application/json"})
    check_reply(sent, reply, json_route=True)
    assert reply.status == 400 or check_answers(sent, reply)


# -- 3. WeChat -----------------------------------------------------------------------------------------
OPENIDS = itertools.count(1)
MSG_IDS = itertools.count(8_800_000_000_000_001)  # far from wechat.WeChatServer's ids and any test's own


def signed_query(token: str = wechat.TOKEN, timestamp: str | None = None, nonce: str | None = None) -> dict:
    """signature = sha1 of token, timestamp and nonce sorted and joined, as WeChat signs (and wechatpy checks)."""
    timestamp = timestamp if timestamp is not None else str(int(time.time()))
    nonce = nonce if nonce is not None else f"fuzz{next(MSG_IDS)}"
    parts = sorted(p.encode("utf-8", "surrogatepass") for p in (token, timestamp, nonce))
    return {"signature": hashlib.sha1(b"".join(parts)).hexdigest(), "timestamp": timestamp, "nonce": nonce}


def query_string(params: dict | list) -> str:
    items = params.items() if isinstance(params, dict) else params
    return "&".join(f"{encode(k)}={encode(v)}" for k, v in items)


def xml_safe(text: str) -> str:
    """Only the characters XML 1.0 allows (WeChat never sends others)."""
    return "".join(c for c in text if c in "\t\n" or "\x20" <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd"
                   or c >= "\U00010000")


@st.composite
def xml_text(draw, text: str) -> str:
    """One element's text the ways XML can carry it: CDATA (split where it holds "]]>"), escaped, as
    character references."""
    how = draw(st.sampled_from(["cdata", "cdata", "escaped", "references"]))
    if how == "cdata":
        return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    if how == "escaped":
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join(f"&#x{ord(c):x};" for c in text)


def fresh_openid(suffix: str) -> str:
    return f"oFuzz{next(OPENIDS):05d}{suffix}"


@st.composite
def wechat_message(draw) -> tuple[str, str, str]:
    """A well-formed message from a new follower: text, voice or a location, whose words reach Rasa."""
    openid = fresh_openid(draw(st.sampled_from(["", "-_", "AbC", "中文", "😀"])))
    kind = draw(st.sampled_from(["text", "text", "text", "voice", "location"]))
    words = xml_safe(draw(CHAT_TEXT))
    if kind == "text":
        body = f"<Content>{draw(xml_text(words))}</Content>"
    elif kind == "voice":
        body = (f"<MediaId><![CDATA[media-{next(MSG_IDS)}]]></MediaId><Format><![CDATA[amr]]></Format>"
                f"<Recognition>{draw(xml_text(words or '。'))}</Recognition>")
    else:
        label = draw(st.sampled_from(["江苏省苏州市太仓市", "江苏省苏州市昆山市", "", "上海市"])) + words[:40]
        body = (f"<Location_X>{draw(st.sampled_from(['31.58', '0', '-91', 'abc', '']))}</Location_X>"
                f"<Location_Y>121.27</Location_Y><Scale>15</Scale><Label>{draw(xml_text(label))}</Label>")
    extra = draw(st.sampled_from(["", "<Unknown>1</Unknown>", "<Encrypt><![CDATA[x]]></Encrypt>", "<!-- a comment -->"]))
    space = draw(st.sampled_from(["", "\n", "\n  "]))
    xml = (f"<xml>{space}<ToUserName><![CDATA[{wechat.OFFICIAL_ACCOUNT}]]></ToUserName>{space}"
           f"<FromUserName><![CDATA[{openid}]]></FromUserName><CreateTime>{int(time.time())}</CreateTime>{space}"
           f"<MsgType><![CDATA[{kind}]]></MsgType>{body}{extra}<MsgId>{next(MSG_IDS)}</MsgId>{space}</xml>")
    if draw(st.booleans()):
        xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + xml
    return openid, kind, xml


def check_wechat_answer(sent: Sent, reply: Reply, openid: str | None) -> None:
    """ "success", or a passive text reply to the sender (from the Official Account the message was to)."""
    assert reply.status == 200, f"{sent} → {reply.status} {reply.text[:300]}"
    if reply.text == "success":
        return
    answer = xmltodict.parse(reply.body)["xml"]
    assert answer["MsgType"] == "text", (sent, reply.text)
    if openid is not None:
        assert answer["ToUserName"] == openid and answer["FromUserName"] == wechat.OFFICIAL_ACCOUNT, (sent, reply.text)
    assert answer.get("Content") and APOLOGY not in answer["Content"], f"{sent} → {reply.text[:500]}"


def test_wechat_messages_reach_the_assistant_and_get_replies(fuzz, quiet_logs):
    @fuzz_settings(EXAMPLES)
    @given(message=wechat_message())
    def run(message) -> None:
        openid, kind, xml = message
        sent, reply = fuzz.send(f"wechat {kind} message", "POST", "/wechat?" + query_string(signed_query()),
                                xml.encode("utf-8"), {"Content-Type": "text/xml"})
        check_reply(sent, reply, json_route=False)
        check_wechat_answer(sent, reply, openid)

    run()


BILLION_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "lol">'
                  + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
                  + ']><xml><ToUserName>gh</ToUserName><FromUserName>{openid}</FromUserName><CreateTime>1</CreateTime>'
                    '<MsgType>text</MsgType><Content>&j;</Content><MsgId>{msg_id}</MsgId></xml>')
XXE = ('<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><ToUserName>gh</ToUserName>'
       '<FromUserName>{openid}</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&x;</Content>'
       '<MsgId>{msg_id}</MsgId></xml>')
BROKEN_XML = [
    "", "not xml at all", "<xml>", "<xml><FromUserName>oops", "<xml/>", "<msg><MsgType>text</MsgType></msg>",
    "<xml><MsgType>text</MsgType></xml>", "<xml><FromUserName>{openid}</FromUserName></xml>",
    "<xml><FromUserName>{openid}</FromUserName><MsgType><a>text</a></MsgType></xml>",
    "<xml><FromUserName>{openid}</FromUserName><MsgType>text</MsgType><MsgType>voice</MsgType></xml>",
    "<xml><FromUserName><a>1</a></FromUserName><MsgType>text</MsgType><Content>你好</Content><MsgId>{msg_id}</MsgId></xml>",
    "<xml><FromUserName>{openid}</FromUserName><MsgType>text</MsgType><Content>a</Content><Content>b</Content>"
    "<MsgId>{msg_id}</MsgId></xml>",
    "<xml><FromUserName>{openid}</FromUserName><MsgType>text</MsgType><Content><b>x</b></Content>"
    "<MsgId>{msg_id}</MsgId></xml>",
    "<xml><FromUserName>{openid}</FromUserName><MsgType>voice</MsgType><Recognition><x/></Recognition>"
    "<MsgId>{msg_id}</MsgId></xml>",
    "<xml><FromUserName>{openid}</FromUserName><MsgType>location</MsgType><Label><x>江苏省</x></Label>"
    "<MsgId>{msg_id}</MsgId></xml>",
    "<xml><FromUserName>{openid}</FromUserName><MsgType>text</MsgType><Content>hi</Content><MsgId>12ab</MsgId></xml>",
    "<xml><FromUserName>{openid}</FromUserName><MsgType>event</MsgType><Event>subscribe</Event>"
    "<CreateTime>99999999999999999</CreateTime></xml>",
    "<xml><FromUserName>{openid}</FromUserName><MsgType>event</MsgType><Event>subscribe</Event>"
    "<CreateTime>-99999999999999999999</CreateTime></xml>",
    "<xml><FromUserName>{openid}</FromUserName><MsgType>event</MsgType><Event>subscribe</Event>"
    "<CreateTime>1e5</CreateTime></xml>",
    "<xml><FromUserName>{openid}</FromUserName><MsgType>event</MsgType><Event><x/></Event><CreateTime>1</CreateTime></xml>",
    "<xml><FromUserName>{openid}</FromUserName><MsgType>text</MsgType><Content>\x01\x02</Content></xml>",
    "<xml><FromUserName>{openid}</FromUserName><MsgType>text</MsgType><Content>&#0;&#xD800;</Content></xml>",
    '<?xml version="1.0" encoding="GBK"?><xml><FromUserName>{openid}</FromUserName><MsgType>text</MsgType></xml>',
    BILLION_LAUGHS, XXE,
]
ODD_KINDS = ["image", "video", "shortvideo", "link", "file", "miniprogrampage", "unknown", "TEXT", "", "事件"]
EVENTS = ["subscribe", "unsubscribe", "SCAN", "CLICK", "VIEW", "LOCATION", "TEMPLATESENDJOBFINISH", "scancode_push", "",
          "未知"]
SIGNATURES = ["signed", "signed", "signed", "unsigned", "other token", "stale", "future", "non-numeric time",
              "fullwidth time", "uppercase signature", "repeated", "odd nonce"]


@st.composite
def odd_wechat_request(draw) -> tuple[str, str, bytes | None, str, str]:
    """Returns (kind, method, body, query, signature): what WeChat never sends, or sends rarely."""
    openid = fresh_openid("")
    shape = draw(st.sampled_from(["broken", "broken", "kind", "event", "too long", "bytes", "verify", "method"]))
    method, body = "POST", None
    if shape == "broken":
        body = draw(st.sampled_from(BROKEN_XML)).replace("{openid}", openid).replace("{msg_id}", str(next(MSG_IDS)))
        if draw(st.integers(0, 4)) == 0 and body:
            body = body[:draw(st.integers(0, len(body) - 1))]  # cut off in the middle
        body = body.encode("utf-8")
    elif shape == "kind":
        body = (f"<xml><ToUserName>gh</ToUserName><FromUserName>{openid}</FromUserName><CreateTime>1</CreateTime>"
                f"<MsgType>{draw(st.sampled_from(ODD_KINDS))}</MsgType><PicUrl>http://example.invalid/a.jpg</PicUrl>"
                f"<MsgId>{next(MSG_IDS)}</MsgId></xml>").encode()
    elif shape == "event":
        body = (f"<xml><ToUserName>gh</ToUserName><FromUserName>{openid}</FromUserName>"
                f"<CreateTime>{draw(st.sampled_from([str(int(time.time())), '0', '-1', '１２３', '']))}</CreateTime>"
                f"<MsgType>event</MsgType><Event>{draw(st.sampled_from(EVENTS))}</Event>"
                f"<EventKey>{xml_safe(draw(NASTY))[:100].replace('<', '').replace('&', '')}</EventKey></xml>").encode()
    elif shape == "too long":
        words = draw(st.sampled_from(["路灯坏了", "a", "😀"])) * draw(st.sampled_from([2001, 10_000, 30_000]))
        body = wechat.WeChatServer.text(openid, words, next(MSG_IDS)).encode()
    elif shape == "bytes":
        body = draw(st.one_of(st.binary(max_size=300), st.sampled_from(
            [b"\xff\xfe<\x00x\x00", "<xml>".encode("utf-16"), b"<xml>\xed\xa0\x80</xml>", b"\x00" * 100])))
    elif shape == "verify":
        method = "GET"
    else:
        method = draw(st.sampled_from(["PUT", "DELETE", "PATCH"]))
        body = b"<xml/>"
    signature = draw(st.sampled_from(SIGNATURES))
    query = _odd_query(signature, draw)
    if method == "GET":
        query += "&echostr=" + encode(draw(st.one_of(st.sampled_from(["echo-1", "", "中文"]), NASTY)))
    return shape, method, body, query, signature


def _odd_query(signature: str, draw) -> str:
    now = int(time.time())
    if signature == "signed":
        return query_string(signed_query())
    if signature == "unsigned":
        return draw(st.sampled_from(["", "signature=", "timestamp=1&nonce=1"]))
    if signature == "other token":
        return query_string(signed_query(token="someone-else"))
    if signature == "stale":
        return query_string(signed_query(timestamp=str(now - 3600)))
    if signature == "future":
        return query_string(signed_query(timestamp=str(now + 3600)))
    if signature == "non-numeric time":
        return query_string(signed_query(timestamp=draw(st.sampled_from(["abc", "", "1e9", "NaN", "9" * 400]))))
    if signature == "fullwidth time":
        return query_string(signed_query(timestamp=str(now).translate(HALF_TO_FULL)))
    if signature == "uppercase signature":
        params = signed_query()
        return query_string({**params, "signature": params["signature"].upper()})
    if signature == "repeated":
        return query_string([*signed_query(token="someone-else").items(), *signed_query().items()])
    return query_string(signed_query(nonce=draw(NASTY)))


def test_wechat_requests_wechat_never_sends_are_refused_or_answered_plainly(fuzz, quiet_logs):
    @fuzz_settings(REFUSED_EXAMPLES)
    @given(request=odd_wechat_request())
    def run(request) -> None:
        shape, method, body, query, signature = request
        sent, reply = fuzz.send(f"wechat {shape}", method, "/wechat?" + query, body, {"Content-Type": "text/xml"})
        check_reply(sent, reply, json_route=False)
        assert "root:" not in reply.text, f"a file of the server was read: {sent}"
        # Entity bombs are refused, not expanded (a message that does reach Rasa is answered within 4 s).
        assert reply.seconds < 8, f"took {reply.seconds:.1f} s: {sent}"
        if parser_refusal(reply):
            assert len(sent.target) > 8000, (sent, reply.text)  # a query string over aiohttp's line limit
        elif method not in ("GET", "POST"):
            assert reply.status == 405, (sent, reply.status)
        elif body and len(body) > 64 * 1024:
            assert reply.status == 413, (sent, reply.status)  # read whole before anything else, then refused
        elif signature in ("unsigned", "other token", "stale", "future", "non-numeric time", "uppercase signature"):
            assert reply.status == 403, (sent, reply.status, reply.text[:200])
        elif reply.status == 200 and method == "POST":
            check_wechat_answer(sent, reply, None)
        else:
            assert reply.status in (200, 400, 403, 413), (sent, reply.status, reply.text[:200])

    run()


def test_an_oversized_wechat_body_is_refused(fuzz):
    sent, reply = fuzz.send("wechat refused", "POST", "/wechat?" + query_string(signed_query()),
                            b"<xml>" + b"a" * 70_000 + b"</xml>", {"Content-Type": "text/xml"})
    check_reply(sent, reply, json_route=False)
    assert reply.status == 413


def test_the_http_layer_refuses_what_no_handler_should_see(fuzz):
    """A request line over aiohttp's limit and a control character in a header: refused by the parser."""
    for target, headers in (("/api/needs?q=" + "%E5%95%8A" * 3000, {}),
                            ("/api/me", {"Authorization": b"Bearer \x01\x7f"}),
                            ("/api/me", {"X-Padding": b"a" * 10_000})):
        sent, reply = fuzz.send("http layer", "GET", target, None, headers)
        check_reply(sent, reply, json_route=True)
        assert reply.status in (400, 431), (sent, reply.status)


def test_zz_report_what_was_sent(fuzz, request):
    """Not a check: the number of requests of each kind, shown with -s (and kept on the test's report)."""
    lines = [f"{count:6d}  {kind}" for kind, count in sorted(fuzz.counts.items()) if "→" not in kind]
    statuses = Counter()
    for kind, count in fuzz.counts.items():
        if "→" in kind:
            statuses[kind.split("→")[1].strip()] += count
    server_errors = {k: c for k, c in fuzz.counts.items() if "→ 5" in k}
    total = sum(c for k, c in fuzz.counts.items() if "→" not in k)
    summary = "\n".join(lines) + f"\nstatuses: {dict(sorted(statuses.items()))}\n5xx: {server_errors}\ntotal: {total}"
    request.node.user_properties.append(("fuzz_counts", summary))
    print("\n" + summary)
