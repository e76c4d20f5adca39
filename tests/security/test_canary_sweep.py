"""The canary sweep (issue 6): no persona finds another country's confidential data anywhere.

Each country's team (Jordan: a_viewer, a_editor, a_focal; Lebanon: b_editor; Mali: m_editor)
gets confidential records carrying a unique sentinel string (`CANARY<CC><KIND>Z<n>Q`) and, where
the record holds an amount, a unique number (canary.NUMBERS), made through the apps' actions
(canary.seed). Who may see each sentinel, besides the global roles (unoct, admin) who see all:

- a confidential plan's title, summary, node texts (target groups, geography, funding source),
  node cost, published version's reason, process phase notes and evidence, consultation events,
  inputs and responses, stakeholder names and pseudonyms: the country's team (plans:read there);
- the contact details (e-mail, address) and real names of pseudonymous stakeholders: the plan's
  writers only (plans:write: a_editor, a_focal; not a_viewer);
- the country's instrument registry (titles, reference, notes, file, link notes): the team, even
  where an instrument is linked to the country's public plan;
- assessments (answers' evidence and comments) and needs: the team;
- a support request not yet triaged: the team; a triaged one NOT shared with donors (and UNDP's
  offer on it): the team and UN entity staff (un_staff), never donors; what it links to (the
  confidential action, the need) stays the team's;
- the country's own coordination group (name, description, meeting agenda, place, minutes,
  decision, action item): the team; a donor group's item linked to Jordan's confidential action
  and request shows them only to whom sees them;
- an allocation to the country from another donor's contribution (purpose, amount, expenditure):
  the team; the contribution itself (reference, note, amount): the global roles only;
- a background export of the plan: its writer (the token is theirs alone).

Then every persona (test_canary_sweep.PERSONAS) GETs every URL pattern the resolver knows
(admin, logout and language switch aside): those without arguments plain, with `?q=CANARY`,
as an htmx fragment and with each GET form's filters; those with arguments for the objects of
every country (404 expected for others: its body must not carry a sentinel either), exports of
each plan in every format, files, and the JSON API with the persona's bearer token. Text comes
out of HTML/JSON/CSV as is, PDF through pypdf, DOCX through python-docx, XLSX through openpyxl;
redirect targets and download file names count too. A persona outside a sentinel's audience must
find it in 0 answers, and each sentinel must be found by someone in its audience (not vacuous).
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils import translation

from pveplan.testing import World
from tests.security import canary as c

pytestmark = pytest.mark.django_db

# The platform administrator is not swept: every sentinel's audience includes the global roles,
# so their answers cannot leak; unoct stands for them (and finds the managers-only sentinels).
PERSONAS = [p for p in c.sweep_personas() if p != "admin"]
if os.environ.get("CANARY_PERSONAS"):  # a quicker run while working: CANARY_PERSONAS=a_editor,donor
    PERSONAS = os.environ["CANARY_PERSONAS"].split(",")
# URL patterns not swept, and why.
SKIPPED = {
    "set_language": "POST only: switches the language",
    "accounts:logout": "ends the session",
    "accounts:password_reset_confirm": "takes a one-time reset link, not an object",
    "plans:import_preview": "takes the importer's own upload token (none here)",
    "plans:import_apply": "takes the importer's own upload token (none here)",
}
# A route's parameter -> which seeded objects (or values) it takes, by the parameter's name,
# else by the segment before it (`plans/<int:pk>/`, `/api/v1/plans/{plan_id}`).
KEYS = {
    "plans": "plan",
    "plan": "plan",
    "nodes": "node",
    "node": "node",
    "instruments": "instrument",
    "instrument": "instrument",
    "instrument-links": "link",
    "links": "link",
    "link": "link",
    "evidence": "evidence",
    "stakeholders": "stakeholder",
    "stakeholder": "stakeholder",
    "events": "event",
    "event": "event",
    "inputs": "input",
    "input": "input",
    "assessments": "assessment",
    "assessment": "assessment",
    "needs": "need",
    "need": "need",
    "support": "request",
    "requests": "request",
    "request": "request",
    "support-requests": "request",
    "offers": "offer",
    "offer": "offer",
    "providers": "provider",
    "provider": "provider",
    "coordination": "group",
    "groups": "group",
    "group": "group",
    "members": "member",
    "member": "member",
    "meetings": "meeting",
    "meeting": "meeting",
    "items": "item",
    "item": "item",
    "contributions": "contribution",
    "contribution": "contribution",
    "allocations": "allocation",
    "allocation": "allocation",
    "rates": "rate",
    "documents": "document",
    "segments": "segment",
    "tokens": "apitoken",
    "versions": "number",
    "number": "number",
    "year": "year",
    "format": "format",
    "code": "phase",
    "dimension": "dimension",
    "token": "token",
    "key": "checklist",
}


@dataclass(frozen=True)
class Route:
    name: str
    route: str  # e.g. "en/plans/<int:pk>/"

    @property
    def params(self) -> list[tuple[str, str]]:
        return re.findall(r"<(?:(\w+):)?(\w+)>", self.route)


def _routes(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        pattern = entry.pattern
        if isinstance(pattern, LocalePrefixPattern):
            part = pattern.language_prefix
        elif isinstance(pattern, RoutePattern):
            part = str(pattern)
        else:
            continue  # regular expressions: the admin site (staff only, sees everything anyway)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if inner.startswith("admin:"):
                continue
            yield from _routes(entry.url_patterns, prefix + part, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else f"{namespace}<{prefix}{part}>"
            yield Route(name, prefix + part)


def all_routes() -> list[Route]:
    with translation.override("en"):
        return [r for r in _routes(get_resolver().url_patterns) if r.name not in SKIPPED]


def _key(route: Route, converter: str, param: str) -> str | None:
    if param not in ("pk", "id"):
        stem = re.sub(r"_(pk|id)$", "", param)
        if stem in KEYS:
            return KEYS[stem]
    before = route.route.split(f"<{converter}:{param}>" if converter else f"<{param}>")[0]
    segments = [s for s in before.split("/") if s and not s.startswith("<")]
    return KEYS.get(segments[-1]) if segments else None


def unswept(routes: list[Route]) -> list[str]:
    return sorted(
        r.name for r in routes if any(_key(r, conv, param) is None for conv, param in r.params)
    )


def test_every_url_pattern_is_swept() -> None:
    """A new URL whose arguments the sweep cannot fill fails here: add its KEYS entry."""
    missing = unswept(all_routes())
    assert not missing, f"URL patterns the canary sweep cannot fill: {missing}"


# --- What each URL is requested with ---------------------------------------------------------


def _values(canary: c.Canary) -> dict[str, list[Any]]:
    from pveplan.accounts.models import Organization
    from pveplan.funding.models import ExchangeRate

    values: dict[str, list[Any]] = {k: sorted(v) for k, v in canary.ids.items()}
    values["provider"] = list(
        Organization.objects.filter(code__in=["undp", "test-donor"]).values_list("pk", flat=True)
    )
    values["rate"] = list(ExchangeRate.objects.values_list("pk", flat=True))
    values["apitoken"] = _api_token_ids()
    values["year"] = [2026]
    values["format"] = ["pdf", "docx", "xlsx"]
    values["phase"] = [c.PHASE_CODE]
    values["dimension"] = [c.DIMENSION]
    values["token"] = canary.tokens
    values["checklist"] = ["x"]
    return values


def _api_token_ids() -> list[int]:
    from pveplan.api.models import ApiToken

    return list(ApiToken.objects.values_list("pk", flat=True))


def urls_for(route: Route, values: dict[str, list[Any]]) -> list[str]:
    params = route.params
    choices = [values.get(_key(route, conv, param) or "", []) for conv, param in params]
    urls = []
    for combination in itertools.product(*choices):
        path = route.route
        for (conv, param), value in zip(params, combination, strict=True):
            path = path.replace(f"<{conv}:{param}>" if conv else f"<{param}>", str(value))
        urls.append("/" + path)
    return urls


class _GetForms(HTMLParser):
    """The fields of a page's GET forms: text inputs, and each select's options."""

    def __init__(self) -> None:
        super().__init__()
        self.in_get_form = False
        self.texts: set[str] = set()
        self.selects: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._select: str | None = None
        self._option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.in_get_form = a.get("method", "get").lower() == "get"
        elif not self.in_get_form:
            return
        elif tag == "input" and a.get("type", "text") in ("text", "search") and a.get("name"):
            self.texts.add(a["name"])
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select:
            self._option = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._select and self._option:
            self.selects[self._select].append((self._option, data.strip()))
            self._option = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_get_form = False
        elif tag == "select":
            self._select = None


COUNTRY_LABELS = re.compile(r"jordan|lebanon|mali|canary", re.IGNORECASE)


def filter_queries(html: str) -> list[dict[str, str]]:
    """The filters a list page offers: every text box filled with CANARY, and each select's
    first value and those naming the seeded countries."""
    parser = _GetForms()
    parser.feed(html)
    queries: list[dict[str, str]] = []
    if parser.texts:
        queries.append(dict.fromkeys(sorted(parser.texts), "CANARY"))
    for name, options in parser.selects.items():
        values = [v for v, _label in options if v][:1]
        values += [v for v, label in options if v and COUNTRY_LABELS.search(label)][:3]
        queries += [{name: v} for v in dict.fromkeys(values)]
    return queries


def api_queries(client: Client) -> dict[str, list[dict[str, str]]]:
    """The query parameters of the JSON API's list operations, from its OpenAPI schema: each
    enumerated value, the seeded countries for a country, CANARY for any other text."""
    response = client.get("/api/v1/openapi.json")
    if response.status_code != 200:
        return {}
    schema = response.json()
    components = schema.get("components", {}).get("schemas", {})

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        for option in [node, *node.get("anyOf", []), *node.get("allOf", [])]:
            ref = option.get("$ref", "")
            if ref:
                return components.get(ref.rsplit("/", 1)[-1], {})
            if "enum" in option:
                return option
        return node

    found: dict[str, list[dict[str, str]]] = {}
    for path, operations in schema.get("paths", {}).items():
        parameters = operations.get("get", {}).get("parameters", [])
        queries = []
        for parameter in parameters:
            if parameter.get("in") != "query":
                continue
            name, kind = parameter["name"], resolve(parameter.get("schema", {}))
            if "enum" in kind:
                queries += [{name: str(v)} for v in kind["enum"][:8]]
            elif "country" in name:
                queries += [{name: code} for code in c.COUNTRIES]
            elif kind.get("type", "string") == "string":
                queries.append({name: "CANARY"})
        if queries:
            found[path] = queries
    return found


# --- Requests as each persona -------------------------------------------------------------------


@dataclass
class Answer:
    persona: str
    url: str
    status: int
    text: str


def _bearer_tokens(world: World) -> dict[str, str]:
    """An API token per signed-in persona, if the API app is installed (else none)."""
    try:
        from pveplan.api.actions import api_token_create
    except ImportError:
        return {}
    secrets = {}
    for persona, user in world.users.items():
        issued = api_token_create(owner=user, name="canary sweep", by=user)
        secrets[persona] = issued.secret
    return secrets


class Sweeper:
    def __init__(self, world: World, canary: c.Canary) -> None:
        self.world = world
        self.canary = canary
        self.finder = canary.finder()
        self.bearer = _bearer_tokens(world)
        self.answers = 0
        self.route = ""
        self.urls: set[str] = set()
        self.leaks: list[str] = []
        self.found: Counter[int] = Counter()  # sentinel index -> answers that carried it
        self.statuses: Counter[int] = Counter()
        self.seconds: Counter[str] = Counter()  # route name -> time spent on its answers

    def client(self, persona: str) -> Client:
        return self.world.client(persona)

    def get(self, client: Client, persona: str, url: str, **headers: str) -> Answer:
        started = time.monotonic()
        if url.startswith("/api/") and persona in self.bearer:
            headers["Authorization"] = f"Bearer {self.bearer[persona]}"
        response = client.get(url, headers=headers)
        if getattr(response, "streaming", False):
            content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        else:
            content = response.content
        text = c.extract_text(content, response.get("Content-Type", ""))
        text += "\n" + response.get("Location", "") + "\n" + response.get("Content-Disposition", "")
        self.answers += 1
        self.urls.add(url.split("?")[0])
        self.statuses[response.status_code] += 1
        answer = Answer(persona, url, response.status_code, text)
        self.check(answer)
        self.seconds[self.route] += time.monotonic() - started
        return answer

    def check(self, answer: Answer) -> None:
        for match in self.finder.finditer(answer.text):
            index = int(next(k for k, v in match.groupdict().items() if v)[1:])
            sentinel = self.canary.sentinels[index]
            self.found[index] += 1 if answer.persona in sentinel.allowed else 0
            if answer.persona not in sentinel.allowed:
                self.leaks.append(
                    f"{answer.persona} GET {answer.url} -> {answer.status}: "
                    f"{sentinel.country} {sentinel.kind} {sentinel.text!r}"
                )
        # Any other trace of a country's canary (a truncated token, a slug) is a leak too
        # when the persona is in none of that country's audiences.
        for match in re.finditer(r"canary(jor|lbn|mli)", answer.text, re.IGNORECASE):
            country = match.group(1).upper()
            audiences = set().union(
                *(s.allowed for s in self.canary.sentinels if s.country == country)
            )
            if answer.persona not in audiences:
                self.leaks.append(
                    f"{answer.persona} GET {answer.url} -> {answer.status}: trace of {country}"
                )

    def sweep(self, routes: list[Route]) -> None:
        values = _values(self.canary)
        api = api_queries(self.client("admin"))
        plain = [r for r in routes if not r.params]
        with_args = [r for r in routes if r.params]
        for persona in PERSONAS:
            client = self.client(persona)
            for route in plain:
                self.route = route.name
                url = "/" + route.route
                first = self.get(client, persona, url)
                self.get(client, persona, f"{url}?q=CANARY")
                if "hx-" in first.text:
                    self.get(client, persona, url, HX_Request="true")
                if first.status == 200 and "<form" in first.text:
                    for query in filter_queries(first.text):
                        self.get(client, persona, f"{url}?{urlencode(query)}")
                for query in api.get(url, []):
                    self.get(client, persona, f"{url}?{urlencode(query)}")
            for route in with_args:
                self.route = route.name
                for url in urls_for(route, values):
                    self.get(client, persona, url)


def test_no_persona_finds_another_countrys_sentinel(world: World, capsys: Any) -> None:
    started = time.monotonic()
    canary = c.seed(world)
    routes = all_routes()
    seeded = time.monotonic() - started
    sweeper = Sweeper(world, canary)
    quiet = [logging.getLogger(name) for name in ("django.request", "django.security", "axes")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:
        logger.setLevel(logging.CRITICAL)
    try:
        sweeper.sweep(routes)
    finally:
        for logger, level in zip(quiet, levels, strict=True):
            logger.setLevel(level)

    with capsys.disabled():
        print(
            f"\ncanary sweep: {len(sweeper.leaks)} sentinels of other countries in "
            f"{sweeper.answers} responses "
            f"({len(PERSONAS)} personas, {len(sweeper.urls)} URLs, {len(routes)} URL patterns, "
            f"{len(canary.sentinels)} sentinels, {time.monotonic() - started:.0f} s)"
        )
        slowest = ", ".join(f"{n} {t:.1f} s" for n, t in sweeper.seconds.most_common(8))
        print(f"canary sweep: slowest URL patterns: {slowest}; seeding {seeded:.0f} s")
        print(f"canary sweep: answers by status {dict(sweeper.statuses)}")
    assert not sweeper.leaks, "Sentinels found outside their audience:\n" + "\n".join(
        sorted(set(sweeper.leaks))[:80]
    )
    # Not vacuous: every sentinel (each kind of record, each country) is found by its audience.
    unseen = [
        f"{s.country} {s.kind} ({s.text})"
        for i, s in enumerate(canary.sentinels)
        if sweeper.found[i] == 0 and not os.environ.get("CANARY_PERSONAS")
    ]
    assert not unseen, f"Sentinels nobody in their audience found: {unseen}"
    assert sweeper.statuses[200] > 100 and sweeper.statuses[404] > 100, sweeper.statuses
