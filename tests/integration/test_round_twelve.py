"""Round 12 of outside play, at the actions: questions about the levels, the choices and who answers are
answered and change nothing; a volunteer's full name and the unit's contact person are put where they belong;
the free text told anew replaces the old; "改内容" asks for the new words as such."""

from actions.asking import REWRITTEN_WHOLE
from actions.needs import ValidateNeedForm
from actions.resources import ActionAskResourceDescription, ValidateResourceForm
from tests.integration.conftest import make_tracker, run_action, run_action_events
from tests.integration.test_round_ten import slots_of, texts

REPORT = {"community": "中荷村委会", "town": "沙溪镇", "description": "阿拉田横头格灌溉泵站坏脱哉 稻田里水侪缺脱哉",
          "need_category": "基础设施提升"}
OFFER = {"resource_description": "我是城厢镇康乐社区的 退休了 以前小学老师 想帮帮小朋友做做功课；小朋友放学以后嘛",
         "resource_type": "智力", "provider_type": "社区能人", "provider_name": "周老师", "resource_scope": "town",
         "town": "城厢镇", "available_time": "周一到周五 下半天 3点到5点", "resource_phone": "13862715093"}


def test_asking_what_the_levels_mean_is_answered_and_no_level_is_taken(actions_catalog):
    tracker = make_tracker("急跟难有啥区别", intent="faq", slots=REPORT, requested_slot="urgency")
    events, messages = run_action_events(ValidateNeedForm(), tracker)
    assert "老大难" in texts(messages) and "有危险" in texts(messages)
    assert slots_of(events).get("urgency") is None


def test_asking_which_dimension_to_choose_lists_the_seven(actions_catalog):
    tracker = make_tracker("到底应该选啥 侬帮我看看有啥几种", intent="nlu_fallback", slots={**REPORT, "need_category": None},
                           requested_slot="need_category")
    events, messages = run_action_events(ValidateNeedForm(), tracker)
    assert all(name in texts(messages) for name in ("基础设施提升", "社区服务供给", "多元文化融合"))
    assert slots_of(events).get("need_category") is None and "到底应该选啥" not in str(slots_of(events).get("description"))


def test_asking_whether_a_person_answers_is_told_and_calls_no_one(actions_catalog):
    tracker = make_tracker("侬是真人还是机器人", intent="human_handoff", slots=REPORT, requested_slot="urgency")
    _, messages = run_action_events(ValidateNeedForm(), tracker)
    assert "不是真人" in texts(messages) and "回电" not in texts(messages)


def test_a_full_name_and_the_help_told_anew_go_each_where_they_belong(actions_catalog):
    tracker = make_tracker("还有能提供的格个写得乱七八糟 就写辅导小学生做作业 好了 我全名叫周月琴", intent="correct", slots=OFFER,
                           requested_slot="resource_confirmed", active_loop="resource_form", sender="volunteer-12")
    events, messages = run_action_events(ValidateResourceForm(), tracker)
    taken = slots_of(events)
    assert taken["provider_name"] == "周月琴" and taken["resource_description"] == "辅导小学生做作业"
    assert "已改" in texts(messages)


def test_a_units_contact_person_is_kept_beside_its_name_not_in_the_help(actions_catalog):
    unit = {**OFFER, "provider_name": "璜泾镇卫生院", "provider_type": "驻区单位", "resource_phone": None,
            "resource_description": "想每个月给老年人免费量一次血压测一下血糖"}
    tracker = make_tracker("联系人是我 公共卫生科张慧敏 电话18915633207", slots=unit, requested_slot="resource_phone",
                           active_loop="resource_form", sender="volunteer-13")
    events, _ = run_action_events(ValidateResourceForm(), tracker)
    taken = slots_of(events)
    assert taken["provider_name"] == "璜泾镇卫生院（张慧敏）" and taken["resource_phone"] == "18915633207"
    assert "张慧敏" not in (taken.get("resource_description") or "")


def test_change_the_help_pressed_asks_for_the_new_words_as_such():
    assert "resource_description" in REWRITTEN_WHOLE
    tracker = make_tracker('/correct{"field":"resource_description"}', intent="correct",
                           entities=[{"entity": "field", "value": "resource_description"}], slots={**OFFER, "resource_description": None},
                           requested_slot="resource_description", active_loop="resource_form")
    _, messages = run_action(ActionAskResourceDescription(), tracker)
    assert "替换原来写的" in texts(messages) and "谢谢您愿意出力" not in texts(messages)


# Round 13: the open question said again in plain words, the police question answered, never a cancel
def test_what_did_you_say_gets_the_open_question_in_plain_words(actions_catalog):
    tracker = make_tracker("侬讲啥", intent="inform",  # as the reading component passes it on
                           slots=REPORT, requested_slot="urgency")
    events, messages = run_action_events(ValidateNeedForm(), tracker)
    assert "我是问：这件事要不要马上处理" in texts(messages) and slots_of(events).get("urgency") is None


def test_asking_whether_to_call_the_police_is_answered_and_the_report_goes_on(actions_catalog):
    tracker = make_tracker("我问侬要勿要报警 打110", intent="cancel", slots=REPORT, requested_slot="urgency")
    events, messages = run_action_events(ValidateNeedForm(), tracker)
    assert "110" in texts(messages) and "取消" not in texts(messages)
    assert slots_of(events).get("requested_slot", "urgency") == "urgency"
