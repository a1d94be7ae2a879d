"""The baseline: a bare Flask app with one route, served the same way as Stem.

GET / returns a fixed HTML5 document of exactly PAGE_BYTES bytes (UTF-8), about the size
of Stem's start page, built once at import: no template rendering, no database, no
extensions, no cookies. Flask sends it as text/html; charset=utf-8 with a Content-Length.
"""

from __future__ import annotations

from flask import Flask

PAGE_BYTES = 4000

_HEAD = (
    '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    "<title>Bare Flask</title>\n</head>\n<body>\n<main>\n<h1>Bare Flask</h1>\n"
)
_TAIL = "</main>\n</body>\n</html>\n"
_PARAGRAPH = "<p>Een korte alinea tekst, zoals een pagina met uitleg die heeft.</p>\n"


def _page() -> str:
    room = PAGE_BYTES - len(_HEAD) - len(_TAIL)
    body = _PARAGRAPH * (room // len(_PARAGRAPH))
    body += "<!--" + " " * (room - len(body) - 8) + "-->\n"  # pad to the exact size
    page = _HEAD + body + _TAIL
    assert len(page.encode()) == PAGE_BYTES
    return page


PAGE = _page()


def create_app() -> Flask:
    """The bare app: `gunicorn -w 4 "bare_app:create_app()"`."""
    app = Flask(__name__)

    @app.get("/")
    def index() -> str:
        return PAGE

    return app


# The second baseline: the least a real signed-in page costs in this stack. Flask with
# Flask-SQLAlchemy (SQLite, WAL) and Jinja: a layout with a language switch and a menu
# built with url_for, a child template, translations looked up per string, and one query
# by primary key per request. It answers "how far is Stem from Flask doing real work?",
# beside the target's "how far from Flask returning a constant?".

_LAYOUT = """<!DOCTYPE html>
<html lang="{{ lang }}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{% endblock %} · {{ t("De Stem") }}</title>
{% for css in ("theme", "components", "stem") %}
<link rel="stylesheet" href="{{ url_for('static', filename='css/' ~ css ~ '.css') }}">
{% endfor %}
</head>
<body>
<a href="#main">{{ t("Direct naar de inhoud") }}</a>
<header>
<a href="{{ url_for('home') }}">{{ t("De Stem") }}</a>
<nav aria-label="{{ t('Hoofdmenu') }}"><ul>
{% for endpoint, label in menu %}
<li><a href="{{ url_for(endpoint) }}"{% if endpoint == request.endpoint %} aria-current="page"{% endif %}>{{ t(label) }}</a></li>
{% endfor %}
</ul></nav>
<form method="post" action="/language">
{% for code, name in languages %}
<button type="submit" name="locale" value="{{ code }}">{{ name }}</button>
{% endfor %}
</form>
</header>
<main id="main">{% block content %}{% endblock %}</main>
<footer><p>{{ t("De Stem is de klankbordgroep van (oud-)inburgeraars van de gemeente Utrecht.") }}</p></footer>
</body>
</html>
"""

_PAGE = """{% extends "layout.html" %}
{% block title %}{{ t("Start") }}{% endblock %}
{% block content %}
<h1>{{ t("Hallo") }} {{ person.name }}</h1>
{% for paragraph in paragraphs %}
<p>{{ t(paragraph) }}</p>
{% endfor %}
{% endblock %}
"""

_MENU = (("home", "Start"), ("rounds", "Mijn rondes"), ("signals", "Mijn signalen"),
         ("account", "Mijn account"))
_LANGUAGES = (("nl", "Nederlands"), ("en", "English"), ("ar", "العربية"), ("fa_AF", "دری"),
              ("ti", "ትግርኛ"), ("tr", "Türkçe"), ("uk", "Українська"), ("so", "Soomaali"))


def create_framework_app(database: str = "sqlite:///framework.db") -> Flask:
    """`gunicorn -w 4 "bare_app:create_framework_app('sqlite:////…/framework.db')"`."""
    import sqlalchemy as sa
    from flask import render_template, request
    from flask_sqlalchemy import SQLAlchemy
    from jinja2 import DictLoader
    from sqlalchemy.orm import DeclarativeBase, mapped_column

    class Base(DeclarativeBase):
        pass

    db = SQLAlchemy(model_class=Base)

    class Person(db.Model):
        id = mapped_column(sa.Integer, primary_key=True)
        name = mapped_column(sa.String(80), nullable=False)
        locale = mapped_column(sa.String(8), nullable=False)

    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = database
    app.jinja_loader = DictLoader({"layout.html": _LAYOUT, "page.html": _PAGE})
    db.init_app(app)
    catalog = {"Start": "Start", "Hallo": "Hallo"}  # stands in for a catalog lookup

    with app.app_context():
        with db.engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        db.create_all()
        if db.session.get(Person, 1) is None:
            db.session.add(Person(id=1, name="Samir", locale="nl"))
            db.session.commit()

    paragraphs = ["Een korte alinea tekst, zoals een pagina met uitleg die heeft."] * 48

    @app.get("/")
    def home() -> str:
        person = db.session.get(Person, 1)
        return render_template(
            "page.html", person=person, lang=person.locale, menu=_MENU,
            languages=_LANGUAGES, paragraphs=paragraphs,
            t=lambda text: catalog.get(text, text), request=request,
        )

    for endpoint in ("rounds", "signals", "account"):
        app.add_url_rule(f"/{endpoint}", endpoint, home)
    return app
