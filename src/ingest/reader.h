#pragma once
// Ingest: files and directories -> Articles.
//
//   IngestResult r = ReadInputs({"news/"}, IngestOptions{});
//   for (const InputError& e : r.errors) std::cerr << e.path << ": " << e.message << "\n";
//
// Formats, chosen by extension:
//   .txt .text .md and files without extension: UTF-8 text with an optional
//       front-matter block ("---" lines around "key: value" lines: title,
//       source, url, published); text that is not valid UTF-8 is converted
//       from the charset ICU's detector guesses (a note names it);
//   .html .htm .xhtml: main text taken from the DOM (charset from <meta>,
//       converted to UTF-8);
//   .jsonl .ndjson: one JSON object per line with id, source (or outlet),
//       url (or link), title, published (or date_published, date), and text,
//       html, content, description or summary; read line by line;
//   .warc: WARC records; `response` (HTTP 200, HTML or text, chunked and
//       gzip/deflate bodies decoded, charset from the HTTP header or <meta>)
//       and `resource` records become articles; other record types, other
//       statuses and other content types are counted in `stats`, not errors;
//   .rss .atom (and .xml holding <rss>, <feed> or <rdf:RDF>): one article
//       per item or entry;
//   .gz .zst on any of these (.warc.gz, .jsonl.gz, .jsonl.zst, .html.gz ...):
//       decompressed as a stream (every gzip member / zstd frame);
//   .sgml .sgm (and any text starting with <DOC>): SGML newswire (TREC,
//       DUC, TAC), one article per <DOC> (ingest/sgml.h);
//   .arc .arc.gz: reported as unsupported.
// The path "-" is standard input, and any other extension is sniffed from
// the first bytes: gzip or zstd magic (decompressed, then sniffed again),
// "WARC/", "{" (JSON Lines), a feed, "<DOC>" (SGML newswire), HTML, text; anything else is
// reported as unsupported. Parallax's own reports are recognised by their
// first bytes and skipped with a note. WARC and JSON Lines are streamed, so a file of
// any size is read in bounded memory; other formats are read whole.
//
// Ids: file name without extensions; "STEM-N" for line N of JSON Lines
// without an `id`, record N of a WARC file and item N of a feed. Paths:
// "file:LINE", "file#record N", "file#item N".
//
// Every file or line that cannot be used becomes one InputError naming it
// and the problem; the rest goes on. Article ids are unique in the result
// (a clash gets a "~2" suffix).

#include <cstdint>
#include <istream>
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
  // Largest feed (.rss, .atom) or JSON Lines text given as a whole to
  // ParseJsonLines. Default 2 GiB. Streamed formats (JSON Lines files,
  // WARC) have no total limit: each line or record is held to
  // max_article_bytes (a WARC record to max_article_bytes plus 64 KiB of
  // HTTP headers).
  std::uint64_t max_jsonl_bytes = 2ull << 30;
  // Files read at once (HTML extraction is the costly part); 0 = one per
  // hardware thread. The result is identical for any value. The FileSystem
  // given to ReadInputs must allow concurrent ReadFile calls when this is
  // not 1. Standard input is always read on the calling thread.
  unsigned threads = 0;
  // List, in each HTML file's Article::removed, what the page held that is
  // not its text, with why (reason "page: ..."; `at` 0): for `parallax
  // clean`. Off by default (analysis does not need it).
  bool list_html_removed = false;
};

// What was read but deliberately not turned into articles (not errors).
struct IngestStats {
  std::uint64_t records_skipped = 0;  // WARC warcinfo, request, metadata, revisit ... records
  std::uint64_t pages_not_ok = 0;     // WARC responses with an HTTP status other than 200
  std::uint64_t pages_not_text = 0;   // WARC payloads that are not HTML or text (images, JSON, PDF ...)
  // One-line notes on inputs read or skipped on purpose, to show the user:
  // a Parallax report (JSON, Markdown, HTML) found among the inputs is
  // skipped, not read as articles; a text file that is not UTF-8 is read in
  // the charset ICU's detector guesses, and the guess is named.
  std::vector<InputError> notes;
};

struct IngestResult {
  std::vector<Article> articles;
  std::vector<InputError> errors;
  IngestStats stats;
};

// Reads every path (file, or directory read recursively in path order).
IngestResult ReadInputs(const std::vector<std::string>& paths, const IngestOptions& options,
                        const FileSystem& fs = DefaultFileSystem());

// Reads one stream (standard input, or any std::istream) whose format is
// sniffed as for a file of unknown extension. `name` is used in paths and
// ids ("-" names standard input, whose ids start with "stdin"). Appends to
// *result; ids are not made unique here (ReadInputs does that).
void ReadStream(std::istream& in, const std::string& name, const IngestOptions& options, IngestResult* result);

// Parses one text article (front matter optional). `id` and `path` are set
// on the result. Fails on empty, binary or invalid UTF-8 content.
Result<Article> ParseTextArticle(std::string_view content, const std::string& id, const std::string& path);

// Parses one HTML page into an Article (main text, title, date, outlet).
// `list_removed`: see IngestOptions::list_html_removed.
Result<Article> ParseHtmlArticle(std::string_view html, const std::string& id, const std::string& path,
                                 bool list_removed = false);

// Parses JSON Lines content; each bad line is appended to `errors` with
// "path:LINE" as its path.
std::vector<Article> ParseJsonLines(std::string_view content, const std::string& path, const IngestOptions& options,
                                    std::vector<InputError>* errors);

// The outlet name implied by a URL: its host without "www." ("rt.com");
// empty when the URL has no host.
std::string HostOfUrl(std::string_view url);

}  // namespace parallax
