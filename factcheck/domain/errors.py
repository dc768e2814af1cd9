"""Domain errors. The web edge maps each to a status code and a JSON or HTML answer."""


class FactcheckError(Exception):
    code = "error"

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class NotFound(FactcheckError):
    code = "not_found"


class Invalid(FactcheckError):
    """Well-formed input that breaks a rule (422)."""

    code = "invalid"


class Conflict(FactcheckError):
    """The request was based on stale state (409)."""

    code = "conflict"

    def __init__(
        self, message: str, fields: dict[str, str] | None = None, **details: object
    ) -> None:
        super().__init__(message, fields)
        self.details = details


class Unauthorized(FactcheckError):
    code = "unauthorized"


class Forbidden(FactcheckError):
    """Understood, and refused whoever asks (403)."""

    code = "forbidden"


class SiteNotFound(NotFound):
    code = "site_not_found"


class ArticleNotFound(NotFound):
    code = "article_not_found"


class ForbiddenOrigin(Forbidden):
    code = "forbidden_origin"
