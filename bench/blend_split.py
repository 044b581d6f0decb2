"""How the linear intent model's C and its blend weight with DIET were chosen: on a split of the training data,
never on the held-out set.

    rasa data split nlu -u data/nlu --training-fraction 0.8 --random-seed 7 --out SPLIT
    (config.yml without components.linear_intents) rasa train nlu --nlu SPLIT/training_data.yml --out SPLIT/models
    python -m bench.blend_split SPLIT

prints the macro-F1 on the 20% for DIET alone, the linear model alone (each C) and each blend weight.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import numpy as np


def main(split: Path) -> None:
    from rasa.core.agent import Agent
    from rasa.shared.nlu.training_data.loading import load_data
    from sklearn.metrics import f1_score

    agent = Agent.load(str(next((split / "models").glob("*.tar.gz"))))
    train, test = load_data(str(split / "training_data.yml")), load_data(str(split / "test_data.yml"))
    examples = [(m.get("text"), m.get("intent")) for m in test.intent_examples]
    gold = [intent for _, intent in examples]
    rankings = asyncio.run(_rankings(agent, [text for text, _ in examples]))
    print("DIET", round(f1_score(gold, [max(r, key=r.get) for r in rankings], average="macro"), 4))
    vectorize = _vectorizer(train)
    train_x = vectorize([m.get("text") for m in train.intent_examples])
    train_y = [m.get("intent") for m in train.intent_examples]
    test_x = vectorize([text for text, _ in examples])
    for c in (3.0, 10.0, 30.0):
        classes, probabilities = _fit(train_x, train_y, test_x, c)
        second = [dict(zip(classes, p, strict=True)) for p in probabilities]
        print(f"linear C={c}", round(f1_score(gold, [max(s, key=s.get) for s in second], average="macro"), 4))
        for weight in (0.2, 0.3, 0.4, 0.5):
            picked = [_blend_best(f, s, weight) for f, s in zip(rankings, second, strict=True)]
            print(f"  blend first_weight={weight}", round(f1_score(gold, picked, average="macro"), 4))


async def _rankings(agent, texts: list[str]) -> list[dict[str, float]]:
    out = []
    for text in texts:
        parsed = await agent.parse_message(text)
        out.append({r["name"]: r["confidence"] for r in parsed.get("intent_ranking", [])} or {"nlu_fallback": 1.0})
    return out


def _vectorizer(train):
    """Word counts over jieba tokens and character 1–3-grams, as the pipeline's featurizers count them."""
    import jieba
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.pipeline import make_union

    from components.linear_intents import inverse_document_frequency, weigh

    union = make_union(CountVectorizer(tokenizer=jieba.lcut, token_pattern=None),
                       CountVectorizer(analyzer="char_wb", ngram_range=(1, 3)))
    counts = union.fit_transform([m.get("text") for m in train.intent_examples]).tocsr()
    idf = inverse_document_frequency(counts)
    return lambda texts: weigh(union.transform(texts).tocsr(), idf)


def _fit(train_x, train_y, test_x, c: float):
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced", random_state=2022).fit(train_x, train_y)
    return list(model.classes_), model.predict_proba(test_x)


def _blend_best(first: dict[str, float], second: dict[str, float], weight: float) -> str:
    names = set(first) | set(second)
    return max(names, key=lambda n: weight * first.get(n, 0.0) + (1 - weight) * second.get(n, 0.0))


if __name__ == "__main__":
    np.seterr(all="ignore")
    main(Path(sys.argv[1]))
