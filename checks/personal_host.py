"""personal-host: an account run by a person for a unit is allowed only as policy.yaml says.

Many Measures forbid anyone to open an account in the institution's name as a private person
({art_personal_accounts}); others allow it with the unit's consent and a copy of the person's ID on file.
``personal_hosting`` in policy.yaml says which: ``forbidden`` (the account is handed over to
the unit or closed), ``with-id-copy`` (the record names the day the unit agreed and confirms the
ID copy) or ``allowed``. The person's name stays in the internal ledger; it is never published.

PASS (由单位开通，没有 personal_host)::

    # base: law-weibo
    # path: accounts/law/law-weibo.yaml

FAIL (个人代为开通，本校不允许)::

    # base: law-weibo
    # path: accounts/law/law-weibo.yaml
    # expect: personal-host 4 40:1 由个人代为开通
    +personal_host: {name: 王小明, title: 学生}
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    AccountFile,
    Context,
    Finding,
    RuleInfo,
    Severity,
    Template,
    account_rule,
)

HOSTED_AS_POLICY_ALLOWS = Template(
    "personal-host.hosted-as-policy-allows",
    "个人代为开通的账号须符合 policy.yaml 的 personal_hosting",
    "accounts run by a person follow policy.yaml personal_hosting",
)
FORBIDDEN = Template(
    "personal-host.forbidden",
    "账号由个人代为开通（{name}），不得以{institution}或所属单位的名义开通个人账号",
    "the account is run by a person ({name}); no one may open one in {institution}'s name",
)
HAND_OVER = Template(
    "personal-host.hand-over",
    "把账号移交主办单位管理（改由单位实名认证）后删去 personal_host，或注销账号（status: closed）。",
    "Hand the account over to the unit and drop personal_host, or close it (status: closed).",
)
NO_CONSENT = Template(
    "personal-host.no-consent",
    "个人代为开通的账号须有主办单位同意日期（consent_on）",
    "an account run by a person needs the unit's consent date (consent_on)",
)
WRITE_CONSENT = Template(
    "personal-host.write-consent",
    "写上主办单位同意以单位名义开通的日期：consent_on: YYYY-MM-DD。",
    "Write the day the unit agreed: consent_on: YYYY-MM-DD.",
)
NO_ID_COPY = Template(
    "personal-host.no-id-copy",
    "个人代为开通的账号须有此人身份证复印件存档",
    "an account run by a person needs a copy of their ID on file",
)
FILE_ID_COPY = Template(
    "personal-host.file-id-copy",
    "把身份证复印件交主办单位存档后写 id_copy: true。",
    "File a copy of the ID with the unit, then write id_copy: true.",
)

INFO = RuleInfo("personal-host", "personal-accounts", Severity.ERROR, HOSTED_AS_POLICY_ALLOWS())


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    host = record.account.personal_host
    hosting = ctx.registry.policy.personal_hosting
    if host is None or hosting == "allowed" or record.account.status == "closed":
        return
    if hosting == "forbidden":
        yield record.at(
            INFO, ("personal_host",), FORBIDDEN(name=host.name), HAND_OVER(), on_key=True
        )
        return
    if host.consent_on is None:
        yield record.at(INFO, ("personal_host",), NO_CONSENT(), WRITE_CONSENT(), on_key=True)
    if not host.id_copy:
        yield record.at(INFO, ("personal_host", "id_copy"), NO_ID_COPY(), FILE_ID_COPY())


RULE = account_rule(INFO, check, __doc__)
