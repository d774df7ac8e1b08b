#!/usr/bin/python3
"""A fixed random sample of corroborating fact citations on events-dev, for judging by hand (standard library only).

usage: fact_sample.py DATA_DIR [--parallax build/parallax] [--n 100] [--seed 1] [--keep DIR]
                      [--judged FILE] [--all] [--pairs OUT]

DATA_DIR is ../shared/data. Converts events-dev (clustering/events-dev.tsv) to JSON Lines with
bench/scale_corpus.py, groups the articles by gold event and runs `parallax analyze --single-story
--format json` on each event's articles as one story. A corroborating citation is a multi-outlet fact's
citation other than its lead sentence (the fact's text), shown as a full match (a citation marked
"match": "partial" is not counted as corroborating and is not sampled).

The sample is drawn by a stable key: each citation's key is a hash of the seed, the lead sentence
(article id and byte span) and the cited sentence (article id and span), and the N citations with the
smallest keys are the sample. A citation that survives a change keeps its key and its place in the
order, so after a change only the citations new to the sample need judging. For each it prints the
sample index, the key, the event, both outlets, the fact sentence and the cited sentence, and, from
--judged FILE (default docs/fact-judgements.tsv: key <TAB> same|related|unrelated, ids only, no article
text), the verdict already given. The first lines give the counts: stories, multi-outlet facts,
corroborating and partial citations, and the precision over the judged part of the sample (same /
judged). --all prints every corroborating citation instead of the sample (to label pairs). --pairs OUT
writes every judged citation (the sample's and the training labels') as verdict <TAB> event <TAB> fact sentence <TAB> cited sentence
(the input of `parallax eval paraphrase --learn-claim FILE --claim-pairs OUT`; keep it out of the
repository: it holds article text).
"""
import collections
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from events_sample import Options, analyse_events, events_dev, in_tuning_half, span_text  # noqa: E402


def key_of(seed, lead, cited):
    s = f'{seed}|{lead["article"]}|{lead["span"][0]}-{lead["span"][1]}|' \
        f'{cited["article"]}|{cited["span"][0]}-{cited["span"][1]}'
    return hashlib.sha1(s.encode('utf-8')).hexdigest()[:12]


def sentence(c, articles):
    return span_text(articles[c['article']], c['span'])


def main():
    o = Options(sys.argv[1:], __doc__)
    args = o.args
    opt = o.get
    parallax = opt('--parallax', 'build/parallax')
    n = int(opt('--n', '100'))
    seed = int(opt('--seed', '1'))
    judged_path = opt('--judged', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'docs',
                                                'fact-judgements.tsv'))
    out = o.out_dir('parallax-facts.')
    pool = []
    facts = 0
    fact_events = []
    partial = 0
    stories = 0
    for event, report in analyse_events(parallax, out, events_dev(o.data, out)):
        articles = {a['id']: a for a in report['articles']}
        for story in report['stories']:
            stories += 1
            for fact in story.get('facts', []):
                if fact.get('outlets', 2) < 2:
                    continue
                facts += 1
                fact_events.append(event)
                lead = fact['citations'][0]
                for c in fact['citations'][1:]:
                    if c.get('match') == 'partial':
                        partial += 1
                        continue
                    pool.append((key_of(seed, lead, c), event, lead, c, articles))
    judged = {}
    if os.path.exists(judged_path):
        for line in open(judged_path, encoding='utf-8'):
            if line.strip() and not line.startswith('#'):
                k, v = line.rstrip('\n').split('\t')[:2]
                judged[k] = v
    pool.sort(key=lambda x: x[0])
    sample = pool if '--all' in args else pool[:n]
    verdicts = collections.Counter(judged.get(k, '?') for k, *_ in sample)
    done = sum(v for k, v in verdicts.items() if k != '?')
    print(f'{stories} stories, {facts} multi-outlet facts, {len(pool)} corroborating citations, '
          f'{partial} partial citations')
    print(f'sample {len(sample)}: ' + ', '.join(f'{k} {v}' for k, v in sorted(verdicts.items())) +
          (f'; precision {verdicts["same"] / done:.3f} ({verdicts["same"]}/{done} judged)' if done else ''))

    for half, name in ((True, 'tuning'), (False, 'validation')):
        part = [judged.get(k, '?') for k, event, *_ in sample if in_tuning_half(event) == half]
        done = sum(v != '?' for v in part)
        facts_half = sum(1 for e in fact_events if in_tuning_half(e) == half)
        print(f'{name} half: {facts_half} multi-outlet facts, sample {len(part)}, same {part.count("same")}' +
              (f', precision {part.count("same") / done:.3f} ({done} judged)' if done else ''))
    if opt('--pairs', None):
        with open(opt('--pairs', None), 'w', encoding='utf-8') as f:
            for k, event, lead, c, articles in pool:
                if k in judged:
                    f.write(f'{judged[k]}\t{event}\t{sentence(lead, articles)}\t{sentence(c, articles)}\n'.replace('\r', ' '))
    for i, (k, event, lead, c, articles) in enumerate(sample):
        src = lambda x: articles[x['article']].get('source') or x['article']
        print(f'\n{i + 1}\t{k}\t{event}\t[{judged.get(k, "?")}]\n  FACT ({src(lead)}): {sentence(lead, articles)}\n'
              f'  CITE ({src(c)}): {sentence(c, articles)}')


if __name__ == '__main__':
    main()
