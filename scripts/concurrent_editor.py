"""One of several concurrent editors, in its own process as behind gunicorn.

It increments plan nodes' estimated cost through the real action (`node_update`) as a person
saving an edit form does: read the node, think, save with the version read, and on
ConflictError read again and retry. pveplan/core/tests/test_concurrency.py starts 8 of them.

    DATABASE_URL=... python scripts/concurrent_editor.py --user PK --nodes PK,PK --updates 200 \
        --go FILE [--unprotected]

It prints "ready" once Django is set up, waits until FILE exists (so all editors start
together), then prints one JSON line: {"done", "conflicts", "errors", "seconds", "cpu_seconds"}.
--unprotected saves with Django's plain read-modify-write `save()` instead, the pattern that
loses updates; the test runs it to show that its count would catch a loss.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import DatabaseError  # noqa: E402

from pveplan.accounts.models import User  # noqa: E402
from pveplan.core.errors import ConflictError  # noqa: E402
from pveplan.core.i18n import texts_of  # noqa: E402
from pveplan.plans import actions  # noqa: E402
from pveplan.plans.models import PlanNode  # noqa: E402

# Between reading and saving, as a form does: long enough that editors overlap on every node.
THINK_SECONDS = 0.0005
MAX_ERRORS = 100


def save_with_version(pk: int, user: Any) -> None:
    node = PlanNode.objects.select_related("plan__owner").get(pk=pk)
    time.sleep(THINK_SECONDS)
    data = actions.NodeInput(
        texts=texts_of(node.text),
        code=node.code,
        estimated_cost=(node.estimated_cost or Decimal(0)) + 1,
    )
    actions.node_update(node=node, by=user, data=data, expected_version=node.version)


def save_unprotected(pk: int, user: Any) -> None:
    node = PlanNode.objects.get(pk=pk)
    time.sleep(THINK_SECONDS)
    node.estimated_cost = (node.estimated_cost or Decimal(0)) + 1
    node.save(update_fields=["estimated_cost"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--user", type=int, required=True)
    parser.add_argument("--nodes", required=True)
    parser.add_argument("--updates", type=int, required=True)
    parser.add_argument("--go", type=Path, required=True)
    parser.add_argument("--unprotected", action="store_true")
    args = parser.parse_args()
    save = save_unprotected if args.unprotected else save_with_version
    pks = [int(pk) for pk in args.nodes.split(",")]
    user = User.objects.get(pk=args.user)
    print("ready", flush=True)
    while not args.go.exists():
        time.sleep(0.001)
    done = conflicts = 0
    errors: list[str] = []
    started, cpu = time.monotonic(), time.process_time()
    for i in range(args.updates):
        while len(errors) < MAX_ERRORS:
            try:
                save(pks[i % len(pks)], user)
            except ConflictError:
                conflicts += 1
                continue
            except DatabaseError as e:  # "database is locked" would land here: count it, retry
                errors.append(repr(e))
                continue
            done += 1
            break
    report = {
        "done": done,
        "conflicts": conflicts,
        "errors": errors,
        "seconds": time.monotonic() - started,
        "cpu_seconds": time.process_time() - cpu,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
