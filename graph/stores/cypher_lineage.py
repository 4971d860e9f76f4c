"""The Cypher of lineage (graph.lineage). Links are relationships between the nodes they join, so
a national task's whole descent is one path query: (:Document)-[:PARENT_OF]->(:Document) and
(:Task)-[:PARENT_OF]->(:Task) for parent → child, [:NEXT_VERSION] for earlier → later. Every link
carries `source_doc` and `target_doc` (indexed) and, between tasks, its relation, score and the
aligned spans (JSON text). Links made or undone by hand are :Ledger:LinkOverride nodes, joined to
nothing, like the rest of the ledger. Values travel as $parameters; a relationship type is put into
a statement only from the fixed TYPES."""

from __future__ import annotations

from graph.lineage.records import MAX_DEPTH

TYPES = {"parent": "PARENT_OF", "version": "NEXT_VERSION"}
KIND_OF = {t: k for k, t in TYPES.items()}
_ANY = "PARENT_OF|NEXT_VERSION"

INDEXES = (
    *(f"CREATE INDEX {t.lower()}_{end} IF NOT EXISTS FOR ()-[r:{t}]-() ON (r.{end})"
      for t in TYPES.values() for end in ("source_doc", "target_doc")),
    "CREATE INDEX link_override_at IF NOT EXISTS FOR (o:LinkOverride) ON (o.seq)",
)


def _type(kind: str) -> str:
    if kind not in TYPES:
        raise ValueError(f"{kind!r} is not a kind of link: one of {', '.join(TYPES)}")
    return TYPES[kind]


# -- writes -----------------------------------------------------------------------------------------------

def clear_document(kind: str, end: str) -> str:
    """Return the statement removing the links of one kind whose `end` (source_doc | target_doc) is $doc."""
    if end not in ("source_doc", "target_doc"):
        raise ValueError(f"{end!r} is not an end of a link")
    return f"MATCH ()-[r:{_type(kind)}]->() WHERE r.{end} = $doc DELETE r"


def create_links(kind: str, label: str) -> str:
    """Return the statement creating a batch of links of one kind between nodes of `label`."""
    if label not in ("Task", "Document"):
        raise ValueError(f"{label!r} nodes are not linked")
    return (f"UNWIND $rows AS row MATCH (a:Node:{label} {{id: row.source}}) USING INDEX SEEK a:Node(id) "
            f"MATCH (b:Node:{label} {{id: row.target}}) USING INDEX SEEK b:Node(id) "
            f"CREATE (a)-[r:{_type(kind)}]->(b) SET r = row.props")


# The nodes of a rewritten document that are not in its new facts lose their links (a reload keeps
# the links of the tasks it keeps; a deleted document loses them all), so none outlives its document.
DETACH_GONE = (f"UNWIND $ids AS id MATCH (n:Node {{id: id}}) USING INDEX SEEK n:Node(id) "
               f"MATCH (n)-[r:{_ANY}]-() DELETE r")

# -- reads ------------------------------------------------------------------------------------------------

_DOC_LINK = ("RETURN a.id AS source, b.id AS target, type(r) AS type, r.how AS how, r.evidence AS evidence "
             "ORDER BY type, source, target")
DOC_LINKS_OF = (f"MATCH (d:Node:Document {{id: $doc}}) USING INDEX SEEK d:Node(id) "
                f"MATCH (a:Document)-[r:{_ANY}]->(b:Document) WHERE a = d OR b = d {_DOC_LINK}")
DOC_LINKS = f"MATCH (a:Document)-[r:{_ANY}]->(b:Document) {_DOC_LINK}"

_TASK_LINK = ("RETURN DISTINCT a.id AS source, b.id AS target, type(r) AS type, r.source_doc AS source_doc, "
              "r.target_doc AS target_doc, r.relation AS relation, r.piece AS piece, r.score AS score, "
              "r.evidence AS evidence ORDER BY source, target")
_TASK_WHERE = ("WHERE ($source_doc IS NULL OR r.source_doc = $source_doc) "
               "AND ($target_doc IS NULL OR r.target_doc = $target_doc) AND ($type IS NULL OR type(r) = $type)")
# a task's links, either way; then the links of a document, seeking by the indexed end
TASK_LINKS_OF = (f"UNWIND $ids AS id MATCH (t:Node:Task {{id: id}}) USING INDEX SEEK t:Node(id) "
                 f"MATCH (a:Task)-[r:{_ANY}]->(b:Task) WHERE (a = t OR b = t) AND "
                 + _TASK_WHERE.removeprefix("WHERE ") + " " + _TASK_LINK)


def links_of_document(kind: str, end: str) -> str:
    """Return the statement reading the task links of one kind whose `end` is $doc."""
    if end not in ("source_doc", "target_doc"):
        raise ValueError(f"{end!r} is not an end of a link")
    return (f"MATCH (a:Task)-[r:{_type(kind)}]->(b:Task) WHERE r.{end} = $doc "
            + _TASK_WHERE.replace("WHERE", "AND", 1) + " " + _TASK_LINK)


# One statement for a task's whole descent (national → province → city …): every path down to
# MAX_DEPTH levels, cut at $depth.
DESCENT = (f"MATCH (t:Node:Task {{id: $id}}) USING INDEX SEEK t:Node(id) "
           f"MATCH p = (t)-[:PARENT_OF*1..{MAX_DEPTH}]->(:Task) WHERE length(p) <= $depth "
           "UNWIND relationships(p) AS r WITH DISTINCT r "
           "RETURN startNode(r).id AS source, endNode(r).id AS target, type(r) AS type, r.source_doc AS source_doc, "
           "r.target_doc AS target_doc, r.relation AS relation, r.piece AS piece, r.score AS score, "
           "r.evidence AS evidence ORDER BY source, target")

INSERT_OVERRIDE = "CREATE (o:Ledger:LinkOverride) SET o = $row"
OVERRIDES = ("MATCH (o:Ledger:LinkOverride) RETURN o.source AS source, o.target AS target, o.kind AS kind, "
             "o.action AS action, o.by AS by, o.reason AS reason, o.at AS at ORDER BY o.seq")
