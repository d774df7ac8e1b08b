#!/usr/bin/python3
"""Tables from bench/scale.sh's runs.jsonl (standard library only).

usage: scale_report.py DIR/runs.jsonl

Prints Markdown: every run (wall, user, peak RSS, load before it, the stage split the driver printed), then
articles/s per run of the pipeline on the scale corpora (article counts from DIR/manifest.json), and the
B-cubed scores in DIR/bcubed.jsonl. When a name was run more than once, the last run of that name counts.
"""
import json
import os
import re
import sys


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    path = sys.argv[1]
    d = os.path.dirname(os.path.abspath(path))
    runs = {}
    for line in open(path, encoding='utf-8'):
        if line.strip():
            r = json.loads(line)
            runs[r['name']] = r
    # No manifest when only the extract part ran (it needs no corpora).
    manifest_path = os.path.join(d, 'manifest.json')
    manifest = json.load(open(manifest_path)) if os.path.exists(manifest_path) else {'corpora': {}}
    sizes = {int(k): v for k, v in manifest['corpora'].items()}

    print('| run | exit | wall s | user s | sys s | peak RSS MB | load before | articles/s (wall) | stage split s |')
    print('|---|---|---|---|---|---|---|---|---|')
    for name, r in runs.items():
        m = re.search(r'-(\d+)(-r\d+)?$', name)
        n = int(m.group(1)) if m and int(m.group(1)) in sizes else None
        rate = ''
        if n and r['wall_s']:
            rate = f'{sizes[n]["articles"] / r["wall_s"]:,.0f}'
        tool = r.get('tool', {})
        split = ''
        if 'stage_s' in tool:
            split = ', '.join(f'{k} {v:.1f}' for k, v in tool['stage_s'].items())
        elif 'pages_per_s' in tool:
            split = f'{tool["pages_per_s"]:.1f} pages/s, {tool.get("html_MB_per_s", 0):.2f} HTML MB/s'
        elif 'sentences_MB_per_s' in tool:
            split = (f'sentences {tool["sentences_MB_per_s"]:.2f} MB/s, sentences+tokens '
                     f'{tool["sentences_tokens_MB_per_s"]:.2f} MB/s ({tool["sentences"]} sentences)')
        elif 'MB_per_s' in tool:
            split = f'{tool["MB_per_s"]:.3f} MB/s ({tool.get("sentences")} sentences)'
        status = 'timeout' if r.get('timed_out') else str(r['exit'])
        print(f'| {name} | {status} | {r["wall_s"]} | {r["user_s"]} | {r["sys_s"]} | {r["max_rss_MB"]:,.0f} | '
              f'{r["load1_before"]} | {rate} | {split} |')

    print()
    print('| corpus | articles | unique | MB | per source |')
    print('|---|---|---|---|---|')
    for n, c in sorted(sizes.items()):
        src = ', '.join(f'{k} {v:,}' for k, v in sorted(c['per_source'].items(), key=lambda kv: -kv[1]))
        print(f'| {n:,} | {c["articles"]:,} | {c["unique_articles"]:,} | {c["MB"]} | {src} |')

    bc = os.path.join(d, 'bcubed.jsonl')
    if os.path.exists(bc):
        print()
        print('| events-dev clustering | clusters | B3 P | B3 R | B3 F1 |')
        print('|---|---|---|---|---|')
        for line in open(bc, encoding='utf-8'):
            r = json.loads(line)
            s = r['scores']
            print(f'| {r["bcubed"]} | {s["clusters"]} | {s["b3_precision"]} | {s["b3_recall"]} | {s["b3_f1"]} |')


if __name__ == '__main__':
    main()
