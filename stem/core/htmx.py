"""htmx helpers: a partial is a block of the full page's template, never a second copy."""

from __future__ import annotations

from flask import current_app, request
from markupsafe import Markup


def is_htmx() -> bool:
    """True for a request made by htmx (not a history restore, which wants the full page)."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def render_block(template_name: str, block_name: str, **context) -> str:
    """Render one named block of a template with the normal template context.

    Top-level `{% from … import … %}` lines do not run for a lone block: a block that
    serves as a partial imports the macros it uses inside itself.
    """
    app = current_app._get_current_object()
    app.update_template_context(context)
    template = app.jinja_env.get_or_select_template(template_name)
    block = template.blocks[block_name]
    # Jinja has autoescaped the block already; Markup only keeps it from being escaped twice.
    return Markup("".join(block(template.new_context(context))))  # noqa: S704


def render_page(template_name: str, block: str = "content", **context) -> str:
    """The full page, or only `block` of it when htmx asked for a partial."""
    from flask import render_template

    if is_htmx():
        return render_block(template_name, block, **context)
    return render_template(template_name, **context)
