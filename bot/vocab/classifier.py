"""Labels learned from residents' own words, with a confidence: the need's dimension from its
description, its urgency from the answer to "这件事有多急？", and whether an opening offers help or
reports a problem.

Trained by `make build` (`python -m bot build-nlp`) from data/categories/*.yml and data/urgency/*.yml:
TF-IDF over jieba words and character n-grams, then a logistic regression (scikit-learn). Sure →
the label is taken; unsure → the resident is asked, with the likeliest first. No default.
"""

from __future__ import annotations

import logging
import pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.config import PROJECT_ROOT

logger = logging.getLogger(__name__)

TRAINING_DIR = PROJECT_ROOT / "data" / "categories"
MODEL_NAME = "categories.pkl"


@dataclass(frozen=True)
class Task:
    """One thing to learn: where its examples are, which key of each file names the label."""

    folder: Path
    label_key: str
    model_name: str


DIMENSION = Task(TRAINING_DIR, "dimension", MODEL_NAME)
URGENCY = Task(PROJECT_ROOT / "data" / "urgency", "urgency", "urgency.pkl")
# Offering help or reporting a problem, learned from the intent classifier's own offer_resource and
# report_need examples and every need description: a second opinion the words alone can give.
KIND = Task(PROJECT_ROOT / "data" / "nlu", "intent", "kind.pkl")
_KINDS = {"offer_resource": "offer", "report_need": "report"}
_MARKUP = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")
# A first guess is taken only when the model is this sure and the runner-up well behind.
SURE = 0.55
MARGIN = 0.2
_PLACE_WORDS = re.compile(r"[\u4e00-\u9fff]{1,6}(?:镇|村|社区|小区|花园|花苑|新村)")


@dataclass(frozen=True)
class Ranking:
    ranked: tuple[tuple[str, float], ...]  # dimension, probability; likeliest first

    @property
    def best(self) -> str | None:
        return self.ranked[0][0] if self.ranked else None

    @property
    def sure(self) -> bool:
        if not self.ranked:
            return False
        second = self.ranked[1][1] if len(self.ranked) > 1 else 0.0
        return self.ranked[0][1] >= SURE and self.ranked[0][1] - second >= MARGIN

    def first(self, count: int) -> list[str]:
        return [name for name, _ in self.ranked[:count]]


def training_examples(folder: Path = TRAINING_DIR, label_key: str = "dimension") -> list[tuple[str, str]]:
    examples = []
    for path in sorted(folder.glob("*.yml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        examples += [(str(text), str(raw[label_key])) for text in raw["examples"]]
    return examples


def _masked(text: str) -> str:
    """Place names say nothing about the dimension: masked so the model does not learn them."""
    return _PLACE_WORDS.sub("某地", text or "")


def _words(text: str) -> list[str]:
    import jieba

    return [w for w in jieba.lcut(_masked(text)) if w.strip() and not re.fullmatch(r"[\W_]+", w)]


def build_model(examples: list[tuple[str, str]]):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, make_pipeline

    features = FeatureUnion([
        ("words", TfidfVectorizer(tokenizer=_words, token_pattern=None, lowercase=False, sublinear_tf=True,
                                  ngram_range=(1, 2), min_df=1)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, preprocessor=_masked)),
    ])
    model = make_pipeline(features, LogisticRegression(C=8.0, max_iter=2000, class_weight="balanced"))
    texts, labels = zip(*examples, strict=True)
    model.fit(list(texts), list(labels))
    return model


def kind_examples(folder: Path = KIND.folder) -> list[tuple[str, str]]:
    """Offers and reports from the NLU data (markup removed), and every need description as a report."""
    examples = []
    for path in sorted(folder.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            kind = _KINDS.get(block.get("intent", ""))
            if kind:
                examples += [(_MARKUP.sub(r"\1", line.strip()[2:]), kind)
                             for line in block["examples"].splitlines() if line.strip().startswith("- ")]
    return examples + [(text, "report") for text, _ in training_examples()]


def train(build_dir: Path, folder: Path = TRAINING_DIR, task: Task = DIMENSION) -> Path:
    examples = (kind_examples() if task is KIND else
                training_examples(folder if task is DIMENSION else task.folder, task.label_key))
    model = build_model(examples)
    path = build_dir / task.model_name
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        pickle.dump(model, handle)
    load_model.cache_clear()
    return path


@lru_cache(maxsize=4)
def load_model(build_dir: Path | None = None, model_name: str = MODEL_NAME):
    from bot.config import load_settings

    path = (build_dir or load_settings().build_dir) / model_name
    if not path.exists():
        logger.warning("no model at %s: run `make build`", path)
        return None
    with open(path, "rb") as handle:
        return pickle.load(handle)  # noqa: S301 - our own build output


def rank(text: str, model=None, task: Task = DIMENSION) -> Ranking:
    """The labels likeliest for these words (by default the description's dimension), with probabilities."""
    model = model if model is not None else load_model(None, task.model_name)
    if model is None or not (text or "").strip():
        return Ranking(())
    probabilities = model.predict_proba([text])[0]
    ranked = sorted(zip(model.classes_, probabilities, strict=True), key=lambda item: item[1], reverse=True)
    return Ranking(tuple((str(name), float(p)) for name, p in ranked))


def write_report_examples(path: Path, every: int = 5, folder: Path = TRAINING_DIR) -> Path:
    """Residents' descriptions as report_need examples for the intent classifier (one in `every`),
    so that a problem described in everyday words is read as a report, whatever it is about."""
    texts = [text for text, _ in training_examples(folder)][::every]
    lines = ['version: "3.1"', "nlu:", "- intent: report_need", "  examples: |"]
    lines += [f"    - {' '.join(text.split())}" for text in texts]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
