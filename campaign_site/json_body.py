"""Reading a JSON request body that a stranger sent: bounded in size and in nesting depth.

`json.loads` recurses once per level of nesting, so a body of a few kilobytes of "[[[[…" raises
RecursionError (a 500) or ties up the worker; the depth is checked on the raw bytes first, in one pass.
"""

import json

MAX_DEPTH = 32


class BadJson(Exception):
    """The body is too large (status 413) or not JSON of an acceptable shape (status 400)."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


def nesting_depth(body: bytes) -> int:
    """The deepest nesting of [ and { outside strings."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return deepest


def parse(body: bytes, *, max_bytes: int, max_depth: int = MAX_DEPTH, empty="{}"):
    """The decoded JSON value, or BadJson."""
    if len(body) > max_bytes:
        raise BadJson(413)
    body = body or empty.encode()
    if nesting_depth(body) > max_depth:
        raise BadJson(400)
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise BadJson(400) from error
