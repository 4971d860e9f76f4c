"""The HTTP API: `create_app(settings, store)` (app), what routes get (deps), the one error shape
(errors), the guards a request meets before its body is read (request_guard, disconnect,
protocol), offline docs, and the routes, one module per resource under `routes/`.
The only room that imports fastapi; it may import api's shared pieces, graph, loaders and
visualizations, never api.cli."""
