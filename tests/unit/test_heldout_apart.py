"""Held-out sets never share a message with the training data (punctuation, spaces, places aside)."""


import pytest
import yaml

from bot.config import PROJECT_ROOT
from bot.dialogue.apart import overlaps

NLU = PROJECT_ROOT / "data" / "nlu"
HELD_OUT = PROJECT_ROOT / "bench" / "heldout"


def nlu_training_texts() -> list[str]:
    texts = []
    for path in sorted(NLU.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            examples = block.get("examples") or ""
            texts += [line[2:].strip() for line in examples.splitlines() if line.startswith("- ")]
    return texts


def category_training_texts() -> list[str]:
    texts = []
    for path in sorted((PROJECT_ROOT / "data" / "categories").glob("*.yml")):
        texts += [str(t) for t in yaml.safe_load(path.read_text(encoding="utf-8"))["examples"]]
    return texts


def conversation_lines() -> list[str]:
    lines = []
    for path in sorted((PROJECT_ROOT / "bench" / "conversations").glob("*.yml")):
        for conversation in yaml.safe_load(path.read_text(encoding="utf-8")):
            lines.append(str(conversation["opening"]))
            lines += [str(i["text"]) for i in conversation.get("interject") or []]
    return lines


def call_back_lines() -> list[str]:
    """What the residents of the call-back suites write (bench/call_backs: suite.yml, used while building the
    reader, and heldout.yml, written afterwards and kept for measuring)."""
    lines = []
    for name in ("suite.yml", "heldout.yml"):
        for conversation in yaml.safe_load((PROJECT_ROOT / "bench" / "call_backs" / name).read_text(encoding="utf-8")):
            lines += [str(conversation["opening"]).replace("{number}", "XQ000001"), *map(str, conversation["says"])]
    return lines


def test_the_call_back_suite_is_not_the_call_back_reading_tests(gazetteer):
    from tests.unit.test_visit_reading import CASES

    buttons = {"联系过", "没联系过", "解决了", "没解决", "满意", "基本满意", "不满意"}  # what a tap sends
    shared = [line for line in overlaps(call_back_lines(), [case[0] for case in CASES], gazetteer)
              if line not in buttons]
    assert not shared, f"the call-back suite repeats the reader's own table tests: {shared[:5]}"


def held_out_intents() -> list[str]:
    return [str(item["text"]) for item in yaml.safe_load((HELD_OUT / "intents.yml").read_text(encoding="utf-8"))]


def held_out_annotated() -> list[str]:
    text = (HELD_OUT / "annotated_nlu.yml").read_text(encoding="utf-8")
    return [line.strip()[2:] for line in text.splitlines() if line.startswith("    - ")]


def held_out_categories() -> list[str]:
    return [str(item["text"]) for item in yaml.safe_load((HELD_OUT / "categories.yml").read_text(encoding="utf-8"))]


def cadre_questions() -> list[str]:
    from bench.cadres.suite import load_suite

    return [str(turn["say"]) for sequence in load_suite() for turn in sequence["turns"]]


def match_pair_texts() -> list[str]:
    """The needs and offers of the annotated matching sets (bench/heldout/match_pairs_*.yml)."""
    texts = []
    for path in sorted(HELD_OUT.glob("match_pairs_*.yml")):
        for pair in yaml.safe_load(path.read_text(encoding="utf-8")):
            texts += [str(pair["need"]), str(pair["resource"])]
    return texts


def duplicate_pair_texts() -> list[str]:
    pairs = yaml.safe_load((HELD_OUT / "duplicate_pairs.yml").read_text(encoding="utf-8"))
    return [str(text) for pair in pairs for text in (pair["a"], pair["b"])]


def urgency_training_texts() -> list[str]:
    texts = []
    for path in sorted((PROJECT_ROOT / "data" / "urgency").glob("*.yml")):
        texts += [str(t) for t in yaml.safe_load(path.read_text(encoding="utf-8"))["examples"]]
    return texts


def conversation_answers() -> list[str]:
    """What the simulated residents answer to the form's questions (their urgency words among them)."""
    answers = []
    for path in sorted((PROJECT_ROOT / "bench" / "conversations").glob("*.yml")):
        for conversation in yaml.safe_load(path.read_text(encoding="utf-8")):
            answers += [str(v) for v in (conversation.get("answers") or {}).values() if len(str(v)) >= 4]
    return answers


def test_the_urgency_answers_learned_from_are_not_the_conversations_answers(gazetteer):
    shared = overlaps(conversation_answers(), urgency_training_texts(), gazetteer)
    assert not shared, f"{len(shared)} answers of the simulated conversations are urgency training data: {shared[:5]}"
    assert len(urgency_training_texts()) >= 800


@pytest.fixture(scope="module")
def training(gazetteer):
    return nlu_training_texts() + category_training_texts()


@pytest.mark.parametrize("name,texts", [
    ("held-out intents", held_out_intents),
    ("annotated held-out messages", held_out_annotated),
    ("held-out categories", held_out_categories),
    ("simulated conversations", conversation_lines),
    ("call-back conversations", call_back_lines),
    ("cadre questions", cadre_questions),
    ("need-offer pairs", match_pair_texts),
    ("same-problem pairs", duplicate_pair_texts),
])
def test_a_held_out_set_shares_no_message_with_the_training_data(gazetteer, training, name, texts):
    shared = overlaps(texts(), training, gazetteer)
    assert not shared, f"{name}: {len(shared)} messages also in the training data, e.g. {shared[:5]}"


def test_the_overlap_check_can_fail(gazetteer):
    """Punctuation, spaces and a different place do not make a training message new."""
    assert overlaps(["我是沙溪镇涂松村的，路灯坏了！"], ["我是浏河镇新塘村的 路灯坏了"], gazetteer)
    assert not overlaps(["村口的桥塌了一半"], ["我是浏河镇新塘村的 路灯坏了"], gazetteer)


def test_the_sets_are_as_large_as_promised():
    assert len(held_out_intents()) >= 600
    assert len(held_out_categories()) >= 350
    assert len(conversation_lines()) >= 300
    assert len(cadre_questions()) >= 250
    assert len(match_pair_texts()) >= 2 * 400 and len(duplicate_pair_texts()) >= 2 * 200
    assert len(category_training_texts()) >= 1500


def development_pair_texts() -> list[str]:
    """bench/dev/: pairs on which the matcher's thresholds and vocabulary were tuned."""
    dev = PROJECT_ROOT / "bench" / "dev"
    texts = []
    for path in sorted(dev.glob("match_pairs*.yml")):
        for pair in yaml.safe_load(path.read_text(encoding="utf-8")):
            texts += [str(pair["need"]), str(pair["resource"])]
    for path in sorted(dev.glob("duplicate_pairs*.yml")):
        texts += [str(t) for p in yaml.safe_load(path.read_text(encoding="utf-8")) for t in (p["a"], p["b"])]
    return texts


def test_the_pairs_tuned_on_are_not_the_pairs_measured_on(gazetteer):
    shared = overlaps(match_pair_texts() + duplicate_pair_texts(), development_pair_texts(), gazetteer)
    assert not shared, f"{len(shared)} held-out texts also in bench/dev, e.g. {shared[:5]}"


def development_intents() -> list[str]:
    """bench/dev/intents.yml: messages on which the intent classifier's misreadings were studied."""
    items = yaml.safe_load((PROJECT_ROOT / "bench" / "dev" / "intents.yml").read_text(encoding="utf-8"))
    return [str(item["text"]) for item in items]


def test_the_intents_studied_are_neither_trained_on_nor_measured_on(gazetteer, training):
    assert len(development_intents()) >= 500
    trained = overlaps(development_intents(), training, gazetteer)
    assert not trained, f"{len(trained)} development messages are training data, e.g. {trained[:5]}"
    measured = overlaps(development_intents(), held_out_intents() + held_out_annotated(), gazetteer)
    assert not measured, f"{len(measured)} development messages are held-out messages, e.g. {measured[:5]}"


def vocabulary_phrases(min_chars: int = 5) -> set[str]:
    """The matching vocabulary's longer entries (phrases, not terms): the words matched and the synonyms."""
    data = yaml.safe_load((PROJECT_ROOT / "bot" / "data" / "capabilities.yml").read_text(encoding="utf-8"))
    found: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    walk(data)
    found |= {str(key) for key in (data.get("synonyms") or {})}
    return {phrase for phrase in found if len(phrase) >= min_chars}


def development_texts() -> str:
    """Everything the vocabulary may have been written from: the development pairs and the training data."""
    texts = []
    for path in sorted((PROJECT_ROOT / "bench" / "dev").glob("*.yml")):
        texts.append(path.read_text(encoding="utf-8"))
    return "\n".join(texts + nlu_training_texts() + category_training_texts() + conversation_lines())


def copied_phrases(phrases: set[str], held_out: str, seen: str) -> list[str]:
    return sorted(p for p in phrases if p in held_out and p not in seen)


def test_the_matching_vocabulary_copies_no_phrase_from_the_held_out_pairs():
    """A phrase of the vocabulary found in a held-out need or offer was learned elsewhere first."""
    held_out = "\n".join(match_pair_texts() + duplicate_pair_texts())
    copied = copied_phrases(vocabulary_phrases(), held_out, development_texts())
    assert not copied, f"phrases of bot/data/capabilities.yml found only in the held-out pairs: {copied}"
    assert len(vocabulary_phrases()) >= 20  # the check looks at something


def test_the_vocabulary_check_can_fail():
    held_out = "楼下路灯灯黑特了一个礼拜"
    assert copied_phrases({"灯黑特了一个", "路灯"}, held_out, "路灯不亮") == ["灯黑特了一个"]
    assert not copied_phrases({"灯黑特了一个"}, held_out, "灯黑特了一个晚上")
