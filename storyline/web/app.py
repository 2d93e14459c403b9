"""The FastAPI app: server-rendered story pages, a paste/upload page, and a small JSON API.

Pages and API read one story store (`storyline ingest` writes it) through `storyline.service`. Every
article string reaches the page through Jinja2 autoescaping; ids are only ever looked up in the store,
never joined into a file path; bodies over the size limit get a 413 before they are read, and a body
holding more articles or words than one request may brief gets a 413 that says which limit it passed.
Every response, errors included, carries the security headers; no response shows a traceback or a
server path.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from http import HTTPStatus
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import jinja2
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp

from storyline.errors import ConfigError, StorylineError
from storyline.models import Report
from storyline.render.json import briefing_dict, report_dict
from storyline.service import RequestTooLarge, Upload, brief_uploads
from storyline.settings import DEFAULT_METHOD, DEFAULT_WORDS, MAX_WORDS, METHODS, MIN_WORDS, Settings
from storyline.store import StoryInfo, StoryQuery
from storyline.web.catalog import Catalog
from storyline.web.headers import SecurityHeaders
from storyline.web.views import (
    article_paragraphs,
    citation_links,
    cited_sentences,
    coverage,
    entity_groups,
    is_web_url,
    source_numbers,
)

__all__ = ["app_from_env", "check_store", "create_app"]

MAX_FILES = 50
LIST_PAGE = 50  # stories per page of the list
MAX_OFFSET = 10_000_000  # beyond any store's story count; larger offsets are refused, not passed to SQL
_ID = re.compile(r"[\w.:-]{1,200}")
_STATIC = Path(__file__).with_name("static")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("storyline.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(is_web_url=is_web_url, entity_groups=entity_groups, static=lambda name: f"/static/{name}")
    env.filters.update(highlight=highlight, merge=lambda params, **more: {**params, **more})
    return env


def highlight(snippet: str) -> Markup:
    """A search snippet with its «matched» words marked: the text escaped, only the marks made markup."""
    parts = re.split(r"[«»]", snippet)
    return Markup("").join(
        escape(part) if k % 2 == 0 else Markup("<mark>%s</mark>") % part for k, part in enumerate(parts)
    )


def render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)


def _checked_id(value: str, what: str) -> str:
    """Ids are looked up, never used as paths; anything that is not id-shaped is simply not found."""
    if not _ID.fullmatch(value):
        raise HTTPException(404, f"no {what} {value!r}")
    return value


def _briefing_context(b: dict[str, Any], article_href, cite_href) -> dict[str, Any]:
    return {
        "b": b,
        "numbers": source_numbers(b),
        "links": citation_links(b, cite_href),
        "article_href": article_href,
        "outlets": sorted({a["source"] for a in b["articles"] if a.get("source")}),
        "used_words": sum(len(point["text"].split()) for point in b["summary"]),
    }


def _stored_story_page(b: dict[str, Any]) -> str:
    base = f"/stories/{quote(b['id'], safe='')}/articles/"

    def article_href(article_id: str) -> str:
        return base + quote(article_id, safe="")

    def cite_href(article_id: str, sentence: int) -> str:
        return article_href(article_id) + (f"#s-{sentence}" if sentence >= 0 else "")

    return render("story.html", coverage=coverage(b), **_briefing_context(b, article_href, cite_href))


def _brief_result_page(report: Report, form: dict[str, Any], status: int = 200) -> HTMLResponse:
    """The briefing of pasted articles, with the articles on the same page (they are stored nowhere)."""
    context: dict[str, Any] = {"b": None, "problems": report.problems, "notice": "", **form}
    if not report.stories:
        context["notice"] = "Nothing to brief: no input held a usable article."
    if report.stories:
        briefing = report.stories[0]
        b = briefing_dict(briefing)
        order = {article.id: number for number, article in enumerate(briefing.story.articles, 1)}

        def article_href(article_id: str) -> str:
            return f"#a{order.get(article_id, 0)}"

        def cite_href(article_id: str, sentence: int) -> str:
            return f"#a{order.get(article_id, 0)}" + (f"-s-{sentence}" if sentence >= 0 else "")

        context |= _briefing_context(b, article_href, cite_href)
        context["articles"] = [
            {"article": a, "paragraphs": article_paragraphs(a, cited_sentences(b, a.id))}
            for a in briefing.story.articles
        ]
    return HTMLResponse(render("brief.html", **context), status_code=status)


def _form_defaults(settings: Settings, text: str = "") -> dict[str, Any]:
    return {
        "text": text,
        "words": settings.words,
        "method": settings.method,
        "methods": list(METHODS),
        "min_words": MIN_WORDS,
        "max_words": MAX_WORDS,
        "max_mb": f"{settings.max_request_bytes / 1e6:g}",
        "max_bytes": settings.max_request_bytes,
    }


def _checked(make: Callable[[], Any]) -> Any:
    """A value checked by the settings' own rules; their message, as a 400, when it breaks them."""
    try:
        return make()
    except ConfigError as error:
        raise HTTPException(400, str(error)) from None


def _form_date(value: str, name: str) -> date | None:
    """A date from a form field: empty means none; anything but YYYY-MM-DD is a 400 that says so."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None


def _whole_number(value: object, name: str) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise HTTPException(400, f"The {name!r} option must be a whole number. Got {value!r} instead.") from None


async def _uploads_from_form(request: Request, max_bytes: int) -> tuple[list[Upload], dict[str, Any]]:
    form = await request.form(max_files=MAX_FILES, max_fields=20, max_part_size=max_bytes)
    uploads = []
    text = form.get("text")
    if isinstance(text, str) and text.strip():
        uploads.append(Upload("pasted text", text.encode("utf-8", "surrogatepass")))
    for item in form.getlist("files"):
        if isinstance(item, UploadFile) and item.filename:
            uploads.append(Upload(item.filename, await item.read()))
    fields = {key: form.get(key) for key in ("words", "method")}
    return uploads, {"text": text if isinstance(text, str) else "", **fields}


class _Storyline(FastAPI):
    """FastAPI with the security headers outside every other layer, so that a 500 or a 413 has them too."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


def check_store(settings: Settings) -> str:
    """Open the settings' store once, as `serve` does before it starts workers: its location, for messages."""
    catalog = Catalog(settings)
    catalog.close()
    return catalog.location


def create_app(settings: Settings) -> FastAPI:
    """The app over one store. `settings.max_request_bytes` bounds every request body (uploads included);
    `settings.page_cache` rendered pages are kept per process (0 renders every request: the benchmark's
    baseline)."""
    catalog = Catalog(settings)
    max_bytes = settings.max_request_bytes
    app = _Storyline(
        title="Storyline",
        summary="Stories, their cited briefings, and briefing on demand.",
        docs_url=None,  # the stock docs page loads its script from a CDN; /api/docs is served locally
        redoc_url=None,
        max_body_size=max_bytes,  # checked on the declared length and on the bytes received: a clean 413
    )
    app.state.catalog = catalog
    app.mount("/static", StaticFiles(directory=_STATIC), name="static")

    def found_story(story_id: str) -> StoryInfo:
        info = catalog.story(_checked_id(story_id, "story"))
        if info is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return info

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if error.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE and not isinstance(error, HTTPException):
            error = StarletteHTTPException(413, f"the request body is over the {max_bytes / 1e6:g} MB limit")
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": error.detail}, status_code=error.status_code, headers=error.headers)
        reason = HTTPStatus(error.status_code).phrase
        page = render("error.html", status=error.status_code, reason=reason, detail=error.detail)
        return HTMLResponse(page, status_code=error.status_code, headers=error.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            return await request_validation_exception_handler(request, error)
        detail = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in error.errors())
        page = render("error.html", status=400, reason="Bad Request", detail=detail)
        return HTMLResponse(page, status_code=400)

    @app.exception_handler(StorylineError)
    async def store_error(request: Request, error: StorylineError) -> Response:
        """A store that cannot answer (damaged, busy, gone): a 503 with its one-line reason, no server path."""
        detail = f"the story store cannot answer: {getattr(error, 'message', None) or error}"
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": detail}, status_code=503)
        return HTMLResponse(render("error.html", status=503, reason="Service Unavailable", detail=detail), 503)

    # ---- pages ---------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def story_list(
        q: Annotated[str, Query(max_length=200)] = "",
        since: Annotated[str, Query(max_length=10)] = "",
        until: Annotated[str, Query(max_length=10)] = "",
        outlet: Annotated[str, Query(max_length=200)] = "",
        min_sources: Annotated[int, Query(ge=0, le=1000)] = 0,
        order: Annotated[str, Query(pattern="^(top|recent|oldest)$")] = "top",
        page: Annotated[int, Query(ge=1, le=MAX_OFFSET // LIST_PAGE)] = 1,
    ) -> str:
        """Top stories (or a search), with filters; the form sends empty fields, which mean "any"."""
        query = StoryQuery(
            text=q,
            order=order,
            since=_form_date(since, "since"),
            until=_form_date(until, "until"),
            outlet=outlet,
            min_sources=min_sources,
            limit=LIST_PAGE,
            offset=(page - 1) * LIST_PAGE,
        )
        rows, total = catalog.stories(query)
        filters = {"q": q, "since": since, "until": until, "outlet": outlet, "min_sources": min_sources, "order": order}
        link_params = {k: v for k, v in filters.items() if v and not (k == "order" and v == "top")}
        return render(
            "stories.html",
            rows=rows,
            total=total,
            filters=filters,
            filtered=any(link_params.get(k) for k in ("since", "until", "outlet", "min_sources")) or order != "top",
            link_params=link_params,
            outlets=catalog.outlets(),
            page=page,
            pages=max(1, -(-total // LIST_PAGE)),
        )

    async def cached_page(key: tuple[Any, ...], make: Callable[[], str]) -> HTMLResponse:
        """A page from the cache, else made in a worker thread (briefing and rendering take CPU time).

        Handlers are async so that a cache hit costs one indexed store read on the event loop and no
        thread hand-off: that is what keeps p99 low under load.
        """
        page = catalog.pages.peek(key)
        if page is None:
            page = await run_in_threadpool(make)
            catalog.pages.put(key, page)
        return HTMLResponse(page)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    async def story_page(story_id: str) -> Response:
        info = found_story(story_id)
        if info.id != story_id:  # merged into another story: its page is the one to read
            return RedirectResponse(f"/stories/{quote(info.id, safe='')}", status_code=301)
        return await cached_page(("story", info.id, info.version), lambda: _stored_story_page(catalog.briefing(info)))

    @app.get("/stories/{story_id}/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    async def article_page(story_id: str, article_id: str) -> Response:
        info = found_story(story_id)
        if info.id != story_id:
            target = f"/stories/{quote(info.id, safe='')}/articles/{quote(article_id, safe='')}"
            return RedirectResponse(target, status_code=301)
        article = catalog.article(info.id, _checked_id(article_id, "article"))
        if article is None:
            raise HTTPException(404, f"story {story_id!r} has no article {article_id!r}")

        def page() -> str:
            b = catalog.briefing(info)
            return render(
                "article.html",
                article=article,
                paragraphs=article_paragraphs(article, cited_sentences(b, article.id)),
                number=source_numbers(b).get(article.id, "?"),
                story_id=info.id,
                story_title=info.title,
            )

        return await cached_page(("article", info.id, article.id, info.version), page)

    @app.get("/brief", response_class=HTMLResponse, include_in_schema=False)
    def paste_page() -> str:
        return render("brief.html", b=None, problems=[], notice="", **_form_defaults(settings))

    @app.post("/brief", response_class=HTMLResponse, include_in_schema=False)
    async def paste_brief(request: Request) -> HTMLResponse:
        uploads, fields = await _uploads_from_form(request, max_bytes)
        chosen = _checked(
            lambda: settings.with_options(
                words=_whole_number(fields["words"], "words") if fields["words"] else None,
                method=fields["method"] or None,
            )
        )
        form = _form_defaults(chosen, fields["text"])
        if not uploads:
            raise HTTPException(400, "nothing to brief: paste some text or choose files")
        report = await _brief(uploads, chosen)
        return _brief_result_page(report, form, 200 if report.stories else 422)

    async def _brief(uploads: list[Upload], chosen: Settings) -> Report:
        try:
            return await run_in_threadpool(brief_uploads, uploads, chosen)
        except RequestTooLarge as error:
            raise HTTPException(413, str(error)) from None

    @app.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs() -> str:
        return render("api.html", spec=app.openapi())

    # ---- JSON API ------------------------------------------------------------------------

    @app.get("/api/stories", tags=["stories"])
    def api_stories(
        q: Annotated[
            str, Query(max_length=200, description="Full-text search over titles and article text; best match first.")
        ] = "",
        order: Annotated[
            str,
            Query(
                pattern="^(top|recent|oldest)$",
                description="top: more independent sources and fresher first (stories with one source after the "
                "rest); recent: latest article first; oldest: in the order the stories began.",
            ),
        ] = "top",
        since: Annotated[date | None, Query(description="Only stories with an article on or after this date.")] = None,
        until: Annotated[date | None, Query(description="Only stories with an article on or before this date.")] = None,
        outlet: Annotated[str, Query(max_length=200, description="Only stories this outlet covers (exact name).")] = "",
        min_sources: Annotated[
            int, Query(ge=0, le=1000, description="Only stories with at least this many independent sources.")
        ] = 0,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> dict[str, Any]:
        """Stories in a stable order with filters and pages: id, title, size, outlets, independent sources (each
        outlet and each group of wire copies counted once), first and last date, a one-line lede, version; for a
        search, the best-matching snippet. `total` counts every story that matches."""
        query = StoryQuery(q, order, since, until, outlet, min_sources, limit, offset)
        rows, total = catalog.stories(query)
        return {"total": total, "stories": [row.as_dict() for row in rows]}

    @app.get("/api/stories/{story_id}", tags=["stories"], responses={404: {"description": "No such story"}})
    def api_story(story_id: str) -> dict[str, Any]:
        """One story's briefing: the same object as a story of `storyline brief --format json`. An id merged into
        another story gives that story."""
        return catalog.briefing(found_story(story_id))

    @app.post(
        "/api/brief",
        tags=["brief"],
        responses={
            400: {"description": "A bad words or method value"},
            413: {"description": "Body over the size limit, or more articles or words than one request may brief"},
            422: {"description": "No usable article in the body; `problems` says why"},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "description": "An article {text, title?, source?, url?, "
                            "date?}, a list of them, or {articles: [...]}"
                        }
                    },
                    "text/plain": {"schema": {"type": "string", "description": "Articles separated by |||||"}},
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                                "text": {"type": "string"},
                            },
                        }
                    },
                },
            }
        },
    )
    async def api_brief(
        request: Request,
        words: Annotated[int, Query(ge=MIN_WORDS, le=MAX_WORDS)] = DEFAULT_WORDS,
        method: Annotated[str, Query(description=f"One of: {', '.join(METHODS)}")] = DEFAULT_METHOD,
    ) -> JSONResponse:
        """Brief the articles in the body: the same JSON as `storyline brief --format json`."""
        chosen = _checked(lambda: settings.with_options(words=words, method=method))
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "multipart/form-data":
            uploads, _ = await _uploads_from_form(request, max_bytes)
        else:
            suffix = ".json" if content_type.endswith("json") else ".html" if "html" in content_type else ""
            uploads = [Upload("request body", await request.body(), suffix)]
        report = await _brief(uploads, chosen)
        body = report_dict(report)
        if not report.stories:
            body["detail"] = "nothing to brief: no input held a usable article"
            return JSONResponse(body, status_code=422)
        return JSONResponse(body)

    return app


def app_from_env() -> FastAPI:
    """For `uvicorn --factory` with several worker processes: `serve` puts its settings in STORYLINE_SETTINGS."""
    return create_app(Settings.from_env())
