"""The CJK font the printed forms need. Without one, WeasyPrint would print empty boxes."""

from __future__ import annotations

import subprocess

from nmr.schemas.errors import NmrError
from nmr.schemas.text import Template

INSTALL_CJK_FONT_APT_GET = Template(
    "render.forms.fonts.install-cjk-font-apt-get",
    "请安装中文字体：Debian/Ubuntu 运行 apt-get install fonts-noto-cjk（.ci/run 会自动安装）；Windows/macOS 自带宋体，无需安装。",
    "Install a CJK font: apt-get install fonts-noto-cjk on Debian/Ubuntu (.ci/run does it).",
)
NO_CJK_FONT_INSTALLED_PDF = Template(
    "render.forms.fonts.no-cjk-font-installed-pdf",
    "系统中没有中文字体，无法生成 PDF（否则汉字会印成空方框）。{install}",
    "No CJK font is installed; the PDF would show empty boxes. {install}",
)
FC_LIST_FONTCONFIG_MISSING = Template(
    "render.forms.fonts.fc-list-fontconfig-missing",
    "找不到 fc-list（fontconfig）。{install}",
    "fc-list (fontconfig) is missing. {install}",
)

SERIF_FAMILIES = (
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "SimSun",
    "宋体",
    "Songti SC",
    "AR PL UMing CN",
)
INSTALL = INSTALL_CJK_FONT_APT_GET()


def cjk_families() -> list[str]:
    """Font families fontconfig knows that cover Chinese."""
    try:
        listing = subprocess.run(
            ["fc-list", ":lang=zh", "family"],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        ).stdout
    except FileNotFoundError:
        raise NmrError(FC_LIST_FONTCONFIG_MISSING(install=INSTALL)) from None
    return sorted(
        {name.strip() for line in listing.splitlines() for name in line.split(",") if name.strip()}
    )


def require_cjk_font() -> str:
    """The family to print with: a 宋体-like serif if there is one, else any CJK family."""
    families = cjk_families()
    if not families:
        raise NmrError(NO_CJK_FONT_INSTALLED_PDF(install=INSTALL))
    for family in SERIF_FAMILIES:
        if family in families:
            return family
    return families[0]
