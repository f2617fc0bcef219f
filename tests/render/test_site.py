"""The public site in real Chromium (Playwright, Debian's browser), and a privacy scan of every file."""

from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import os
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import REPO, copy_registry, git, run_nmr_process

CHROMIUM = "/usr/bin/chromium"  # Debian's package, installed by .ci/run; a missing browser fails
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


# Many verify shards on a small registry: a text the box derives no shard for is then a wrong
# answer in the tests, not a lucky hit in one of a few shards.
# Search buckets of 3 accounts: the words are cut deep and the platform lists run to several
# pages, as in a registry of 100,000.
SHARDS = {"NMR_VERIFY_MIN_SHARDS": "512", "NMR_SEARCH_SHARD_SIZE": "3"}


def build(registry: Path, out: Path) -> Path:
    result = run_nmr_process(
        "render", "site", "--root", str(registry), "--out", str(out), env=SHARDS
    )
    assert result.code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    return build(copy_registry(root / "registry"), root / "out")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    registry = copy_registry(root / "registry")
    source = (registry / "accounts/law/law-wechat.yaml").read_text(encoding="utf-8")
    for number, name in enumerate(HOSTILE, start=1):
        text = (
            source.replace("id: law-wechat", f"id: law-evil-{number}")
            .replace("name: 中国劳动关系学院法学院", f"name: {json.dumps(name)}")
            .replace('handle: "culr_law"', f'handle: "evil{number}"')
        )
        (registry / f"accounts/law/law-evil-{number}.yaml").write_text(text, encoding="utf-8")
    return build(registry, root / "out")


def _serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, site: Path) -> Iterator[tuple[Page, str]]:
    server, base = _serve(site)
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    tab = context.new_page()
    tab.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    yield tab, base
    context.close()
    server.shutdown()


def registry_json(site: Path) -> list[dict[str, Any]]:
    return json.loads((site / "registry.json").read_text(encoding="utf-8"))["accounts"]  # type: ignore[no-any-return]


def results(tab: Page) -> list[str]:
    """The accounts listed once the answer to the latest input has come (shards load async)."""
    tab.wait_for_function(
        "!document.getElementById('search-results').hidden &&"
        " document.getElementById('search-status').textContent !== '查询中……'"
    )
    return [
        href.split("/")[-1].removesuffix(".html")
        for href in tab.eval_on_selector_all(
            "#search-results li a", "els => els.map(e => e.getAttribute('href'))"
        )
    ]


def test_search_by_name_and_by_pinyin_initials(page: tuple[Page, str], site: Path) -> None:
    tab, base = page
    tab.goto(base + "index.html")
    tab.fill("#search-input", "法学院")
    expected = {
        a["id"]
        for a in registry_json(site)
        if a["status"] != "closed" and ("法学院" in a["name"] or a["unit_name"] == "法学院")
    }
    assert set(results(tab)) == expected == {"law-wechat", "law-weibo"}
    tab.fill("#search-input", "")
    tab.wait_for_function("document.getElementById('search-results').hidden")
    tab.fill("#search-input", "fxy")
    assert set(results(tab)) == {"law-wechat", "law-weibo"}
    assert tab.inner_text("#search-status") == "找到 2 个官方账号"
    tab.fill("#search-input", "qcly")  # 青春劳院
    assert set(results(tab)) == {"tw-wechat", "tw-bilibili"}


def test_filter_by_platform(page: tuple[Page, str], site: Path) -> None:
    tab, base = page
    tab.goto(base + "index.html")
    tab.select_option("#platform-filter", "douyin")
    found = results(tab)
    expected = {
        a["id"]
        for a in registry_json(site)
        if a["platform"] == "douyin" and a["status"] != "closed"
    }
    assert set(found) == expected and len(expected) >= 3
    labels = tab.eval_on_selector_all("#search-results .meta", "els => els.map(e => e.textContent)")
    assert all(label.startswith("抖音 · ") for label in labels)
    assert tab.is_hidden("#static-list")


def verify(tab: Page, base: str, query: str) -> str:
    tab.goto(base + "index.html")
    tab.fill("#verify-input", query)
    tab.click("#verify-form button")
    tab.wait_for_function(
        "(t => t.length > 0 && t !== '查询中……')(document.getElementById('verify-result').textContent)"
    )
    return tab.inner_text("#verify-result")


@pytest.mark.parametrize(
    ("query", "css", "text"),
    [
        ("culr_official", "result ok", "✓ 是官方账号：中国劳动关系学院（微信公众号，党委组宣部）"),
        ("@CULR1949", "result ok", "中国劳动关系学院（微博，党委组宣部）"),
        ("https://weibo.com/culr1949/", "result ok", "中国劳动关系学院（微博，党委组宣部）"),
        ("culr_yixin", "result closed", "已于 2018-12-28 注销，不再是学校官方账号"),
        ("culr_fake_2026", "result unknown", "✗ 未在本库登记，不是学校官方账号"),
        # full-width typing, case, spaces: normalised as the registry's own checks do
        ("  ＣＵＬＲ１９４９ ", "result ok", "中国劳动关系学院（微博，党委组宣部）"),
        # the platform's own id, and the registered link itself
        ("gh_5e1c0a9d7b21", "result ok", "中国劳动关系学院（微信公众号，党委组宣部）"),
        ("https://v.culr.edu.cn", "result ok", "劳院视频（网络视频，党委组宣部）"),
        # a real handle on a domain that is not the platform's: never ✓
        ("https://weibo.evil.example/culr1949", "result unknown", "不是已登记平台的网址"),
        (
            "https://evil.example/weibo.com/culr1949",
            "result unknown",
            "（evil.example）不是已登记平台的网址",
        ),
        # look-alikes name the account they imitate
        (
            "сulr1949",
            "result unknown",
            "✗ 不是官方账号：它与官方账号 中国劳动关系学院（微博，党委组宣部）",
        ),
        ("culr_0fficial", "result unknown", "看起来相同，但不是同一个账号，可能是仿冒"),
        ("https://weibo.com/cuIr1949", "result unknown", "（账号 culr1949）看起来相同"),
        ("culr\u200b1949", "result unknown", "✗ 输入中含有不可见字符。不是官方账号：它与官方账号"),
        # a closed account is never ✓, and says since when
        ("https://weibo.com/culr_yixin", "result unknown", "✗ 未在本库登记"),  # a yixin handle
        ("culr-sjb", "result closed", "（劳院手机报，手机报）已于 2019-01-15 注销"),
    ],
)
def test_verify_box(page: tuple[Page, str], query: str, css: str, text: str) -> None:
    tab, base = page
    answer = verify(tab, base, query)
    assert tab.get_attribute("#verify-result", "class") == css
    assert text in answer


def test_a_nickname_lists_every_official_account_with_its_handle(page: tuple[Page, str]) -> None:
    tab, base = page
    answer = verify(tab, base, "中国劳动关系学院")
    assert answer.startswith("✓ 这是官方账号的昵称：")
    for platform, handle in (
        ("微信公众号", "culr_official"),
        ("微博", "culr1949"),
        ("抖音", "culr1949dy"),
    ):
        assert f"中国劳动关系学院（{platform}，党委组宣部），账号 {handle}" in answer
    assert "易信" not in answer  # the closed one is not offered as official
    assert "昵称可以被仿冒：请核对对方的账号" in answer
    assert tab.get_attribute("#verify-result", "aria-live") == "polite"


def test_the_verify_box_works_from_a_file_url(browser: Browser, site: Path) -> None:
    context = browser.new_context()
    tab = context.new_page()
    answer = verify(tab, site.as_uri() + "/", "culr1949")
    assert answer.startswith("✓ 是官方账号：中国劳动关系学院（微博，党委组宣部）")
    assert "仿冒" in verify(tab, site.as_uri() + "/", "\u0441ulr1949")  # Cyrillic с
    context.close()


def test_without_javascript_the_list_is_still_there(browser: Browser, site: Path) -> None:
    server, base = _serve(site)
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(base + "index.html")
    names = tab.eval_on_selector_all("#static-list li strong", "els => els.map(e => e.textContent)")
    assert "劳院法学院" in names and len(names) >= 20
    context.close()
    server.shutdown()


def test_account_page(page: tuple[Page, str], site: Path) -> None:
    tab, base = page
    tab.goto(base + "a/law-wechat.html")
    facts = dict(
        zip(
            tab.eval_on_selector_all("dl.facts dt", "e => e.map(x => x.textContent)"),
            tab.eval_on_selector_all("dl.facts dd", "e => e.map(x => x.textContent)"),
            strict=True,
        )
    )
    record = yaml.safe_load((REPO / "accounts/law/law-wechat.yaml").read_text(encoding="utf-8"))
    assert (
        facts["平台"] == "微信公众号"
        and facts["账号"] == "culr_law"
        and facts["主办单位"] == "法学院"
    )
    assert facts["宗旨"] == record["purpose"]["mission"] and facts["访问范围"] == "面向社会公开"
    assert facts["开通日期"] == str(record["opened_on"])
    assert facts["备案日期"] == str(record["filings"][0]["approved_on"])
    assert facts["最近一次年检合格"] == "2025 年度"
    assert "登记在册的官方账号" in tab.inner_text(".notice")
    tab.goto(base + "a/culr-yixin.html")
    assert "该账号已于 2018-12-28 注销" in tab.inner_text(".notice.closed")


def _luminance(rgb: str) -> float:
    channels = [int(part) / 255 for part in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_phone_layout_labels_and_contrast(browser: Browser, site: Path, tmp_path: Path) -> None:
    server, base = _serve(site)
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True
    )
    tab = context.new_page()
    try:
        for path in ("index.html", "a/law-wechat.html", "rules.html"):
            tab.goto(base + path)
            assert tab.evaluate("document.scrollingElement.scrollWidth") <= 375, path
        tab.goto(base + "index.html")
        shot = tmp_path / "index-375.png"
        tab.screenshot(path=str(shot), full_page=True)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert tab.evaluate("document.documentElement.lang") == "zh-CN"
        assert tab.evaluate("getComputedStyle(document.body).fontSize") == "16px"
        unlabeled = tab.evaluate(
            "[...document.querySelectorAll('input, select')].filter(e => !document.querySelector(`label[for='${e.id}']`)).length"
        )
        assert unlabeled == 0
        heights = tab.evaluate(
            "[...document.querySelectorAll('input, select, button')].filter(e => e.offsetParent)"
            ".map(e => e.getBoundingClientRect().height)"
        )
        assert min(heights) >= 44  # touch targets
        pairs = tab.evaluate("""[...document.querySelectorAll('li.account a, .meta, label, .brand, header nav a, footer p, h1, h2')]
            .map(e => { let n = e, bg = 'rgba(0, 0, 0, 0)';
                        while (n && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) { bg = getComputedStyle(n).backgroundColor; n = n.parentElement; }
                        return [getComputedStyle(e).color, bg === 'rgba(0, 0, 0, 0)' ? 'rgb(255, 255, 255)' : bg]; })""")
        for color, background in pairs:
            light, dark = sorted((_luminance(color), _luminance(background)), reverse=True)
            assert (light + 0.05) / (dark + 0.05) >= 4.5, (color, background)
    finally:
        context.close()
        server.shutdown()


def test_hostile_names_render_as_text(browser: Browser, hostile_site: Path) -> None:
    server, base = _serve(hostile_site)
    context = browser.new_context()
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        tab.goto(base + "index.html")
        body = tab.inner_text("body")
        assert all(name in body for name in HOSTILE)
        tab.fill("#search-input", "evil")  # their handles: search matches the start of a word
        tab.wait_for_function("document.querySelectorAll('#search-results li').length === 2")
        assert all(name in tab.inner_text("#search-results") for name in HOSTILE)
        for number, name in enumerate(HOSTILE, start=1):
            tab.goto(base + f"a/law-evil-{number}.html")
            assert tab.inner_text("h1") == name
        assert tab.evaluate("document.querySelectorAll('img').length") == 0
        assert tab.evaluate("document.querySelectorAll('script:not([src])').length") == 0
        tab.wait_for_timeout(300)
        assert dialogs == []
    finally:
        context.close()
        server.shutdown()


def _personal_strings() -> set[str]:
    """Every phone, e-mail, QQ and person's name anywhere in the bundled records and units."""
    found: set[str] = set()

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif key in {"phone", "email", "qq", "signed_by", "approved_by", "reviewed_by"} and value:
            found.add(str(value))

    for path in (REPO / "accounts").rglob("*.yaml"):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        walk(record)
        for role in ("contact", "leader"):
            found.add(record[role]["name"])
        found |= {person["name"] for key in ("admins", "reviewers") for person in record[key]}
    units = yaml.safe_load((REPO / "policy/units.yaml").read_text(encoding="utf-8"))
    found |= {head["name"] for unit in units["units"] for head in unit["heads"]}
    return found


def test_no_personal_data_in_any_file(site: Path) -> None:
    personal = _personal_strings()
    assert len(personal) > 200
    files = [path for path in site.rglob("*") if path.is_file()]
    assert len(files) > 35
    for path in files:
        text = path.read_bytes().decode("utf-8-sig")
        leaked = sorted(value for value in personal if value in text)
        assert leaked == [], f"{path.relative_to(site)} shows {leaked}"


def test_open_data_files(site: Path) -> None:
    accounts = registry_json(site)
    assert len(accounts) == 28  # 31 records less the 3 internal work groups
    assert set(accounts[0]) == {
        "id",
        "name",
        "platform",
        "platform_label",
        "handle",
        "platform_id",  # the platform's public UID: the verify box answers for it
        "url",
        "unit",
        "unit_name",
        "mission",
        "scope",
        "audience",
        "verified",
        "verification_subject",
        "verified_on",
        "opened_on",
        "registered_on",
        "status",
        "standing",  # official / rectifying / closed / proposed / unconfirmed
        "status_label",
        "last_passed_review",
        "closed_on",
        "extra",  # the extra_fields policy.yaml marks public (none here)
    }
    assert {a["extra"] == {} for a in accounts} == {True}
    raw = (site / "registry.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 28 and rows[0]["登记编号"] and "注销日期" in rows[0]
    closed = next(row for row in rows if row["登记编号"] == "culr-yixin")
    assert (closed["状态"], closed["注销日期"]) == ("已注销", "2018-12-28")
    pinyin_order = [a["id"] for a in accounts]
    assert pinyin_order.index("trade-union-wechat") < pinyin_order.index(
        "law-weibo"
    )  # 工 (gong) before 劳 (lao)


def test_rules_page_and_data_date(tmp_path: Path) -> None:
    registry = copy_registry(tmp_path / "registry")
    git(registry, "init", "-q", "-b", "main")
    git(registry, "add", "-A")
    subprocess.run(
        [
            "git",
            "-c",
            "user.email=ci@example.org",
            "-c",
            "user.name=CI",
            "commit",
            "-q",
            "-m",
            "data",
        ],
        cwd=registry,
        check=True,
        env={**os.environ, "GIT_COMMITTER_DATE": "2026-10-09T10:00:00+08:00"},
    )
    out = build(registry, tmp_path / "out")
    rules = (out / "rules.html").read_text(encoding="utf-8")
    assert rules.count('<th scope="row">第') == 18
    assert "managers-named" in rules and "无法由程序检查" in rules
    assert "数据更新于 2026-10-09" in (out / "index.html").read_text(encoding="utf-8")
    assert "数据更新于 2026-10-09" in rules


def git_at(registry: Path, date: str, *args: str) -> None:
    """A git command whose commits carry ``date`` (author and committer), as a contributor may."""
    subprocess.run(
        ["git", "-c", "user.email=ci@example.org", "-c", "user.name=CI", *args],
        cwd=registry,
        check=True,
        capture_output=True,
        env={**os.environ, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date},
    )


def data_date_shown(registry: Path, out: Path) -> str:
    result = run_nmr_process(
        "render", "site", "--root", str(registry), "--out", str(out), "--today", "2026-11-24"
    )
    assert result.code == 0, result.stderr
    page = (out / "index.html").read_text(encoding="utf-8")
    return page.split("数据更新于 ")[1][:10]


def test_a_forged_commit_date_never_reaches_the_public_page(tmp_path: Path) -> None:
    """Dates come from the protected branch's own (first-parent) history, never past today."""
    registry = copy_registry(tmp_path / "registry")
    git(registry, "init", "-q", "-b", "main")
    git(registry, "add", "-A")
    git_at(registry, "2026-10-09T10:00:00+08:00", "commit", "-q", "-m", "data")
    git(registry, "checkout", "-q", "-b", "pr")
    law = registry / "accounts/law/law-wechat.yaml"
    law.write_text(law.read_text(encoding="utf-8") + "# 改动\n", encoding="utf-8")
    git(registry, "add", "-A")
    git_at(registry, "2031-01-01T10:00:00+08:00", "commit", "-q", "-m", "dated 2031")
    git(registry, "checkout", "-q", "main")
    git_at(registry, "2026-11-20T10:00:00+08:00", "merge", "-q", "--no-ff", "-m", "merge", "pr")
    assert data_date_shown(registry, tmp_path / "out") == "2026-11-20"  # the merge, not 2031
    law.write_text(law.read_text(encoding="utf-8") + "# 直接推送\n", encoding="utf-8")
    git(registry, "add", "-A")
    git_at(registry, "2031-01-01T10:00:00+08:00", "commit", "-q", "-m", "pushed, dated 2031")
    assert data_date_shown(registry, tmp_path / "out") == "2026-11-24"  # never after today


def test_only_records_that_check_are_shown_as_official(browser: Browser, tmp_path: Path) -> None:
    registry = copy_registry(tmp_path / "registry")
    law = registry / "accounts/law/law-wechat.yaml"
    text = law.read_text(encoding="utf-8")
    law.write_text(text.replace("signed_by: 蔡子涵", "signed_by: 夏雨萱", 1), encoding="utf-8")
    weibo = registry / "accounts/law/law-weibo.yaml"
    text = weibo.read_text(encoding="utf-8")
    weibo.write_text(
        text.replace("    approved_by: 熊建国\n", "", 1).replace(
            "status: active", "status: proposed"
        ),
        encoding="utf-8",
    )
    out = build(registry, tmp_path / "out")
    standing = {a["id"]: (a["standing"], a["status_label"]) for a in registry_json(out)}
    assert standing["law-wechat"] == ("unconfirmed", "备案记录待核实，暂不能确认为官方账号")
    assert standing["law-weibo"] == ("proposed", "申请中，尚未批准")
    assert standing["tw-wechat"][0] == "official"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "a/law-wechat.html" not in index and "a/law-weibo.html" not in index
    assert not (out / "a/law-wechat.html").exists() and not (out / "a/law-weibo.html").exists()
    server, base = _serve(out)
    tab = browser.new_context().new_page()
    ids = {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["platform_id"] for p in (law, weibo)
    }
    assert "备案记录正在核实，目前不能确认为学校官方账号" in verify(tab, base, ids["law-wechat"])
    assert "正在申请备案，尚未批准，目前不是学校官方账号" in verify(tab, base, ids["law-weibo"])
    assert "✓" not in verify(tab, base, "culr_law")  # the handle both of them carry
    server.shutdown()


def test_internal_work_groups_and_their_numbers_are_never_published(site: Path) -> None:
    internal = [
        yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((REPO / "accounts").rglob("*.yaml"))
        if "audience: internal" in path.read_text(encoding="utf-8")
    ]
    assert len(internal) == 3
    published = "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.is_file()
    )
    for record in internal:
        assert record["handle"] not in published, record["id"]
        assert record["id"] not in published


def test_a_work_group_is_never_published_whatever_its_audience(tmp_path: Path) -> None:
    registry = copy_registry(tmp_path / "registry")
    group = next(
        p
        for p in (registry / "accounts").rglob("*.yaml")
        if "platform: qq-group" in p.read_text("utf-8")
    )
    group.write_text(
        group.read_text("utf-8").replace("audience: internal", "audience: public"), "utf-8"
    )
    out = build(registry, tmp_path / "out")
    number = yaml.safe_load(group.read_text("utf-8"))["handle"]
    assert group.stem not in {a["id"] for a in registry_json(out)}
    assert not [
        p
        for p in out.rglob("*")
        if p.is_file() and number in p.read_text("utf-8", errors="replace")
    ]


def test_the_verify_box_loads_a_few_shards_not_the_registry(
    page: tuple[Page, str], site: Path
) -> None:
    tab, base = page
    loaded: list[str] = []
    tab.on("request", lambda request: loaded.append(request.url.removeprefix(base)))
    assert "✓ 是官方账号" in verify(tab, base, "culr_official")
    data = [url for url in loaded if url.startswith("data/")]
    assert "data/accounts.js" not in data and "data/verify.js" in data
    shards = [url for url in data if url.startswith("data/v/")]
    total = len(list((site / "data" / "v").glob("*.js")))
    assert total == 512 and 1 <= len(shards) <= 12, shards
    for url in shards:  # each shard holds public fields only, as the search data does
        text = (site / url).read_text(encoding="utf-8")
        assert text.startswith("(window.NMR_V = window.NMR_V || {})[") and '"search"' not in text


def test_the_search_loads_the_bucket_of_the_word_not_the_registry(
    page: tuple[Page, str], site: Path
) -> None:
    tab, base = page
    loaded: list[str] = []
    tab.on("request", lambda request: loaded.append(request.url.removeprefix(base)))
    tab.goto(base + "index.html")
    tab.fill("#search-input", "法学院")
    assert set(results(tab)) == {"law-wechat", "law-weibo"}
    data = [url for url in loaded if url.startswith("data/")]
    assert data[0] == "data/search.js" and len(data) == 2 and data[1].startswith("data/s/"), data
    assert not (site / "data" / "accounts.js").exists()  # no file holds the whole registry
    for shard in (site / "data").glob("[spu]/*.js"):  # buckets of 3 in these tests
        text = shard.read_text(encoding="utf-8")
        rows = json.loads(text[text.index("] = ") + 4 : text.rindex(";")])
        assert len(rows) <= 3, shard
        assert all(row["standing"] in ("official", "rectifying") for row in rows)


def test_the_unit_filter_loads_that_unit_page_by_page(page: tuple[Page, str], site: Path) -> None:
    tab, base = page
    tab.goto(base + "index.html")
    tab.select_option("#unit-filter", "publicity")
    expected = {
        a["id"]
        for a in registry_json(site)
        if a["unit"] == "publicity" and a["standing"] in ("official", "rectifying")
    }
    assert len(expected) > 3  # more than one page of 3
    tab.wait_for_function(
        "document.getElementById('search-status').textContent.indexOf('找到') === 0"
    )
    while tab.is_visible("#search-more"):
        tab.click("#search-more")
    assert set(results(tab)) == expected


def test_a_word_many_accounts_share_lists_a_page_and_says_so(
    page: tuple[Page, str], site: Path
) -> None:
    tab, base = page
    tab.goto(base + "index.html")
    tab.fill("#search-input", "微信公众号")
    wechat = {
        a["id"]
        for a in registry_json(site)
        if a["platform"] == "wechat" and a["standing"] in ("official", "rectifying")
    }
    shown = set(results(tab))
    assert len(wechat) > 3 and shown and shown < wechat  # one page of 3, all of them wechat
    assert "结果较多，只列出一部分；请再多输入几个字" in tab.inner_text("#search-status")


@pytest.mark.parametrize(
    ("viewport", "width", "height"), [("desktop", 1280, 900), ("mobile", 375, 740)]
)
def test_axe_finds_no_accessibility_violation_on_any_page(
    browser: Browser, site: Path, viewport: str, width: int, height: int
) -> None:
    """axe-core (axe-playwright-python) on every page of the site, at a desktop and a phone
    width: zero violations of any impact."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    assert len(pages) > 20 and "index.html" in pages
    server, base = _serve(site)
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    found: dict[str, list[str]] = {}
    try:
        for name in pages:
            tab.goto(base + name)
            violations = axe.run(tab).response["violations"]
            if violations:
                found[name] = [
                    f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in violations
                ]
        tab.goto(base + "index.html")  # and the answers the search and verify boxes show
        tab.fill("#search-input", "法学院")
        results(tab)
        violations = axe.run(tab).response["violations"]
        if violations:
            found["index.html (search results)"] = [v["id"] for v in violations]
    finally:
        context.close()
        server.shutdown()
    assert found == {}, f"{viewport}: {found}"
