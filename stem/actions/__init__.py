"""Follow-up actions (vervolgacties): what is done about signals, commitments and rounds."""

from flask import Blueprint

bp = Blueprint("actions", __name__)
