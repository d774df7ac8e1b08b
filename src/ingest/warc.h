#pragma once
// WARC (ISO 28500) records -> Articles. Internal to ingest; see reader.h for
// what is read and what is skipped.

#include <string>

#include "ingest/reader.h"
#include "ingest/stream.h"

namespace parallax {

// Reads every record from `in` (already decompressed). Articles get id
// "STEM-N" and path "PATH#record N" (N counts every record from 1). Each bad
// record adds one InputError naming it; reading goes on at the next record
// header when one can be found. Memory is bounded by the record budget.
void ReadWarc(BufferedReader* in, const std::string& path, const std::string& stem, const IngestOptions& options,
              IngestResult* result);

// Decodes an HTTP "Transfer-Encoding: chunked" body. Fails on broken framing.
Result<std::string> Dechunk(std::string_view body);

}  // namespace parallax
