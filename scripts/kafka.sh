#!/usr/bin/env bash
# Single-node KRaft Kafka on 127.0.0.1 from Maven Central jars (no Docker, no tarball).
# Usage: scripts/kafka.sh start|stop|status|topic NAME [PARTITIONS]
# Env: KAFKA_VERSION (4.1.2, the version the Quarkus BOM manages), KAFKA_PORT (9092; the
# controller listens on PORT+1), KAFKA_WORK (/tmp/chargebay-kafka), KAFKA_HEAP_OPTS
# (-Xms256m -Xmx512m), KAFKA_AUTO_CREATE (false), MVN (mvn, or the repo's mvnw), MVN_FLAGS.
# Recipe and measurements: ../shared/design/BUILD-NOTES.md section 1.
set -euo pipefail
V=${KAFKA_VERSION:-4.1.2}; PORT=${KAFKA_PORT:-9092}; CPORT=$((PORT+1))
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
W=${KAFKA_WORK:-/tmp/chargebay-kafka}; mkdir -p "$W"; cd "$W"
if [ -z "${MVN:-}" ]; then
  if command -v mvn >/dev/null 2>&1; then MVN=mvn; else MVN="$REPO/mvnw"; fi
fi
JOPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} -XX:+UseG1GC -Djava.awt.headless=true -Dlog4j2.configurationFile=$W/log4j2.properties"
CP="$W/lib-$V/*"
fetch() {
  [ -f "lib-$V/kafka_2.13-$V.jar" ] && return 0
  cat > pom.xml <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
 <groupId>chargebay</groupId><artifactId>kafka-runtime</artifactId><version>1</version><packaging>pom</packaging>
 <dependencies>
  <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$V</version></dependency>
  <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>$V</version></dependency>
  <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>2.25.3</version></dependency>
 </dependencies></project>
POM
  $MVN -B -q -Dstyle.color=never ${MVN_FLAGS:-} dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="lib-$V"
}
running() { [ -f kafka.pid ] && kill -0 "$(cat kafka.pid)" 2>/dev/null; }
case "${1:-start}" in
start)
  if running; then echo "kafka already running (pid $(cat kafka.pid)) on 127.0.0.1:$PORT"; exit 0; fi
  fetch
  cat > log4j2.properties <<'L'
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.out.ref = OUT
logger.k.name = kafka.server.KafkaRaftServer
logger.k.level = INFO
L
  cat > server.properties <<P
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CPORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$W/data
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=${KAFKA_AUTO_CREATE:-false}
P
  rm -rf data
  java $JOPTS -cp "$CP" kafka.tools.StorageTool format -t "$(java -cp "$CP" kafka.tools.StorageTool random-uuid)" -c server.properties > format.log 2>&1
  nohup java $JOPTS -cp "$CP" kafka.Kafka server.properties > server.log 2>&1 &
  echo $! > kafka.pid
  for i in $(seq 1 600); do                     # wait up to 60 s
    kill -0 "$(cat kafka.pid)" 2>/dev/null || { echo "kafka died:"; tail -40 server.log; rm -f kafka.pid; exit 1; }
    if grep -q 'Kafka Server started' server.log && (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
      echo "kafka $V ready on 127.0.0.1:$PORT (pid $(cat kafka.pid))"; exit 0; fi
    sleep 0.1
  done
  echo "kafka not ready after 60 s"; tail -40 server.log; exit 1 ;;
status)
  if running; then echo "kafka running (pid $(cat kafka.pid)) on 127.0.0.1:$PORT"; else echo "kafka not running"; exit 1; fi ;;
topic)
  [ $# -ge 2 ] || { echo "usage: $0 topic NAME [PARTITIONS]"; exit 2; }
  java -Dlog4j2.configurationFile="$W/log4j2.properties" -cp "$CP" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "127.0.0.1:$PORT" --create --if-not-exists --topic "$2" --partitions "${3:-1}" --replication-factor 1 ;;
stop)
  [ -f kafka.pid ] || { echo "kafka not running"; exit 0; }
  PID=$(cat kafka.pid); kill "$PID" 2>/dev/null || true   # SIGTERM = controlled shutdown
  for i in $(seq 1 300); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$PID" 2>/dev/null || true; rm -f kafka.pid; echo "kafka stopped" ;;
*) echo "usage: $0 start|stop|status|topic NAME [PARTITIONS]"; exit 2 ;;
esac
