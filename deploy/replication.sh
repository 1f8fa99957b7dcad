#!/bin/sh
# Run once by the postgres image when it creates the primary's cluster (docker-entrypoint-initdb.d): lets the
# replica service stream the WAL as the archive's database user (a superuser in this image, so it may replicate).
set -eu
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
