"""Run by another Python (a venv with an older python-libzim): what a reader finds in a ZIM.

Usage: python zim_query.py FILE QUERY… → JSON {"libzim": version, "check": bool,
"main": path, "results": {query: [paths]}} on standard output. Standard library and
libzim only: it must run with any python-libzim generation.
"""

import json
import sys

from libzim.reader import Archive
from libzim.search import Query, Searcher


def main() -> None:
    archive = Archive(sys.argv[1])
    try:
        from libzim.version import get_libzim_version
        version = get_libzim_version()
    except ImportError:  # python-libzim 2 has no version module contents
        version = "8"
    results = {query: list(Searcher(archive).search(Query().set_query(query)).getResults(0, 500))
               for query in sys.argv[2:]}
    print(json.dumps({"libzim": version, "check": archive.check(),
                      "main": archive.main_entry.get_item().path, "results": results}))


if __name__ == "__main__":
    main()
