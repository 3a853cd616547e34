"""The answer at a glance: one or two sentences, made from the report, for the top of the
Dashboard and the status bar.

It says no more than the detail views: a share only when it is detectable (METHODS §6), a
factor only when its status is ``tentative`` or ``claimed`` (§8), and until then how many more
days are needed. Effects are put in natural units: the change of about one SD of the factor,
rounded to a step a person thinks in (2 mood points, 1 hour of sleep).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tracker.services.report_types import RegressionFactor, RegressionFit, Section
from tracker.services.thresholds import MIN_NEFF

WORTH_SAYING = ("tentative", "claimed")
DAYS_FOR_A_CLAIM = int(MIN_NEFF)  # METHODS §8: below 30 effective days nothing is claimed


@dataclass(frozen=True, slots=True)
class Headline:
    """``text``: the sentences; ``short``: its first sentence, for one line in the status bar;
    ``days`` and ``days_needed``: the progress while waiting (``days_needed`` is None once
    there is an answer)."""

    text: str
    days: int
    days_needed: int | None = None
    short: str = ""

    def line(self) -> str:
        """One line: ``short``, or the text when it has only one sentence."""
        return self.short or self.text


def headline(section: Section) -> Headline:
    """The headline for one skill's section of the report."""
    skill = section.skill.name
    days = section.counts.days
    fit = section.regression
    if not isinstance(fit, RegressionFit):
        needed = DAYS_FOR_A_CLAIM
        return Headline(
            f"{days} of about {needed} days with check-ins needed before Touchstone says "
            f"anything about what moves your {skill} rating.", days, needed,
            f"{days} of about {needed} days needed before a first answer about your {skill} "
            f"rating.")
    factors = [f for f in fit.factors if not f.archived]
    said = sorted((f for f in factors if f.status in WORTH_SAYING),
                  key=lambda f: abs(f.per_sd), reverse=True)
    waiting = [f for f in factors if f.status == "insufficient_data"
               and f.more_days_needed is not None]
    share = fit.share_explained
    parts: list[str] = []
    if share is not None and share.detectable and share.share_percent is not None:
        lo, hi = share.share_ci95_percent
        parts.append(
            f"Your state accounts for about {share.share_percent:.0f} % of the ups and downs "
            f"of your {skill} rating (likely {max(lo, 0):.0f}–{hi:.0f} %).")
    if said:
        parts.append(_mover(said[0], skill, first=not parts))
        if len(parts) == 1:
            parts.append("How much of the ups and downs your state accounts for in all is not "
                         "clear yet.")
    if parts:
        return Headline(" ".join(parts), days, short=parts[0])
    if waiting:
        closest = min(waiting, key=lambda f: f.more_days_needed or 0)
        needed = days + (closest.more_days_needed or 0)
        name = closest.name.lower()
        return Headline(
            f"{days} of about {needed} days with check-ins needed before Touchstone says "
            f"anything about {name}.", days, needed,
            f"{days} of about {needed} days needed before a first answer about {name}.")
    return Headline(
        f"No clear link yet between your state and your {skill} rating: on these "
        f"{days} days, no factor moves it beyond what chance would.", days,
        short=f"No clear link yet between your state and your {skill} rating.")


def _mover(factor: RegressionFactor, skill: str, first: bool) -> str:
    step = natural_step(factor)
    change = factor.estimate * step
    direction = "higher" if change > 0 else "lower"
    name = factor.name.lower()
    if factor.kind == "tag":  # METHODS §4b; the tag as written, not lower-cased
        what, name = f"a day tagged {factor.name}", f"the tag {factor.name}"
    elif factor.kind == "yesno":
        what = f"a day with {name}"
    elif factor.unit:
        what = f"{amount(step, factor)} more {name}"
    else:
        what = f"a {name} {amount(step, factor)} higher"
    lead = f"What moves your {skill} rating most is" if first else "The biggest mover is"
    return (f"{lead} {name}: {what} goes with a rating about {abs(change):.1f} "
            f"{direction}.")


def natural_step(factor: RegressionFactor) -> float:
    """About one SD of the factor, in a step a person counts in: whole points on a scale,
    halves and wholes of a number's unit, 1 for yes/no and for a tag (a yes against a no)."""
    if factor.kind in ("yesno", "tag"):
        return 1.0
    sd = factor.sd if math.isfinite(factor.sd) and factor.sd > 0 else 1.0
    if factor.kind == "scale":
        return float(max(1, round(sd)))
    for step in (0.25, 0.5, 1, 2, 5, 10, 20, 50, 100):
        if sd <= step * 1.5:
            return float(step)
    return float(10 ** round(math.log10(sd)))


def amount(value: float, factor: RegressionFactor) -> str:
    """``value`` of a number or scale factor in its own unit: "2 points", "1 h", "1.9 points"."""
    number = f"{value:.2g}" if value < 10 else f"{value:.0f}"
    return f"{number} {factor.unit or ('point' if number == '1' else 'points')}"  # as printed
