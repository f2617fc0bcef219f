from __future__ import annotations

import sys

from nmr.cli import main

sys.exit(main())
