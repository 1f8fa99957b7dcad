#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkrarchive.settings")
    from django.core.management import execute_from_command_line
    from django.db import InterfaceError, OperationalError

    from kkrarchive import db_watchdog

    db_watchdog.install()  # a hung PostgreSQL ends a command within seconds instead of holding it forever
    try:
        execute_from_command_line(sys.argv)
    except (OperationalError, InterfaceError) as exc:
        # The database is down, hung or refusing us: one line that says so, not a traceback of Django's insides.
        command = sys.argv[1] if len(sys.argv) > 1 else "manage.py"
        reason = " ".join(str(exc).split()) or type(exc).__name__
        print(f"{command}: database unavailable: {reason[:300]}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
