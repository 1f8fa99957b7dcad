import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kkrarchive.database import database_config

ROOT = Path(__file__).resolve().parents[2]


def _settings_in_subprocess(env: dict[str, str], expression: str) -> str:
    code = (
        f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='kkrarchive.settings'; django.setup(); "
        f"from django.conf import settings; print({expression})"
    )
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip()


def test_database_url_is_used_when_set():
    config = database_config({"DATABASE_URL": "postgres://alice:secret@db.example:6543/archive"})
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.example",
        6543,
        "archive",
        "alice",
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["CONN_HEALTH_CHECKS"] is True
    assert config["OPTIONS"]["connect_timeout"] == 3


def test_non_postgres_database_url_is_refused():
    with pytest.raises(ValueError, match="PostgreSQL"):
        database_config({"DATABASE_URL": "sqlite:///archive.db"})


def test_without_database_url_the_embedded_server_is_started(tmp_path):
    config = database_config({"KKRARCHIVE_DATA_DIR": str(tmp_path)})
    try:
        assert config["HOST"] == "127.0.0.1"
        assert config["NAME"] == "kkrarchive"
        assert config["PORT"] == int((tmp_path / "postgres.port").read_text())
        assert (tmp_path / "postgres" / "PG_VERSION").read_text().strip() == "18"
    finally:
        from kkrarchive.embedded_db import EmbeddedPostgres

        EmbeddedPostgres(tmp_path).stop()


def test_debug_is_off_unless_set():
    assert (
        _settings_in_subprocess({"DATABASE_URL": "postgres://x@127.0.0.1:1/x"}, "settings.DEBUG") == "False"
    )
    assert (
        _settings_in_subprocess(
            {"DATABASE_URL": "postgres://x@127.0.0.1:1/x", "DEBUG": "1"}, "settings.DEBUG"
        )
        == "True"
    )


def test_locale_and_time_zone_are_danish():
    assert (
        _settings_in_subprocess(
            {"DATABASE_URL": "postgres://x@127.0.0.1:1/x"},
            "repr((settings.LANGUAGE_CODE, settings.TIME_ZONE))",
        )
        == "('da', 'Europe/Copenhagen')"
    )


def test_allowed_hosts_come_from_the_environment():
    assert (
        _settings_in_subprocess(
            {
                "DATABASE_URL": "postgres://x@127.0.0.1:1/x",
                "ALLOWED_HOSTS": "arkiv.example.dk, www.arkiv.example.dk",
            },
            "settings.ALLOWED_HOSTS",
        )
        == "['arkiv.example.dk', 'www.arkiv.example.dk']"
    )


def test_without_secret_key_all_processes_share_one_local_key(tmp_path):
    env = {"DATABASE_URL": "postgres://x@127.0.0.1:1/x", "KKRARCHIVE_DATA_DIR": str(tmp_path)}
    first = _settings_in_subprocess(env, "settings.SECRET_KEY")
    second = _settings_in_subprocess(env, "settings.SECRET_KEY")
    assert first == second and len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_secret_key_can_be_required():
    with pytest.raises(subprocess.CalledProcessError):
        _settings_in_subprocess(
            {"DATABASE_URL": "postgres://x@127.0.0.1:1/x", "REQUIRE_SECRET_KEY": "1"}, "settings.SECRET_KEY"
        )


# Timeouts: a slow or hung database is a 503 before gunicorn kills the worker -----------------------------


def _gunicorn_config(**env: str) -> dict:
    code = "import json, runpy; c = runpy.run_path('gunicorn.conf.py'); print(json.dumps({'timeout': c['timeout']}))"
    base = {k: v for k, v in os.environ.items() if k not in {"GUNICORN_TIMEOUT", "DB_STATEMENT_TIMEOUT_MS"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode:
        raise ValueError(result.stderr.strip().splitlines()[-1])
    return json.loads(result.stdout)


def _timeouts(**env: str) -> dict:
    expression = (
        "__import__('json').dumps({'statement_ms': settings.DB_STATEMENT_TIMEOUT_MS, "
        "'client_s': settings.DB_CLIENT_TIMEOUT_S, 'check_s': settings.DB_CHECK_TIMEOUT_S, "
        "'healthz_ms': settings.HEALTHZ_STATEMENT_TIMEOUT_MS, 'options': settings.DATABASES['default']['OPTIONS']})"
    )
    return json.loads(
        _settings_in_subprocess({"DATABASE_URL": "postgres://x@127.0.0.1:1/x", **env}, expression)
    )


@pytest.fixture
def default_timeouts(monkeypatch):
    """The defaults, whatever the shell running the tests has set."""
    for name in (
        "GUNICORN_TIMEOUT",
        "DB_STATEMENT_TIMEOUT_MS",
        "DB_CONNECT_TIMEOUT",
        "HEALTHZ_STATEMENT_TIMEOUT_MS",
    ):
        monkeypatch.delenv(name, raising=False)


def test_the_database_gives_up_before_gunicorn_kills_the_worker(default_timeouts):
    timeouts = _timeouts()
    worker_timeout = _gunicorn_config()["timeout"]
    assert timeouts["statement_ms"] == 10_000  # the server cancels a statement after 10 s
    assert timeouts["options"]["options"] == "-c statement_timeout=10000"
    assert timeouts["statement_ms"] / 1000 < timeouts["client_s"] < worker_timeout == 30
    assert timeouts["healthz_ms"] / 1000 + 1 < timeouts["client_s"]  # /healthz answers well within it
    assert timeouts["check_s"] == timeouts["options"]["connect_timeout"] == 3


def test_a_statement_timeout_set_in_the_environment_moves_the_client_deadline_with_it(default_timeouts):
    timeouts = _timeouts(DB_STATEMENT_TIMEOUT_MS="20000")
    assert timeouts["options"]["options"] == "-c statement_timeout=20000"
    assert timeouts["client_s"] == 22
    assert _gunicorn_config(DB_STATEMENT_TIMEOUT_MS="20000")["timeout"] == 30


def test_gunicorn_refuses_a_worker_timeout_the_database_would_outlast(default_timeouts):
    with pytest.raises(ValueError, match="GUNICORN_TIMEOUT"):
        _gunicorn_config(GUNICORN_TIMEOUT="12")
    with pytest.raises(ValueError, match="GUNICORN_TIMEOUT"):
        _gunicorn_config(DB_STATEMENT_TIMEOUT_MS="30000")


def test_database_connections_use_tcp_keepalives(default_timeouts):
    options = _timeouts()["options"]
    assert options["keepalives"] == 1
    assert options["keepalives_idle"] + options["keepalives_interval"] * options["keepalives_count"] <= 30
    assert 0 < options["tcp_user_timeout"] <= 30_000


# The admin login ---------------------------------------------------------------------------------------


def test_the_admin_login_is_throttled_per_user_and_per_address_and_redirects_inside_the_site():
    from django.conf import settings

    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert 3 <= settings.AXES_FAILURE_LIMIT <= 10
    assert settings.AXES_COOLOFF_TIME.total_seconds() >= 5 * 60
    assert settings.CLIENT_IP_HEADER == ""  # the proxy's header is trusted only when configured
    assert settings.LOGIN_REDIRECT_URL == "admin:index"


def test_read_only_methods_are_decided_before_the_csrf_check():
    from django.conf import settings

    assert settings.MIDDLEWARE.index(
        "meetings.middleware.ReadOnlyMethodsMiddleware"
    ) < settings.MIDDLEWARE.index("django.middleware.csrf.CsrfViewMiddleware")
