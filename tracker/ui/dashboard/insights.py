"""View 7, insights: the report's sentences as cards, each with its status."""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape

from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

from tracker.services.report_types import Insight
from tracker.ui.counts import checkins, days
from tracker.ui.dashboard.base import View
from tracker.ui.dashboard.data import SkillRange
from tracker.ui.dashboard.table import Cell, Table
from tracker.ui.dashboard.text import NOT_CAUSE, status_label, tr
from tracker.ui.dashboard.theme import Theme

MARKS = {"claimed": "●", "tentative": "◆", "no_evidence": "○", "insufficient_data": "…",
         "info": "ℹ"}
KINDS = {"empty": "Getting started", "regression": "Effects", "factor": "Factor",
         "share": "Share explained", "time_of_day": "Time of day", "carry_over": "Carry-over",
         "adjusted": "Adjusted rating"}
ORDER = {"claimed": 0, "tentative": 1, "info": 2, "no_evidence": 3, "insufficient_data": 4}


class InsightsView(View):
    key = "insights"
    title = tr("Insights")
    blurb = tr("What the data can and cannot say yet, in words. Each sentence gives the "
               "number of observations, the estimate and its 95 % interval.")
    footnote = tr("Claims need about 30 days' worth of data; between 30 and 60 they are "
                  "tentative. Faded: no claim. " + NOT_CAUSE)
    details = tr("Days' worth: the effective n (days, corrected for carry-over). The sentences "
                 "add q (Benjamini–Yekutieli), p, r and n_eff; the table keeps them too.")

    def build_chart(self) -> QWidget:
        self.browser = QTextBrowser(self)
        self.browser.setFrameShape(QFrame.Shape.NoFrame)
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName(tr("Insights"))
        return self.browser

    def ordered(self, ctx: SkillRange) -> list[Insight]:
        items = list(ctx.section.insights if ctx.section else [])
        return sorted(items, key=lambda i: ORDER.get(i.status, 5))

    def draw(self, ctx: SkillRange, theme: Theme) -> None:
        c = ctx.section.counts if ctx.section else None
        head = tr("%1: %2 on %3, %4 to %5").replace(
            "%1", ctx.skill.name).replace("%2", checkins(c.checkins if c else 0)).replace(
            "%3", days(c.days if c else 0)).replace(
            "%4", ((c and c.first) or "")[:10]).replace("%5", ((c and c.last) or "")[:10])
        parts = [f"<p style='margin:0 0 10px 0'><b>{escape(head)}</b></p>"]
        for insight in self.ordered(ctx):  # the footnote says "Association, not cause." once
            text = _without_not_cause(insight.text)
            parts.append(self._card(replace(insight, text=text if self.details_on
                                            else plain_sentence(text)), theme))
        self.browser.document().setDocumentMargin(2)
        self.browser.setStyleSheet(f"QTextBrowser {{ background: {theme.background.name()}; }}")
        self.browser.setHtml("".join(parts))

    def _card(self, insight: Insight, theme: Theme) -> str:
        status = insight.status
        strong = status in ("claimed", "tentative", "info")
        color = {"claimed": theme.primary, "tentative": theme.secondary}.get(status, theme.muted)
        bar = color.name() if strong else theme.grid.name()
        text_color = (theme.text if strong else theme.muted).name()
        kind = tr(KINDS.get(insight.kind, insight.kind))
        return (
            f"<table width='100%' cellspacing='0' cellpadding='0' style='margin-bottom:10px'>"
            f"<tr><td width='5' bgcolor='{bar}'></td><td width='10'></td><td>"
            f"<span style='color:{color.name()}; font-weight:600'>"
            f"{MARKS.get(status, '')} {escape(status_label(status))}</span>"
            f"<span style='color:{theme.muted.name()}'> · {escape(kind)}</span><br/>"
            f"<span style='color:{text_color}'>{escape(insight.text)}</span>"
            f"</td></tr></table>"
        )

    def table(self, ctx: SkillRange) -> Table:
        rows: list[list[Cell]] = [[tr(KINDS.get(i.kind, i.kind)), i.factor or "",
                 status_label(i.status), i.text] for i in self.ordered(ctx)]
        return Table([tr("Kind"), tr("Factor"), tr("Status"), tr("Sentence")], rows)


# the statistics a sentence of the report carries, for the Details layer (analysis/insights.py)
_DETAILS = ((re.compile(r"[;,] [qp] (?:<|=) [\d.]+"), ""),
            (re.compile(r"[;,] n_eff = [\d.]+"), ""),
            (re.compile(r" \(r = [-−]?[\d.]+\)"), ""),
            (re.compile(r"\br = ([-−]?[\d.]+), "), r"link strength \1, "))


def plain_sentence(text: str) -> str:
    """A report sentence without q, p, r and n_eff (kept: the estimate and its interval; r
    with an interval is said as the link's strength)."""
    for pattern, instead in _DETAILS:
        text = pattern.sub(instead, text)
    return text


def _without_not_cause(text: str) -> str:
    suffix = " Association, not cause."  # what analysis/insights.py appends to a claim
    return text[:-len(suffix)] if text.endswith(suffix) else text
