#pragma once
// Readers for the multi-document summarisation benchmarks in
// <data_root>/summarization/ (data_root is e.g. ../shared/data):
//
//  - duc2003: docs.without.headlines/<cluster>/<DOCNO> (TREC SGML) and
//    models/<CLUSTER>.M.100.<T>.<assessor>.html (plain text despite the
//    name, tokenised, one clause per line). Cluster "d100a" has models
//    "D100.M.100.A.*", cluster "d30003t" has "D30003.M.100.T.*".
//  - tac2011: SourceTexts/M0000.english ... (cluster = first four
//    characters of the name), "Model Summaries/English/M000.[A-C].250", and
//    the ten participants' summaries correctedSubmissions/ID<k>/English/M000
//    as published systems.
//  - multinews-sample100: results/sample/sample_100_seed42.tsv (quoted TSV:
//    row_id, split, document, summary; the document's articles separated
//    by "|||||") and results/summaries/<system>_sample.tsv (row_id,
//    generated_summary) as published systems.
//
// Documents become Articles through ParseTextArticle (UTF-8 and binary
// checks, as for any input) with `raw` set and `text` still empty: the
// caller runs the clean stage, exactly as the pipeline does. DUC's SGML is
// reduced to its <TEXT> paragraphs first (markup and LDC typesetting codes
// are not article text), separated by blank lines.
//
// Every loader fails (non-OK Status naming the path and what was expected)
// only when the dataset folder or one of its required parts is missing;
// a bad document, summary or row is skipped and reported in *errors (may
// be null) so one bad file does not lose the set.

#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "model/model.h"

namespace parallax {

struct SummarizationCluster {
  std::string id;                       // "d100a", "M000", Multi-News row_id
  std::vector<Article> documents;       // raw, in file (or source) order; not yet cleaned
  std::vector<std::string> references;  // human summaries (text as stored)
};

// Outputs of a system that is not ours, stored with the data set.
struct PublishedSystem {
  std::string name;
  std::map<std::string, std::string> summaries;  // cluster id -> summary text
};

struct SummarizationDataset {
  std::string name;                            // "duc2003", "tac2011", "multinews"
  std::vector<SummarizationCluster> clusters;  // sorted by id
  std::vector<PublishedSystem> systems;
};

Result<SummarizationDataset> LoadDuc2003(const std::string& data_root, std::vector<InputError>* errors);
Result<SummarizationDataset> LoadTac2011(const std::string& data_root, std::vector<InputError>* errors);
Result<SummarizationDataset> LoadMultiNewsSample(const std::string& data_root, std::vector<InputError>* errors);

}  // namespace parallax
