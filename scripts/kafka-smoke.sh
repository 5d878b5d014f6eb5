#!/usr/bin/env bash
# End-to-end smoke test of the packaged app against a stand-alone Kafka broker (scripts/kafka.sh):
# the demo bay charges to complete with the outbox relay publishing; the topic then holds exactly
# the journal's events, and the recorded session replays to identical decisions.
# Needs the app built (./mvnw -B verify or package). Exit 0 on success.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export KAFKA_PORT=${KAFKA_PORT:-19092} KAFKA_WORK=${KAFKA_WORK:-/tmp/chargebay-smoke-kafka}
http=${SMOKE_HTTP_PORT:-18080}
management=${SMOKE_MANAGEMENT_PORT:-19000}
Q=charger-control/target/quarkus-app
CP="$Q/lib/boot/*:$Q/lib/main/*:$Q/app/*"
L=-Djava.util.logging.manager=org.jboss.logmanager.LogManager
smoke=$(mktemp -d)
app=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  scripts/kafka.sh stop >/dev/null || true
}
trap cleanup EXIT
fail() { echo "kafka smoke: FAILED: $*"; tail -30 "$smoke/app.log" 2>/dev/null || true; exit 1; }

scripts/kafka.sh start
scripts/kafka.sh topic chargebay.events 3
java -Dquarkus.http.port="$http" -Dquarkus.management.port="$management" -Dchargebay.journal.path="$smoke/chargebay.db" \
  -Dchargebay.demo.clock-speed=2000 -Dchargebay.kafka.bootstrap-servers=127.0.0.1:$KAFKA_PORT \
  -jar "$Q/quarkus-run.jar" > "$smoke/app.log" 2>&1 &
app=$!
for _ in $(seq 1 900); do
  curl -sf "localhost:$http/api/bays/demo-1" | grep -q '"phase":"COMPLETE"' && break
  kill -0 "$app" 2>/dev/null || fail "the app exited"
  sleep 0.2
done
curl -sf "localhost:$http/api/bays/demo-1" | grep -q '"phase":"COMPLETE"' || fail "demo bay not COMPLETE within 180 s"
for _ in $(seq 1 300); do
  curl -sf "localhost:$management/q/health/well" | grep -Eq '"lagEvents": ?0,' && break
  sleep 0.2
done
curl -sf "localhost:$management/q/health/well" | grep -Eq '"lagEvents": ?0,' || fail "relay lag not 0 within 60 s"
kafka_lines=$(java $L -cp "$CP" org.chargebay.cli.EventsCli --kafka 127.0.0.1:$KAFKA_PORT --bay demo-1 | wc -l)
journal_lines=$(java $L -cp "$CP" org.chargebay.cli.EventsCli --journal "$smoke/chargebay.db" --bay demo-1 | wc -l)
[ "$journal_lines" -gt 0 ] || fail "the journal holds no events"
[ "$kafka_lines" = "$journal_lines" ] || fail "Kafka holds $kafka_lines events, the journal $journal_lines"
kill "$app"; wait "$app" 2>/dev/null || true; app=""
java $L -cp "$CP" org.chargebay.cli.ReplayCli --journal "$smoke/chargebay.db" --bay demo-1 || fail "replay differs"
echo "kafka smoke test OK: $journal_lines events in the journal and in Kafka, replay identical"
