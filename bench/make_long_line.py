#!/usr/bin/env python3
"""Writes a text article whose body is ONE line of SIZE bytes of prose with
quotations (sentences we wrote), for the pathology timings in docs/quality.md.
Usage: python3 bench/make_long_line.py SIZE OUT.txt"""
import sys

NAMES = ["Anna Kovac", "Peter Lund", "Maria Ortiz", "John Smith", "the minister"]
VERBS = ["said", "told reporters", "added", "warned"]


def sentence(i):
    n, v = NAMES[i % 5], VERBS[i % 4]
    r = i % 4
    if r == 0:
        return f'"We will not accept this offer number {i}," {n} {v}.'
    if r == 1:
        return f"The strike at the port of Velden entered its {i}th day on Tuesday, {n} {v}."
    if r == 2:
        return f"Mr. Smith met U.S. officials in Oct. {i % 28 + 1} to discuss the deal."
    return f"{n} {v} that prices rose by {i % 9}.{i % 10} percent."


def main():
    size, out = int(sys.argv[1]), sys.argv[2]
    parts, n, i = [], 0, 0
    while n < size:
        s = sentence(i)
        parts.append(s)
        n += len(s) + 1
        i += 1
    with open(out, "w") as f:
        f.write("Long line story\n\n" + " ".join(parts) + "\n")


if __name__ == "__main__":
    main()
