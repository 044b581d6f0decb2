"""Settings from environment variables, with their defaults, in one place.

Every variable is documented in README.md. Nothing here opens a connection: the settings are
read when a process starts and handed to whatever needs them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Settings whose names say they are secrets (secret_key, metrics_token, app_secret, REDIS_PASSWORD…)
# are masked wherever settings are shown; a *_url keeps everything but its password.
_SECRET_NAME = re.compile(r"(^|_)(key|token|secret|password)$", re.IGNORECASE)
MASK = "***"


def masked_repr(settings) -> str:
    """A settings dataclass as repr shows it, secrets masked: repr and str end up in logs and tracebacks."""
    shown = ", ".join(f"{item.name}={_masked(item.name, getattr(settings, item.name))!r}" for item in fields(settings))
    return f"{type(settings).__name__}({shown})"


def _masked(name: str, value):
    if isinstance(value, dict):  # environment variables handed on to children
        return {key: _masked(key, item) for key, item in value.items()}
    if value and _SECRET_NAME.search(name):
        return MASK
    if isinstance(value, str) and name.lower().endswith("_url"):
        return url_without_password(value)
    return value


def url_without_password(url: str) -> str:
    """postgresql://taicang:s3cret@127.0.0.1/catalog → postgresql://taicang:***@127.0.0.1/catalog."""
    try:
        parts = urlsplit(url)
        masked = url
        if parts.password is not None:
            userinfo, _, host = parts.netloc.rpartition("@")
            masked = masked.replace(parts.netloc, f"{userinfo.partition(':')[0]}:{MASK}@{host}", 1)
        if parts.query:  # a password may also come as ?password=…
            query = urlencode([(key, MASK if _SECRET_NAME.search(key) else value)
                               for key, value in parse_qsl(parts.query, keep_blank_values=True)], safe="*")
            masked = masked.replace(f"?{parts.query}", f"?{query}", 1)
        return masked
    except ValueError:  # not a URL we can take apart: show none of it
        return MASK


@dataclass(frozen=True)
class Settings:
    database_url: str
    places_csv: Path
    build_dir: Path
    description_max_chars: int = 500
    callback_hours: str = "工作日 9:00-17:00"
    roster_file: Path = PROJECT_ROOT / "var" / "roster.yml"
    lead_types_file: Path = PROJECT_ROOT / "bot" / "data" / "lead_types.sample.yml"
    secret_key: str | None = None  # signs web cookies; never logged
    metrics_token: str | None = None  # lets a scraper from another host read /metrics; never logged
    outbox_path: Path = PROJECT_ROOT / "var" / "outbox.db"  # reports kept while the catalog is down
    outbox_retry: float = 5.0  # seconds between attempts to file kept reports
    action_server_url: str | None = None  # the gateway's /readyz asks its /health (production profile)
    redis_url: str | None = None  # the gateway's /readyz pings it (production profile); never logged
    rasa_token: str | None = None  # Rasa's HTTP API token (RASA_TOKEN): the gateway's /readyz reads /status
    # Reverse proxies whose X-Forwarded-For is believed (addresses or networks); loopback by default,
    # so nginx on the same host gives each client their own address.
    trusted_proxies: tuple = ()  # set by load_settings; see proxy_networks
    # Per client address on the web chat (0: no limit); generous, as a carrier's NAT puts many residents
    # behind one address.
    messages_per_minute: int = 60
    reports_per_hour: int = 20

    __repr__ = masked_repr  # secret_key, metrics_token and the URLs' passwords never reach a log

    @property
    def jieba_dict_dir(self) -> Path:
        return self.build_dir / "jieba"

    @property
    def spacy_model_dir(self) -> Path:
        return self.build_dir / "spacy_zh"


@dataclass(frozen=True)
class WeChatSettings:
    """The Official Account's server configuration (公众号 → 基本配置 → 服务器配置). Never logged."""

    token: str | None = None  # the channel is off until a token is set
    app_id: str = ""
    app_secret: str = ""
    encoding_aes_key: str = ""  # 43 characters; set with safe mode
    safe_mode: bool = False  # 安全模式: messages encrypted with the EncodingAESKey
    api_base_url: str = "https://api.weixin.qq.com/cgi-bin/"  # tests point it at a local fake
    reply_window: float = 4.0  # seconds to answer passively before WeChat's 5-second limit
    news_seconds: float = 60.0  # how often the gateway looks for volunteers' news to send; 0: never
    # The production profile's Redis: signed requests used and answers kept for retries, shared by
    # every gateway and Rasa server; None keeps them in each process's memory.
    redis_url: str | None = None

    @property
    def can_send(self) -> bool:
        """Customer-service messages need the account's AppID and AppSecret besides the token."""
        return bool(self.token and self.app_id and self.app_secret)

    __repr__ = masked_repr  # the token, AppSecret and EncodingAESKey stay out of logs and tracebacks


def load_wechat_settings(env: dict[str, str] | None = None) -> WeChatSettings:
    env = dict(os.environ if env is None else env)
    return WeChatSettings(
        token=env.get("WECHAT_TOKEN") or None,
        app_id=env.get("WECHAT_APP_ID", ""),
        app_secret=env.get("WECHAT_APP_SECRET", ""),
        encoding_aes_key=env.get("WECHAT_ENCODING_AES_KEY", ""),
        safe_mode=env.get("WECHAT_SAFE_MODE", "false").lower() in ("1", "true", "yes", "safe"),
        api_base_url=env.get("WECHAT_API_BASE_URL", "https://api.weixin.qq.com/cgi-bin/"),
        reply_window=float(env.get("WECHAT_REPLY_WINDOW", "4.0")),
        news_seconds=float(env.get("WECHAT_NEWS_SECONDS", "60")),
        redis_url=_redis_url_of(env),
    )


def _redis_url_of(env: dict[str, str]) -> str | None:
    """REDIS_URL (the gateway's), else the REDIS_HOST/PORT/PASSWORD a Rasa server is given."""
    if env.get("REDIS_URL"):
        return env["REDIS_URL"]
    if not env.get("REDIS_HOST"):
        return None
    from urllib.parse import quote

    password = env.get("REDIS_PASSWORD") or ""
    auth = f":{quote(password, safe='')}@" if password else ""
    return f"redis://{auth}{env['REDIS_HOST']}:{env.get('REDIS_PORT') or 6379}/0"


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    default_db = f"sqlite:///{PROJECT_ROOT / 'var' / 'catalog.db'}"
    shared = Path(env.get("SHARED_DATA_DIR", PROJECT_ROOT.parent / "shared" / "data"))
    return Settings(
        database_url=env.get("DATABASE_URL", default_db),
        places_csv=Path(env.get("PLACES_CSV", shared / "taicang_divisions_2023.csv")),
        build_dir=Path(env.get("BUILD_DIR", PROJECT_ROOT / "build")),
        description_max_chars=int(env.get("DESCRIPTION_MAX_CHARS", "500")),
        roster_file=Path(env.get("ROSTER_FILE", PROJECT_ROOT / "var" / "roster.yml")),
        lead_types_file=Path(env.get("LEAD_TYPES_FILE", PROJECT_ROOT / "bot" / "data" / "lead_types.sample.yml")),
        secret_key=env.get("SECRET_KEY") or None,
        metrics_token=env.get("METRICS_TOKEN") or None,
        outbox_path=Path(env.get("OUTBOX_PATH", PROJECT_ROOT / "var" / "outbox.db")),
        outbox_retry=float(env.get("OUTBOX_RETRY", "5")),
        action_server_url=env.get("ACTION_SERVER_URL") or None,
        redis_url=env.get("REDIS_URL") or None,
        rasa_token=env.get("RASA_TOKEN") or None,
        trusted_proxies=proxy_networks(env.get("TRUSTED_PROXIES", "127.0.0.1,::1")),
        messages_per_minute=int(env.get("CHAT_MESSAGES_PER_MINUTE", "60")),
        reports_per_hour=int(env.get("CHAT_REPORTS_PER_HOUR", "20")),
    )


def proxy_networks(spec: str) -> tuple:
    """Addresses or networks, comma-separated ("127.0.0.1,10.0.0.0/8"); a wrong one stops the start."""
    from ipaddress import ip_network

    try:
        return tuple(ip_network(item.strip(), strict=False) for item in spec.split(",") if item.strip())
    except ValueError as error:
        raise ValueError(f"TRUSTED_PROXIES: {error}") from None
