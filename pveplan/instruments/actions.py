"""Every change to the registries of instruments and to the links from plan nodes to them.

Typed keyword-only functions; each checks the permission (a refusal is audited), checks the
version it was given (optimistic locking), runs in one transaction and writes one audit event.
Views, the API and management commands call these; nothing else writes instruments or links.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pveplan.accounts.models import Organization
from pveplan.core import audit
from pveplan.core.errors import ConflictError
from pveplan.core.i18n import UN_LANGUAGES, build_multilingual
from pveplan.core.permissions import PLANS_WRITE
from pveplan.core.uploads import DEFAULT_MAX_BYTES, check_upload, safe_filename
from pveplan.instruments.models import (
    FILE_KINDS,
    REGISTRY_KINDS,
    Harmonization,
    InstrumentStatus,
    InstrumentType,
    LegalInstrument,
    NodeInstrumentLink,
)
from pveplan.instruments.queries import linkable_filter
from pveplan.plans.actions.registry import require_permission
from pveplan.plans.models import PlanNode

MAX_FILE_BYTES = DEFAULT_MAX_BYTES  # 20 MB
LINK_MAX_LENGTH = 500

# The fields recorded before/after in the audit log.
AUDITED_FIELDS = [
    "owner_id",
    "title",
    "original_language",
    "type",
    "reference_number",
    "date_adopted",
    "status",
    "link",
    "file",
    "file_name",
    "file_kind",
    "notes",
]
LINK_FIELDS = ["node_id", "instrument_id", "harmonization", "note"]


def web_link(value: str) -> str:
    """`value` as a stored link: empty, or an http(s) address with its scheme in lower case.

    Raises ValidationError for anything else (javascript:, file:, ftp:, bare words...).
    """
    value = value.strip()
    if not value:
        return ""
    if len(value) > LINK_MAX_LENGTH:
        raise ValidationError(
            _("A link has at most %(max)s characters.") % {"max": LINK_MAX_LENGTH}
        )
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(_("Give a web address starting with http:// or https://.")) from None
    scheme, rest = value.split("://", 1)
    return f"{scheme.lower()}://{rest}"


@dataclass
class InstrumentInput:
    """What a user gives for an instrument. `file` is a new upload that replaces any file."""

    titles: dict[str, str]
    original_language: str
    type: str
    status: str = InstrumentStatus.IN_FORCE
    reference_number: str = ""
    date_adopted: datetime.date | None = None
    link: str = ""
    notes: str = ""
    file: Any = None
    remove_file: bool = False

    def cleaned(self, owner: Organization, instance_pk: int | None = None) -> tuple[str, str]:
        """The stored link and the detected kind of the uploaded file ("" without one).

        Raises ValidationError with every problem, keyed by the field to blame.
        """
        errors: dict[str, list[str]] = {}

        def add(name: str, message: str) -> None:
            errors.setdefault(name, []).append(message)

        if self.original_language not in UN_LANGUAGES:
            add("original_language", _("Choose one of the six UN languages."))
        elif not self.titles.get(self.original_language, "").strip():
            add(
                f"title_{self.original_language}",
                _("Give the title in the language of the original."),
            )
        if self.type not in InstrumentType.values:
            add("type", _("Choose a type."))
        if self.status not in InstrumentStatus.values:
            add("status", _("Choose a status."))
        if len(self.reference_number.strip()) > 100:
            add("reference_number", _("A reference number has at most 100 characters."))
        elif self._duplicate_reference(owner, instance_pk):
            add(
                "reference_number",
                _("This registry already has an instrument of this type with this number."),
            )
        if self.date_adopted is not None and self.date_adopted > datetime.date.today():
            add("date_adopted", _("The date adopted cannot be in the future."))
        link = ""
        try:
            link = web_link(self.link)
        except ValidationError as error:
            add("link", error.messages[0])
        kind = ""
        if self.file is not None:
            try:
                kind = check_upload(self.file, kinds=set(FILE_KINDS), max_bytes=MAX_FILE_BYTES)
            except ValidationError as error:
                add("file", error.messages[0])
        if errors:
            raise ValidationError(errors)
        return link, kind

    def _duplicate_reference(self, owner: Organization, instance_pk: int | None) -> bool:
        number = self.reference_number.strip()
        if not number:
            return False
        same = LegalInstrument.objects.filter(owner=owner, type=self.type, reference_number=number)
        if instance_pk is not None:
            same = same.exclude(pk=instance_pk)
        return same.exists()


def _apply(instrument: LegalInstrument, data: InstrumentInput, link: str) -> None:
    instrument.original_language = data.original_language
    instrument.title = build_multilingual(data.titles, data.original_language, instrument.title)
    instrument.type = data.type
    instrument.status = data.status
    instrument.reference_number = data.reference_number.strip()
    instrument.date_adopted = data.date_adopted
    instrument.link = link
    instrument.notes = data.notes.strip()
    instrument.search_text = " ".join(
        [*data.titles.values(), instrument.reference_number]
    ).casefold()


def _store_file(instrument: LegalInstrument, upload: Any, kind: str) -> str:
    """Write the upload to storage under a safe name; return the stored path."""
    name = safe_filename(str(getattr(upload, "name", "") or ""), kind)
    upload.seek(0)
    instrument.file.save(name, upload, save=False)
    instrument.file_name = name
    instrument.file_kind = kind
    return str(instrument.file.name)


def _delete_file_after_commit(instrument: LegalInstrument, name: str) -> None:
    storage = instrument.file.storage
    transaction.on_commit(lambda: storage.delete(name))


def _forget_stored(instrument: LegalInstrument, name: str) -> None:
    """Remove a file written by a write that failed, so nothing is left behind."""
    if name:
        instrument.file.storage.delete(name)


def instrument_create(*, owner: Organization, by: Any, data: InstrumentInput) -> LegalInstrument:
    """Add an instrument to `owner`'s registry (a Member State or a regional organization)."""
    on_behalf = require_permission(by, PLANS_WRITE, owner, "instrument.create")
    if owner.kind not in REGISTRY_KINDS:
        raise ValidationError(
            {"owner": [_("A registry belongs to a Member State or a regional organization.")]}
        )
    link, kind = data.cleaned(owner)
    instrument = LegalInstrument(
        owner=owner, created_by=by if getattr(by, "is_authenticated", False) else None
    )
    _apply(instrument, data, link)
    stored = ""
    try:
        with transaction.atomic():
            if data.file is not None:
                stored = _store_file(instrument, data.file, kind)
            instrument.save()
            audit.record(
                action="instrument.create",
                actor=by,
                on_behalf_of=on_behalf,
                obj=instrument,
                after=audit.snapshot(instrument, AUDITED_FIELDS),
            )
    except BaseException:
        _forget_stored(instrument, stored)
        raise
    return instrument


def _locked(instrument: LegalInstrument, expected_version: int) -> LegalInstrument:
    current = (
        LegalInstrument.objects.select_for_update().select_related("owner").get(pk=instrument.pk)
    )
    if current.version != expected_version:
        raise ConflictError(instrument.pk)
    return current


def instrument_update(
    *, instrument: LegalInstrument, by: Any, data: InstrumentInput, expected_version: int
) -> LegalInstrument:
    """Change an instrument; a new file replaces the old one, which is removed after commit.
    Fails with ConflictError if someone else changed it first."""
    on_behalf = require_permission(
        by, PLANS_WRITE, instrument.owner, "instrument.update", instrument
    )
    link, kind = data.cleaned(instrument.owner, instrument.pk)
    stored = ""
    try:
        with transaction.atomic():
            current = _locked(instrument, expected_version)
            before = audit.snapshot(current, AUDITED_FIELDS)
            old_file = str(current.file.name or "")
            _apply(current, data, link)
            if data.file is not None:
                stored = _store_file(current, data.file, kind)
            elif data.remove_file:
                current.file = ""
                current.file_name = ""
                current.file_kind = ""
            if old_file and (stored or data.remove_file):
                _delete_file_after_commit(current, old_file)
            current.version += 1
            current.save()
            changed_before, changed_after = audit.diff(
                before, audit.snapshot(current, AUDITED_FIELDS)
            )
            audit.record(
                action="instrument.update",
                actor=by,
                on_behalf_of=on_behalf,
                obj=current,
                before=changed_before,
                after=changed_after,
            )
    except BaseException:
        _forget_stored(instrument, stored)
        raise
    return current


def instrument_delete(*, instrument: LegalInstrument, by: Any, expected_version: int) -> None:
    """Remove an instrument (and its file, after commit). Refused while plan items link to it:
    the plan would silently lose the framework it relies on."""
    on_behalf = require_permission(
        by, PLANS_WRITE, instrument.owner, "instrument.delete", instrument
    )
    with transaction.atomic():
        current = _locked(instrument, expected_version)
        linked = NodeInstrumentLink.objects.filter(instrument=current).count()
        if linked:
            raise ValidationError(
                ngettext(
                    "This instrument is linked to %(count)d plan item; unlink it there first.",
                    "This instrument is linked to %(count)d plan items; unlink them there first.",
                    linked,
                )
                % {"count": linked}
            )
        audit.record(
            action="instrument.delete",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=audit.snapshot(current, AUDITED_FIELDS),
        )
        if current.file:
            _delete_file_after_commit(current, str(current.file.name))
        current.delete()


def _check_link(harmonization: str, note: str) -> None:
    errors: dict[str, list[str]] = {}
    if harmonization not in Harmonization.values:
        errors["harmonization"] = [_("Choose aligned, needs amendment or conflicts.")]
    elif harmonization != Harmonization.ALIGNED and not note.strip():
        errors["note"] = [_("Say why the plan must change this instrument.")]
    if errors:
        raise ValidationError(errors)


def node_instrument_link(
    *, node: PlanNode, instrument: LegalInstrument, by: Any, harmonization: str, note: str = ""
) -> NodeInstrumentLink:
    """Link a plan node to an instrument of the plan's own registry (a regional plan: also its
    member States'), saying whether the plan relies on it or must change it."""
    plan = node.plan
    on_behalf = require_permission(by, PLANS_WRITE, plan.owner, "node_instrument.link", node)
    _check_link(harmonization, note)
    allowed = (
        LegalInstrument.objects.visible_to(by)
        .filter(linkable_filter(plan), pk=instrument.pk)
        .exists()
    )
    if not allowed:
        raise ValidationError(
            {
                "instrument": [
                    _(
                        "Choose an instrument of the plan's own country (for a regional plan: of "
                        "its regional organization or of its member States)."
                    )
                ]
            }
        )
    with transaction.atomic():
        # Lock the instrument, so it cannot be deleted while it is being linked.
        locked = LegalInstrument.objects.select_for_update().get(pk=instrument.pk)
        if NodeInstrumentLink.objects.filter(node=node, instrument=locked).exists():
            raise ValidationError(
                {"instrument": [_("This item is already linked to this instrument.")]}
            )
        link = NodeInstrumentLink.objects.create(
            node=node,
            instrument=locked,
            harmonization=harmonization,
            note=note.strip(),
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        audit.record(
            action="node_instrument.link",
            actor=by,
            on_behalf_of=on_behalf,
            obj=link,
            after=audit.snapshot(link, LINK_FIELDS),
        )
    return link


def _locked_link(link: NodeInstrumentLink, expected_version: int) -> NodeInstrumentLink:
    current = NodeInstrumentLink.objects.select_for_update().get(pk=link.pk)
    if current.version != expected_version:
        raise ConflictError(link.pk)
    return current


def node_instrument_update(
    *,
    link: NodeInstrumentLink,
    by: Any,
    harmonization: str,
    note: str,
    expected_version: int,
) -> NodeInstrumentLink:
    """Change a link's harmonization and note; fails if someone else changed it first."""
    plan = link.node.plan
    on_behalf = require_permission(by, PLANS_WRITE, plan.owner, "node_instrument.update", link)
    _check_link(harmonization, note)
    with transaction.atomic():
        current = _locked_link(link, expected_version)
        before = audit.snapshot(current, LINK_FIELDS)
        current.harmonization = harmonization
        current.note = note.strip()
        current.version += 1
        current.save()
        changed_before, changed_after = audit.diff(before, audit.snapshot(current, LINK_FIELDS))
        audit.record(
            action="node_instrument.update",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=changed_before,
            after=changed_after,
        )
    return current


def node_instrument_unlink(*, link: NodeInstrumentLink, by: Any, expected_version: int) -> None:
    """Remove a link between a plan node and an instrument."""
    plan = link.node.plan
    on_behalf = require_permission(by, PLANS_WRITE, plan.owner, "node_instrument.unlink", link)
    with transaction.atomic():
        current = _locked_link(link, expected_version)
        audit.record(
            action="node_instrument.unlink",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=audit.snapshot(current, LINK_FIELDS),
        )
        current.delete()
