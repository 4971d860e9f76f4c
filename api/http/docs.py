"""/docs (Swagger UI) and /redoc served with no CDN, for offices on an isolated network:
FastAPI's self-hosting recipe, with the Swagger UI and ReDoc files the pinned fastapi-offline
package ships (its FastAPIOffline factory is not used: the app is built by create_app)."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs-assets"
# Swagger UI asks validator.swagger.io for a badge unless told not to
SWAGGER_PARAMETERS = {"validatorUrl": None, "deepLinking": True, "tryItOutEnabled": True}
# ReDoc 2 draws its maker's logo from their CDN whatever its options say: the browser is told to
# load nothing from anywhere but this server (the page's own inline script and styles aside)
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
            "frame-ancestors 'self'")


def install_offline_docs(app: FastAPI) -> None:
    """Serve /docs and /redoc from the package's files (the app must be made with docs_url=None
    and redoc_url=None, so FastAPI adds no CDN pages of its own)."""
    files = resources.files("fastapi_offline") / "static"
    app.mount(ASSETS, StaticFiles(directory=str(files)), name="docs-assets")
    openapi = app.openapi_url or "/openapi.json"
    redirect = app.swagger_ui_oauth2_redirect_url or "/docs/oauth2-redirect"

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return _no_outside(get_swagger_ui_html(openapi_url=openapi, title=f"{app.title} — API docs 接口文档",
                                   swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{ASSETS}/favicon.png", oauth2_redirect_url=redirect,
                                   swagger_ui_parameters=SWAGGER_PARAMETERS))

    @app.get(redirect, include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return _no_outside(get_redoc_html(openapi_url=openapi, title=f"{app.title} — ReDoc",
                              redoc_js_url=f"{ASSETS}/redoc.standalone.js", redoc_favicon_url=f"{ASSETS}/favicon.png",
                              with_google_fonts=False))


def _no_outside(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = DOCS_CSP
    return page
