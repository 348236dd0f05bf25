"""``corroborate serve``: the web app and JSON API over a corroborate database, read-only.

``create_app(db_path)`` builds the FastAPI app; ``serve(db, host, port)`` runs it with uvicorn,
on 127.0.0.1 unless told otherwise. The database is opened read-only (one connection per worker
thread), so the app can run while ``analyze`` adds to the same file: SQLite's WAL mode lets
readers go on during a write.

Article text and metadata are untrusted. Pages escape everything (Jinja2 autoescape), carry no
inline script or style, and every response sends a Content-Security-Policy that allows only
this server's own scripts, styles and fetches. Static files are served from a fixed list, never
from a path the request names. The JavaScript the pages need (plotly.js, Swagger UI) comes from
installed Python packages, so no page asks any other host for anything.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import sqlite3
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import quote

import plotly
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from plotly.offline import get_plotlyjs
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from corroborate.present.export import format_bounds, format_number
from corroborate.present.report_html import measure_label, slug
from corroborate.present.web_api import ApiError, api_router
from corroborate.present.web_pages import page_router
from corroborate.present.web_state import (
    FigureProvider,
    StoryProvider,
    WebState,
    installed_figures,
    installed_stories,
)

__all__ = ["CONTENT_SECURITY_POLICY", "app_from_environment", "create_app", "error_response", "serve"]

HERE = Path(__file__).parent
TEMPLATES = HERE / "web_templates"
STATIC = HERE / "web_static"

#: Sent with every response. No 'unsafe-inline' anywhere: pages hold no inline script or style,
#: and plotly's own stylesheet is given as a file (see web_static/plotly-chart.css).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
    " object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = (
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),  # article links must not tell their sites what was read here
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
)
STATIC_MAX_AGE = 3600
API_PREFIXES = ("/api/", "/openapi.json")

log = logging.getLogger(__name__)


def swagger_assets() -> Path | None:
    """The folder of Swagger UI's JavaScript and CSS from the fastapi-offline package, if installed."""
    try:
        import fastapi_offline
    except ImportError:
        return None
    folder = Path(fastapi_offline.__file__).parent / "static"
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def static_files() -> dict[str, Path]:
    """Every file served under /static/: our own, plotly.js and Swagger UI. Nothing else is reachable."""
    files = {p.name: p for p in STATIC.iterdir() if p.is_file()}
    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if plotly_js.is_file():
        files["plotly.min.js"] = plotly_js
    swagger = swagger_assets()
    if swagger is not None:
        for name in ("swagger-ui-bundle.js", "swagger-ui.css"):
            files[name] = swagger / name
    return files


def plotly_style_ids(plotly_js: Path | None) -> tuple[str, ...]:
    """Ids of the <style> elements plotly.js's bundled map libraries insert unless one exists.

    The CSP refuses those inline styles (a console error on every chart page, though maps are
    never drawn here); a page that already holds an element with the id makes them skip it. The
    ids are hashes that change with plotly's version, so they are read from the installed file.
    """
    if plotly_js is None or not plotly_js.is_file():
        return ()
    text = plotly_js.read_text(encoding="utf-8", errors="replace")
    pattern = r'getElementById\("([0-9a-f]{32,64})"\)\)\{var \w+=document\.createElement\("style"\)'
    return tuple(dict.fromkeys(re.findall(pattern, text)))


class SecurityHeaders:
    """ASGI middleware adding the CSP and related headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def wants_json(request: Request) -> bool:
    """Whether an error on this path is answered in JSON (the API) rather than as a page."""
    path = request.url.path
    return path.startswith(API_PREFIXES) or path == "/api"


def error_response(
    request: Request, env: Environment, status: int, code: str, message: str, detail: Any = None
) -> Response:
    """The one error shape: JSON under /api/, an HTML page elsewhere, with the same fields."""
    if wants_json(request):
        body = {"error": {"status": status, "code": code, "message": message, "detail": detail}}
        return JSONResponse(body, status_code=status)
    html = env.get_template("error.html.j2").render(
        request=request, status=status, code=code, message=message, detail=detail, nav=None
    )
    return HTMLResponse(html, status_code=status)


def validation_detail(exc: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    """A one-line message and a per-parameter list from pydantic's validation errors."""
    detail = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        name = loc[-1] if loc else "request"
        detail.append(
            {"parameter": name, "in": loc[0] if loc else "query", "problem": str(err.get("msg", ""))}
        )
    first = detail[0] if detail else {"parameter": "request", "problem": "invalid"}
    message = f"bad value for {first['parameter']!r}: {first['problem']}"
    if len(detail) > 1:
        message += f" (and {len(detail) - 1} more)"
    return message, detail


def template_env() -> Environment:
    """The page templates, autoescaped, with the filters they use."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["thousands"] = lambda n: f"{n:,}" if isinstance(n, int) else n
    env.filters["slug"] = slug
    env.filters["label"] = measure_label
    env.filters["number"] = lambda v, unit=None: "" if v is None else format_number(v, unit)
    env.filters["bounds"] = lambda c: format_bounds(c.value_low, c.value_high, c.approx, c.vague, c.unit)
    env.filters["urlq"] = lambda v: quote(str(v), safe="")
    return env


def create_app(
    db_path: Path,
    figures: FigureProvider = installed_figures,
    stories: StoryProvider = installed_stories,
    server: bool = False,
) -> FastAPI:
    """The FastAPI app serving the database at ``db_path`` read-only.

    ``figures`` and ``stories`` supply reconciled figures and stories (see web_state); by default
    they come from the stage modules once those exist. Raises FileNotFoundError or ValueError
    (with what to do) when ``db_path`` is not a corroborate database. ``server`` says the app owns
    its process (``serve``): the garbage collector is then tuned for it (``serve_gc``).
    """
    if server:
        serve_gc()
    state = WebState(db_path, figures, stories, freeze_gc=server)
    env = template_env()
    files = static_files()
    env.globals["plotly_style_ids"] = plotly_style_ids(files.get("plotly.min.js"))
    app = FastAPI(
        title="corroborate",
        summary="A sourced ledger of quantitative claims read from news articles.",
        version="1",
        docs_url=None,  # FastAPI's own docs page loads Swagger UI from a CDN; ours serves it locally
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.web = state
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return error_response(request, env, exc.status, exc.code, exc.message, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        message, detail = validation_detail(exc)
        return error_response(request, env, 422, "bad_parameter", message, detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        try:
            phrase = HTTPStatus(exc.status_code).phrase
        except ValueError:
            phrase = "Error"
        code = slug(phrase).replace("-", "_")
        message = exc.detail if isinstance(exc.detail, str) and exc.detail != phrase else phrase
        if exc.status_code == 404:
            message = f"nothing at {request.url.path}; see /api/ for the API or / for the pages"
        response = error_response(request, env, exc.status_code, code, message)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(sqlite3.OperationalError)
    async def database_busy(request: Request, exc: sqlite3.OperationalError) -> Response:
        # a reader only waits on a writer during a WAL checkpoint; past the busy timeout, try later
        log.warning("database error on %s: %s", request.url.path, exc)
        if "locked" in str(exc) or "busy" in str(exc):
            response = error_response(
                request, env, 503, "busy", "the database is busy; try again in a moment"
            )
            response.headers["Retry-After"] = "1"
            return response
        return error_response(
            request, env, 500, "internal_error", "the database could not answer this request"
        )

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        log.exception("error on %s", request.url.path)
        return error_response(request, env, 500, "internal_error", "something went wrong on the server")

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        path = files.get(name)
        if path is None:
            if name == "plotly.min.js":  # a plotly without the file: its bundle, from memory
                return Response(get_plotlyjs(), media_type="text/javascript")
            raise ApiError(404, "not_found", f"no static file {name!r}")
        return FileResponse(path, headers={"Cache-Control": f"public, max-age={STATIC_MAX_AGE}"})

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        html = env.get_template("docs.html.j2").render(
            request=request, nav="api", swagger="swagger-ui-bundle.js" in files, openapi_url=app.openapi_url
        )
        return HTMLResponse(html)

    app.include_router(api_router(state))
    app.include_router(page_router(state, env))
    return app


# Young-generation threshold of a serving process (CPython's default is 700 allocations). Under
# 8 concurrent clients the objects of requests in flight outlive young collections, reach the
# oldest generation, and trigger full collections of the whole heap every few seconds: 80-400 ms
# pauses of every request on the 100,000-claim benchmark database, the p95 of the figure page.
SERVER_GC_THRESHOLDS = (20_000, 20, 50)


def serve_gc() -> None:
    """Tune the collector of a process that only serves: collect what start-up made, set
    everything alive aside (``gc.freeze``), and collect the young generation less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*SERVER_GC_THRESHOLDS)


WORKER_HEALTHCHECK_SECONDS = 60
DB_ENVIRONMENT = "CORROBORATE_WEB_DB"  # how serve() tells worker processes which database to open


def app_from_environment() -> FastAPI:
    """The app for the database named by ``$CORROBORATE_WEB_DB``: what each worker process runs."""
    db = os.environ.get(DB_ENVIRONMENT)
    if not db:
        raise RuntimeError(f"set {DB_ENVIRONMENT} to the database file, or use serve(db, ...)")
    return create_app(Path(db), server=True)


def serve(db: Path, host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Run the web app on ``host:port`` until interrupted.

    One process answers requests on a pool of threads; ``workers`` > 1 starts that many processes
    (uvicorn's supervisor), which is how the app uses more than one core: page rendering is
    Python, and one interpreter runs it on one core at a time. Each worker keeps its own cache
    and reads the stored figures on its own (or reconciles them, if ``analyze`` stored none).
    """
    import uvicorn

    options: dict[str, Any] = {"host": host, "port": port, "log_level": "info", "server_header": False}
    if workers > 1:
        create_app(db)  # check the database here, with its message, before forking workers
        os.environ[DB_ENVIRONMENT] = str(Path(db).resolve())
        # a worker busy reconciling on a loaded machine answers the supervisor's ping late; the
        # default 5 s would have it killed (and its connections reset) for being slow
        uvicorn.run(
            f"{__name__}:app_from_environment",
            factory=True,
            workers=workers,
            timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
            **options,
        )
    else:
        uvicorn.run(create_app(db, server=True), **options)
