"""The stores and their languages behind the one GraphStore protocol: SQLite (sqlite.py + sql.py,
embedded; sqlite_rows, sqlite_ledger + sql_ledger) and Neo4j (neo4j.py + cypher.py; neo4j_ledger +
cypher_ledger; neo4j_launcher runs a local server). Only neo4j*.py import the neo4j driver, and
every statement lives in sql*.py / cypher*.py with parameters. May import graph's model and
ledger.records. Above this room a store is opened only through graph.settings.open_store (and
`dutygraph neo4j` runs the launcher)."""
