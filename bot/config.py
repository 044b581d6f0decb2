"""Settings from environment variables, with their defaults, in one place.

Every variable is documented in README.md. Nothing here opens a connection: the settings are
read when a process starts and handed to whatever needs them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


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
    # Reverse proxies whose X-Forwarded-For is believed (addresses or networks); loopback by default,
    # so nginx on the same host gives each client their own address.
    trusted_proxies: tuple = ()  # set by load_settings; see proxy_networks

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

    @property
    def can_send(self) -> bool:
        """Customer-service messages need the account's AppID and AppSecret besides the token."""
        return bool(self.token and self.app_id and self.app_secret)

    def __repr__(self) -> str:  # secrets stay out of logs and tracebacks
        return f"WeChatSettings(app_id={self.app_id!r}, safe_mode={self.safe_mode}, enabled={bool(self.token)})"


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
    )


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
        trusted_proxies=proxy_networks(env.get("TRUSTED_PROXIES", "127.0.0.1,::1")),
    )


def proxy_networks(spec: str) -> tuple:
    """Addresses or networks, comma-separated ("127.0.0.1,10.0.0.0/8"); a wrong one stops the start."""
    from ipaddress import ip_network

    try:
        return tuple(ip_network(item.strip(), strict=False) for item in spec.split(",") if item.strip())
    except ValueError as error:
        raise ValueError(f"TRUSTED_PROXIES: {error}") from None
