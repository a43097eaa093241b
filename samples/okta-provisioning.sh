#!/usr/bin/env bash
# Replays an Okta-like provisioning flow against a running scimdir, with the request shapes Okta documents
# ("Okta and SCIM Version 2.0"): lookup by userName, create, read, path-less PATCH deactivation, group push.
#
#   SCIMDIR_URL=http://127.0.0.1:8080/api/ee/scim/v2 SCIMDIR_TOKEN=scimdir_… samples/okta-provisioning.sh
#
# The first argument is the user name (default dana@example.com); the externalId (00u1dana) and the group names
# (Support, then Customer Support) are fixed, so a second run against the same directory gets 409 (uniqueness):
# run it on a fresh copy.
# Needs bash and curl. Every response is printed; the script stops at the first unexpected status.
set -euo pipefail

url=${SCIMDIR_URL:-http://127.0.0.1:8080/api/ee/scim/v2}
token=${SCIMDIR_TOKEN:?set SCIMDIR_TOKEN to the bearer token scimdir printed}
user_name=${1:-dana@example.com}

# request METHOD PATH EXPECTED_STATUS [BODY] — prints the response body, fails on another status.
request() {
  local method=$1 path=$2 expected=$3 body=${4:-}
  local args=(-sS -X "$method" -H "Authorization: Bearer $token" -H "User-Agent: Okta SCIM Client 1.0.0"
    -w '\n%{http_code}' "$url$path")
  [[ -n $body ]] && args+=(-H 'Content-Type: application/scim+json; charset=utf-8' --data "$body")
  local output status
  output=$(curl "${args[@]}")
  status=${output##*$'\n'}
  output=${output%$'\n'*}
  printf '%s %s -> %s\n%s\n\n' "$method" "$path" "$status" "$output" >&2
  [[ $status == "$expected" ]] || { echo "expected $expected, got $status" >&2; exit 1; }
  printf '%s' "$output"
}

# json_id JSON — the first "id" member of a compact JSON document.
json_id() { grep -o '"id":"[^"]*"' <<<"$1" | head -n1 | cut -d'"' -f4; }

echo "== Okta checks whether the user exists" >&2
request GET "/Users?filter=userName%20eq%20%22${user_name/@/%40}%22&startIndex=1&count=100" 200 >/dev/null

echo "== Okta creates the user" >&2
created=$(request POST /Users 201 '{
  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
  "userName": "'"$user_name"'",
  "name": {"givenName": "Dana", "familyName": "Doe"},
  "emails": [{"primary": true, "value": "'"$user_name"'", "type": "work"}],
  "displayName": "Dana Doe", "locale": "en-US", "externalId": "00u1dana",
  "groups": [], "password": "placeholder-okta-never-stores", "active": true}')
user_id=$(json_id "$created")

echo "== Okta reads it back" >&2
request GET "/Users/$user_id" 200 >/dev/null

echo "== Okta pushes a group with the user as member" >&2
group=$(request POST /Groups 201 '{
  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
  "displayName": "Support",
  "members": [{"value": "'"$user_id"'", "display": "'"$user_name"'"}]}')
group_id=$(json_id "$group")

echo "== Okta renames the group" >&2
request PATCH "/Groups/$group_id" 200 '{
  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  "Operations": [{"op": "replace", "value": {"id": "'"$group_id"'", "displayName": "Customer Support"}}]}' >/dev/null

echo "== Okta deactivates the user (path-less PATCH)" >&2
request PATCH "/Users/$user_id" 200 '{
  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  "Operations": [{"op": "replace", "value": {"active": false}}]}' >/dev/null

echo "== Done: users/$user_id.json and groups/$group_id.json are in the directory" >&2
