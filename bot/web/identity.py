"""Anonymous resident identities in a signed cookie (HMAC-SHA256 over a random id).

The signature keeps a browser from choosing another resident's sender id; the id itself says
nothing about the person.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

COOKIE = "tc_resident"
# A phone may be shared in a family: the resident's identity lasts 90 days after their last message (each
# answer renews it), long enough to ask after a report and to answer a call-back.
MAX_AGE = 90 * 24 * 3600


class Signer:
    def __init__(self, secret: str) -> None:
        if len(secret) < 16:
            raise ValueError("SECRET_KEY must be at least 16 characters")
        self._key = secret.encode("utf-8")

    def sign(self, value: str) -> str:
        mac = hmac.new(self._key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:32]
        return f"{value}.{mac}"

    def unsign(self, token: str | None) -> str | None:
        """The value when the signature is right, otherwise None."""
        if not token or "." not in token:
            return None
        value, _, mac = token.rpartition(".")
        expected = hmac.new(self._key, value.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:32]
        # Bytes: compare_digest refuses a str with other than ASCII characters, which a forged cookie may hold.
        return value if hmac.compare_digest(mac.encode("utf-8", "surrogatepass"), expected.encode("ascii")) else None


def new_resident_id() -> str:
    return f"web-{secrets.token_hex(12)}"
