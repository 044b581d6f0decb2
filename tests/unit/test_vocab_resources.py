"""The identity and type questions of an offer answered in words, not only with the buttons."""

import pytest

from bot.vocab.resources import normalize_provider_type, normalize_resource_type


@pytest.mark.parametrize("said, provider", [
    ("社会组织 队", "社区社会组织"),               # the name without 社区
    ("算有一技之长的居民吧", "社区能人"),          # the button's words inside an answer
    ("南园腰鼓队", "社区社会组织"),                # a team, as the button's brackets say (队、协会、社团)
    ("阿拉是社区里个腰鼓队 十几个阿姨", "社区社会组织"),
    ("党员", "社区党员"),
])
def test_an_identity_typed_in_words_is_the_choice_it_names(said, provider):
    assert normalize_provider_type(said) == provider


def test_a_resource_types_examples_are_no_choice_named():
    # "帮忙" is in the 人力 button's brackets, but any offer says it
    assert normalize_resource_type("专业知识") == "智力"
    from bot.vocab.resources import _normalize, resource_types

    assert _normalize(resource_types(), "我可以帮忙修电器") is None


@pytest.mark.parametrize("name,shown", [
    ("王建国", "王**"),
    ("杨卫东", "杨**"),  # a shop owner's own name given for the shop: still a person's
    ("欧阳小明", "欧***"),
    ("老杨家常菜", "老杨家常菜"),
    ("农商银行浏河支行", "农商银行浏河支行"),
    ("通达物流", "通达物流"),
    ("阿芳家常菜馆（周老板娘）", "阿芳家常菜馆（周***）"),
    ("湖川桥社区广场舞队 队长钱美华", "湖川桥社区广场舞队 队长钱**"),
    ("", ""),
    ("小芳理发店", "小芳理发店"),  # a shop's name, whoever offers under it
])
def test_names_shown_to_others_mask_people_not_organisations(name, shown):
    from bot.resources.service import mask_name

    assert mask_name(name) == shown


@pytest.mark.parametrize("text, kind", [
    ("我们是沙溪恒信律师事务所，可以提供免费法律咨询", "驻区单位"),  # the office offers, not one lawyer
    ("我们实验中学团委寒暑假可以组织学生", "驻区单位"),
    ("我是退休律师", "社区能人"),
    # one person speaking of where they work: the person offers, not the school or the hospital
    ("我是小学老师 暑假可以给小朋友辅导作业", "社区能人"),
    ("我在医院上班 可以帮老人量血压", "社区能人"),
    ("我们小学暑假可以组织老师来辅导作业", "驻区单位"),
])
def test_an_office_or_school_named_offers_as_a_unit(text, kind):
    from bot.vocab.resources import infer_provider_type

    assert infer_provider_type(text) == kind
