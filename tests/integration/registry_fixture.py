"""A registry and catalogs with known figures, for the cadre tests.

城厢镇 (23): 7 pilots from 2022-09-01 (老街巷 2, 普通商品房 1, 动迁安置 4): exactly the 30% line.
科教新城 (8): 2 pilots from 2022-10-01, 3 more from 2023-03-01: short at 2022's end, > 60% later.
浏河镇 (15): 9 pilots from 2023-06-01: exactly 60%, which does not meet "more than 60%".
沙溪镇 (28): 3 villages classified 特色乡村, no pilots. Every other town: nothing.
Needs: 沙溪镇 4 open (no resources), 城厢镇南园社区 3 (one done).
"""

from __future__ import annotations

from datetime import date

from bot.catalog.db import Catalog
from bot.needs.service import NeedDraft, file_need, update_status
from bot.places import Gazetteer
from bot.registry.service import change_registry

D_2022_06 = date(2022, 6, 1)


def _set(catalog, community, kind, classified, pilot_on=None):
    change_registry(catalog, community.name, community_type=kind, effective_on=classified, author="测试",
                    source="fixture")
    if pilot_on:
        change_registry(catalog, community.name, pilot=True, effective_on=pilot_on, author="测试", source="fixture")


def build_registry(catalog: Catalog, gazetteer: Gazetteer) -> dict:
    chengxiang = [c for c in gazetteer.communities_in("城厢镇") if c.kind == "社区"][:7]
    kinds = ["老街巷社区"] * 2 + ["普通商品房社区"] + ["动迁安置社区"] * 4
    for community, kind in zip(chengxiang, kinds, strict=True):
        _set(catalog, community, kind, D_2022_06, date(2022, 9, 1))
    kejiao = list(gazetteer.communities_in("科教新城"))
    for community in kejiao[:2]:
        _set(catalog, community, "普通商品房社区", D_2022_06, date(2022, 10, 1))
    for community in kejiao[2:5]:
        _set(catalog, community, "村改居社区", D_2022_06, date(2023, 3, 1))
    liuhe = list(gazetteer.communities_in("浏河镇"))[:9]
    for community in liuhe:
        kind = "特色乡村" if community.kind == "村" else "动迁安置社区"
        _set(catalog, community, kind, date(2023, 6, 1), date(2023, 6, 1))
    shaxi = [c for c in gazetteer.communities_in("沙溪镇") if c.kind == "村"][:3]
    for community in shaxi:
        _set(catalog, community, "特色乡村", D_2022_06)
    return {"chengxiang": chengxiang, "kejiao": kejiao, "liuhe": liuhe, "shaxi": shaxi}


def file_needs(catalog: Catalog, gazetteer: Gazetteer) -> dict:
    shaxi = gazetteer.communities_in("沙溪镇")
    texts = ["河道发臭没人管", "路灯坏了一个月", "老人吃饭不方便想要助餐点", "垃圾桶满了没人清"]
    categories = ["人居环境整治", "基础设施提升", "社区服务供给", "人居环境整治"]
    filed = []
    for i, (text, category) in enumerate(zip(texts, categories, strict=True)):
        need = file_need(catalog, NeedDraft(shaxi[i].name, text, category, "愁", "13962718830",
                                            f"resident-sx-{i}", f"key-sx-{i}"))
        filed.append(need.tracking_id)
    nanyuan = gazetteer.resolve("南园社区").community
    for i, (text, category) in enumerate([("楼道灯不亮", "基础设施提升"), ("电梯坏了", "基础设施提升"),
                                           ("楼下垃圾乱堆", "人居环境整治")]):
        need = file_need(catalog, NeedDraft(nanyuan.name, text, category, "急", "13812345678",
                                            f"resident-ny-{i}", f"key-ny-{i}"))
        filed.append(need.tracking_id)
    update_status(catalog, filed[-1], "done", "已清理", "测试")
    return {"tracking": filed, "nanyuan": nanyuan}
