"""The agency registry: one canonical agency per real body, resolved in the issuing jurisdiction
(agencies), and where a document is issued, with its level (jurisdiction). Its vocabulary is data:
graph/data/agencies.yaml. May import graph.compare and loaders' names, regions and records."""
