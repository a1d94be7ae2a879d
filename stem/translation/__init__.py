"""The translation desk: one queue of translation work in both directions, translators with
language pairs, and a glossary of agreed terms."""

from flask import Blueprint

bp = Blueprint("translation", __name__)
