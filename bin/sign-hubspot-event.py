#!/usr/bin/env python3
"""Writes events/hubspot-webhook.json: an API Gateway HTTP API (payload 2.0) event carrying a HubSpot webhook batch
for week 2026-W47, signed as HubSpot signs (v3, and v1 as HubSpot also sends it) with the test client secret.
Independent of the Java verifier on purpose, URI decoding included: the tests then check the verifier against a
second implementation.

usage: bin/sign-hubspot-event.py            write the sample, signed at 2026-11-23T07:59:30Z
       bin/sign-hubspot-event.py --now      write the sample signed now, for `sam local invoke`
       bin/sign-hubspot-event.py --vectors  print the v3 vectors HubSpotSignatureTest checks"""
import base64, datetime, hashlib, hmac, json, re, sys, time

CLIENT_SECRET = "5ec2e7c1-7e57-4d0c-9a11-1ead100b2026"  # test only; docs/webhooks/hubspot.md says so
FIXED_TIMESTAMP_MS = 1795420770000  # 2026-11-23T07:59:30Z, the time the handler tests pin their clock to
HOST = "abc123.execute-api.eu-west-1.amazonaws.com"
PORTAL, APP = 24681357, 1234567

# HubSpot's request-validation guide: these encodings are decoded in the URI before it is signed.
DECODED = {"%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$",
           "%27": "'", "%28": "(", "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";"}


def signed_uri(called_url):
    return re.sub("|".join(DECODED), lambda m: DECODED[m.group(0)], called_url)


def sign_v3(method, called_url, body, timestamp_ms):
    message = (method + signed_uri(called_url) + body + str(timestamp_ms)).encode("utf-8")
    return base64.b64encode(hmac.new(CLIENT_SECRET.encode("utf-8"), message, hashlib.sha256).digest()).decode()


def sign_v1(body):
    return hashlib.sha256((CLIENT_SECRET + body).encode("utf-8")).hexdigest()


def ms(local_time):
    return int(datetime.datetime.fromisoformat(local_time).timestamp() * 1000)


SUBSCRIPTIONS = {
    "contact.creation": 2510001, "lifecyclestage": 2510002, "hs_lead_status": 2510003,
    "hs_analytics_source": 2510004, "hubspot_owner_id": 2510009, "deal.creation": 2510005,
    "dealstage": 2510006, "amount": 2510007, "deal.associationChange": 2510008, "contact.associationChange": 2510010,
}
_event_ids = iter(range(4_100_001, 4_200_000))


def event(kind, at, object_id, **extra):
    subscription = SUBSCRIPTIONS[extra.get("propertyName", kind)]
    e = {"eventId": next(_event_ids), "subscriptionId": subscription, "portalId": PORTAL, "appId": APP,
         "occurredAt": ms(at), "subscriptionType": kind, "attemptNumber": 0, "objectId": object_id,
         "changeSource": "CRM_UI", "sourceId": "userId:71234567"}
    e.update(extra)
    return e


def created(kind, at, object_id):
    return event(kind, at, object_id, changeFlag="NEW")


def changed(kind, at, object_id, name, value):
    return event(kind, at, object_id, propertyName=name, propertyValue=value)


def associated(kind, at, from_id, to_id, association_type):
    return event(kind, at, from_id, associationType=association_type, fromObjectId=from_id, toObjectId=to_id,
                 associationRemoved=False, isPrimaryAssociation=False)


mql_501 = changed("contact.propertyChange", "2026-11-16T16:30:00+01:00", 501, "lifecyclestage", "marketingqualifiedlead")
EVENTS = [
    created("contact.creation", "2026-11-16T09:12:00+01:00", 501),
    changed("contact.propertyChange", "2026-11-16T09:12:00+01:00", 501, "hs_analytics_source", "ORGANIC_SEARCH"),
    changed("contact.propertyChange", "2026-11-16T09:13:00+01:00", 501, "hubspot_owner_id", "71234567"),
    created("contact.creation", "2026-11-16T11:40:00+01:00", 502),
    changed("contact.propertyChange", "2026-11-16T11:40:00+01:00", 502, "hs_analytics_source", "PAID_SEARCH"),
    mql_501,
    changed("contact.propertyChange", "2026-11-17T09:00:00+01:00", 502, "lifecyclestage", "marketingqualifiedlead"),
    changed("contact.propertyChange", "2026-11-17T12:00:00+01:00", 501, "lifecyclestage", "salesqualifiedlead"),
    created("contact.creation", "2026-11-17T15:05:00+01:00", 503),
    created("deal.creation", "2026-11-18T09:30:00+01:00", 9001),
    associated("deal.associationChange", "2026-11-18T09:31:00+01:00", 9001, 501, "DEAL_TO_CONTACT"),
    changed("deal.propertyChange", "2026-11-18T09:32:00+01:00", 9001, "amount", "18500"),
    created("contact.creation", "2026-11-18T10:00:00+01:00", 504),
    changed("contact.propertyChange", "2026-11-18T10:30:00+01:00", 502, "lifecyclestage", "salesqualifiedlead"),
    changed("contact.propertyChange", "2026-11-18T17:45:00+01:00", 503, "hs_lead_status", "UNQUALIFIED"),
    changed("contact.propertyChange", "2026-11-19T11:00:00+01:00", 504, "lifecyclestage", "marketingqualifiedlead"),
    created("deal.creation", "2026-11-19T11:00:00+01:00", 9002),
    associated("contact.associationChange", "2026-11-19T11:01:00+01:00", 502, 9002, "CONTACT_TO_DEAL"),
    changed("deal.propertyChange", "2026-11-19T11:02:00+01:00", 9002, "amount", "42000"),
    changed("deal.propertyChange", "2026-11-19T14:00:00+01:00", 9001, "dealstage", "presentationscheduled"),
    created("contact.creation", "2026-11-19T14:20:00+01:00", 505),
    # A custom lifecycle stage nobody has mapped yet: kept unmapped, with the setting that would map it.
    changed("contact.propertyChange", "2026-11-20T09:00:00+01:00", 505, "lifecyclestage", "1034578213"),
    changed("deal.propertyChange", "2026-11-20T16:20:00+01:00", 9001, "dealstage", "closedwon"),
    changed("deal.propertyChange", "2026-11-21T10:00:00+01:00", 9002, "dealstage", "closedlost"),
    # HubSpot's retry of an event it already delivered: same ids and time, next attempt.
    dict(mql_501, attemptNumber=1),
]

# One small batch per vector; the called URLs carry percent-encodings HubSpot decodes (%3A) and one it keeps (%20).
VECTOR_BODY = json.dumps([created("contact.creation", "2026-11-23T08:58:00+01:00", 601)], separators=(",", ":"))
VECTORS = {
    "behind API Gateway": "https://hooks.example.com/webhooks/hubspot?tenant=acme%3Aeu&note=a%20b",
    "configured URL": "https://crm.example.com/leadloop/webhooks/hubspot?account=acme%3Aeu%2C2",
}


def sample(timestamp_ms):
    body = json.dumps(EVENTS, separators=(",", ":"))
    url = "https://" + HOST + "/webhooks/hubspot"
    when = datetime.datetime.fromtimestamp(timestamp_ms / 1000, datetime.timezone.utc)
    user_agent = "HubSpot Connect 2.0 (http://dev.hubspot.com/) - WebhooksExecutorDaemon-executor"
    return {
        "version": "2.0",
        "routeKey": "POST /webhooks/{source}",
        "rawPath": "/webhooks/hubspot",
        "rawQueryString": "",
        "headers": {
            "content-type": "application/json",
            "host": HOST,
            "user-agent": user_agent,
            "x-forwarded-for": "54.174.62.10",
            "x-forwarded-port": "443",
            "x-forwarded-proto": "https",
            "x-hubspot-request-timestamp": str(timestamp_ms),
            "x-hubspot-signature-v3": sign_v3("POST", url, body, timestamp_ms),
            "x-hubspot-signature": sign_v1(body),
            "x-hubspot-signature-version": "v1",
        },
        "pathParameters": {"source": "hubspot"},
        "requestContext": {
            "accountId": "123456789012", "apiId": "abc123", "domainName": HOST, "domainPrefix": "abc123",
            "http": {"method": "POST", "path": "/webhooks/hubspot", "protocol": "HTTP/1.1", "sourceIp": "54.174.62.10",
                     "userAgent": user_agent},
            "requestId": "Hb7kQj2PliAEMpw=", "routeKey": "POST /webhooks/{source}", "stage": "$default",
            "time": when.strftime("%d/%b/%Y:%H:%M:%S +0000"), "timeEpoch": timestamp_ms,
        },
        "body": body,
        "isBase64Encoded": False,
    }


def main():
    if "--vectors" in sys.argv:
        print(json.dumps({"body": VECTOR_BODY, "timestamp": FIXED_TIMESTAMP_MS, "vectors": [
            {"name": name, "called": url, "signed_uri": signed_uri(url),
             "signature": sign_v3("POST", url, VECTOR_BODY, FIXED_TIMESTAMP_MS)} for name, url in VECTORS.items()]},
            indent=2))
        return
    timestamp_ms = int(time.time() * 1000) if "--now" in sys.argv else FIXED_TIMESTAMP_MS
    with open("events/hubspot-webhook.json", "w") as f:
        json.dump(sample(timestamp_ms), f, indent=2)
        f.write("\n")


main()
