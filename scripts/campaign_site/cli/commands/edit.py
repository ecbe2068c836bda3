"""``campaign-site edit``: the browser editor on 127.0.0.1, with the live preview beside its forms."""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
from pathlib import Path

from ...messages import N_, render
from . import EXIT_FAILED, EXIT_OK

ADDRESS = N_("Editor: {url}  (Ctrl+C to stop)")
PREVIEW = N_("Preview: {url}")
PORT_BUSY = N_("Port {wanted} is in use (another editor or preview still open?); using port {port}")


def free_port(wanted: int, lang: str) -> int:
    """``wanted`` if this computer's 127.0.0.1 has it free, else any free port (said on stderr)."""
    import socket

    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", wanted))
            return probe.getsockname()[1]
        except OSError:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
    print(render(PORT_BUSY, lang, {"wanted": wanted, "port": port}), file=sys.stderr)
    return port


def run(args: argparse.Namespace) -> int:
    """Start the editor (and the preview), open the browser, serve until Ctrl+C."""
    from ...editor import make_backend
    from ...editor.server import ASSETS_VARIABLE, NO_ASSETS, EditorServer, find_assets
    from ...messages import detect_language
    from ...project import open_project

    lang = detect_language(args.lang)
    project = open_project(Path(args.config_file))
    assets = find_assets(project.root)
    if assets is None:
        print(render(NO_ASSETS, lang, {"variable": ASSETS_VARIABLE}), file=sys.stderr)
        return EXIT_FAILED
    signal.signal(signal.SIGTERM, _stop)  # from here on, a stop at any moment also stops the preview
    preview = server = None
    try:
        port = free_port(args.port, lang) if args.port else 0
        if not args.no_preview:  # `campaign-site serve` in a process of its own: its builds never slow the forms
            args.preview_port = free_port(args.preview_port, lang)
            preview = subprocess.Popen([sys.executable, "-m", "campaign_site.cli", "serve", "--port",
                                        str(args.preview_port), "-f", str(project.config_file)])
        preview_url = f"http://127.0.0.1:{args.preview_port}/" if preview is not None else None
        server = EditorServer(make_backend(project, lang), assets, lang, port, preview_url,
                              project.config.use_directory_urls)
        print(render(ADDRESS, lang, {"url": server.url}), flush=True)
        if preview_url is not None:
            print(render(PREVIEW, lang, {"url": preview_url}), flush=True)
        if not args.no_browser:
            import webbrowser

            webbrowser.open(server.url)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            server.server_close()
        if preview is not None:
            preview.terminate()
            preview.wait(timeout=30)
    return EXIT_OK


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "edit", parents=[common], help="edit the content in the browser (forms, media, preview) on 127.0.0.1",
        description="Starts Decap CMS with forms made from the content types, saving through the same "
                    "validation as check, and the live preview beside it. Only this computer can reach it.")
    parser.add_argument("--port", type=int, default=8010, help="the editor's port (default 8010; 0: any free port)")
    parser.add_argument("--preview-port", type=int, default=8011, help="the preview's port (default 8011)")
    parser.add_argument("--no-browser", action="store_true", help="do not open the web browser")
    parser.add_argument("--no-preview", action="store_true", help="no live preview (faster start)")
    parser.add_argument("--lang", choices=["vi", "en"],
                        help="language of the editor and its messages (default: from the system locale)")
    parser.set_defaults(run=run)
