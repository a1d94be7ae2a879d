"""The translation desk: one queue of translation work in both directions, translators with
language pairs, a glossary of agreed terms; the language of what people write (detect.py) and
machine drafts where configured (providers/)."""

from flask import Blueprint

bp = Blueprint("translation", __name__)
