"""The readable rest of a broken record: what is cut, what is renamed, when nothing is left."""

from __future__ import annotations

from pathlib import Path

from nmr.schemas.models import Account
from nmr.schemas.salvage import readable_rest
from nmr.schemas.source import parse
from tests.conftest import REPO

LAW = (REPO / "tests/cases/bases/law-weibo.yaml").read_text(encoding="utf-8")


def rest(text: str) -> tuple[Account, list[tuple[str | int, ...]]] | None:
    document = parse("accounts/law/law-weibo.yaml", text).document
    assert document is not None
    return readable_rest(Account, document)


def test_an_unknown_key_is_cut_and_the_record_is_whole_again() -> None:
    found = rest(LAW.replace("status: active", "status: active\nnotes: 备注"))
    assert found is not None
    account, left_out = found
    assert left_out == [("notes",)]
    assert type(account) is Account and account.status == "active"


def test_a_misspelt_key_is_read_under_the_name_it_means() -> None:
    found = rest(LAW.replace("status: active", "statuss: closing"))
    assert found is not None
    _, left_out = found
    # The misspelt value is itself wrong (no such status): read as absent, never guessed.
    assert left_out == [("status",)]


def test_a_broken_required_field_is_read_as_absent_not_guessed() -> None:
    found = rest(LAW.replace("reply_commitment_days: 3", "reply_commitment_days: three"))
    assert found is not None
    account, left_out = found
    assert left_out == [("reply_commitment_days",)]
    assert account.reply_commitment_days is None
    assert account.contact.phone == "13800138000"  # the rest as written


def test_a_broken_list_item_takes_its_whole_list_never_shifting_the_others() -> None:
    found = rest(LAW.replace('phone: "010-64921234"', "phone: [1]"))
    assert found is not None
    account, left_out = found
    assert left_out == [("admins",)]
    assert account.admins is None


def test_a_file_that_is_no_mapping_has_no_rest() -> None:
    assert rest("- 1\n- 2\n") is None


def test_the_file_text_is_never_touched(tmp_path: Path) -> None:
    text = LAW.replace("reply_commitment_days: 3", "reply_commitment_days: three")
    document = parse("accounts/law/law-weibo.yaml", text).document
    assert document is not None
    before = repr(document.data)
    readable_rest(Account, document)
    assert repr(document.data) == before
