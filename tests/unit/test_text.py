"""Cleaning what residents type before it is stored or shown."""

import unicodedata

import pytest

from bot.text import cap_text, clean_text, has_chinese, looks_foreign, only_symbols


# -- clean_text -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("路灯\x00坏了\x07", "路灯坏了"),  # control characters from pasted text
        ("路灯\x1b坏了\x7f", "路灯坏了"),
        ("路\u200b灯\u200c坏\u200e了", "路灯坏了"),  # zero-width characters
        ("\ufeff路灯坏了", "路灯坏了"),  # a byte-order mark
        ("路灯坏了\u2028", "路灯坏了"),
    ],
)
def test_invisible_characters_are_removed(raw, cleaned):
    assert clean_text(raw) == cleaned


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("路灯   坏了", "路灯 坏了"),
        ("路灯\t\t坏了", "路灯 坏了"),
        ("路灯\u3000\u3000坏了", "路灯 坏了"),  # ideographic spaces from Chinese input methods
        ("   路灯坏了   ", "路灯坏了"),
        ("第一行  \n\n  第二行", "第一行\n第二行"),
        ("第一行\r\n第二行", "第一行\n第二行"),
    ],
)
def test_runs_of_blanks_become_one_and_the_ends_are_trimmed(raw, cleaned):
    assert clean_text(raw) == cleaned


def test_text_is_normalised_to_nfc():
    cleaned = clean_text("Cafe\u0301 路灯")
    assert cleaned == "Café 路灯"
    assert unicodedata.is_normalized("NFC", cleaned)


def test_what_a_person_wrote_is_kept_as_is():
    text = "村口路灯坏了！😭 电话13912345678，3号楼。"
    assert clean_text(text) == text


@pytest.mark.parametrize("raw", [None, "", "   ", "\u200b\ufeff", "\x00"])
def test_nothing_or_only_invisible_characters_clean_to_empty(raw):
    assert clean_text(raw) == ""


def test_a_joined_emoji_is_kept_whole():
    family = "👨\u200d👩\u200d👧"
    assert clean_text(f"谢谢{family}") == f"谢谢{family}"


def test_a_run_of_no_break_spaces_becomes_one_space():
    assert clean_text("路灯\u00a0\u00a0\u00a0坏了") == "路灯 坏了"


# -- cap_text ---------------------------------------------------------------------------------
def test_a_short_text_is_not_cut():
    assert cap_text("路灯坏了", 10) == ("路灯坏了", False)


def test_a_text_of_exactly_the_limit_is_not_cut():
    assert cap_text("路灯坏了", 4) == ("路灯坏了", False)


def test_a_long_text_is_cut_at_the_limit_and_marked():
    text = "村口路灯坏了一个礼拜了晚上黑乎乎的"
    capped, was_cut = cap_text(text, 6)
    assert was_cut is True
    assert capped == "村口路灯坏了…"


def test_a_cut_does_not_leave_a_blank_before_the_ellipsis():
    capped, was_cut = cap_text("路灯  坏了很久", 4)
    assert was_cut
    assert capped == "路灯…"


# -- has_chinese / looks_foreign --------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [("路灯坏了", True), ("I live in 新塘村", True), ("hello", False), ("13912345678", False), ("👍", False), ("", False)],
)
def test_has_chinese(text, expected):
    assert has_chinese(text) is expected


def test_has_chinese_accepts_no_text():
    assert has_chinese(None) is False


@pytest.mark.parametrize(
    "text", ["hello", "Hello, the street light is broken", "Can you help me?", "abc!"]
)
def test_english_looks_foreign(text):
    assert looks_foreign(text) is True


@pytest.mark.parametrize(
    "text",
    ["路灯坏了", "I live in 新塘村", "路灯坏了 OK", "WiFi信号不好", "13912345678", "查XQ000123", "👍", "", "a"],
)
def test_chinese_mixed_numbers_and_emoji_do_not_look_foreign(text):
    assert looks_foreign(text) is False


# -- only_symbols -----------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["👍", "😊😊", "🙏 🙏", "。。。", "？？", "!!!", "……", "👍！"])
def test_emoji_or_punctuation_only_is_only_symbols(text):
    assert only_symbols(text) is True


@pytest.mark.parametrize("text", ["", "   ", "\u200b", "路灯", "好的👍", "123", "ok", "3号楼"])
def test_empty_or_any_letter_or_digit_is_not_only_symbols(text):
    assert only_symbols(text) is False


def test_fullwidth_letters_and_digits_become_ascii_but_chinese_punctuation_stays():
    from bot.text import halfwidth_letters_and_digits

    assert halfwidth_letters_and_digits("ＸＱ０００００７进度？") == "XQ000007进度？"
    assert halfwidth_letters_and_digits("电话１３９１２３４５６７８，谢谢ａｂｃ") == "电话13912345678，谢谢abc"
