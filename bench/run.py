"""make bench: speed and memory of ``nmr check`` on 10,000 accounts (figures, not a test).

Each command runs as its own process; wall time and peak resident memory come from
os.wait4 for exactly that process. Targets (issue 2): ≥10× faster than check-jsonschema,
≤1.5× a bare PyYAML C-loader parse of the same files, <300 MB; one file in the big
registry no slower than check-jsonschema on that file.
"""

from __future__ import annotations

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


def measure(
    command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of one process (its own memory, not its workers')."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, process.returncode


def best(
    command: list[str], runs: int = 3, cwd: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, float, int]:
    results = [measure(command, cwd, env) for _ in range(runs)]
    return min(r[0] for r in results), max(r[1] for r in results), results[-1][2]


def row(label: str, wall: float, rss: float, code: int) -> None:
    print(f"  {label:<46} {wall:8.2f} s  {rss:7.1f} MB  exit {code}")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="nmr-bench-") as tmp:
        root = Path(tmp) / "registry"
        started = time.perf_counter()
        files = build(root)
        print(
            f"synthetic registry: {len(files)} accounts, 40 units ({time.perf_counter() - started:.1f} s to write)"
        )
        listing = Path(tmp) / "files.txt"
        listing.write_text("\n".join(map(str, files)), encoding="utf-8")
        rel_files = [str(path.relative_to(root)) for path in files]
        floor_code = (
            "import sys, yaml\n"
            "for name in open(sys.argv[1], encoding='utf-8').read().split('\\n'):\n"
            "    with open(name, 'rb') as handle: yaml.load(handle, Loader=yaml.CSafeLoader)\n"
        )
        nmr = [str(BIN / "nmr"), "check", "--root", str(root), "--format", "json", "--today", TODAY]
        cjs = [
            str(BIN / "check-jsonschema"),
            "--schemafile",
            str(REPO / "schemas" / "account.schema.json"),
        ]

        print("whole registry (best of 3):")
        check = best(nmr)
        row(f"nmr check ({os.cpu_count()} worker processes)", *check)
        serial = best(nmr, env={"NMR_JOBS": "1"})
        row("nmr check (one process: NMR_JOBS=1)", *serial)
        floor = best([sys.executable, "-c", floor_code, str(listing)])
        row("PyYAML CSafeLoader parse only (the floor)", *floor)
        schema = best([*cjs, *rel_files], runs=1, cwd=root)
        row("check-jsonschema (our schema)", *schema)

        one = rel_files[len(rel_files) // 2]
        print(f"one file inside the registry ({one}):")
        single = best([*nmr, one], runs=5, cwd=root)
        row("nmr check FILE", *single)
        single_cjs = best([*cjs, one], runs=5, cwd=root)
        row("check-jsonschema FILE", *single_cjs)

        print("a pull request changing one file (nmr check --base main):")
        git = ["git", "-c", "user.email=bench@example.org", "-c", "user.name=bench"]
        for step in (
            ["init", "-q", "-b", "main"],
            ["add", "-A"],
            ["commit", "-q", "-m", "registry"],
            ["checkout", "-q", "-b", "pr"],
        ):
            subprocess.run([*git, *step], cwd=root, check=True)
        changed = root / one
        text = changed.read_text(encoding="utf-8")
        changed.write_text(
            text.replace("reply_commitment_days: 3", "reply_commitment_days: 2"), encoding="utf-8"
        )
        plain = best(nmr, cwd=root)
        row("nmr check (in the git checkout)", *plain)
        based = best([*nmr, "--base", "main"], cwd=root)
        row("nmr check --base main", *based)

        print("public site (nmr render site):")
        from bench.site import measure as site_figures

        site = site_figures(root, Path(tmp) / "site")
        print(
            f"  build {site['build_seconds']:.1f} s for {site['accounts']:.0f} accounts; first page "
            f"{site['index_kb']:.0f} KB (HTML+CSS+JS); search data {site['search_data_kb']:.0f} KB, loaded on demand"
        )
        print(
            f"  search in Chromium: first query {site['first_search_ms']:.0f} ms (includes loading the data), "
            f"then {site['search_ms']:.0f} ms (median)"
        )

        print("ratios:")
        print(f"  check-jsonschema / nmr        {schema[0] / check[0]:6.1f}×   (target ≥ 10×)")
        print(f"  nmr / parse floor             {check[0] / floor[0]:6.2f}×   (target ≤ 1.5×)")
        print(f"  nmr one process / parse floor {serial[0] / floor[0]:6.2f}×")
        print(f"  nmr peak memory (one process) {serial[1]:6.0f} MB (target < 300 MB)")
        print(
            f"  --base overhead               {based[0] - plain[0]:+6.2f} s ({based[0] / plain[0]:.2f}×)"
        )
        print(
            f"  nmr FILE / check-jsonschema FILE {single[0] / single_cjs[0]:6.2f}×  (target ≤ 1×)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
