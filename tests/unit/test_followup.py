"""Cadres' follow-ups by ellipsis, as a table: the last question, the follow-up, the question it asks."""

from datetime import date

import pytest

from bot.cadres.followup import read_swap, swapped_question

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize("previous,follow_up,asked", [
    ("城厢镇试点覆盖率多少", "那浏河镇呢", "浏河镇试点覆盖率多少"),
    ("城厢镇试点覆盖率多少", "换成浮桥镇", "浮桥镇试点覆盖率多少"),
    ("城厢镇试点覆盖率多少", "东林村呢？", "东林村试点覆盖率多少"),
    ("城厢镇试点覆盖率多少", "全市呢", "全市试点覆盖率多少"),
    ("各镇覆盖率多少", "那我们镇呢", "我们镇覆盖率多少"),
    ("全市2022年底覆盖率达标了吗", "那浏河镇呢", "浏河镇2022年底覆盖率达标了吗"),
    ("全市2022年底覆盖率达标了吗", "去年呢", "去年全市覆盖率达标了吗"),
    ("全市2022年底覆盖率达标了吗", "现在呢", "全市覆盖率达标了吗"),
    ("全市2022年底覆盖率达标了吗", "那浮桥镇去年呢", "浮桥镇去年覆盖率达标了吗"),
    ("沙溪镇有多少个老街巷社区试点", "那传统乡村呢", "沙溪镇传统乡村有多少个试点"),
    ("沙溪镇有多少个老街巷社区试点", "浏河的呢", "浏河有多少个老街巷社区试点"),
    ("我们镇待治理项目有哪些", "那双凤镇呢", "双凤镇待治理项目有哪些"),
])
def test_a_follow_up_asks_the_last_question_with_one_part_swapped(gazetteer, previous, follow_up, asked):
    swap = read_swap(follow_up, gazetteer, TODAY)
    assert not swap.empty
    assert swapped_question(previous, swap, gazetteer) == asked


@pytest.mark.parametrize("said", ["好的谢谢", "那先这样吧", "我报的那个呢", "沙溪镇覆盖率呢", "那个", ""])
def test_what_swaps_no_part_is_not_a_follow_up(gazetteer, said):
    assert read_swap(said, gazetteer, TODAY).empty
