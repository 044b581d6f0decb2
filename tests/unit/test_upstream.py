"""Choosing among several Rasa servers: the sender's own first, one that just failed last."""

from __future__ import annotations

import pytest

from bot.web.upstream import Upstreams

URLS = ["http://127.0.0.1:5005/", "http://127.0.0.1:5006", "http://127.0.0.1:5007"]


def test_a_sender_keeps_its_server_and_senders_spread_over_all():
    upstreams = Upstreams.of(URLS)
    assert upstreams.order_for("resident-1") == upstreams.order_for("resident-1")
    firsts = {upstreams.order_for(f"resident-{i}")[0] for i in range(60)}
    assert firsts == {u.rstrip("/") for u in URLS}
    assert sorted(upstreams.order_for("resident-1")) == sorted(u.rstrip("/") for u in URLS)


def test_a_failed_server_goes_last_for_a_while_and_back_when_it_answers():
    upstreams = Upstreams.of(URLS)
    own = upstreams.order_for("resident-7")[0]
    upstreams.failed(own)
    assert upstreams.order_for("resident-7")[-1] == own
    upstreams.answered(own)
    assert upstreams.order_for("resident-7")[0] == own


def test_one_url_or_none():
    assert Upstreams.of("http://127.0.0.1:5005/").urls == ("http://127.0.0.1:5005",)
    with pytest.raises(ValueError):
        Upstreams.of([])


def test_a_wechat_follower_is_known_by_the_sender_in_the_xml():
    from bot.web.wechat import follower_key

    xml = b"<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oAbc123]]></FromUserName></xml>"
    assert follower_key(xml) == "oAbc123"  # the query's openid, covered by no signature, is not read
    assert follower_key(b"<xml><FromUserName>oPlain9</FromUserName></xml>") == "oPlain9"
    encrypted = b"<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[a2V5]]></Encrypt></xml>"
    assert follower_key(encrypted) == encrypted.decode()  # a retry is the same body: the same server
    upstreams = Upstreams.of(URLS)
    assert upstreams.order_for(follower_key(xml)) == upstreams.order_for(follower_key(xml + b" "))
