import numpy as np
import pytest
import scipy.sparse

from components.linear_intents import blend, inverse_document_frequency, weigh


def test_where_both_readings_agree_the_first_confidence_stands():
    intent, ranking = blend({"report_need": 0.99, "not_solved": 0.01}, {"report_need": 0.6, "not_solved": 0.4}, 0.3)
    assert intent == {"name": "report_need", "confidence": 0.99}
    assert ranking[0] == intent


def test_where_they_disagree_the_blend_decides_with_its_own_score():
    intent, ranking = blend({"report_need": 0.9, "offer_resource": 0.1}, {"report_need": 0.1, "offer_resource": 0.9}, 0.3)
    assert intent["name"] == "offer_resource"
    assert intent["confidence"] == pytest.approx(0.3 * 0.1 + 0.7 * 0.9)
    assert [r["name"] for r in ranking] == ["offer_resource", "report_need"]


def test_an_intent_only_one_reading_knows_still_counts():
    intent, _ = blend({"nlu_fallback": 1.0}, {"greet": 0.95, "thank": 0.05}, 0.3)
    assert intent["name"] == "greet"


def test_weighting_is_sublinear_idf_and_unit_length():
    counts = scipy.sparse.csr_matrix(np.array([[3, 0, 1], [1, 1, 0], [0, 0, 0]], dtype=float))
    idf = inverse_document_frequency(counts)
    assert idf[1] > idf[0]  # a rarer column weighs more
    weighted = weigh(counts, idf).toarray()
    assert np.linalg.norm(weighted[0]) == pytest.approx(1.0)
    assert np.linalg.norm(weighted[2]) == 0.0  # an empty message stays empty, no division by zero
    assert weighted[0, 0] / weighted[0, 2] == pytest.approx((1 + np.log(3)) * idf[0] / idf[2])
