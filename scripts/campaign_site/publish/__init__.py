"""Publishing the built site: the USB/offline zip bundle, its checks, and a ZIM file.

One build serves web hosting and USB copies (``use_directory_urls: false``,
no Material search, nothing from other hosts), so publishing never changes how
the site is built: it builds normally, leaves out files nothing uses, and
packages the result reproducibly.

Modules, one job each: ``epoch`` (the reproducible build time), ``sitebuild``
(build into a folder with that time), ``selection`` (which files are published
and their bytes), ``checksums`` (SHA256SUMS and verification), ``archive``
(deterministic zip), ``guide`` (the bundle's opening page and guide),
``bundle`` (the zip), ``sizes`` (size report), ``png`` and ``zim`` (Kiwix file).
"""
