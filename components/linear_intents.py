"""A second reading of the intent, by a linear model over the same word and character n-gram counts DIET sees.

On a fifth of the training data left out (bench/blend_split.py) DIET alone scores 0.75 macro-F1 and a logistic
regression over the TF-IDF-weighted counts 0.86: it does better on short, unseen wordings (dialect, voice-to-text)
than the one-layer transformer trained for 40 epochs, which is overconfident. The two are blended: when they
agree, DIET's reading and confidence stand (the form's asides are gated on it); when they disagree, the blended
choice is taken with its blended score as its confidence, so FallbackClassifier asks back when neither is sure.

The weights are kept as plain arrays (no pickle) in the model's storage.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

WEIGHTS_FILE = "linear_intents.npz"
RANKING_LENGTH = 10


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentBlend(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # C and the blend weight were chosen on an 80/20 split of the training data (bench/blend_split.py),
        # never on the held-out set.
        return {"C": 30.0, "first_weight": 0.2, "max_iter": 2000, "random_seed": 2022}

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 weights: dict[str, np.ndarray] | None = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._weights = weights

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> LinearIntentBlend:
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> LinearIntentBlend:
        try:
            with model_storage.read_from(resource) as folder:
                with np.load(folder / WEIGHTS_FILE, allow_pickle=False) as stored:
                    weights = {name: stored[name] for name in stored.files}
        except (ValueError, FileNotFoundError):
            logger.debug("No linear intent weights stored; the first classifier's reading stands.")
            weights = None
        return cls(config, model_storage, resource, weights)

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.linear_model import LogisticRegression

        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if len({e.get(INTENT) for e in examples}) < 3:
            return self._resource
        counts = _counts(examples)
        idf = inverse_document_frequency(counts)
        model = LogisticRegression(C=self.config["C"], max_iter=self.config["max_iter"], class_weight="balanced",
                                   random_state=self.config["random_seed"])
        model.fit(weigh(counts, idf), [e.get(INTENT) for e in examples])
        self._weights = {"idf": idf, "coef": model.coef_, "intercept": model.intercept_,
                         "classes": np.array(model.classes_, dtype=str)}
        with self._storage.write_to(self._resource) as folder:
            np.savez(folder / WEIGHTS_FILE, **self._weights)
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        if self._weights is None:
            return messages
        for message in messages:
            if (message.get(TEXT) or "").startswith("/") or message.get_sparse_features(TEXT)[1] is None:
                continue
            second = dict(zip(self._weights["classes"].tolist(), self.probabilities(message).tolist(), strict=True))
            first = {r[INTENT_NAME_KEY]: float(r[PREDICTED_CONFIDENCE_KEY]) for r in message.get(INTENT_RANKING_KEY) or []}
            intent, ranking = blend(first, second, self.config["first_weight"])
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    def probabilities(self, message: Message) -> np.ndarray:
        scores = weigh(_counts([message]), self._weights["idf"]) @ self._weights["coef"].T + self._weights["intercept"]
        scores = np.asarray(scores).ravel()
        exp = np.exp(scores - scores.max())
        return exp / exp.sum()


def blend(first: dict[str, float], second: dict[str, float], first_weight: float) -> tuple[dict, list[dict]]:
    """The blended intent and ranking; where both readings agree, the first's confidence stands."""
    names = set(first) | set(second)
    scores = {n: first_weight * first.get(n, 0.0) + (1 - first_weight) * second.get(n, 0.0) for n in names}
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    best = ranked[0][0]
    first_best = max(first, key=first.get) if first else None
    confidence = first[best] if best == first_best else scores[best]
    ranking = [{INTENT_NAME_KEY: n, PREDICTED_CONFIDENCE_KEY: confidence if n == best else s}
               for n, s in ranked[:RANKING_LENGTH]]
    return {INTENT_NAME_KEY: best, PREDICTED_CONFIDENCE_KEY: confidence}, ranking


def _counts(messages: list[Message]) -> scipy.sparse.csr_matrix:
    """The featurizers' sentence-level counts (words, character n-grams, regex hits), one row per message."""
    rows = [scipy.sparse.csr_matrix(m.get_sparse_features(TEXT)[1].features) for m in messages]
    counts = scipy.sparse.vstack(rows).tocsr()
    counts.sum_duplicates()
    counts.eliminate_zeros()
    return counts


def inverse_document_frequency(counts: scipy.sparse.csr_matrix) -> np.ndarray:
    documents = counts.shape[0]
    frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    return np.log((1 + documents) / (1 + frequency)) + 1.0


def weigh(counts: scipy.sparse.csr_matrix, idf: np.ndarray) -> scipy.sparse.csr_matrix:
    """Sublinear TF-IDF, each row scaled to unit length."""
    weighted = counts.astype(np.float64).tocsr(copy=True)
    weighted.data = 1.0 + np.log(weighted.data)  # counts are positive: _counts drops explicit zeros
    weighted = weighted.multiply(idf).tocsr()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return scipy.sparse.diags(1.0 / norms) @ weighted
