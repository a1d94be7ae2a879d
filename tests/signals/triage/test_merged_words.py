"""After a merge: every submitter's words stay with staff, and each person keeps their reference."""

from __future__ import annotations

import re

import pytest

from stem.core.db import db
from stem.signals.triage import merge, replies
from tests import factories
from tests.signals.triage_helpers import page, reload, replies_queued, signal

FSI, PDI = "\u2068", "\u2069"


@pytest.fixture
def staff():
    return factories.create_user("staff")


def test_staff_see_every_submitters_words_each_in_its_language(client, login_as):
    staff = login_as("staff", locale="nl")
    first = factories.create_user("member", locale="nl")
    second = factories.create_user("member", locale="ar")
    survivor = signal(
        submitter=first, body="De les in Overvecht is weer afgezegd.", reference="S-2026-00101"
    )
    duplicate = signal(
        submitter=second, body="ألغيت الدروس في أوفرفيخت مرة أخرى.", reference="S-2026-00102"
    )
    merge.merge(staff, duplicate, survivor)
    db.session.commit()
    html = page(client.get(f"/staff/signals/{survivor.id}"))
    assert "De les in Overvecht is weer afgezegd." in html
    # The merged member's own words, marked as Arabic.
    assert re.search(r'lang="ar" dir="auto">ألغيت الدروس في أوفرفيخت مرة أخرى.<', html)
    # The history links the merged reference.
    assert re.search(
        rf'href="/staff/signals/{duplicate.id}"><bdi dir="ltr">S-2026-00102</bdi></a> is hierin samengevoegd',
        html,
    )


def test_the_merged_member_reads_her_own_reference_and_the_reply(client, login_as, staff):
    owner = factories.create_user("member", email="een@example.nl")
    survivor = signal(submitter=owner, reference="S-2026-00201")
    duplicate = signal(reference="S-2026-00202")  # a new member of her own, locale nl
    member = duplicate.submitters[0].user
    member.email = "twee@example.nl"
    merge.merge(staff, duplicate, survivor)
    replies.write_reply(staff, reload(survivor), {"nl": "We hebben de taalschool gebeld."})
    mails = {m.recipient: m for m in replies_queued()}
    assert "S-2026-00202" in mails["twee@example.nl"].body
    assert "S-2026-00201" not in mails["twee@example.nl"].body
    assert "S-2026-00202" in mails["twee@example.nl"].subject
    assert "/my/signals/S-2026-00202" in mails["twee@example.nl"].body
    assert "S-2026-00201" in mails["een@example.nl"].body
    db.session.commit()
    login_as(member)
    html = page(client.get("/my/signals/S-2026-00202"))
    assert "We hebben de taalschool gebeld." in html
    assert "Er is nog geen antwoord" not in html


def test_a_member_merged_into_an_answered_signal_gets_her_own_reference(staff):
    survivor = signal(reference="S-2026-00301")
    replies.write_reply(staff, survivor, {"nl": "Opgelost."})
    duplicate = signal(reference="S-2026-00302")
    merge.merge(staff, duplicate, reload(survivor))
    late = replies_queued()[-1]
    assert "S-2026-00302" in late.body
    assert "S-2026-00301" not in late.body
