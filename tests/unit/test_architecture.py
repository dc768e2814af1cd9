"""The layout is the architecture: web -> services -> domain, and the domain stays pure."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "factcheck"
DOMAIN_ALLOWED = {"rapidfuzz", "factcheck"}


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).glob("*.py"))


def test_domain_imports_only_the_standard_library_and_rapidfuzz():
    import sys

    for path in modules("domain"):
        for name in imports_of(path):
            top = name.split(".")[0]
            assert top in DOMAIN_ALLOWED or top in sys.stdlib_module_names, (path.name, name)
            if top == "factcheck":
                assert name.startswith("factcheck.domain"), (path.name, name)


def test_services_never_import_flask_or_the_web_layer():
    for path in modules("services"):
        for name in imports_of(path):
            assert not name.startswith(("flask", "factcheck.web", "werkzeug")), (path.name, name)


def test_web_layer_never_commits():
    for path in modules("web"):
        source = path.read_text()
        assert ".commit(" not in source, path.name
