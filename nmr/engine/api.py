"""All a rule may import: the finding type, the rule constructors and the shared helpers.

Rule modules in ``checks/`` import from here and from the standard library only (a test holds
them to it), as yamllint's ``rules/`` use ``linter`` and ``rules/common``. What is not here is the
engine's own business and may change without touching a rule.
"""

from __future__ import annotations

from nmr.engine import custom
from nmr.engine.base import (
    AccountChange,
    ChangeSet,
    Context,
    Rule,
    account_rule,
    change_rule,
    document_rule,
    is_placeholder,
    registry_rule,
)
from nmr.engine.days import (
    NO_WORKING_DAYS_FOR,
    UPDATE_CHINESECALENDAR,
    BeyondCalendar,
    period,
    shift,
)
from nmr.engine.deadlines import annual_reviews_owed, countdown, latest_result, rectification
from nmr.engine.deadlines import verification as pending_verification
from nmr.engine.identity import full_width, handle_keys, mixed_script, name_keys
from nmr.engine.office import check_approver, check_signer, kind_of, parent_of, routes
from nmr.engine.people import (
    QQ_NUMBER,
    REASON_FOR,
    email_error,
    half_width,
    is_valid_phone,
    manager_changes,
    mask,
    people,
)
from nmr.engine.registry import (
    MODELINE,
    AccountFile,
    AccountIndex,
    Entry,
    is_account_path,
    stem_of,
)
from nmr.engine.setting import set_by
from nmr.schemas.chars import describe, first_unsafe
from nmr.schemas.finding import Finding, RuleInfo, Severity, field_path
from nmr.schemas.labels import FILING_REASON, STATUS, shown
from nmr.schemas.models import REFILING_REASONS, Account, Filing, FilingTiming, Person, Reviewer
from nmr.schemas.source import Document, KeyPath
from nmr.schemas.text import Msg, Template, article_name


def known_requirements() -> frozenset[str]:
    """Every requirement the rules and the record fields name (policy.yaml must map them)."""
    from nmr.engine.matrix import requirements_in_use  # the rule list imports this module

    return requirements_in_use()


def builtin_rule_ids() -> frozenset[str]:
    """The ids of the loader, the shape check and every rule of checks/."""
    from nmr.engine.matrix import all_rules  # the rule list imports this module

    return frozenset(info.id for info in all_rules())


__all__ = [
    "FILING_REASON",
    "MODELINE",
    "NO_WORKING_DAYS_FOR",
    "QQ_NUMBER",
    "REASON_FOR",
    "REFILING_REASONS",
    "STATUS",
    "UPDATE_CHINESECALENDAR",
    "Account",
    "AccountChange",
    "AccountFile",
    "AccountIndex",
    "BeyondCalendar",
    "ChangeSet",
    "Context",
    "Document",
    "Entry",
    "Filing",
    "FilingTiming",
    "Finding",
    "KeyPath",
    "Msg",
    "Person",
    "Reviewer",
    "Rule",
    "RuleInfo",
    "Severity",
    "Template",
    "account_rule",
    "annual_reviews_owed",
    "article_name",
    "builtin_rule_ids",
    "change_rule",
    "check_approver",
    "check_signer",
    "countdown",
    "custom",
    "describe",
    "document_rule",
    "email_error",
    "field_path",
    "first_unsafe",
    "full_width",
    "half_width",
    "handle_keys",
    "is_account_path",
    "is_placeholder",
    "is_valid_phone",
    "kind_of",
    "known_requirements",
    "latest_result",
    "manager_changes",
    "mask",
    "mixed_script",
    "name_keys",
    "parent_of",
    "pending_verification",
    "people",
    "period",
    "rectification",
    "registry_rule",
    "routes",
    "set_by",
    "shift",
    "shown",
    "stem_of",
]
