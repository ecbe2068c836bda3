"""``python -m campaign_site.cli``: the same as the ``campaign-site`` command."""

import sys

from . import main

sys.exit(main())
