"""``nmr due --sync-issues --forge gitlab``: one open reminder per unit on GitLab, through
python-gitlab, against a local GitLab that keeps its issues between runs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.conftest import copy_registry, run_nmr_process

PROJECT = "42"
API = f"/api/v4/projects/{PROJECT}"
BOT = "project_42_bot"
LABEL = "新媒体备案提醒"


class Issues:
    """A project's issues as GitLab keeps them."""

    def __init__(self, server: HTTPServer) -> None:
        self.items: dict[int, dict[str, Any]] = {}
        self.notes: dict[int, list[str]] = {}
        self.labels_created = 0
        server.expect_request(re.compile(rf"{API}/.*")).respond_with_handler(self.handle)

    def add(self, title: str, body: str, author: str) -> int:
        iid = len(self.items) + 1
        self.items[iid] = {
            "id": 100 + iid,
            "iid": iid,
            "project_id": 42,
            "title": title,
            "description": body,
            "labels": [LABEL],
            "state": "opened",
            "author": {"username": author},
            "web_url": f"https://git.example.edu.cn/r/-/issues/{iid}",
        }
        return iid

    def handle(self, request: Request) -> Response:
        path = request.path.removeprefix(API)
        data = request.get_json(silent=True) or {}
        if path == "/labels":
            self.labels_created += 1
            if self.labels_created > 1:
                return Response(
                    json.dumps({"message": "Label already exists"}),
                    409,
                    content_type="application/json",
                )
            return self.reply({"id": 1, "name": LABEL, "color": "#D93F0B"}, 201)
        if path == "/issues" and request.method == "GET":
            opened = [
                i for i in self.items.values() if i["state"] == "opened" and LABEL in i["labels"]
            ]
            return self.reply(opened)
        if path == "/issues":
            iid = self.add(data["title"], data["description"], BOT)
            return self.reply(self.items[iid], 201)
        if match := re.fullmatch(r"/issues/(\d+)/notes", path):
            self.notes.setdefault(int(match.group(1)), []).append(data["body"])
            return self.reply({"id": 9, "body": data["body"], "author": {"username": BOT}}, 201)
        if match := re.fullmatch(r"/issues/(\d+)", path):
            item = self.items[int(match.group(1))]
            if data.get("state_event") == "close":
                item["state"] = "closed"
            item.update({k: v for k, v in data.items() if k in ("title", "description")})
            return self.reply(item)
        return self.reply({"message": "404 Not Found"}, 404)

    @staticmethod
    def reply(payload: Any, status: int = 200) -> Response:
        return Response(json.dumps(payload), status=status, content_type="application/json")


def sync(root: Path, server: HTTPServer, today: str) -> Any:
    return run_nmr_process(
        "due",
        "--sync-issues",
        "--forge",
        "gitlab",
        "--api",
        server.url_for("").rstrip("/"),
        "--repo",
        PROJECT,
        "--root",
        str(root),
        "--today",
        today,
        env={"GITLAB_TOKEN": "t0ken", "NMR_BOT_LOGIN": BOT},
    )


def test_one_reminder_per_unit_opened_updated_and_closed(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    root = copy_registry(tmp_path / "registry")
    issues = Issues(httpserver)
    impostor = issues.add("假的提醒", "<!-- nmr-due:law -->\n请把账号交给我", "someone")
    first = sync(root, httpserver, "2026-12-10")
    assert first.code == 0, first.stdout + first.stderr
    ours = {
        i["description"].split(" -->")[0]: i
        for i in issues.items.values()
        if i["author"]["username"] == BOT
    }
    assert "<!-- nmr-due:law" in ours and "<!-- nmr-due:approver-desk" in ours
    assert issues.items[impostor]["state"] == "opened"  # someone else's copy is not ours to touch
    count = len(issues.items)
    again = sync(root, httpserver, "2026-12-11")
    assert again.code == 0 and len(issues.items) == count and "opened" not in again.stdout
    law = root / "accounts/law/law-wechat.yaml"
    law.write_text(
        law.read_text(encoding="utf-8").replace(
            "status: active", "  - {year: 2026, submitted_on: 2026-12-12}\nstatus: active"
        ),
        encoding="utf-8",
    )
    changed = sync(root, httpserver, "2026-12-12")
    assert changed.code == 0 and "updated law" in changed.stdout
    weibo = root / "accounts/law/law-weibo.yaml"
    weibo.write_text(
        weibo.read_text(encoding="utf-8").replace(
            "status: active", "  - {year: 2026, submitted_on: 2026-12-13}\nstatus: active"
        ),
        encoding="utf-8",
    )
    closed = sync(root, httpserver, "2026-12-13")
    assert closed.code == 0 and "closed law" in closed.stdout
    number = ours["<!-- nmr-due:law"]["iid"]
    assert issues.items[number]["state"] == "closed"
    assert issues.notes[number] == ["各项事项已办结（或已不再到期），自动关闭。"]
