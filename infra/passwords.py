"""Password hashing (argon2id, by argon2-cffi) and API-token digests, outside the domain."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
# Verified against when the name is unknown, so a wrong name costs what a wrong password does.
_DUMMY = _HASHER.hash(secrets.token_urlsafe(16))
MIN_LENGTH = 8
MAX_LENGTH = 256


def password_problem(password: str) -> str | None:
    """Why a new password is refused (Chinese / English), or None."""
    if len(password) < MIN_LENGTH:
        return f"密码至少{MIN_LENGTH}个字符 / at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"密码最多{MAX_LENGTH}个字符 / at most {MAX_LENGTH} characters"
    if any(0xD800 <= ord(c) <= 0xDFFF for c in password):
        return "密码含有无效字符 / the password holds an invalid character"
    return None


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches; always spends one argon2 verification."""
    try:
        return _HASHER.verify(password_hash or _DUMMY, password) and password_hash is not None
    except (VerificationError, InvalidHashError, UnicodeEncodeError):
        return False


def new_password() -> str:
    """A generated password for the demo users and resets: 16 URL-safe characters."""
    return secrets.token_urlsafe(12)


def digest(secret: str) -> str:
    """A token's stored form: its secret is random and long, so SHA-256 is enough."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
