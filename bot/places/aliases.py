"""Names people use for Taicang's town-level units, beside the NBS names.

Each entry is checked against a public source, named beside it. NBS lists eight town-level
units; the 街道 and the port zone that residents and cadres name are run by two of them
(see ../shared/data/SOURCES.md).
"""

TOWN_ALIASES: dict[str, tuple[str, ...]] = {
    # The bare names of the six 镇 are how every local source and resident names them.
    "城厢镇": ("城厢",),
    "沙溪镇": ("沙溪",),
    "浏河镇": ("浏河",),
    "璜泾镇": ("璜泾",),
    "双凤镇": ("双凤",),
    # The port zone (太仓港经济技术开发区, 港区, 太仓港) is run together with 浮桥镇
    # (SOURCES.md; Taicang government site, 浮桥镇 profile).
    "浮桥镇": ("浮桥", "港区", "太仓港", "太仓港区", "太仓港经济技术开发区"),
    # 太仓高新区 runs 娄东街道 and 陆渡街道, whose communities NBS lists under 经济开发区
    # (SOURCES.md; 娄东街道 formed 2011, 陆渡街道 split from it in 2019).
    "经济开发区": (
        "开发区",
        "经开区",
        "太仓经济开发区",
        "高新区",
        "太仓高新区",
        "娄东街道",
        "娄东",
        "陆渡街道",
    ),
    "科教新城": ("科教城", "太仓科教新城", "新城"),  # 新城花园 stays the community: the longest name wins
}


# How a place name is said where the characters read otherwise (voice input writes what it hears):
# 茜泾 of 浮桥镇 is said Xījīng locally (浮桥镇 profile, Taicang government site), so "西京" is that name.
PLACE_READINGS: dict[str, list[list[str]]] = {
    "茜泾": [["xi"], ["jing"]],
}
