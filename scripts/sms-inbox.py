#!/usr/bin/env python3
"""Reads fakesmsc's output (Kannel's simulated SMSC, the demo's phones) on
stdin and writes each SMS a phone got as one readable line:
TIME TO FROM: TEXT. Long SMS (concatenated parts) are put together."""
import re
import sys
import urllib.parse

GOT = re.compile(r"Got message \d+: <(\S+) (\S+) (\S+) (?:(\S+) data )?(.*)>")
parts = {}


def decode(kind, raw):
    data = urllib.parse.unquote_to_bytes(raw.replace("+", "%20"))
    return data.decode("utf-16-be", "replace") if kind != "text" else data.decode("utf-8", "replace")


for line in sys.stdin:
    match = GOT.search(line)
    if not match:
        continue
    sender, to, kind, udh, raw = match.groups()
    stamp = line[:19]
    if kind != "udh":
        print(f"{stamp} {to} ← {sender}: {decode(kind, raw)}", flush=True)
        continue
    header = urllib.parse.unquote_to_bytes(udh)
    key = (sender, to, header[3])
    pieces = parts.setdefault(key, {})
    pieces[header[5]] = urllib.parse.unquote_to_bytes(raw.replace("+", "%20"))
    if len(pieces) == header[4]:
        text = b"".join(pieces[i] for i in sorted(pieces)).decode("utf-16-be", "replace")
        print(f"{stamp} {to} ← {sender}: {text}", flush=True)
        del parts[key]
