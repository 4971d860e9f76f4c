"""The supervision ledger (督办台账), kept apart from the parsed facts so reloads never lose it: its
records and terms (records: statuses, lights, progress, corrections, the audit trail), progress
(progress, progress_sheet), corrections applied over the parser's facts, lights as of a date,
leaders' loads, and the ledger as rows (rows) and as files offices open (xlsx).
May import graph's model, store protocol and queries (with lineage's records, which the protocol
reads: the 上级任务 column), and loaders' records and limits; the stores import only `records` from here."""
