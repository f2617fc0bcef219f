from __future__ import annotations

import sys
from pathlib import Path

# ``python -m nmr`` puts the working directory first on sys.path: a registry (or a pull
# request) holding a folder named like one of the tool's packages (checks/, render/…) would
# be imported instead of the tool. The installed tool never needs the working directory.
sys.path[:] = [p for p in sys.path if p not in ("", str(Path.cwd()))]

from nmr.cli import main  # noqa: E402

sys.exit(main())
