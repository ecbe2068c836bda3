"""Publishing the built site: the USB/offline zip bundle, its checks, and a ZIM file.

One build serves web hosting and USB copies (``use_directory_urls: false``,
no Material search, nothing from other hosts), so publishing never changes how
the site is built: it builds normally, leaves out files nothing uses, and
packages the result reproducibly.

Modules, one job each: ``build`` (strict build) with ``output_guard`` (which
folders a build may replace), ``workdirs`` (locked work folders, stale ones
removed), ``lifeline`` (language processes end with the build) and ``swap``
(atomic exchange into ``site/``); ``epoch`` (the reproducible build time),
``sitebuild`` (build into a folder with that time), ``selection`` (which files
are published and their bytes), ``checksums`` (SHA256SUMS and the files'
check), ``signing`` (Ed25519 signatures, OpenSSH format), ``verify`` (a copy's
signature and files), ``archive`` (deterministic, streamed zip), ``guide``
(the bundle's opening page and guide), ``bundle`` (the zip), ``sizes`` (size
report), ``png`` and ``zim`` (Kiwix file).
"""
