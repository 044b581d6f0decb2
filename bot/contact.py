"""Phone numbers: reading them as residents type or dictate them, and masking them."""

from __future__ import annotations

import re

# Voice input writes digits as characters; 幺 is how a 1 is read out in phone numbers.
_SPOKEN_DIGITS = str.maketrans("零〇一幺二两三四五六七八九０１２３４５６７８９", "0011223456789" "0123456789")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})?-?([2-8]\d{6,7})(?!\d)")
_ANY_PHONE = re.compile(r"(?<!\d)(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|[2-8]\d{7})(?!\d)")

DECLINE_WORDS = ("不留", "不用", "不要", "不想", "没有", "没手机", "算了", "跳过", "不方便", "不给", "免了", "覅", "勿要")


def to_digits(text: str) -> str:
    return (text or "").translate(_SPOKEN_DIGITS)


def parse_phone(text: str) -> str | None:
    """A mobile or landline number in the text, normalised (13912345678, 0512-53512345)."""
    compact = re.sub(r"[\s\-—－()（）+]", "", to_digits(text))
    compact = re.sub(r"(?<!\d)(0086|86)(?=1[3-9]\d{9}(?!\d))", "", compact)
    mobile = _MOBILE.search(compact)
    if mobile:
        return mobile.group(1)
    spaced = re.sub(r"[\s()（）]", "", to_digits(text)).replace("—", "-").replace("－", "-")
    landline = _LANDLINE.search(spaced)
    if landline and (landline.group(1) or len(landline.group(2)) == 8):
        area = landline.group(1) or "0512"  # a bare 8-digit number is a local Taicang line
        return f"{area}-{landline.group(2)}"
    return None


def is_decline(text: str) -> bool:
    return any(word in (text or "") for word in DECLINE_WORDS)


def mask_phone(phone: str | None) -> str:
    """139****5678 for mobiles, 0512-****2345 for landlines; empty for no phone."""
    if not phone:
        return ""
    if "-" in phone:
        area, number = phone.split("-", 1)
        return f"{area}-{'*' * (len(number) - 4)}{number[-4:]}"
    if len(phone) >= 7:
        return f"{phone[:3]}****{phone[-4:]}"
    return "*" * len(phone)


def mask_phones_in_text(text: str) -> str:
    """Mask every phone-like number in a free text (a description may contain one)."""
    return _ANY_PHONE.sub(lambda m: mask_phone(parse_phone(m.group(1)) or m.group(1)), text or "")
