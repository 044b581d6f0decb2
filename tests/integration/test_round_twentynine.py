"""Round 29 of outside play, at the actions: words about the second of two matters, said while the first is
reported, go to that second matter; a volunteer's reach and time said aside, and a cadre's question taken for a
look-up of their own reports, answered as such."""

from actions.needs import ValidateNeedForm
from tests.integration.conftest import make_tracker, run_action_events
from tests.integration.test_round_ten import slots_of, texts

FIRST = {"community": "复兴社区居委会", "town": "浏河镇", "description": "楼道里被几户人家堆满了杂物，纸板箱旧家具都有",
         "need_category": "人居环境整治", "more_problems": ["我家顶楼一下雨就漏水，墙都霉了"]}


def test_words_about_the_queued_matter_go_to_it_not_to_this_one(actions_catalog):
    tracker = make_tracker("漏水那个说了好几年了", slots=FIRST, requested_slot="phone")
    events, messages = run_action_events(ValidateNeedForm(), tracker)
    taken = slots_of(events)
    assert taken.get("more_problems") == ["我家顶楼一下雨就漏水，墙都霉了，漏水那个说了好几年了"]
    assert "description" not in taken and "另一件" in texts(messages)


def test_words_about_this_matter_stay_with_it(actions_catalog):
    tracker = make_tracker("纸板箱堆了快一年了", slots=FIRST, requested_slot="phone")
    events, _ = run_action_events(ValidateNeedForm(), tracker)
    taken = slots_of(events)
    assert "纸板箱堆了快一年了" in (taken.get("description") or "") and "more_problems" not in taken
