"""Seals on the judging guard's verdicts: the executor believes a test cell's reply only with one.

Before any learner code runs, the kernel makes a random key and reports it on the control socket
(which it then closes); afterwards the key lives only in the closure :func:`signer` returns, which
``kernel.py`` calls once a test cell has run. Each reply to a test cell carries ``manabi_seal =
HMAC(key, message id, code, status, verdict)``. Learner code that answers a test cell itself (a
replaced message handler, a fake guard, an edited message) cannot make a seal that matches the code
the executor sent and what really ran, short of reaching into the interpreter's frames or memory.
"""

from _hashlib import hmac_digest  # C code; the references captured below cannot be rebound

SEAL_KEY = "manabi_seal"
VERDICT_KEY = "manabi_guard"


def seal_message(msg_id: str, code: str, status: str, verdict: str) -> bytes:
    return "\x00".join((msg_id, code, status, verdict)).encode("utf-8", "surrogatepass")


def seal(key: bytes, msg_id: str, code: str, status: str, verdict: str) -> str:
    """The executor's side: the seal the kernel must have sent."""
    return hmac_digest(key, seal_message(msg_id, code, status, verdict), "sha256").hex()


def signer(key: bytes):
    """The kernel's side: a function sealing with ``key``, which only its closure holds."""
    digest, message = hmac_digest, seal_message

    def sign(msg_id: str, code: str, status: str, verdict: str) -> str:
        return digest(key, message(msg_id, code, status, verdict), "sha256").hex()

    return sign
