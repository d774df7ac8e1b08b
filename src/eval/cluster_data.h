#pragma once
// Readers that turn multi-document summarisation sets into clustering
// benchmarks: every source article goes into one pile, and its gold label is
// the story (or cluster) it was collected for. Clustering the pile should
// give the stories back.
//
// Both sets complement events-dev (events.h): AllSides pairs outlets of
// opposite leanings on one event, so the same facts arrive in different
// words and frames; Multi-News mixes a hundred unrelated events from many
// sites with page junk left in. Neither carries per-article dates, so the
// clusterer works without its date signal here.
//
// Articles come out uncleaned (raw == text as read, text empty): callers run
// CleanCorpus (clean/cleaner.h) before clustering, as the engine does.

#include <string>
#include <vector>

#include "core/status.h"
#include "eval/events.h"
#include "model/model.h"

namespace parallax {

// AllSides headline roundups (NeuS, Lee et al. 2022), from
// <data_root>/summarization/allsides-roundups/raw_crawled/
// headline_11_2021-10-19_crawled_all.jsonl: one story per line with its
// "news" object holding up to three articles (left, center, right), each
// with newsSource, newsTitle, newsLink and newBody (a list of paragraphs, a
// lead excerpt).
//
// Article fields: id "allsides-<story id>-<stance>", source = newsSource,
// title = newsTitle, url = newsLink, raw = the paragraphs joined by "\n\n",
// path = "<file>:<line>". event_key = "allsides-<story id>". published stays
// unset: the set dates the roundup, not the articles, and giving every
// article of a story the same date would hand the clusterer the answer.
//
// Fails, naming the path, only when the file is missing or unreadable. A
// malformed line, or an article with no body text, is reported in *errors
// (which may be null) and skipped; a story with no articles has nothing to
// cluster and is skipped silently.
Result<std::vector<LabeledArticle>> LoadAllSidesStories(const std::string& data_root, std::vector<InputError>* errors);

// Multi-News (Fabbri et al. 2019), the 100-cluster sample in
// <data_root>/summarization/multinews-sample100/results/sample/
// sample_100_seed42.tsv: a tab-separated file with a header (row_id, split,
// document, summary), fields in double quotes ("" for a quote, line breaks
// kept inside). `document` holds a cluster's source articles separated by
// "|||||".
//
// Article fields: id "multinews-<row_id>-<k>" (k = 1, 2, ... in the cluster),
// raw = that article's text, trimmed; path = "<file>:<row_id>"; title,
// source, url and published are unknown. event_key = "multinews-<row_id>".
//
// Fails, naming the path, when the file is missing or unreadable or its
// header lacks row_id or document. A row without a document, or an article
// that is only white space, is reported in *errors and skipped.
Result<std::vector<LabeledArticle>> LoadMultiNewsClusters(const std::string& data_root,
                                                          std::vector<InputError>* errors);

// Splits tab-separated text with double-quoted fields (a doubled quote in a
// quoted field is one quote; tabs and line breaks inside quotes are data)
// into rows of fields. A trailing line break does not make an empty row; an
// unterminated quote runs to the end of the input. Exposed for tests.
std::vector<std::vector<std::string>> ParseQuotedTsv(const std::string& content);

}  // namespace parallax
