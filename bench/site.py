"""Site figures for make bench: build time, first-page weight, search latency in Chromium."""

from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from nmr.render.site.build import build_site

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


def measure(root: Path, out: Path) -> dict[str, float]:
    started = time.perf_counter()
    built = build_site(root, out)
    figures = {
        "build_seconds": time.perf_counter() - started,
        "accounts": float(built.active + built.closed),
    }
    first_page = [out / "index.html", out / "assets" / "site.css", out / "assets" / "site.js"]
    figures["index_kb"] = sum(path.stat().st_size for path in first_page) / 1024
    figures["search_data_kb"] = (out / "data" / "accounts.json").stat().st_size / 1024
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
            started = time.perf_counter()
            page.focus("#search-input")  # loads the data on demand
            page.fill("#search-input", "unit-07")
            page.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
            figures["first_search_ms"] = (time.perf_counter() - started) * 1000
            latencies = []
            for query in ("acc-99", "ceshi", "unit-3", "bench_12", "csz"):
                latencies.append(
                    page.evaluate(
                        """q => { const box = document.getElementById('search-input'); const t0 = performance.now();
                              box.value = q; box.dispatchEvent(new Event('input'));
                              return new Promise(r => requestAnimationFrame(() => r(performance.now() - t0))); }""",
                        query,
                    )
                )
            figures["search_ms"] = sorted(latencies)[len(latencies) // 2]
            browser.close()
    finally:
        server.shutdown()
    return figures
