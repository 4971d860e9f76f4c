"""The ways in: the HTTP API (`api.http`) and the `dutygraph` command line (`api.cli`), over the
pieces both use: settings read at the edge (`settings`), the JSON shapes of answers (`shapes`,
`shapes_ledger`) and the parser processes uploads and loads are read in (`parse_pool`).
May import graph, loaders and visualizations; nothing below api imports it."""
