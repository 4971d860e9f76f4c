"""The stores and their languages: SQLite (sqlite.py + sql.py, embedded) and Neo4j (neo4j.py + cypher.py)."""
