"""``nmr due --notify``: each unit's deadlines by e-mail (SMTP with STARTTLS) and to its
企业微信 / 钉钉 group robots (钉钉 signed), never twice on the same day.

Where to send is in ``policy/units.yaml`` (``notify``: office mailboxes, robot names); how to
reach the servers is secret and comes from the environment (CI secrets), never the registry:

- ``NMR_SMTP_HOST``, ``NMR_SMTP_PORT`` (587), ``NMR_SMTP_USER``, ``NMR_SMTP_PASSWORD``,
  ``NMR_SMTP_FROM``, and ``NMR_SMTP_CAFILE`` for a campus CA;
- ``NMR_ROBOT_<NAME>_URL`` and, for 钉钉, ``NMR_ROBOT_<NAME>_SECRET``.

A unit hears only of its own accounts, and no personal data beyond the names of its own
heads. STARTTLS is required (a server without it is refused), webhooks are https (plain http
only to this machine, for tests), and a dry run prints exactly what would be sent.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import smtplib
import ssl
import time
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from nmr.engine.deadlines import UnitDue, countdown
from nmr.render.due import heads_of, issue_title, what
from nmr.render.escape import markdown as md
from nmr.render.escape import markdown_code as code
from nmr.render.escape import terminal
from nmr.schemas.errors import NmrError
from nmr.schemas.models import Policy
from nmr.schemas.text import Template

ROBOT_LIMIT = {"wecom": 4000, "dingtalk": 18000}  # bytes of markdown each robot accepts
KEEP_DAYS = 31  # how long the record of sent reminders is kept
TIMEOUT = 15  # seconds for each delivery

NO_SMTP_HOST = Template(
    "notify.no-smtp-host",
    "要发送邮件，请设置环境变量 NMR_SMTP_HOST（以及 NMR_SMTP_FROM、NMR_SMTP_USER、NMR_SMTP_PASSWORD）；"
    "先用 --dry-run 看看会发什么。",
    "Set NMR_SMTP_HOST (and NMR_SMTP_FROM, NMR_SMTP_USER, NMR_SMTP_PASSWORD) to send e-mail.",
)


@dataclass(frozen=True, slots=True)
class Delivery:
    unit: str
    channel: str  # email, wecom, dingtalk
    recipient: str  # an address or a robot's name: never its secret URL
    subject: str
    body: str

    @property
    def key(self) -> str:
        return f"{self.unit}|{self.channel}|{self.recipient}"

    @property
    def label(self) -> str:
        names = {"email": "邮件", "wecom": "企业微信群机器人", "dingtalk": "钉钉群机器人"}
        return f"{names[self.channel]} {self.recipient}"


def text_body(unit_due: UnitDue, policy: Policy, today: dt.date) -> str:
    """The e-mail: the unit's own items, its heads, and what to do; plain text."""
    unit = unit_due.unit
    lines = [
        f"{terminal(unit.name)}：",
        "",
        f"截至 {today}，本单位有以下新媒体账号事项需要按期办理"
        f"（第一责任人：{heads_of(unit_due)}）：",
        "",
    ]
    for item in unit_due.items:
        lines.append(
            f"- {terminal(item.name)}（{item.account}）：{what(item)}，"
            f"截止 {item.deadline.due_on}，{countdown(item.days_left).zh}"
        )
    lines += [
        "",
        f"依据：《{terminal(policy.measures)}》。本邮件由新媒体备案库自动发送，请勿回复。",
        "",
    ]
    return "\n".join(lines)


def robot_body(unit_due: UnitDue, policy: Policy, today: dt.date, limit: int) -> str:
    """The group message: Markdown the robots render, cut to what they accept."""
    head = [
        f"### {md(unit_due.unit.name)}：新媒体账号待办（{today}）",
        f"第一责任人：{heads_of(unit_due, md)}",
        "",
    ]
    foot = ["", f"依据：《{md(policy.measures)}》。"]
    lines: list[str] = []
    for number, item in enumerate(unit_due.items):
        line = (
            f"- {md(item.name)}（{code(item.account)}）：{what(item, md)}，"
            f"截止 {item.deadline.due_on}，{countdown(item.days_left).zh}"
        )
        more = f"- ……另有 {len(unit_due.items) - number} 项，详见备案库的提醒"
        if len("\n".join([*head, *lines, line, more, *foot]).encode("utf-8")) > limit:
            lines.append(more)
            break
        lines.append(line)
    return "\n".join([*head, *lines, *foot])


def deliveries(units: Iterable[UnitDue], policy: Policy, today: dt.date) -> Iterator[Delivery]:
    for unit_due in units:
        notify = unit_due.unit.notify
        if notify is None or not unit_due.items:
            continue
        subject = issue_title(unit_due)
        for address in notify.emails:
            body = text_body(unit_due, policy, today)
            yield Delivery(unit_due.unit.id, "email", address, subject, body)
        for robot in notify.robots:
            body = robot_body(unit_due, policy, today, ROBOT_LIMIT[robot.kind])
            yield Delivery(unit_due.unit.id, robot.kind, robot.name, subject, body)


def _env_name(robot: str, what: str) -> str:
    return f"NMR_ROBOT_{robot.upper().replace('-', '_')}_{what}"


class SentLog:
    """What was sent, by day: a second run on the same day reminds nobody again."""

    def __init__(self, path: Path, today: dt.date) -> None:
        self.path, self.today = path, today.isoformat()
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = {}
        self.days: dict[str, list[str]] = (
            {k: [str(x) for x in v] for k, v in loaded.items() if isinstance(v, list)}
            if isinstance(loaded, dict)
            else {}
        )

    def sent(self, delivery: Delivery) -> bool:
        return delivery.key in self.days.get(self.today, [])

    def record(self, delivery: Delivery) -> None:
        self.days.setdefault(self.today, []).append(delivery.key)
        oldest = (dt.date.fromisoformat(self.today) - dt.timedelta(days=KEEP_DAYS)).isoformat()
        self.days = {day: keys for day, keys in self.days.items() if day >= oldest}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.days, ensure_ascii=False, indent=1), "utf-8")
        temporary.replace(self.path)  # atomic: a crash never leaves half a record


class Sender:
    """Sends through the servers the environment names; one failure never stops the rest."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env

    def send(self, delivery: Delivery) -> None:
        if delivery.channel == "email":
            self._mail(delivery)
        else:
            self._robot(delivery)

    def _mail(self, delivery: Delivery) -> None:
        host = self.env.get("NMR_SMTP_HOST")
        if not host:
            raise NmrError(NO_SMTP_HOST())
        message = EmailMessage()
        message["From"] = self.env.get("NMR_SMTP_FROM") or self.env.get("NMR_SMTP_USER", "")
        message["To"] = delivery.recipient
        message["Subject"] = delivery.subject
        message.set_content(delivery.body)
        context = ssl.create_default_context(cafile=self.env.get("NMR_SMTP_CAFILE") or None)
        port = int(self.env.get("NMR_SMTP_PORT") or 587)
        with smtplib.SMTP(host, port, timeout=TIMEOUT) as smtp:
            smtp.ehlo()
            if not smtp.has_extn("starttls"):
                raise OSError("服务器不支持 STARTTLS，拒绝以明文发送")
            smtp.starttls(context=context)
            smtp.ehlo()
            if self.env.get("NMR_SMTP_USER"):
                smtp.login(self.env["NMR_SMTP_USER"], self.env.get("NMR_SMTP_PASSWORD", ""))
            smtp.send_message(message)

    def robot(self, name: str) -> tuple[str, str]:
        """A robot's URL and signing secret: NMR_ROBOT_<NAME>_URL / _SECRET, else the CI
        secret NMR_ROBOTS ({"name": {"url": …, "secret": …}})."""
        url = self.env.get(_env_name(name, "URL"), "")
        secret = self.env.get(_env_name(name, "SECRET"), "")
        if not url:
            try:
                table = json.loads(self.env.get("NMR_ROBOTS") or "{}")
            except ValueError:
                raise OSError("NMR_ROBOTS 不是有效的 JSON") from None
            entry = table.get(name) if isinstance(table, dict) else None
            if isinstance(entry, dict):
                url, secret = str(entry.get("url", "")), str(entry.get("secret", ""))
        if not url:
            raise OSError(f"没有设置 {_env_name(name, 'URL')}（或 NMR_ROBOTS 中的 {name}）")
        return url, secret

    def _robot(self, delivery: Delivery) -> None:
        url, secret = self.robot(delivery.recipient)
        _require_https(url)
        if delivery.channel == "dingtalk":
            url = signed(url, secret)
            payload = {
                "msgtype": "markdown",
                "markdown": {"title": delivery.subject, "text": delivery.body},
            }
        else:
            payload = {"msgtype": "markdown", "markdown": {"content": delivery.body}}
        request = urllib.request.Request(
            url,
            data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            answer = json.loads(response.read(1 << 16) or b"{}")
        if not isinstance(answer, dict) or answer.get("errcode") != 0:
            raise OSError(f"机器人拒绝了消息：{terminal(str(answer)[:200])}")


def signed(url: str, secret: str) -> str:
    """钉钉's 加签: timestamp in ms and base64(HMAC-SHA256(secret, "timestamp\\nsecret"))."""
    if not secret:
        raise OSError("钉钉机器人需要加签密钥（NMR_ROBOT_<名称>_SECRET）")
    timestamp = str(round(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"


LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def _require_https(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK):
        return
    raise OSError("机器人地址必须以 https:// 开头")


def notify(
    units: Iterable[UnitDue],
    policy: Policy,
    today: dt.date,
    log: SentLog,
    *,
    dry_run: bool,
    env: Mapping[str, str] = os.environ,
) -> tuple[list[str], int]:
    """(lines to print, failures). Sends each delivery not yet sent today, or in a dry run
    shows it whole."""
    sender, lines, failures = Sender(env), [], 0
    planned = list(deliveries(units, policy, today))
    if not dry_run and any(d.channel == "email" for d in planned) and not env.get("NMR_SMTP_HOST"):
        raise NmrError(NO_SMTP_HOST())  # before anything is sent: all or nothing is configured
    for delivery in planned:
        if log.sent(delivery):
            lines.append(f"今天已发送过，跳过：{delivery.label}（{delivery.unit}）")
            continue
        if dry_run:
            lines += [f"将发送 {delivery.label}：{delivery.subject}", delivery.body, "—" * 20]
            continue
        try:
            sender.send(delivery)
        except (OSError, smtplib.SMTPException, ValueError) as error:
            failures += 1
            lines.append(f"发送失败：{delivery.label}（{delivery.unit}）：{terminal(str(error))}")
            continue
        log.record(delivery)
        lines.append(f"已发送：{delivery.label}（{delivery.unit}）")
    return lines, failures
