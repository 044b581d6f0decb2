"""Resources, matching and the project catalog against a real SQLite database."""

import io
import json

import pytest

from bot.catalog.errors import CatalogError
from bot.matching.service import match_everything
from bot.needs.service import NeedDraft, file_need, find_need, update_status
from bot.projects.service import (
    export_projects,
    find_similar_open_need,
    iter_projects,
    project_of,
    reopen_need,
    set_match_status,
    support_need,
)
from bot.resources.service import ResourceDraft, export_resources, file_resource, iter_resources, withdraw_resource


def need(catalog, key, description="村里老人多，希望有人定期来给老人量血压", community="新塘村委会",
         category="社区服务供给", urgency="盼", sender="resident-1"):
    return file_need(catalog, NeedDraft(community, description, category, urgency, None, sender, key))


def offer(catalog, key, description="我是退休医生，周末可以给老人量血压", scope="town", community=None,
          town="浏河镇", resource_type="智力", provider_type="社区能人", name="王建国"):
    return file_resource(catalog, ResourceDraft(provider_type, name, description, resource_type, scope, community,
                                                town, "周末上午", "13912345678", "volunteer-1", key))


def tier(catalog, tracking_id):
    return project_of(catalog, tracking_id).tier


def test_every_need_becomes_a_pending_project_until_a_resource_fits(catalog):
    filed = need(catalog, "n1")
    project = project_of(catalog, filed.tracking_id)
    assert project.tier == "pending" and project.tier_label == "待治理项目"
    assert project.status == filed.status


def test_a_fitting_resource_promotes_the_project_and_says_why(catalog):
    filed = need(catalog, "n1")
    resource, helpable = offer(catalog, "r1")
    assert resource.tracking_id == "ZY000001"
    assert [h.tracking_id for h in helpable] == [filed.tracking_id]
    assert "类别相符：社区服务供给←智力" in helpable[0].reason
    project = project_of(catalog, filed.tracking_id)
    assert project.tier == "priority" and project.tier_label == "先治理项目"
    assert project.matches[0]["resource"] == "ZY000001" and project.matches[0]["status"] == "proposed"


def test_a_fit_without_evidence_is_a_suggestion_and_does_not_make_a_priority_project(catalog):
    filed = need(catalog, "n1", description="3号楼门口路灯不亮了好几天", category="基础设施提升")
    # In the same community and of a type that serves the dimension, but nothing about street lamps.
    _, helpable = offer(catalog, "r1", description="我是楼组长，楼里邻居都熟，有事可以找我", scope="community",
                        community="新塘村委会", resource_type="人力", provider_type="草根领袖")
    assert helpable == []  # a volunteer is not told a suggestion is a need they can help with
    project = project_of(catalog, filed.tracking_id)
    assert project.tier == "pending"
    assert [(m["strength"], m["status_label"]) for m in project.matches] == [("weak", "可能相关")]
    # Evidence arrives: the street-lamp team reaches the whole city.
    _, helpable = offer(catalog, "r2", description="市照明管理处，路灯坏了报杆号，两天内修好", scope="city", town=None,
                        resource_type="智力", provider_type="驻区单位", name="照明管理处")
    assert [h.tracking_id for h in helpable] == [filed.tracking_id] and "能力相符：路灯维修" in helpable[0].reason
    project = project_of(catalog, filed.tracking_id)
    assert project.tier == "priority"
    assert [m["status_label"] for m in project.matches] == ["待确认", "可能相关"]  # evidence first


def test_a_cadre_confirming_a_suggestion_makes_it_count(catalog):
    filed = need(catalog, "n1", description="3号楼门口路灯不亮了好几天", category="基础设施提升")
    offer(catalog, "r1", description="我是楼组长，楼里邻居都熟，有事可以找我", scope="community",
          community="新塘村委会", resource_type="人力", provider_type="草根领袖")
    match_id = project_of(catalog, filed.tracking_id).matches[0]["match_id"]
    set_match_status(catalog, match_id, "confirmed")
    assert tier(catalog, filed.tracking_id) == "priority"


def test_a_need_filed_after_the_resource_is_matched_at_once(catalog):
    offer(catalog, "r1")
    filed = need(catalog, "n1")
    assert tier(catalog, filed.tracking_id) == "priority"


def test_resources_elsewhere_or_of_another_type_do_not_promote(catalog):
    filed = need(catalog, "n1")
    offer(catalog, "r1", town="沙溪镇")
    offer(catalog, "r2", scope="city", town=None, resource_type="文化", description="伲广场舞队可以来给老人表演")
    assert tier(catalog, filed.tracking_id) == "pending"


def test_withdrawing_the_only_resource_demotes_the_project(catalog):
    filed = need(catalog, "n1")
    resource, _ = offer(catalog, "r1")
    assert withdraw_resource(catalog, resource.tracking_id).counted == 1
    project = project_of(catalog, filed.tracking_id)
    assert project.tier == "pending"
    assert project.matches[0]["status"] == "closed" and project.matches[0]["closed_reason"] == "资源已撤回"
    assert [r.status for r in iter_resources(catalog)] == ["withdrawn"]


def test_a_paused_resource_serves_nothing_until_it_is_resumed(catalog):
    from bot.resources.service import pause_resource, resume_resource

    filed = need(catalog, "n1")
    resource, _ = offer(catalog, "r1")
    assert tier(catalog, filed.tracking_id) == "priority"
    assert pause_resource(catalog, resource.tracking_id).counted == 1
    assert tier(catalog, filed.tracking_id) == "pending"
    assert [r.status for r in iter_resources(catalog)] == ["paused"]
    assert resume_resource(catalog, resource.tracking_id) is True
    assert tier(catalog, filed.tracking_id) == "priority" and [r.status for r in iter_resources(catalog)] == ["active"]
    assert resume_resource(catalog, resource.tracking_id) is False  # resumed already


def test_matching_everything_twice_changes_nothing_the_second_time(catalog):
    for i in range(3):
        need(catalog, f"n{i}", description=f"老人量血压的事第{i}次", sender=f"s{i}")
    offer(catalog, "r1")
    first = match_everything(catalog)
    before = [(p.tracking_id, p.tier, len(p.matches)) for p in iter_projects(catalog)]
    second = match_everything(catalog)
    assert second.new_matches == 0
    assert (first.priority, first.pending) == (second.priority, second.pending)
    assert [(p.tracking_id, p.tier, len(p.matches)) for p in iter_projects(catalog)] == before


def test_a_match_moves_along_its_life_and_the_need_follows(catalog):
    filed = need(catalog, "n1")
    offer(catalog, "r1")
    match_id = project_of(catalog, filed.tracking_id).matches[0]["match_id"]
    with pytest.raises(CatalogError):
        set_match_status(catalog, match_id, "done")  # not confirmed yet
    set_match_status(catalog, match_id, "confirmed")
    assert find_need(catalog, filed.tracking_id).status == "in_progress"
    set_match_status(catalog, match_id, "in_progress")
    set_match_status(catalog, match_id, "done", "医生每周六上午来量血压")
    project = project_of(catalog, filed.tracking_id)
    assert project.status == find_need(catalog, filed.tracking_id).status == "done"


def test_closing_a_match_needs_a_reason_and_never_means_done(catalog):
    filed = need(catalog, "n1")
    offer(catalog, "r1")
    match_id = project_of(catalog, filed.tracking_id).matches[0]["match_id"]
    with pytest.raises(CatalogError, match="原因"):
        set_match_status(catalog, match_id, "closed")
    set_match_status(catalog, match_id, "closed", "志愿者时间对不上")
    project = project_of(catalog, filed.tracking_id)
    assert project.status == "received" and project.tier == "pending"
    assert project.matches[0]["closed_reason"] == "志愿者时间对不上"


def test_a_resident_can_reopen_a_done_need(catalog):
    filed = need(catalog, "n1")
    update_status(catalog, filed.tracking_id, "done", "已处理")
    with pytest.raises(CatalogError):
        reopen_need(catalog, filed.tracking_id, "stranger")
    reopened = reopen_need(catalog, filed.tracking_id, "resident-1", "还是没人来量，电话13912345678")
    assert reopened.status == "reopened"
    assert reopened.latest_note == "居民反馈还没解决：还是没人来量，电话139****5678"  # their words, phone masked
    assert project_of(catalog, filed.tracking_id).status == "reopened"


def test_a_reopened_need_gets_back_the_help_that_was_proposed_and_is_counted(catalog):
    from bot.figures import Area, catalog_figures

    filed = need(catalog, "n1")
    offer(catalog, "r1")  # a retired doctor who measures blood pressure: evidence
    assert tier(catalog, filed.tracking_id) == "priority"
    update_status(catalog, filed.tracking_id, "done", "已处理")
    assert [m["status_label"] for m in project_of(catalog, filed.tracking_id).matches] == ["已关闭"]
    reopen_need(catalog, filed.tracking_id, "resident-1", "医生来过一趟就再没来过")
    project = project_of(catalog, filed.tracking_id)
    assert project.tier == "priority" and [m["status_label"] for m in project.matches] == ["待确认"]
    assert catalog_figures(catalog, Area()).reopened == 1


def test_me_too_finds_the_open_need_and_support_counts_once_per_resident(catalog):
    filed = need(catalog, "n1")
    similar = find_similar_open_need(catalog, "新塘村委会", "新塘村老人多 想请医生给老人量量血压", "neighbour-1")
    assert similar.tracking_id == filed.tracking_id
    assert find_similar_open_need(catalog, "新塘社区居委会", "老人量血压", "neighbour-1") is None  # another place
    assert find_similar_open_need(catalog, "新塘村委会", "村口路灯不亮了", "neighbour-1") is None  # another problem
    # A resident's own report is not offered back to them as someone else's.
    assert find_similar_open_need(catalog, "新塘村委会", "新塘村老人多 想请医生给老人量量血压", "resident-1") is None
    assert support_need(catalog, filed.tracking_id, "neighbour-1") == 1
    assert support_need(catalog, filed.tracking_id, "neighbour-1") == 1
    assert support_need(catalog, filed.tracking_id, "neighbour-2") == 2
    assert support_need(catalog, filed.tracking_id, "resident-1") == 2  # the filer is not counted twice
    assert project_of(catalog, filed.tracking_id).supporters == 2


def test_the_same_words_sent_again_by_their_filer_find_their_own_report(catalog):
    """Sent twice by mistake, or told again days later: pointed to the report filed, never filed twice."""
    from bot.projects.service import find_own_same_need

    filed = need(catalog, "n1")
    again = find_own_same_need(catalog, "新塘村委会", "新塘村老人多 想请医生给老人量量血压", "resident-1")
    assert again.tracking_id == filed.tracking_id
    assert find_own_same_need(catalog, "新塘村委会", "新塘村老人多 想请医生给老人量量血压", "neighbour-1") is None
    assert find_own_same_need(catalog, "新塘村委会", "村口路灯不亮了", "resident-1") is None  # another problem
    assert find_own_same_need(catalog, "新塘村委会", "新塘村老人多 想请医生给老人量量血压", "") is None


@pytest.mark.parametrize("first, second, same", [
    ("3号楼后面绿化带里的垃圾一个礼拜没人扫了", "3号楼后头绿化带里垃圾堆了好多天了没人来扫", True),  # 后头 = 后面
    ("5号楼电梯坏了，关了人在里面", "5幢电题又坏特了", True),  # 幢 = 号楼; 电题 sounds as 电梯
    ("5号楼电梯坏了，关了人在里面", "7号楼电梯坏了，关了人在里面", False),  # another building
    ("东门口路灯不亮了", "西门口路灯也不亮了", False),  # another side
])
def test_the_same_problem_is_found_in_other_words_and_only_at_the_same_spot(catalog, first, second, same):
    filed = need(catalog, "n1", description=first, category="人居环境整治")
    found = find_similar_open_need(catalog, "新塘村委会", second, "neighbour-1")
    assert (found is not None and found.tracking_id == filed.tracking_id) is same


def test_support_raises_a_project_in_the_catalog(catalog):
    quiet = need(catalog, "n1", description="希望多装几个路灯", category="基础设施提升", urgency="盼")
    loud = need(catalog, "n2", description="想要健身器材", category="基础设施提升", urgency="盼")
    support_need(catalog, loud.tracking_id, "neighbour-1")
    order = [p.tracking_id for p in iter_projects(catalog)]
    assert order.index(loud.tracking_id) < order.index(quiet.tracking_id)


def test_a_closed_need_cannot_be_supported(catalog):
    filed = need(catalog, "n1")
    update_status(catalog, filed.tracking_id, "closed", "重复反映")
    with pytest.raises(CatalogError):
        support_need(catalog, filed.tracking_id, "neighbour-1")


@pytest.mark.parametrize(
    "changes, message",
    [({"scope": "community", "community": None, "town": None}, "村（社区）"),
     ({"scope": "town", "town": None}, "镇"),
     ({"community": "北京朝阳社区", "scope": "community"}, "没有"),
     ({"resource_type": "金钱"}, "资源类型")],
)
def test_an_offer_without_a_usable_place_or_type_is_refused(catalog, changes, message):
    args = {"description": "我是退休医生，周末可以给老人量血压", "scope": "town", "community": None, "town": "浏河镇",
            "resource_type": "智力"}
    args.update(changes)
    with pytest.raises(CatalogError, match=message):
        offer(catalog, "r1", **args)
    assert list(iter_resources(catalog)) == []


def test_the_same_offer_twice_is_listed_once(catalog):
    first, _ = offer(catalog, "r1")
    again, _ = offer(catalog, "r1")
    assert first.tracking_id == again.tracking_id
    assert len(list(iter_resources(catalog))) == 1


def test_exports_mask_people_and_phones(catalog):
    filed = need(catalog, "n1")
    offer(catalog, "r1")
    out = io.StringIO()
    export_resources(catalog, "json", out)
    record = json.loads(out.getvalue())
    assert record["provider_name"] == "王**" and record["phone_masked"] == "139****5678"
    assert "13912345678" not in out.getvalue() and "王建国" not in out.getvalue()
    out = io.StringIO()
    export_projects(catalog, "csv", out)
    header, row = out.getvalue().splitlines()[:2]
    assert header.startswith("tracking_id,town,community")
    assert row.startswith(filed.tracking_id) and "先治理项目" in row


def test_an_organisation_keeps_its_name(catalog):
    resource, _ = offer(catalog, "r1", provider_type="驻区单位", name="太仓某物流有限公司",
                        description="会议室可以借给村里开会用", resource_type="物力", scope="community",
                        community="新塘村委会", town=None)
    assert resource.provider_name == "太仓某物流有限公司"
    assert resource.place == "浏河镇新塘村"


def test_reindex_reads_records_filed_before_capabilities_and_their_match_becomes_strong(catalog):
    """A catalog from before capabilities were read (keywords without tags, migration 0004's default "weak")."""
    from sqlalchemy import select, update

    from bot.catalog.models import MatchRow, NeedKeywordRow, NeedRow, ResourceKeywordRow, ResourceRow
    from bot.matching.service import reindex

    filed = need(catalog, "n1")
    offer(catalog, "r1")
    with catalog.unit_of_work() as session:  # as the records were before: plain words, every match weak
        session.execute(update(NeedRow).values(keywords="老人 血压 定期"))
        session.execute(update(ResourceRow).values(keywords="退休 医生 血压 老人"))
        session.query(NeedKeywordRow).delete()
        session.query(ResourceKeywordRow).delete()
        session.execute(update(MatchRow).values(strength="weak"))
    match_everything(catalog)
    assert tier(catalog, filed.tracking_id) == "pending"

    assert reindex(catalog) == (1, 1)
    with catalog.unit_of_work() as session:
        keywords = session.execute(select(NeedRow.keywords)).scalar()
        postings = {k for (k,) in session.execute(select(NeedKeywordRow.keyword))}
    assert "能:" in keywords and any(k.startswith("能:") for k in postings)
    match_everything(catalog)
    project = project_of(catalog, filed.tracking_id)
    assert project.tier == "priority" and [m["strength"] for m in project.matches] == ["strong"]
    assert reindex(catalog) == (0, 0)  # read again, nothing changes
