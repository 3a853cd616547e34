"""Insight sentences: p and q below 0.001 read "< 0.001"; the share sentence names both parts."""

from __future__ import annotations

import pytest

from tracker.analysis import guards
from tracker.analysis.insights import insights, p_text


@pytest.mark.parametrize(("p", "text"), [
    (0.0, "p < 0.001"),
    (0.00049, "p < 0.001"),
    (0.000999, "p < 0.001"),
    (0.001, "p = 0.001"),
    (0.0123, "p = 0.012"),
    (0.5, "p = 0.500"),
])
def test_p_text(p, text):
    assert p_text("p", p) == text


def _section(p: float, q: float, share: dict | None) -> dict:
    factor = {"factor": "mood", "name": "Mood", "status": guards.CLAIMED, "per_sd": 0.8,
              "per_sd_ci95": [0.6, 1.0], "per_sd_ci95_adjusted": [0.5, 1.1],
              "ci_adjusted_level": 0.995, "sd": 1.9, "estimate": 0.42, "q": q, "n_eff": 120,
              "unit": None}
    cosinor = {"status": guards.CLAIMED, "peak_hour": 10.5, "amplitude": 0.4,
               "amplitude_ci95": [0.3, 0.5], "p": p, "n_eff": 200}
    return {"skill": {"name": "Chess"}, "counts": {"checkins": 300},
            "regression": {"available": True, "factors": [factor], "share_explained": share},
            "correlations": [], "time_of_day": {"cosinor": cosinor}, "carry_over": [],
            "adjusted": {"available": False}}


def test_tiny_p_and_q_are_printed_as_below_one_in_a_thousand():
    texts = [i["text"] for i in insights(_section(p=1e-9, q=2e-6, share=None))]
    joined = " ".join(texts)
    assert "0.000" not in joined
    assert "q < 0.001" in texts[0] and "p < 0.001" in texts[1]
    texts = [i["text"] for i in insights(_section(p=0.0312, q=0.0049, share=None))]
    assert "q = 0.005" in texts[0] and "p = 0.031" in texts[1]


def _share(gain: float, base_r2: float) -> dict:
    return {"gain": gain, "ci95": [gain - 0.05, gain + 0.05], "detectable": gain > 0.05,
            "baseline": {"r2": base_r2, "share_percent": 100 * base_r2 if base_r2 > 0 else None,
                         "share_ci95_percent": [max(100 * base_r2 - 4, 0), 100 * base_r2 + 4]}}


def test_the_share_sentence_gives_the_baseline_share_or_none_never_negative():
    text = insights(_section(0.2, 0.2, _share(0.21, 0.12)))[1]["text"]
    assert "state explains about 21 %" in text
    assert "Trend and time of day alone explain about 12 % (95 % CI 8 to 16 %)" in text
    text = insights(_section(0.2, 0.2, _share(0.0, -0.03)))[1]["text"]
    assert text.startswith("No detectable share")
    assert "Trend and time of day alone explain no detectable share." in text
    assert "−3" not in text and "-3" not in text


def test_factor_sentences_quote_the_interval_that_crosses_zero_exactly_without_a_claim():
    """The issue's case: q = 0.17, plain 95 % CI 0.05 to 0.50 (excludes 0), adjusted −0.05 to
    0.60: the "no clear association" sentence quotes the adjusted one, which crosses 0."""
    section = _section(p=0.2, q=0.17, share=None)
    section["regression"]["factors"][0] |= {
        "status": guards.NO_EVIDENCE, "per_sd": 0.27, "per_sd_ci95": [0.05, 0.50],
        "per_sd_ci95_adjusted": [-0.05, 0.60], "ci_adjusted_level": 0.9945}
    text = insights(section)[0]["text"]
    assert "No clear association" in text
    assert "99.5 % CI adjusted for the number of factors -0.05 to 0.60" in text.replace("−", "-")
    assert "0.05 to 0.50" not in text
    claim = insights(_section(p=0.2, q=0.001, share=None))[0]["text"]
    assert "99.5 % CI adjusted for the number of factors 0.50 to 1.10" in claim
