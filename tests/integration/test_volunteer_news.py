"""A volunteer who comes back hears of the needs matched to their offers since they were last told."""

from bot.needs.service import NeedDraft, file_need
from bot.projects.service import project_of, set_match_status
from bot.resources.news import news_for, news_text, senders_with_news
from bot.resources.service import ResourceDraft, file_resource


def offer(catalog, key="r1", sender="volunteer-1", scope="town"):
    return file_resource(catalog, ResourceDraft(
        "社区能人", "王师傅", "我是退休电工，楼道灯、插座、跳闸这些都能修", "人力", scope,
        "新塘村委会" if scope == "community" else None, "浏河镇" if scope == "town" else None,
        "周末", "13912345678", sender, key))


def need(catalog, key, description, community="新塘村委会"):
    return file_need(catalog, NeedDraft(community, description, "基础设施提升", "急", None, "resident-1", key))


def test_what_was_told_on_listing_is_not_news_and_a_later_match_is_once(catalog):
    early = need(catalog, "n1", "3号楼楼道灯坏了，晚上黑咕隆咚")
    _, helpable = offer(catalog)
    assert [h.tracking_id for h in helpable] == [early.tracking_id]  # told when listing
    assert news_for(catalog, "volunteer-1") == []
    assert senders_with_news(catalog, ["volunteer-1", "someone-else"]) == []
    later = need(catalog, "n2", "5号楼的插座一插就跳闸")
    assert senders_with_news(catalog, ["volunteer-1", "someone-else"]) == ["volunteer-1"]
    news = news_for(catalog, "volunteer-1")
    assert [(o, n.tracking_id) for o, n in news] == [("ZY000001", later.tracking_id)]
    assert "需要电路维修" in news_text(news) and "跳闸" not in news[0][1].community_name
    assert news_for(catalog, "volunteer-1") == []  # told once
    assert senders_with_news(catalog, ["volunteer-1"]) == []


def test_suggestions_and_strangers_hear_nothing_and_a_confirmation_is_news(catalog):
    offer(catalog, scope="community")
    weak = need(catalog, "n1", "村口的桥栏杆松了")  # same village, a type that fits, not the volunteer's trade
    matches = project_of(catalog, weak.tracking_id).matches
    assert [m["status_label"] for m in matches] == ["可能相关"]
    assert news_for(catalog, "volunteer-1") == []
    assert news_for(catalog, "someone-else") == []
    set_match_status(catalog, matches[0]["match_id"], "confirmed")  # a cadre takes the suggestion up
    assert [n.tracking_id for _, n in news_for(catalog, "volunteer-1")] == [weak.tracking_id]
