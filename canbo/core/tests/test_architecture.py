"""The architecture's rules that import-linter's contracts (pyproject.toml, `make lint`) cannot say:
only URL configuration imports views and API endpoints, and nothing imports a management command
(commands are entry points; what they share lives in the app's modules)."""

import grimp


def _entry_point(module: str) -> bool:
    parts = module.split(".")
    return (
        parts[-1] in ("views", "api")
        or "management" in parts
        or (len(parts) > 1 and parts[-2] in ("views", "api"))  # a package of views or endpoints
    )


def _allowed(importer: str, imported: str) -> bool:
    """URL configuration imports views; the project's API imports the apps' endpoints; a command
    package imports its own modules; tests import anything."""
    parts = importer.split(".")
    if "tests" in parts or "urls" in parts[-2:]:  # a URL module, or a module of a package of them
        return True
    if parts[-1] == "api" and imported.startswith(importer + "."):  # a package of endpoints gathers its own
        return True
    if importer == "canbo.api" and imported.endswith(".api"):
        return True
    return "management" in parts and imported.startswith(".".join(parts[: parts.index("management") + 1]))


def test_only_url_configuration_imports_views_endpoints_and_commands() -> None:
    graph = grimp.build_graph("canbo")
    wrong = sorted(
        (importer, imported)
        for imported in graph.modules
        if _entry_point(imported)
        for importer in graph.find_modules_that_directly_import(imported)
        if not _allowed(importer, imported)
    )
    assert not wrong, wrong


WRITES = (
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "save",
)


def test_views_and_endpoints_write_nothing_themselves() -> None:
    """Every write goes through a service (atomic, checked, scoped, audited): no view or API module
    calls a model's or a queryset's write method."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    package = root / "canbo"
    paths = [
        path
        for pattern in ("**/views.py", "**/api.py", "**/views/*.py", "**/api/*.py")
        for path in sorted(package.glob(pattern))
        if "tests" not in path.parts
    ]
    assert len(paths) >= 10, paths  # the project's, every app's views and endpoints
    wrong = []
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in WRITES
            ):
                # request.session.save() and the like are the framework's, not the registry's
                target = ast.unparse(node.func.value)
                if not target.startswith(("request.session", "response", "form")):
                    wrong.append(f"{path.relative_to(root)}:{node.lineno} {ast.unparse(node.func)}")
    assert not wrong, wrong
