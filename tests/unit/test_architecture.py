"""The layout is the architecture. Import rules (layers, a pure domain, no cycles among
services, no ORM in the web layer) are import-linter contracts in pyproject.toml, run by
`make lint`; what they cannot express is checked here."""

import ast
from pathlib import Path

import pytest

from factcheck.domain.lifecycle import GroupStatus

PACKAGE = Path(__file__).resolve().parents[2] / "factcheck"
LIFECYCLE = PACKAGE / "domain" / "lifecycle.py"
STATUS_WORDS = {status.value for status in GroupStatus}
TRANSLATORS = {"_", "N_", "_l", "gettext", "pgettext", "ngettext", "lazy_gettext"}


def sources(*folders: str) -> list[Path]:
    found = [path for folder in folders for path in sorted((PACKAGE / folder).rglob("*.py"))]
    assert found, folders
    return found


def status_literals(tree: ast.AST) -> list[tuple[int, str]]:
    """String constants spelling a group status, other than dictionary keys and subscripts
    (the candidates' "merged" flag, a digest's "open" count), docstrings and the words handed
    to the catalogs (`N_("open")`, `pgettext("a group cannot be", "merged")`): a word for the
    translators, not a status the code tests."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in TRANSLATORS:
            skip.update(id(arg) for arg in node.args)
        if isinstance(node, ast.Dict):
            skip.update(id(key) for key in node.keys if key is not None)
        elif isinstance(node, ast.Subscript):
            skip.add(id(node.slice))
        elif isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr):
                skip.add(id(first.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in STATUS_WORDS and id(node) not in skip
    ]


# A CMS connector's error kinds (factcheck/connectors: Kind) include "rejected", a word of
# their own that is not a group status; that module spells it once, as the lifecycle does.
CONNECTOR_KINDS = PACKAGE / "connectors" / "__init__.py"


@pytest.mark.parametrize(
    "path",
    [p for p in PACKAGE.rglob("*.py") if p not in (LIFECYCLE, CONNECTOR_KINDS)],
    ids=lambda p: p.name,
)
def test_group_statuses_are_spelled_only_in_the_lifecycle_module(path):
    assert status_literals(ast.parse(path.read_text())) == []


def test_the_literal_check_finds_a_bare_status():
    assert status_literals(ast.parse('if group.status == "fixed": pass')) == [(1, "fixed")]
    assert status_literals(ast.parse('data = {"merged": True}; c["merged"]')) == []
    assert status_literals(ast.parse('N_("open"); pgettext("a group", "merged")')) == []
    assert status_literals(ast.parse('translate_it("open")')) == [(1, "open")]


@pytest.mark.parametrize("path", sources("web"), ids=lambda p: p.name)
def test_the_web_layer_never_ends_a_transaction(path):
    calls = {
        node.func.attr
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    assert not calls & {"commit", "rollback"}


@pytest.mark.parametrize("path", sources("domain", "services"), ids=lambda p: p.name)
def test_domain_and_service_modules_import_only_at_the_top(path):
    tree = ast.parse(path.read_text())
    nested = [
        node.lineno
        for function in ast.walk(tree)
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
        for node in ast.walk(function)
        if isinstance(node, (ast.Import, ast.ImportFrom))
    ]
    assert nested == []
