"""Phone numbers as residents type or dictate them, and how they are masked when shown back."""

import pytest

from bot.contact import is_decline, mask_phone, mask_phones_in_text, parse_phone


# -- parse_phone: mobiles ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "said",
    [
        "13912345678",
        "139 1234 5678",
        "139-1234-5678",
        "139 - 1234 - 5678",
        "+86 139 1234 5678",
        "+86-139-1234-5678",
        "+8613912345678",
        "008613912345678",
        "电话是13912345678谢谢",
        "手机 139 1234 5678 白天都能打通",
        "13912345678。",
        "我住3号楼，电话13912345678",
    ],
)
def test_a_typed_mobile_is_read_whatever_the_separators(said):
    assert parse_phone(said) == "13912345678"


@pytest.mark.parametrize(
    "said, phone",
    [
        ("一三九一二三四五六七八", "13912345678"),
        ("幺三九幺二三四五六七八", "13912345678"),  # 幺 is how 1 is read out in phone numbers
        ("幺三九 幺二三四 五六七八", "13912345678"),
        ("一八九零零零零五六七八", "18900005678"),
        ("一五〇六二二两九一八四", "15062229184"),  # 〇 and 两 as people say them
        ("我的手机是一三九一二三四五六七八", "13912345678"),
    ],
)
def test_a_dictated_mobile_in_chinese_digits_is_read(said, phone):
    assert parse_phone(said) == phone


@pytest.mark.parametrize("said", ["１３９１２３４５６７８", "１３９－１２３４－５６７８", "１３９ １２３４ ５６７８"])
def test_a_mobile_in_full_width_digits_is_read(said):
    assert parse_phone(said) == "13912345678"


# -- parse_phone: landlines -------------------------------------------------------------------
@pytest.mark.parametrize(
    "said",
    [
        "0512-53512345",
        "0512 53512345",
        "0512 5351 2345",
        "051253512345",
        "0512—53512345",
        "（0512）53512345",
        "(0512)53512345",
        "座机0512-53512345",
        "零五幺二五三五幺二三四五",
    ],
)
def test_a_landline_with_the_taicang_area_code_is_read(said):
    assert parse_phone(said) == "0512-53512345"


@pytest.mark.parametrize("said", ["53512345", "家里座机53512345", "5351 2345"])
def test_a_bare_eight_digit_number_is_a_local_taicang_line(said):
    assert parse_phone(said) == "0512-53512345"


def test_a_landline_in_another_city_keeps_its_own_area_code():
    assert parse_phone("021-62345678") == "021-62345678"


# -- parse_phone: not a phone -----------------------------------------------------------------
@pytest.mark.parametrize(
    "said",
    [
        "1391234",  # too short
        "1391234567",  # ten digits
        "139123456789",  # twelve digits
        "12345678901",  # eleven digits but no mobile starts with 12
        "5351234",  # seven digits without area code
        "12345678",  # eight digits, but local lines do not start with 1
        "abcdefg",
        "139123456ab",
        "139abcd5678",
        "不留",
        "我住一号楼二单元",
        "二〇二三年",  # a dictated year
        "",
        "   ",
    ],
)
def test_what_is_not_a_phone_number_gives_none(said):
    assert parse_phone(said) is None


def test_no_text_at_all_gives_none():
    assert parse_phone(None) is None


@pytest.mark.parametrize(
    "said",
    ["13912345678 13812345678", "13912345678 3号楼", "电话 13912345678 2楼", "13912345678 0512-53512345"],
)
def test_a_mobile_followed_by_a_space_and_other_digits_is_still_read(said):
    assert parse_phone(said) == "13912345678"


@pytest.mark.parametrize("said, phone", [
    ("手机18662，后面是317045", "18662317045"),                    # in two parts, with words between them
    ("158506231907 哦多按了一个 最后一个7勿要", "15850623190"),     # a digit too many, taken out by the words
    ("158506231907 最后一个勿要", "15850623190"),
    ("一三八 六二六 五九 零 七 二 一", None),                        # twelve digits dictated: no number at all
    ("139 1234 5678 2", None),
])
def test_a_number_put_right_in_words_is_read_as_put_right(said, phone):
    assert parse_phone(said) == phone


# -- mask_phone -------------------------------------------------------------------------------
def test_a_mobile_is_masked_keeping_the_first_three_and_last_four_digits():
    assert mask_phone("13912345678") == "139****5678"


def test_a_landline_is_masked_keeping_the_area_code_and_the_last_four_digits():
    assert mask_phone("0512-53512345") == "0512-****2345"


@pytest.mark.parametrize("phone", ["", None])
def test_no_phone_masks_to_nothing(phone):
    assert mask_phone(phone) == ""


def test_masking_what_parse_phone_read_hides_the_middle_digits():
    masked = mask_phone(parse_phone("幺三九 幺二三四 五六七八"))
    assert masked == "139****5678"
    assert "1234" not in masked


# -- mask_phones_in_text ----------------------------------------------------------------------
def test_every_phone_in_a_description_is_masked_and_the_rest_kept():
    text = "我电话13912345678，座机0512-53512345，3号楼502室，2023年就坏了"
    assert mask_phones_in_text(text) == "我电话139****5678，座机0512-****2345，3号楼502室，2023年就坏了"


def test_two_mobiles_side_by_side_are_both_masked():
    assert mask_phones_in_text("13912345678和13812345678都可以") == "139****5678和138****5678都可以"


def test_a_landline_without_dash_in_a_description_is_masked():
    masked = mask_phones_in_text("打051253512345找王阿姨")
    assert "5351" not in masked
    assert masked.startswith("打0512-") and masked.endswith("2345找王阿姨")


@pytest.mark.parametrize(
    "text",
    [
        "3号楼2单元502室楼道灯坏了",
        "2023年8月15日反映过一次",
        "住了20年了，一共1200块",
        "编号XQ000123",
        "十一楼漏水，一楼也漏",
        "",
    ],
)
def test_short_numbers_years_and_room_numbers_are_not_masked(text):
    assert mask_phones_in_text(text) == text


def test_masking_no_text_gives_an_empty_text():
    assert mask_phones_in_text(None) == ""


@pytest.mark.parametrize(
    "text, middle",
    [
        ("路灯坏了，电话139 1234 5678", "1234"),
        ("路灯坏了，电话139-1234-5678", "1234"),
        ("路灯坏了，电话+8613912345678", "1234"),
        ("路灯坏了，电话一三九一二三四五六七八", "一二三四"),
    ],
)
def test_a_mobile_written_the_ways_parse_phone_accepts_is_masked_in_text(text, middle):
    assert middle not in mask_phones_in_text(text)


# -- is_decline -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "said", ["不留", "不留了", "不用了", "不要", "不想留", "没有手机", "没手机", "算了", "跳过", "不方便", "不给", "免了", "覅", "勿要"]
)
def test_declining_to_leave_a_phone_is_recognised(said):
    assert is_decline(said)


@pytest.mark.parametrize("said", ["好的", "可以", "行", "13912345678", "0512-53512345", "打我手机", ""])
def test_agreeing_or_giving_a_number_is_not_a_decline(said):
    assert not is_decline(said)


@pytest.mark.parametrize("said", ["XQ000031 我想问问有没有人来修过", "我想问一下你们到底有没有派人去看"])
def test_refusal_words_inside_a_longer_question_refuse_nothing(said):
    assert not is_decline(said)


def test_a_long_refusal_about_the_phone_is_still_a_decline():
    assert is_decline("电话号码我就不留了，有事我自己会再来问的")


def test_is_decline_accepts_no_text():
    assert is_decline(None) is False


@pytest.mark.parametrize("text, masked", [
    ("伲屋里只有座机 53620417", "伲屋里只有座机 ****0417"),        # a local number typed into a description
    ("打我电话 2345 6789", "打我电话 ****6789"),                    # named as a phone
    ("2026年12月5日 编号20261205", "2026年12月5日 编号20261205"),  # like a date, named as nothing: kept
])
def test_a_bare_local_number_in_free_text_is_masked_too(text, masked):
    assert mask_phones_in_text(text) == masked


def test_a_number_dictated_in_pieces_is_read_and_kept_out_of_the_words():
    from bot.contact import without_phones

    said = "电话幺三九，一五一零，二二六七 随时打"
    assert parse_phone(said) == "13915102267"
    assert without_phones(said) == "随时打"  # never written into a description
    assert parse_phone("我家3楼，2单元，门口路灯坏了") is None  # numbers parted by commas that are no phone


def test_a_number_typed_with_a_digit_too_many_is_put_right_by_the_next_message():
    from bot.contact import number_put_right

    assert number_put_right("180121566634", "多打了一个6 后面是634不是6634") == "18012156634"
    assert number_put_right("18012156634", "多打了一个6") is None  # a whole number needs no putting right
