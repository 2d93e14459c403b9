"""The web app (`storyline serve`): story list, story and article pages, paste page, JSON API.

Needs the `web` extra (fastapi, uvicorn, python-multipart).
"""

from storyline.web.app import create_app

__all__ = ["create_app"]
