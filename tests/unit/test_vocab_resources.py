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
