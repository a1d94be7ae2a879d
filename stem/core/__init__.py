"""What every feature shares: database, languages, security, htmx helpers, forms and errors."""

from flask import Blueprint

bp = Blueprint("core", __name__)
