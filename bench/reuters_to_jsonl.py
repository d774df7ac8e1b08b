#!/usr/bin/env python3
"""Convert Reuters-21578 SGML (reut2-*.sgm) to Parallax JSON Lines on stdout.

Usage: bench/reuters_to_jsonl.py [PATH] [--limit N]

PATH is a directory holding reut2-*.sgm or a single .sgm file; by default
../shared/data/bulk/reuters21578 relative to the repository root.

One JSON object per line: id ("reuters-" + NEWID), source ("Reuters"),
url (empty: the corpus has none), title, published (DATE as YYYY-MM-DD),
text (BODY with SGML entities decoded, control characters other than
newline and tab dropped, and the trailing "Reuter" sign-off removed).
Records without a BODY (TEXT TYPE="BRIEF" / "UNPROC") are skipped and counted
on stderr. Standard library only; the files are read as latin-1 because a few
bytes are not valid UTF-8.
"""

import argparse
import glob
import html
import json
import os
import re
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_PATH = os.path.join(REPO_ROOT, "..", "shared", "data", "bulk", "reuters21578")

RECORD = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
NEWID = re.compile(r'\bNEWID="(\d+)"')
MONTHS = {m: i for i, m in enumerate(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1)}
DATE = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})")
# C0 controls except tab and newline, plus DEL (the corpus has &#3;, &#127;, &#27;, ...).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# "Reuter", "REUTER", "reuter", "REUTER...", "REUTER^M" (a literal caret-M), "REUTERS".
SIGNOFF = re.compile(r"\s*\breuters?(?:\.\.\.)?(?:\^M)?\s*$", re.I)


def element(record, tag):
    m = re.search(r"<%s>(.*?)</%s>" % (tag, tag), record, re.S)
    return m.group(1) if m else None


def clean(s):
    s = html.unescape(s)
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL.sub("", s)


def parse_date(raw):
    m = DATE.search(raw or "")
    if not m or m.group(2).upper() not in MONTHS:
        return ""
    return "%s-%02d-%02d" % (m.group(3), MONTHS[m.group(2).upper()], int(m.group(1)))


def sgm_files(path):
    if os.path.isdir(path):
        return sorted(glob.glob(os.path.join(path, "reut2-*.sgm")))
    return [path] if os.path.isfile(path) else []


def main():
    ap = argparse.ArgumentParser(description="Reuters-21578 SGML to Parallax JSON Lines (stdout)")
    ap.add_argument("path", nargs="?", default=DEFAULT_PATH,
                    help="directory with reut2-*.sgm, or one .sgm file (default: %(default)s)")
    ap.add_argument("--limit", type=int, default=0, help="stop after N articles written (0: all)")
    args = ap.parse_args()

    files = sgm_files(args.path)
    if not files:
        sys.exit("reuters_to_jsonl: no reut2-*.sgm under %s" % args.path)

    written = skipped = 0
    sys.stdout.reconfigure(encoding="utf-8", newline="\n")
    out = sys.stdout
    for f in files:
        with open(f, encoding="latin-1") as fh:
            content = fh.read()
        for m in RECORD.finditer(content):
            attrs, record = m.group(1), m.group(2)
            body = element(record, "BODY")
            if body is None:
                skipped += 1
                continue
            idm = NEWID.search(attrs)
            text = SIGNOFF.sub("", clean(body).rstrip()).strip()
            obj = {
                "id": "reuters-" + (idm.group(1) if idm else str(written + skipped + 1)),
                "source": "Reuters",
                "url": "",
                "title": " ".join(clean(element(record, "TITLE") or "").split()),
                "published": parse_date(element(record, "DATE")),
                "text": text,
            }
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")
            written += 1
            if args.limit and written >= args.limit:
                break
        if args.limit and written >= args.limit:
            break

    print("reuters_to_jsonl: %d articles written, %d records without BODY skipped (%d files)"
          % (written, skipped, len(files)), file=sys.stderr)


if __name__ == "__main__":
    main()
