"""The built-in plan (plans/data/nq07.toml) as a PlanSpec."""

import tomllib
from pathlib import Path

from canbo.plans.spec import PlanSpec, TargetRow, TaskRow

BUILTIN = Path(__file__).resolve().parent.parent / "data" / "nq07.toml"


def builtin_plan(path: Path = BUILTIN) -> PlanSpec:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    plan = data["plan"]
    return PlanSpec(
        code=plan["code"],
        number=plan.get("number", ""),
        title=plan["title"],
        issuer=plan["issuer"],
        issuer_unit=plan.get("issuer_unit", ""),
        issued_on=plan.get("issued_on"),
        issued_text=plan.get("issued_text", ""),
        based_on=list(plan.get("based_on", [])),
        period_from=plan["period_from"],
        period_to=plan["period_to"],
        starts_on=plan["starts_on"],
        addressee_kinds=list(plan.get("addressees", ["so_nganh", "huyen"])),
        sections=[(s["code"], s["title"]) for s in data.get("section", [])],
        targets=[
            TargetRow(
                code=t["code"],
                text=t["text"],
                indicator=t["indicator"],
                year=t["year"],
                threshold=t.get("threshold"),
                threshold_to=t.get("threshold_to"),
            )
            for t in data.get("target", [])
        ],
        tasks=[
            TaskRow(
                code=t["code"],
                section=t["section"],
                title=t["title"],
                text=t["text"],
                lead=t.get("lead", ""),
                all_agencies=t.get("all_agencies", False),
                co_leads=list(t.get("co_leads", [])),
                cooperating=t.get("cooperating", ""),
                products=list(t.get("products", [])),
                product_text=t.get("product_text", ""),
                deadline=t.get("deadline", ""),
                detailed_in=t.get("detailed_in", ""),
                notes=t.get("notes", ""),
                level=t.get("level", ""),
                sheet=path.name,
            )
            for t in data.get("task", [])
        ],
    )
