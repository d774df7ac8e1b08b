#!/usr/bin/python3
"""A fixed seeded sample of "only one outlet" claims on events-dev, for judging by hand (standard library only).

usage: single_sample.py DATA_DIR [--parallax build/parallax] [--n 100] [--seed 1] [--keep DIR] [--judged FILE]
                        [--context 3]

DATA_DIR is ../shared/data. Groups events-dev by gold event and runs `parallax analyze --single-story --format json`
on each event as one story (bench/events_sample.py), then takes every story's `single_source` claims. Each claim's
key is a hash of the seed and its first citation (article id and byte span); the N claims with the smallest keys are
the sample, so a claim that survives a change keeps its place and only new ones need judging.

For each it prints the index, key, event, outlet and sentence, and (to judge whether another outlet states it) the
--context sentences of the story's other outlets that share the most content words with it. Verdicts, by key, are
in --judged FILE (default docs/single-judgements.tsv: key <TAB> verdict; ids only, no article text):
  single    a claim no other outlet of the story states;
  restated  another outlet states the same claim (in other words, or in a sentence the splitter left joined);
  nonclaim  not a claim at all: a caption, a gallery, newsletter or subscription line, transcript boilerplate,
            a headline or byline fragment.
The first lines give the counts and, over the judged part of the sample, the share truly single among the claims
(single / (single + restated)) and the share of non-claims among all judged items, for all events and per half
(by event id, InTuningHalf).
"""
import collections
import hashlib
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from events_sample import Options, analyse_events, events_dev, in_tuning_half, span_text  # noqa: E402

STOP = set('the a an of to in on at for and or but is are was were be been by with from that this it its as he she '
           'they his her their said says will would has have had not no'.split())


def words(s):
    return {w for w in re.findall(r"[a-z0-9]+", s.lower()) if w not in STOP and len(w) > 2}


def sentences(text):
    for m in re.finditer(r'[^.!?\n]+(?:[.!?]+["\u201d\']?|$)', text):
        s = m.group(0).strip()
        if len(s) > 20:
            yield s


def figures(part, judged):
    v = collections.Counter(judged.get(k, '?') for k in part)
    claims = v['single'] + v['restated']
    done = claims + v['nonclaim']
    out = f'sample {len(part)}'
    if claims:
        out += f', truly single {v["single"] / claims:.3f} ({v["single"]}/{claims})'
    if done:
        out += f', non-claims {v["nonclaim"] / done:.3f} ({v["nonclaim"]}/{done})'
    if v['?']:
        out += f', {v["?"]} not judged'
    return out


def main():
    o = Options(sys.argv[1:], __doc__)
    parallax = o.get('--parallax', 'build/parallax')
    n = int(o.get('--n', '100'))
    seed = int(o.get('--seed', '1'))
    context = int(o.get('--context', '3'))
    judged_path = o.get('--judged', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'docs',
                                                 'single-judgements.tsv'))
    out = o.out_dir('parallax-single.')
    pool = []
    stories = 0
    for event, report in analyse_events(parallax, out, events_dev(o.data, out)):
        articles = {a['id']: a for a in report['articles']}
        for story in report['stories']:
            stories += 1
            for claim in story.get('single_source', []):
                c = claim['citations'][0]
                key = hashlib.sha1(f'{seed}|{c["article"]}|{c["span"][0]}-{c["span"][1]}'.encode('utf-8')).hexdigest()[:12]
                pool.append((key, event, claim, story, articles))
    judged = {}
    if os.path.exists(judged_path):
        for line in open(judged_path, encoding='utf-8'):
            if line.strip() and not line.startswith('#'):
                k, v = line.rstrip('\n').split('\t')[:2]
                judged[k] = v
    pool.sort(key=lambda x: x[0])
    sample = pool[:n]
    print(f'{stories} stories, {len(pool)} single-outlet claims')
    print('all: ' + figures([k for k, *_ in sample], judged))
    for half, name in ((True, 'tuning'), (False, 'validation')):
        claims = sum(1 for _, e, *_ in pool if in_tuning_half(e) == half)
        print(f'{name} half: {claims} single-outlet claims, ' +
              figures([k for k, e, *_ in sample if in_tuning_half(e) == half], judged))
    for i, (k, event, claim, story, articles) in enumerate(sample):
        c = claim['citations'][0]
        art = articles[c['article']]
        text = span_text(art, c['span'])
        print(f'\n{i + 1}\t{k}\t{event}\t[{judged.get(k, "?")}]\n  CLAIM ({art.get("source") or art["id"]}): {text}')
        if context <= 0:
            continue
        mine = words(text)
        others = []
        for aid in story['articles']:
            a = articles[aid]
            if (a.get('source') or aid) == (art.get('source') or art['id']):
                continue
            for s in sentences(a['text']):
                shared = len(mine & words(s))
                if shared:
                    others.append((-shared, a.get('source') or aid, s))
        for neg, src, s in sorted(others)[:context]:
            print(f'    near ({src}, {-neg} words): {s}')


if __name__ == '__main__':
    main()
