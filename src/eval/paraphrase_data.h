#pragma once
// Readers for sentence-pair benchmarks (MRPC, STS Benchmark) and for the
// unlabelled bulk news that word vectors are learned from.

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace parallax {

struct SentencePair {
  std::string id1, id2;  // MRPC sentence ids; STS: genre and file
  std::string a, b;
  double score = 0;      // MRPC: 1 equivalent / 0 not; STS: 0..5
};

// msr_paraphrase_{train,test}.txt: UTF-8 BOM, CRLF, a header row, then
// `Quality \t #1 ID \t #2 ID \t #1 String \t #2 String` (no CSV quoting).
Result<std::vector<SentencePair>> ReadMrpc(const std::string& path);

// glue_mrpc_dev_ids.tsv: `#1ID \t #2ID` per line.
Result<std::set<std::pair<std::string, std::string>>> ReadMrpcIdPairs(const std::string& path);

// sts-*.csv: `genre \t file \t year \t id \t score \t s1 \t s2 [\t src1 \t src2]`
// (no CSV quoting). id1 = genre, id2 = file.
Result<std::vector<SentencePair>> ReadSts(const std::string& path);

// Unlabelled news text under `bulk` (data/bulk): Reuters-21578 bodies,
// BBC News articles, and RSS 2023 titles with descriptions, one document
// each, in a fixed order. Missing parts are skipped; fails only when none
// is found.
Result<std::vector<std::string>> ReadBulkNews(const std::string& bulk);

}  // namespace parallax
