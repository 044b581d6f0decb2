"""Build the NLP resources that come from the gazetteer and the need vocabularies.

Three outputs, all generated, none typed by hand:
- a jieba user dictionary, so that place names stay one token (JiebaTokenizer dictionary_path);
- a spaCy Chinese pipeline (jieba segmenter + EntityRuler) that tags towns, communities,
  categories, urgency words, resource words and the eight community types, loaded by Rasa's SpacyNLP and read by SpacyEntityExtractor;
- Rasa synonyms that turn every unambiguous alias into the official name.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import jieba
import spacy
import yaml

from bot.places.gazetteer import Gazetteer
from bot.vocab.categories import categories
from bot.vocab.community_types import type_aliases
from bot.vocab.resources import provider_types, resource_types
from bot.vocab.urgency import NOT_URGENCY
from bot.vocab.urgency import PHRASES as URGENCY_PHRASES

# Resource types that are everyday words (文化活动, 组织一下, 宣传栏): not tagged in free text;
# the resource form reads them from the answer to its own question.
EVERYDAY_TERMS = ("文化", "宣传", "组织")
PLACE_FREQUENCY = 200000



def taggable_aliases(gazetteer: Gazetteer) -> list[tuple[str, str, tuple[str, ...]]]:
    """Aliases the entity tagger should recognise in free text: not the everyday-word stems."""
    result = []
    for alias, label, names in gazetteer.aliases():
        if label == "community" and alias in gazetteer.common_stems:
            continue
        result.append((alias, label, names))
    return sorted(result)


def write_jieba_dictionary(gazetteer: Gazetteer, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "taicang_places.txt"
    lines = [f"{alias} {PLACE_FREQUENCY} ns" for alias, _, _ in taggable_aliases(gazetteer)]
    lines += [f"{phrase} {PLACE_FREQUENCY // 10} n" for phrase in _vocabulary_phrases()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def load_jieba_dictionary(folder: Path) -> None:
    for path in sorted(folder.iterdir()):
        jieba.load_userdict(str(path))


def _vocabulary_phrases() -> Iterable[str]:
    for category in categories():
        yield category.name
        yield category.button
    for phrases in URGENCY_PHRASES.values():
        yield from phrases
    yield from NOT_URGENCY  # kept whole, so 紧急程度 is not tagged as an urgency
    for _, term in _resource_terms():
        yield term.name
    for alias, _ in type_aliases():
        yield alias


def _resource_terms():
    yield from (("resource_type", t) for t in resource_types())
    yield from (("provider_type", t) for t in provider_types())


def entity_patterns(gazetteer: Gazetteer) -> list[dict]:
    """EntityRuler token patterns, segmented exactly as jieba will segment them at run time."""
    patterns = [
        _pattern(label, alias, names[0] if len(names) == 1 else alias)
        for alias, label, names in taggable_aliases(gazetteer)
    ]
    for category in categories():
        for phrase in (category.name, category.button):
            patterns.append(_pattern("need_category", phrase, category.name))
    for code, phrases in URGENCY_PHRASES.items():
        for phrase in phrases:
            patterns.append(_pattern("urgency", phrase, code))
    # Only the plan's own words: the button texts (党员, 物资场地设备) travel as payload entities,
    # and as free text they are everyday words.
    for label, term in _resource_terms():
        if term.name not in EVERYDAY_TERMS:
            patterns.append(_pattern(label, term.name, term.name))
    for alias, name in type_aliases():
        patterns.append(_pattern("community_type", alias, name))
    return patterns


def _pattern(label: str, phrase: str, value: str) -> dict:
    tokens = [token for token in jieba.lcut(phrase) if token.strip()]
    return {"label": label, "pattern": [{"TEXT": token} for token in tokens], "id": value}


def build_spacy_pipeline(gazetteer: Gazetteer, folder: Path) -> Path:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    ruler.add_patterns(entity_patterns(gazetteer))
    if folder.exists():
        shutil.rmtree(folder)
    nlp.to_disk(folder)
    return folder


def synonyms_yaml(gazetteer: Gazetteer) -> str:
    """Rasa NLU synonyms: every unambiguous alias and vocabulary phrase → its canonical value."""
    groups: dict[str, list[str]] = {}
    for alias, _, names in taggable_aliases(gazetteer):
        if len(names) == 1 and alias != names[0]:
            groups.setdefault(names[0], []).append(alias)
    for category in categories():
        groups.setdefault(category.name, []).append(category.button)
    for code, phrases in URGENCY_PHRASES.items():
        groups.setdefault(code, []).extend(phrases)
    for alias, name in type_aliases():
        if alias != name:
            groups.setdefault(name, []).append(alias)
    nlu = [
        {"synonym": value, "examples": "".join(f"- {alias}\n" for alias in sorted(set(aliases)))}
        for value, aliases in sorted(groups.items())
    ]
    header = "# Generated by `python -m bot build-nlp` from the gazetteer; do not edit.\n"
    return header + yaml.safe_dump({"version": "3.1", "nlu": nlu}, allow_unicode=True, sort_keys=False)


def build_all(gazetteer: Gazetteer, build_dir: Path, nlu_dir: Path) -> dict[str, Path]:
    """Write every generated resource; the jieba dictionary is loaded before the patterns are cut."""
    jieba_dir = build_dir / "jieba"
    dictionary = write_jieba_dictionary(gazetteer, jieba_dir)
    load_jieba_dictionary(jieba_dir)
    pipeline = build_spacy_pipeline(gazetteer, build_dir / "spacy_zh")
    nlu_dir.mkdir(parents=True, exist_ok=True)
    synonyms = nlu_dir / "places.yml"
    synonyms.write_text(synonyms_yaml(gazetteer), encoding="utf-8")
    return {"jieba": dictionary, "spacy": pipeline, "synonyms": synonyms}
