"""Illustrative demo content, and the functions that seed it through the actions.

Everything here is sample data for demonstrations and tests: accounts, a few government bodies
and plans inspired by real national and regional plans (see the domain reference) but not their
text. Every plan is marked `is_illustrative`. Never seed a production database with it.

Seeding is idempotent (users, organizations and plans are looked up by username or code first)
and deterministic: `seed_demo(scale=N)` makes N times as many plans as the base set, the extra
ones synthetic, generated from a fixed seed so the same codes come back on every run.
"""

from pveplan.plans.demo.content import (
    BASE_PLANS,
    DEMO_EMAIL_DOMAIN,
    DEMO_PASSWORD,
    DEMO_USERS,
    SYNTHETIC_PREFIX,
    DemoDataError,
)
from pveplan.plans.demo.seed import SeedReport, accounts_table, seed_demo

__all__ = [
    "BASE_PLANS",
    "DEMO_EMAIL_DOMAIN",
    "DEMO_PASSWORD",
    "DEMO_USERS",
    "SYNTHETIC_PREFIX",
    "DemoDataError",
    "SeedReport",
    "accounts_table",
    "seed_demo",
]
