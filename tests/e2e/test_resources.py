"""A resident reports a need, a volunteer offers a fitting resource, the project moves up."""

import pytest

from bot.catalog.db import Catalog
from bot.projects.service import project_of
from tests.e2e.conftest import Chat

pytestmark = pytest.mark.e2e


def project(database_url, tracking_id):
    catalog = Catalog(database_url)
    try:
        return project_of(catalog, tracking_id)
    finally:
        catalog.dispose()


def test_a_volunteer_offer_promotes_the_residents_project(servers, e2e_database):
    resident = Chat(servers.rasa_url, "e2e-resident-blood-pressure")
    # Place, problem and dimension are in the first message; how urgent it is, the resident says.
    assert "有多急" in resident.text("我是璜泾镇雅鹿村的，村里独居老人多，希望有医生定期来给老人量血压")
    assert "手机号" in resident.text("不急，希望以后能有")
    assert "社区服务供给" in resident.text("不留")
    reply = resident.text("确认")
    assert "编号：XQ" in reply, reply
    tracking_id = reply.split("编号：")[1][:8]
    assert project(e2e_database, tracking_id).tier == "pending"

    volunteer = Chat(servers.rasa_url, "e2e-volunteer-doctor")
    reply = volunteer.text("我是退休医生，周末可以给老人量血压")
    assert "怎么称呼" in reply
    assert "覆盖哪里" in volunteer.text("叫我陈医生")
    assert "哪个镇" in volunteer.text("全镇都可以")
    assert "联系电话" in volunteer.text("璜泾镇")
    reply = volunteer.text("13962712345")
    assert "139****2345" in reply and "陈**" in reply and "璜泾镇" in reply
    reply = volunteer.text("确认")
    assert "资源清单" in reply and tracking_id in reply

    promoted = project(e2e_database, tracking_id)
    assert promoted.tier == "priority" and promoted.tier_label == "先治理项目"
    assert promoted.matches[0]["status"] == "proposed"
    assert "同一镇" in promoted.matches[0]["reason"]
