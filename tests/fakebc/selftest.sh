#!/bin/sh
# selftest.sh: checks every behaviour of fakebc.py with curl against seeds/test.json.
# POSIX sh.  Exit 0 when all checks pass.  The last line is "N passed, N failed".
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
PY=${PYTHON:-python3}
# Resolve version-manager shims (pyenv etc.) once: each python start counts here.
PY=$("$PY" -c 'import sys; print(sys.executable)') || { echo "no python3"; exit 1; }
FAKE="$HERE/fakebc.py"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fakebc-selftest.XXXXXX")
SRV='' SRV2=''
PASS=0 FAIL=0

cleanup() {
    for p in $SRV $SRV2; do kill "$p" 2>/dev/null; done
    for p in $SRV $SRV2; do wait "$p" 2>/dev/null; done
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ok()  { PASS=$((PASS + 1)); printf 'ok   %s\n' "$1"; }
bad() { FAIL=$((FAIL + 1)); printf 'FAIL %s\n' "$1"; [ -s "$TMP/body" ] && head -c 400 "$TMP/body" | sed 's/^/     | /'; echo; }
check() { _n=$1; shift; if "$@"; then ok "$_n"; else bad "$_n"; fi; }

# wait_port FILE: wait up to 10 s for the port file.
wait_port() {
    _i=0
    while [ ! -s "$1" ]; do
        sleep 0.02; _i=$((_i + 1))
        [ $_i -gt 500 ] && { echo "server did not start"; exit 1; }
    done
}

# req METHOD PATH [TOKEN [BODY [extra curl args...]]]: status in $ST, body in $TMP/body, headers in $TMP/hdr.
req() {
    _m=$1 _p=$2 _t=${3:-} _d=${4:-}
    shift 2; [ $# -gt 0 ] && shift; [ $# -gt 0 ] && shift
    set -- -sS -o "$TMP/body" -D "$TMP/hdr" -w '%{http_code}' -X "$_m" "$@"
    [ -n "$_t" ] && set -- "$@" -H "X-Auth-Token: $_t"
    [ -n "$_d" ] && set -- "$@" -H 'Content-Type: application/json' --data-binary "$_d"
    ST=$(curl "$@" "$B$_p" 2>"$TMP/curlerr") || ST="curl-rc-$?"
}
# js 'STMT; ...; EXPR': Python over d (the parsed body); succeeds when EXPR is truthy.
js() {
    $PY -S -c 'import json,sys,time
d=json.load(open(sys.argv[1],encoding="utf-8"))
pre, _, last = sys.argv[2].rpartition("; ")
exec(pre)
sys.exit(0 if eval(last) else 1)' "$TMP/body" "$1" 2>/dev/null
}
# hdr NAME: value of a response header (last one).
hdr() { tr -d '\r' <"$TMP/hdr" | awk -v k="$1" 'BEGIN{k=tolower(k)} {i=index($0,": "); if (i && tolower(substr($0,1,i-1))==k) v=substr($0,i+2)} END{print v}'; }
is() { [ "$1" = "$2" ]; }
ctl() {
    _b=${2:-}; [ -n "$_b" ] || _b='{}'
    curl -sS -o "$TMP/ctl" -X POST -H 'Content-Type: application/json' --data-binary "$_b" "$B/__fake/$1"
}
fault() { ctl faults "$1"; }

A1=tok-a1-orders-00000000000000000
A2=tok-a2-catalog-0000000000000000
A3=tok-a3-stencil-0000000000000000
B1=tok-b1-everything-0000000000000
B2=tok-b2-bare-0000000000000000000
AC1=tok-acct1-admin-000000000000000
AC2=tok-acct2-reader-00000000000000
UUID=a0000000-0000-4000-8000-000000000001
T401='Unauthorized - the v3 Auth client ID or token in the request are not a valid combination for this store.'

$PY "$FAKE" --seed "$HERE/seeds/test.json" --port-file "$TMP/port" --log "$TMP/server.log" &
SRV=$!
wait_port "$TMP/port"
B="http://127.0.0.1:$(cat "$TMP/port")"

req GET /__fake/health
check "health" is "$ST $(cat "$TMP/body")" "200 ok"

echo "# auth"
req GET /stores/abc123/v3/hooks
check "no token -> 401 v3 body" js "d=={'status':401,'title':'''$T401''','type':'/api-docs/getting-started/api-status-codes'}"
check "401 still carries rate-limit headers" is "$(hdr X-Rate-Limit-Requests-Quota)" 150
req GET /stores/abc123/v3/hooks nope-not-a-token
check "unknown token -> 401" is "$ST" 401
req GET /stores/def456/v3/hooks "$A1"
check "token of another store -> 401" js "d['status']==401"
req GET /stores/zzz999/v3/hooks "$A1"
check "unknown store -> 401" is "$ST" 401
req GET /stores/def456/v2/store "$A1"
check "v2 401 is an array" js "isinstance(d,list) and d[0]['status']==401 and d[0]['message']"
req GET /stores/abc123/v3/hooks "$AC1"
check "account token on store route -> 401" is "$ST" 401

echo "# visibility"
req GET /stores/abc123/v3/hooks "$A1"
check "a1 sees only its hooks, no status field" js "[h['id'] for h in d['data']]==[101,102,103] and all('status' not in h for h in d['data'])"
check "webhook fields" js "set(d['data'][0])=={'id','client_id','store_hash','scope','destination','headers','is_active','created_at','updated_at'} and d['data'][0]['headers']=={'Authorization':'Basic dGVzdDp0ZXN0'} and d['data'][1]['headers'] is None"
check "Content-Type json" is "$(hdr Content-Type)" "application/json"
req GET /stores/abc123/v3/hooks "$A2"
check "a2 sees 201..207" js "[h['id'] for h in d['data']]==list(range(201,208))"
req GET /stores/abc123/v3/hooks "$A3"
check "a3 has zero hooks" js "d['data']==[] and d['meta']['pagination']['total']==0"
req GET /stores/def456/v3/hooks "$B1"
check "b1 sees 301,302" js "[h['id'] for h in d['data']]==[301,302]"
req GET /stores/abc123/v3/hooks/101 "$A1"
check "get own hook" js "d['data']['id']==101 and d['meta']=={}"
req GET /stores/abc123/v3/hooks/201 "$A1"
check "other client's hook -> 404" js "d['status']==404 and d['title']=='Webhook with id [201] not found'"
req GET /stores/abc123/v3/hooks/99999 "$A1"
check "missing hook -> 404" is "$ST" 404

echo "# pagination and filters"
req GET '/stores/abc123/v3/hooks?limit=3&page=2' "$A2"
check "page 2 of 3" js "p=d['meta']['pagination']; [h['id'] for h in d['data']]==[204,205,206] and p['total']==7 and p['count']==3 and p['per_page']==3 and p['current_page']==2 and p['total_pages']==3 and p['links']=={'previous':'?page=1&limit=3','current':'?page=2&limit=3','next':'?page=3&limit=3'}"
req GET '/stores/abc123/v3/hooks?limit=3&page=3' "$A2"
check "last page has no next" js "p=d['meta']['pagination']; p['count']==1 and 'next' not in p['links'] and 'previous' in p['links']"
req GET '/stores/abc123/v3/hooks' "$A2"
check "default limit 50" js "d['meta']['pagination']['per_page']==50 and 'previous' not in d['meta']['pagination']['links']"
req GET '/stores/abc123/v3/hooks?limit=250' "$A2"
check "limit 250 ok" is "$ST" 200
for q in limit=0 limit=251 page=0 page=abc is_active=maybe; do
    req GET "/stores/abc123/v3/hooks?$q" "$A2"
    check "invalid $q -> 422" js "d['status']==422 and d['errors']"
done
req GET '/stores/abc123/v3/hooks?is_active=false' "$A1"
check "is_active=false" js "[h['id'] for h in d['data']]==[102,103]"
req GET '/stores/abc123/v3/hooks?scope=store/order/created' "$A1"
check "scope filter" js "[h['id'] for h in d['data']]==[101]"
req GET '/stores/abc123/v3/hooks?destination=https://hooks.example.net/a1/orders' "$A1"
check "destination filter" js "[h['id'] for h in d['data']]==[101,102]"
req GET '/stores/abc123/v3/hooks?is_active=true&limit=2' "$A2"
check "links keep filters" js "d['meta']['pagination']['links']['next']=='?page=2&limit=2&is_active=true'"

echo "# webhook writes"
req PUT /stores/abc123/v3/hooks/102 "$A1" '{"is_active":true}'
check "PUT is_active true" js "d['data']['is_active'] is True and d['data']['updated_at']>1700010250"
req GET /stores/abc123/v3/hooks/admin "$A1"
check "status becomes active" js "[h['status'] for h in d['data']['hooks_list'] if h['id']==102]==['active']"
req PUT /stores/abc123/v3/hooks/102 "$A1" '{"is_active":false,"headers":null}'
req GET /stores/abc123/v3/hooks/admin "$A1"
check "PUT is_active false -> inactive" js "[h['status'] for h in d['data']['hooks_list'] if h['id']==102]==['inactive']"
req PUT /stores/abc123/v3/hooks/103 "$A1" '{}'
check "PUT empty -> 422" js "d['status']==422 and 'errors' in d"
req PUT /stores/abc123/v3/hooks/103 "$A1" '{"is_active":"yes","headers":{"a":1}}'
check "PUT wrong types -> 422" js "set(d['errors'])=={'is_active','headers'}"
req PUT /stores/abc123/v3/hooks/201 "$A1" '{"is_active":true}'
check "PUT other client's hook -> 404" is "$ST" 404
req POST /stores/abc123/v3/hooks "$A1" '{"scope":"store/cart/*","destination":"https://new.example.net/cart","headers":{"X-K":"v"}}'
NEWID=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["data"]["id"])' "$TMP/body" 2>/dev/null)
check "POST -> 200 {data, meta:{}}" js "$ST==200 and d['meta']=={} and d['data']['client_id']=='cid-a1-orders-00000000000000000' and d['data']['is_active'] is True and d['data']['store_hash']=='abc123'"
req POST /stores/abc123/v3/hooks "$A1" '{"scope":"store/cart/*","destination":"https://new.example.net/cart"}'
check "POST duplicate -> 422" is "$ST" 422
req POST /stores/abc123/v3/hooks "$A1" '{"scope":"store/order/created"}'
check "POST missing destination -> 422" js "d['errors']=={'destination':'error.path.missing.'}"
req POST /stores/abc123/v3/hooks "$A1" '{"scope":"store/order/created","destination":"http://plain.example.net/"}'
check "POST http destination -> 422" js "'destination' in d['errors']"
req POST /stores/abc123/v3/hooks "$A1" '{"scope":"store/order/created","destination":"https://x.example.net:8443/"}'
check "POST port 8443 -> 422" is "$ST" 422
req POST /stores/abc123/v3/hooks "$A1" '{"scope":'
check "POST bad JSON -> 400" is "$ST" 400
req GET /stores/abc123/v3/hooks "$A2"
check "new hook invisible to a2" js "'$NEWID' not in [str(h['id']) for h in d['data']]"
req DELETE "/stores/abc123/v3/hooks/$NEWID" "$A1"
check "DELETE -> 200 with the hook" js "$ST==200 and str(d['data']['id'])=='$NEWID'"
req GET "/stores/abc123/v3/hooks/$NEWID" "$A1"
check "deleted hook -> 404" is "$ST" 404

echo "# hooks/admin"
req GET /stores/abc123/v3/hooks/admin "$A1"
check "admin emails/hooks_list/blocked" js "d['data']['emails']==['alerts-a1@example.com'] and [h['status'] for h in d['data']['hooks_list']]==['active','inactive','deactivated'] and 'pagination' in d['meta']"
check "blocked domain time_left and reasons" js "b=d['data']['blocked_domains'][0]; b['destination']=='https://down.example.net' and 0<b['time_left']<=170 and [r['count'] for r in b['reasons']]==[12,3] and b['reasons'][0]['timestamp']<=time.time()-59"
TL1=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["data"]["blocked_domains"][0]["time_left"])' "$TMP/body")
sleep 1.1
req GET /stores/abc123/v3/hooks/admin "$A1"
check "time_left counts down" js "d['data']['blocked_domains'][0]['time_left']<$TL1"
req GET '/stores/abc123/v3/hooks/admin?is_active=true' "$A1"
check "admin is_active filter" js "[h['id'] for h in d['data']['hooks_list']]==[101]"
req GET /stores/abc123/v3/hooks/admin "$A3"
check "a3 admin: no emails, no hooks" js "d['data']=={'emails':[],'hooks_list':[],'blocked_domains':[]}"
req PUT /stores/abc123/v3/hooks/admin "$A1" '{"emails":["new@example.com","two@example.org"]}'
check "PUT admin -> 204, empty body" is "$ST:$(wc -c <"$TMP/body" | tr -d ' ')" "204:0"
req GET /stores/abc123/v3/hooks/admin "$A1"
check "emails replaced" js "d['data']['emails']==['new@example.com','two@example.org']"
req PUT /stores/abc123/v3/hooks/admin "$A1" '{"emails":["not-an-email"]}'
check "PUT admin bad email -> 422" is "$ST" 422
req PUT /stores/abc123/v3/hooks/admin "$A1" '{}'
check "PUT admin missing emails -> 422" is "$ST" 422

echo "# store information"
req GET /stores/abc123/v2/store "$A1"
check "v2/store bare object" js "d['id']=='abc123' and d['name']=='Test Store Alpha' and d['status']=='live' and d['account_uuid']=='$UUID' and 'data' not in d and d['timezone']['name']"
req GET /stores/def456/v2/store "$B1"
check "UTF-8 store name" js "d['name']=='Caf\u00e9 Beta Test'"
req GET /stores/def456/v2/store "$B2"
check "v2/store without scope -> 403 v2" js "$ST==403 and d==[{'status':403,'message':\"You don't have a required scope to access the endpoint\"}]"
req GET /stores/abc123/v2/time "$A1"
check "v2/time" js "abs(d['time']-time.time())<5"
req GET /stores/def456/v2/time "$B2"
check "v2/time without scope -> 403" is "$ST" 403

echo "# scope probes"
req GET /stores/abc123/v2/orders "$A1"
check "v2 probe with read scope -> []" js "$ST==200 and d==[]"
req GET '/stores/abc123/v3/catalog/products?limit=1' "$A1"
check "v3 probe with modify scope -> list" js "d['data']==[] and d['meta']['pagination']['per_page']==1"
req GET '/stores/abc123/v3/customers?limit=1' "$A1"
check "v3 probe without scope -> 403" js "d=={'status':403,'title':\"You don't have a required scope to access the endpoint\",'type':'/api-docs/getting-started/api-status-codes'}"
req GET /stores/def456/v2/coupons "$B2"
check "v2 probe without scope -> 403 array" js "$ST==403 and d[0]['status']==403"
req GET /stores/abc123/v3/themes "$A3"
check "stencil token: themes ok" is "$ST" 200
req GET /stores/abc123/v3/channels "$A3"
check "stencil token: channels 403" is "$ST" 403
req GET /stores/def456/v3/checkouts/settings "$B1"
check "object probe" js "d=={'data':{},'meta':{}}"
req GET /stores/abc123/v3/store/metafields "$A2"
check "store metafields owned by a2" js "[m['id'] for m in d['data']]==[11,12] and d['data'][0]['owner_client_id']=='cid-a2-catalog-0000000000000000'"
req GET /stores/abc123/v3/catalog/products/metafields "$A2"
check "product metafields owned by a2" js "[m['id'] for m in d['data']]==[13]"
req GET /stores/abc123/v3/store/metafields "$A1"
check "store metafields owned by a1" js "[m['id'] for m in d['data']]==[14]"
req GET '/stores/abc123/v3/content/scripts?limit=1' "$A2"
check "scripts: only the token's own, paginated" js "[x['name'] for x in d['data']]==['Catalog tracker'] and d['data'][0]['api_client_id']=='cid-a2-catalog-0000000000000000' and d['meta']['pagination']['total']==2"
req GET /stores/abc123/v3/content/scripts "$A1"
check "scripts without a Content scope -> 403" is "$ST" 403
req GET /stores/def456/v3/content/scripts "$B1"
check "scripts with a read-only Content scope -> none of another token's" js "$ST==200 and d['data']==[]"
req GET /stores/abc123/v3/nothing/here "$A1"
check "unknown v3 route -> 404 v3" js "$ST==404 and d['status']==404 and d['type']"
req GET /stores/abc123/v2/nothing "$A1"
check "unknown v2 route -> 404 v2" js "$ST==404 and d[0]['status']==404"
req GET /nothing
check "unknown top-level route -> 404" is "$ST" 404
req POST /stores/abc123/v3/catalog/products "$A1" '{}'
check "wrong method -> 405" is "$ST" 405

echo "# gzip"
req GET /stores/abc123/v3/hooks "$A2" '' --compressed
check "gzip when asked" js "$ST==200 and '$(hdr Content-Encoding)'=='gzip' and len(d['data'])==7"
req GET /stores/abc123/v3/hooks "$A2"
check "no gzip unless asked" is "$(hdr Content-Encoding)" ""
req GET /stores/abc123/v2/time "$A1" '' --compressed
check "small bodies not gzipped" is "$(hdr Content-Encoding)" ""

echo "# rate limiting"
ctl ratelimit/reset
req GET /stores/abc123/v3/hooks "$A1"
check "rate-limit headers" is "$(hdr X-Rate-Limit-Time-Window-Ms) $(hdr X-Rate-Limit-Requests-Quota) $(hdr X-Rate-Limit-Requests-Left)" "30000 150 149"
check "reset header in window" js "0<int('$(hdr X-Rate-Limit-Time-Reset-Ms)')<=30000"
req GET /stores/abc123/v3/hooks "$A2"
check "quota shared by tokens of a store" is "$(hdr X-Rate-Limit-Requests-Left)" 148
fault '{"quota":3,"store":"abc123"}'
ctl ratelimit/reset
for i in 1 2 3; do req GET /stores/abc123/v3/hooks "$A1"; done
check "3rd request within quota" is "$ST $(hdr X-Rate-Limit-Requests-Left)" "200 0"
req GET /stores/abc123/v3/hooks "$A2"
check "429 after quota" js "$ST==429 and d['status']==429 and d['title']=='Too many requests'"
# Retry-After is the reset time rounded up, read from the same answer (no clock involved).
check "429 headers" js "'$(hdr X-Rate-Limit-Requests-Left)'=='0' and 0<int('$(hdr X-Rate-Limit-Time-Reset-Ms)')<=30000 and int('$(hdr X-Retry-After)')==-(-int('$(hdr X-Rate-Limit-Time-Reset-Ms)')//1000)"
req GET /stores/def456/v3/hooks "$B1"
check "other store unaffected" is "$ST" 200
curl -sS -o "$TMP/body" "$B/__fake/stats"
check "stats count 429" js "d['429']>=1"
ctl reset

echo "# faults"
# The fake counts the requests it delayed: the checks read that count, not a clock.
ctl stats/clear
fault '{"latency_ms":400,"match":"/v3/hooks"}'
curl -sS -o /dev/null -H "X-Auth-Token: $A1" "$B/stores/abc123/v3/hooks"
curl -sS -o "$TMP/body" "$B/__fake/stats"
check "latency_ms delays matching path" js "d['delayed']==1"
curl -sS -o /dev/null -H "X-Auth-Token: $A1" "$B/stores/abc123/v2/time"
curl -sS -o "$TMP/body" "$B/__fake/stats"
check "latency_ms spares other paths" js "d['delayed']==1"
ctl faults/clear
fault '{"fail_every":2}'
S=''; for i in 1 2 3 4; do req GET /stores/abc123/v3/hooks "$A1"; S="$S$ST "; done
check "fail_every 2" is "$S" "200 500 200 500 "
check "500 has a v3 body" js "d['status']==500"
ctl faults/clear
fault '{"fail_always":true,"fail_status":503}'
req GET /stores/abc123/v3/hooks "$A1"
check "fail_always + fail_status 503" js "$ST==503 and d['status']==503"
ctl faults/clear
fault '{"status":404}'
req GET /stores/abc123/v3/hooks "$A1"
check "forced 404 v3" js "$ST==404 and d['status']==404"
ctl faults/clear
fault '{"status":401,"match":"/v2/"}'
req GET /stores/abc123/v2/time "$A1"
check "forced 401 on v2 is an array" js "$ST==401 and d[0]['status']==401"
req GET /stores/abc123/v3/hooks "$A1"
check "match limits the fault" is "$ST" 200
ctl faults/clear
fault '{"status":429,"retry_after":7}'
req GET /stores/abc123/v3/hooks "$A1"
check "forced 429 with headers" is "$ST $(hdr X-Retry-After) $(hdr X-Rate-Limit-Requests-Left) $(hdr X-Rate-Limit-Time-Reset-Ms)" "429 7 0 7000"
ctl faults/clear
fault '{"status":503,"store":"def456"}'
req GET /stores/abc123/v3/hooks "$A1"
S=$ST
req GET /stores/def456/v3/hooks "$B1"
check "store limits the fault" is "$S $ST" "200 503"
ctl faults/clear
fault '{"truncate_json":true}'
req GET /stores/abc123/v3/hooks "$A1"
check "truncate_json: Content-Length matches, JSON broken" sh -c "[ \"$(hdr Content-Length)\" = \"\$(wc -c <'$TMP/body' | tr -d ' ')\" ] && ! $PY -c 'import json,sys; json.load(open(sys.argv[1]))' '$TMP/body' 2>/dev/null"
ctl faults/clear
fault '{"malformed_json":true}'
req GET /stores/abc123/v3/hooks "$A1"
check "malformed_json" is "$ST $(cat "$TMP/body")" '200 {"data": [ {"id": '
ctl faults/clear
fault '{"slow_body":true,"drip_ms":20,"match":"/v2/time"}'
T=$(curl -sS -o "$TMP/body" -w '%{time_total}' -H "X-Auth-Token: $A1" "$B/stores/abc123/v2/time")
check "slow_body drips a complete body" $PY -c "import json,sys; json.load(open('$TMP/body')); sys.exit(0 if $T>=0.3 else 1)"
ctl faults/clear
fault '{"slow_body":true}'
curl -sS -m 1 -o /dev/null -H "X-Auth-Token: $A1" "$B/stores/abc123/v3/hooks" 2>/dev/null
check "slow_body default trips a 1 s timeout" is "$?" 28
ctl faults/clear
fault '{"redirect":"https://evil.example/steal"}'
req GET /stores/abc123/v3/hooks "$A1"
check "redirect" is "$ST $(hdr Location)" "302 https://evil.example/steal"
ctl faults/clear
fault '{"huge_body":true,"huge_bytes":1000000}'
req GET /stores/abc123/v3/hooks "$A1"
check "huge_body of huge_bytes, chunked" js "$ST==200 and '$(hdr Transfer-Encoding)'=='chunked' and d=={'data':[],'meta':{}}" 
check "huge_body size" is "$(wc -c <"$TMP/body" | tr -d ' ')" 1000000
ctl faults/clear
fault '{"huge_body":true,"huge_bytes":-1}'
curl -sS -m 1 -o /dev/null -H "X-Auth-Token: $A1" "$B/stores/abc123/v3/hooks" 2>/dev/null
check "endless huge_body until the client leaves" is "$?" 28
ctl faults/clear
fault '{"huge_headers":true}'
HS=$(curl -sS -o /dev/null -w '%{size_header}' -H "X-Auth-Token: $A1" "$B/stores/abc123/v3/hooks" 2>/dev/null); RC=$?
check "huge_headers (~1 MiB)" sh -c "[ $RC -ne 0 ] || [ ${HS:-0} -ge 1000000 ]"
ctl faults/clear
fault '{"idle":true}'
curl -sS -m 1 -o /dev/null -H "X-Auth-Token: $A1" "$B/stores/abc123/v3/hooks" 2>/dev/null
check "idle never answers" is "$?" 28
ctl faults/clear
fault '{"status":503,"method":"PUT","match":"/v3/hooks/admin"}'
req GET /stores/abc123/v3/hooks/admin "$A1"
check "a method selector leaves other methods alone" is "$ST" 200
req PUT /stores/abc123/v3/hooks/admin "$A1" '{"emails":["a@example.com"]}'
check "... and hits the named method" is "$ST" 503
ctl faults/clear
req GET /__fake/health
check "server healthy after faults" is "$ST" 200
fault '{"latency_ms":50,"match":"/x"}'
fault '{"fail_always":true,"fail_status":502,"match":"/x"}'
fault '{"latency_ms":null,"match":"/x"}'
req GET /__fake/faults
check "faults merge per selector, null removes" js "d=={'rules':[{'match':'/x','fail_always':True,'fail_status':502}]}"
fault '{"lantecy_ms":5}'
check "unknown fault key -> 400" grep -q 'unknown fault keys' "$TMP/ctl"
ctl faults/clear
check "faults/clear" grep -q '"rules":\[\]' "$TMP/ctl"

echo "# account graphql"
Q='{"query":"query { account { id accountInfo { name } stores { edges { node { id name storeHash } } } } }"}'
req POST "/accounts/$UUID/graphql" "$AC1" "$Q"
check "graphql account + stores" js "a=d['data']['account']; a['id']=='bc/account/account/$UUID' and a['accountInfo']['name']=='Test Holdings' and [e['node']['storeHash'] for e in a['stores']['edges']]==['abc123','def456']"
req POST "/accounts/$UUID/graphql" "$AC1" '{"query":"query { account { id accountInfo { name } } }"}'
check "graphql without stores" js "set(d['data']['account'])=={'id','accountInfo'}"
req POST "/accounts/$UUID/graphql" "$AC2" "$Q"
check "stores need account_stores_read" js "d['data']['account']['stores'] is None and d['errors']"
req POST "/accounts/$UUID/graphql" "$A1" "$Q"
check "store token on graphql -> 401" is "$ST" 401
req POST "/accounts/00000000-0000-4000-8000-000000000000/graphql" "$AC1" "$Q"
check "wrong account -> 401" is "$ST" 401
req POST "/accounts/$UUID/graphql" "$AC1" 'not json'
check "bad graphql body -> 400" is "$ST" 400
fault '{"limit_per_hour":2}'
ctl ratelimit/reset
req POST "/accounts/$UUID/graphql" "$AC1" "$Q"; req POST "/accounts/$UUID/graphql" "$AC2" "$Q"
S=$ST
req POST "/accounts/$UUID/graphql" "$AC1" "$Q"
check "account limit_per_hour -> 429" is "$S $ST $(hdr X-Retry-After) $(hdr X-Rate-Limit-Time-Window-Ms)" "200 429 3600 3600000"
ctl reset

echo "# control API"
ctl log/clear
req GET /stores/abc123/v3/hooks "$A1"
req GET /stores/abc123/v3/hooks
curl -sS -o "$TMP/body" "$B/__fake/log"
check "log entries" js "len(d)==2 and d[0]['client_id']=='cid-a1-orders-00000000000000000' and d[0]['had_token'] and d[0]['store']=='abc123' and d[0]['status']==200 and d[1]['client_id'] is None and not d[1]['had_token'] and d[1]['status']==401 and set(d[0])>={'t','method','path','query','store','client_id','status','had_token'}"
check "log never holds tokens" sh -c "! grep -q 'tok-' '$TMP/body'"
ctl stats/clear
fault '{"latency_ms":300}'
PIDS=''
for i in 1 2 3 4; do curl -sS -o /dev/null -H "X-Auth-Token: $A1" "$B/stores/abc123/v3/hooks" & PIDS="$PIDS $!"; done
wait $PIDS
ctl faults/clear
curl -sS -o "$TMP/body" "$B/__fake/stats"
check "stats show concurrency" js "d['requests']==4 and d['by_store']['abc123']==4 and d['max_inflight']>=2 and d['max_inflight_by_store']['abc123']>=2 and d['connections']>=4"
req DELETE /stores/abc123/v3/hooks/101 "$A1"
curl -sS -o "$TMP/body" "$B/__fake/state"
check "state shows changes" js "s=d['stores'][0]; s['hash']=='abc123' and 101 not in [h['id'] for h in s['hooks']] and all('status' in h for h in s['hooks']) and s['emails']['cid-a1-orders-00000000000000000']==['alerts-a1@example.com'] and s['blocked_domains']['cid-a1-orders-00000000000000000'][0]['time_left']>0 and len(d['accounts'][0]['tokens'])==2"
ctl reset
curl -sS -o "$TMP/body" "$B/__fake/state"
check "reset reloads the seed" js "101 in [h['id'] for h in d['stores'][0]['hooks']]"

echo "# keep-alive"
fault '{"quota":100000}'
ctl stats/clear
$PY - "$(cat "$TMP/port")" "$A1" >"$TMP/ka" <<'EOF'
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))
for _ in range(200):
    c.request("GET", "/stores/abc123/v3/hooks?limit=1", headers={"X-Auth-Token": sys.argv[2]})
    r = c.getresponse(); r.read()
    assert r.status == 200
print("done")
EOF
curl -sS -o "$TMP/body" "$B/__fake/stats"
check "200 GETs answered on one kept-alive connection" js "'$(cat "$TMP/ka")'=='done' and d['requests']==200 and d['connections']<=2"
ctl reset

echo "# command line"
$PY "$FAKE" --seed "$HERE/seeds/test.json" --host 0.0.0.0 --port-file "$TMP/p0" 2>/dev/null
check "refuses non-loopback --host" is "$?" 2
$PY "$FAKE" --write-txt "$TMP/txt" --seed "$HERE/seeds/test.json"
check "--write-txt manifest" is "$(wc -l <"$TMP/txt/manifest.tsv" | tr -d ' ')" 7
check "store .txt" grep -q "API PATH: https://api.bigcommerce.com/stores/abc123/v3/" "$TMP/txt/Alpha_Orders.txt"
check "store .txt tokens" sh -c "grep -q 'ACCESS TOKEN: $A1' '$TMP/txt/Alpha_Orders.txt' && grep -q 'CLIENT NAME: Alpha Orders' '$TMP/txt/Alpha_Orders.txt' && grep -q 'CLIENT SECRET: [0-9a-f]\{64\}' '$TMP/txt/Alpha_Orders.txt'"
check "account .txt" sh -c "grep -q 'API PATH: https://api.bigcommerce.com/accounts/$UUID' '$TMP/txt/Holdings_Admin.txt' && grep -q '^NAME: Holdings Admin' '$TMP/txt/Holdings_Admin.txt'"
check "manifest line" grep -q "$(printf 'store\tabc123\tAlpha Stencil\tstencil\tpublish\tstore_themes_manage,store_sites_read_only\tAlpha_Stencil.txt')" "$TMP/txt/manifest.tsv"
$PY "$FAKE" --write-txt "$TMP/txt2" --seed "$HERE/seeds/test.json" --origin http://127.0.0.1:9 --lf
check "--origin and --lf" sh -c "grep -q '^API PATH: http://127.0.0.1:9/stores/def456/v3/\$' '$TMP/txt2/Beta_Bare.txt' && ! grep -q \"\$(printf '\r')\" '$TMP/txt2/Beta_Bare.txt'"
$PY "$FAKE" --gen-seed "$TMP/g1.json" --stores 4 --accounts-per-store 50 --seed-rng 7
$PY "$FAKE" --gen-seed "$TMP/g2.json" --stores 4 --accounts-per-store 50 --seed-rng 7
check "--gen-seed is deterministic" cmp -s "$TMP/g1.json" "$TMP/g2.json"
cp "$TMP/g1.json" "$TMP/body"
check "--gen-seed shape" js "len(d['stores'])==4 and sum(len(s['tokens']) for s in d['stores'])==200 and {h['status'] for s in d['stores'] for t in s['tokens'] for h in t['hooks']}=={'active','inactive','deactivated'} and any(t['blocked_domains'] for s in d['stores'] for t in s['tokens']) and any(not t['emails'] for s in d['stores'] for t in s['tokens'])"
GT=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["stores"][0]["tokens"][0]["access_token"])' "$TMP/g1.json")
GH=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["stores"][0]["hash"])' "$TMP/g1.json")
$PY "$FAKE" --seed "$TMP/g1.json" --port-file "$TMP/port2" &
SRV2=$!
wait_port "$TMP/port2"
S=$(curl -sS -o /dev/null -w '%{http_code}' -H "X-Auth-Token: $GT" "http://127.0.0.1:$(cat "$TMP/port2")/stores/$GH/v3/hooks")
check "server loads a generated seed" is "$S" 200
kill "$SRV2"; wait "$SRV2" 2>/dev/null; SRV2=''

if command -v openssl >/dev/null 2>&1 &&
   openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMP/key.pem" -out "$TMP/cert.pem" -days 2 \
       -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1; then
    $PY "$FAKE" --seed "$HERE/seeds/test.json" --port-file "$TMP/port3" --tls-cert "$TMP/cert.pem" --tls-key "$TMP/key.pem" &
    SRV2=$!
    wait_port "$TMP/port3"
    S=$(curl -sS --cacert "$TMP/cert.pem" -o /dev/null -w '%{http_code}' -H "X-Auth-Token: $A1" "https://127.0.0.1:$(cat "$TMP/port3")/stores/abc123/v3/hooks")
    check "TLS serves HTTPS" is "$S" 200
    curl -sS -o /dev/null "https://127.0.0.1:$(cat "$TMP/port3")/__fake/health" 2>/dev/null
    check "TLS: untrusted cert rejected by curl" is "$?" 60
    kill "$SRV2"; wait "$SRV2" 2>/dev/null; SRV2=''
else
    echo "skip TLS (no openssl)"
fi

echo "# shutdown"
kill -TERM "$SRV"
i=0; while kill -0 "$SRV" 2>/dev/null && [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
check "SIGTERM exits within 2 s" sh -c "! kill -0 $SRV 2>/dev/null"
wait "$SRV"; RC=$?; SRV=''
check "exit status 0" is "$RC" 0

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
