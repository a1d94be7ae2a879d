"""The register of council commitments (toezeggingen) and their follow-up."""

from flask import Blueprint

bp = Blueprint("commitments", __name__)
