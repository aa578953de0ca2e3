#!/bin/sh
# Sourced by contrib/bench/run.sh (its helpers, $work, $P_CARDS, $officer,
# capi): a job fair on the generated register.  The officer creates and
# publishes a fair (announced to every job seeker who asked for vacancy
# news: the publication is timed); contrib/bench/tickets gives 15,000 people
# a signed ticket; 50 doors then check tickets in, each waiting 0-90 ms (45 on average) after an answer
# (some 1,000 check-ins a second: 45 ms and the answer, durable), and an offline scanner uploads 5,000
# other scans in one batch.
fair_from=$(date -d yesterday +%F) fair_to=$(date -d '+2 days' +%F)
fair_id=$(capi /v1/job-fairs "{\"name\":\"Bursa Kerja Bench\",\"description\":\"Bursa kerja untuk pengukuran.\",\"venue_kind\":\"venue\",\"venue\":\"Technopark\",\"start_date\":\"$fair_from\",\"end_date\":\"$fair_to\",\"opens_at\":\"00:00\",\"closes_at\":\"23:59\",\"registration_opens\":\"$fair_from\",\"registration_closes\":\"$fair_to\",\"capacity\":100000}" "$officer" |
	python3 -c 'import sys,json;print(json.load(sys.stdin)["id"])')
fair_publish_ms=$(curl -s -o "$work/fair.json" -w '%{time_total}' -X POST "http://127.0.0.1:$P_CARDS/v1/job-fairs/$fair_id/state" \
	-H 'Content-Type: application/json' -H "Authorization: Bearer $officer" -d '{"state":"published"}' | awk '{printf "%.0f", $1 * 1000}')
fair_announced=$(python3 -c "import json; print(json.load(open('$work/fair.json'))['announced_to'])")
# The announcement's e-mails go out first (days before the fair, in an
# office): the doors are measured without the outbox at work beside them.
outbox_start=$(date +%s)
for _ in $(seq 600); do
	[ "$(python3 -c "import sqlite3; print(sqlite3.connect('$work/cards/sidakerd.db').execute('SELECT count(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL').fetchone()[0])")" = 0 ] && break
	sleep 0.5
done
outbox_seconds=$(( $(date +%s) - outbox_start ))
"$BUILD/bench/tickets" "$work/cards" "$fair_id" 15000 "$work/tickets.txt"
head -10000 "$work/tickets.txt" > "$work/tickets-door.txt"
tail -5000 "$work/tickets.txt" > "$work/tickets-offline.txt"
BENCH_TICKETS="$work/tickets-door.txt" BENCH_PATH="/v1/job-fairs/$fair_id/check-ins" BENCH_TOKEN="$officer" \
	BENCH_DELAY_MS=45 taskset -c 1 wrk -t1 -c50 -d"${DURATION}s" --latency -s contrib/bench/checkin.lua \
	"http://127.0.0.1:$P_CARDS/v1/health" > "$work/checkin.wrk" 2>&1
set -- $(wrk_figures "$work/checkin.wrk"); checkin_rps=$1 checkin_p50=$2 checkin_p99=$3
checkin_non2xx=$(non2xx "$work/checkin.wrk")
checked_in=$(python3 -c "import sqlite3; print(sqlite3.connect('$work/cards/sidakerd.db').execute('SELECT count(*) FROM job_fair_ticket WHERE fair_id = $fair_id AND checked_in_at IS NOT NULL').fetchone()[0])")
python3 - "$work/tickets-offline.txt" "$work/offline.json" <<'PY'
import json, sys, time
at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
scans = [{"ticket": line.strip(), "at": at} for line in open(sys.argv[1]) if line.strip()]
json.dump({"check_ins": scans}, open(sys.argv[2], "w"))
PY
offline_ms=$(curl -s -o "$work/offline-answer.json" -w '%{time_total}' -X POST \
	"http://127.0.0.1:$P_CARDS/v1/job-fairs/$fair_id/check-ins/batch" -H 'Content-Type: application/json' \
	-H "Authorization: Bearer $officer" --data-binary "@$work/offline.json" | awk '{printf "%.0f", $1 * 1000}')
offline_in=$(python3 -c "import json; a = json.load(open('$work/offline-answer.json')); print(a.get('checked_in', 'error'), len(a.get('refused', [])))")
offline_bytes=$(stat -c %s "$work/offline.json")
