"""GET /embed.js: the newsroom's one script tag, and the modules it imports cross-origin."""

import json
import re

from factcheck.web.public import report_limits


def test_embed_js_is_javascript_cached_for_five_minutes(client):
    response = client.get("/embed.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    cache = response.cache_control
    assert cache.public is True
    assert cache.max_age == 300


def test_embed_js_carries_the_servers_report_limits_and_no_placeholder(client):
    script = client.get("/embed.js").get_data(as_text=True)
    assert "/*@limits*/" not in script
    written = re.search(r"var limits = (\{[^}]*\});", script)
    assert written is not None
    assert json.loads(written.group(1)) == report_limits()


def test_the_widgets_modules_may_be_imported_from_any_origin_without_credentials(client):
    for name in ("embed-dialog.js", "dialog.js", "pagetext.js", "text.js"):
        response = client.get(f"/static/report/{name}", headers={"Origin": "https://news.example"})
        assert response.status_code == 200, name
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response.headers
        assert response.mimetype in ("text/javascript", "application/javascript")


def test_other_static_files_and_pages_get_no_cors_header(client):
    assert "Access-Control-Allow-Origin" not in client.get("/static/site.css").headers
    assert "Access-Control-Allow-Origin" not in client.get("/").headers
