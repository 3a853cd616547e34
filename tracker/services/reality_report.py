"""The report's ``evaluations``, ``revisits`` and ``calibration`` sections (REPORT_SCHEMA.md).

Domain records → arrays → ``tracker.analysis.calibration`` / ``revisits``; numpy and the
analysis load here, not when the services are imported.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import numpy as np

from tracker.domain import CheckIn, Skill
from tracker.domain.reality import Evaluation, Outcome, Prediction, Revisit
from tracker.services.report_json import json_ready

STATES = ("mood", "sleep_hours", "sleep_quality", "hunger", "energy", "stress")


def _state_arrays(
    checkins: list[CheckIn | None], hours: list[float | None]
) -> dict[str, np.ndarray]:
    out = {f: np.array([c.values.get(f, math.nan) if c else math.nan for c in checkins], float)
           for f in STATES}
    out["hour"] = np.array([math.nan if h is None else h for h in hours], float)
    return out


def evaluation_record(e: Evaluation) -> dict[str, Any]:
    p, o = e.prediction, e.outcome
    return {
        "id": e.id, "at": e.at.isoformat(), "kind": e.kind.value, "evaluator": e.evaluator,
        "purpose": e.purpose,
        "expected_by": e.expected_by.isoformat() if e.expected_by else None,
        "scale": [e.scale_min, e.scale_max] if e.has_scale else None,
        "probability": p.probability if p else None,
        "expected_score": p.expected_score if p else None,
        "predicted_at": p.made_at.isoformat() if p and p.made_at else None,
        "checkin_id": p.checkin_id if p else None,
        "outcome": o.result.value if o else None,
        "score": o.score if o else None,
        "reason": o.reason if o else None,
        "reason_given": o.reason_given if o else None,
        "resolved_at": o.at.isoformat() if o else None,
    }


def evaluations_section(evaluations: list[Evaluation], today: date) -> dict[str, Any]:
    outcomes = [e.outcome for e in evaluations if e.outcome is not None]  # the resolved
    counts = {r: sum(1 for o in outcomes if o.result.value == r)
              for r in ("accepted", "rejected", "no_answer")}
    not_good = [o for o in outcomes if not o.good]
    return {
        "n": len(evaluations),
        "pending": sum(1 for e in evaluations if e.pending),
        "overdue": [e.id for e in evaluations if e.overdue(today)],
        "resolved": len(outcomes),
        "outcomes": counts,
        "no_reason_given": sum(1 for o in not_good if not o.reason_given),
        "items": [evaluation_record(e) for e in evaluations],
    }


def _resolved_predictions(
    evaluations: list[Evaluation],
) -> list[tuple[Evaluation, Prediction, Outcome]]:
    return [(e, e.prediction, e.outcome) for e in evaluations
            if e.outcome is not None and e.prediction is not None]


def calibration_section(
    evaluations: list[Evaluation], checkins: dict[str, CheckIn]
) -> dict[str, Any]:
    from tracker.analysis.calibration import bias_by_state, calibration_summary, mean_with_t

    pairs = _resolved_predictions(evaluations)
    scored = [(e, pr, oc, pr.probability) for e, pr, oc in pairs if pr.probability is not None]
    p = np.array([prob for _, _, _, prob in scored], float)
    o = np.array([1.0 if oc.good else 0.0 for _, _, oc, _ in scored], float)
    section = calibration_summary(p, o)
    linked = [checkins.get(pr.checkin_id or "") for _, pr, _, _ in scored]
    hours: list[float | None] = [(pr.made_at or e.at).hour + (pr.made_at or e.at).minute / 60
                                 for e, pr, _, _ in scored]
    section["bias"] = bias_by_state(p - o, _state_arrays(linked, hours))
    section["linked_checkins"] = sum(1 for c in linked if c is not None)
    rel = np.array([(pr.expected_score - oc.score) / (e.scale_max - e.scale_min)
                    for e, pr, oc in pairs
                    if pr.expected_score is not None and oc.score is not None
                    and e.scale_min is not None and e.scale_max is not None], float)
    section["scores"] = mean_with_t(rel)  # expected − actual, as a share of the scale
    return section


def revisits_section(skills: list[Skill], checkins: dict[str, CheckIn],
                     revisits: list[Revisit]) -> dict[str, Any]:
    from tracker.analysis.revisits import differences, differences_by_state, later_on_earlier

    out = []
    for skill in sorted(skills, key=lambda s: s.position):
        mine = [r for r in revisits if r.skill_id == skill.id]
        if not mine:
            continue
        then = np.array([r.rating_then for r in mine], float)
        now = np.array([r.rating_now for r in mine], float)
        rows = [checkins.get(r.checkin_id) for r in mine]
        hours = [c.local_hour if c else None for c in rows]
        out.append({
            "skill": {"id": skill.id, "name": skill.name},
            "differences": differences(then, now),
            "later_on_earlier": later_on_earlier(then, now),
            "by_state": differences_by_state(then, now, _state_arrays(rows, hours)),
            "points": [{"revisit_id": r.id, "checkin_id": r.checkin_id,
                        "then_at": c.at.isoformat() if c else None, "revisited_at":
                        r.at.isoformat(), "then": r.rating_then, "now": r.rating_now}
                       for r, c in zip(mine, rows, strict=True)],
        })
    return {"n": len(revisits), "skills": out}


def reality_sections(skills: list[Skill], checkins: list[CheckIn],
                     evaluations: list[Evaluation], revisits: list[Revisit],
                     since: date | None = None, today: date | None = None) -> dict[str, Any]:
    """The three sections; ``since`` keeps evaluations from that day and revisits of check-ins
    from that day on."""
    by_id = {c.id: c for c in checkins}
    if since is not None:
        evaluations = [e for e in evaluations if e.at.date() >= since]
        revisits = [r for r in revisits
                    if r.checkin_id in by_id and by_id[r.checkin_id].at.date() >= since]
    today = today or date.today()
    sections: dict[str, Any] = json_ready({
        "evaluations": evaluations_section(evaluations, today),
        "calibration": calibration_section(evaluations, by_id),
        "revisits": revisits_section(skills, by_id, revisits),
    })
    return sections
