"""Settings shown in a log line or a traceback: every secret masked, everything else as it is."""

from bot.config import load_settings, load_wechat_settings

SECRETS = {
    "SECRET_KEY": "cookie-signing-key-4711",
    "METRICS_TOKEN": "scraper-token-0815",
    "RASA_TOKEN": "rasa-api-token-2323",
    "DATABASE_URL": "postgresql://taicang:pg-password-9921@db.example:5433/catalog?sslmode=require",
    "REDIS_URL": "redis://:redis-password-1234@127.0.0.1:6380/0",
}


def test_settings_shown_in_a_log_hold_no_secret_but_every_other_field():
    settings = load_settings({**SECRETS, "OUTBOX_PATH": "/srv/taicang/outbox.db", "DESCRIPTION_MAX_CHARS": "300"})
    for shown in (repr(settings), str(settings), f"{settings}"):
        for secret in ("cookie-signing-key-4711", "scraper-token-0815", "rasa-api-token-2323",
                       "pg-password-9921", "redis-password-1234"):
            assert secret not in shown
        assert "postgresql://taicang:***@db.example:5433/catalog?sslmode=require" in shown  # where it connects
        assert "redis://:***@127.0.0.1:6380/0" in shown and "secret_key='***'" in shown
        assert "/srv/taicang/outbox.db" in shown and "description_max_chars=300" in shown
    assert settings.secret_key == "cookie-signing-key-4711"  # masked when shown, not when used
    unset = repr(load_settings({}))
    assert "secret_key=None" in unset and "sqlite:///" in unset  # nothing to hide: shown as it is


def test_wechat_settings_are_masked_the_same_way():
    shown = repr(load_wechat_settings({"WECHAT_TOKEN": "wx-token-5555", "WECHAT_APP_ID": "wx0123456789abcdef",
                                       "WECHAT_APP_SECRET": "app-secret-6666",
                                       "WECHAT_ENCODING_AES_KEY": "aes-key-7777"}))
    assert not any(secret in shown for secret in ("wx-token-5555", "app-secret-6666", "aes-key-7777"))
    assert "app_id='wx0123456789abcdef'" in shown and "token='***'" in shown
