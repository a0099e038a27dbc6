"""Token authentication for screens (the token itself: screens/tokens.py).

401 when the token is missing or unknown; 403 when it is revoked or belongs to another screen.
The answer never says which screens exist.
"""

from dataclasses import dataclass

from screens.selectors import ScreenAuth, screen_auth, screen_id_for_token_hash
from screens.tokens import hash_token, request_token, token_matches


@dataclass(frozen=True)
class AuthResult:
    status: int  # 200, 401 or 403
    screen: ScreenAuth | None = None


def authenticate(request, screen_id: int, *, gen: int | None = None) -> AuthResult:
    token = request_token(request)
    if not token:
        return AuthResult(401)
    auth = screen_auth(screen_id, gen=gen)
    if auth is not None and token_matches(auth.token_hash, token):
        return AuthResult(403) if auth.revoked else AuthResult(200, auth)
    # Only on the failure path: is it some other screen's token?
    if screen_id_for_token_hash(hash_token(token)) is not None:
        return AuthResult(403)
    return AuthResult(401)
