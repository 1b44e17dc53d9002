#!/usr/bin/env python3
"""Writes events/generic-webhook.json: an API Gateway HTTP API (payload 2.0) event carrying a generic-format
batch, signed as Standard Webhooks with the local test secret. Independent of the Java signer on purpose:
the handler test then checks the Java verifier against a second implementation.

usage: bin/sign-generic-event.py [--now]      (--now signs with the current time, for `sam local invoke`)
       bin/sign-generic-event.py --post URL   signs the same events now and POSTs them to URL, e.g. to a running
                                              `./leadloop serve`: http://127.0.0.1:8080/webhooks/generic
                                              (prints the answer; exits 1 unless it is 2xx; the file is left as it is)"""
import base64, hashlib, hmac, json, sys, time, datetime, urllib.error, urllib.request

SECRET = "whsec_bGVhZGxvb3AtbG9jYWwtdGVzdC1zZWNyZXQtMjAyNg=="
FIXED_TIMESTAMP = 1795420770  # 2026-11-23T07:59:30Z, the time the handler tests pin their clock to

events = [
    {"id": "evt-1001", "type": "lead.created", "occurred_at": "2026-11-16T09:12:00+01:00", "lead_id": "L-1001",
     "source": "webinar", "campaign": "q4-ai-webinar", "form": "demo-request", "owner": "ana.garcia",
     "attributes": {"industry": "software", "employees": 240, "country": "ES"}},
    {"id": "evt-1002", "type": "lead.created", "occurred_at": "2026-11-16T11:40:00+01:00", "lead_id": "L-1002",
     "source": "paid-search", "campaign": "q4-brand", "form": "buying-guide", "owner": "ben.okafor",
     "attributes": {"industry": "retail", "employees": 1200, "country": "MX"}},
    {"id": "evt-1003", "type": "lead.created", "occurred_at": "2026-11-17T15:05:00+01:00", "lead_id": "L-1003",
     "source": "organic", "form": "newsletter", "owner": "chloe.martin"},
    {"id": "evt-1004", "type": "lead.created", "occurred_at": "2026-11-18T10:00:00+01:00", "lead_id": "L-1004",
     "source": "referral", "form": "contact-us", "owner": "ana.garcia"},
    {"id": "evt-1005", "type": "lead.stage_reached", "occurred_at": "2026-11-16T16:30:00+01:00", "lead_id": "L-1001", "stage": "mql"},
    {"id": "evt-1006", "type": "lead.stage_reached", "occurred_at": "2026-11-17T09:00:00+01:00", "lead_id": "L-1002", "stage": "mql"},
    {"id": "evt-1007", "type": "activity.logged", "occurred_at": "2026-11-17T10:15:00+01:00", "rep": "ana.garcia",
     "activity_type": "call", "lead_id": "L-1001"},
    {"id": "evt-1008", "type": "lead.stage_reached", "occurred_at": "2026-11-17T12:00:00+01:00", "lead_id": "L-1001", "stage": "sql"},
    {"id": "evt-1009", "type": "lead.disqualified", "occurred_at": "2026-11-18T17:45:00+01:00", "lead_id": "L-1003", "reason": "no budget"},
    {"id": "evt-1010", "type": "deal.created", "occurred_at": "2026-11-18T09:30:00+01:00", "deal_id": "D-501", "lead_id": "L-1001",
     "amount": 18000, "currency": "EUR", "owner": "ana.garcia"},
    {"id": "evt-1011", "type": "deal.stage_changed", "occurred_at": "2026-11-19T14:00:00+01:00", "deal_id": "D-501", "stage": "proposal"},
    {"id": "evt-1012", "type": "deal.won", "occurred_at": "2026-11-20T16:20:00+01:00", "deal_id": "D-501",
     "amount": 18500, "currency": "EUR", "owner": "ana.garcia"},
    {"id": "evt-1013", "type": "deal.created", "occurred_at": "2026-11-19T11:00:00+01:00", "deal_id": "D-502", "lead_id": "L-1002",
     "amount": 42000, "currency": "EUR", "owner": "ben.okafor"},
    {"id": "evt-1014", "type": "deal.lost", "occurred_at": "2026-11-21T10:00:00+01:00", "deal_id": "D-502",
     "amount": 42000, "currency": "EUR", "owner": "ben.okafor", "reason": "chose competitor"},
]

def sign(msg_id, timestamp, body):
    key = base64.b64decode(SECRET[len("whsec_"):])
    mac = hmac.new(key, f"{msg_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()

def post(url):
    timestamp = int(time.time())
    body = json.dumps({"events": events}, separators=(",", ":"))
    msg_id = f"msg_sample_{timestamp}"
    request = urllib.request.Request(url, data=body.encode(), method="POST", headers={
        "content-type": "application/json", "webhook-id": msg_id, "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(msg_id, timestamp, body)})
    try:
        with urllib.request.urlopen(request) as response:
            print(response.status, response.read().decode())
    except urllib.error.HTTPError as e:
        print(e.code, e.read().decode())
        sys.exit(1)

def main():
    if "--post" in sys.argv:
        return post(sys.argv[sys.argv.index("--post") + 1])
    timestamp = int(time.time()) if "--now" in sys.argv else FIXED_TIMESTAMP
    body = json.dumps({"events": events}, separators=(",", ":"))
    msg_id = "msg_2LZ3kq8x0W7aVtUg5cJ1pYbN"
    signature = sign(msg_id, timestamp, body)
    when = datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc)
    event = {
        "version": "2.0",
        "routeKey": "POST /webhooks/{source}",
        "rawPath": "/webhooks/generic",
        "rawQueryString": "",
        "headers": {
            "content-type": "application/json",
            "host": "abc123.execute-api.eu-west-1.amazonaws.com",
            "user-agent": "leadloop-sample-sender/1.0",
            "webhook-id": msg_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": signature,
            "x-forwarded-proto": "https",
        },
        "pathParameters": {"source": "generic"},
        "requestContext": {
            "accountId": "123456789012", "apiId": "abc123", "domainName": "abc123.execute-api.eu-west-1.amazonaws.com",
            "domainPrefix": "abc123",
            "http": {"method": "POST", "path": "/webhooks/generic", "protocol": "HTTP/1.1", "sourceIp": "203.0.113.10",
                     "userAgent": "leadloop-sample-sender/1.0"},
            "requestId": "Ab1cDEfGhIjKLmn=", "routeKey": "POST /webhooks/{source}", "stage": "$default",
            "time": when.strftime("%d/%b/%Y:%H:%M:%S +0000"), "timeEpoch": timestamp * 1000,
        },
        "body": body,
        "isBase64Encoded": False,
    }
    with open("events/generic-webhook.json", "w") as f:
        json.dump(event, f, indent=2)
        f.write("\n")

main()
