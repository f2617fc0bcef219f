"""The one error type: something the user must fix before nmr can do its work (exit code 2).

Problems in the records themselves are findings, never exceptions; this is for a wrong
command line, a missing policy, a git history without the base, a missing font…
"""

from __future__ import annotations

from nmr.schemas.text import Msg


class NmrError(Exception):
    def __init__(self, message: Msg) -> None:
        super().__init__(message.zh)
        self.msg = message
