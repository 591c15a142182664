#!/usr/bin/env python3
"""Writes Tests/Fixtures/signature-vectors.json: Mercado Pago webhook signature vectors computed with
Python's own hmac/hashlib, independently of golive's Swift code (MERCADOPAGO.md §5.4).

Manifest: "id:[data.id_url];request-id:[x-request-id_header];ts:[ts_header];" — a pair whose value is
absent is dropped; HMAC-SHA256 with the secret as key, lower-case hex, sent as
"x-signature: ts=<ts>,v1=<hex>".

Each vector is what a receiver gets (the query's data.id, the x-request-id and x-signature headers, or null
when absent) and the secret it verifies with. "expect" is "valid" (then "variant" says which data.id form
matched: "as_received" or "lowercased", "ts_unit" says "seconds" or "milliseconds", and "manifest" is the
string that was signed) or "invalid" (then "reason" says why: missing_signature, malformed_signature,
missing_timestamp, missing_hash, signature_mismatch).

Run: python3 scripts/signature-vectors.py  (deterministic: the same file every time)
"""

import hashlib
import hmac
import json
import os

SECRET = "b7c1e2d3f4a5968778695a4b3c2d1e0ff0e1d2c3b4a5968778695a4b3c2d1e0f"
OTHER_SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"
REQUEST_ID = "bb56a2f1-6aae-46ac-982e-9dcd3581d08e"
TS_SECONDS = "1704908010"
TS_MILLIS = "1742505638683"


def manifest(data_id, request_id, ts):
    text = ""
    if data_id is not None:
        text += f"id:{data_id};"
    if request_id is not None:
        text += f"request-id:{request_id};"
    if ts is not None:
        text += f"ts:{ts};"
    return text


def sign(secret, text):
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


def valid(name, data_id, request_id, ts, *, signed_data_id=None, variant="as_received", header=None):
    """A delivery signed over `signed_data_id` (default: data_id as received)."""
    text = manifest(data_id if signed_data_id is None else signed_data_id, request_id, ts)
    v1 = sign(SECRET, text)
    return {
        "name": name,
        "secret": SECRET,
        "data_id": data_id,
        "x_request_id": request_id,
        "x_signature": header(ts, v1) if header else f"ts={ts},v1={v1}",
        "expect": "valid",
        "variant": variant,
        "ts": ts,
        "ts_unit": "milliseconds" if len(ts) == 13 else "seconds",
        "manifest": text,
        "v1": v1,
    }


def invalid(name, data_id, request_id, x_signature, reason, secret=SECRET):
    return {
        "name": name,
        "secret": secret,
        "data_id": data_id,
        "x_request_id": request_id,
        "x_signature": x_signature,
        "expect": "invalid",
        "reason": reason,
    }


def main():
    good = sign(SECRET, manifest("123456789", REQUEST_ID, TS_SECONDS))
    vectors = [
        valid("seconds timestamp", "123456789", REQUEST_ID, TS_SECONDS),
        valid("milliseconds timestamp", "123456789", REQUEST_ID, TS_MILLIS),
        valid(
            "upper-case data.id signed as received",
            "ORD01JQ4S4KY8HWQ6NA5PXB65B3D3",
            REQUEST_ID,
            TS_MILLIS,
        ),
        valid(
            "upper-case data.id signed lower-cased (Orders API docs)",
            "ORD01JQ4S4KY8HWQ6NA5PXB65B3D3",
            REQUEST_ID,
            TS_SECONDS,
            signed_data_id="ORD01JQ4S4KY8HWQ6NA5PXB65B3D3".lower(),
            variant="lowercased",
        ),
        valid("missing x-request-id: its pair is dropped", "123456789", None, TS_SECONDS),
        valid("missing data.id: its pair is dropped", None, REQUEST_ID, TS_SECONDS),
        valid(
            "v1 before ts, with spaces after commas",
            "987654321",
            REQUEST_ID,
            TS_SECONDS,
            header=lambda ts, v1: f"v1={v1}, ts={ts}",
        ),
        invalid(
            "wrong secret",
            "123456789",
            REQUEST_ID,
            f"ts={TS_SECONDS},v1={good}",
            "signature_mismatch",
            secret=OTHER_SECRET,
        ),
        invalid(
            "tampered ts",
            "123456789",
            REQUEST_ID,
            f"ts={int(TS_SECONDS) + 1},v1={good}",
            "signature_mismatch",
        ),
        invalid(
            "tampered data.id",
            "123456780",
            REQUEST_ID,
            f"ts={TS_SECONDS},v1={good}",
            "signature_mismatch",
        ),
        invalid(
            "tampered x-request-id",
            "123456789",
            "bb56a2f1-6aae-46ac-982e-9dcd3581d08f",
            f"ts={TS_SECONDS},v1={good}",
            "signature_mismatch",
        ),
        invalid(
            "v1 of the right length but not hex",
            "123456789",
            REQUEST_ID,
            f"ts={TS_SECONDS},v1={'z' * 64}",
            "signature_mismatch",
        ),
        invalid(
            "v1 truncated",
            "123456789",
            REQUEST_ID,
            f"ts={TS_SECONDS},v1={good[:32]}",
            "signature_mismatch",
        ),
        invalid("missing v1", "123456789", REQUEST_ID, f"ts={TS_SECONDS}", "missing_hash"),
        invalid("missing ts", "123456789", REQUEST_ID, f"v1={good}", "missing_timestamp"),
        invalid("malformed header: no key=value pairs", "123456789", REQUEST_ID, "garbage", "malformed_signature"),
        invalid("malformed header: empty", "123456789", REQUEST_ID, "", "malformed_signature"),
        invalid("missing x-signature header", "123456789", REQUEST_ID, None, "missing_signature"),
    ]
    # Every valid vector must check out against its own manifest, and no invalid one may.
    for vector in vectors:
        if vector["expect"] == "valid":
            assert hmac.compare_digest(sign(vector["secret"], vector["manifest"]), vector["v1"])
    document = {
        "generated_by": "scripts/signature-vectors.py (Python hmac + hashlib.sha256)",
        "manifest_template": "id:[data.id_url];request-id:[x-request-id_header];ts:[ts_header];",
        "reasons": ["missing_signature", "malformed_signature", "missing_timestamp", "missing_hash", "signature_mismatch"],
        "vectors": vectors,
    }
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join(root, "Tests", "Fixtures", "signature-vectors.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as output:
        json.dump(document, output, indent=2)
        output.write("\n")
    print(f"wrote {len(vectors)} vectors to {os.path.relpath(path, root)}")


if __name__ == "__main__":
    main()
