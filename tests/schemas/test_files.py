"""Inputs are bounded: links, FIFOs and devices are findings, never read or waited on;
sizes, nesting, text and list lengths have limits, each a finding at its line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nmr.schemas.files import Unreadable, read_regular
from tests.conftest import TODAY, Result, copy_registry, run_nmr_process

LAW = "accounts/law/law-wechat.yaml"
SECRET = "nmr-test-secret-4f9a2c"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_registry(tmp_path / "registry")


def check(root: Path, *args: str, text: bool = False) -> Result:
    result = run_nmr_process(
        "check",
        "--root",
        str(root),
        *(() if text else ("--format", "json")),
        "--today",
        TODAY,
        *args,
        cwd=root,
        env={"NMR_TEST_SECRET": SECRET},
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def finding(result: Result, path: str, rule: str) -> dict[str, object]:
    found = [f for f in result.json()["findings"] if f["path"] == path and f["rule"] == rule]
    assert len(found) == 1, result.stdout
    return found[0]


def test_read_regular_refuses_links_fifos_devices_folders_and_size(tmp_path: Path) -> None:
    plain = tmp_path / "plain.yaml"
    plain.write_bytes(b"id: x\n")
    assert read_regular(plain, 100) == b"id: x\n"
    link = tmp_path / "link.yaml"
    link.symlink_to(plain)
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    cases = {
        link: "symlink",
        fifo: "special",
        Path("/dev/zero"): "special",
        tmp_path: "directory",
        tmp_path / "nope.yaml": "missing",
    }
    for path, problem in cases.items():
        with pytest.raises(Unreadable) as caught:
            read_regular(path, 100)
        assert caught.value.problem == problem, path
    with pytest.raises(Unreadable) as caught:
        read_regular(plain, 3)
    assert (caught.value.problem, caught.value.size) == ("too-large", 6)


@pytest.mark.parametrize("text", [False, True], ids=["json", "text"])
def test_a_link_to_the_environment_is_not_read(root: Path, text: bool) -> None:
    """The text report shows each finding's source line: it must not follow the link."""
    (root / LAW).unlink()
    (root / LAW).symlink_to("/proc/self/environ")
    result = check(root, text=text)
    assert result.code == 1
    assert SECRET not in result.stdout + result.stderr
    if not text:
        layout = finding(result, LAW, "file-layout")
        assert "符号链接" in str(layout["message"]) and "/proc/self/environ" in str(
            layout["message"]
        )


def test_a_link_to_dev_zero_and_a_fifo_are_findings_not_hangs(root: Path) -> None:
    (root / LAW).unlink()
    (root / LAW).symlink_to("/dev/zero")
    os.mkfifo(root / "accounts/law/pipe.yaml")
    result = check(root)  # run_nmr_process times out after 120 s: a hang fails the test
    assert result.code == 1
    assert "符号链接" in str(finding(result, LAW, "file-layout")["message"])
    pipe = finding(result, "accounts/law/pipe.yaml", "file-layout")
    assert "管道、设备或套接字" in str(pipe["message"])


def test_a_link_named_on_the_command_line_is_refused_not_followed(root: Path) -> None:
    (root / LAW).unlink()
    (root / LAW).symlink_to("/proc/self/environ")
    result = check(root, LAW, text=True)
    assert result.code == 1, result.stderr
    assert SECRET not in result.stdout
    assert "符号链接" in result.stdout


def test_a_symlinked_policy_file_is_not_read(root: Path) -> None:
    units = root / "policy/units.yaml"
    units.unlink()
    units.symlink_to("/proc/self/environ")
    result = check(root)
    assert SECRET not in result.stdout + result.stderr
    layout = finding(result, "policy/units.yaml", "file-not-regular")
    assert layout["line"] == 1 and "符号链接" in str(layout["message"])


def test_fifty_thousand_nested_brackets_are_a_finding_not_a_crash(root: Path) -> None:
    (root / LAW).write_text("id: " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    result = check(root, LAW)
    assert result.code == 1, (result.code, result.stderr)  # not 139 (SIGSEGV)
    deep = finding(result, LAW, "yaml-too-deep")
    assert (deep["line"], deep["column"]) == (1, 36)  # the 32nd bracket, in the mapping: depth 33
    assert "嵌套超过 32 层" in str(deep["message"])


def test_a_hundred_thousand_character_mission_is_refused_at_its_line(root: Path) -> None:
    text = (root / LAW).read_text(encoding="utf-8")
    lines = text.splitlines()
    number = next(n for n, line in enumerate(lines) if "mission:" in line)
    lines[number] = "  mission: " + "很" * 100_000
    (root / LAW).write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = check(root, LAW)
    long = finding(result, LAW, "yaml-too-long")
    assert (long["line"], long["column"]) == (number + 1, 12)
    assert "这段文字有 100000 个字符，超过上限 2000" in str(long["message"])


def test_a_list_of_a_thousand_admins_is_refused(root: Path) -> None:
    text = (root / LAW).read_text(encoding="utf-8")
    admin = '  - {name: 王芳, title: 管理员, phone: "13911112222", email: a@culr.edu.cn}\n'
    text = text.replace("admins:\n", "admins:\n" + admin * 1000, 1)
    (root / LAW).write_text(text, encoding="utf-8")
    result = check(root, LAW)
    long = finding(result, LAW, "yaml-too-long")
    assert "这里有 100" in str(long["message"]) and "超过上限 500" in str(long["message"])


def test_limits_come_from_policy(root: Path) -> None:
    policy = root / "policy/policy.yaml"
    policy.write_text(
        policy.read_text(encoding="utf-8") + "limits: {text_chars: 100}\n", encoding="utf-8"
    )
    text = (root / LAW).read_text(encoding="utf-8")
    (root / LAW).write_text(text.replace("mission: ", "mission: " + "长" * 150, 1), "utf-8")
    result = check(root, LAW)
    assert "超过上限 100" in str(finding(result, LAW, "yaml-too-long")["message"])


def test_a_folder_argument_checks_everything_under_it(root: Path) -> None:
    text = (root / LAW).read_text(encoding="utf-8")
    (root / LAW).write_text(text.replace("reply_commitment_days: 2", "reply_commitment_days: 9"))
    result = check(root, "accounts/law")
    assert result.code == 1
    assert any(f["path"] == LAW for f in result.json()["findings"])
    assert result.json()["summary"]["accounts"] == len(list((root / "accounts/law").iterdir()))
