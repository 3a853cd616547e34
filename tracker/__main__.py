"""``python -m tracker`` runs the same entry point as the ``touchstone`` command."""

import sys

from tracker.cli import main

sys.exit(main())
