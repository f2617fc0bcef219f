"""Who held which office on a given day: the helpers the signature and approval rules share.

History is judged by the people in office on the day of each act (a filing, a commitment, an
approval, a review), never by today's list: a change of heads never invalidates history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Protocol, TypeVar

from nmr.engine.base import is_placeholder
from nmr.schemas.finding import Finding, RuleInfo
from nmr.schemas.models import Account, Unit
from nmr.schemas.registry import AccountFile, Registry
from nmr.schemas.source import KeyPath
from nmr.schemas.text import Msg


class Officer(Protocol):
    """A head or an approver: a named person with a term of office."""

    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def term_text(self) -> str: ...
    def in_office(self, day: dt.date) -> bool: ...


T = TypeVar("T", bound=Officer)


def on(people: Sequence[T], day: dt.date) -> list[T]:
    return [person for person in people if person.in_office(day)]


def listing(people: Sequence[Officer]) -> str:
    """“熊建国（部长）、熊浩然（副部长）” for heads and approvers alike."""
    names = [f"{p.name}（{p.title}）" if p.title else p.name for p in people]
    return "、".join(names) or "（无人在任）"


def terms_of(name: str, people: Sequence[Officer]) -> str:
    """The terms ``name`` held among ``people`` (empty when never listed)."""
    return "、".join(p.term_text for p in people if p.name == name)


def filing_unit_people(account: Account, unit: Unit | None, day: dt.date) -> set[str]:
    """Who speaks for the filing unit on ``day``: its heads, the leader, admins and contact."""
    names = {account.leader.name, account.contact.name, *(a.name for a in account.admins)}
    if unit is not None:
        names |= {head.name for head in on(unit.heads, day)}
    return names


PLACEHOLDER_HINT = Msg(
    "写上真实姓名；还没有签字或审批时，不要填写这一项。",
    "Write the real name; leave the field out until it has been signed or approved.",
)


def placeholder(record: AccountFile, info: RuleInfo, where: KeyPath, name: str) -> Finding:
    return record.at(
        info,
        where,
        Msg(f"“{name}”不是人名，是占位文字", f"'{name}' is a placeholder, not a name"),
        PLACEHOLDER_HINT,
    )


def check_signer(
    record: AccountFile,
    info: RuleInfo,
    where: KeyPath,
    signer: str,
    day: dt.date,
    registry: Registry,
) -> Iterator[Finding]:
    """``signer`` must be a head of the host unit in office on ``day``."""
    unit = registry.unit(record.account.unit)
    if unit is None or not unit.heads:
        return  # reported by unit-exists / unit-heads
    if is_placeholder(signer):
        yield placeholder(record, info, where, signer)
        return
    in_office = on(unit.heads, day)
    if signer in {head.name for head in in_office}:
        return
    terms = terms_of(signer, unit.heads)
    why = (
        Msg(f"“{signer}”{day} 不在任（任期 {terms}）", f"'{signer}' was not in office on {day}")
        if terms
        else Msg(
            f"“{signer}”不是{unit.name}的党政主要负责人",
            f"'{signer}' is not a head of {unit.name}",
        )
    )
    yield record.at(
        info,
        where,
        why,
        Msg(
            f"{day} {unit.name}在任的党政主要负责人：{listing(in_office)}；请由其中一人签字。"
            "负责人有变动时先在 policy/units.yaml 中写明任期（since/until）。",
            f"Heads of {unit.name} on {day}: {listing(in_office)}. Record terms in units.yaml.",
        ),
    )


def check_approver(
    record: AccountFile,
    info: RuleInfo,
    where: KeyPath,
    name: str,
    day: dt.date,
    registry: Registry,
) -> Iterator[Finding]:
    """``name`` must be a listed approver of the approver unit in office on ``day``, and not
    someone of the filing unit (except when the approver unit files its own account)."""
    account = record.account
    approver_unit = registry.approver
    office = registry.approver_name
    if is_placeholder(name):
        yield placeholder(record, info, where, name)
        return
    approvers = approver_unit.approvers if approver_unit is not None else []
    in_office = on(approvers, day)
    if name not in {person.name for person in in_office}:
        terms = terms_of(name, approvers)
        yield record.at(
            info,
            where,
            Msg(
                f"“{name}”{day} 不是{office}在任的审批人" + (f"（任期 {terms}）" if terms else ""),
                f"'{name}' was not an approver of {office} on {day}",
            ),
            Msg(
                f"{day} {office}在任的审批人：{listing(in_office)}（policy/units.yaml 的 approvers）。"
                "审批由审批人本人填写。",
                f"Approvers of {office} on {day}: {listing(in_office)} (approvers in units.yaml).",
            ),
        )
        return
    if account.unit == registry.policy.approver_unit:
        return  # the approver unit's own account: its own people approve it
    unit = registry.unit(account.unit)
    if name in filing_unit_people(account, unit, day):
        yield record.at(
            info,
            where,
            Msg(
                f"审批人“{name}”也是本账号主办单位的负责人或管理人员：不能自己审批自己",
                f"approver '{name}' is one of the filing unit's own people",
            ),
            Msg(
                f"请{office}另一位审批人审批。",
                f"Have another approver of {office} approve it.",
            ),
        )
