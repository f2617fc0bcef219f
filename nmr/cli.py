"""``nmr``: check, list rules, render and maintain a 新媒体备案库."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from schemas.errors import NmrError

# pydantic looks for plugins through importlib.metadata at import; we use none, and a
# pre-commit run checks one file, where start-up time is most of the time.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from schemas.text import Lang, Msg


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise NmrError(
            Msg(
                f"命令行参数有误：{message}\n运行 {self.prog} --help 查看用法。",
                f"bad arguments: {message}\nRun {self.prog} --help.",
            )
        )


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}”不是 YYYY-MM-DD 格式的日期") from None


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path(), help="备案库根目录（默认当前目录）")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="输出语言（默认中文）")


def _build_parser() -> _Parser:
    parser = _Parser(prog="nmr", description="新媒体备案库：检查、渲染和维护官方新媒体备案记录。")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

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
        "--base", metavar="REF", help="与 REF 的合并基点比较，检查本次变更（第五条重新备案等）"
    )
    check.add_argument(
        "--summary",
        metavar="FILE",
        type=Path,
        help="把给审核人的变更摘要（Markdown）写入 FILE（需 --base）",
    )
    _common(check)

    due = sub.add_parser("due", help="各单位到期和逾期事项（第六条年度检查等）")
    due.add_argument("--today", type=_date, help="以这一天为“今天”（也可用 NMR_TODAY）")
    due.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    due.add_argument("--unit", action="append", metavar="ID", help="只列出这个单位（可重复）")
    due.add_argument(
        "--sync-issues",
        action="store_true",
        help="用 gh 为每个有待办的单位维持一个 GitHub issue（定时任务用）",
    )
    _common(due)

    render = sub.add_parser("render", help="生成登记表等文书、公开网站或内部台账")
    render.add_argument(
        "what",
        choices=("forms", "site", "ledger"),
        help="forms：附件1 登记表、附件2 承诺书、年度检查报告（PDF 与 Word）；site：公开查询网站",
    )
    render.add_argument("ids", nargs="*", metavar="ID", help="只生成这些账号（默认全部）")
    render.add_argument("--out", type=Path, default=Path("build"), help="输出目录（默认 build/）")
    render.add_argument(
        "--year", type=int, help="年度检查报告的年度（默认：12 月起为当年，否则为上一年）"
    )
    render.add_argument("--today", type=_date, help="以这一天为“今天”（也可用 NMR_TODAY）")
    _common(render)

    new = sub.add_parser("new", help="按附件1逐项提问，新建一个账号的备案记录")
    from nmr.new_options import add_arguments

    add_arguments(new)
    new.add_argument("--today", type=_date, help="以这一天为“今天”（默认日期用）")
    _common(new)

    importer = sub.add_parser("import", help="从现有 Excel 台账导入，每行生成一个账号文件")
    importer.add_argument("ledger", type=Path, metavar="LEDGER.xlsx")
    importer.add_argument(
        "--columns", type=Path, metavar="FILE", help="列名映射（YAML：表中列名: 字段）"
    )
    importer.add_argument("--dry-run", action="store_true", help="只显示将写入哪些文件，不写入")
    _common(importer)

    owners = sub.add_parser("codeowners", help="根据 policy/units.yaml 生成 .github/CODEOWNERS")
    owners.add_argument(
        "--check", action="store_true", help="只检查是否与单位名录一致，不一致返回 1"
    )
    _common(owners)

    rules = sub.add_parser("rules", help="列出规则与条款的对应关系")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    _common(rules)
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
            raise NmrError(Msg(f"环境变量 NMR_TODAY：{error}", f"NMR_TODAY: {error}")) from None
    return None


def _relative(root: Path, paths: Sequence[str]) -> list[str]:
    out = []
    base = root.resolve()
    for raw in paths:
        path = Path(raw)
        full = (path if path.is_absolute() else Path.cwd() / path).resolve()
        if not full.exists():
            raise NmrError(Msg(f"文件不存在：{raw}", f"no such file: {raw}"))
        try:
            out.append(full.relative_to(base).as_posix())
        except ValueError:
            raise NmrError(
                Msg(f"{raw} 不在备案库 {root} 中", f"{raw} is outside the registry {root}")
            ) from None
    return out


def cmd_check(args: argparse.Namespace) -> int:
    from checks.run import check
    from render.reports import REPORTERS, Report
    from schemas.registry import POLICY_FILE, UNITS_FILE

    root: Path = args.root
    only = _relative(root, args.paths) if args.paths else None
    if only is not None and any(p in (UNITS_FILE, POLICY_FILE) for p in only):
        only = None  # the policy's rules need every account
    if args.summary is not None and args.base is None:
        raise NmrError(Msg("--summary 需要同时指定 --base", "--summary needs --base"))
    outcome = check(root, _today(args), only, base=args.base)
    lang: Lang = args.lang
    color = args.format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    report = Report(root, outcome.findings, outcome.checked, lang, color)
    sys.stdout.write(REPORTERS[args.format](report))
    if args.summary is not None and outcome.change is not None and outcome.registry is not None:
        from render.summary import summary

        args.summary.write_text(
            summary(outcome.change, outcome.registry, outcome.findings), encoding="utf-8"
        )
    if report.errors or (args.strict and report.warnings):
        return 1
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    from checks.deadlines import due_by_unit
    from checks.run import today_in
    from render import due
    from render.issues import Wanted, sync
    from schemas.registry import require_frame

    registry = require_frame(args.root)
    today = _today(args) or today_in(registry.policy)
    units = due_by_unit(registry, today)
    if args.unit:
        unknown = [u for u in args.unit if registry.unit(u) is None]
        if unknown:
            raise NmrError(
                Msg(f"没有这个单位：{'、'.join(unknown)}", f"unknown unit: {', '.join(unknown)}")
            )
        units = [u for u in units if u.unit.id in args.unit]
    if args.sync_issues:
        wanted = [
            Wanted(u.unit.id, due.issue_title(u), due.issue_body(u, registry.policy)) for u in units
        ]
        for line in sync(wanted):
            print(line)
        return 0
    if args.format == "json":
        sys.stdout.write(due.as_json(units, today))
    elif args.format == "markdown":
        sys.stdout.write(due.as_markdown(units, registry.policy))
    else:
        sys.stdout.write(due.as_text(units, today))
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    from render.matrix import FORMATS

    sys.stdout.write(FORMATS[args.format](args.lang))
    return 0


def cmd_codeowners(args: argparse.Namespace) -> int:
    from render.codeowners import PATH, codeowners
    from schemas.registry import require_frame

    registry = require_frame(args.root, units=True)
    assert registry.units_file is not None  # guaranteed by units=True
    wanted = codeowners(registry.policy, registry.units_file)
    target = args.root / PATH
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if args.check:
        if current == wanted:
            print(f"{PATH} 与 policy/units.yaml 一致。")
            return 0
        print(f"{PATH} 与 policy/units.yaml 不一致：运行 nmr codeowners 重新生成并提交。")
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(wanted, encoding="utf-8")
    print(f"已写入 {PATH}。" if current != wanted else f"{PATH} 已是最新。")
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    if args.what == "site":
        return _render_site(args)
    if args.what == "ledger":
        return _render_ledger(args)
    from render.forms.render import render_forms

    done = render_forms(args.root, args.ids, args.out, _today(args), args.year)
    for item in done:
        mark = "（草稿：记录未通过 nmr check）" if item.draft else ""
        print(f"{item.account}{mark}: " + "、".join(path.name for path in item.files))
    print(
        f"已为 {len(done)} 个账号生成 {sum(len(item.files) for item in done)} 个文件，保存在 {args.out}/。"
    )
    return 0


def _render_ledger(args: argparse.Namespace) -> int:
    from checks.run import today_in
    from render.ledger import write_ledger
    from schemas.registry import require_frame

    registry = require_frame(args.root)
    target, active, closed = write_ledger(
        registry, args.out, _today(args) or today_in(registry.policy)
    )
    print(
        f"已写入 {target}：在用账号 {active} 个，已注销 {closed} 个。台账含个人信息，仅供内部使用，请勿公开。"
    )
    return 0


def _render_site(args: argparse.Namespace) -> int:
    from render.site.build import build_site

    out: Path = args.out if args.out != Path("build") else Path("build/site")
    built = build_site(args.root, out)
    for path in built.skipped:
        print(f"未发布（记录未通过结构检查，请运行 nmr check）：{path}", file=sys.stderr)
    print(
        f"已生成公开网站：{built.active} 个官方账号、{built.closed} 个已注销账号，保存在 {out}/。"
    )
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from checks.run import today_in
    from nmr.new import run
    from schemas.registry import require_frame

    registry = require_frame(args.root, units=True)
    target = run(registry, args, _today(args) or today_in(registry.policy))
    rel = target.relative_to(args.root).as_posix()
    print(f"已写入 {rel}。")
    print(
        f"下一步：nmr check {rel}；打印登记表和承诺书：nmr render forms {target.stem}；然后提交合并请求。"
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from nmr.importer import Importer, load_columns, report
    from schemas.registry import require_frame

    if not args.ledger.is_file():
        raise NmrError(Msg(f"找不到文件：{args.ledger}", f"no such file: {args.ledger}"))
    registry = require_frame(args.root, units=True)
    outcome = Importer(registry, load_columns(args.columns)).run(args.ledger, dry_run=args.dry_run)
    for line in report(outcome, args.dry_run):
        print(line)
    return 1 if outcome.problems else 0


COMMANDS = {
    "check": cmd_check,
    "import": cmd_import,
    "new": cmd_new,
    "codeowners": cmd_codeowners,
    "due": cmd_due,
    "render": cmd_render,
    "rules": cmd_rules,
}


def main(argv: Sequence[str] | None = None) -> int:

    lang: Lang = "en" if argv is not None and "--lang=en" in argv else "zh"
    try:
        args = _build_parser().parse_args(argv)
        lang = args.lang
        return COMMANDS[args.command](args)
    except NmrError as error:
        sys.stderr.write(f"nmr: {error.msg.get(lang)}\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
