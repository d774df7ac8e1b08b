#!/usr/bin/python3
"""Builds the corpora of bench/scale.sh from the shared data (standard library only).

usage: scale_corpus.py DATA_DIR OUT_DIR [--sizes 10000,100000,1000000] [--seed 1]

DATA_DIR is ../shared/data. Writes to OUT_DIR:
  scale-<N>.jsonl       Parallax JSON Lines (id, source, url, title, published, text)
  scale-<N>.peer.jsonl  the same articles as the peers' {id, text, date} (text = title, blank line, text);
                        only for N <= 100000 (the peers are not run on 1M)
  events-dev.jsonl      events-dev (clustering/events-dev.tsv) as Parallax JSON Lines
  events-dev.peer.jsonl the same as {id, text, date}
  events-dev.gold.tsv   id <TAB> gold event
  scale-<N>.gold.tsv    id <TAB> gold event for the events-dev articles inside scale-<N> (the DUC 2003 and
                        TAC 2011 source documents; first cycle only), for B-cubed at scale (bench/bcubed.py)
  manifest.json         per corpus: articles, MB, articles per source, cycles

Sources (all real text; nothing is generated):
  long-form: Reuters-21578 (bench/reuters_to_jsonl.py), BBC News 2225, DUC 2003 and TAC 2011 source documents,
             AllSides outlet articles (raw_crawled newBody);
  short:     RSS 2023 items (title + description).
A corpus of N articles takes min(N/2, all) long-form articles at random (seed) and fills up with RSS items at
random, then shuffles. When N exceeds the unique articles available (about 500k), the whole pool is cycled:
cycle k >= 2 repeats the same articles with the id suffix "~cK" and nothing else changed, so they are exact
duplicates of cycle 1 (dedup removes them before clustering). manifest.json records how many.
"""
import ast
import gzip
import json
import os
import random
import re
import subprocess
import sys


def collapse(s):
    return re.sub(r'\s+', ' ', s).strip()


def paragraphs(s):
    return '\n\n'.join(p for p in (collapse(x) for x in re.split(r'\n\s*\n', s)) if p)


def reuters(data):
    conv = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'reuters_to_jsonl.py')
    out = subprocess.run([sys.executable, conv, os.path.join(data, 'bulk/reuters21578')], check=True,
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        r = json.loads(line)
        yield {'id': r['id'], 'source': 'Reuters', 'url': '', 'title': r.get('title', ''),
               'published': r.get('published', ''), 'text': r['text']}


def bbc(data):
    root = os.path.join(data, 'bulk/bbc-news-2225')
    for cat in sorted(os.listdir(root)):
        d = os.path.join(root, cat)
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            raw = open(os.path.join(d, f), 'rb').read().decode('utf-8', 'replace')
            title, _, body = raw.strip().partition('\n')
            if body.strip():
                yield {'id': f'bbc-{cat}-{f[:-4]}', 'source': 'BBC News', 'url': '', 'title': collapse(title),
                       'published': '', 'text': paragraphs(body)}


SGML_TAG = re.compile(r'<[A-Za-z/!?][^>]*>')


def sgml_text(s):
    s = SGML_TAG.sub(' ', s)
    s = s.replace('&amp;', '&').replace('&lt;', '<').replace('&gt;', '>').replace('``', '"').replace("''", '"')
    return collapse(s)


def parse_duc(raw):
    m = re.search(r'<TEXT>(.*?)(</TEXT>|$)', raw, re.S | re.I)
    block = m.group(1) if m else raw
    paras = [sgml_text(p) for p in re.split(r'</?P>', block, flags=re.I)]
    date = re.search(r'<DATE_TIME>\s*(\d{4}-\d\d-\d\d)', raw)
    head = re.search(r'<HEADLINE>(.*?)</HEADLINE>', raw, re.S | re.I)
    return (sgml_text(head.group(1)) if head else '', date.group(1) if date else '',
            '\n\n'.join(p for p in paras if p))


def parse_plain(raw):
    lines = raw.lstrip('\ufeff').strip().split('\n')
    title, date = collapse(lines[0]), ''
    m = re.match(r'(\d{4})/(\d\d)/(\d\d) (.*)', title)
    if m:
        date, title = f'{m.group(1)}-{m.group(2)}-{m.group(3)}', m.group(4)
    body = paragraphs('\n'.join(lines[1:]))
    # TAC 2011 (Wikinews) repeats the date as a long-form first paragraph: drop it.
    body = re.sub(r'^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \w+ \d{1,2}, \d{4}\n\n', '', body)
    return title, date, body


def summarization(data):
    root = os.path.join(data, 'summarization/duc2003/docs.without.headlines')
    for d in sorted(os.listdir(root)):
        for f in sorted(os.listdir(os.path.join(root, d))):
            title, date, text = parse_duc(open(os.path.join(root, d, f), encoding='utf-8', errors='replace').read())
            if text:
                yield {'id': f'duc2003-{d}-{f}', 'source': re.match(r'[A-Z]+', f).group(0), 'url': '',
                       'title': title, 'published': date, 'text': text}
    root = os.path.join(data, 'summarization/tac2011/SourceTexts')
    for f in sorted(os.listdir(root)):
        if f.endswith('.english'):
            title, date, text = parse_plain(open(os.path.join(root, f), encoding='utf-8', errors='replace').read())
            if text:
                yield {'id': f'tac2011-{f[:-8]}', 'source': 'Wikinews', 'url': '', 'title': title,
                       'published': date, 'text': text}
    path = os.path.join(data, 'summarization/allsides-roundups/raw_crawled/headline_11_2021-10-19_crawled_all.jsonl')
    for line in open(path, encoding='utf-8'):
        r = json.loads(line)
        for side, n in sorted(r.get('news', {}).items()):
            body = n.get('newBody') or []
            if isinstance(body, str):  # some crawls store the list's Python repr
                try:
                    body = ast.literal_eval(body)
                except (ValueError, SyntaxError):
                    body = [body]
            text = '\n\n'.join(collapse(p) for p in body if isinstance(p, str) and p.strip())
            if text:
                yield {'id': f'allsides-{r["id"]}-{side}', 'source': n.get('newsSource') or '',
                       'url': n.get('newsLink') or '', 'title': collapse(n.get('newsTitle') or ''),
                       'published': (r.get('date') or '')[:10], 'text': text}


def rss(data):
    d = os.path.join(data, 'bulk/rss-headlines-2023')
    name = next(f for f in sorted(os.listdir(d)) if f.endswith('.jsonl.gz'))
    with gzip.open(os.path.join(d, name), 'rt', encoding='utf-8') as f:
        for i, line in enumerate(f):
            r = json.loads(line)
            text = collapse(r.get('description') or '')
            if not text:
                continue
            yield {'id': f'rss-{i}', 'source': r.get('outlet') or '', 'url': r.get('link') or '',
                   'title': collapse(r.get('title') or ''), 'published': (r.get('date_published') or '')[:10],
                   'text': text}


def events(data, out):
    tsv = os.path.join(data, 'clustering/events-dev.tsv')
    rows = [l.rstrip('\n').split('\t') for l in open(tsv, encoding='utf-8')][1:]
    with open(os.path.join(out, 'events-dev.jsonl'), 'w', encoding='utf-8') as px, \
            open(os.path.join(out, 'events-dev.peer.jsonl'), 'w', encoding='utf-8') as peer, \
            open(os.path.join(out, 'events-dev.gold.tsv'), 'w', encoding='utf-8') as gold:
        for row in rows:
            dataset, _, _, event, path, outlet, date, title = (row + [''] * 8)[:8]
            raw = open(os.path.join(data, path), encoding='utf-8', errors='replace').read()
            t, d, text = parse_duc(raw) if '<TEXT>' in raw.upper() or '<BODY>' in raw.upper() else parse_plain(raw)
            art = {'id': f'{event.replace(":", "_")}--{os.path.basename(path)}', 'source': outlet, 'url': '',
                   'title': title or t, 'published': date or d, 'text': text}
            write(px, peer, art)
            gold.write(f'{art["id"]}\t{event}\n')
    return len(rows)


def scale_gold_key(article_id):
    """The events-dev document path a summarization() id stands for ('' for other sources)."""
    if article_id.startswith('duc2003-'):
        d, f = article_id[len('duc2003-'):].split('-', 1)
        return f'summarization/duc2003/docs.without.headlines/{d}/{f}'
    if article_id.startswith('tac2011-'):
        return f'summarization/tac2011/SourceTexts/{article_id[len("tac2011-"):]}.english'
    return ''


def write(px, peer, art):
    px.write(json.dumps(art, ensure_ascii=False) + '\n')
    if peer is not None:
        text = (art['title'] + '\n\n' + art['text']) if art['title'] else art['text']
        peer.write(json.dumps({'id': art['id'], 'text': text, 'date': art['published']}, ensure_ascii=False) + '\n')


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    data, out = args[0], args[1]
    sizes = [10000, 100000, 1000000]
    seed = 1
    if '--sizes' in args:
        sizes = [int(x) for x in args[args.index('--sizes') + 1].split(',')]
    if '--seed' in args:
        seed = int(args[args.index('--seed') + 1])
    os.makedirs(out, exist_ok=True)
    manifest = {'seed': seed, 'corpora': {}}
    manifest['events-dev'] = events(data, out)
    tsv = os.path.join(data, 'clustering/events-dev.tsv')
    event_of = {row[4]: row[3] for row in (l.rstrip('\n').split('\t') for l in open(tsv, encoding='utf-8'))
                if len(row) > 4}

    long_form = list(reuters(data)) + list(bbc(data)) + list(summarization(data))
    short = list(rss(data))
    manifest['pool'] = {'long_form': len(long_form), 'rss': len(short)}
    for n in sizes:
        rng = random.Random(seed * 1000003 + n)
        n_long = min(n // 2, len(long_form))
        n_short = min(n - n_long, len(short))
        picked = rng.sample(long_form, n_long) + rng.sample(short, n_short)
        if len(picked) < n:  # not enough unique articles: the whole pool again, ids suffixed per cycle
            picked = long_form + short
        rng.shuffle(picked)
        path = os.path.join(out, f'scale-{n}.jsonl')
        peer_path = os.path.join(out, f'scale-{n}.peer.jsonl') if n <= 100000 else None
        per_source, cycles, written = {}, 1, 0
        with open(path, 'w', encoding='utf-8') as px, \
                open(os.path.join(out, f'scale-{n}.gold.tsv'), 'w', encoding='utf-8') as gold, \
                (open(peer_path, 'w', encoding='utf-8') if peer_path else open(os.devnull, 'w')) as peer:
            while written < n:
                for art in picked:
                    if written == n:
                        break
                    if cycles > 1:
                        art = dict(art, id=f'{art["id"]}~c{cycles}')
                    write(px, peer if peer_path else None, art)
                    event = event_of.get(scale_gold_key(art['id']))
                    if event and cycles == 1:
                        gold.write(f'{art["id"]}\t{event}\n')
                    kind = art['id'].split('-')[0]
                    per_source[kind] = per_source.get(kind, 0) + 1
                    written += 1
                else:
                    cycles += 1
        unique = min(n, len(picked))
        manifest['corpora'][str(n)] = {
            'file': path, 'articles': written, 'unique_articles': unique, 'repeated_articles': written - unique,
            'cycles': -(-written // len(picked)), 'MB': round(os.path.getsize(path) / 1e6, 1),
            'per_source': per_source}
        print(f'scale-{n}: {written} articles ({unique} unique), {os.path.getsize(path) / 1e6:.1f} MB', file=sys.stderr)
    json.dump(manifest, open(os.path.join(out, 'manifest.json'), 'w'), indent=1)


if __name__ == '__main__':
    main()
