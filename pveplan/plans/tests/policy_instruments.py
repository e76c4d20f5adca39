"""Who may open and change the registries of instruments, a plan's legal framework and the links
from plan nodes to instruments (merged into test_permission_matrix).

A registry is read by its country's team and the global roles only, whatever the plan's
sensitivity: personas who see a public or partners' plan without being in its country's team get
403; those who do not see the plan get 404. Every page needs an account (anonymous: 302).
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from pveplan.instruments.models import LegalInstrument, NodeInstrumentLink
from pveplan.instruments.tests.helpers import PDF, make_instrument
from pveplan.plans.tests.policy_structure import node_of
from pveplan.plans.tests.test_permission_matrix import (
    CONFIDENTIAL_A_WRITE_GET,
    PUBLIC_A_WRITE_GET,
    expect,
)
from pveplan.testing import World, org

A_READ = expect(404, anonymous=302, a_viewer=200, a_editor=200, a_focal=200, unoct=200, admin=200)
# The plan is in sight of partners (or of everyone), its registry is not.
A_PARTNERS_READ = expect(
    404,
    anonymous=302,
    a_viewer=200,
    a_editor=200,
    a_focal=200,
    unoct=200,
    admin=200,
    un_staff=403,
    donor=403,
)
A_PUBLIC_READ = expect(
    403, anonymous=302, a_viewer=200, a_editor=200, a_focal=200, unoct=200, admin=200
)
B_READ = expect(404, anonymous=302, b_editor=200, unoct=200, admin=200)
# A processed write answers with a redirect.
A_WRITE_POST = expect(
    404, anonymous=302, a_viewer=403, a_editor=302, a_focal=302, unoct=302, admin=302
)
PUBLIC_A_WRITE_POST = expect(403, anonymous=302, a_editor=302, a_focal=302, unoct=302, admin=302)
B_WRITE_POST = expect(404, anonymous=302, b_editor=302, unoct=302, admin=302)
# A link on a public plan: outsiders see the plan but not the instrument, so not the link.
PUBLIC_LINK_WRITE_POST = expect(
    404, anonymous=302, a_viewer=403, a_editor=302, a_focal=302, unoct=302, admin=302
)

POLICY_FILE = "instruments/policy-matrix/law.pdf"


def instrument_of(world: World, country: str = "jor", with_file: bool = False) -> LegalInstrument:
    """The country's first instrument, made by the administrator the first time it is asked for.

    With a file: one fixed small PDF in storage, shared by every run (the matrix cannot clean up).
    """
    instrument = LegalInstrument.objects.filter(owner__code=country).order_by("pk").first()
    if instrument is None:
        instrument = make_instrument(world, org(country))
    if with_file and not instrument.file:
        if not default_storage.exists(POLICY_FILE):
            default_storage.save(POLICY_FILE, ContentFile(PDF))
        LegalInstrument.objects.filter(pk=instrument.pk).update(
            file=POLICY_FILE, file_name="law.pdf", file_kind="pdf"
        )
    return instrument


def link_of(world: World, plan: str) -> NodeInstrumentLink:
    node = node_of(world, plan)
    existing = NodeInstrumentLink.objects.filter(node=node).first()
    if existing is not None:
        return existing
    return NodeInstrumentLink.objects.create(
        node=node, instrument=instrument_of(world), harmonization="aligned"
    )


def _in_registry(plan: str, country: str = "jor") -> Any:
    return lambda world: {
        "plan_pk": world.plans[plan].pk,
        "pk": instrument_of(world, country).pk,
    }


def _file(country: str) -> Any:
    return lambda world: {"pk": instrument_of(world, country, with_file=True).pk}


def _node(plan: str) -> Any:
    return lambda world: {"pk": node_of(world, plan).pk}


def _link(plan: str) -> Any:
    return lambda world: {"pk": link_of(world, plan).pk}


def _edit(world: World) -> dict[str, Any]:
    instrument = instrument_of(world)
    return {
        "original_language": "ar",
        "title_ar": "قانون معدل",
        "type": "law",
        "status": "amended",
        "version": instrument.version,
    }


def _version(world: World) -> dict[str, Any]:
    return {"version": instrument_of(world).version}


def _link_data(world: World) -> dict[str, Any]:
    return {"instrument": instrument_of(world).pk, "harmonization": "aligned"}


def _link_edit(plan: str) -> Any:
    return lambda world: {
        "harmonization": "conflicts",
        "note": "Article 3 criminalizes speech the plan protects.",
        "version": link_of(world, plan).version,
    }


def _link_version(plan: str) -> Any:
    return lambda world: {"version": link_of(world, plan).version}


NEW_INSTRUMENT = {
    "original_language": "en",
    "title_en": "National strategy on youth",
    "type": "strategy",
    "status": "in_force",
}

POLICY: dict[str, list[tuple[Any, ...]]] = {
    "instruments:registry": [
        ("get", "a_confidential", A_READ),
        ("get", "a_partners", A_PARTNERS_READ),
        ("get", "a_public", A_PUBLIC_READ),
        ("get", "b_confidential", B_READ),
    ],
    "instruments:framework": [
        ("get", "a_confidential", A_READ),
        ("get", "a_partners", A_PARTNERS_READ),
        ("get", "a_public", A_PUBLIC_READ),
        ("get", "b_confidential", B_READ),
    ],
    "instruments:instrument_add": [
        ("get", "a_confidential", CONFIDENTIAL_A_WRITE_GET),
        ("get", "a_public", PUBLIC_A_WRITE_GET),
        ("post", "a_confidential", A_WRITE_POST, NEW_INSTRUMENT),
        ("post", "a_public", PUBLIC_A_WRITE_POST, NEW_INSTRUMENT),
        ("post", "b_confidential", B_WRITE_POST, NEW_INSTRUMENT),
    ],
    "instruments:instrument_edit": [
        ("get", _in_registry("a_confidential"), CONFIDENTIAL_A_WRITE_GET),
        ("get", _in_registry("a_public"), PUBLIC_A_WRITE_GET),
        ("post", _in_registry("a_confidential"), A_WRITE_POST, _edit),
        # Another country's instrument through this plan's registry: never found.
        ("get", _in_registry("a_confidential", "lbn"), expect(404, anonymous=302, a_viewer=403)),
    ],
    "instruments:instrument_delete": [
        ("get", _in_registry("a_confidential"), CONFIDENTIAL_A_WRITE_GET),
        ("post", _in_registry("a_confidential"), A_WRITE_POST, _version),
        ("post", _in_registry("a_public"), PUBLIC_A_WRITE_POST, _version),
    ],
    "instruments:instrument_file": [
        ("get", _file("jor"), A_READ),
        ("get", _file("lbn"), B_READ),
    ],
    "instruments:node": [
        ("get", _node("a_confidential"), A_READ),
        ("get", _node("a_public"), A_PUBLIC_READ),
        ("get", _node("b_confidential"), B_READ),
        ("post", _node("a_confidential"), A_WRITE_POST, _link_data),
        ("post", _node("a_public"), PUBLIC_A_WRITE_POST, _link_data),
    ],
    "instruments:link_edit": [
        ("post", _link("a_confidential"), A_WRITE_POST, _link_edit("a_confidential")),
        ("post", _link("a_public"), PUBLIC_LINK_WRITE_POST, _link_edit("a_public")),
    ],
    "instruments:link_delete": [
        ("post", _link("a_confidential"), A_WRITE_POST, _link_version("a_confidential")),
        ("post", _link("a_public"), PUBLIC_LINK_WRITE_POST, _link_version("a_public")),
    ],
}
