"""Which signed documents each change needs (第五条, 第六条, 第十四条), for forms and the summary.

- a new account: 附件1 登记表 and 附件2 承诺书;
- a re-filing (manager or unit change): the 登记表 marked 变更, and the 承诺书 if it changed;
- an annual report submitted: that year's report;
- a closure: the closure document;
- a closed account otherwise: nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from nmr.engine.base import AccountChange
from nmr.schemas.models import REFILING_REASONS, Account

Kind = Literal["registration", "commitment", "report", "closure"]
KINDS: tuple[Kind, ...] = ("registration", "commitment", "report", "closure")


@dataclass(frozen=True, slots=True)
class Paper:
    kind: Kind
    year: int | None = None
    change: bool = False  # a 登记表 for a re-filing (变更)

    @property
    def label(self) -> str:
        if self.kind == "registration":
            return "附件1 登记表（变更）" if self.change else "附件1 登记表"
        if self.kind == "commitment":
            return "附件2 承诺书"
        if self.kind == "report":
            return f"{self.year} 年度检查报告"
        return "注销（关闭）备案表"


def for_change(item: AccountChange) -> list[Paper]:
    """The documents a pull request's change to one account calls for."""
    new = item.new.account if item.new else None
    old = item.old
    if new is None or item.status == "deleted":
        return []
    if old is None:
        return [Paper("registration"), Paper("commitment")]
    if new.status == "closed":
        return [Paper("closure")] if old.status != "closed" else []
    papers = []
    appended = new.filings[len(old.filings) :]
    if any(f.reason in REFILING_REASONS for f in appended):
        papers.append(Paper("registration", change=True))
    if new.commitment != old.commitment:
        papers.append(Paper("commitment"))
    papers += [Paper("report", r.year) for r in new.annual_reviews[len(old.annual_reviews) :]]
    return papers


def for_record(account: Account, year: int, owes: bool) -> list[Paper]:
    """The documents a record calls for when printed on its own (``nmr render forms``)."""
    if account.status == "closed":
        return [Paper("closure")]
    papers = [Paper("registration"), Paper("commitment")]
    if owes:
        papers.append(Paper("report", year))
    return papers
