"""Who held which office on a given day: the helpers the signature and approval rules share.

History is judged by the people in office on the day of each act (a filing, a commitment, an
approval, a review), never by today's list: a change of heads never invalidates history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Literal, Protocol, TypeVar

from nmr.engine.base import is_placeholder
from nmr.engine.registry import AccountFile, Registry
from nmr.schemas.finding import Finding, RuleInfo
from nmr.schemas.models import Account, Policy, Unit, UnitKind
from nmr.schemas.source import KeyPath
from nmr.schemas.text import Msg, Template

WRITE_REAL_NAME_LEAVE_FIELD = Template(
    "engine.office.write-real-name-leave-field",
    "写上真实姓名；还没有签字或审批时，不要填写这一项。",
    "Write the real name; leave the field out until it has been signed or approved.",
)
PLACEHOLDER_NOT_NAME = Template(
    "engine.office.placeholder-not-name",
    "“{name}”不是人名，是占位文字",
    "'{name}' is a placeholder, not a name",
)
WAS_NOT_IN_OFFICE_ON = Template(
    "engine.office.was-not-in-office-on",
    "“{signer}”{day} 不在任（任期 {terms}）",
    "'{signer}' was not in office on {day}",
)
NOT_HEAD = Template(
    "engine.office.not-head",
    "“{signer}”不是{name}的党政主要负责人",
    "'{signer}' is not a head of {name}",
)
HEADS_ON_RECORD_TERMS_IN = Template(
    "engine.office.heads-on-record-terms-in",
    "{day} {name}在任的党政主要负责人：{listing}；请由其中一人签字。负责人有变动时先在 policy/units.yaml 中写明任期（since/until）。",
    "Heads of {name} on {day}: {listing}. Record terms in units.yaml.",
)
NOT_AN_APPROVER = Template(
    "engine.office.not-an-approver",
    "“{name}”{day} 不是{office}在任的审批人",
    "'{name}' was not an approver of {office} on {day}",
)
NOT_AN_APPROVER_THEN = Template(
    "engine.office.not-an-approver-then",
    "“{name}”{day} 不是{office}在任的审批人（任期 {terms}）",
    "'{name}' was not an approver of {office} on {day}",
)
APPROVERS_ON_APPROVERS_IN_UNITS = Template(
    "engine.office.approvers-on-approvers-in-units",
    "{day} {office}在任的审批人：{listing}（policy/units.yaml 的 approvers）。审批由审批人本人填写。",
    "Approvers of {office} on {day}: {listing} (approvers in units.yaml).",
)
APPROVER_ONE_FILING_UNIT_S = Template(
    "engine.office.approver-one-filing-unit-s",
    "审批人“{name}”也是本账号主办单位的负责人或管理人员：不能自己审批自己",
    "approver '{name}' is one of the filing unit's own people",
)
HAVE_ANOTHER_APPROVER_APPROVE_IT = Template(
    "engine.office.have-another-approver-approve-it",
    "请{office}另一位审批人审批。",
    "Have another approver of {office} approve it.",
)


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
Route = Literal["parent", "guide"]


def on(people: Sequence[T], day: dt.date) -> list[T]:
    return [person for person in people if person.in_office(day)]


NOBODY_IN_OFFICE = Template("engine.office.nobody-in-office", "（无人在任）", "(nobody in office)")


def listing(people: Sequence[Officer]) -> Msg:
    """“熊建国（部长）、熊浩然（副部长）” for heads and approvers alike; names and titles are
    the units file's own words, the punctuation is each language's."""
    if not people:
        return NOBODY_IN_OFFICE()
    zh = "、".join(f"{p.name}（{p.title}）" if p.title else p.name for p in people)
    en = ", ".join(f"{p.name} ({p.title})" if p.title else p.name for p in people)
    return Msg.verbatim(zh, en)


def terms_of(name: str, people: Sequence[Officer]) -> str:
    """The terms ``name`` held among ``people`` (empty when never listed)."""
    return "、".join(p.term_text for p in people if p.name == name)


def filing_unit_people(account: Account, unit: Unit | None, day: dt.date) -> set[str]:
    """Who speaks for the filing unit on ``day``: its heads, the leader, admins and contact."""
    names = {account.leader.name, account.contact.name, *(a.name for a in account.admins)}
    if unit is not None:
        names |= {head.name for head in on(unit.heads, day)}
    return names


PLACEHOLDER_HINT = WRITE_REAL_NAME_LEAVE_FIELD()


def placeholder(record: AccountFile, info: RuleInfo, where: KeyPath, name: str) -> Finding:
    return record.at(
        info,
        where,
        PLACEHOLDER_NOT_NAME(name=name),
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
    """``signer`` must be a head in office on ``day`` of the unit that signs for the host unit
    (the host unit itself, or its parent or guide units where policy.yaml ``unit_kinds`` says so)."""
    host = registry.unit(record.account.unit)
    if host is None:
        return  # reported by unit-exists
    units = signing_units(registry, host)
    heads = [head for unit in units for head in unit.heads]
    if not heads:
        return  # reported by unit-heads
    if is_placeholder(signer):
        yield placeholder(record, info, where, signer)
        return
    in_office = on(heads, day)
    if signer in {head.name for head in in_office}:
        return
    terms = terms_of(signer, heads)
    name = "、".join(unit.name for unit in units)
    why = (
        WAS_NOT_IN_OFFICE_ON(signer=signer, day=day, terms=terms)
        if terms
        else NOT_HEAD(signer=signer, name=name)
    )
    yield record.at(
        info,
        where,
        why,
        HEADS_ON_RECORD_TERMS_IN(day=day, name=name, listing=listing(in_office)),
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
            (
                NOT_AN_APPROVER_THEN(name=name, day=day, office=office, terms=terms)
                if terms
                else NOT_AN_APPROVER(name=name, day=day, office=office)
            ),
            APPROVERS_ON_APPROVERS_IN_UNITS(day=day, office=office, listing=listing(in_office)),
        )
        return
    if account.unit == registry.policy.approver_unit:
        return  # the approver unit's own account: its own people approve it
    unit = registry.unit(account.unit)
    if name in filing_unit_people(account, unit, day):
        yield record.at(
            info,
            where,
            APPROVER_ONE_FILING_UNIT_S(name=name),
            HAVE_ANOTHER_APPROVER_APPROVE_IT(office=office),
        )


NO_SUCH_KIND = UnitKind(label="?")  # a kind policy.yaml does not list (unit-kind-known reports it)


def kind_of(policy: Policy, unit: Unit) -> UnitKind:
    """The policy's setting for ``unit``'s kind (an unknown kind has no special duties)."""
    return policy.unit_kinds.get(unit.kind, NO_SUCH_KIND)


def guides_of(registry: Registry, unit: Unit) -> list[Unit]:
    """The guide units of a guided unit (学团组织 → 学生处、团委), as listed in its guided_by."""
    if not kind_of(registry.policy, unit).guided:
        return []
    return [guide for guide in map(registry.unit, unit.guided_by or []) if guide is not None]


def parent_of(registry: Registry, unit: Unit) -> Unit | None:
    return registry.unit(unit.parent) if unit.parent else None


def routes(registry: Registry, unit: Unit) -> list[tuple[Unit, Route]]:
    """Who else takes part in ``unit``'s filings: its parent (二级单位 first), then its guides."""
    parent = parent_of(registry, unit)
    found: list[tuple[Unit, Route]] = [(parent, "parent")] if parent is not None else []
    return found + [(guide, "guide") for guide in guides_of(registry, unit)]


def signing_units(registry: Registry, unit: Unit) -> list[Unit]:
    """Whose heads sign ``unit``'s 登记表 and 承诺书: its own, its parent's, or its guides'."""
    signed_by = kind_of(registry.policy, unit).signed_by
    if signed_by == "parent":
        parent = parent_of(registry, unit)
        return [parent] if parent is not None else [unit]
    if signed_by == "guide":
        return guides_of(registry, unit) or [unit]
    return [unit]
