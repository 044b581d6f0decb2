"""What the assistant answers when it did not understand: why, and what it can do."""

import pytest
import yaml

from actions.fallback import MENU, fallback_reply
from bot.config import PROJECT_ROOT
from bot.text import clean_text

EMPTY = "您好像没有输入内容。有什么事，直接打字或发语音告诉我就行。"
EMOJI = "收到🙂 有什么需要帮忙的，用文字或语音跟我说说吧。"
FOREIGN = "目前我只会中文，请用中文跟我说。（Sorry, I only understand Chinese for now.）"
COURTESY = "好的👌 有事随时找我。"
OUT_OF_SCOPE = "这个我帮不上忙😅 我主要负责记录村（社区）里的急难愁盼问题、查询办理进度，以及回答分类共建试点的问题。"
NOT_UNDERSTOOD = "不好意思，我没太听懂。您可以换个说法，或者点下面的按钮："


@pytest.mark.parametrize("intent", ["nlu_fallback", "", "affirm"])
def test_an_empty_message_is_told_it_was_empty(intent):
    assert fallback_reply("", intent) == EMPTY


@pytest.mark.parametrize("raw", ["   ", "\u200b", "\ufeff\u3000"])
def test_a_message_of_blanks_or_invisible_characters_counts_as_empty_once_cleaned(raw):
    # The action reads the message through clean_text (actions.conversation.latest_text).
    assert fallback_reply(clean_text(raw), "nlu_fallback") == EMPTY


@pytest.mark.parametrize("text", ["👍", "😊😊", "🙏🙏🙏", "？？？", "。。。"])
def test_emoji_or_punctuation_only_is_acknowledged(text):
    assert fallback_reply(text, "nlu_fallback") == EMOJI


@pytest.mark.parametrize("intent", ["nlu_fallback", "out_of_scope", "affirm"])
def test_english_is_answered_in_chinese_and_english(intent):
    assert fallback_reply("Hello, can you help me with the street light?", intent) == FOREIGN


@pytest.mark.parametrize("text", ["今天天气怎么样", "帮我订张去上海的火车票", "讲个笑话"])
def test_a_chinese_out_of_scope_question_says_what_the_assistant_does(text):
    reply = fallback_reply(text, "out_of_scope")
    assert reply == OUT_OF_SCOPE
    assert "急难愁盼" in reply and "进度" in reply


@pytest.mark.parametrize("text, intent", [("好的", "affirm"), ("嗯嗯", "affirm"), ("不用了", "deny"), ("没有了", "deny")])
def test_a_yes_or_no_out_of_context_gets_a_courtesy(text, intent):
    assert fallback_reply(text, intent) == COURTESY


@pytest.mark.parametrize("text, intent", [("阿拉屋里厢额事体", "nlu_fallback"), ("那个那个", "inform"), ("12345", "nlu_fallback")])
def test_anything_else_says_it_did_not_understand_and_offers_the_menu(text, intent):
    assert fallback_reply(text, intent) == NOT_UNDERSTOOD


@pytest.mark.parametrize("text", ["ok", "OK", "Ok"])
def test_ok_is_a_courtesy_not_a_foreign_language(text):
    assert fallback_reply(text, "affirm") == COURTESY


def test_every_menu_button_triggers_a_declared_intent():
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    intents = set(domain["intents"])
    undeclared = [b["payload"] for b in MENU if not (b["payload"].startswith("/") and b["payload"][1:] in intents)]
    assert MENU and undeclared == []
