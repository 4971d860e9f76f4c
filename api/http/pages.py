"""What every page route shares: the Content-Security-Policy its answers carry, and the few slots
page and chart builds take turns in."""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import Request

from visualizations.chrome import CONTENT_SECURITY_POLICY

CSP = CONTENT_SECURITY_POLICY


async def page_slot(request: Request) -> AsyncIterator[None]:
    """Wait for one of the few slots page and chart builds share (DUTYGRAPH_PAGE_WORKERS): a burst
    of them takes that many threads, not all, and reads keep theirs. A request whose client
    leaves while it waits is cancelled there (api.http.disconnect)."""
    async with request.app.state.page_slots:
        yield
