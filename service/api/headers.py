"""The security headers of every HTML answer: the web pages, the digest preview, the API docs.

Pages hold personal notes, so none is framed, sniffed, cached or allowed to load from anywhere
but this service.
"""

from __future__ import annotations

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    # Pages hold personal notes: never kept in a shared cache or the browser's disk cache.
    "Cache-Control": "no-store",
}

# The digest is an email: its styles are inline by necessity (mail clients drop style sheets),
# so the preview allows inline styles, and still no script, no image and no form.
EMAIL_PREVIEW_HEADERS = {
    **SECURITY_HEADERS,
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    # Its links carry signed tokens: never pass the preview's address on.
    "Referrer-Policy": "no-referrer",
}
