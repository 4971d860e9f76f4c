"""The ways in: the `dutygraph` command line and (later) the HTTP API."""
