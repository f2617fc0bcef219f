"""Bad input, as a unit would produce it: each is a clear finding at the right line, exit 1,
no traceback, and the file left exactly as it was."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.conftest import REPO, TODAY, Result, copy_registry, run_nmr_process

LAW = "accounts/law/law-wechat.yaml"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_file(root: Path, rel: str) -> Result:
    return run_nmr_process(
        "check", "--root", str(root), "--format", "json", "--today", TODAY, rel, cwd=root
    )


def only(result: Result, rel: str) -> dict[str, object]:
    assert result.code == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    found = [f for f in result.json()["findings"] if f["path"] == rel and f["severity"] == "error"]
    assert len(found) >= 1, result.stdout
    return found[0]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_registry(tmp_path / "registry")


def write(root: Path, rel: str, data: bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def original(root: Path) -> bytes:
    return (root / LAW).read_bytes()


BAD_INPUTS: dict[str, tuple[bytes, str, int, str]] = {
    # name: (content, rule, line, part of the message)
    "empty": (b"", "file-empty", 1, "文件是空的"),
    "only-comments": (
        b"# yaml-language-server: $schema=../../schemas/account.schema.json\n# \xe5\xbe\x85\xe5\xa1\xab\n",
        "file-empty",
        1,
        "文件是空的",
    ),
    "binary": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "file-binary",
        1,
        "二进制文件",
    ),
    "gbk": ("id: law-wechat\nname: 法学院\n".encode("gb18030"), "file-encoding", 2, "GBK"),
    "utf16": ("id: law-wechat\n".encode("utf-16"), "file-encoding", 1, "UTF-16"),
    "tab": (b"id: law-wechat\npurpose:\n\tmission: x\n", "yaml-tab", 3, "制表符"),
    "duplicate-key": (b"id: law-wechat\nname: a\nname: b\n", "yaml-duplicate-key", 3, "重复出现"),
    "two-documents": (
        b"id: law-wechat\n---\nid: other\n",
        "yaml-multiple-documents",
        3,
        "第二个 YAML 文档",
    ),
    "anchor-alias": (
        b"id: law-wechat\nleader: &a {name: x}\nadmins: [*a]\n",
        "yaml-alias",
        2,
        "锚点",
    ),
    "deep": (
        b"id: law-wechat\nx: " + b"[" * 40 + b"]" * 40 + b"\n",
        "yaml-too-deep",
        2,
        "嵌套超过",
    ),
    "syntax": (b'id: law-wechat\nname: "unterminated\n', "yaml-syntax", 3, "引号"),
    "python-tag": (
        b"id: !!python/object/apply:os.system ['true']\n",
        "yaml-tag",
        1,
        "不支持的 YAML 标签",
    ),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_is_a_finding(root: Path, name: str) -> None:
    content, rule, line, message = BAD_INPUTS[name]
    path = write(root, LAW, content)
    before = sha(path)
    finding = only(check_file(root, LAW), LAW)
    assert (finding["rule"], finding["line"]) == (rule, line), finding
    assert message in str(finding["message"])
    assert finding["hint"]
    assert finding["article"] is None
    assert sha(path) == before


def test_alias_bomb_is_refused_quickly(root: Path) -> None:
    lines = ["id: law-wechat", 'a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    write(root, LAW, ("\n".join(lines) + "\n").encode())
    finding = only(check_file(root, LAW), LAW)
    assert finding["rule"] == "yaml-alias"
    assert finding["line"] == 2


def test_file_over_one_mebibyte(root: Path) -> None:
    path = write(root, LAW, b"id: law-wechat\n" + b"# padding\n" * 120_000)
    finding = only(check_file(root, LAW), LAW)
    assert finding["rule"] == "file-too-large"
    assert "超过上限 1048576 字节" in str(finding["message"])
    assert path.stat().st_size > 1 << 20


def test_utf8_bom_is_accepted(root: Path) -> None:
    path = root / LAW
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = check_file(root, LAW)
    assert result.code == 0, result.stdout
    assert [f for f in result.json()["findings"] if f["path"] == LAW] == []


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ('phone: "18870194977"', "phone: 18870194977", "contact.phone", "读成了数字"),
        # only digits 0-7 after the 0: YAML 1.1 reads it as an octal number
        ('qq: "310287531"', "qq: 0310227531", "contact.qq", "开头的 0 会丢失"),
        ("audience: public", "audience: no", "purpose.audience", "布尔值"),
        (
            "scope: 学院动态、学术活动、学生工作、招生宣传",
            "scope: 2019-03-01",
            "purpose.scope",
            "日期",
        ),
        ('phone: "18870194977"', 'phone: "１８８７０１９４９７７"', "contact.phone", "全角"),
        ("email: haojun@culr.edu.cn", "email: haojun＠culr.edu.cn", "contact.email", "全角"),
        ('qq: "310287531"', 'qq: "３１０２８７５３１"', "contact.qq", "全角"),
    ],
)
def test_yaml_traps_are_explained(root: Path, old: str, new: str, field: str, message: str) -> None:
    path = root / LAW
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = next(
        n for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if new in row
    )
    before = sha(path)
    finding = only(check_file(root, LAW), LAW)
    assert (finding["field"], finding["line"]) == (field, line), finding
    assert message in str(finding["message"])
    assert new.split(": ", 1)[1].strip('"') in str(finding["message"]) or "全角" in str(
        finding["message"]
    )
    assert sha(path) == before


def test_layout_problems(root: Path) -> None:
    law = root / LAW
    (root / "accounts/law/law-wechat.yml").write_bytes(law.read_bytes())
    (root / "accounts/stray.yaml").write_bytes(law.read_bytes())
    (root / "accounts/law/登记表.docx").write_bytes(b"PK\x03\x04")
    (root / "accounts/law/passwd.yaml").symlink_to("/etc/passwd")
    moved = root / "accounts/economics/law-weibo.yaml"
    moved.write_bytes((root / "accounts/law/law-weibo.yaml").read_bytes())
    (root / "accounts/law/law-weibo.yaml").unlink()
    renamed = root / "accounts/law/law-wx.yaml"
    renamed.write_bytes(law.read_bytes())
    (root / "accounts/law/.law-copy.yaml").write_bytes(law.read_bytes())  # never skipped silently
    (root / "accounts/.drafts").mkdir()
    (root / "accounts/.drafts/law-draft.yaml").write_bytes(law.read_bytes())
    result = run_nmr_process("check", "--root", str(root), "--format", "json", "--today", TODAY)
    assert result.code == 1 and "Traceback" not in result.stderr
    got = {(f["rule"], f["path"], f["line"]) for f in result.json()["findings"]}
    assert ("file-layout", "accounts/law/law-wechat.yml", 1) in got
    assert ("file-layout", "accounts/stray.yaml", 1) in got
    assert ("file-layout", "accounts/law/登记表.docx", 1) in got
    assert ("file-layout", "accounts/law/passwd.yaml", 1) in got
    assert ("unit-folder", "accounts/economics/law-weibo.yaml", 7) in got
    assert ("id-matches-file", "accounts/law/law-wx.yaml", 2) in got
    hidden = {
        f["path"]: f["message"] for f in result.json()["findings"] if "隐藏文件" in f["message"]
    }
    assert set(hidden) == {"accounts/law/.law-copy.yaml", "accounts/.drafts/law-draft.yaml"}
    # the symlink target was never read
    assert not any("root:" in f["message"] for f in result.json()["findings"])


def test_not_a_registry_is_exit_2(tmp_path: Path) -> None:
    result = run_nmr_process("check", "--root", str(tmp_path))
    assert result.code == 2
    assert "不是备案库" in result.stderr and "Traceback" not in result.stderr


def _line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_doc_at_places_keys_and_list_items_in_every_file_kind() -> None:
    from nmr.engine.registry import load_frame

    registry, _ = load_frame(REPO)
    assert registry is not None and registry.policy_document and registry.units_document
    policy_text = (REPO / "policy" / "policy.yaml").read_text(encoding="utf-8")
    line = _line_of(policy_text, "approver_unit:")
    assert registry.policy_document.at(("approver_unit",), on_key=True) == (line, 1)
    assert registry.policy_document.at(("approver_unit",))[0] == line
    units_text = (REPO / "policy" / "units.yaml").read_text(encoding="utf-8")
    second = [n for n, text in enumerate(units_text.splitlines(), 1) if text.startswith("  - id:")][
        1
    ]
    assert registry.units_document.at(("units", 1)) == (second, 5)
    assert registry.units_document.at(("units", 1, "no-such-key")) == (second, 5)
    assert registry.units_document.at(("no-such-key",)) == registry.units_document.at(())


def test_a_misspelt_top_level_key_gets_a_did_you_mean() -> None:
    """The root's own keys are what a misspelt top-level key is compared with."""
    from nmr.schemas.models import Account
    from nmr.schemas.shape import validate
    from nmr.schemas.source import parse

    text = (REPO / "accounts/law/law-weibo.yaml").read_text("utf-8")
    loaded = parse("accounts/law/law-weibo.yaml", text.replace("\nstatus:", "\nstatuss:"))
    assert loaded.document is not None
    _, findings = validate(Account, loaded.document)
    (unknown,) = [f for f in findings if f.message.zh.startswith("未知字段")]
    assert unknown.message.zh == "未知字段 statuss" and unknown.hint.zh == "是不是想写 status？"
    listed = parse("x.yaml", text.replace("\nstatus:", "\nzzzzzzz:"))
    assert listed.document is not None
    (far,) = [f for f in validate(Account, listed.document)[1] if "zzzzzzz" in f.message.zh]
    assert far.hint.zh.startswith("这一层允许的字段：id、name、")


def test_status_and_reason_show_their_chinese_label_in_messages(tmp_path: Path) -> None:
    """A unit secretary reads 正常运行（active）, not a bare enum word (labels from one table)."""
    registry = copy_registry(tmp_path / "registry")
    law = registry / "accounts/law/law-weibo.yaml"
    law.write_text(law.read_text("utf-8").replace("status: active", "status: closed"), "utf-8")
    result = run_nmr_process("check", "--root", str(registry), "--format", "json", "--today", TODAY)
    messages = [
        f["message"]
        for f in json.loads(result.stdout)["findings"]
        if f["path"].endswith("law-weibo.yaml")
    ]
    assert "状态为已注销（closed），但没有注销记录（closure）" in messages
    english = run_nmr_process(
        "check", "--root", str(registry), "--format", "json", "--today", TODAY, "--lang", "en"
    )
    assert "status is closed but closure is missing" in english.stdout
