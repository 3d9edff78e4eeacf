"""Errors in the shape Google's APIs give them, so a Perspective client reads ours as its own."""

from __future__ import annotations

from django.http import JsonResponse

ERROR_TYPE = "type.googleapis.com/google.commentanalyzer.v1alpha1.Error"
_STATUSES = {
    400: "INVALID_ARGUMENT",
    403: "PERMISSION_DENIED",
    405: "INVALID_ARGUMENT",
    429: "RESOURCE_EXHAUSTED",
}


class PerspectiveError(Exception):
    """Raised while reading a request; the view answers it as Google would."""

    def __init__(self, message: str, error_type: str, code: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.error_type = error_type
        self.code = code

    def response(self) -> JsonResponse:
        body = {
            "error": {
                "code": self.code,
                "message": self.message,
                "status": _STATUSES[self.code],
                "details": [{"@type": ERROR_TYPE, "errorType": self.error_type}],
            }
        }
        return JsonResponse(body, status=self.code)


def invalid(message: str) -> PerspectiveError:
    return PerspectiveError(message, "INVALID_ARGUMENT")
