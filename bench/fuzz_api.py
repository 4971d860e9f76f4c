"""Schemathesis against the API's own OpenAPI, from a separate process: generated requests per
endpoint family and the count of 5xx answers (which must be zero).

    python -m bench.fuzz_api --examples 300
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from api.http.app import create_app
from api.settings import ApiSettings
from bench.common import table
from graph.service import load_parsed
from graph.stores.sqlite import SqliteStore
from loaders import parse_file
from tests.served import ServedApp

TOKEN = "fuzz-token"
SEED = Path(__file__).parent.parent / "samples" / "zhejiang-keji-zhenggai.txt"


class CountingApp:
    """ASGI wrapper counting answers by endpoint family and status class."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.counts: Counter[tuple[str, str]] = Counter()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        family = "/" + scope["path"].strip("/").split("/")[0]

        async def counted_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                self.counts[(family, f"{message['status'] // 100}xx")] += 1
            await send(message)

        await self.app(scope, receive, counted_send)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=300, help="examples per operation")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", metavar="REGEX", help="only the operations whose path matches")
    args = parser.parse_args(argv)
    cli = shutil.which("schemathesis") or str(Path(sys.executable).parent / "schemathesis")
    with tempfile.TemporaryDirectory() as tmp:
        return _fuzz(args, cli, SqliteStore(Path(tmp)))


def _fuzz(args: argparse.Namespace, cli: str, store: SqliteStore) -> int:
    load_parsed(store, parse_file(SEED))
    app = CountingApp(create_app(ApiSettings(token=TOKEN, max_upload_bytes=64 * 1024), store))
    with ServedApp(app) as served:  # type: ignore[arg-type]
        result = subprocess.run(
            [cli, "run", f"{served.url}/openapi.json", "--checks", "not_a_server_error", "-n", str(args.examples),
             "--seed", str(args.seed), "--header", f"Authorization: Bearer {TOKEN}", "--no-color",
             *(["--include-path-regex", args.only] if args.only else [])],
            capture_output=True, text=True)
    families = sorted({f for f, _ in app.counts if f.isprintable()})  # not schemathesis's own probe
    rows = [[f, sum(app.counts[(f, c)] for c in ("2xx", "3xx", "4xx", "5xx")), app.counts[(f, "2xx")],
             app.counts[(f, "4xx")], app.counts[(f, "5xx")]] for f in families]
    print(f"# schemathesis {args.examples} examples per operation, seed {args.seed}\n")
    print(table(["endpoint family", "requests", "2xx", "4xx", "5xx"], rows))
    print("\n" + "\n".join(result.stdout.strip().splitlines()[-6:]))
    fives = sum(v for (f, c), v in app.counts.items() if c == "5xx")
    return 1 if fives else 0


if __name__ == "__main__":
    sys.exit(main())
