"""Phone numbers: reading them as residents type or dictate them, and masking them."""

from __future__ import annotations

import re

# Voice input writes digits as characters (幺 is how a 1 is read out in phone numbers), and
# Chinese keyboards give full-width digits and dashes. Every mapping is one character to one,
# so positions in the mapped text are positions in the original.
_SPOKEN_DIGITS = str.maketrans(
    {**dict(zip("零〇一幺二两三四五六七八九", "0011223456789", strict=True)), **{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}}
)
_SEP = r"[\s\-—–，,、]"  # voice input parts a dictated number with commas: "幺三九，六二零八，四四一七"
# Mobiles as people write them: 13912345678, 139 1234 5678, 139-1234-5678, +86 139..., 0086...
# A dictated number's last group left over ("一三八 六二六 五九 零 七 二 一", twelve digits) is no number at all.
_MOBILE = re.compile(rf"(?<![\d+])(?:(?:\+|00)?86{_SEP}?)?(1[3-9]\d(?:{_SEP}{{0,3}}\d){{8}})(?!\d)(?!\s\d{{1,2}}(?:\s|$))")
# Landlines with an area code: 0512-53512345, 0512 5351 2345, (0512)53512345.
_LANDLINE = re.compile(rf"(?<!\d)\(?(0\d{{2,3}})\)?{_SEP}{{0,3}}([2-8]\d{{2,3}}{_SEP}?\d{{4}})(?!\d)")
# A bare 8-digit local Taicang number: taken when it is the whole answer or named as a phone,
# never out of a date or an id in a sentence.
_LOCAL = re.compile(rf"(?<!\d)([2-8]\d{{3}}{_SEP}?\d{{4}})(?!\d)")
_PHONE_WORDS = ("电话", "座机", "号码", "手机", "打我", "联系")

DECLINE_WORDS = ("不留", "不用", "不要", "不想", "没有", "没手机", "算了", "跳过", "不方便", "不给", "免了", "覅", "勿要", "勿留",
                 "勿想", "弗留", "弗要", "弗用", "不必", "甭留", "别留")


def to_digits(text: str) -> str:
    return (text or "").translate(_SPOKEN_DIGITS)


# "手机18662，后面是317045": the number in two parts with words between them
_GOES_ON = re.compile(rf"(?<=\d){_SEP}*(?:后面|后头|后边|接下来|然后|再是|再)(?:是|个|格|的|几位|几个)?[：:]?{_SEP}*(?=\d)")
# "158506231907 哦多按了一个 最后一个7勿要": a digit too many, taken out by the words (一 read as a digit already)
_LAST_DROPPED = re.compile(r"最后(?:[一1]个|[一1]位|个)?(?P<digit>\d)?(?:勿要|不要|弗要|去掉|拿掉|删掉|删脱|多了|多余|是多个|多按)")
_ONE_TOO_MANY = re.compile(r"多(?:按|打|输|敲)?(?:了)?[一1](?:个|位)(?P<digit>\d)|(?P<digit2>\d)多(?:按|打|输|敲)(?:了)?")


def parse_phone(text: str) -> str | None:
    """A mobile or landline number in the text, normalised (13912345678, 0512-53512345)."""
    digits = _GOES_ON.sub("", to_digits(text or ""))
    put_right = _digit_taken_out(digits)
    if put_right:
        return put_right
    mobile = _MOBILE.search(digits)
    if mobile:
        return re.sub(r"\D", "", mobile.group(1))
    landline = _LANDLINE.search(digits)
    if landline:
        return f"{landline.group(1)}-{re.sub(r'[^0-9]', '', landline.group(2))}"
    local = _LOCAL.findall(digits)
    only_number = re.fullmatch(rf"{_SEP}*[2-8]\d{{3}}{_SEP}?\d{{4}}{_SEP}*", digits) is not None
    if len(local) == 1 and (only_number or any(word in digits for word in _PHONE_WORDS)):
        return "0512-" + re.sub(r"\D", "", local[0])  # Taicang's area code
    return None


def phones_in(text: str) -> list[str]:
    """Every number the text gives, normalised and in the order said ("手机138… 不通打座机53581234")."""
    digits = to_digits(text or "")
    found = [(m.start(), re.sub(r"\D", "", m.group(1))) for m in _MOBILE.finditer(digits)]
    found += [(m.start(), f"{m.group(1)}-{re.sub(r'[^0-9]', '', m.group(2))}") for m in _LANDLINE.finditer(digits)]
    taken = [range(m.start(), m.end()) for m in (*_MOBILE.finditer(digits), *_LANDLINE.finditer(digits))]
    if any(word in digits for word in _PHONE_WORDS):
        found += [(m.start(), "0512-" + re.sub(r"\D", "", m.group(1))) for m in _LOCAL.finditer(digits)
                  if not any(m.start() in span for span in taken)]
    return list(dict.fromkeys(phone for _, phone in sorted(found)))


# A number said inside words about the matter, with the words that introduce it ("我电话13962612258").
_NUMBER_SAID = re.compile(rf"(?:(?:我|伲|阿拉|我的|伊)?(?:的)?(?:联系)?(?:电话|手机|号码|手机号|座机)(?:号码)?(?:是|号是)?[:：]?{_SEP}*)?"
                          rf"(?:{_MOBILE.pattern}|{_LANDLINE.pattern})")


def without_phones(text: str) -> str:
    """The words without any phone number said in them (a number goes in the phone field, never the text),
    dictated ones too: found in the digits, cut from the words (one character maps to one)."""
    text = text or ""
    kept = text
    for said in reversed(list(_NUMBER_SAID.finditer(to_digits(text)))):
        kept = kept[:said.start()] + " " + kept[said.end():]
    return re.sub(r"\s{2,}", " ", re.sub(r"[，,]\s*(?=[，,。]|$)", "", kept)).strip(" ，,")


_ABOUT_CONTACT = re.compile(r"电话|号码|手机|留|联系|微信")


# "勿晓得要勿要留", "留不留还没想好": not decided yet, so no refusal
_UNDECIDED = re.compile(r"(?:勿晓得|不晓得|不知道|勿知道|弗晓得|拿不准|拿勿准|想想|考虑)[^，,。]{0,3}(?:要勿要|要不要|该不该|留不留|留勿留)|"
                        r"(?:留不留|留勿留|要不要留|要勿要留)[^，,。]{0,3}(?:还没想好|还呒没想好|想想|考虑)")


def is_decline(text: str) -> bool:
    """A refusal: a short one ("不用了", "覅"), or one about the contact ("电话就不留了"); the same
    words inside a longer message ("我想问问有没有派人去") refuse nothing."""
    text = text or ""
    if not any(word in text for word in DECLINE_WORDS) or _UNDECIDED.search(text):
        return False
    return len(re.sub(r"[\W\d_]", "", text)) <= 8 or _ABOUT_CONTACT.search(text) is not None


def mask_phone(phone: str | None) -> str:
    """139****5678 for mobiles, 0512-****2345 for landlines; empty for no phone."""
    if not phone:
        return ""
    if "-" in phone:
        area, number = phone.split("-", 1)
        return f"{area}-{'*' * (len(number) - 4)}{number[-4:]}"
    if len(phone) >= 11:
        return f"{phone[:3]}****{phone[-4:]}"
    if len(phone) >= 7:  # a local number without its area code: only its last four
        return f"{'*' * (len(phone) - 4)}{phone[-4:]}"
    return "*" * len(phone)


def mask_phones_in_text(text: str) -> str:
    """Mask every phone number in a free text (a description may contain one).

    Spoken digits map one character to one digit, so positions found in the digit form are
    positions in the original text.
    """
    original = text or ""
    digits = to_digits(original)
    spans = [(m.start(), m.end(), re.sub(r"\D", "", m.group(1))) for m in _MOBILE.finditer(digits)]
    spans += [(m.start(), m.end(), f"{m.group(1)}-{re.sub(r'[^0-9]', '', m.group(2))}") for m in _LANDLINE.finditer(digits)]
    # A bare local number ("伲屋里只有座机 53620417"): masked when named as a phone or not like a date (2026…)
    named = any(word in digits for word in _PHONE_WORDS)
    spans += [(m.start(), m.end(), re.sub(r"\D", "", m.group(1))) for m in _LOCAL.finditer(digits)
              if named or not m.group(1).startswith("2")]
    result, cursor = [], 0
    for start, end, phone in sorted(spans):
        if start < cursor:
            continue
        result.append(original[cursor:start] + mask_phone(phone))
        cursor = end
    return "".join(result) + original[cursor:]


def _digit_taken_out(digits: str) -> str | None:
    """The mobile number left when the digit the words take out of a twelve-digit one is taken out."""
    typed = [run for run in (re.sub(r"\D", "", r) for r in re.findall(rf"\d(?:{_SEP}{{0,2}}\d)+", digits)) if len(run) == 12]
    if len(typed) != 1:
        return None
    run = typed[0]
    last = _LAST_DROPPED.search(digits)
    if last and (last.group("digit") in (None, run[-1])) and re.fullmatch(r"1[3-9]\d{9}", run[:-1]):
        return run[:-1]
    extra = _ONE_TOO_MANY.search(digits)
    digit = extra and (extra.group("digit") or extra.group("digit2"))
    if not digit:
        return None
    left = {run[:at] + run[at + 1:] for at, d in enumerate(run) if d == digit}
    left = {n for n in left if re.fullmatch(r"1[3-9]\d{9}", n)}
    return left.pop() if len(left) == 1 else None  # one way only to take it out: that number, else asked again


def number_put_right(attempt: str, words: str) -> str | None:
    """"180121566634" (a digit too many), then "多打了一个6": the mobile number the words make of the attempt."""
    if not number_attempt(attempt) or parse_phone(words):
        return None
    return _digit_taken_out(f"{to_digits(attempt)} {to_digits(words)}")


def partial_mobile(text: str) -> str | None:
    """"手机号139 1263": the first digits of a mobile number, the rest still to come; None for a whole number or none."""
    if parse_phone(text):
        return None
    digits = re.sub(r"\D", "", to_digits(text or ""))
    return digits if re.fullmatch(r"1[3-9]\d{1,8}", digits) else None  # a mobile number's own first digits


# The words that introduce a number: "号头是", "我手机号码", "电话"
_NUMBER_LABEL = re.compile(r"(?:我|伲|阿拉|我的|伊)?(?:的|格|个)?(?:联系)?(?:电话|手机|号码|号头|手机号|座机|电话号码)(?:号码)?(?:是|号是)?[:：]?")


def number_attempt(text: str) -> bool:
    """"号头是幺三八幺五幺六二零九四七" (12 digits): a number tried and mistaken, nothing else said; no words of the
    matter, and never kept where the number would show unmasked."""
    plain = re.sub(rf"{_SEP}+", "", _NUMBER_LABEL.sub("", to_digits(text or "")))
    return parse_phone(text) is None and re.fullmatch(r"\d{5,}", plain) is not None


def is_number_label(text: str) -> bool:
    """"电话", "我手机号码是": the words that introduce a number, said beside it, which tell nothing more."""
    return bool(text) and _NUMBER_LABEL.fullmatch(text.strip(" ，,。:：")) is not None


def joined_mobile(first_part: str, rest: str) -> str | None:
    """The number said in two messages ("139 1263", then "8841"): whole only when the two make one mobile number."""
    head = partial_mobile(first_part)
    tail = re.sub(r"\D", "", to_digits(rest or ""))
    if not head or not tail or parse_phone(rest):
        return None
    return parse_phone(head + tail) if len(head + tail) == 11 else None
