"""``python -m healthdiplomacy``: see :mod:`healthdiplomacy.cli`."""

import sys

from .cli import main

sys.exit(main())
