"""GET /embed.js and /embed/<module>.js: the newsroom's one script tag and what it imports."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from factcheck.web.embed_assets import minify, strip_comments
from factcheck.web.public import report_limits

STATIC = Path(__file__).resolve().parents[2] / "factcheck" / "static"
MODULES = ("embed-dialog", "home", "dialog", "pagetext", "text", "selection", "limits", "hint")


def test_embed_js_is_javascript_cached_for_five_minutes(client):
    response = client.get("/embed.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.cache_control.public is True
    assert response.cache_control.max_age == 300


def test_embed_js_carries_the_servers_report_limits_and_no_placeholder(client):
    script = client.get("/embed.js").get_data(as_text=True)
    assert "/*@limits*/" not in script
    written = re.search(r"var limits ?= ?(\{[^}]*\});", script)
    assert written is not None
    assert json.loads(written.group(1)) == report_limits()


def test_the_widgets_modules_may_be_imported_from_any_origin_without_credentials(client):
    for name in MODULES:
        response = client.get(f"/embed/{name}.js", headers={"Origin": "https://news.example"})
        assert response.status_code == 200, name
        assert response.mimetype == "text/javascript"
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response.headers
        assert response.cache_control.max_age == 300
        source = (STATIC / "report" / f"{name}.js").read_text()
        assert response.get_data(as_text=True) == minify(source)


@pytest.mark.parametrize("name", ["report", "../embed", "no-such-module", "Dialog", "a" * 60])
def test_only_the_widgets_own_modules_are_served(client, name):
    assert client.get(f"/embed/{name}.js").status_code == 404


def test_pages_and_static_files_get_no_cors_header(client):
    assert "Access-Control-Allow-Origin" not in client.get("/").headers
    assert "Access-Control-Allow-Origin" not in client.get("/static/report/dialog.js").headers


def test_stripping_drops_whole_line_comments_and_indentation_only():
    source = """// a line comment
/* a block
   comment */
const a = "// not a comment"; // kept: code comes first
  /* short */ const b = 1;
const css = `
  // kept: inside a template literal
`;
if (a) {
    return b;
}
"""
    assert strip_comments(source) == (
        'const a = "// not a comment"; // kept: code comes first\n'
        "/* short */ const b = 1;\n"
        "const css = `\n"
        "  // kept: inside a template literal\n"
        "`;\n"
        "if (a) {\n"
        "return b;\n"
        "}\n"
    )


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("name", ["embed.js", *(f"report/{name}.js" for name in MODULES)])
def test_every_served_script_still_parses(tmp_path, name):
    served = tmp_path / "served.mjs"
    served.write_text(minify((STATIC / name).read_text()))
    result = subprocess.run(["node", "--check", str(served)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_minifying_keeps_strings_template_literals_and_the_placeholders():
    source = """// a comment
var limits = /*@limits*/ null;
var words = /*@strings*/ null;
const a = "// not a comment";  /* gone */
const css = `
  a  { color: red }
`;
const re = /a\\/b/g;
"""
    small = minify(source)
    assert "/*@limits*/ null" in small and "/*@strings*/ null" in small
    assert '"// not a comment"' in small and "gone" not in small and "// a comment" not in small
    assert "`\n  a  { color: red }\n`" in small
    assert "/a\\/b/g" in small
