"""The generated jieba dictionary, spaCy tagger and Rasa synonyms, built into a temporary folder."""

from pathlib import Path

import pytest
import spacy
import yaml

from bot.lexicon import resources
from bot.vocab.categories import categories


@pytest.fixture(scope="module")
def built(tmp_path_factory, gazetteer) -> Path:
    folder = tmp_path_factory.mktemp("nlp")
    resources.write_jieba_dictionary(gazetteer, folder / "jieba")
    resources.load_jieba_dictionary(folder / "jieba")
    resources.build_spacy_pipeline(gazetteer, folder / "spacy_zh")
    return folder


@pytest.fixture(scope="module")
def nlp(built):
    return spacy.load(built / "spacy_zh")


def tags(nlp, text):
    return [(e.text, e.label_, e.ent_id_) for e in nlp(text).ents]


@pytest.fixture(scope="module")
def synonyms(gazetteer) -> dict[str, list[str]]:
    """alias -> every value it is a synonym of."""
    data = yaml.safe_load(resources.synonyms_yaml(gazetteer))
    assert data["version"] == "3.1"
    mapping: dict[str, list[str]] = {}
    for group in data["nlu"]:
        for line in group["examples"].splitlines():
            mapping.setdefault(line.removeprefix("- ").strip(), []).append(group["synonym"])
    return mapping


# -- jieba dictionary -------------------------------------------------------------------------
def test_the_jieba_dictionary_keeps_place_names_whole_but_not_everyday_words(built):
    words = {line.split(" ")[0] for line in (built / "jieba" / "taicang_places.txt").read_text("utf-8").splitlines()}
    assert {"新塘村", "新塘村委会", "南园社区", "浏河镇", "港区", "胜利村"} <= words
    assert not {"胜利", "绿化", "东方"} & words


# -- towns and communities --------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("我是浏河镇新塘村的", [("浏河镇", "town", "浏河镇"), ("新塘村", "community", "新塘村委会")]),
        ("港区", [("港区", "town", "浮桥镇")]),
        ("我住港区", [("港区", "town", "浮桥镇")]),
        ("太仓港", [("太仓港", "town", "浮桥镇")]),
        ("伲是沙溪的", [("沙溪", "town", "沙溪镇")]),
        ("科教城", [("科教城", "town", "科教新城")]),
        ("我是城厢镇东区社区的", [("城厢镇", "town", "城厢镇"), ("东区社区", "community", "东区社区居委会")]),
        ("高新区朝阳社区", [("高新区", "town", "经济开发区"), ("朝阳社区", "community", "朝阳社区居委会")]),
        ("陆渡街道陆渡村", [("陆渡街道", "town", "经济开发区"), ("陆渡村", "community", "陆渡村委会")]),
        ("浮桥镇时思村", [("浮桥镇", "town", "浮桥镇"), ("时思村", "community", "时思村委会")]),
        ("南园社区居委会", [("南园社区居委会", "community", "南园社区居委会")]),
        ("孙桥村委", [("孙桥村委", "community", "孙桥村委会")]),
        ("住在浮桥社区", [("浮桥社区", "community", "浮桥社区居委会")]),
    ],
)
def test_towns_and_communities_are_tagged_with_their_official_names(nlp, sentence, expected):
    assert tags(nlp, sentence) == expected


@pytest.mark.parametrize("sentence", ["我们胜利了", "比赛胜利了", "小区绿化没人修剪", "绿化带里全是垃圾", "太阳从东方升起", "东方红"])
def test_everyday_words_that_are_also_community_stems_are_not_tagged(nlp, sentence):
    assert tags(nlp, sentence) == []


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("胜利村", ("胜利村", "community", "胜利村委会")),
        ("我住在绿化村", ("绿化村", "community", "绿化村委会")),
        ("东方社区", ("东方社区", "community", "东方社区居委会")),
    ],
)
def test_the_same_stems_with_cun_or_shequ_are_tagged(nlp, sentence, expected):
    assert tags(nlp, sentence) == [expected]


def test_an_ambiguous_short_name_is_tagged_without_choosing_a_community(nlp, gazetteer):
    [(text, label, value)] = tags(nlp, "就新塘啊")
    assert (text, label) == ("新塘", "community")
    assert gazetteer.community(value) is None  # not 新塘村委会, not 新塘社区居委会


def test_every_community_is_tagged_by_its_common_name(nlp, gazetteer):
    wrong = []
    for community in gazetteer.communities:
        found = tags(nlp, f"我住在{community.common_name}")
        if found != [(community.common_name, "community", community.name)]:
            wrong.append((community.common_name, found))
    assert len(gazetteer.communities) == 160
    assert wrong == []


def test_every_community_is_tagged_by_its_official_name(nlp, gazetteer):
    wrong = []
    for community in gazetteer.communities:
        found = tags(nlp, f"我是{community.name}的")
        if found != [(community.name, "community", community.name)]:
            wrong.append((community.name, found))
    assert wrong == []


# -- categories and urgency -------------------------------------------------------------------
@pytest.mark.parametrize("category", categories(), ids=lambda c: c.english)
def test_a_dimension_name_or_button_text_is_tagged_as_that_dimension(nlp, category):
    assert tags(nlp, category.name) == [(category.name, "need_category", category.name)]
    assert tags(nlp, category.button) == [(category.button, "need_category", category.name)]


@pytest.mark.parametrize(
    "phrase, code", [(p, code) for code, phrases in resources.URGENCY_PHRASES.items() for p in phrases]
)
def test_an_urgency_phrase_is_tagged_with_its_code(nlp, phrase, code):
    assert tags(nlp, phrase) == [(phrase, "urgency", code)]


def test_urgency_said_in_a_sentence_is_tagged(nlp):
    assert tags(nlp, "这个事很急") == [("很急", "urgency", "急")]
    assert tags(nlp, "一点都不急") == [("不急", "urgency", "盼")]


@pytest.mark.parametrize("sentence", ["不是特别急", "不是很紧急", "这个不紧急"])
def test_saying_it_is_not_urgent_is_never_tagged_urgent(nlp, sentence):
    assert ("urgency", "急") not in [(label, value) for _, label, value in tags(nlp, sentence)]


def test_naming_the_urgency_field_is_not_an_urgency(nlp):
    assert [label for _, label, _ in tags(nlp, "紧急程度选错了")] == []


# -- synonyms ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "alias, value",
    [
        ("新塘村", "新塘村委会"),
        ("新塘村委", "新塘村委会"),
        ("南园社区", "南园社区居委会"),
        ("港区", "浮桥镇"),
        ("高新区", "经济开发区"),
        ("路灯道路水电等设施", "基础设施提升"),
        ("很急", "急"),
        ("不急", "盼"),
    ],
)
def test_synonyms_map_an_alias_to_its_official_value(synonyms, alias, value):
    assert synonyms[alias] == [value]


def test_no_ambiguous_short_name_is_a_synonym(synonyms, gazetteer):
    # 浮桥 is both a town and two communities' stem: as a synonym it means the town, by design.
    ambiguous = {stem for stem in gazetteer.ambiguous_stems() if gazetteer.town(stem) is None}
    assert "新塘" in ambiguous
    assert sorted(ambiguous & set(synonyms)) == []
    assert synonyms["浮桥"] == ["浮桥镇"]


def test_no_everyday_word_is_a_synonym(synonyms):
    assert not {"胜利", "绿化", "东方"} & set(synonyms)


def test_every_alias_has_exactly_one_value(synonyms):
    assert {alias: values for alias, values in synonyms.items() if len(values) != 1} == {}
