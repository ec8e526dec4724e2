#!/usr/bin/env bash
# Starts one Apache Kafka node (KRaft: broker and controller in one process) on 127.0.0.1 for
# local runs and CI. The broker and its classpath come from Maven Central through pom.xml.
# Data survives stop.sh; remove $KAFKA_WORK_DIR to start empty.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
work="${KAFKA_WORK_DIR:-$(cd "$here/../.." && pwd)/.kafka}"
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-9093}"
mkdir -p "$work"

fetch_broker() {
  [ -f "$work/libs/.complete" ] && return
  echo "kafka: resolving the broker from Maven Central"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$work/libs"
  touch "$work/libs/.complete"
}

write_config() {
  cat > "$work/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controller_port}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller_port}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=${work}/data
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
default.replication.factor=1
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
  cat > "$work/log4j2.properties" <<PROPS
rootLogger.level=INFO
rootLogger.appenderRef.file.ref=file
appender.file.type=File
appender.file.name=file
appender.file.fileName=${work}/server.log
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
PROPS
}

java_opts=(-Xms256m -Xmx512m -Dlog4j2.configurationFile="$work/log4j2.properties" -cp "$work/libs/*")

format_storage() {
  [ -f "$work/cluster-id" ] || java "${java_opts[@]}" kafka.tools.StorageTool random-uuid > "$work/cluster-id"
  java "${java_opts[@]}" kafka.tools.StorageTool format -t "$(cat "$work/cluster-id")" -c "$work/server.properties" --ignore-formatted > /dev/null
}

running() {
  [ -f "$work/kafka.pid" ] && kill -0 "$(cat "$work/kafka.pid")" 2> /dev/null
}

wait_until_ready() {
  for _ in $(seq 1 120); do
    if ! running; then
      echo "kafka: the broker exited; last lines of $work/server.log:" >&2
      tail -n 30 "$work/server.log" >&2 || true
      return 1
    fi
    if grep -q "Kafka Server started" "$work/server.log" 2> /dev/null && (echo > "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
      echo "kafka: ready on 127.0.0.1:$port"
      return 0
    fi
    sleep 0.5
  done
  echo "kafka: not ready after 60 s; see $work/server.log" >&2
  return 1
}

if running; then
  echo "kafka: already running (pid $(cat "$work/kafka.pid"))"
  exit 0
fi
fetch_broker
write_config
format_storage
: > "$work/server.log"
nohup java "${java_opts[@]}" kafka.Kafka "$work/server.properties" > "$work/kafka.out" 2>&1 &
echo $! > "$work/kafka.pid"
wait_until_ready
