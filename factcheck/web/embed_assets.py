"""The embed widget's scripts as a newsroom's page loads them: minified.

`static/embed.js` and the modules of `static/report/` stay documented and unbuilt; what
GET /embed.js and GET /embed/<module>.js send is the same code minified by jsmin (comments,
indentation and the white space JavaScript does not need out; strings, template literals
and regular expressions kept as they are): the byte budget (README: Languages) counts code,
not documentation. The report limits and the words shown before the dialog opens are
written into embed.js here, from the domain's constants and the catalogs.
"""

import json
import re
from functools import lru_cache
from pathlib import Path

from jsmin import jsmin

# The placeholder in static/embed.js that the served script carries the limits in.
LIMITS_PLACEHOLDER = "/*@limits*/ null"
# And the words it shows before the dialog opens, in every shipped language.
STRINGS_PLACEHOLDER = "/*@strings*/ null"
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}")
MODULE_NAME = re.compile(r"[a-z][a-z0-9-]{0,40}")


def strip_comments(source: str) -> str:
    """`source` without whole-line `//` and `/* … */` comments, indentation or blank lines."""
    kept: list[str] = []
    in_comment = False
    in_template = False
    for line in source.splitlines():
        text = line.strip()
        if in_template:
            kept.append(line)
            in_template = _backticks(line) % 2 == 0
            continue
        if in_comment:
            if "*/" not in text:
                continue
            in_comment = False
            text = text.split("*/", 1)[1].strip()
        elif text.startswith("//"):
            continue
        elif text.startswith("/*"):
            if "*/" not in text:
                in_comment = True
                continue
            rest = text.split("*/", 1)[1].strip()
            if rest:
                kept.append(text)  # code after the comment: keep the line whole
                continue
            text = ""
        if text:
            kept.append(text)
            in_template = _backticks(text) % 2 == 1
    return "\n".join(kept) + "\n"


def _backticks(line: str) -> int:
    return len(re.findall(r"(?<!\\)`", line))


# jsmin drops comments, the placeholders' among them: they stand as these names meanwhile.
_KEPT = {LIMITS_PLACEHOLDER: "__factcheck_limits__", STRINGS_PLACEHOLDER: "__factcheck_strings__"}


def minify(source: str) -> str:
    """`source` as served: minified, its placeholders kept."""
    for placeholder, name in _KEPT.items():
        source = source.replace(placeholder, name)
    small: str = jsmin(source, quote_chars="'\"`")
    for placeholder, name in _KEPT.items():
        small = small.replace(name, placeholder)
    return small + "\n"


@lru_cache(maxsize=32)
def _served(path: Path, modified: int) -> str:
    return minify(path.read_text(encoding="utf-8"))


def served_source(path: Path) -> str:
    """The minified source of `path`, read again whenever the file changes."""
    return _served(path, path.stat().st_mtime_ns)


def embed_script(
    static_folder: Path, limits: dict[str, int], strings: dict[str, dict[str, str]] | None = None
) -> str:
    source = served_source(static_folder / "embed.js")
    if LIMITS_PLACEHOLDER not in source:
        raise RuntimeError("static/embed.js lost its limits placeholder")
    source = source.replace(LIMITS_PLACEHOLDER, json.dumps(limits, sort_keys=True), 1)
    if strings is not None:
        words = json.dumps(strings, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        source = source.replace(STRINGS_PLACEHOLDER, words, 1)
    return source


def module_path(static_folder: Path, name: str) -> Path | None:
    """static/report/<name>.js when `name` is a plain module name and the file exists."""
    if not MODULE_NAME.fullmatch(name):
        return None
    path = static_folder / "report" / f"{name}.js"
    return path if path.is_file() else None
