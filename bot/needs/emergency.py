"""Emergencies: danger to life or property is told to call the emergency numbers first."""

from __future__ import annotations

import re

# What people say when someone is in danger now (not "the lamp is broken").
_DANGER = {
    "120": r"倒在地上|叫不应|昏迷|没气了|没呼吸|晕倒|抽搐|大出血|流了好多血|心脏病发|中风了|喝农药|割腕|想不开|跳楼|溺水|掉河里",
    "119": r"着火|起火|火灾|冒烟了|烧起来|火很大|被困",
    "燃气": r"煤气味|燃气味|漏气|燃气泄漏|煤气泄漏|天然气泄漏",
    "110": r"打架|砍人|抢劫|偷东西.*(正在|还在)|有人闯|家暴|拐卖",
}
ADVICE = {
    "120": "有人有生命危险，请立刻拨打 120 急救电话！",
    "119": "着火或有人被困，请立刻拨打 119！",
    "燃气": "闻到燃气味请马上开窗、不要开关电器或打电话，到室外拨打燃气抢修电话或 119！",
    "110": "遇到违法犯罪或人身危险，请立刻拨打 110！",
}


def emergency_advice(text: str) -> str | None:
    """What to do right now, when the text describes an emergency; None otherwise."""
    found = [ADVICE[kind] for kind, pattern in _DANGER.items() if re.search(pattern, text or "")]
    if not found:
        return None
    return "⚠️ " + "".join(found) + " 这里的留言不能代替紧急求助。"
