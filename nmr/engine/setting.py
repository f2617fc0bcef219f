"""Where a number in a finding comes from: the Measures, the institution's own choice, or us.

A finding that quotes a policy number says who set it, so an institution's own choice is never
passed off as 学校规定, and this tool's default never as either (policy.yaml ``own_choices``).
"""

from __future__ import annotations

from nmr.schemas.models import Policy
from nmr.schemas.text import Msg, Template

SET_BY_MEASURES = Template("engine.setting.measures", "《办法》规定", "set by the Measures")
OWN_CHOICE = Template("engine.setting.own-choice", "本校自定", "this institution's own choice")
TOOL_DEFAULT = Template(
    "engine.setting.tool-default", "本工具默认值，policy.yaml 未设定", "this tool's default"
)
SOURCES = {"measures": SET_BY_MEASURES, "own": OWN_CHOICE, "default": TOOL_DEFAULT}


def set_by(policy: Policy, key: str) -> Msg:
    """Who set policy.yaml ``key``, as a message argument."""
    return SOURCES[policy.source(key)]()
