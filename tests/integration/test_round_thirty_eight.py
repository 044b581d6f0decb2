"""Round 38 of outside play, at the actions and on the benchmark's catalog: the villages with fewest resources
are named from none up."""

from __future__ import annotations

import re

from bot.cadres.roster import Cadre
from tests.integration.conftest import ask

SHUANGFENG = Cadre("C38", "测试", "town", "双凤镇", None)


def test_the_villages_with_fewest_resources_are_named_from_those_with_none(filled, gazetteer, base_settings):
    fewest = ask(filled, gazetteer, base_settings, SHUANGFENG, "资源清单几条 哪个村最少")
    counts = [int(n) for n in re.findall(r"(?:村|社区) (\d+)条", fewest.split("从少到多：")[1].split("。")[0])]
    assert counts and counts[0] == 0 and counts == sorted(counts), fewest
    assert re.search(r"\d+ 个村（社区）还没有本村（社区）的资源", fewest), fewest
    most = ask(filled, gazetteer, base_settings, SHUANGFENG, "各村资源按村排一下")
    assert "从多到少" in most and " 0条" not in most, most


def test_resources_able_to_do_what_a_cadre_asks_are_listed_and_none_is_said_plainly(filled, gazetteer, base_settings):
    from bot.resources.service import ResourceDraft, file_resource

    resource, _ = file_resource(filled, ResourceDraft("社区能人", "王建国", "退休医生，周末可以给老人量血压", "智力", "town", None,
                                                      "璜泾镇", "周末", "13812345678", "r38-doctor", "r38-doctor"))
    huangjing = Cadre("C38b", "测试", "town", "璜泾镇", None)
    doctors = ask(filled, gazetteer, base_settings, huangjing, "全镇有医生护士个资源伐")
    assert doctors.startswith("有") and resource.tracking_id in doctors and "医疗健康" in doctors, doctors
    plumbers = ask(filled, gazetteer, base_settings, huangjing, "有会修水电个资源伐")
    assert plumbers.startswith("没有") and "还没有能做" in plumbers and resource.tracking_id not in plumbers, plumbers
