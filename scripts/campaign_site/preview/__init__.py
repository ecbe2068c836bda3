"""The live preview (``campaign-site serve``, and beside the editor's forms).

MkDocs' own live-reload server (:class:`mkdocs.livereload.LiveReloadServer`)
serves the site from a temporary folder and reloads open pages after each
rebuild; :mod:`.server` runs our builds in it so that a build with content
problems never stops the preview: the last good site stays, and every page
shows the problems over it (:mod:`.app`) until they are fixed. Nothing here is
ever part of a published site.
"""

from .server import Preview, PreviewState

__all__ = ["Preview", "PreviewState"]
