#!/usr/bin/env bash
# Build the wheel, install it in a clean virtual environment, and check that it runs on its own:
# templates, static files, migrations and compiled catalogs must all be inside.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/pip wheel --quiet --no-deps --wheel-dir "$work/dist" .
wheel=$(ls "$work"/dist/stem-*.whl)
python3 -m zipfile -l "$wheel" > "$work/contents.txt"
for needed in stem/templates/base.html stem/static/css/stem.css stem/migrations/env.py \
              stem/translations/ar/LC_MESSAGES/messages.mo stem/static/vendor/htmx/htmx.min.js; do
  grep -q "$needed" "$work/contents.txt" || { echo "wheel lacks $needed"; exit 1; }
done
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet "$wheel"
cd "$work"
export STEM_DATABASE_URL="sqlite:///$work/wheel.db" STEM_BASE_URL=http://127.0.0.1:5000
"$work/venv/bin/stem" db upgrade 2>/dev/null
"$work/venv/bin/python" - <<'PY'
from stem import create_app

app = create_app()
client = app.test_client()
for lang, text in (("nl", 'lang="nl"'), ("ar", 'dir="rtl"')):
    html = client.get("/sign-in", headers={"Accept-Language": lang}).get_data(as_text=True)
    assert text in html, (lang, html[:300])
assert client.get("/static/css/stem.css").status_code == 200
print("wheel OK: installed, migrated and served /sign-in in Dutch and Arabic")
PY
