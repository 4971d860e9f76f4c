"""Pages and charts drawn from graph query results."""
