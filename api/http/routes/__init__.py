"""One module per resource, each with its `router` (and `writes`, the routes that need the token);
api.http.app includes every one. Route modules never import each other: what two share lives in
api.http (deps, pages, answers) or api.shapes."""
