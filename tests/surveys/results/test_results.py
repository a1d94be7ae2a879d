"""The results page: counts and percentages per question and language, trends, open answers,
all read from the round's newest result step."""

from __future__ import annotations

import re
from html import unescape

import pytest

from stem.surveys.models import Option, OptionTranslation, Question, QuestionTranslation
from stem.surveys.results.queries import get_round, round_results
from tests import factories
from tests.surveys.results_helpers import fill, freeze, invite, question, respond, spread


def url(round_) -> str:
    return f"/staff/rounds/{round_.id}/results"


def table_rows(html: str, caption: str) -> list[list[str]]:
    """The body rows of the table with this caption, as cell texts."""
    match = re.search(
        r"<caption[^>]*>" + re.escape(caption) + r"</caption>.*?<tbody[^>]*>(.*?)</tbody>",
        html,
        re.S,
    )
    assert match, f"no table {caption!r}"
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", match.group(1), re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


@pytest.fixture
def survey():
    return factories.create_survey(kinds=("smiley5", "single", "multiple", "long_text"))


def test_counts_and_percentages_per_question(client, login_as, survey):
    round_ = factories.create_round(survey)
    smiley, single, multiple, text = (
        question(survey, k) for k in ("smiley5", "single", "multiple", "long_text")
    )
    invite(round_, {"nl": 30, "ar": 10}, responded=20)
    fill(
        round_,
        {
            smiley: spread({"1": 5, "2": 5, "4": 6, "5": 4}),  # a small cell: "5" has 4
            single: spread({"a": 10, "b": 10}),
            multiple: spread({}) + [["a", "b"]] * 12 + [["a"]] * 8,
            text: [f"Antwoord {i:02d}" for i in range(20)],
        },
        locales=["nl"] * 14 + ["ar"] * 6,
    )
    login_as("staff", locale="nl")
    response = client.get(url(round_))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert ">40</span>" in html
    assert ">20</span>" in html
    assert ">50%</span>" in html  # response rate

    rows = table_rows(html, "Antwoorden op vraag 2")
    assert rows == [
        ["Keuze A", "10", "50%"],
        ["Keuze B", "10", "50%"],
        ["Keuze C", "0", "0%"],
        ["Geen antwoord", "0", "0%"],
    ]
    # Several options per person: each option's share of all responses.
    rows = table_rows(html, "Antwoorden op vraag 3")
    assert rows[:2] == [["Keuze A", "20", "100%"], ["Keuze B", "12", "60%"]]

    languages = table_rows(html, "Deelname per taal")
    assert languages == [["Nederlands", "30", "14", "47%"], ["العربية", "10", "6", "60%"]]

    svg = re.search(rf'<svg[^>]*id="chart-{single.id}".*?</svg>', html, re.S).group(0)
    assert 'role="img"' in svg
    assert "<title" in svg
    assert "<desc" in svg
    assert "Keuze A" in svg
    assert "10 (50%)" in svg


def test_aggregates_match_the_data(survey):
    round_ = factories.create_round(survey)
    smiley = question(survey, "smiley5")
    fill(round_, {smiley: spread({"1": 7, "3": 9, "5": 12}, total=30)})
    fill(round_, {smiley: ["1"] * 3}, status="in_progress")  # not submitted: not counted
    results = round_results(get_round(round_.id), "nl")
    assert results.responded == 30
    result = next(q for q in results.questions if q.question.id == smiley.id)
    # Every figure of the whole round shows, also the 2 who gave no answer: an option is
    # not a group of people.
    assert [r.count for r in result.rows] == [7, 0, 9, 0, 12, 2]
    assert result.rows[0].share == pytest.approx(7 / 30)
    assert result.rows[-1].share == pytest.approx(2 / 30)


def test_a_round_of_twenty_shows_every_figure_of_its_questions(client, login_as, survey):
    """The November round with 20 respondents: all five faces, not one figure of five."""
    round_ = factories.create_round(survey)
    smiley = question(survey, "smiley5")
    fill(round_, {smiley: spread({"1": 2, "2": 3, "3": 4, "4": 7, "5": 4})})
    login_as("staff", locale="nl")
    html = client.get(url(round_)).get_data(as_text=True)
    rows = table_rows(html, "Antwoorden op vraag 1")
    assert [row[1:] for row in rows] == [
        ["2", "10%"], ["3", "15%"], ["4", "20%"], ["7", "35%"], ["4", "20%"], ["0", "0%"]
    ]
    svg = re.search(rf'<svg[^>]*id="chart-{smiley.id}".*?</svg>', html, re.S).group(0)
    assert svg.count("stem-chart__bar") == 5
    assert "verborgen" not in html
    # The rule, in plain words, near the top.
    assert "Niemand mag herkenbaar zijn in de cijfers." in html.split('id="questions"')[0]


def test_figures_are_those_of_the_newest_step(survey):
    """Answers handed in after a step change nothing until the next step is frozen."""
    round_ = factories.create_round(survey)
    single = question(survey, "single")
    fill(round_, {single: spread({"a": 6})})
    for _ in range(4):  # handed in, not yet counted in a step
        response = respond(round_, {single: "b"})
        response.step = None
    respond(round_, {single: "c"})  # counted in step 1, but after its figures were frozen
    factories.db.session.flush()
    rows = next(q for q in round_results(get_round(round_.id), "nl").questions
                if q.question.id == single.id).rows
    assert [r.count for r in rows] == [6, 0, 0, 0]
    freeze(round_)
    rows = next(q for q in round_results(get_round(round_.id), "nl").questions
                if q.question.id == single.id).rows
    assert [r.count for r in rows] == [6, 0, 1, 0]


def test_a_round_with_fewer_than_five_responses_shows_no_breakdown(client, login_as, survey):
    round_ = factories.create_round(survey)
    invite(round_, {"nl": 8, "ti": 2}, responded=4)
    fill(
        round_,
        {
            question(survey, "smiley5"): ["5"] * 4,
            question(survey, "long_text"): ["Geheim verhaal"] * 4,
        },
    )
    login_as("staff", locale="nl")
    html = client.get(url(round_)).get_data(as_text=True)
    assert "Geheim verhaal" not in html
    assert "stem-chart" not in html
    assert "<table" not in html
    assert "&lt; 5" in html  # responded
    assert ">10</span>" in html  # invited is not a group of respondents


def test_open_answers_in_text_order_without_metadata(client, login_as, survey):
    round_ = factories.create_round(survey)
    text = question(survey, "long_text")
    answers = ["zebra", "Appel", "middel", "banaan", "=1+1", "citroen"]
    fill(round_, {text: answers}, locales=["ti", "ar", "nl", "nl", "uk", "so"])
    login_as("staff", locale="nl")
    html = client.get(url(round_)).get_data(as_text=True)
    listed = re.findall(r'<li class="utrecht-unordered-list__item" dir="auto">(.*?)</li>', html)
    assert listed == sorted(answers)
    page = client.get(f"{url(round_)}/questions/{text.id}/answers").get_data(as_text=True)
    labels = re.findall(r'stem-open-answer" for="answer-\d+" dir="auto">(.*?)</label>', page)
    assert [unescape(label) for label in labels] == sorted(answers)
    # No dates, languages or ids next to the answers.
    main = page.split('id="main"')[1]
    assert not re.search(r"\d{4}-\d{2}-\d{2}", main)
    assert "ትግርኛ" not in main
    assert "العربية" not in main.split("<fieldset")[1]


def test_first_open_answers_are_those_the_step_chose(survey):
    round_ = factories.create_round(survey)
    text = question(survey, "long_text")
    fill(round_, {text: [f"Antwoord {i:02d}" for i in range(12)]})
    respond(round_, {text: "Aaa, na de step"})  # counted, but after the figures were frozen
    factories.db.session.flush()
    result = next(q for q in round_results(get_round(round_.id), "nl").questions
                  if q.question.id == text.id)
    assert result.preview == [f"Antwoord {i:02d}" for i in range(10)]
    # A step frozen before steps kept their first answers: they are read from the answers.
    step = freeze(round_)
    step.figures = {k: v for k, v in step.figures.items() if k != "previews"}
    factories.db.session.flush()
    result = next(q for q in round_results(get_round(round_.id), "nl").questions
                  if q.question.id == text.id)
    assert result.preview[:2] == ["Aaa, na de step", "Antwoord 00"]


def test_few_written_answers_are_not_listed(client, login_as, survey):
    round_ = factories.create_round(survey)
    text = question(survey, "long_text")
    fill(round_, {question(survey, "smiley5"): ["3"] * 9, text: ["Mijn buurvrouw", "Mijn huis"]})
    login_as("staff", locale="nl")
    html = client.get(url(round_)).get_data(as_text=True)
    assert "Mijn buurvrouw" not in html
    page = client.get(f"{url(round_)}/questions/{text.id}/answers").get_data(as_text=True)
    assert "Mijn buurvrouw" not in page


def _new_version(survey, key: str, kind: str = "smiley3"):
    """A later survey version with a scale question of the same key (and another kind)."""
    later = factories.create_survey(kinds=("long_text",))
    later.family_id = survey.family_id
    later.version = 2
    q = Question(key=key, position=5, kind=kind, required=True)
    q.translations = [QuestionTranslation(locale="nl", text="Hoe gaat het nu?")]
    for index, value in enumerate(
        ["1", "3", "5"] if kind == "smiley3" else ["1", "2", "3", "4", "5"]
    ):
        option = Option(position=index, value=value)
        option.translations = [OptionTranslation(locale="nl", label=f"Gezicht {value}")]
        q.options.append(option)
    later.questions.append(q)
    factories.db.session.flush()
    return later, q


def test_scale_trend_across_survey_versions(client, login_as, survey):
    smiley = question(survey, "smiley5")
    first = factories.create_round(survey, period="2031-01", status="closed")
    fill(first, {smiley: spread({"1": 5, "2": 5, "4": 5, "5": 5})})  # 10 of 20 satisfied
    other = factories.create_round(factories.create_survey(kinds=("yesno",)), period="2031-02")
    fill(other, {question(other.survey, "yesno"): ["yes"] * 6})
    later, q3 = _new_version(survey, smiley.key)
    current = factories.create_round(later, period="2031-03")
    fill(current, {q3: spread({"1": 6, "3": 6, "5": 18})})
    small = factories.create_round(survey, period="2030-12", status="closed")
    fill(small, {smiley: ["5"] * 3})

    results = round_results(get_round(current.id), "nl")
    trend = next(q for q in results.questions if q.question.id == q3.id).trend
    assert [p.period for p in trend] == ["2030-12", "2031-01", "2031-02", "2031-03"]
    assert [p.asked for p in trend] == [True, True, False, True]
    assert trend[0].groups is None
    assert not trend[0].enough
    assert [g.count for g in trend[1].groups] == [10, 0, 10, 0]
    assert [g.count for g in trend[3].groups] == [6, 6, 18, 0]
    assert trend[3].current
    assert trend[3].groups[2].share == pytest.approx(0.6)

    login_as("staff", locale="nl")
    html = client.get(url(current)).get_data(as_text=True)
    rows = table_rows(html, "Verloop van vraag 2 per ronde")
    assert rows[1] == ["januari 2031", "20", "10 (50%)", "0 (0%)", "10 (50%)", "0 (0%)"]
    assert rows[2][1] == "Deze vraag zat niet in de ronde."
    assert f'id="trend-{q3.id}"' in html


def test_trend_shows_every_group_of_a_round_of_five_or_more(survey):
    smiley = question(survey, "smiley5")
    round_ = factories.create_round(survey)
    fill(round_, {smiley: spread({"1": 2, "2": 8, "3": 10, "4": 1}, total=22)})
    results = round_results(get_round(round_.id), "nl")
    result = next(q for q in results.questions if q.question.id == smiley.id)
    assert [(g.name, g.count) for g in result.trend[-1].groups] == [
        ("negative", 10), ("neutral", 10), ("positive", 1), ("none", 1)
    ]


def test_yes_no_questions_get_a_trend(client, login_as):
    survey = factories.create_survey(kinds=("yesno",))
    yesno = question(survey, "yesno")
    earlier = factories.create_round(survey, period="2032-01", status="closed")
    fill(earlier, {yesno: spread({"yes": 3, "no": 6})})
    current = factories.create_round(survey, period="2032-02")
    fill(current, {yesno: spread({"yes": 9, "no": 2}, total=12)})
    results = round_results(get_round(current.id), "nl")
    trend = results.questions[0].trend
    assert [p.period for p in trend] == ["2032-01", "2032-02"]
    assert [(g.name, g.count) for g in trend[0].groups] == [("yes", 3), ("no", 6), ("none", 0)]
    assert trend[1].groups[0].share == pytest.approx(0.75)

    login_as("staff", locale="nl")
    html = client.get(url(current)).get_data(as_text=True)
    assert table_rows(html, "Verloop van vraag 1 per ronde") == [
        ["januari 2032", "9", "3 (33%)", "6 (67%)", "0 (0%)"],
        ["februari 2032 (deze ronde)", "12", "9 (75%)", "2 (17%)", "1 (8%)"],
    ]
    svg = re.search(rf'<svg[^>]*id="trend-{yesno.id}".*?</svg>', html, re.S).group(0)
    assert "Ja, per ronde" in svg
    assert svg.count("stem-chart__bar") == 2


def test_the_page_reads_stored_figures(client, login_as, count_queries, survey):
    """The same statements for 10 and for 200 counted responses: nothing is counted per view."""
    login_as("staff", locale="nl")
    history = factories.create_round(survey, status="closed")  # both have a trend to draw
    fill(history, {question(survey, "smiley5"): spread({"4": 7})})
    counts = []
    for size in (10, 200):
        round_ = factories.create_round(survey)
        invite(round_, {"nl": 3, "ar": 3})
        fill(
            round_,
            {
                question(survey, "smiley5"): spread({"3": size}),
                question(survey, "single"): spread({"a": size}),
                question(survey, "multiple"): [["a", "b"]] * size,
                question(survey, "long_text"): [f"tekst {i}" for i in range(size)],
            },
        )
        factories.db.session.commit()
        with count_queries() as statements:
            assert client.get(url(round_)).status_code == 200
        counts.append(len(statements))
        # Only the open answers' first lines are read from the answers; no GROUP BY.
        assert not any("GROUP BY" in str(s) and "answers" in str(s) for s in statements), statements
    assert counts[0] == counts[1]
    assert counts[0] <= 20


def test_only_staff_see_results(client, login_as, survey):
    round_ = factories.create_round(survey)
    login_as("member")
    assert client.get(url(round_)).status_code == 403


def test_unknown_round_or_question_is_not_found(client, login_as, survey):
    round_ = factories.create_round(survey)
    elsewhere = factories.create_survey(kinds=("long_text",))
    login_as("staff", locale="nl")
    assert client.get("/staff/rounds/999999/results").status_code == 404
    foreign = elsewhere.questions[0].id
    assert client.get(f"{url(round_)}/questions/{foreign}/answers").status_code == 404
    choice = question(survey, "single").id
    assert client.get(f"{url(round_)}/questions/{choice}/answers").status_code == 404


def test_results_page_in_arabic_is_right_to_left(client, login_as, survey):
    round_ = factories.create_round(survey)
    fill(round_, {question(survey, "single"): spread({"a": 6, "b": 6})})
    login_as("staff", locale="ar")
    html = client.get(url(round_)).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in html
    svg = re.search(r'<svg[^>]*id="chart-\d+".*?</svg>', html, re.S).group(0)
    assert 'direction="rtl"' in svg
    # Bars grow from the right edge: a bar's end is at the chart's right side.
    rect = re.search(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"[^>]*stem-chart__bar', svg)
    assert float(rect.group(1)) + float(rect.group(2)) == pytest.approx(398, abs=0.2)


@pytest.mark.parametrize("locale", ["nl", "ar"])
def test_results_pages_parse_with_unique_ids(client, login_as, survey, locale):
    from stem.core.i18n import BY_CODE
    from tests.core.test_pages import check_page

    round_ = factories.create_round(survey)
    text = question(survey, "long_text")
    fill(
        round_,
        {
            question(survey, "smiley5"): spread({"2": 3, "4": 9}),
            text: [f"Antwoord {i}" for i in range(12)],
        },
    )
    login_as("staff", locale=locale)
    for path in (
        url(round_),
        f"{url(round_)}/questions/{text.id}/answers",
        f"/staff/rounds/{round_.id}/summary",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        check_page(response.get_data(as_text=True), BY_CODE[locale])
