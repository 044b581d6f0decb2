"""Reading a ranking of the rates: which rate, which end first, and when no ranking is asked at all."""

from __future__ import annotations

from datetime import date

import pytest

from bot.cadres.questions import CATALOG_INTENT, read_question, read_rate_ranking
from bot.places.loader import load_gazetteer


@pytest.mark.parametrize("text, rate, lowest_first", [
    ("哪个村解决率最低", "solved", True),
    ("满意率最高的社区是哪个", "satisfied", False),
    ("各村满意率排名", "satisfied", False),  # no end named: the best first
    ("我们镇哪个社区响应率最差", "responded", True),
    ("城厢镇响应率垫底的是哪几个村", "responded", True),
    ("全市满意度倒数的村有哪些", "satisfied", True),
    ("哪些社区群众最满意", "satisfied", False),
    ("重办率最高的村", "reopened", False),
    ("哪个村重办率最差", "reopened", False),  # for 重办率 the worse end is the higher figure
    ("各社区重办率排个名", "reopened", True),  # and the best first is the lowest
    ("按时办结率最低的社区", "on_time_finished", True),
    ("各村签收率排行", "on_time_acknowledged", False),
    ("哪个村综合得分最好", "composite", False),
    ("上个月各村解决率从低到高排一下", "solved", True),
    ("沙溪镇解决得最不好的村", "solved", True),
])
def test_a_ranking_names_its_rate_and_its_end(text, rate, lowest_first):
    asked = read_rate_ranking(text)
    assert asked is not None and (asked.rate, asked.lowest_first) == (rate, lowest_first)
    assert asked.name in asked.definition  # the answer says how the rate is counted


@pytest.mark.parametrize("text", ["我们镇满意率多少", "城厢镇的解决率是多少", "本镇解决率和满意率分别多少",
                                  "我们社区重办率高不高", "哪个村需求最多"])
def test_a_question_for_one_figure_is_no_ranking(text):
    assert read_rate_ranking(text) is None


@pytest.fixture(scope="module")
def gazetteer():
    from bot.config import load_settings

    return load_gazetteer(load_settings().places_csv)


@pytest.mark.parametrize("text, topic, town", [
    ("哪个村解决率最低", "rate_ranking", None),
    ("浏河镇满意率最高的社区是哪个", "rate_ranking", "浏河镇"),
    ("我们镇满意率多少", "rates", None),
    ("哪个镇需求最多", "top_places", None),  # other rankings keep their own topic
])
def test_the_topic_of_a_rate_ranking(gazetteer, text, topic, town):
    question = read_question(text, CATALOG_INTENT, gazetteer, date(2026, 12, 1))
    assert (question.topic, question.town) == (topic, town)


@pytest.mark.parametrize("text", ["哪个村综合得分最好", "沙溪镇解决得最不好的村", "哪些社区群众最满意", "各村签收率排行"])
def test_rankings_in_other_words_are_rate_rankings(gazetteer, text):
    assert read_question(text, CATALOG_INTENT, gazetteer, date(2026, 12, 1)).topic == "rate_ranking"


def test_a_ranking_that_counts_villages_stays_a_catalog_question(gazetteer):
    question = read_question("璜泾镇哪几个村满意度垫底", CATALOG_INTENT, gazetteer, date(2026, 12, 1))
    assert (question.intent, question.topic, question.town) == (CATALOG_INTENT, "rate_ranking", "璜泾镇")
