"""Word back: the people who raised a signal hear, once a day at most, what became of it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from stem.actions import links, services, updates, word_back
from stem.actions.models import ActionEvent, WordBackEvent
from stem.actions.services import TextInput
from stem.actions.word_back_job import _pending, people_with_news, queue_word_back, send_bundles
from stem.core.db import db
from stem.notify.models import OutboxMessage
from stem.signals.triage import merge
from tests import factories
from tests.actions.helpers import action_input, create_action

NOON = datetime(2027, 1, 15, 11, 0, tzinfo=UTC)


def _messages(kind="word_back"):
    return db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == kind)).all()


def _public_action(staff, signal, **texts):
    action = create_action(staff, public=True, texts={"nl": TextInput("Taalcafé in het Welkomhuis"), **texts})
    links.link_signal(staff, action, signal)
    db.session.flush()
    return action


def _update(staff, action, happened="De eerste oefengroep is gestart.", public=True, **others):
    texts = {"nl": updates.UpdateText(happened, "Een tweede groep op woensdag.")}
    texts.update(others)
    return updates.post_update(staff, action, happened_on=date(2027, 1, 15), next_on=None,
                               public=public, texts=texts)


def test_three_updates_make_one_message_per_person_per_day(app):
    staff = factories.create_user("staff")
    member = factories.create_user("member", locale="nl")
    signal = factories.create_signal(submitter=member)
    action = _public_action(staff, signal)
    _update(staff, action, "Eerste stap gezet.")
    _update(staff, action, "Tweede stap gezet.")
    services.update_action(staff, action, action_input(staff, status="done", public=True),
                           version=action.version)
    assert queue_word_back(NOON) == 1
    [message] = _messages()
    assert message.recipient == member.email
    assert "Eerste stap gezet." in message.body
    assert "Tweede stap gezet." in message.body
    assert "Deze vervolgactie is klaar." in message.body
    assert signal.reference in message.body
    assert f"/my/signals/{signal.reference}" in message.body
    # News later the same day waits for tomorrow; it is not lost.
    _update(staff, action, "Nog een stap.")
    assert queue_word_back(NOON) == 0
    assert len(_messages()) == 1
    assert queue_word_back(NOON + timedelta(days=1)) == 1
    assert "Nog een stap." in _messages()[-1].body


def test_internal_unapproved_and_internal_actions_send_nothing(app):
    staff = factories.create_user("staff")
    partner = factories.create_user("partner")
    signal = factories.create_signal()
    action = _public_action(staff, signal)
    action.owner_organisation, action.owner_department = partner.organisation, ""
    _update(staff, action, public=False)  # internal update
    partner_update = updates.post_update(
        partner, action, happened_on=date(2027, 1, 15), next_on=None, public=True,
        texts={"nl": updates.UpdateText("De partner meldt iets.")},
    )
    assert partner_update.state == "submitted"
    internal = create_action(staff, public=False)
    links.link_signal(staff, internal, signal)
    _update(staff, internal)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(WordBackEvent)) == 0
    assert queue_word_back(NOON) == 0
    # Once staff approve the partner's public update, it is news.
    updates.approve_update(staff, partner_update)
    assert queue_word_back(NOON) == 1


def test_news_waits_for_a_translation_and_staff_see_it(app):
    staff = factories.create_user("staff")
    member = factories.create_user("member", locale="ar")
    signal = factories.create_signal(submitter=member)
    action = _public_action(staff, signal)
    _update(staff, action)
    assert queue_word_back(NOON) == 0  # nothing in Dutch silently
    [(lang, count)] = word_back.held_back(action)
    assert (lang.code, count) == ("ar", 1)
    # With the Arabic texts written and reviewed, the news goes out in Arabic.
    action.texts.append(services.ActionText(locale="ar", title="مقهى اللغة", reviewed=True))
    update = action.updates[0]
    update.texts.append(updates.ActionUpdateText(locale="ar", happened="بدأت المجموعة الأولى.",
                                                 reviewed=True))
    db.session.flush()
    assert word_back.held_back(action) == []
    assert queue_word_back(NOON) == 1
    [message] = _messages()
    assert "بدأت المجموعة الأولى." in message.body
    assert message.locale == "ar"


def test_send_in_dutch_and_english_sends_the_waiting_news(app, client, login_as):
    staff = factories.create_user("staff")
    member = factories.create_user("member", locale="ti")
    signal = factories.create_signal(submitter=member)
    action = _public_action(staff, signal, en=TextInput("Language café", reviewed=True))
    _update(staff, action, en=updates.UpdateText("The first group started.", reviewed=True))
    assert queue_word_back(NOON) == 0
    login_as(staff)
    page = client.get(f"/actions/{action.id}")
    assert "Berichten die wachten op een vertaling" in page.text
    token = page.text.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(f"/actions/{action.id}/word-back/release", data={"csrf_token": token})
    assert response.status_code == 303
    assert queue_word_back(NOON) == 1
    [message] = _messages()
    assert "De eerste oefengroep is gestart." in message.body
    assert "The first group started." in message.body
    assert db.session.scalar(
        sa.select(sa.func.count()).select_from(ActionEvent).where(ActionEvent.kind == "word_back")
    ) == 1


def test_a_merged_signals_submitter_hears_their_own_reference(app):
    staff = factories.create_user("staff")
    first, second = factories.create_user("member"), factories.create_user("member")
    survivor = factories.create_signal(submitter=first)
    duplicate = factories.create_signal(submitter=second)
    merge.merge(staff, duplicate, survivor, version=duplicate.version,
                survivor_version=survivor.version)
    action = _public_action(staff, survivor)
    _update(staff, action)
    assert queue_word_back(NOON) == 2
    by_user = {m.user_id: m for m in _messages()}
    assert duplicate.reference in by_user[second.id].body
    assert survivor.reference not in by_user[second.id].body
    assert survivor.reference in by_user[first.id].body


def test_someone_without_an_account_gets_the_public_action_link(app):
    staff = factories.create_user("staff")
    signal = factories.create_signal()
    signal.submitters[0].user_id = None
    signal.submitters[0].email, signal.submitters[0].channel = "buur@example.nl", "email"
    action = _public_action(staff, signal)
    _update(staff, action)
    assert queue_word_back(NOON) == 1
    assert word_back.public_action_url(action) in _messages()[0].body


def test_two_runs_on_the_same_pending_rows_send_once(app):
    staff = factories.create_user("staff")
    signal = factories.create_signal()
    action = _public_action(staff, signal)
    _update(staff, action)
    # Both schedulers read the same pending news before either writes.
    first = people_with_news(db.session.execute(_pending()).all())
    second = people_with_news(db.session.execute(_pending()).all())
    assert send_bundles(first, NOON) == 1
    assert send_bundles(second, NOON) == 0
    assert queue_word_back(NOON) == 0
    assert len(_messages()) == 1
    assert db.session.scalar(
        sa.select(sa.func.count()).select_from(WordBackEvent).where(WordBackEvent.sent_at.is_(None))
    ) == 0


def test_the_unique_key_decides_when_both_runs_passed_the_check(app, monkeypatch):
    from stem.actions import word_back_job

    staff = factories.create_user("staff")
    signal = factories.create_signal()
    action = _public_action(staff, signal)
    _update(staff, action)
    rows = db.session.execute(_pending()).all()
    monkeypatch.setattr(word_back_job, "_already_sent", lambda keys: set())
    assert send_bundles(people_with_news(rows), NOON) == 1
    assert send_bundles(people_with_news(rows), NOON) == 0  # the insert is skipped
    assert len(_messages()) == 1


def test_the_start_page_shows_what_happened_with_what_you_said(app, client, login_as):
    staff = factories.create_user("staff")
    member = factories.create_user("member", locale="ar")
    signal = factories.create_signal(submitter=member)
    action = _public_action(staff, signal)
    _update(staff, action, "De eerste oefengroep is gestart.")
    hidden = create_action(staff, public=False, title="Interne verkenning")
    links.link_signal(staff, hidden, signal)
    _update(staff, action, "Alleen voor medewerkers.", public=False)
    login_as(member)
    page = client.get("/home").text
    assert "De eerste oefengroep is gestart." in page
    assert signal.reference in page
    assert "Taalcafé in het Welkomhuis" in page
    assert 'lang="nl"' in page  # the Dutch fallback is marked as Dutch
    assert "Interne verkenning" not in page
    assert "Alleen voor medewerkers." not in page


def test_a_partner_sees_their_organisations_signals(app, client, login_as):
    staff = factories.create_user("staff")
    colleague = factories.create_user("partner")
    partner = factories.create_user("partner", organisation=colleague.organisation)
    signal = factories.create_signal(submitter=colleague)
    action = _public_action(staff, signal)
    _update(staff, action, "Gesprek met de taalschool gevoerd.")
    login_as(partner)
    assert "Gesprek met de taalschool gevoerd." in client.get("/home").text


def test_a_round_summary_lists_its_public_actions(app, client):
    from stem.surveys.answering.links import invitation_token
    from stem.surveys.results.summaries import publish_summary, save_summary, summary_version
    from stem.surveys.results.summary_messages import SUMMARY_KIND
    from tests.surveys.results.test_summary_messages import invite

    staff = factories.create_user("staff")
    round_ = factories.create_round(factories.create_survey(kinds=("smiley5",)), status="closed")
    member = invite(round_, locale="nl")
    shown = create_action(staff, public=True, title="Taalcafé drie keer per week", progress=40,
                          status="in_progress")
    links.link_round(staff, shown, round_)
    hidden = create_action(staff, public=False, title="Interne verkenning")
    links.link_round(staff, hidden, round_)
    save_summary(round_, staff, {"nl": "Leden willen meer taalles."}, summary_version(round_))
    publish_summary(round_, staff)
    [message] = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == SUMMARY_KIND)
    ).all()
    assert "Wat de gemeente ermee doet:" in message.body
    assert "Taalcafé drie keer per week: Bezig, 40% klaar" in message.body
    assert "Interne verkenning" not in message.body
    page = client.get(f"/r/{invitation_token(round_.id, member.id)}").text
    assert "Wat de gemeente ermee doet" in page
    assert "Taalcafé drie keer per week" in page
    assert "Interne verkenning" not in page
