"""make bench N=… SEED=…: the figures of issue 18 in one table (figures, not a test).

Each command runs as its own process; wall time and peak resident memory come from os.wait4
for exactly that process. Every row is measured against an anchor taken in the same run on
the same machine: the PyYAML C-loader parse of the same files on the same cores, reading the
raw bytes, check-jsonschema on one file, or nmr's own first run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import REPO, build

BIN = Path(sys.executable).parent
TODAY = "2026-11-24"
Figure = tuple[float, float, int]  # wall seconds, peak RSS MB, exit code


def measure(
    command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> Figure:
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def best(command: list[str], runs: int = 3, **kwargs: object) -> Figure:
    results = [measure(command, **kwargs) for _ in range(runs)]  # type: ignore[arg-type]
    return min(r[0] for r in results), max(r[1] for r in results), results[-1][2]


def _parse(names: list[str]) -> int:
    import yaml

    for name in names:
        with Path(name).open("rb") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)
    return len(names)


def parse_floor(files: list[Path]) -> float:
    """PyYAML's C loader on every file, in one process (the parse floor)."""
    start = time.perf_counter()
    _parse([str(path) for path in files])
    return time.perf_counter() - start


def read_floor(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        path.read_bytes()
    return time.perf_counter() - start


def verify_answer_ms(site: Path, handle: str) -> float:
    """Milliseconds from pressing 查询 to the answer, in Chromium, over a local HTTP server
    (the shards load as they would on a phone, minus the network)."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
            page.fill("#verify-input", handle)
            start = time.perf_counter()
            page.click("#verify-form button")
            page.wait_for_function(
                "(t => t.length > 0 && t !== '查询中……')"
                "(document.getElementById('verify-result').textContent)"
            )
            elapsed = (time.perf_counter() - start) * 1000
            browser.close()
    finally:
        server.shutdown()
    return elapsed


def folder_bytes(folder: Path) -> tuple[int, int]:
    sizes = [path.stat().st_size for path in folder.rglob("*") if path.is_file()]
    return sum(sizes), max(sizes, default=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", "--accounts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rows: list[tuple[str, str, str, str, str]] = []

    def add(work: str, figure: str, anchor: str, ratio: str, target: str) -> None:
        rows.append((work, figure, anchor, ratio, target))
        print(f"  {work}: {figure} | {anchor} | {ratio} | {target}", flush=True)

    with tempfile.TemporaryDirectory(prefix="nmr-bench-") as tmp:
        root = Path(tmp) / "registry"
        files = build(root, args.accounts, seed=args.seed)
        git = ["git", "-c", "user.email=bench@example.org", "-c", "user.name=bench"]
        for step in (
            ["init", "-q", "-b", "main"],
            ["add", "-A"],
            ["commit", "-q", "-m", "registry"],
        ):
            subprocess.run([*git, *step], cwd=root, check=True)
        nmr = [str(BIN / "nmr"), "check", "--root", str(root), "--format", "json", "--today", TODAY]
        print(f"{len(files)} accounts (seed {args.seed}), {os.cpu_count()} cores", flush=True)

        floor = parse_floor(files)
        cold = best([*nmr, "--no-cache"], runs=1)
        add(
            "full check, cold",
            f"{cold[0]:.1f} s, {cold[1]:.0f} MB",
            f"parse floor {floor:.1f} s",
            f"{cold[0] / floor:.2f}×",
            "≤ 1× the parse floor",
        )

        first = measure(nmr)  # fills .nmr-cache
        repeat = best(nmr, runs=3)
        raw = read_floor(files)
        add(
            "repeat full check, warm",
            f"{repeat[0]:.2f} s",
            f"first run {first[0]:.1f} s; raw read {raw:.2f} s",
            f"{repeat[0] / first[0]:.2f}× first; {repeat[0] / raw:.1f}× read",
            "≤ 0.35× first; ≤ 3× read",
        )

        one = str(files[len(files) // 2].relative_to(root))
        subprocess.run([*git, "checkout", "-q", "-b", "pr"], cwd=root, check=True)
        changed = root / one
        changed.write_text(
            changed.read_text("utf-8").replace(
                "reply_commitment_days: 3", "reply_commitment_days: 2"
            ),
            "utf-8",
        )
        based = best([*nmr, "--base", "main"], runs=3, cwd=root)
        add(
            "--base, one changed file",
            f"{based[0]:.2f} s",
            f"full check {first[0]:.1f} s",
            f"{based[0] / first[0]:.3f}×",
            "≤ 2 s (≤ 0.15× at 20k)",
        )

        cjs = [
            str(BIN / "check-jsonschema"),
            "--schemafile",
            str(REPO / "schemas" / "account.schema.json"),
        ]
        single = best([*nmr, "--no-cache", one], runs=5, cwd=root)
        single_cjs = best([*cjs, one], runs=5, cwd=root)
        add(
            "one file (pre-commit hook)",
            f"{single[0]:.2f} s",
            f"check-jsonschema {single_cjs[0]:.2f} s",
            f"{single[0] / single_cjs[0]:.2f}×",
            "≤ 1×",
        )

        site_out = Path(tmp) / "site"
        site = measure(
            [
                str(BIN / "nmr"),
                "render",
                "site",
                "--root",
                str(root),
                "--out",
                str(site_out),
                "--today",
                TODAY,
            ]
        )
        total, largest = folder_bytes(site_out / "data") if (site_out / "data").exists() else (0, 0)
        first_page = sum(
            (site_out / p).stat().st_size
            for p in ("index.html", "assets/site.css", "assets/site.js")
            if (site_out / p).exists()
        )
        add("site build", f"{site[0]:.1f} s, {site[1]:.0f} MB peak", "", "", "< 300 MB peak")
        answer = verify_answer_ms(site_out, f"bench_{len(files) // 2}")
        add("verify box answer (Chromium)", f"{answer:.0f} ms", "", "", "≤ 300 ms")
        add(
            "verify box download",
            f"largest data file {largest / 1024:.0f} KB; first page {first_page / 1024:.0f} KB",
            f"all data {total / 1024:.0f} KB",
            "",
            "no file > 1 MB; first page ≤ 50 KB",
        )

        ledger = measure(
            [
                str(BIN / "nmr"),
                "render",
                "ledger",
                "--root",
                str(root),
                "--out",
                str(Path(tmp) / "ledger"),
                "--today",
                TODAY,
            ]
        )
        add(
            "台账.xlsx",
            f"{ledger[0]:.1f} s, {ledger[1]:.0f} MB peak",
            "",
            "",
            "< 300 MB peak, time linear",
        )

        due = measure(
            [str(BIN / "nmr"), "due", "--root", str(root), "--today", TODAY, "--format", "json"]
        )
        add("nmr due", f"{due[0]:.1f} s, {due[1]:.0f} MB peak", "", "", "one pass, memory flat")

    print()
    print(f"| work ({args.accounts} accounts) | nmr | anchor (same run) | ratio | target |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
