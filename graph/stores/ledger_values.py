"""The ledger's records as the values both stores keep (graph/stores/sqlite_ledger.py and
neo4j_ledger.py write the same fields): dates as ISO text, structured details as compact JSON."""

from __future__ import annotations

import json
from typing import Any

from graph.ledger import records

as_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def progress_values(p: records.Progress) -> dict[str, Any]:
    return {"task": p.task_id, "status": p.status, "note": p.note, "reported": p.reported.isoformat(), "by": p.by,
            "recorded_at": p.recorded_at.isoformat()}


def audit_values(entry: records.AuditEntry) -> dict[str, Any]:
    return {"at": entry.at.isoformat(), "by": entry.by, "action": entry.action, "task": entry.task_id,
            "doc": entry.doc, "reason": entry.reason, "detail": as_json(entry.detail)}


def correction_values(c: records.Correction) -> dict[str, Any]:
    return {"id": c.id, "doc": c.doc, "path": c.path, "text_hash": c.text_hash, "task": c.task_id, "kind": c.kind,
            "payload": as_json(c.payload), "by": c.by, "reason": c.reason, "at": c.at.isoformat(), "state": c.state,
            "state_reason": c.state_reason}
