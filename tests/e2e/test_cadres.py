"""A town imports its registry sheet, then a cadre and a resident ask through the real servers."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from bot.catalog.db import Catalog
from bot.config import PROJECT_ROOT
from tests.e2e.conftest import CADRE_SENDER, Chat, scalar

pytestmark = pytest.mark.e2e

SHEET = (
    "镇,村（社区）,类型,分类日期,是否试点,试点日期\n"
    "城厢镇,中区社区,老街巷社区,2022-06-01,是,2022-09-01\n"
    "城厢镇,东区社区,老街巷社区,2022-06-01,是,2022-09-01\n"
    "城厢镇,府东社区,普通商品房社区,2022-06-01,是,2023-02-01\n"
    "城厢镇,县府社区,动迁安置社区,2022-06-01,是,2022-11-01\n"
    "城厢镇,桃园社区,动迁安置社区,2022-06-01,是,2022-11-01\n"
    "城厢镇,永丰村,传统乡村,2022-06-01,是,2022-11-01\n"
    "沙溪镇,半泾村,特色乡村,2022-06-01,否,\n"
)


def import_sheet(tmp_path, database_url: str) -> subprocess.CompletedProcess:
    sheet = tmp_path / "城厢镇分类表.csv"
    sheet.write_bytes(SHEET.encode("gbk"))  # as Excel on a Chinese Windows saves it
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run([sys.executable, "-m", "bot", "registry", "import", str(sheet), "--author", "王芳"],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_a_cadre_asks_and_changes_a_resident_is_politely_refused(servers, e2e_database, tmp_path):
    imported = import_sheet(tmp_path, e2e_database)
    assert imported.returncode == 0, imported.stderr
    assert "更新 7 个" in imported.stdout

    cadre = Chat(servers.rasa_url, CADRE_SENDER)
    assert cadre.text("我们镇有几个试点社区？").startswith("城厢镇试点共 6 个（城厢镇共 23 个村（社区），试点覆盖率 26.1%）")
    reply = cadre.text("2022年底城厢镇覆盖率达标没有")
    assert "截至2022年底，城厢镇试点覆盖率 21.7%（试点 5 个 / 共 23 个村（社区））" in reply
    assert "2022年底达到30%（至少 7 个）：到期时试点 5 个，未达标，差 2 个。" in reply

    preview = cadre.say("南园社区定为老街巷社区并设为试点")
    assert preview[0]["text"].startswith("要记录：城厢镇南园社区"), preview
    assert cadre.text("城厢镇有几个试点").startswith("城厢镇试点共 6 个")  # nothing written before the tap
    reply = cadre.text(preview[0]["buttons"][0]["payload"])  # 确认修改
    assert reply.startswith("已记录：城厢镇南园社区"), reply
    assert cadre.text("我们镇有几个试点社区？").startswith("城厢镇试点共 7 个")
    now = cadre.text("城厢镇现在覆盖率多少")  # the 2022 target is judged on its deadline, then and now
    assert "2022年底达到30%（至少 7 个）：到期时试点 5 个，未达标，差 2 个；现在已达到" in now

    shown = cadre.say("城厢镇还有哪些没分类")
    button = shown[-1]["buttons"][0]["payload"]
    assert shown[-1]["text"].count("· ") == 5 and button.startswith("/show_more{")
    cadre.text("城厢镇有哪些试点")  # a later list does not change what the earlier button shows
    full = "\n".join(m.get("text", "") for m in cadre.say(button))
    assert full.count("· ") == 23 - 7 and "南园社区" not in full

    resident = Chat(servers.rasa_url, "e2e-resident-curious")
    reply = resident.text("看看别人反映了啥")
    assert "只有负责当地的干部可以查看" in reply
    reply = resident.text("南园社区设为试点")
    assert "只能由名册里" in reply
    refused = scalar(e2e_database, "SELECT count(*) FROM access_refusals WHERE sender_id = 'e2e-resident-curious'")
    assert refused == 2
    assert scalar(e2e_database, "SELECT count(*) FROM registry_changes WHERE author LIKE '王芳（C001）'") == 1


def test_the_catalog_figures_match_the_database(servers, e2e_database):
    resident = Chat(servers.rasa_url, "e2e-resident-figures")
    reply = resident.text("城厢镇南园社区门口的下水道堵了好几天了，很急")
    answers = {"同一件事": "不是，是另外一件", "手机号": "不留", "请核对": "确认"}  # whatever else was filed before
    reply = resident.answer(reply, answers)
    assert "编号：XQ" in reply, reply
    tracking_id = reply.split("编号：")[1][:8]

    cadre = Chat(servers.rasa_url, CADRE_SENDER)
    pending = scalar(e2e_database, "SELECT count(*) FROM needs n JOIN projects p ON p.need_id = n.id "
                                   "JOIN communities c ON c.id = n.community_id JOIN towns t ON t.id = c.town_id "
                                   "WHERE t.name = '城厢镇' AND p.tier = 'pending' "
                                   "AND n.status IN ('received', 'in_progress', 'reopened')")
    longest = scalar(e2e_database, "SELECT n.tracking_id FROM needs n JOIN projects p ON p.need_id = n.id "
                                   "JOIN communities c ON c.id = n.community_id JOIN towns t ON t.id = c.town_id "
                                   "WHERE t.name = '城厢镇' AND p.tier = 'pending' "
                                   "AND n.status IN ('received', 'in_progress', 'reopened') "
                                   "ORDER BY n.created_at, n.id LIMIT 1")
    reply = cadre.text("城厢镇哪些需求等得最久还没有资源")
    assert f"城厢镇现在有 {pending} 个待治理项目" in reply and longest in reply
    assert pending > 1 or tracking_id == longest
    total = scalar(e2e_database, "SELECT count(*) FROM needs")
    assert f"全市需求目录共 {total} 条" in cadre.text("全市一共有多少需求")


def test_a_follow_up_by_ellipsis_asks_the_last_question_again_with_one_part_swapped(servers):
    asker = Chat(servers.rasa_url, "e2e-cadre-follow-ups")
    assert "城厢镇" in asker.text("城厢镇试点覆盖率多少")
    follow = asker.text("那浏河镇呢")
    assert "再见" not in follow and "浏河镇" in follow and "城厢镇" not in follow
    # the same answer as the whole question asked afresh, by someone with no history
    assert follow == Chat(servers.rasa_url, "e2e-cadre-direct-1").text("浏河镇试点覆盖率多少")
    at_deadline = asker.text("那2022年底呢")
    assert "2022年底" in at_deadline and "浏河镇" in at_deadline
    assert at_deadline == Chat(servers.rasa_url, "e2e-cadre-direct-2").text("浏河镇2022年底试点覆盖率多少")


def test_a_gap_a_list_and_an_item_of_it_asked_after_a_figure(servers, e2e_database, tmp_path):
    assert import_sheet(tmp_path, e2e_database).returncode == 0  # 城厢镇's pilots (again, if imported before)
    asker = Chat(servers.rasa_url, "e2e-cadre-gap-and-item")
    assert "城厢镇试点覆盖率" in asker.text("城厢镇试点覆盖率多少")
    gap = asker.text("换成60%呢 还差几个")
    assert gap.startswith(("城厢镇离“2023年超过60%”", "城厢镇已达到“2023年超过60%”")), gap
    listed = asker.text("名单发下")
    assert "试点名单：" in listed, listed
    first = next(line for line in listed.splitlines() if line.startswith("· "))[2:].split("（")[0]
    about = asker.text("第一个是啥类型")
    assert about.startswith(f"城厢镇{first}属于"), about  # the item shown first, never a general answer


def test_a_cadre_asks_what_is_overdue_and_presses_for_it(servers, e2e_database):
    from datetime import datetime, timedelta

    from bot.needs.service import NeedDraft, file_need

    catalog = Catalog(e2e_database)
    try:  # filed six weeks ago and never acknowledged: past every limit, whatever weekday or hour the test runs
        # (three weeks could be exactly the 15 working days an engineering need is given, just after Beijing midnight)
        late = file_need(catalog, NeedDraft("南园社区居委会", "小区门口的路灯坏了三个礼拜", "基础设施提升", "愁", None,
                                            "e2e-late-resident", "e2e-late-1"),
                         received_at=datetime.utcnow() - timedelta(days=42)).tracking_id
    finally:
        catalog.dispose()
    cadre = Chat(servers.rasa_url, CADRE_SENDER)
    reply = cadre.text("我们镇哪些超期了")
    assert "件需求超过时限" in reply and late in reply and "签收、联系居民、办结超时" in reply, reply
    pressed = cadre.text(f"督办{late} 这个月必须修好")
    assert pressed.startswith(f"已督办 {late}"), pressed
    assert scalar(e2e_database, f"SELECT supervisions FROM needs WHERE tracking_id = '{late}'") == 1
    rates = cadre.text("我们镇满意率多少")
    assert "城厢镇的需求" in rates and "按时签收率" in rates, rates
    resident = Chat(servers.rasa_url, "e2e-overdue-resident")
    figures = resident.text("城厢镇超期的需求有几件")
    assert "件需求超过时限" in figures and late not in figures, figures


def test_an_item_asked_by_its_place_is_the_one_shown_and_its_project_is_asked_after_it(servers, e2e_database):
    from bot.needs.service import NeedDraft, file_need

    def filed(words: str, key: str) -> str:
        catalog = Catalog(e2e_database)
        try:
            return file_need(catalog, NeedDraft("东林村委会", words, "基础设施提升", "急", None, "e2e-item-resident",
                                                key)).tracking_id
        finally:
            catalog.dispose()

    filed("东林村村委会门口的公告栏玻璃碎了", "e2e-item-1")  # a place and matters no other test reports
    filed("东林村文化礼堂的椅子坏了好几把", "e2e-item-2")
    cadre = Chat(servers.rasa_url, CADRE_SENDER)
    listed = cadre.text("我们镇还没办结的需求名单发我")
    shown = [line[2:].split(" ")[0] for line in listed.splitlines() if line.startswith("· ")]
    assert len(shown) >= 2, listed
    filed("东林村老年活动室的空调不制冷", "e2e-item-3")  # a newer need comes in: the list as shown still numbers the items
    second = cadre.text("第二个啥情况")
    assert shown[1] in second.splitlines()[0], second
    phone = cadre.text("电话多少")  # of that need's reporter: its card again, never a call-back form
    assert shown[1] in phone.splitlines()[0] and "联系电话" in phone and "反映时间" in phone, phone
    tier = cadre.text("这条是先治理还是待治理")
    assert tier.startswith(f"关于 {shown[1]}：") and "项目目录：" in tier, tier
    owner = cadre.text("这条现在谁在跟")  # round 21: who follows it up, never a resident's menu or a place asked
    assert owner.startswith(f"关于 {shown[1]}：") and "负责跟进：城厢镇东林村" in owner, owner
    due = cadre.text("这条超期了没")
    assert due.startswith(f"关于 {shown[1]}：") and "按时限应在" in due, due  # that need's own limit, not the town's
    levels = cadre.text("急难愁盼各多少").splitlines()[0]  # of the open needs still asked about
    assert levels.startswith("城厢镇未办结的需求按急难愁盼：急 "), levels
    total = scalar(e2e_database, "SELECT count(*) FROM needs AS n JOIN communities AS c ON c.id = n.community_id "
                                 "JOIN towns AS t ON t.id = c.town_id WHERE t.name = '城厢镇' "
                                 "AND n.status NOT IN ('done', 'closed')")
    assert sum(int(n) for n in re.findall(r"(\d+) 条", levels)) == total


def test_a_listed_need_named_by_its_words_and_its_card_says_how_urgent(servers, e2e_database):
    """Rounds 26 and 27: "公告牌格条，电话有伐" names the listed need by its words (it once opened a report); its card
    says how urgent it is ("格条急勿急"); "第二条" alone shows that item."""
    from bot.needs.service import NeedDraft, file_need

    catalog = Catalog(e2e_database)
    try:
        for n, words in enumerate(["东林村健身路径的单杠断脱了", "东林村宣传公告牌被风吹倒了"]):
            file_need(catalog, NeedDraft("东林村委会", words, "基础设施提升", "急", None, "e2e-r27-resident", f"e2e-r27-{n}"))
    finally:
        catalog.dispose()
    cadre = Chat(servers.rasa_url, CADRE_SENDER)
    listed = cadre.text("我们镇还没办结的需求名单发我")
    shown = [line[2:] for line in listed.splitlines() if line.startswith("· ")]
    board = next((item.split(" ")[0] for item in shown if "公告牌" in item), None)
    if board is None:
        listed = cadre.text("查看完整名单")
        shown = [line[2:] for line in listed.splitlines() if line.startswith("· ")]
        board = next(item.split(" ")[0] for item in shown if "公告牌" in item)
    card = cadre.text("公告牌格条，电话有伐")
    assert board in card.splitlines()[0] and "联系电话" in card and "有多急" not in card, card
    urgent = cadre.text("格条急勿急？")
    assert board in urgent.splitlines()[0] and "紧急程度：急" in urgent, urgent
    cadre.text("我们镇还没办结的需求名单发我")
    second = cadre.text("第二条")
    assert "编号" in second.splitlines()[0] and "没太听懂" not in second, second


def test_short_follow_ups_ask_the_total_an_item_pointed_at_and_one_within_a_part(servers, e2e_database):
    """Round 16: "总共多少条？", "具体讲讲这条" after a list of several, "急的里面第二条具体讲讲"."""
    from bot.needs.service import NeedDraft, file_need

    catalog = Catalog(e2e_database)
    try:
        for n, (words, level) in enumerate([("东林村桥头路灯坏了", "急"), ("东林村河边栏杆松了", "急"),
                                            ("东林村活动室门锁坏了", "盼")]):
            file_need(catalog, NeedDraft("东林村委会", words, "基础设施提升", level, None, "e2e-r16-resident", f"e2e-r16-{n}"))
    finally:
        catalog.dispose()
    cadre = Chat(servers.rasa_url, CADRE_SENDER)
    listed = cadre.text("东林村哪些需求还没解决")
    head = re.search(r"未办结的需求 (\d+) 条", listed)
    assert head, listed
    total = cadre.text("总共多少条？")
    assert f"未办结的需求 {head.group(1)} 条" in total and "帮不上" not in total, total
    cadre.text("东林村哪些需求还没解决")
    which = cadre.text("具体讲讲这条")
    assert "哪一项" in which and "第几条" in which, which  # several shown: which one is asked, never guessed
    urgent = cadre.text("急的里面第二条具体讲讲")
    shown = cadre.text("东林村急的需求列一下")
    second = [line[2:].split(" ")[0] for line in shown.splitlines() if line.startswith("· ")][1]
    assert urgent.startswith(f"编号 {second}"), (urgent, shown)


def test_two_places_compared_in_wu_say_which_leads(servers):
    """Round 17: "搭浏河镇比比看，啥人多" after a town's figure: both answers, then which is more."""
    cadre = Chat(servers.rasa_url, CADRE_SENDER)
    own = cadre.text("城厢镇需求有几条")
    compared = cadre.text("搭浏河镇比比看，啥人多")
    assert own.splitlines()[0] in compared and "浏河镇需求目录共" in compared, compared
    mine, theirs = (int(re.search(rf"{town}需求目录共 (\d+) 条", compared).group(1)) for town in ("城厢镇", "浏河镇"))
    if mine != theirs:
        assert f"两相比较：{'城厢镇' if mine > theirs else '浏河镇'}" in compared, compared


def test_more_detail_asked_after_a_count_lists_it_and_a_fresh_question_is_no_follow_up(servers, e2e_database):
    """Round 19: "详细点" after a count lists what it counted; "重办的是哪几条" after a week's figure asks afresh."""
    from bot.needs.service import NeedDraft, file_need

    catalog = Catalog(e2e_database)
    try:
        file_need(catalog, NeedDraft("万丰村委会", "万丰村村口垃圾桶满出来没人倒", "人居环境整治", "愁", None,
                                     "e2e-r19-resident", "e2e-r19-0"))
    finally:
        catalog.dispose()
    cadre = Chat(servers.rasa_url, CADRE_SENDER)
    count = cadre.text("万丰村需求有几条")
    listed = cadre.text("详细点")
    assert listed.splitlines()[0] == count.splitlines()[0] and "· XQ" in listed, listed
    cadre.text("这个礼拜新报了几条")
    reopened = cadre.text("重办的是哪几条")
    assert "重办的需求" in reopened and "本周" not in reopened, reopened


def test_a_months_report_and_why_an_item_is_pending_are_answered(servers, e2e_database):
    """Round 22: "帮我出个月报" is the town's month in five parts, never "帮不上忙"; "XQ…为啥是待治理" says where that
    need stands after the general answer; "待治理的列几条看看" after its card lists the catalog's, not the card."""
    from bot.needs.service import NeedDraft, file_need

    catalog = Catalog(e2e_database)
    try:
        need = file_need(catalog, NeedDraft("东林村委会", "东林村桥头路灯杆歪了要倒下来", "基础设施提升", "急", None,
                                            "e2e-r22-resident", "e2e-r22-0"))
    finally:
        catalog.dispose()
    cadre = Chat(servers.rasa_url, CADRE_SENDER)
    report = cadre.text("帮我出个月报")
    assert report.startswith("城厢镇本月") and "五、试点" in report, report
    why = cadre.text(f"{need.tracking_id}为啥是待治理")
    assert f"关于 {need.tracking_id}：" in why and "项目目录：" in why, why
    listed = cadre.text("待治理的列几条看看")
    assert f"关于 {need.tracking_id}：" not in listed and "· XQ" in listed, listed
    ranked = cadre.text("各村需求排个名")
    assert "从多到少" in ranked, ranked
    bottom = cadre.text("倒过来，最少的几个")
    assert "从少到多" in bottom and "有多急" not in bottom, bottom


def test_again_is_no_goodbye(servers):
    """Round 23: "再出个季报" (再, again) is the quarter's report, never "再见"; "再见" is a goodbye."""
    cadre = Chat(servers.rasa_url, CADRE_SENDER)
    report = cadre.text("再出个季报")
    assert report.startswith("城厢镇本季度") and "再见" not in report, report
    assert "再见" in cadre.text("好的，再见")


def test_the_mid_term_evaluation_and_resources_not_yet_put_to_use(servers):
    """Round 24: "中期评估要准备啥" (a general answer about time limits before) says what the report holds, where
    to get it and the figures now; "哪些资源还没对接上需求" lists the resources not yet put to any need."""
    cadre = Chat(servers.rasa_url, CADRE_SENDER)
    reply = cadre.text("中期评估要准备啥")
    assert "下载中期评估报告" in reply and "城厢镇试点覆盖率" in reply, reply
    reply = cadre.text("哪些资源还没对接上需求？")
    assert "在册可用资源" in reply and ("还没对接上需求的" in reply or "都已经对接上需求" in reply
                                    or "还没有登记的资源" in reply), reply
    assert "三份目录" not in reply, reply
    reply = cadre.text("我是问城厢镇搭浮桥镇整体的办结率比一比")  # round 25: figures, never a report
    assert "办结率" in reply and "有多急" not in reply and "哪个镇、哪个村" not in reply, reply


def test_a_report_by_name_a_place_beside_the_city_and_a_village_s_rank(servers):
    """Round 28: "中期评估报告 城厢镇" (no question word) got the resident menu; "伲城厢镇个办结率搭全市比比看" gave the
    town only; "桃园社区在城厢镇排第几" gave no rank; "今年跟去年比 需求多了还是少了" compared months."""
    cadre = Chat(servers.rasa_url, CADRE_SENDER)
    reply = cadre.text("中期评估报告 城厢镇")
    assert "下载中期评估报告" in reply and "反映问题" not in reply, reply
    reply = cadre.text("伲城厢镇个办结率搭全市比比看")
    assert "城厢镇的需求" in reply and "全市的需求" in reply and reply.count("办结率") >= 2, reply
    reply = cadre.text("桃园社区在城厢镇排第几")
    assert "城厢镇桃园社区需求" in reply and "排第 " in reply, reply
    reply = cadre.text("今年跟去年比 需求多了还是少了")
    assert "去年" in reply and "上个月" not in reply, reply
