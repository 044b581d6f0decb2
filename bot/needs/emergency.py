"""Emergencies: danger to life or property is told to call the emergency numbers first."""

from __future__ import annotations

import re

from bot.vocab.urgency import OVER_AND_DONE

# What people say when someone is in danger now (not "the lamp is broken").
_DANGER = {
    "120": r"倒在地上|叫不应|昏迷|没气了|没呼吸|晕倒|晕过去|抽搐|大出血|流了好多血|流血不止|心脏病发|中风了|喝农药|割腕|"
           r"想不开|跳楼|要跳|溺水|掉河里|掉水里|掉进河|(游泳|河里|水里).{0,6}(不行了|沉下去|救命|上不来)|救命|"
           r"胸口(好|很|老|真)?(痛|疼|闷)|喘不上气|透不过气|呼吸困难|不省人事|摔得起不来|(几|两|三|好几)天没(出门|开门|见人)|"
           r"(好几|几|两|三|多)(天|日)(没|勿|呒没|没有)((看到|看见|见到|见)(伊|她|他|人|老人|老太|阿婆|老伯)?(出来|出门|露面|人影)|出门|开门|露面)|牛奶.{0,4}没(拿|收)|"
           r"(要勿要|要不要|阿要|该不该|需要|用不用)(打|叫)(120|救护车)|"
           r"(老人|老太|阿婆|老伯|阿爹|好婆|独居|一个人住|邻居|他屋里|她屋里|伊屋里|伊拉屋里).{0,10}敲门(也)?没人(应|开)|吃错药|烫伤|触电",
    "119": r"着火|起火|失火|火灾|冒烟了|冒黑烟|烧起来|火很大|被困|(电线|电线杆|电箱|插座|电表).{0,6}(冒火|火花|冒烟|着了)",
    "燃气": r"煤气味|燃气味|漏气|燃气泄漏|煤气泄漏|天然气泄漏|液化气.{0,4}(漏|味)",
    "110": r"(要勿要|要不要|阿要|该不该|需要|用不用)(打|叫|报)(110|警察)|报警(伐|吗)|打架(?!子)|砍人|持刀|拿刀|拿着刀|动刀|抢劫|抢包|偷东西.*(正在|还在)|有人闯|撬门|家暴|拐卖|绑架|要杀|杀人|"
           r"有人(在|正在)(打|砸)",
}
# "万一着火哪能办", "哪天烧起来谁负责", "早晚要烧起来": a worry about what may come, not a fire now
_HYPOTHETICAL = re.compile(r"(?:万一|如果|要是|假如|假使|一旦|怕|担心|生怕|哪天|哪一天|早晚|迟早|总有一天|到辰光|到时候|"
                           r"弄不好|搞不好|说不定|会不会|容易|真要|真的要|真要是|真个要)[^，。,！!？?\s]*")

# Words about which kind of matter it is ("类别改平安建设 着火骗子都是平安个事体"): no danger now.
_ABOUT_KINDS = re.compile(r"[^，。,！!？?\s]*(?:类别|分类|归到|属于|都是[^，。,！!？?\s]{0,4}(?:事体|事情|问题))[^，。,！!？?\s]*")
NOT_A_SUBSTITUTE = "这里的留言不能代替紧急求助。"
ADVICE = {
    "120": "有人有生命危险，请立刻拨打 120 急救电话！",
    "119": "着火或有人被困，请立刻拨打 119！",
    "燃气": "闻到燃气味请马上开窗、不要开关电器或打电话，到室外拨打燃气抢修电话或 119！",
    "110": "遇到违法犯罪或人身危险，请立刻拨打 110！",
}


def emergency_advice(text: str) -> str | None:
    """What to do right now, when the text describes an emergency; None otherwise."""
    real = _HYPOTHETICAL.sub("", text or "")  # "消防通道堵牢 万一着火哪能办": a worry, not a fire
    real = _ABOUT_KINDS.sub("", real)
    real = OVER_AND_DONE.sub("", real)  # "上次隔壁楼着火": danger that is over calls no one now
    found = [ADVICE[kind] for kind, pattern in _DANGER.items() if re.search(pattern, real)]
    if not found:
        return None
    return "⚠️ " + "".join(found) + f" {NOT_A_SUBSTITUTE}"


def advice_not_yet_given(text: str, answers: list[str]) -> str | None:
    """The emergency advice for what was said, unless the assistant's answers already give it.

    The channels add it to any answer: whatever the assistant made of "救命啊" (a greeting, a
    thank-you), the resident first reads to call 110, 119 or 120.
    """
    advice = emergency_advice(text)
    if advice is None or any(NOT_A_SUBSTITUTE in answer for answer in answers):
        return None
    return advice
