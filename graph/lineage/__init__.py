"""Task lineage (issue 23): which plan carries out which (parent → child, by the 文号 or title it
cites), which is the next version of which, and, task by task, how a child plan's tasks carry out
its parent's — 照抄, 细化, 改写, 拆分, 合并, 未分解 — with a score and the aligned spans as evidence;
near-duplicate tasks of one unit across plans; counterparts across levels (财政部 → 省财政厅).

text (compared form) → align (blocking and character alignment) → relations (what is a link and
which) → documents (which documents are linked) → service (computed on load and on a link made by
hand, and stored) → answers (lineage, coverage, diff, overlaps) and questions (/ask).
`records` is at the floor below: the store protocol and the ledger read links through it, and it
imports only the ledger's records. The rest may import loaders (base), graph's base, registry and
ledger; never api or visualizations."""
