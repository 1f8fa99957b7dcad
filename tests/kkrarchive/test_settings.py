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
