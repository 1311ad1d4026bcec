"""Every action a service records has a Vietnamese label (the audit list shows labels, not codes)."""

import ast
from pathlib import Path

from canbo.audit.actions import ACTION_LABELS, action_label

CANBO = Path(__file__).resolve().parents[2]


def _strings(node: ast.AST) -> list[str]:
    """The string constants an expression may take: "a.b", or "a.b" if … else "a.c"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    return []


def recorded_actions() -> dict[str, str]:
    """Every audit action named in the source (outside tests and migrations): the `action="…"` of a
    call and the constants named *_ACTION, with the file that names it. Scope actions ("view",
    "change") and argparse's ("store_true") have no dot and are not audit actions."""
    found: dict[str, str] = {}
    for path in sorted(CANBO.rglob("*.py")):
        parts = path.relative_to(CANBO).parts
        if "tests" in parts or "migrations" in parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            values: list[str] = []
            if isinstance(node, ast.keyword) and node.arg == "action":
                values = _strings(node.value)
            if isinstance(node, ast.Assign):
                if any(isinstance(t, ast.Name) and t.id.endswith("_ACTION") for t in node.targets):
                    values = _strings(node.value)
            for value in values:
                if "." in value:
                    found.setdefault(value, str(path.relative_to(CANBO)))
    return found


def test_the_scan_finds_actions_written_each_way() -> None:
    actions = recorded_actions()
    assert actions["people.import"] == "people/services.py"  # action="…"
    assert "plans.extension.refuse" in actions  # … if grant else "…"
    assert "accounts.user.password_reset" in actions
    assert "people.demo.generate" in actions  # AUDIT_ACTION = "…"
    assert "store_true" not in actions and "change" not in actions


def test_every_recorded_action_has_a_vietnamese_label() -> None:
    missing = {action: where for action, where in recorded_actions().items() if action not in ACTION_LABELS}
    assert not missing, f"Thao tác chưa có nhãn tiếng Việt trong canbo/audit/actions.py: {missing}"


def test_a_label_is_shown_and_an_unknown_action_keeps_its_code() -> None:
    assert action_label("people.import") == "Nhập danh sách cán bộ"
    assert action_label("plans.report.return") == "Trả lại báo cáo để bổ sung"
    assert action_label("x.unknown") == "x.unknown"
