"""``campaign-site new``: new entries and pages from commented templates.

``slug`` folds a Vietnamese title into a file name, ``kinds`` picks the content
types ``new`` offers (content/types.py says where each goes and which template
it uses), ``template`` fills a template from the models and the project's
reference data, or makes one from a type's fields, ``create`` writes the file
(never overwriting).
"""

from __future__ import annotations

from .create import AlreadyExists, create_file, target_path
from .kinds import Kind, kinds
from .slug import slugify

__all__ = ["AlreadyExists", "Kind", "create_file", "kinds", "slugify", "target_path"]
