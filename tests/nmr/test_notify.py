"""``nmr due --notify`` against real local servers: aiosmtpd with STARTTLS for mail, and an
HTTP server that checks 钉钉's signature and 企业微信's key, as the robots' servers do."""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.server
import json
import socket
import ssl
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope, Session

from tests.conftest import copy_registry, run_nmr_process

TODAY = "2026-12-20"  # the review season: law and economics have reports due
SECRET = "SEC-test-secret"
KEY = "wecom-key-123"


@dataclass
class Inbox:
    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _smtp(certificate: tuple[Path, Path], *, starttls: bool) -> tuple[Controller, Inbox]:
    inbox = Inbox()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=_free_port(),
        tls_context=context if starttls else None,
        require_starttls=starttls,
        server_hostname="localhost",
    )
    controller.start()
    return controller, inbox


@pytest.fixture
def mail(certificate: tuple[Path, Path]) -> Iterator[tuple[int, Inbox]]:
    controller, inbox = _smtp(certificate, starttls=True)
    yield controller.port, inbox
    controller.stop()


@dataclass
class Robots:
    """The two robots' servers: each checks what the real one checks, and keeps what came."""

    received: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    base: str = ""


@pytest.fixture
def robots() -> Iterator[Robots]:
    seen = Robots()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(url.query))
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if url.path == "/robot/send":  # 钉钉: access_token, timestamp, sign
                stamp = query.get("timestamp", "0")
                want = base64.b64encode(
                    hmac.new(
                        SECRET.encode(), f"{stamp}\n{SECRET}".encode(), hashlib.sha256
                    ).digest()
                ).decode()
                fresh = abs(time.time() * 1000 - int(stamp)) < 3_600_000
                ok = query.get("access_token") == "tok" and query.get("sign") == want and fresh
                answer = (
                    {"errcode": 0, "errmsg": "ok"}
                    if ok
                    else {"errcode": 310000, "errmsg": "sign not match"}
                )
            else:  # 企业微信: /cgi-bin/webhook/send?key=…
                ok = query.get("key") == KEY
                answer = (
                    {"errcode": 0, "errmsg": "ok"}
                    if ok
                    else {"errcode": 93000, "errmsg": "invalid webhook url"}
                )
            if ok:
                seen.received.append((url.path, body))
            raw = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    seen.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield seen
    server.shutdown()


def environment(port: int, robots: Robots, cafile: Path, **extra: str) -> dict[str, str]:
    return {
        "NMR_SMTP_HOST": "localhost",
        "NMR_SMTP_PORT": str(port),
        "NMR_SMTP_FROM": "nmr@culr.edu.cn",
        "NMR_SMTP_CAFILE": str(cafile),
        "NMR_ROBOT_LAW_OFFICE_URL": f"{robots.base}/robot/send?access_token=tok",
        "NMR_ROBOT_LAW_OFFICE_SECRET": SECRET,
        "NMR_ROBOT_ECONOMICS_OFFICE_URL": f"{robots.base}/cgi-bin/webhook/send?key={KEY}",
        **extra,
    }


def notify(registry: Path, env: dict[str, str], *extra: str) -> Any:
    log = registry.parent / "sent.json"
    return run_nmr_process(
        "due",
        "--notify",
        "--root",
        str(registry),
        "--today",
        TODAY,
        "--sent-log",
        str(log),
        *extra,
        env=env,
    )


def test_each_unit_hears_of_its_own_accounts_once_a_day(
    tmp_path: Path, mail: tuple[int, Inbox], robots: Robots, certificate: tuple[Path, Path]
) -> None:
    registry = copy_registry(tmp_path / "registry")
    port, inbox = mail
    env = environment(port, robots, certificate[0])
    dry = notify(registry, env, "--dry-run")
    assert dry.code == 0, dry.stderr
    assert "将发送 邮件 law-office@culr.edu.cn：【新媒体备案提醒】法学院：2 项待办" in dry.stdout
    assert "将发送 钉钉群机器人 law-office" in dry.stdout
    assert "将发送 企业微信群机器人 economics-office" in dry.stdout
    assert inbox.messages == [] and robots.received == []  # a dry run sends nothing

    sent = notify(registry, env)
    assert sent.code == 0, sent.stdout + sent.stderr
    (message,) = inbox.messages
    assert inbox.recipients == [["law-office@culr.edu.cn"]]
    assert message["Subject"] == "【新媒体备案提醒】法学院：2 项待办"
    text = message.get_content()
    assert "law-wechat" in text and "law-weibo" in text and "economics" not in text
    assert text in dry.stdout  # the dry run showed exactly this
    # No personal data beyond the unit's own heads: no manager's phone or e-mail.
    assert "@" not in text and not any(ch.isdigit() and len(ch) > 6 for ch in text.split())
    paths = [path for path, _ in robots.received]
    assert paths == ["/robot/send", "/cgi-bin/webhook/send"]
    dingtalk, wecom = (body for _, body in robots.received)
    assert dingtalk["msgtype"] == "markdown" and "`law-wechat`" in dingtalk["markdown"]["text"]
    assert dingtalk["markdown"]["title"] == "【新媒体备案提醒】法学院：2 项待办"
    assert "`economics-wechat`" in wecom["markdown"]["content"]
    assert "law" not in wecom["markdown"]["content"]

    again = notify(registry, env)
    assert again.code == 0 and again.stdout.count("今天已发送过，跳过") == 3
    assert len(inbox.messages) == 1 and len(robots.received) == 2


def test_a_server_without_starttls_is_refused(
    tmp_path: Path, robots: Robots, certificate: tuple[Path, Path]
) -> None:
    controller, inbox = _smtp(certificate, starttls=False)
    try:
        registry = copy_registry(tmp_path / "registry")
        port = controller.port
        result = notify(registry, environment(port, robots, certificate[0]))
    finally:
        controller.stop()
    assert result.code == 1
    assert (
        "发送失败：邮件 law-office@culr.edu.cn（law）：服务器不支持 STARTTLS，拒绝以明文发送"
        in result.stdout
    )
    assert inbox.messages == []
    assert "已发送：钉钉群机器人 law-office（law）" in result.stdout  # the others still go
    log = json.loads((tmp_path / "sent.json").read_text(encoding="utf-8"))
    assert log == {TODAY: ["law|dingtalk|law-office", "economics|wecom|economics-office"]}


def test_a_wrong_secret_is_rejected_by_the_robot_and_reported(
    tmp_path: Path, mail: tuple[int, Inbox], robots: Robots, certificate: tuple[Path, Path]
) -> None:
    registry = copy_registry(tmp_path / "registry")
    env = environment(mail[0], robots, certificate[0], NMR_ROBOT_LAW_OFFICE_SECRET="wrong")
    result = notify(registry, env)
    assert result.code == 1
    assert "发送失败：钉钉群机器人 law-office（law）：机器人拒绝了消息" in result.stdout
    assert "310000" in result.stdout and "wrong" not in result.stdout  # the secret is never shown
    assert [path for path, _ in robots.received] == ["/cgi-bin/webhook/send"]


def test_without_mail_settings_nothing_is_sent_at_all(
    tmp_path: Path, robots: Robots, certificate: tuple[Path, Path]
) -> None:
    registry = copy_registry(tmp_path / "registry")
    env = environment(1, robots, certificate[0])
    del env["NMR_SMTP_HOST"]
    result = notify(registry, env)
    assert result.code == 2 and "NMR_SMTP_HOST" in result.stderr
    assert robots.received == []  # all or nothing: no unit is half reminded


def test_a_plain_http_webhook_off_this_machine_is_refused(
    tmp_path: Path, mail: tuple[int, Inbox], robots: Robots, certificate: tuple[Path, Path]
) -> None:
    registry = copy_registry(tmp_path / "registry")
    env = environment(
        mail[0], robots, certificate[0], NMR_ROBOT_ECONOMICS_OFFICE_URL="http://example.org/x"
    )
    result = notify(registry, env)
    assert result.code == 1
    assert (
        "发送失败：企业微信群机器人 economics-office（economics）：机器人地址必须以 https:// 开头"
        in result.stdout
    )


def test_robots_can_come_from_one_json_secret(
    tmp_path: Path, mail: tuple[int, Inbox], robots: Robots, certificate: tuple[Path, Path]
) -> None:
    """CI keeps every robot in one secret, NMR_ROBOTS, as the deadlines workflow passes it."""
    registry = copy_registry(tmp_path / "registry")
    env = environment(mail[0], robots, certificate[0])
    table = {
        "law-office": {
            "url": env.pop("NMR_ROBOT_LAW_OFFICE_URL"),
            "secret": env.pop("NMR_ROBOT_LAW_OFFICE_SECRET"),
        },
        "economics-office": {"url": env.pop("NMR_ROBOT_ECONOMICS_OFFICE_URL")},
    }
    result = notify(registry, {**env, "NMR_ROBOTS": json.dumps(table)})
    assert result.code == 0, result.stdout + result.stderr
    assert [path for path, _ in robots.received] == ["/robot/send", "/cgi-bin/webhook/send"]
