"""The supervision ledger on both stores: progress history, lights for a fixed "as of" date,
year-less deadlines named and not placed, the audit log."""

from __future__ import annotations

from datetime import date

import pytest

from graph.errors import LedgerError
from graph.ledger import lights, records, terms
from graph.ledger.records import AuditFilter, make_progress
from graph.service import load_parsed
from graph.store import DueWindow, TaskFilter
from loaders import parse_text

LEDGER_DOC = """浙江省人民政府办公厅关于印发某方案的通知
一、王  伟副省长牵头重点工作
1.强化资金保障。(责任单位:省财政厅、省教育厅;完成时限:2021年3月底前)
2.推进数字化改革。(牵头单位:省发展改革委;配合单位:省财政厅;完成时限:2021年6月30日前)
二、其他工作
3.建立长效机制。(责任单位:省教育厅;完成时限:长期坚持)
4.开展专项检查。(责任单位:省财政厅;完成时限:9月底前)
5.完善考核办法。(责任单位:省教育厅)
"""
AS_OF = date(2021, 6, 20)
HOW = lights.LightSettings(AS_OF, 15)


def task_id(doc, n):
    return next(t.id for t in doc.tasks if t.number == n)


@pytest.fixture
def loaded(store):
    parsed = parse_text(LEDGER_DOC, source="records.txt")
    load_parsed(store, parsed)
    return store, parsed


def test_light_rules():
    assert terms.light(date(2021, 3, 31), True, "推进中", AS_OF, 15) == "red"
    assert terms.light(date(2021, 3, 31), True, "已完成", AS_OF, 15) == "green"
    assert terms.light(date(2021, 3, 31), True, "已销号", AS_OF, 15) == "green"
    assert terms.light(date(2021, 6, 30), True, None, AS_OF, 15) == "yellow"
    assert terms.light(date(2021, 7, 5), True, None, AS_OF, 15) == "yellow"  # exactly 15 days on
    assert terms.light(date(2021, 7, 6), True, None, AS_OF, 15) == "green"
    assert terms.light(date(2021, 9, 30), False, None, AS_OF, 15) == "grey"
    assert terms.light(None, False, "推进中", AS_OF, 15) == "grey"


def test_progress_history_and_latest(loaded):
    store, parsed = loaded
    first, second = task_id(parsed, 1), task_id(parsed, 2)
    store.add_progress([make_progress(first, "推进中", "资金已下达一半", date(2021, 3, 1), "财政厅张三")])
    store.add_progress([make_progress(first, "已完成", "全部到位", date(2021, 4, 2), "财政厅张三"),
                        make_progress(second, "未开始", "", date(2021, 4, 2), "发改委李四")])
    history = store.progress_history(first)
    assert [(p.status, p.note, p.reported) for p in history] == [
        ("推进中", "资金已下达一半", date(2021, 3, 1)), ("已完成", "全部到位", date(2021, 4, 2))]
    latest = store.latest_progress([first, second, task_id(parsed, 3)])
    assert {k: v.status for k, v in latest.items()} == {first: "已完成", second: "未开始"}


def test_latest_progress_is_by_day_reported(loaded):
    store, parsed = loaded
    first = task_id(parsed, 1)
    store.add_progress([make_progress(first, "推进中", "later day", date(2021, 5, 1), "甲")])
    store.add_progress([make_progress(first, "未开始", "earlier day, recorded late", date(2021, 4, 1), "乙")])
    assert store.latest_progress([first])[first].note == "later day"


def test_lights_as_of_a_fixed_date(loaded):
    store, parsed = loaded
    store.add_progress([make_progress(task_id(parsed, 2), "推进中", "", date(2021, 6, 1), "李四")])
    lit = {t.row.props["number"]: t.light for t in lights.lit_tasks(store, TaskFilter(), HOW)}
    assert lit == {1: "red", 2: "yellow", 3: "grey", 4: "grey", 5: "grey"}
    store.add_progress([make_progress(task_id(parsed, 1), "已销号", "", date(2021, 6, 2), "张三")])
    assert lights.counts(lights.lit_tasks(store, TaskFilter(), HOW)) == {"red": 0, "yellow": 1, "green": 1,
                                                                         "grey": 3}


def test_light_counts_per_agency(loaded):
    store, _ = loaded
    per = {e["name"]: e for e in lights.counts_per_agency(lights.lit_tasks(store, TaskFilter(), HOW))}
    finance = per["浙江省财政厅"]
    assert (finance["red"], finance["yellow"], finance["grey"], finance["total"], finance["lead"]) == (1, 1, 1, 3, 2)


def test_year_less_tasks_are_named_not_placed(loaded):
    store, parsed = loaded
    dated = TaskFilter(due=DueWindow(date(2021, 9, 30)))
    assert sorted(r.props["number"] for r in store.tasks(dated, None).rows) == [1, 2]
    total, named = lights.year_unknown_of(store, dated)
    assert total == 1 and named[0]["id"] == task_id(parsed, 4) and named[0]["deadline"] == "9月底前"


def test_due_before_is_the_whole_day(loaded):
    store, _ = loaded
    by_day = TaskFilter(due=DueWindow(date(2021, 6, 30)))
    assert sorted(r.props["number"] for r in store.tasks(by_day, None).rows) == [1, 2]
    day_before = TaskFilter(due=DueWindow(date(2021, 6, 29)))
    assert [r.props["number"] for r in store.tasks(day_before, None).rows] == [1]


def test_progress_writes_leave_audit_lines(loaded):
    store, parsed = loaded
    first = task_id(parsed, 1)
    store.add_progress([make_progress(first, "推进中", "note", date(2021, 3, 1), "张三")])
    store.add_progress([make_progress(task_id(parsed, 2), "推进中", "", date(2021, 3, 2), "李四")])
    total, lines = store.audit(AuditFilter(by="张三"), None)
    assert total == 1 and lines[0].task_id == first and lines[0].doc == parsed.document.id
    assert lines[0].action == "progress" and lines[0].detail == {"status": "推进中", "reported": "2021-03-01"}
    assert store.audit(AuditFilter(document=parsed.document.id), None)[0] == 2
    assert store.audit(AuditFilter(since=date(2999, 1, 1)), None)[0] == 0
    today = records.now().date()
    assert store.audit(AuditFilter(since=today, until=today), 1, 1)[0] == 2


def test_progress_survives_reloading_the_document(loaded):
    store, parsed = loaded
    first = task_id(parsed, 1)
    store.add_progress([make_progress(first, "推进中", "", date(2021, 3, 1), "张三")])
    load_parsed(store, parse_text(LEDGER_DOC + "6.新增一项任务。(责任单位:省教育厅)\n", source="records.txt"))
    assert [p.status for p in store.progress_history(first)] == ["推进中"]


def test_bad_progress_is_refused():
    with pytest.raises(LedgerError, match="status '快好了' is not one of"):
        make_progress("x", "快好了", "", date(2021, 1, 1), "王")
    with pytest.raises(LedgerError, match="'by'"):
        make_progress("x", "推进中", "", date(2021, 1, 1), " ")


def test_existing_tasks(loaded):
    store, parsed = loaded
    assert store.existing_tasks([task_id(parsed, 1), "nope"]) == {task_id(parsed, 1)}


def test_the_sqlite_audit_log_is_append_only(tmp_path):
    import sqlite3

    from graph.stores.sqlite import SqliteStore

    store = SqliteStore(tmp_path)
    parsed = parse_text(LEDGER_DOC, source="records.txt")
    load_parsed(store, parsed)
    store.add_progress([make_progress(task_id(parsed, 1), "推进中", "", date(2021, 3, 1), "张三")])
    store.close()
    conn = sqlite3.connect(tmp_path / "dutygraph.db")
    for statement in ("UPDATE audit SET by = 'someone else'", "DELETE FROM audit"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(statement)
    conn.close()
    assert SqliteStore(tmp_path).audit(AuditFilter(by="张三"), None)[0] == 1


def test_an_older_sqlite_file_gains_the_ledger_tables(tmp_path):
    import sqlite3

    from graph.stores import sql
    from graph.stores.sqlite import SqliteStore

    store = SqliteStore(tmp_path)
    load_parsed(store, parse_text(LEDGER_DOC, source="records.txt"))
    store.close()
    conn = sqlite3.connect(tmp_path / "dutygraph.db")  # as schema 1 left it: no ledger tables
    for table in ("progress", "audit", "corrections"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("UPDATE meta SET value = 1 WHERE key = 'schema'")
    conn.commit()
    conn.close()
    reopened = SqliteStore(tmp_path)
    assert reopened.meta("schema") == sql.SCHEMA_VERSION and reopened.corrections() == []
    assert len(reopened.tasks(TaskFilter(), None).rows) == 5


def test_ledger_writes_are_seen_by_another_connection(loaded):
    """Durable before the call returns: a second store object (its own connection or driver) reads them."""
    from graph.ledger.corrections import correct

    store, parsed = loaded
    first = task_id(parsed, 1)
    store.add_progress([make_progress(first, "推进中", "n", date(2021, 3, 1), "张三")])
    correct(store, parsed.document.id, first, [("set_leaders", {"leaders": ["李明"]})], "王五", "r")
    if store.kind == "sqlite":
        from graph.stores.sqlite import SqliteStore

        other = SqliteStore(store.path.parent)
    else:
        from graph.stores.neo4j import Neo4jStore

        other = Neo4jStore(store.uri)
    try:
        assert [p.note for p in other.progress_history(first)] == ["n"]
        assert [c.kind for c in other.corrections(task=first)] == ["set_leaders"]
        assert other.audit(AuditFilter(), None)[0] == 2
    finally:
        other.close()
