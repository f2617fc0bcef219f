"""The rules of the Measures, one module each, in one explicit registry."""

from __future__ import annotations

from checks import (
    account_kept,
    annual_review_due,
    closure_complete,
    contact_email,
    contact_phone,
    contact_qq,
    duplicate_handle,
    duplicate_id,
    failed_review_status,
    file_layout,
    filing_before_opening,
    filing_complete,
    filing_signed_by_head,
    grandfather_filing,
    history_append_only,
    id_matches_file,
    managers_named,
    no_secrets,
    platform_known,
    rectification_deadline,
    refile_on_change,
    reply_commitment,
    schema_modeline,
    status_transition,
    student_org_guided,
    unit_exists,
    unit_folder,
    unit_heads,
    units_change,
    verification_recorded,
)
from checks.base import Rule

RULES: tuple[Rule, ...] = (
    file_layout.RULE,
    schema_modeline.RULE,
    id_matches_file.RULE,
    duplicate_id.RULE,
    platform_known.RULE,
    verification_recorded.RULE,
    unit_exists.RULE,
    unit_folder.RULE,
    duplicate_handle.RULE,
    filing_complete.RULE,
    filing_signed_by_head.RULE,
    filing_before_opening.RULE,
    grandfather_filing.RULE,
    contact_phone.RULE,
    contact_email.RULE,
    contact_qq.RULE,
    failed_review_status.RULE,
    annual_review_due.RULE,
    rectification_deadline.RULE,
    student_org_guided.RULE,
    no_secrets.RULE,
    reply_commitment.RULE,
    unit_heads.RULE,
    managers_named.RULE,
    closure_complete.RULE,
    # what a pull request changes (nmr check --base)
    refile_on_change.RULE,
    history_append_only.RULE,
    account_kept.RULE,
    status_transition.RULE,
    units_change.RULE,
)


def rule_doc(rule_id: str) -> str:
    """The docstring of a rule module: what it checks, why, and PASS/FAIL examples."""
    for rule in RULES:
        if rule.id == rule_id:
            return rule.doc
    return ""
