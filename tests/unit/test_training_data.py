"""The built spaCy tagger finds exactly the places, categories and urgencies the training data marks.

Every example of data/nlu/*.yml (not the generated synonyms) is stripped of its Rasa annotations
and run through build/spacy_zh; the town, community, urgency and need_category spans it finds
must be the annotated ones.
"""

import json
import re

import pytest
import yaml

from bot.config import PROJECT_ROOT

BUILD = PROJECT_ROOT / "build"
NLU_DIR = PROJECT_ROOT / "data" / "nlu"
TAGGED = {"town", "community", "urgency", "need_category", "resource_type", "provider_type", "community_type"}

if not (BUILD / "spacy_zh").exists():
    pytest.skip("build/spacy_zh is missing: run `make build`", allow_module_level=True)

# [text](entity), [text](entity:value) or [text]{"entity": "...", ...}
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\(([^)]+)\)|(\{[^{}]*\}))")


def strip_annotations(example: str) -> tuple[str, list[tuple[int, int, str, str]]]:
    """Plain text and the annotated spans (start, end, text, entity)."""
    plain, spans, position = "", [], 0
    for match in _ANNOTATION.finditer(example):
        plain += example[position : match.start()]
        text = match.group(1)
        if match.group(2) is not None:
            entity = match.group(2).split(":", 1)[0].strip()
        else:
            entity = json.loads(match.group(3))["entity"]
        spans.append((len(plain), len(plain) + len(text), text, entity))
        plain += text
        position = match.end()
    return plain + example[position:], spans


def examples() -> list:
    params = []
    for path in sorted(NLU_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("nlu") or []:
            if "intent" not in item:
                continue
            for number, line in enumerate(item.get("examples", "").splitlines(), 1):
                line = line.strip()
                if line.startswith("- "):
                    params.append(pytest.param(line[2:], id=f"{path.name}:{item['intent']}:example{number}"))
    return params


EXAMPLES = examples()

# Disagreements found when these tests were written, kept visible as expected failures.
# Examples where the annotation and the tagger are known to disagree, with the reason.
KNOWN: dict[str, str] = {}


@pytest.fixture(scope="module")
def nlp():
    import spacy

    from bot.lexicon.resources import load_jieba_dictionary

    load_jieba_dictionary(BUILD / "jieba")
    return spacy.load(BUILD / "spacy_zh")


def test_the_training_data_marks_all_four_kinds_of_tagged_entity():
    kinds = {entity for example in EXAMPLES for *_, entity in strip_annotations(example.values[0])[1]}
    assert TAGGED <= kinds
    assert len(EXAMPLES) > 500


@pytest.mark.parametrize(
    "example, plain, spans",
    [
        ("我是[浏河镇](town)[新塘村](community)的", "我是浏河镇新塘村的", [(2, 5, "浏河镇", "town"), (5, 8, "新塘村", "community")]),
        ('[很急]{"entity": "urgency", "value": "急"}', "很急", [(0, 2, "很急", "urgency")]),
        ("[新塘村](community:新塘村委会)吧", "新塘村吧", [(0, 3, "新塘村", "community")]),
        ("路灯坏了", "路灯坏了", []),
    ],
)
def test_annotations_are_stripped_to_the_text_the_resident_typed(example, plain, spans):
    assert strip_annotations(example) == (plain, spans)


@pytest.mark.parametrize(
    "example",
    [
        pytest.param(p.values[0], id=p.id, marks=pytest.mark.xfail(reason=KNOWN[p.values[0]], strict=True))
        if p.values[0] in KNOWN
        else p
        for p in EXAMPLES
    ],
)
def test_the_tagger_finds_exactly_the_annotated_spans(nlp, example):
    plain, spans = strip_annotations(example)
    expected = [(start, end, text, entity) for start, end, text, entity in spans if entity in TAGGED]
    doc = nlp(plain)
    found = [(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents if e.label_ in TAGGED]
    assert found == expected, (
        f"\nexample:  {example}\nannotated: {expected}\ntagged:    {found}\n"
        f"tokens:    {[t.text for t in doc]}"
    )


def test_plain_examples_are_marked_with_the_spans_the_tagger_finds(nlp):
    from bot.lexicon.annotate import annotate

    assert annotate(nlp, "我是浏河镇新塘村的") == "我是[浏河镇](town)[新塘村](community)的"
    assert annotate(nlp, "路灯坏了") == "路灯坏了"
    # an author's own marks are kept as written
    assert annotate(nlp, "[老王](name)改成王师傅") == "[老王](name)改成王师傅"
