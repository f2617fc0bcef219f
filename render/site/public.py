"""What the public may see of an account: the allow-list of DESIGN.md, field by field.

Privacy by construction: the site, registry.json and registry.csv are built from
``PublicAccount`` alone, which has no field for a phone, an e-mail, a QQ number or any
person's name (个人信息保护法 第二十五条), whatever the record holds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from pypinyin import Style, lazy_pinyin

from nmr.schemas.labels import AUDIENCE
from nmr.schemas.models import Account, Policy, Unit

# Errors that do not decide whether an account is official: deadlines, the quality of contact
# details, the editor modeline. Every other error (filing, approval, signatures, identity,
# layout, shape) withholds the ✓ until it is fixed: fail closed.
NOT_ABOUT_STANDING = frozenset(
    {
        "annual-review-due",
        "rectification-deadline",
        "reviewed-by-approver",
        "contact-phone",
        "contact-email",
        "contact-qq",
        "reply-commitment",
        "managers-named",
        "schema-modeline",
        "no-secrets",
    }
)


# What the public is told about an account: only "official" and "rectifying" are official.
STANDING = {
    "official": "官方账号",
    "rectifying": "官方账号（整改中）",
    "closed": "已注销",
    "proposed": "申请中，尚未批准",
    "unconfirmed": "备案记录待核实，暂不能确认为官方账号",
}


@dataclass(frozen=True, slots=True)
class PublicAccount:
    id: str
    name: str
    platform: str
    platform_label: str
    handle: str
    platform_id: str | None  # the platform's public UID: the verify box answers for it too
    url: str | None
    unit: str
    unit_name: str
    mission: str
    scope: str
    audience: str
    verified: bool
    verification_subject: str | None
    verified_on: str | None
    opened_on: str
    registered_on: str | None  # the first filing's approval (or filing) date
    status: str  # the record's status
    standing: str  # what the public is told: a key of STANDING
    status_label: str
    last_passed_review: int | None
    closed_on: str | None
    extra: dict[str, str] = field(default_factory=dict)  # extra_fields marked public: key → text

    @property
    def is_closed(self) -> bool:
        return self.status == "closed"

    @property
    def is_official(self) -> bool:
        return self.standing in ("official", "rectifying")

    @property
    def has_page(self) -> bool:
        return self.is_official or self.is_closed

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def standing(account: Account, trusted: bool) -> str:
    """Official only when live and its filing, approval and identity have no errors."""
    if account.status == "closed":
        return "closed"
    if account.status == "proposed":
        return "proposed"
    if not trusted:
        return "unconfirmed"
    return "rectifying" if account.status == "rectifying" else "official"


def public(
    account: Account, policy: Policy, unit: Unit | None, trusted: bool = True
) -> PublicAccount:
    first = account.filings[0]
    shown = standing(account, trusted)
    passed = [review.year for review in account.annual_reviews if review.result == "pass"]
    return PublicAccount(
        id=account.id,
        name=account.name,
        platform=account.platform,
        platform_label=policy.platform_label(account.platform),
        handle=account.handle,
        platform_id=account.platform_id,
        url=account.url,
        unit=account.unit,
        unit_name=unit.name if unit is not None else account.unit,
        mission=account.purpose.mission,
        scope=account.purpose.scope,
        audience=AUDIENCE[account.purpose.audience],
        verified=account.verification.verified,
        verification_subject=account.verification.subject,
        verified_on=_day(account.verification.verified_on),
        opened_on=account.opened_on.isoformat(),
        registered_on=_day(first.approved_on or first.filed_on),
        status=account.status,
        standing=shown,
        status_label=STANDING[shown],
        last_passed_review=max(passed) if passed else None,
        closed_on=_day(account.closure.closed_on)
        if account.status == "closed" and account.closure
        else None,
        extra=public_extra(account, policy),
    )


def public_extra(account: Account, policy: Policy) -> dict[str, str]:
    """The extra fields policy.yaml marks public, as text; private ones never leave the record."""
    shown: dict[str, str] = {}
    for extra in policy.extra_fields:
        value = getattr(account, extra.key, None)
        if extra.public and value is not None:
            shown[extra.key] = ("是" if value else "否") if isinstance(value, bool) else str(value)
    return shown


def pinyin(text: str) -> str:
    return "".join(lazy_pinyin(text)).lower()


def initials(text: str) -> str:
    return "".join(lazy_pinyin(text, style=Style.FIRST_LETTER)).lower()


def sort_key(account: PublicAccount) -> tuple[str, str]:
    """Chinese collation by pinyin (pypinyin), as people expect in a directory."""
    return pinyin(account.name), account.id


def search_text(account: PublicAccount) -> str:
    """What the search box matches: name, handle, unit, and their pinyin and initials."""
    parts = (
        account.name,
        account.handle,
        account.unit_name,
        account.platform_label,
        pinyin(account.name),
        initials(account.name),
        pinyin(account.unit_name),
        initials(account.unit_name),
    )
    return " ".join(parts).lower()
