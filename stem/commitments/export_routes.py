"""The register as a download: CSV (Dutch Excel by default for Dutch pages) and XLSX."""

from __future__ import annotations

from flask import Response, request
from flask_babel import get_locale

from stem.commitments import bp
from stem.commitments.exports import register_table
from stem.core import tables
from stem.core.security import require_role


@bp.get("/commitments/export.<any(csv, xlsx):fmt>")
@require_role("staff", "admin")
def export(fmt: str):
    """The register with its actions and progress; ?sep=semicolon or comma for the CSV."""
    header, rows = register_table()
    if fmt == "csv":
        dialect = tables.csv_dialect(request.args.get("sep"), str(get_locale() or "nl"))
        content, media_type = tables.to_csv(header, rows, dialect), tables.CSV_MEDIA_TYPE
    else:
        content = tables.to_xlsx(header, rows, "Toezeggingen")
        media_type = tables.XLSX_MEDIA_TYPE
    response = Response(content, mimetype=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="stem-toezeggingen.{fmt}"'
    return response
