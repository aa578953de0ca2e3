# The peer baseline (sourced by contrib/bench/run.sh after the sidakerd
# scenarios on generated data): what most Disnaker job portals run, a PHP
# application on MariaDB behind nginx, from Debian's packages, serving the
# same vacancy search and card verification (search.php, verify.php) over
# the same generated data, measured by the same wrk scripts.  MariaDB,
# php-fpm and nginx all on core 0, as sidakerd was; wrk on core 1.
#
# Sizing, as a competent deployment on this machine would have it: php-fpm
# with a static pool of PEER_WORKERS (8: requests wait on MariaDB as much as
# they compute), opcache on without timestamp checks, persistent PDO
# connections with server-side prepared statements; MariaDB with a buffer
# pool holding every table (2 GB), the full-text index with tokens from 2
# letters and no English stop words (the texts are Indonesian); nginx with
# a connection per request to php-fpm, its default (keep-alive to FastCGI
# ties a worker to an idle connection: with 16 kept for 8 workers, requests
# waited for the 2 s timeout).
#
# Needs: $work, $DURATION, $work/cards/sidakerd.db, $work/numbers, the
# functions load and wrk_figures.  Sets peer_search_* and peer_verify_*.
peer=$work/peer
PEER_WORKERS=${PEER_WORKERS:-8}
mkdir -p "$peer/www"
cp contrib/bench/peer/search.php contrib/bench/peer/verify.php "$peer/www/"
peer_load_start=$(date +%s)
python3 contrib/bench/peer/export.py "$work/cards/sidakerd.db" "$peer/tsv"
mariadb-install-db --no-defaults --datadir="$peer/db" --user=root --auth-root-authentication-method=normal \
	--skip-test-db > "$peer/install.log" 2>&1
# MariaDB as the office would run it; started twice: for the load, and
# again for the measurements once the load is all on disk (right after it,
# with the load's pages still being written, the verifications ran at 549/s
# with a p99 of 6 s; at rest 3,300-3,700/s with a p99 of 20 ms).
start_mariadb() {
	taskset -c 0 mariadbd --no-defaults --datadir="$peer/db" --socket="$peer/mariadb.sock" --skip-networking \
		--skip-grant-tables --user=root --pid-file="$peer/mariadb.pid" --log-error="$peer/mariadb.log" \
		--secure-file-priv="$peer" --innodb-buffer-pool-size=2G --innodb-log-file-size=512M \
		--innodb-flush-log-at-trx-commit=2 --innodb-ft-min-token-size=2 --innodb-ft-enable-stopword=0 \
		--performance-schema=0 --max-connections=300 &
	PEER_DB_PID=$!
	pids="$pids $PEER_DB_PID"
	for _ in $(seq 600); do
		[ -S "$peer/mariadb.sock" ] && mariadb --socket="$peer/mariadb.sock" -e 'SELECT 1' >/dev/null 2>&1 && return
		sleep 0.1
	done
}
start_mariadb
sql() { mariadb --socket="$peer/mariadb.sock" "$@"; }
sql -e 'CREATE DATABASE peer CHARACTER SET utf8mb4'
sql peer < contrib/bench/peer/schema.sql
for t in region organisation vacancy seeker card; do
	sql peer -e "LOAD DATA INFILE '$peer/tsv/$t.tsv' INTO TABLE $t CHARACTER SET utf8mb4"
done
sql peer -e 'ALTER TABLE vacancy ADD FULLTEXT KEY vacancy_text (title, description, skills_text, employer);
	ALTER TABLE card ADD UNIQUE KEY card_number (number_key); ANALYZE TABLE vacancy, card, seeker, organisation, region' >/dev/null
peer_load_seconds=$(( $(date +%s) - peer_load_start ))
mariadb-admin --socket="$peer/mariadb.sock" shutdown
wait "$PEER_DB_PID" 2>/dev/null || true
sync
start_mariadb
# Its buffer pool as it was at the shutdown (MariaDB saves and reloads it),
# then every table read once.
for _ in $(seq 600); do
	sql -N -e "SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_load_status'" | grep -q -i 'completed\|not started' && break
	sleep 0.1
done
sql -N peer -e 'SELECT count(*) FROM card; SELECT count(*) FROM card FORCE INDEX (card_number);
	SELECT count(*) FROM seeker; SELECT count(*) FROM vacancy; SELECT count(*) FROM organisation' > /dev/null
peer_vacancies=$(sql -N peer -e "SELECT count(*) FROM vacancy WHERE state = 'published'")

cat > "$peer/php-fpm.conf" <<CONF
[global]
pid = $peer/fpm.pid
error_log = $peer/fpm.log
daemonize = no
[bench]
listen = $peer/fpm.sock
listen.mode = 0666
pm = static
pm.max_children = $PEER_WORKERS
pm.max_requests = 0
pm.status_path = /fpm-status
clear_env = yes
php_admin_value[opcache.validate_timestamps] = 0
php_admin_value[opcache.memory_consumption] = 64
php_admin_flag[display_errors] = off
php_admin_value[error_log] = $peer/php.log
CONF
taskset -c 0 php-fpm8.2 -R -y "$peer/php-fpm.conf" &
PEER_FPM_PID=$!
pids="$pids $PEER_FPM_PID"
P_PEER=$(free_port)
chmod 755 "$peer" "$peer/www"
# Each location names its script; nginx passes a location's fastcgi_param
# lines only, so the common ones are included in each.
cat > "$peer/fastcgi.conf" <<CONF
fastcgi_param REQUEST_METHOD \$request_method;
fastcgi_param QUERY_STRING \$query_string;
fastcgi_param REQUEST_URI \$request_uri;
fastcgi_param PEER_DSN "mysql:unix_socket=$peer/mariadb.sock;dbname=peer;charset=utf8mb4";
CONF
cat > "$peer/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $peer/nginx.pid;
error_log $peer/nginx.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $peer;
    proxy_temp_path $peer;
    fastcgi_temp_path $peer;
    uwsgi_temp_path $peer;
    scgi_temp_path $peer;
    upstream fpm { server unix:$peer/fpm.sock; }
    server {
        listen 127.0.0.1:$P_PEER;
        location = /v1/vacancies {
            fastcgi_pass fpm;
            include $peer/fastcgi.conf;
            fastcgi_param SCRIPT_FILENAME $peer/www/search.php;
        }
        location = /fpm-status {
            fastcgi_pass fpm;
            include $peer/fastcgi.conf;
            fastcgi_param SCRIPT_NAME /fpm-status;
            fastcgi_param SCRIPT_FILENAME /fpm-status;
        }
        location /v1/verify/cards/ {
            fastcgi_pass fpm;
            include $peer/fastcgi.conf;
            fastcgi_param SCRIPT_FILENAME $peer/www/verify.php;
        }
    }
}
CONF
taskset -c 0 nginx -c "$peer/nginx.conf" &
PEER_NGINX_PID=$!
pids="$pids $PEER_NGINX_PID"
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$P_PEER/v1/vacancies?q=operator" && break; sleep 0.1; done
# The same answers in kind: the count of the first page, and a card.
peer_check=$(curl -s "http://127.0.0.1:$P_PEER/v1/vacancies?q=operator&kbji=8" | python3 -c 'import sys,json; d=json.load(sys.stdin); print(len(d["items"]), d["facets"]["total"])')
# The same scenarios: searches never asked before, random card numbers.
# When wrk stops, php-fpm still runs what nginx handed it: the searches in
# its workers and in its listen queue (seconds of them, which the next
# scenario met: verifications with a p99 of 5 s).  Each scenario starts when
# php-fpm's status says nothing waits and only that status request runs.
peer_idle() {
	for _ in $(seq 1200); do
		curl -s "http://127.0.0.1:$P_PEER/fpm-status" |
			awk '/^listen queue:/ {q = $3} /^active processes:/ {a = $3} END {exit !(q == 0 && a <= 1)}' && return
		sleep 0.1
	done
}
# Warm-ups: other new searches (seed 5), and verifications.
BENCH_SEED=5 taskset -c 1 wrk -t1 -c50 -d2s --timeout 10s -s contrib/bench/search_uncached.lua \
	"http://127.0.0.1:$P_PEER/v1/vacancies" > /dev/null 2>&1
peer_idle
taskset -c 1 wrk -t1 -c50 -d2s --timeout 10s -s contrib/bench/verify.lua "http://127.0.0.1:$P_PEER/v1/verify/cards/0" > /dev/null 2>&1
peer_idle
# wrk's timeout raised: a slow answer counts in the figures instead of vanishing.
set -- $(load peer_search "$P_PEER" /v1/vacancies -s contrib/bench/search_uncached.lua --timeout 10s); peer_search_rps=$1 peer_search_p50=$2 peer_search_p99=$3
peer_search_non2xx=$(non2xx "$work/peer_search.wrk")
peer_idle
set -- $(load peer_verify "$P_PEER" /v1/verify/cards/0 -s contrib/bench/verify.lua --timeout 10s); peer_verify_rps=$1 peer_verify_p50=$2 peer_verify_p99=$3
peer_verify_non2xx=$(non2xx "$work/peer_verify.wrk")
kill "$PEER_NGINX_PID" "$PEER_FPM_PID" "$PEER_DB_PID" 2>/dev/null || true
peer_php=$(php-fpm8.2 -v | awk 'NR == 1 {print $2}')
peer_mariadb=$(mariadbd --version | grep -oE '[0-9]+\.[0-9]+\.[0-9]+-MariaDB' | head -1)
peer_note="
The peer: $peer_vacancies vacancies and the cards exported from the same generated database into
MariaDB (contrib/bench/peer: export, load and indexes in $peer_load_seconds s), the first page of q=operator&kbji=8
there: $peer_check (items, facet total; sidakerd's FTS5 and MariaDB's parser fold words alike but not
identically). Answers other than 2xx: searches $peer_search_non2xx, verifications $peer_verify_non2xx."
