#!/usr/bin/env python3
"""Apply one scimdir deprovisioning diff to a host app over its REST user API.

    HOST_API_URL=http://bi.internal:3000 HOST_API_KEY=... host-consumer.py /var/lib/scimdir/state/outbox/0000000042.json

The host is a Metabase-like BI tool: accounts are found with `GET /api/user?query=<email>&status=all` (answer
`{"data": [{"id": 7, "email": "...", "is_active": true}, ...]}`) and changed with `PUT /api/user/<id>` and a JSON
body. The key goes in the `X-API-Key` header. What the script does, per entry of the diff (ARCHITECTURE §6):

- deprovisioned (deactivated, deleted, notProvisioned): every host account whose e-mail is one of the user's (or the
  host account's) e-mails is deactivated with `{"is_active": false}`;
- provisioned or reactivated with `active: true`: an existing, deactivated account is reactivated with
  `{"is_active": true}` (accounts are created by the host at the first SAML login, not here);
- identityChanged with a new primary e-mail: the account with the previous e-mail gets `{"email": <new>}`;
- memberships and groups: reported, not applied (map them to host groups here if the host has any).

It is idempotent: an account already in the wanted state is left alone, and a user without a host account is fine.
The exit status is 0 only when every entry was applied, so that `scimdir serve --on-diff` (or the systemd units next
to this file) retries the diff later, and no later diff is applied before it. Standard library only.
"""

import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request


class HostAPI:
    """The host's user API: base URL and key from HOST_API_URL and HOST_API_KEY."""

    def __init__(self, base_url, api_key, timeout=30):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def _request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        request.add_header("X-API-Key", self.api_key)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            text = response.read().decode("utf-8")
            return json.loads(text) if text else None

    def accounts_with_email(self, email):
        """Every host account whose e-mail equals `email` (case-insensitively), active or not."""
        query = urllib.parse.urlencode({"query": email, "status": "all"})
        answer = self._request("GET", "/api/user?" + query) or {}
        users = answer.get("data", []) if isinstance(answer, dict) else answer
        return [user for user in users if str(user.get("email", "")).lower() == email.lower()]

    def update(self, account_id, changes):
        return self._request("PUT", "/api/user/%s" % urllib.parse.quote(str(account_id)), changes)


def user_emails(entry):
    """The e-mails an entry names: the user's, then the host account's."""
    emails = []
    user = entry.get("user") or {}
    for email in [user.get("primaryEmail")] + list(user.get("emails", [])) + [(entry.get("account") or {}).get("email")]:
        if email and email.lower() not in [known.lower() for known in emails]:
            emails.append(email)
    return emails


def set_active(api, entry, active, log):
    """Makes every account of the entry's e-mails active or inactive; accounts already so are left alone."""
    for email in user_emails(entry):
        for account in api.accounts_with_email(email):
            if bool(account.get("is_active")) == active:
                log("%s: account %s already %s" % (email, account.get("id"), "active" if active else "inactive"))
                continue
            api.update(account["id"], {"is_active": active})
            log("%s: account %s %s" % (email, account.get("id"), "reactivated" if active else "deactivated"))


def change_email(api, entry, log):
    previous = entry.get("previousPrimaryEmail")
    current = (entry.get("user") or {}).get("primaryEmail")
    if not previous or not current or previous.lower() == current.lower():
        return
    for account in api.accounts_with_email(previous):
        api.update(account["id"], {"email": current})
        log("%s: account %s now %s" % (previous, account.get("id"), current))


def apply_diff(diff, api, log):
    """Applies one diff; raises on the first failure (nothing later in the diff is applied then)."""
    for entry in diff.get("deprovisioned", []):
        set_active(api, entry, False, log)
    for entry in diff.get("provisioned", []):
        if (entry.get("user") or {}).get("active"):
            set_active(api, entry, True, log)
    for entry in diff.get("identityChanged", []):
        change_email(api, entry, log)
    ignored = len(diff.get("membershipsRemoved", [])) + len(diff.get("membershipsAdded", []))
    ignored += len(diff.get("groupsDeleted", []))
    if ignored:
        log("%d membership and group entries are not mapped to host groups" % ignored)


def main(arguments):
    if len(arguments) != 2:
        sys.stderr.write("usage: host-consumer.py DIFF.json  (env HOST_API_URL, HOST_API_KEY)\n")
        return 2
    base_url = os.environ.get("HOST_API_URL")
    api_key = os.environ.get("HOST_API_KEY")
    if not base_url or not api_key:
        sys.stderr.write("host-consumer: set HOST_API_URL and HOST_API_KEY\n")
        return 2
    path = arguments[1]
    try:
        with open(path, encoding="utf-8") as file:
            diff = json.load(file)
    except (OSError, ValueError) as error:
        sys.stderr.write("host-consumer: cannot read %s: %s\n" % (path, error))
        return 1
    label = "diff %s" % diff.get("sequence", os.path.basename(path))

    def log(message):
        sys.stdout.write("%s: %s\n" % (label, message))

    try:
        apply_diff(diff, HostAPI(base_url, api_key), log)
    except (urllib.error.URLError, OSError, ValueError, KeyError) as error:
        sys.stderr.write("host-consumer: %s not applied, will be retried: %s\n" % (label, error))
        return 1
    log("applied")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
