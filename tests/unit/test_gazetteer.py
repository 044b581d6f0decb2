"""Every one of Taicang's 160 communities can be named the ways residents name it."""

import csv

import pytest

from bot.places.gazetteer import choose_option, split_official_name


def _rows(settings):
    with open(settings.places_csv, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_gazetteer_holds_all_160_communities_in_8_towns(gazetteer, base_settings):
    assert len(gazetteer.communities) == len(_rows(base_settings)) == 160
    assert {t.name for t in gazetteer.towns} == {
        "城厢镇", "沙溪镇", "浏河镇", "浮桥镇", "璜泾镇", "双凤镇", "经济开发区", "科教新城",
    }


def test_every_community_resolves_by_its_official_name(gazetteer, base_settings):
    for row in _rows(base_settings):
        resolution = gazetteer.resolve(row["name"])
        assert resolution.status == "found", row["name"]
        assert resolution.community.name == row["name"]
        assert resolution.community.town == row["town_name"]


def test_every_community_resolves_by_its_common_name(gazetteer):
    for community in gazetteer.communities:
        resolution = gazetteer.resolve(community.common_name)
        assert resolution.status == "found", community.common_name
        assert resolution.community == community


def test_every_community_resolves_by_its_short_name_or_asks(gazetteer):
    ambiguous = gazetteer.ambiguous_stems()
    for community in gazetteer.communities:
        resolution = gazetteer.resolve(community.stem, answering=True)
        if community.stem in ambiguous:
            assert resolution.status == "ambiguous", community.stem
            assert community in resolution.candidates
        elif gazetteer.town(community.stem):  # 双凤 is a town too: confirm before taking it
            assert resolution.status == "suggest"
            assert resolution.candidates == (community,)
        else:
            assert resolution.status == "found", community.stem
            assert resolution.community == community


def test_seven_short_names_belong_to_two_communities_each(gazetteer):
    ambiguous = gazetteer.ambiguous_stems()
    assert sorted(ambiguous) == sorted(["新塘", "闸北", "茜泾", "浮桥", "时思", "王秀", "陆渡"])
    assert all(len(group) == 2 for group in ambiguous.values())
    assert {c.common_name for c in ambiguous["新塘"]} == {"新塘社区", "新塘村"}


@pytest.mark.parametrize(
    "said, town",
    [("浏河", "浏河镇"), ("港区", "浮桥镇"), ("太仓港", "浮桥镇"), ("高新区", "经济开发区"),
     ("娄东街道", "经济开发区"), ("陆渡街道", "经济开发区"), ("科教城", "科教新城"), ("璜泾镇", "璜泾镇")],
)
def test_towns_resolve_by_the_names_people_use(gazetteer, said, town):
    resolution = gazetteer.resolve(said)
    assert resolution.status == "town_only"
    assert resolution.town.name == town


def test_a_sentence_with_town_and_community_resolves(gazetteer):
    resolution = gazetteer.resolve("我是浏河镇新塘村的，村口路灯坏了一个礼拜了")
    assert resolution.status == "found"
    assert resolution.community.name == "新塘村委会"
    assert resolution.town.name == "浏河镇"


def test_an_ambiguous_name_offers_both_units(gazetteer):
    resolution = gazetteer.resolve("新塘")
    assert resolution.status == "ambiguous"
    assert {c.name for c in resolution.candidates} == {"新塘社区居委会", "新塘村委会"}


@pytest.mark.parametrize(
    "typo, meant",
    [("新堂村", "新塘村委会"), ("南圆社区", "南园社区居委会"), ("和平花圆", "和平花园社区居委会"),
     ("雅路村", "雅鹿村委会"), ("湖川乔社区", "湖川桥社区居委会"), ("紫微苑", "紫薇苑社区居委会")],
)
def test_typos_and_homophones_suggest_the_community(gazetteer, typo, meant):
    resolution = gazetteer.resolve(typo)
    assert resolution.status == "suggest", typo
    assert meant in {c.name for c in resolution.candidates}


def test_a_homophone_of_a_town_finds_the_town(gazetteer):
    assert gazetteer.resolve("刘河镇").town.name == "浏河镇"


def test_a_place_named_in_full_is_not_made_ambiguous_by_its_bare_stem_later(gazetteer):
    said = "浏河镇新塘村（就是村委会那个新塘，不是新塘社区），村里路灯一半不亮"
    resolution = gazetteer.resolve(said)
    assert resolution.status == "found" and resolution.community.name == "新塘村委会"


def test_unknown_places_are_not_found(gazetteer):
    assert gazetteer.resolve("北京朝阳区").status in ("not_found",)
    assert gazetteer.resolve("").status == "not_found"
    assert gazetteer.resolve("🙂🙂").status == "not_found"


def test_an_answer_picks_among_offered_options(gazetteer):
    options = list(gazetteer.ambiguous_stems()["新塘"])
    village = next(c for c in options if c.kind == "村")
    neighbourhood = next(c for c in options if c.kind == "社区")
    assert choose_option("村里的", options) == village
    assert choose_option("社区", options) == neighbourhood
    assert choose_option("2", options) == options[1]
    assert choose_option("新塘村", options) == village
    assert choose_option("不知道", options) is None


def test_official_names_split_into_stem_and_kind():
    assert split_official_name("新塘村委会") == ("新塘", "村")
    assert split_official_name("海塘社区居民委员会") == ("海塘", "社区")
    with pytest.raises(ValueError):
        split_official_name("新塘小区")


@pytest.mark.parametrize("said, town, unlisted", [
    ("沙溪镇印溪社区", "沙溪镇", True),     # no such community in 沙溪镇: never 经济开发区浦溪社区
    ("璜泾镇璜泾社区", "璜泾镇", True),     # the town's stem inside the name is no community
    ("沙溪镇", "沙溪镇", False),
    ("城厢镇的", "城厢镇", False),
])
def test_a_community_the_named_town_does_not_have_is_said_so_not_guessed_elsewhere(gazetteer, said, town, unlisted):
    resolution = gazetteer.resolve(said, answering=True)
    assert resolution.status == "town_only" and resolution.town.name == town
    assert resolution.unlisted is unlisted
    assert gazetteer.resolve("浏河镇新堂村", answering=True).status == "suggest"  # a typo in the town is still a typo


@pytest.mark.parametrize("said", ["福桥镇的西京社区", "福桥西京社区", "西京社区"])
def test_a_place_said_as_it_sounds_there_is_suggested(gazetteer, said):
    """Voice input writes what it hears: 茜泾 is said Xījīng, 浮桥 may come out as 福桥."""
    resolution = gazetteer.resolve(said)
    assert [c.name for c in resolution.candidates] == ["茜泾社区居委会"]


@pytest.mark.parametrize("said, town, names", [
    ("浏河镇 村名第一个字好像也是浏 浏什么村", None, ["浏南村委会"]),
    ("就是浏河那边一个村，叫啥浏…村", None, ["浏南村委会"]),
    ("新什么村", "浏河镇", ["新闸村委会", "新塘村委会"]),
])
def test_a_name_half_remembered_by_its_first_character_is_suggested(gazetteer, said, town, names):
    resolution = gazetteer.resolve(said, town)
    assert resolution.status == "suggest" and sorted(c.name for c in resolution.candidates) == sorted(names)
