<?php
// GET /v1/verify/cards/{number} on the peer: an employer checks an AK/I card
// (PDO, a prepared statement on the unique number, the holder's name masked).
declare(strict_types=1);
header('Content-Type: application/json; charset=utf-8');

$pdo = new PDO($_SERVER['PEER_DSN'], 'root', '', [
    PDO::ATTR_PERSISTENT => true,
    PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
    PDO::ATTR_EMULATE_PREPARES => false,
]);
$number = str_replace(' ', '', rawurldecode(substr(strtok($_SERVER['REQUEST_URI'], '?'), strlen('/v1/verify/cards/'))));
if (!preg_match('/^[0-9]{1,40}$/', $number)) {
    http_response_code(404);
    echo json_encode(['error' => ['code' => 'not_found', 'message' => 'Tidak ditemukan']]);
    exit;
}
$card = $pdo->prepare(
    'SELECT c.number, c.state, c.valid_until, s.full_name FROM card c JOIN seeker s ON s.id = c.seeker_id ' .
    'WHERE c.number_key = ?'
);
$card->execute([$number]);
$row = $card->fetch(PDO::FETCH_ASSOC);
if (!$row) {
    http_response_code(404);
    echo json_encode(['error' => ['code' => 'not_found', 'message' => 'Tidak ditemukan']]);
    exit;
}
// Each word's first letter, the others as stars.
$masked = preg_replace_callback('/\S+/u', fn ($w) => preg_replace('/(?<!^)./us', '*', $w[0]), trim($row['full_name']));
$today = (new DateTime('now', new DateTimeZone('Asia/Jakarta')))->format('Y-m-d');
echo json_encode([
    'number' => $row['number'], 'holder' => $masked, 'status' => $row['state'],
    'valid_until' => $row['valid_until'],
    'valid' => $row['state'] === 'active' && $row['valid_until'] >= $today,
], JSON_UNESCAPED_UNICODE);
