#pragma once
// Ingest: files and directories -> Articles.
//
//   IngestResult r = ReadInputs({"news/"}, IngestOptions{});
//   for (const InputError& e : r.errors) std::cerr << e.path << ": " << e.message << "\n";
//
// Formats, chosen by extension:
//   .txt .text .md and files without extension: UTF-8 text with an optional
//       front-matter block ("---" lines around "key: value" lines: title,
//       source, url, published);
//   .html .htm .xhtml: main text taken from the DOM;
//   .jsonl .ndjson: one JSON object per line with id, source, url, title,
//       published, and text or html.
// Any other extension is sniffed: HTML if it starts like HTML, text if it is
// UTF-8 text, else reported as unsupported.
//
// Every file or line that cannot be used becomes one InputError naming it
// and the problem; the rest goes on. Article ids are unique in the result
// (a clash gets a "~2" suffix).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/file.h"
#include "core/status.h"
#include "model/model.h"

namespace parallax {

struct IngestOptions {
  // Largest article text (or HTML page) accepted. Default 8 MiB: a news
  // article is a few KB; anything this big is not an article.
  std::uint64_t max_article_bytes = 8u << 20;
  // Largest JSON Lines file read. Default 2 GiB.
  std::uint64_t max_jsonl_bytes = 2ull << 30;
};

struct IngestResult {
  std::vector<Article> articles;
  std::vector<InputError> errors;
};

// Reads every path (file, or directory read recursively in path order).
IngestResult ReadInputs(const std::vector<std::string>& paths, const IngestOptions& options,
                        const FileSystem& fs = DefaultFileSystem());

// Parses one text article (front matter optional). `id` and `path` are set
// on the result. Fails on empty, binary or invalid UTF-8 content.
Result<Article> ParseTextArticle(std::string_view content, const std::string& id, const std::string& path);

// Parses one HTML page into an Article (main text, title, date, outlet).
Result<Article> ParseHtmlArticle(std::string_view html, const std::string& id, const std::string& path);

// Parses JSON Lines content; each bad line is appended to `errors` with
// "path:LINE" as its path.
std::vector<Article> ParseJsonLines(std::string_view content, const std::string& path, const IngestOptions& options,
                                    std::vector<InputError>* errors);

// The outlet name implied by a URL: its host without "www." ("rt.com");
// empty when the URL has no host.
std::string HostOfUrl(std::string_view url);

}  // namespace parallax
