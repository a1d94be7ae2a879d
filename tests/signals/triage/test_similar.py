"""Similar signals while triaging, and merging duplicates into one."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from stem.core.db import db, utcnow
from stem.signals.models import Signal, SignalAttachment
from stem.signals.triage import merge, replies, similar
from stem.signals.triage import services as triage
from tests import factories
from tests.signals.triage_helpers import (
    commitment,
    events,
    page,
    reload,
    replies_queued,
    signal,
    text,
)


@pytest.fixture
def staff():
    return factories.create_user("staff")


@pytest.fixture
def theme():
    return factories.create_theme()


def _found(target: Signal) -> list[str]:
    return [item.signal.reference for item in similar.similar_signals(target)]


# --- similar signals ------------------------------------------------------------------------


def test_a_reworded_duplicate_comes_first(theme):
    target = signal(theme=theme, body="De taalschool in Overvecht zegt steeds de lessen af.")
    reworded = signal(theme=theme, body="Taalschool Overvecht: de lessen worden steeds afgezegd!")
    unrelated = signal(
        theme=theme, body="Mijn huurtoeslag is te laat betaald door de Belastingdienst."
    )
    found = _found(target)
    assert found[0] == reworded.reference
    assert unrelated.reference not in found
    assert target.reference not in found


def test_accents_case_and_order_do_not_matter(theme):
    target = signal(theme=theme, body="Het Welkomhuis is op zaterdag dicht, café ook.")
    same = signal(theme=theme, body="CAFE ook dicht; het welkomhuis is OP ZATERDAG dicht")
    assert _found(target)[:1] == [same.reference]


def test_across_languages_shared_names_count(theme):
    target = signal(
        theme=theme, body="De bus naar het Welkomhuis in Overvecht rijdt niet op zondag."
    )
    english = signal(
        theme=theme, body="The bus to the Welkomhuis in Overvecht does not run on Sunday."
    )
    other = signal(theme=theme, body="Ik wacht al drie maanden op een afspraak bij DUO.")
    found = _found(target)
    assert english.reference in found
    assert other.reference not in found


def test_other_themes_count_only_while_open(theme):
    body = "Er is geen kinderopvang tijdens de taalles in Kanaleneiland."
    target = signal(theme=theme, body=body)
    open_elsewhere = signal(body=body + " Echt niet.")
    closed_elsewhere = signal(body=body, status="closed")
    found = _found(target)
    assert open_elsewhere.reference in found
    assert closed_elsewhere.reference not in found


def test_merged_signals_are_not_suggested(theme, staff):
    body = "De leerbaarheidstoets klopte niet met wat de coach van mij zag."
    target, survivor, duplicate = (signal(theme=theme, body=body) for _ in range(3))
    merge.merge(staff, duplicate, survivor)
    assert _found(target) == [survivor.reference]


def test_empty_or_unique_text_finds_nothing(theme):
    signal(theme=theme, body="Iets heel anders over huisvesting en de woningcorporatie.")
    assert similar.similar_signals(signal(theme=theme, body="?!")) == []
    assert similar.similar_signals(signal(theme=theme, body="Zzzxq vvvw")) == []


def test_normalise_folds_case_accents_and_arabic_marks():
    assert similar.normalise("Café ÉÉN, Welkomhuis!") == similar.normalise("cafe een  welkomhuis ")
    assert similar.normalise("مَرْحَبًا") == similar.normalise("مرحبا")


# --- merging ----------------------------------------------------------------------------------


def test_the_survivor_keeps_every_submitter_file_and_link(staff):
    member, partner = factories.create_user("member"), factories.create_user("partner")
    survivor = signal(submitter=member)
    duplicate = signal(submitter=partner)
    db.session.add(
        SignalAttachment(
            signal_id=duplicate.id,
            filename="foto.jpg",
            content_type="image/jpeg",
            size=10,
            sha256="0" * 64,
            storage_key="k-merge-test",
            created_at=utcnow(),
        )
    )
    t40, t37 = commitment("21/T40"), commitment("21/T37")
    triage.link_commitment(staff, survivor, t37)
    triage.link_commitment(staff, duplicate, t40)
    triage.link_commitment(staff, duplicate, t37)

    merge.merge(
        staff, duplicate, survivor, version=duplicate.version, survivor_version=survivor.version
    )

    survivor, duplicate = reload(survivor), db.session.get(Signal, duplicate.id)
    assert {s.user_id for s in survivor.submitters} == {member.id, partner.id}
    assert [a.filename for a in survivor.attachments] == ["foto.jpg"]
    assert sorted(c.code for c in survivor.commitments) == ["21/T37", "21/T40"]
    assert duplicate.status == "merged"
    assert duplicate.merged_into_id == survivor.id
    assert duplicate.closed_at is not None
    assert duplicate.submitters == []
    assert duplicate.attachments == []
    assert [e.new for e in events(duplicate, "merge")] == [survivor.reference]
    assert [e.new for e in events(survivor, "merged_from")] == [duplicate.reference]
    assert [e.new for e in events(survivor, "link")][-1] == "21/T40"


@pytest.mark.parametrize("case", ["itself", "into_merged", "already_merged", "unknown"])
def test_impossible_merges_are_refused(staff, case):
    a, b, c = signal(), signal(), signal()
    merge.merge(staff, c, b)  # c is merged into b
    duplicate, survivor = {
        "itself": (a, a),
        "into_merged": (a, c),
        "already_merged": (c, a),
        "unknown": (a, None),
    }[case]
    before = reload(a).version
    with pytest.raises(merge.MergeError):
        merge.merge(staff, duplicate, survivor)
    assert reload(a).status == "new"
    assert reload(a).version == before


def test_no_chains_earlier_merges_move_on(staff):
    first, middle, last = signal(), signal(), signal()
    merge.merge(staff, first, middle)
    merge.merge(staff, middle, last)
    assert db.session.get(Signal, first.id).merged_into_id == last.id
    assert db.session.get(Signal, middle.id).merged_into_id == last.id
    assert len(reload(last).submitters) == 3


def test_joining_an_answered_signal_brings_the_reply(staff):
    survivor = signal()
    replies.write_reply(staff, survivor, {"nl": "De lessen gaan weer door."})
    before = len(replies_queued())
    latecomer = factories.create_user("member", email="laat@example.nl")
    merge.merge(staff, signal(submitter=latecomer), reload(survivor))
    sent = replies_queued()[before:]
    assert [m.recipient for m in sent] == ["laat@example.nl"]
    assert "De lessen gaan weer door." in sent[0].body


# --- the merge pages ------------------------------------------------------------------------------


def test_merge_via_the_confirmation_page(client, login_as):
    login_as("staff")
    duplicate = signal(body="Dubbel signaal over de bus.")
    survivor = signal(body="Het eerste signaal over de bus.")
    db.session.commit()
    response = client.get(f"/staff/signals/{duplicate.id}/merge?into={survivor.reference.lower()}")
    html = page(response)
    assert response.status_code == 200
    assert "Dubbel signaal over de bus." in html
    assert "Het eerste signaal over de bus." in html
    assert reload(duplicate).status == "new"  # looking changes nothing
    response = client.post_form(
        f"/staff/signals/{duplicate.id}/merge?into_id={survivor.id}",
        {"version": duplicate.version, "into_version": survivor.version},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/staff/signals/{survivor.id}")
    assert reload(duplicate).status == "merged"


def test_merge_page_explains_what_is_wrong(client, login_as):
    login_as("staff")
    s = signal()
    db.session.commit()
    response = client.get(f"/staff/signals/{s.id}/merge?into={s.reference}")
    assert response.status_code == 400
    assert text(
        "Een signaal kan niet met zichzelf worden samengevoegd. Kies een ander signaal."
    ) in page(response)
    response = client.get(f"/staff/signals/{s.id}/merge?into=S-0000-NOPE")
    assert response.status_code == 400
    assert text("Er is geen signaal met deze referentie. Controleer de referentie.") in page(
        response
    )
    response = client.post_form(f"/staff/signals/{s.id}/merge?into_id=999999", {"version": 1})
    assert response.status_code == 404
    response = client.post_form(
        f"/staff/signals/{s.id}/merge?into_id={s.id}",
        {"version": s.version, "into_version": s.version},
    )
    assert response.status_code == 400
    assert reload(s).status == "new"
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Signal).where(Signal.status == "merged")
        )
        == 0
    )


def test_triage_page_lists_similar_signals_with_a_merge_link(client, login_as, theme):
    login_as("staff")
    target = signal(theme=theme, body="De taalschool in Overvecht zegt steeds de lessen af.")
    twin = signal(theme=theme, body="Taalschool Overvecht zegt de lessen steeds af.")
    db.session.commit()
    html = page(client.get(f"/staff/signals/{target.id}"))
    assert twin.reference in html
    assert f"/staff/signals/{target.id}/merge?into={twin.reference}" in html
