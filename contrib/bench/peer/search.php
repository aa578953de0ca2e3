<?php
// GET /v1/vacancies on the peer: the vacancy search as a PHP job portal on
// MariaDB would serve it (PDO with prepared statements and a persistent
// connection, a FULLTEXT index in boolean mode, the same filters, page size,
// cursor and facets as sidakerd's answer, JSON out).
declare(strict_types=1);
header('Content-Type: application/json; charset=utf-8');

function refuse(string $field): never
{
    http_response_code(400);
    echo json_encode(['error' => ['code' => 'query_invalid', 'field' => $field, 'message' => 'Parameter tidak valid']]);
    exit;
}

const RANKS = ['tidak_sekolah' => 0, 'sd' => 1, 'smp' => 2, 'sma' => 3, 'smk' => 3, 'd1' => 4, 'd2' => 5,
    'd3' => 6, 'd4' => 7, 's1' => 7, 's2' => 8, 's3' => 9];
const TYPES = ['permanent', 'contract', 'daily', 'internship', 'part_time'];

$pdo = new PDO($_SERVER['PEER_DSN'], 'root', '', [
    PDO::ATTR_PERSISTENT => true,
    PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
    PDO::ATTR_EMULATE_PREPARES => false,
]);

$where = ["v.state = 'published'", 'v.organisation_listed = 1', 'v.valid_until >= CURDATE()'];
$args = [];
if (isset($_GET['q'])) {
    preg_match_all('/[\p{L}\p{N}]+/u', (string)$_GET['q'], $m);
    $words = array_slice($m[0], 0, 8);
    if (!$words || strlen((string)$_GET['q']) > 200) {
        refuse('q');
    }
    $where[] = 'MATCH(v.title, v.description, v.skills_text, v.employer) AGAINST (? IN BOOLEAN MODE)';
    $args[] = implode(' ', array_map(fn ($w) => '+' . $w . '*', $words));
}
foreach (['kecamatan' => 'v.location_code = ?', 'kabkota' => 'v.kabkota_code = ?'] as $name => $sql) {
    if (isset($_GET[$name])) {
        $where[] = $sql;
        $args[] = (string)$_GET[$name];
    }
}
if (isset($_GET['kbji'])) {
    if (!preg_match('/^[0-9]{1,4}$/', (string)$_GET['kbji'])) {
        refuse('kbji');
    }
    $where[] = 'v.kbji LIKE ?';
    $args[] = $_GET['kbji'] . '%';
}
if (isset($_GET['education'])) {
    $rank = RANKS[(string)$_GET['education']] ?? refuse('education');
    $where[] = 'v.education_rank <= ?';
    $args[] = $rank;
}
if (isset($_GET['min_wage'])) {
    if (!preg_match('/^[0-9]{1,10}$/', (string)$_GET['min_wage'])) {
        refuse('min_wage');
    }
    $where[] = 'COALESCE(v.wage_max, v.wage_min) >= ?';
    $args[] = (int)$_GET['min_wage'];
}
if (isset($_GET['employment_type'])) {
    if (!in_array($_GET['employment_type'], TYPES, true)) {
        refuse('employment_type');
    }
    $where[] = 'v.employment_type = ?';
    $args[] = $_GET['employment_type'];
}
if (isset($_GET['since'])) {
    $since = DateTime::createFromFormat('!Y-m-d', (string)$_GET['since'], new DateTimeZone('Asia/Jakarta'));
    if (!$since) {
        refuse('since');
    }
    $where[] = 'v.published_at >= ?';
    $args[] = $since->getTimestamp();
}
if (($_GET['disability_friendly'] ?? '') === 'true') {
    $where[] = 'v.disability_friendly = 1';
}
$limit = 20;
if (isset($_GET['limit'])) {
    $limit = filter_var($_GET['limit'], FILTER_VALIDATE_INT, ['options' => ['min_range' => 1, 'max_range' => 100]]);
    if ($limit === false) {
        refuse('limit');
    }
}
$filter = implode(' AND ', $where);
$page = $filter;
$page_args = $args;
if (isset($_GET['cursor'])) {
    if (!preg_match('/^([0-9]+)_([0-9]+)$/', (string)$_GET['cursor'], $c)) {
        refuse('cursor');
    }
    $page .= ' AND (v.published_at < ? OR (v.published_at = ? AND v.id < ?))';
    array_push($page_args, (int)$c[1], (int)$c[1], (int)$c[2]);
}

$items = $pdo->prepare(
    'SELECT v.*, r.name AS location_name, o.legal_name, o.employer_type FROM vacancy v ' .
    'JOIN organisation o ON o.account_id = v.organisation_id LEFT JOIN region r ON r.code = v.location_code ' .
    "WHERE $page ORDER BY v.published_at DESC, v.id DESC LIMIT " . ($limit + 1)
);
$items->execute($page_args);
$out = [];
foreach ($items->fetchAll(PDO::FETCH_ASSOC) as $v) {
    $out[] = [
        'id' => (int)$v['id'], 'state' => $v['state'], 'title' => $v['title'], 'kbji' => $v['kbji'],
        'description' => $v['description'],
        'needed' => ['men' => (int)$v['needed_men'], 'women' => (int)$v['needed_women'],
            'either' => (int)$v['needed_either']],
        'valid_until' => $v['valid_until'],
        'age_min' => $v['age_min'] === null ? null : (int)$v['age_min'],
        'age_max' => $v['age_max'] === null ? null : (int)$v['age_max'],
        'gender' => $v['gender'], 'min_education' => $v['min_education'],
        'skills' => json_decode($v['skills']), 'experience_years' => (int)$v['experience_years'],
        'wage_min' => $v['wage_min'] === null ? null : (int)$v['wage_min'],
        'wage_max' => $v['wage_max'] === null ? null : (int)$v['wage_max'],
        'location_kind' => $v['location_kind'], 'location_code' => $v['location_code'],
        'location' => $v['location_kind'] === 'abroad' ? $v['location_code'] : $v['location_name'],
        'employment_type' => $v['employment_type'], 'work_setup' => $v['work_setup'],
        'disability_friendly' => (bool)$v['disability_friendly'], 'contact' => $v['contact'],
        'employer' => ['id' => (int)$v['organisation_id'], 'name' => $v['legal_name'],
            'employer_type' => $v['employer_type']],
        'published_at' => gmdate('Y-m-d\TH:i:s\Z', (int)$v['published_at']),
        '_cursor' => $v['published_at'] . '_' . $v['id'],
    ];
}
$next = null;
if (count($out) > $limit) {
    array_pop($out);
    $next = $out[$limit - 1]['_cursor'];
}
foreach ($out as &$item) {
    unset($item['_cursor']);
}
unset($item);

// Facets: the same counts as sidakerd's, over up to 2,000 of the newest matches.
$rows = $pdo->prepare(
    "SELECT IFNULL(v.kabkota_code, 'abroad'), LEFT(v.kbji, 1), v.min_education, v.employment_type " .
    "FROM vacancy v WHERE $filter ORDER BY v.published_at DESC, v.id DESC LIMIT 2001"
);
$rows->execute($args);
$facets = ['kabkota' => [], 'kbji_major' => [], 'min_education' => [], 'employment_type' => []];
$names = array_keys($facets);
$total = 0;
foreach ($rows->fetchAll(PDO::FETCH_NUM) as $row) {
    if (++$total > 2000) {
        break;
    }
    foreach ($row as $i => $key) {
        $facets[$names[$i]][$key] = ($facets[$names[$i]][$key] ?? 0) + 1;
    }
}
foreach ($names as $name) {
    $facets[$name] = (object)$facets[$name];
}
$facets['total'] = min($total, 2000);
$facets['exact'] = $total <= 2000;
echo json_encode(['items' => $out, 'facets' => $facets, 'next_cursor' => $next], JSON_UNESCAPED_UNICODE);
