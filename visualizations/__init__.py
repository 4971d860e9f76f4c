"""Pages and charts drawn from graph query results: subgraphs within a budget, layouts computed in
Python, the page templates (autoescaped), SVG charts, the home and ledger pages. May import graph
and loaders' records; never api or fastapi."""
