"""The handles already registered, for the wizard and the importer to refuse a clash early.

The same identity checks ``nmr check`` runs (duplicate-handle, handle-form,
hidden-characters), applied before a record is written, from raw data: a record being
imported or written is often incomplete until someone fills it in.
"""

from __future__ import annotations

from nmr.engine.identity import full_width, handle_keys, mixed_script
from nmr.engine.registry import Registry, account_paths, load_account
from nmr.render.escape import terminal
from nmr.schemas.chars import describe, first_unsafe


class HandleIndex:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.exact: dict[tuple[str, str], str] = {}  # (platform, handle) → the file that has it
        self.alike: dict[tuple[str, str], str] = {}  # (platform, identity key) → the file
        for path in account_paths(registry):
            document = load_account(
                registry.root, path, registry.limits, registry.account_model
            ).document
            data = document.data if document is not None else None
            if (
                isinstance(data, dict)
                and isinstance(data.get("platform"), str)
                and isinstance(data.get("handle"), str)
                and data.get("status") != "closed"
            ):
                self.register(data["platform"], data["handle"], path)

    def register(self, platform: str, handle: str, path: str) -> None:
        self.exact[(platform, handle.strip().lstrip("@").casefold())] = path
        for key in handle_keys(handle):
            self.alike[(platform, key)] = path

    def problem(self, platform: str, handle: str | None, shown: str | None = None) -> str:
        """Why ``handle`` cannot be registered on ``platform``, in Chinese, or ""."""
        if not handle:
            return ""
        label = terminal(shown or self.registry.policy.platform_label(platform))
        same = self.exact.get((platform, handle.strip().lstrip("@").casefold()))
        if same:
            return f"{label}账号 {terminal(handle)} 已登记（{same}）"
        for key in handle_keys(handle):
            if (platform, key) in self.alike:
                return (
                    f"{label}账号 {terminal(handle)} 与已登记的账号形近（{self.alike[(platform, key)]}），"
                    "可能是仿冒"
                )
        hidden = first_unsafe(handle)
        if hidden is not None:
            return f"新媒体号中有不可见字符 {describe(handle[hidden])}"
        if full_width(handle):
            return "新媒体号中有全角字符，请用英文输入法重新输入"
        scripts = mixed_script(handle)
        if scripts:
            return f"新媒体号混用了多种文字（{'、'.join(sorted(scripts))}），可能是仿冒"
        return ""
