"""The responsibility graph: records → facts (build, facts, people, indexing), the GraphStore
protocol (store) with its rows and filters, the questions written once above it (queries, ask,
analysis with networkx, export), and loading (service). Rooms: registry/ (agencies and
jurisdictions), stores/ (SQLite and Neo4j, the only modules that speak SQL or Cypher), ledger/
(the supervision ledger), lineage/ (plans across levels and versions, and how their tasks align).
May import loaders; never api, visualizations, fastapi or pyvis."""
