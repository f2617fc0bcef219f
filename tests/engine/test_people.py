"""e-mail answers served per domain must be email-validator's own, address by address."""

from __future__ import annotations

import random

import pytest
from email_validator import EmailNotValidError, validate_email

from nmr.engine.people import _email_error, email_error

DOMAINS = [
    "culr.edu.cn",
    "example.org",
    "例子.中国",
    "localhost",
    "exa mple.com",
    "-bad.com",
    "a..b.com",
    "",
    "x" * 63 + ".com",
    "x" * 64 + ".com",
    ".".join(["abcdefghi"] * 24) + ".cn",  # a domain near the 253-character limit
    "[127.0.0.1]",
    "xn--fiqs8s.cn",
]
LOCAL_CHARS = "abcXYZ019_+-."


def _truth(address: str) -> str | None:
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError as error:
        return str(error)
    return None


@pytest.mark.parametrize("seed", range(4))
def test_every_address_gets_email_validators_verdict_and_words(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        length = rng.choice([1, 2, 7, 63, 64, 65, 70, rng.randint(1, 80)])
        local = "".join(rng.choices(LOCAL_CHARS, k=length))
        address = f"{local}@{rng.choice(DOMAINS)}"
        _email_error.cache_clear()  # the per-domain answer must not leak into another address
        assert email_error(address) == _truth(address), address
        assert email_error(address) == _truth(address), address  # and again, from the cache


def test_plain_addresses_at_one_domain_ask_email_validator_once() -> None:
    _email_error.cache_clear()
    for number in range(50):
        assert email_error(f"admin{number:03d}@culr.edu.cn") is None
    assert _email_error.cache_info().misses == 1
