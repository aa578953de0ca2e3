#!/bin/sh
# Sourced by contrib/bench/run.sh (its helpers, $work, $P_SD, $SD_PID, $P_NGINX):
# E-SkillUp's lesson videos.  A 200 MB MP4 (the test fixture followed by a
# "free" box, which players skip) is uploaded to sidakerd by the tus
# protocol in 8 MiB pieces while its RSS is sampled; the lesson is then
# streamed by 200 clients seeking 1 MiB ranges at random, against nginx
# serving the same file with sendfile, while one client reads /v1/health.
video="$work/lesson.mp4"
python3 - "$video" <<'PY'
import struct, sys
head = open("tests/fixtures/lesson-320x240.mp4", "rb").read()
pad = 200 * 1024 * 1024 - len(head)
with open(sys.argv[1], "wb") as f:
    f.write(head)
    f.write(struct.pack(">I4s", pad, b"free"))
    zero = bytes(1 << 20)
    left = pad - 8
    while left > 0:
        f.write(zero[:min(left, len(zero))])
        left -= min(left, len(zero))
PY
video_size=$(stat -c %s "$video")
admin_pw=$(cat "$work/data/initial-admin-password")
vapi() { curl -s -X POST "http://127.0.0.1:$P_SD$1" -H 'Content-Type: application/json' ${3:+-H "Authorization: Bearer $3"} -d "$2"; }
vadmin=$(vapi /v1/auth/login "{\"login\":\"admin@sidakerd.localhost\",\"password\":\"$admin_pw\"}" | python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])')
vapi /v1/admin/officers '{"email":"video@disnaker.go.id","password":"bench-password-1","name":"Petugas Video","nip":"2"}' "$vadmin" >/dev/null
vofficer=$(vapi /v1/auth/login '{"login":"video@disnaker.go.id","password":"bench-password-1"}' | python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])')
course=$(vapi /v1/courses '{"title":"Kursus Bench","vocation":"Bench","description":"Video besar.","level":"basic","modules":[{"title":"M1","pass_percent":50,"lessons":[{"title":"L1"}],"quiz":[{"question":"Q","options":["a","b"],"answer":0}]}]}' "$vofficer")
course_id=$(echo "$course" | python3 -c 'import sys,json;print(json.load(sys.stdin)["id"])')
lesson_id=$(echo "$course" | python3 -c 'import sys,json;print(json.load(sys.stdin)["modules"][0]["lessons"][0]["id"])')
location=$(curl -s -D - -o /dev/null -X POST "http://127.0.0.1:$P_SD/v1/uploads" -H "Authorization: Bearer $vofficer" \
	-H "Upload-Length: $video_size" -H 'Tus-Resumable: 1.0.0' | tr -d '\r' | awk -F': ' 'tolower($1) == "location" {print $2}')
# RSS sampled every 20 ms while the pieces arrive.
rss_before_upload=$(rss_kb "$SD_PID")
(while kill -0 "$SD_PID" 2>/dev/null && [ ! -f "$work/upload.done" ]; do rss_kb "$SD_PID"; sleep 0.02; done) > "$work/upload.rss" &
sampler=$!
mkdir -p "$work/pieces"
split -b 8388608 -d -a 3 "$video" "$work/pieces/p"
offset=0
upload_start=$(date +%s%N)
for piece in "$work"/pieces/p*; do
	curl -s -o /dev/null -X PATCH "http://127.0.0.1:$P_SD$location" -H "Authorization: Bearer $vofficer" \
		-H 'Content-Type: application/offset+octet-stream' -H "Upload-Offset: $offset" -H 'Tus-Resumable: 1.0.0' \
		--data-binary @"$piece"
	offset=$((offset + $(stat -c %s "$piece")))
done
upload_ms=$(( ($(date +%s%N) - upload_start) / 1000000 ))
touch "$work/upload.done"
wait $sampler
rss_upload_growth=$(awk -v b="$rss_before_upload" 'BEGIN {m = b} $1 > m {m = $1} END {print m - b}' "$work/upload.rss")
rm -rf "$work/pieces"
vapi "/v1/courses/$course_id/lessons/$lesson_id/video" "{\"upload_id\":\"${location##*/}\"}" "$vofficer" > "$work/attach.json"
vapi "/v1/courses/$course_id/state" '{"state":"published"}' "$vofficer" >/dev/null
cp "$video" "$work/nginx/www/lesson.mp4"
chmod 644 "$work/nginx/www/lesson.mp4"
rm -f "$video"
export BENCH_VIDEO_SIZE="$video_size"
# nginx first, then sidakerd, each with 200 players; sidakerd's RSS and a
# /v1/health reader during its run.
taskset -c 1 wrk -t1 -c200 -d"${DURATION}s" --latency -s contrib/bench/ranges.lua \
	"http://127.0.0.1:$P_NGINX/lesson.mp4" > "$work/nginx_ranges.wrk" 2>&1
rss_before_stream=$(rss_kb "$SD_PID")
rm -f "$work/stream.done"
(while kill -0 "$SD_PID" 2>/dev/null && [ ! -f "$work/stream.done" ]; do rss_kb "$SD_PID"; sleep 0.05; done) > "$work/stream.rss" &
sampler=$!
taskset -c 1 wrk -t1 -c200 -d"${DURATION}s" --latency -s contrib/bench/ranges.lua \
	"http://127.0.0.1:$P_SD/v1/lessons/$lesson_id/video" > "$work/ranges.wrk" 2>&1 &
streams=$!
sleep 0.5
taskset -c 1 wrk -t1 -c1 -d"$((DURATION - 1))s" --latency "http://127.0.0.1:$P_SD/v1/health" > "$work/streamprobe.wrk" 2>&1
wait $streams
touch "$work/stream.done"
wait $sampler
rss_stream_growth=$(awk -v b="$rss_before_stream" 'BEGIN {m = b} $1 > m {m = $1} END {print m - b}' "$work/stream.rss")
set -- $(wrk_figures "$work/nginx_ranges.wrk"); nginx_ranges_rps=$1 nginx_ranges_p50=$2 nginx_ranges_p99=$3
set -- $(wrk_figures "$work/ranges.wrk"); ranges_rps=$1 ranges_p50=$2 ranges_p99=$3
set -- $(wrk_figures "$work/streamprobe.wrk"); streamprobe_rps=$1 streamprobe_p50=$2 streamprobe_p99=$3
ranges_non2xx=$(non2xx "$work/ranges.wrk")
