"""The public pages: what De Stem and the partners raised and what was done, for everyone."""

from flask import Blueprint

bp = Blueprint("public", __name__, url_prefix="/public")
