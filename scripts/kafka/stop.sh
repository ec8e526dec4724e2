#!/usr/bin/env bash
# Stops the Kafka node that start.sh started, gracefully, keeping its data.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
work="${KAFKA_WORK_DIR:-$(cd "$here/../.." && pwd)/.kafka}"
pid_file="$work/kafka.pid"

[ -f "$pid_file" ] || { echo "kafka: not running"; exit 0; }
pid="$(cat "$pid_file")"
if kill -0 "$pid" 2> /dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2> /dev/null || break
    sleep 0.5
  done
  kill -0 "$pid" 2> /dev/null && kill -KILL "$pid"
fi
rm -f "$pid_file"
echo "kafka: stopped"
