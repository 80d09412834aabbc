"""Which URLs may be opened or copied, the host a person should see, and a URL's canonical form."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

MAX_URL_LENGTH = 8_192
_SCHEMES = frozenset({"http", "https"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def refusal(url: str) -> str | None:
    """Why this URL must not be opened or copied, or None when it is a plain http(s) URL with a host."""
    if not url:
        return "the card has no link"
    if len(url) > MAX_URL_LENGTH:
        return f"the link is longer than {MAX_URL_LENGTH:,} characters"
    if url.startswith("-"):
        return "the link starts with '-'"
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        return "the link holds white space or control characters"
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a port out of range or not a number
        host = parts.hostname
    except ValueError:
        return "the link is malformed"
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        shown = f"'{scheme}:'" if scheme else "no scheme"
        return f"only http and https links are opened, this one has {shown}"
    if not host or not parts.netloc:
        return "the link has no host"
    if port == 0:
        return "the link has an invalid port"
    return None


def is_openable(url: str) -> bool:
    """True for an absolute http(s) URL with a host that is safe to hand to a browser."""
    return refusal(url) is None


def _label_to_ascii(label: str) -> str:
    if label.isascii():
        return label
    try:
        return label.encode("idna").decode("ascii")
    except UnicodeError:
        return "xn--" + label.encode("punycode").decode("ascii")


def display_host(url: str) -> str:
    """The host the link really goes to, lower-cased, IDN as punycode ('' when there is none)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return ".".join(_label_to_ascii(label) for label in host.split("."))


_KEEP = "/?#[]@!$&'()*+,;=:%~-._"
"""What quote leaves as written: URL delimiters, and % so existing escapes are not escaped again."""


def handed_over(url: str) -> str:
    """The URL as it is opened, copied and shown: the host as punycode (a lookalike host such as
    'аpple.com' in Cyrillic shows as 'xn--pple-43d.com'), anything else that is not ASCII
    percent-encoded, the rest as written. A URL that refusal() refuses is returned as it is."""
    if url.isascii() or refusal(url) is not None:
        return url
    parts = urlsplit(url)
    userinfo, _, hostport = parts.netloc.rpartition("@")
    host, colon, port = hostport.partition(":") if not hostport.startswith("[") else (
        hostport, "", "")
    host = ".".join(_label_to_ascii(label) for label in host.split("."))
    netloc = (quote(userinfo, safe=_KEEP) + "@" if userinfo else "") + host + colon + port
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=_KEEP),
                       quote(parts.query, safe=_KEEP), quote(parts.fragment, safe=_KEEP)))


def canonical_url(url: str) -> str:
    """One spelling per story: scheme and host lower-cased, default port, fragment and utm_* dropped."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
        host = display_host(url)
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES or not host:
        return url.strip()
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if not parts.query:  # the common case: nothing to filter (parse_qsl and urlencode are slow)
        return urlunsplit((scheme, netloc, parts.path or "/", "", ""))
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
         if not k.lower().startswith("utm_")]
    )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))
