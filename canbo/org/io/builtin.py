"""The built-in organisation (org/data/builtin.toml) as a dataset."""

import tomllib
from pathlib import Path

from canbo.org.dataset import EventRow, OrgDataset, VersionRow

BUILTIN = Path(__file__).resolve().parent.parent / "data" / "builtin.toml"


def builtin_dataset(path: Path = BUILTIN) -> OrgDataset:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    versions = [
        VersionRow(
            code=u["code"],
            name=u["name"],
            short_name=u.get("short_name", ""),
            kind=u["kind"],
            parent_code=u.get("parent", ""),
            valid_from=u["from"],
            valid_to=u.get("to"),
            sheet=path.name,
        )
        for u in data.get("unit", [])
    ]
    events = [
        EventRow(
            kind=e["kind"],
            effective_date=e["date"],
            predecessors=list(e["predecessors"]),
            successors=list(e.get("successors", [])),
            decision_number=e.get("decision", {}).get("number", ""),
            decision_date=e.get("decision", {}).get("date"),
            decision_issuer=e.get("decision", {}).get("issuer", ""),
            note=e.get("note", ""),
            sheet=path.name,
        )
        for e in data.get("event", [])
    ]
    return OrgDataset(versions=versions, events=events)
