"""``nmr``: check, list rules, render and maintain a 新媒体备案库."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeAlias

# pydantic looks for plugins through importlib.metadata at import; we use none, and a
# pre-commit run checks one file, where start-up time is most of the time.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from nmr.engine.registry import POLICY_FILE, UNITS_FILE, Registry
from nmr.schemas.errors import NmrError
from nmr.schemas.models import FIRST_YEAR, LAST_YEAR
from nmr.schemas.text import Lang, Template

GITLAB_NEEDS_API_AND_REPO = Template(
    "cli.gitlab-needs-api-and-repo",
    "--forge gitlab 需要 --api 和 --repo（在 GitLab CI 中写 $CI_SERVER_URL 和 $CI_PROJECT_ID）",
    "--forge gitlab needs --api and --repo",
)
BAD_ARGUMENTS_RUN_HELP = Template(
    "cli.bad-arguments-run-help",
    "命令行参数有误：{message}\n运行 {prog} --help 查看用法。",
    "bad arguments: {message}\nRun {prog} --help.",
)
SUMMARY_NEEDS_BASE = Template(
    "cli.summary-needs-base", "--summary 需要同时指定 --base", "--summary needs --base"
)
OUT_NEEDS_MARKDOWN = Template(
    "cli.out-needs-markdown",
    "--out 只用于 --format markdown（每条规则写成一页）",
    "--out goes with --format markdown (one page per rule)",
)
RULE_PAGES_WRITTEN = Template(
    "cli.rule-pages-written",
    "已写入 {count} 页规则说明：{out}",
    "wrote {count} rule pages to {out}",
)
SUMMARY_FOLDER_DOES_NOT_EXIST = Template(
    "cli.summary-folder-does-not-exist",
    "--summary：文件夹 {parent} 不存在。",
    "--summary: the folder {parent} does not exist.",
)
LINK = Template("cli.link", "{parent} 是符号链接，没有写入。", "{parent} is a link.")
NO_SUCH_FILE = Template("cli.no-such-file", "找不到文件：{ledger}", "no such file: {ledger}")
NOT_SET = Template("cli.not-set", "缺少环境变量 {variable}（只读令牌）。", "{variable} is not set.")
API_REQUIRED = Template(
    "cli.api-required", "GitLab 需要 --api，例如 https://git.example.edu.cn", "--api is required"
)
NO_SUCH_FILE_2 = Template("cli.no-such-file-2", "文件不存在：{raw}", "no such file: {raw}")
UNKNOWN_UNIT = Template("cli.unknown-unit", "没有这个单位：{unknown}", "unknown unit: {unknown_2}")
NMR_TODAY = Template("cli.nmr-today", "环境变量 NMR_TODAY：{error}", "NMR_TODAY: {error}")
OUTSIDE_REGISTRY = Template(
    "cli.outside-registry", "{raw} 不在备案库 {root} 中", "{raw} is outside the registry {root}"
)
NOT_REGULAR_FILE_REMOVE_IT = Template(
    "cli.not-regular-file-remove-it",
    "{path} 不是普通文件（{problem}），没有读取也没有写入；请删除后重新生成。",
    "{path} is not a regular file ({problem}); remove it and regenerate.",
)

if TYPE_CHECKING:
    from nmr.engine.deadlines import UnitDue
    from nmr.render.issues import Wanted


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise NmrError(BAD_ARGUMENTS_RUN_HELP(message=message, prog=self.prog))


def _date(value: str) -> dt.date:
    """A YYYY-MM-DD date in the years a registry can mean (not 20260105, not 0001-01-01)."""
    try:
        if len(value) != 10 or value[4] != "-" or value[7] != "-":
            raise ValueError(value)
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{value}”不是 YYYY-MM-DD 格式的日期，例如 2026-12-01"
        ) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"日期“{value}”应在 {FIRST_YEAR}—{LAST_YEAR} 年之间")
    return day


def _year(value: str) -> int:
    if not value.isdigit() or not FIRST_YEAR <= int(value) <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"年度“{value}”应为 {FIRST_YEAR}—{LAST_YEAR} 之间的四位数字，例如 2026"
        )
    return int(value)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path(), help="备案库根目录（默认当前目录）")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="输出语言（默认中文）")


Subparsers: TypeAlias = "argparse._SubParsersAction[_Parser]"


def _add_check(sub: Subparsers) -> None:
    check = sub.add_parser("check", help="按《实施办法》检查备案记录")
    check.add_argument("paths", nargs="*", help="只检查这些文件（默认检查整个备案库）")
    check.add_argument(
        "--today", type=_date, help="以这一天为“今天”（默认：政策时区的今天；也可用 NMR_TODAY）"
    )
    check.add_argument(
        "--format", choices=("text", "json", "github", "sarif", "junit", "gitlab"), default="text"
    )
    check.add_argument("--strict", action="store_true", help="有警告也返回 1")
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="不读也不写检查缓存（默认缓存在备案库的 .nmr-cache/ 或 NMR_CACHE_DIR 指定的文件夹）",
    )
    check.add_argument(
        "--base",
        metavar="REF",
        help="与 REF 的合并基点比较，检查本次变更（重新备案、历史只能追加等）",
    )
    check.add_argument(
        "--author",
        metavar="LOGIN",
        help="合并请求提交者的账号（需 --base）：非审批人填写审批或年检结果时提示",
    )
    check.add_argument(
        "--summary",
        metavar="FILE",
        type=Path,
        help="把给审核人的变更摘要（Markdown）写入 FILE（需 --base）",
    )
    _common(check)


def _add_due(sub: Subparsers) -> None:
    due = sub.add_parser("due", help="各单位到期和逾期事项（年度检查等）")
    due.add_argument("--today", type=_date, help="以这一天为“今天”（也可用 NMR_TODAY）")
    due.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    due.add_argument("--unit", action="append", metavar="ID", help="只列出这个单位（可重复）")
    due.add_argument(
        "--approver",
        action="store_true",
        help="审批单位的待办：待审批的备案、待审核的年检报告、整改中的账号，以及年检季各单位统计",
    )
    due.add_argument(
        "--year", type=_year, help="年检统计的年度（默认：12 月起为当年，否则为上一年）"
    )
    due.add_argument(
        "--notify",
        action="store_true",
        help="把各单位的到期事项发到 units.yaml 中该单位的 notify（邮件、企业微信、钉钉群机器人）；同一天不重复发送",
    )
    due.add_argument(
        "--dry-run", action="store_true", help="与 --notify 一起用：只显示将发送的内容，不发送"
    )
    due.add_argument(
        "--sent-log",
        type=Path,
        metavar="FILE",
        help="已发送记录（默认 $NMR_CACHE_DIR 或 .nmr-cache/ 下的 notify-sent.json）",
    )
    due.add_argument(
        "--sync-issues",
        action="store_true",
        help="为每个有待办的单位维持一个 issue（定时任务用；GitHub 用 gh，GitLab 用 --forge gitlab）",
    )
    due.add_argument(
        "--forge", choices=("github", "gitlab"), default="github", help="与 --sync-issues 一起"
    )
    due.add_argument("--api", help="GitLab 地址（--forge gitlab，例如 $CI_SERVER_URL）")
    due.add_argument("--repo", help="GitLab 项目编号（--forge gitlab，例如 $CI_PROJECT_ID）")
    _common(due)


def _add_render(sub: Subparsers) -> None:
    render = sub.add_parser("render", help="生成登记表等文书、公开网站或内部台账")
    render.add_argument(
        "what",
        choices=("forms", "site", "ledger"),
        help="forms：附件1 登记表、附件2 承诺书、年度检查报告（PDF 与 Word）；site：公开查询网站",
    )
    render.add_argument("ids", nargs="*", metavar="ID", help="只生成这些账号（默认全部）")
    render.add_argument(
        "--out",
        type=Path,
        help="输出文件夹（默认 build/forms、build/site 或 build/ledger）；只写入新的空文件夹或 nmr 生成过的文件夹",
    )
    render.add_argument(
        "--year", type=_year, help="年度检查报告的年度（默认：12 月起为当年，否则为上一年）"
    )
    render.add_argument("--today", type=_date, help="以这一天为“今天”（也可用 NMR_TODAY）")
    render.add_argument(
        "--kind",
        action="append",
        choices=("registration", "commitment", "report", "closure"),
        help="forms：只生成这一种文书（可重复）：登记表、承诺书、年度检查报告、注销备案表",
    )
    render.add_argument(
        "--unit", action="append", metavar="ID", help="forms：只生成这个单位的（可重复）"
    )
    render.add_argument(
        "--base", metavar="REF", help="forms：只生成本次变更（与 REF 的合并基点比较）需要的文书"
    )
    _common(render)


def _add_new(sub: Subparsers) -> None:
    new = sub.add_parser("new", help="按附件1逐项提问，新建一个账号的备案记录")
    from nmr.new_options import add_arguments

    add_arguments(new)
    new.add_argument("--today", type=_date, help="以这一天为“今天”（默认日期用）")
    _common(new)


def _add_import(sub: Subparsers) -> None:
    importer = sub.add_parser("import", help="从现有 Excel 台账导入，每行生成一个账号文件")
    importer.add_argument("ledger", type=Path, metavar="LEDGER.xlsx")
    importer.add_argument(
        "--columns", type=Path, metavar="FILE", help="列名映射（YAML：表中列名: 字段）"
    )
    importer.add_argument("--dry-run", action="store_true", help="只显示将写入哪些文件，不写入")
    _common(importer)


def _add_codeowners(sub: Subparsers) -> None:
    owners = sub.add_parser("codeowners", help="根据 policy/units.yaml 生成 .github/CODEOWNERS")
    owners.add_argument(
        "--check", action="store_true", help="只检查是否与单位名录一致，不一致返回 1"
    )
    _common(owners)


def _add_approvals(sub: Subparsers) -> None:
    approvals = sub.add_parser(
        "approvals", help="合并请求的审批检查：所需审批人是否已在最新提交上批准"
    )
    approvals.add_argument("--forge", choices=("github", "gitlab"), required=True)
    approvals.add_argument(
        "--repo", required=True, help="GitHub 的 owner/name，或 GitLab 项目 ID/路径"
    )
    approvals.add_argument("--pr", type=int, required=True, help="合并请求编号")
    approvals.add_argument("--head", required=True, help="合并请求最新提交的 SHA")
    approvals.add_argument(
        "--base", required=True, metavar="REF", help="目标分支，例如 origin/main"
    )
    approvals.add_argument("--api", help="API 地址（默认 https://api.github.com；GitLab 必填）")
    approvals.add_argument("--today", type=_date, help="以这一天为“今天”（也可用 NMR_TODAY）")
    _common(approvals)


def _add_review(sub: Subparsers) -> None:
    review = sub.add_parser("review", help="审批人记录年度检查结果、整改要求或复查结果")
    review.add_argument("account", metavar="ID", help="账号登记编号")
    review.add_argument("--year", type=_year, required=True, help="年度检查的年度")
    review.add_argument(
        "--result", choices=("pass", "fail"), required=True, help="pass 合格；fail 不合格"
    )
    review.add_argument("--by", required=True, help="审批人姓名（须在 units.yaml 的 approvers 中）")
    review.add_argument("--on", type=_date, help="审核日期（默认今天）")
    review.add_argument("--note", help="审核意见；不合格时必填，写整改要求")
    _common(review)


def _add_rules(sub: Subparsers) -> None:
    rules = sub.add_parser("rules", help="列出规则与条款的对应关系")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    rules.add_argument(
        "--out",
        type=Path,
        help="（与 --format markdown 一起）把每条规则的说明写成一页，放进这个文件夹，如 docs/rules",
    )
    _common(rules)


def _add_forms(sub: Subparsers) -> None:
    forms = sub.add_parser(
        "forms", help="根据 policy/ 生成登记表单（GitHub 的 issue 表单和 GitLab 的 issue 模板）"
    )
    forms.add_argument("--check", action="store_true", help="只检查是否一致，不写入")
    _common(forms)


def _add_from_issue(sub: Subparsers) -> None:
    command = sub.add_parser(
        "from-issue", help="把用登记表单填写的 issue 变成账号记录（登记、变更、年检、注销）"
    )
    command.add_argument("--body", type=Path, help="issue 正文所在的文件")
    command.add_argument(
        "--event",
        type=Path,
        help="GitHub 的事件文件（工作流中的 $GITHUB_EVENT_PATH）：从中读取 issue 的编号、标题、正文和标签",
    )
    command.add_argument("--title", default="", help="issue 标题")
    command.add_argument("--label", action="append", default=[], help="issue 的标签（可重复）")
    command.add_argument("--today", type=_date, help="以这一天为“今天”")
    command.add_argument("--out", type=Path, help="把结果（JSON：文件、问题、评论）写到这个文件")
    command.add_argument(
        "--forge",
        choices=("github", "gitlab"),
        help="在代码平台上办理：推送分支 issue-<编号>、开启或更新合并请求、在 issue 中回复（CI 用）",
    )
    command.add_argument("--repo", help="owner/name（与 --forge 一起）")
    command.add_argument("--issue", type=int, help="issue 编号（与 --forge 一起）")
    command.add_argument("--base", default="main", help="合并请求的目标分支（默认 main）")
    command.add_argument("--api", default="https://api.github.com", help="代码平台接口地址")
    command.add_argument(
        "--all",
        action="store_true",
        help="（GitLab 定时作业）逐个办理所有带表单标签的未关闭 issue",
    )
    _common(command)


def _add_init(sub: Subparsers) -> None:
    init = sub.add_parser(
        "init", help="新建一个只有数据的备案库（policy/、单位名录、工作流、表单、README）"
    )
    init.add_argument("directory", type=Path, help="新备案库的文件夹（不存在或为空）")
    init.add_argument("--institution", default="示例学院", help="单位名称，例如 某某大学")
    init.add_argument(
        "--org", default="@your-org", help="代码平台上的组织，审核团队写作 @组织/团队"
    )
    init.add_argument("--tool", help="CI 安装的 nmr（pip 的写法；默认本工具这一版本的发布地址）")
    init.add_argument("--lang", choices=("zh", "en"), default="zh", help="输出语言（默认中文）")


def _build_parser() -> _Parser:
    parser = _Parser(prog="nmr", description="新媒体备案库：检查、渲染和维护官方新媒体备案记录。")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _add_check(sub)
    _add_due(sub)
    _add_render(sub)
    _add_new(sub)
    _add_import(sub)
    _add_codeowners(sub)
    _add_approvals(sub)
    _add_review(sub)
    _add_rules(sub)
    _add_init(sub)
    _add_forms(sub)
    _add_from_issue(sub)
    return parser


def _today(args: argparse.Namespace) -> dt.date | None:
    """--today, else NMR_TODAY, else None: today in the policy's timezone."""
    if getattr(args, "today", None) is not None:
        return args.today  # type: ignore[no-any-return]
    pinned = os.environ.get("NMR_TODAY")
    if pinned:
        try:
            return _date(pinned)
        except argparse.ArgumentTypeError as error:
            raise NmrError(NMR_TODAY(error=error)) from None
    return None


def _relative(root: Path, paths: Sequence[str]) -> list[str] | None:
    """Registry-relative paths of the named files and of every file under named folders.

    None when a name covers the whole registry (its root, or accounts/ or policy/ files,
    whose rules need every account). A link is named, not followed: file-layout refuses it.
    """
    out = []
    base = root.resolve()
    for raw in paths:
        full = Path(os.path.normpath(Path.cwd() / raw))
        if not full.exists() and not full.is_symlink():
            raise NmrError(NO_SUCH_FILE_2(raw=raw))
        try:
            rel = full.parent.resolve().joinpath(full.name).relative_to(base).as_posix()
        except ValueError:
            raise NmrError(OUTSIDE_REGISTRY(raw=raw, root=root)) from None
        if rel in (".", "accounts", UNITS_FILE, POLICY_FILE, "policy"):
            return None
        if full.is_dir() and not full.is_symlink():
            for folder, _, files in os.walk(full):
                prefix = Path(folder).relative_to(base).as_posix()
                out += [f"{prefix}/{name}" for name in files]
        else:
            out.append(rel)
    return out


def cmd_check(args: argparse.Namespace) -> int:
    from nmr.engine.run import check
    from nmr.render.reports import REPORTERS, Report

    root: Path = args.root
    only = _relative(root, args.paths) if args.paths else None
    if args.summary is not None and args.base is None:
        raise NmrError(SUMMARY_NEEDS_BASE())
    if args.summary is not None and not args.summary.absolute().parent.is_dir():
        raise NmrError(SUMMARY_FOLDER_DOES_NOT_EXIST(parent=args.summary.parent))
    outcome = check(
        root, _today(args), only, base=args.base, author=args.author, use_cache=not args.no_cache
    )
    lang: Lang = args.lang
    color = args.format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    policy = outcome.registry.policy if outcome.registry is not None else None
    report = Report(root, outcome.findings, outcome.checked, lang, color, policy)
    sys.stdout.write(REPORTERS[args.format](report))
    if args.summary is not None and outcome.change is not None and outcome.registry is not None:
        from nmr.render.output import atomic_write
        from nmr.render.summary import summary

        text = summary(outcome.change, outcome.registry, outcome.findings)
        atomic_write(args.summary, text.encode("utf-8"))
    if report.errors or (args.strict and report.warnings):
        return 1
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    from nmr.engine.deadlines import due_by_unit
    from nmr.engine.registry import require_frame
    from nmr.engine.run import today_in
    from nmr.render import due
    from nmr.render.issues import Wanted, sync

    registry = require_frame(args.root, units=True)
    today = _today(args) or today_in(registry.policy)
    if args.approver:
        return _approver_desk(args, registry, today)
    units, skipped = due_by_unit(registry, today)
    _report_skipped(skipped, "未计入（期限不明）")
    if args.unit:
        unknown = [u for u in args.unit if registry.unit(u) is None]
        if unknown:
            raise NmrError(UNKNOWN_UNIT(unknown="、".join(unknown), unknown_2=", ".join(unknown)))
        units = [u for u in units if u.unit.id in args.unit]
    if args.notify:
        return _notify(args, registry, units, today, bool(skipped))
    if args.sync_issues:
        wanted = [
            Wanted(u.unit.id, due.issue_title(u), due.issue_body(u, registry.policy)) for u in units
        ]
        wanted.append(_desk_issue(registry, today))  # the approver's queue, one issue
        # A unit with an unreadable record may owe something we cannot see: never close its issue.
        unclear = {path.split("/")[1] for path in skipped} | ({DESK} if skipped else set())
        tracker = None
        if args.forge == "gitlab":
            from nmr.render.issues import GitLabTracker

            if not args.api or not args.repo:
                raise NmrError(GITLAB_NEEDS_API_AND_REPO())
            tracker = GitLabTracker(args.api, args.repo, os.environ.get("GITLAB_TOKEN", ""))
        for line in sync(wanted, keep_open=unclear, tracker=tracker):
            print(line)
        return 1 if skipped else 0
    if args.format == "json":
        sys.stdout.write(due.as_json(units, today))
    elif args.format == "markdown":
        sys.stdout.write(due.as_markdown(units, registry.policy))
    else:
        sys.stdout.write(due.as_text(units, today))
    return 1 if skipped else 0


def _notify(
    args: argparse.Namespace,
    registry: Registry,
    units: list[UnitDue],
    today: dt.date,
    unclear: bool,
) -> int:
    from nmr.engine.cache import CACHE_DIR, committed
    from nmr.notify import SentLog, notify

    path = args.sent_log
    if path is None:
        outside = os.environ.get("NMR_CACHE_DIR")
        # A record that came with the checkout could silence a day's reminders: not trusted.
        trusted = bool(outside) or not committed(registry.root)
        base = Path(outside) if outside else registry.root / CACHE_DIR
        path = base / "notify-sent.json" if trusted else Path(os.devnull)
    lines, failures = notify(
        units, registry.policy, today, SentLog(path, today), dry_run=args.dry_run
    )
    for line in lines:
        print(line)
    if not lines:
        print("没有需要发送的提醒（没有待办，或单位没有在 units.yaml 中填写 notify）。")
    return 1 if failures or unclear else 0


DESK = "approver-desk"  # the marker of the approver's dashboard issue (no unit has this id)


def _desk_issue(registry: Registry, today: dt.date) -> Wanted:
    from nmr.engine.deadlines import review_year
    from nmr.engine.queue import desk
    from nmr.render import due
    from nmr.render.escape import markdown
    from nmr.render.issues import Wanted

    found = desk(registry, today, review_year(registry.policy, today))
    office = registry.approver
    team = office.team if office is not None else ""
    lines = due.desk_lines(found, registry, review_year(registry.policy, today), markdown)
    body = "\n".join(
        [
            f"<!-- nmr-due:{DESK} -->",
            f"### 审批单位待办（{markdown(office.name if office else '')}）",
            "",
            f"{team} 以下事项等待审批或审核；审批、年检结果由审批人在合并请求中填写并批准。",
            "",
            *(f"- {line.strip()}" if line.startswith("  ") else line for line in lines),
            "",
        ]
    )
    waiting = len(found.waiting)
    return Wanted(DESK, f"【新媒体备案】审批单位待办：{waiting} 项", body)


def _approver_desk(args: argparse.Namespace, registry: Registry, today: dt.date) -> int:
    from nmr.engine.deadlines import review_year
    from nmr.engine.queue import desk
    from nmr.render import due
    from nmr.render.escape import markdown, terminal

    year = args.year or review_year(registry.policy, today)
    found = desk(registry, today, year)
    _report_skipped(found.skipped, "未计入（统计不完整）")
    if args.format == "json":
        sys.stdout.write(due.desk_json(found, today, year))
    else:
        escape = markdown if args.format == "markdown" else terminal
        lines = due.desk_lines(found, registry, year, escape)
        if args.format == "markdown":
            lines = [
                "### 审批单位待办",
                "",
                *(f"- {line.strip()}" if line.startswith("  ") else line for line in lines),
            ]
        sys.stdout.write("\n".join(lines) + "\n")
    return 1 if found.skipped else 0


def cmd_rules(args: argparse.Namespace) -> int:
    from nmr.engine.registry import require_frame
    from nmr.render.matrix import FORMATS

    registry = require_frame(args.root)  # whose Measures: the articles come from policy/
    if args.out is None:
        sys.stdout.write(FORMATS[args.format](registry.policy, args.lang))
        return 0
    if args.format != "markdown":
        raise NmrError(OUT_NEEDS_MARKDOWN())
    from nmr.render.output import owned_folder
    from nmr.render.ruledocs import pages

    written = pages(args.lang, registry)
    with owned_folder(args.out, args.root, "rules") as stage:
        for name, text in written.items():
            (stage / name).write_text(text, encoding="utf-8")
    sys.stdout.write(RULE_PAGES_WRITTEN(count=len(written), out=args.out).get(args.lang) + "\n")
    return 0


def cmd_codeowners(args: argparse.Namespace) -> int:
    from nmr.engine.registry import require_frame
    from nmr.render.codeowners import PATHS, codeowners

    registry = require_frame(args.root, units=True)
    assert registry.units_file is not None  # guaranteed by units=True
    wanted = codeowners(registry.policy, registry.units_file)
    return _generated(args.root, dict.fromkeys(PATHS, wanted), check=args.check)


def cmd_forms(args: argparse.Namespace) -> int:
    from nmr.engine.registry import require_frame
    from nmr.render.gitlab_forms import gitlab_templates
    from nmr.render.issue_forms import github_forms
    from nmr.schemas.text import use_policy_names

    registry = require_frame(args.root, units=True)
    use_policy_names(registry.names)
    wanted = {**github_forms(registry), **gitlab_templates(registry)}
    return _generated(args.root, wanted, check=args.check)


def _generated(root: Path, wanted: dict[str, str], *, check: bool) -> int:
    """Write (or with ``check`` compare) files generated from policy/: 1 when one drifted."""
    stale = [path for path, text in wanted.items() if _current(root, path) != text]
    if check:
        for path in wanted:
            if path in stale:
                print(
                    f"{path} 与 policy/ 不一致：运行 nmr codeowners 和 nmr forms 重新生成并提交。"
                )
            else:
                print(f"{path} 与 policy/ 一致。")
        return 1 if stale else 0
    for path, text in wanted.items():
        _write_owned(root, path, text)
        print(f"已写入 {path}。" if path in stale else f"{path} 已是最新。")
    return 0


def _current(root: Path, path: str) -> str | None:
    from nmr.schemas.files import Unreadable, read_regular

    try:
        return read_regular(root / path, 1 << 20).decode("utf-8", errors="replace")
    except Unreadable as problem:
        if problem.problem != "missing":
            raise NmrError(NOT_REGULAR_FILE_REMOVE_IT(path=path, problem=problem.problem)) from None
        return None


def _write_owned(root: Path, path: str, text: str) -> None:
    from nmr.render.output import atomic_write

    target = root / path
    if target.parent.is_symlink():
        raise NmrError(LINK(parent=target.parent))
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, text.encode("utf-8"))


def cmd_render(args: argparse.Namespace) -> int:
    if args.out is None:
        args.out = Path("build") / args.what
    if args.what == "site":
        return _render_site(args)
    if args.what == "ledger":
        return _render_ledger(args)
    from nmr.render.forms.render import Selection, render_forms

    selection = Selection(
        frozenset(args.kind) if args.kind else None,
        frozenset(args.unit) if args.unit else None,
        args.base,
    )
    done = render_forms(args.root, args.ids, args.out, _today(args), args.year, selection)
    for item in done:
        mark = "（草稿：记录未通过 nmr check）" if item.draft else ""
        folder = item.files[0].parent.name if item.files else ""
        print(f"{folder}/{item.account}{mark}: " + "、".join(path.name for path in item.files))
    print(
        f"已为 {len(done)} 个账号生成 {sum(len(item.files) for item in done)} 个文件，保存在 {args.out}/。"
    )
    return 0


def _render_ledger(args: argparse.Namespace) -> int:
    from nmr.engine.registry import require_frame
    from nmr.engine.run import today_in
    from nmr.render.ledger import write_ledger

    registry = require_frame(args.root, units=True)
    ledger = write_ledger(registry, args.out, _today(args) or today_in(registry.policy))
    _report_skipped(ledger.skipped, "未列入台账")
    print(
        f"已写入 {ledger.path}：在用账号 {ledger.active} 个，已注销 {ledger.closed} 个。"
        "台账含个人信息，仅供内部使用，请勿公开。"
    )
    return 1 if ledger.skipped else 0


def _report_skipped(paths: Sequence[str], what: str) -> None:
    from nmr.render.escape import terminal

    for path in paths:
        print(f"{what}（记录未通过检查，请运行 nmr check）：{terminal(path)}", file=sys.stderr)


def _render_site(args: argparse.Namespace) -> int:
    from nmr.render.site.build import build_site

    built = build_site(args.root, args.out, _today(args))
    _report_skipped(built.skipped, "未发布")
    print(
        f"已生成公开网站：{built.active} 个官方账号、{built.closed} 个已注销账号，保存在 {args.out}/。"
    )
    return 1 if built.skipped else 0


def cmd_new(args: argparse.Namespace) -> int:
    from nmr.engine.registry import require_frame
    from nmr.engine.run import today_in
    from nmr.new import run

    registry = require_frame(args.root, units=True)
    target = run(registry, args, _today(args) or today_in(registry.policy))
    rel = target.relative_to(args.root).as_posix()
    print(f"已写入 {rel}。")
    print(
        f"下一步：nmr check {rel}；打印登记表和承诺书：nmr render forms {target.stem}；然后提交合并请求。"
        "账号状态为 proposed（申请中）：审批人批准并填写 approved_by、approved_on 后改为 active，才是官方账号。"
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from nmr.engine.registry import require_frame
    from nmr.importer import Importer, load_columns, report

    if not args.ledger.is_file():
        raise NmrError(NO_SUCH_FILE(ledger=args.ledger))
    registry = require_frame(args.root, units=True)
    outcome = Importer(registry, load_columns(args.columns)).run(args.ledger, dry_run=args.dry_run)
    from nmr.render.escape import terminal

    for line in report(outcome, args.dry_run):
        print(terminal(line))
    return 1 if outcome.problems else 0


def cmd_approvals(args: argparse.Namespace) -> int:
    from nmr.engine.change import load_changes
    from nmr.engine.registry import require_frame
    from nmr.engine.run import today_in
    from nmr.render.approvals import github_approvals, gitlab_approvals, report, required
    from nmr.render.escape import terminal

    registry = require_frame(args.root, units=True)
    variable = "GITHUB_TOKEN" if args.forge == "github" else "GITLAB_TOKEN"
    token = os.environ.get(variable) or os.environ.get("CI_JOB_TOKEN", "")
    if not token:
        raise NmrError(NOT_SET(variable=variable))
    if args.forge == "gitlab" and not args.api:
        raise NmrError(API_REQUIRED())
    change = load_changes(args.root, args.base, registry.limits, registry.account_model)
    needed = required(change, registry, _today(args) or today_in(registry.policy), args.forge)
    if args.forge == "github":
        api = args.api or os.environ.get("GITHUB_API_URL") or "https://api.github.com"
        approved = github_approvals(api, args.repo, args.pr, args.head, token)
    else:
        approved = gitlab_approvals(args.api, args.repo, args.pr, args.head, token)
    ok, lines = report(needed, approved)
    for line in lines or ["本次变更不涉及账号和政策文件，不需要审批人批准。"]:
        print(terminal(line))
    return 0 if ok else 1


def cmd_review(args: argparse.Namespace) -> int:
    from nmr.engine.registry import require_frame
    from nmr.engine.run import today_in
    from nmr.render.escape import terminal
    from nmr.review import Decision, review

    registry = require_frame(args.root, units=True)
    day = args.on or today_in(registry.policy)
    decision = Decision(args.year, args.result, args.by, day, args.note)
    print(terminal(review(registry, args.account, decision)))
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from nmr.render.escape import terminal
    from nmr.render.starter import init

    written = init(args.directory, args.institution, args.org, args.tool)
    print(f"已在 {terminal(str(args.directory))} 建立新的备案库（{len(written)} 个文件）。")
    print("这个库将含有个人信息：在代码平台上务必设为私有（private 或 internal）仓库。")
    print("接下来：修改 policy/policy.yaml 和 policy/units.yaml，然后运行")
    print(f"  nmr check --root {terminal(str(args.directory))}")
    return 0


def cmd_from_issue(args: argparse.Namespace) -> int:
    from nmr.issue_command import run

    return run(args, _today(args))


COMMANDS = {
    "approvals": cmd_approvals,
    "review": cmd_review,
    "check": cmd_check,
    "import": cmd_import,
    "new": cmd_new,
    "codeowners": cmd_codeowners,
    "due": cmd_due,
    "render": cmd_render,
    "rules": cmd_rules,
    "init": cmd_init,
    "forms": cmd_forms,
    "from-issue": cmd_from_issue,
}


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse; names after ``--`` always go to the command's list of ids or paths.

    argparse has already filled a list positional with nothing once it meets an option, so
    ``nmr render forms --out x -- a b`` would leave ``-- a b`` unparsed.
    """
    parser = _build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and extra[0] == "--":
        for name in ("ids", "paths"):
            if isinstance(getattr(args, name, None), list):
                getattr(args, name).extend(extra[1:])
                return args
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command inside the one error boundary.

    0 done (warnings allowed), 1 findings, 2 usage, environment or unreadable input (a
    Chinese message with the fix), 3 an unexpected crash (one line naming the crash log;
    never a traceback on the terminal).
    """
    lang: Lang = "en" if argv is not None and "--lang=en" in argv else "zh"
    # A run holds many small objects for its whole length (records, the index, the cache):
    # at the default thresholds the collector rescans them thousands of times (a fifth of a
    # 100,000-account check). Cycles are still collected, only less often.
    gc.set_threshold(100_000, 50, 100)
    try:
        args = _parse(argv)
        lang = args.lang
        return COMMANDS[args.command](args)
    except NmrError as error:
        from nmr.render.escape import terminal_lines

        sys.stderr.write(f"nmr: {terminal_lines(error.msg.get(lang))}\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:
        where = f"{error.filename}：" if error.filename else ""
        sys.stderr.write(
            f"nmr: {where}{error.strerror or error}。请检查文件权限、磁盘空间和路径后重试。\n"
        )
        return 2
    except Exception:
        log = _crash_log()
        sys.stderr.write(
            f"nmr: 内部错误（不是您的操作问题），详细信息已写入 {log}，请把该文件发给本库维护团队。\n"
        )
        return 3


def _crash_log() -> str:
    """Write the traceback to a file of its own and return its path."""
    import tempfile
    import traceback

    fd, path = tempfile.mkstemp(prefix="nmr-crash-", suffix=".log")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f"nmr {' '.join(sys.argv[1:])}\n\n")
        traceback.print_exc(file=handle)
    return path
