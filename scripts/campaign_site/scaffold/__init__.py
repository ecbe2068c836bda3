"""``campaign-site new``: new entries and pages from commented templates.

``slug`` folds a Vietnamese title into a file name, ``kinds`` says where each
kind of file goes, ``template`` fills a template from the models and the
project's reference data, ``create`` writes the file (never overwriting).
"""

from __future__ import annotations

from .create import AlreadyExists, create_file, target_path
from .kinds import KINDS, Kind
from .slug import slugify

__all__ = ["AlreadyExists", "KINDS", "Kind", "create_file", "slugify", "target_path"]
