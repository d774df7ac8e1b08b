#!/usr/bin/python3
"""Wraps the scrapinghub-dev benchmark pages into one WARC file of HTTP 200
response records (one gzip member per record), so that the WARC reader can be
run end to end on real news pages:

    /usr/bin/python3 bench/make_scrapinghub_warc.py /tmp/sh.warc.gz
    build/parallax analyze /tmp/sh.warc.gz -f json -o /tmp/out.json

The pages stay outside the repository: they are read from
../shared/data/extraction/scrapinghub-dev (or $PARALLAX_SHARED/data/...).
Target URIs come from ground-truth.json when it names them. Standard library
only.
"""
import datetime
import gzip
import json
import os
import sys
import uuid


def record(headers, block):
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    head += f"Content-Length: {len(block)}\r\n\r\n"
    return gzip.compress(head.encode("utf-8") + block + b"\r\n\r\n")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_scrapinghub_warc.py OUT.warc.gz")
    here = os.path.dirname(os.path.abspath(__file__))
    shared = os.environ.get("PARALLAX_SHARED", os.path.join(here, "..", "..", "shared"))
    base = os.path.join(shared, "data", "extraction", "scrapinghub-dev")
    html_dir = os.path.join(base, "html")
    if not os.path.isdir(html_dir):
        sys.exit(f"make_scrapinghub_warc: {html_dir} not found")
    truth = {}
    truth_path = os.path.join(base, "ground-truth.json")
    if os.path.exists(truth_path):
        with open(truth_path, encoding="utf-8") as f:
            truth = json.load(f)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    count = 0
    with open(sys.argv[1], "wb") as out:
        info = b"software: parallax bench/make_scrapinghub_warc.py\r\nformat: WARC File Format 1.0\r\n"
        out.write(record([("WARC-Type", "warcinfo"), ("WARC-Date", now),
                          ("WARC-Record-ID", f"<urn:uuid:{uuid.uuid4()}>"),
                          ("Content-Type", "application/warc-fields")], info))
        for name in sorted(os.listdir(html_dir)):
            if not name.endswith(".html.gz"):
                continue
            key = name[: -len(".html.gz")]
            with gzip.open(os.path.join(html_dir, name), "rb") as f:
                body = f.read()
            url = truth.get(key, {}).get("url") or f"http://scrapinghub-dev.invalid/{key}"
            http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                    + f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
            out.write(record([("WARC-Type", "response"), ("WARC-Target-URI", url), ("WARC-Date", now),
                              ("WARC-Record-ID", f"<urn:uuid:{uuid.uuid4()}>"),
                              ("Content-Type", "application/http; msgtype=response")], http))
            count += 1
    print(f"make_scrapinghub_warc: {count} response records -> {sys.argv[1]}")


if __name__ == "__main__":
    main()
