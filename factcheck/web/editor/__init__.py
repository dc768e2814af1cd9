"""The editor's pages, one module per page: the queue, a group and its actions, the admin pages.

All of them are routes of one blueprint, "editor" (`url_for("editor.group", ...)`).
"""

from factcheck.web.editor import admin, connectors, group, outcomes, queue, sites
from factcheck.web.editor.blueprint import bp

__all__ = ["admin", "bp", "connectors", "group", "outcomes", "queue", "sites"]
