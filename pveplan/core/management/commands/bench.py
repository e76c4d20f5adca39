"""The benchmark suite: time and peak memory of the heavy paths, on a throwaway database.

    python manage.py bench            # or: make bench
    python manage.py bench --only export_pdf --only read_100_pages

Each step runs as its own `manage.py` process (so its peak memory is its own, read from the
kernel with wait4) against `var/bench/bench.sqlite3`, made afresh (migrate, seed_demo, a
300-action Arabic plan). Figures are printed, never asserted: speed is measured here, not in
the test suite. Results also go to `var/bench/results.json`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess  # nosec B404: runs this project's own manage.py with fixed arguments
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import get_commands
from django.core.management.base import BaseCommand, CommandParser


@dataclass
class Step:
    name: str
    args: list[str]
    needs: str = ""  # a management command that must exist, or the step is skipped


@dataclass
class Result:
    name: str
    seconds: float
    peak_mb: float
    status: str
    output: str


def steps(out: Path) -> list[Step]:
    return [
        Step("export_pdf", ["export_plan", "bench-300", "--format", "pdf", "--language", "ar",
                            "--output", str(out / "bench-300-ar.pdf")]),
        Step("export_docx", ["export_plan", "bench-300", "--format", "docx", "--language", "ar",
                             "--output", str(out / "bench-300-ar.docx")]),
        Step("read_100_pages", ["bench_document", "--pages", "100", "--language", "ar"],
             needs="bench_document"),
        Step("evaluate_classifier", ["evaluate_classifier"], needs="evaluate_classifier"),
    ]  # fmt: skip


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Wall time (s), peak resident memory (MB), exit code and output of `manage.py args`."""
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args]
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603  # nosec B603: fixed arguments, no shell
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    assert process.stdout is not None
    output = process.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    return seconds, usage.ru_maxrss / 1024, process.returncode, output


class Command(BaseCommand):
    help = "Measure time and peak memory of exports, document reading and the classifier."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--only", action="append", default=[], help="run only these steps")
        parser.add_argument(
            "--reuse", action="store_true", help="keep the benchmark database from the last run"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(settings.BASE_DIR) / "var" / "bench"
        database = directory / "bench.sqlite3"
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DEBUG": "false"}
        env.setdefault("SECRET_KEY", "bench-only-not-a-secret")
        if not (options["reuse"] and database.exists()):
            shutil.rmtree(directory, ignore_errors=True)
            directory.mkdir(parents=True)
            self.stdout.write("preparing the benchmark database (migrate, seed_demo, 300 actions)")
            for setup in (["migrate", "-v", "0"], ["seed_demo"], ["bench_large_plan"]):
                _, _, code, output = run(setup, env)
                if code != 0:
                    self.stderr.write(output)
                    raise SystemExit(code)
        known = get_commands()
        results: list[Result] = []
        cores = os.cpu_count()
        load = os.getloadavg()[0]
        self.stdout.write(f"{cores} cores, load average {load:.1f}")
        self.stdout.write(f"{'step':<22} {'time':>9} {'peak memory':>12}  status")
        for step in steps(directory):
            if options["only"] and step.name not in options["only"]:
                continue
            if step.needs and step.needs not in known:
                results.append(Result(step.name, 0, 0, "skipped", ""))
                continue
            seconds, peak, code, output = run(step.args, env)
            status = "ok" if code == 0 else f"failed ({code})"
            results.append(Result(step.name, round(seconds, 2), round(peak, 1), status, output))
            self.stdout.write(f"{step.name:<22} {seconds:>7.1f} s {peak:>9.0f} MB  {status}")
            if output.strip():
                for line in output.strip().splitlines()[-12:]:
                    self.stdout.write(f"    {line}")
        (directory / "results.json").write_text(
            json.dumps(
                {"cores": cores, "load": load, "results": [asdict(r) for r in results]},
                indent=2,
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        if any(r.status.startswith("failed") for r in results):
            raise SystemExit(1)
