#include "ingest/reader.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "core/parallel.h"
#include "ingest/charset.h"
#include "ingest/feed.h"
#include "ingest/html.h"
#include "ingest/sgml.h"
#include "ingest/stream.h"
#include "ingest/warc.h"
#include "text/dates.h"
#include "text/utf8.h"

namespace parallax {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Checks shared by every text format; returns a message or "".
std::string CheckText(std::string_view content) {
  if (TrimView(content).empty()) return "empty: no text";
  if (LooksBinary(content)) return "binary data, not text";
  std::size_t bad = 0;
  if (!IsValidUtf8(content, &bad)) return "invalid UTF-8 at byte " + std::to_string(bad);
  return "";
}

void SetPublished(Article* a, std::string_view value) {
  std::string_view v = TrimView(value);
  if (v.empty()) return;
  if (auto iso = ParseDate(v)) a->published = *iso;
}

void SetSourceFromUrl(Article* a) {
  if (a->source) return;
  std::string host = HostOfUrl(a->url);
  if (!host.empty()) a->source = host;
}

enum class Format { kText, kHtml, kJsonLines, kWarc, kFeed, kXml, kArc, kSgml, kUnknown };
enum class Compression { kNone, kGzip, kZstd };

struct Kind {
  Format format = Format::kUnknown;
  Compression compression = Compression::kNone;
  std::string stem;  // file name without its format and compression extensions
};

Format FormatOfExtension(const std::string& ext) {
  if (ext == ".txt" || ext == ".text" || ext == ".md" || ext.empty()) return Format::kText;
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return Format::kHtml;
  if (ext == ".jsonl" || ext == ".ndjson") return Format::kJsonLines;
  if (ext == ".warc") return Format::kWarc;
  if (ext == ".rss" || ext == ".atom") return Format::kFeed;
  if (ext == ".xml") return Format::kXml;
  if (ext == ".arc") return Format::kArc;
  if (ext == ".sgml" || ext == ".sgm") return Format::kSgml;
  return Format::kUnknown;
}

Kind KindOf(const std::string& path) {
  Kind k;
  std::filesystem::path p = std::filesystem::path(path).filename();
  std::string ext = Lower(p.extension().string());
  if (ext == ".gz" || ext == ".gzip" || ext == ".zst" || ext == ".zstd") {
    k.compression = ext == ".gz" || ext == ".gzip" ? Compression::kGzip : Compression::kZstd;
    p = p.stem();
    ext = Lower(p.extension().string());
    // "page.gz": no inner extension, so sniff what comes out.
    k.format = ext.empty() ? Format::kUnknown : FormatOfExtension(ext);
  } else {
    k.format = FormatOfExtension(ext);
  }
  k.stem = k.format == Format::kUnknown && ext.empty() ? p.string() : p.stem().string();
  if (k.stem.empty()) k.stem = p.string();
  return k;
}

bool StartsLikeHtml(std::string_view s) {
  std::string head = Lower(TrimView(s.substr(0, 512)));
  return head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0 || head.rfind("<head", 0) == 0;
}


// A report Parallax itself wrote (analyze -f json|markdown|html), from its
// first bytes: its format's name, or null.
const char* OwnReportFormat(std::string_view head) {
  std::string_view t = TrimView(head.substr(0, 4096));
  if (!t.empty() && t.front() == '{') {
    std::string_view rest = TrimView(t.substr(1));
    if (rest.rfind("\"parallax_version\"", 0) == 0) return "JSON";
  }
  if (t.rfind("# Parallax report\n", 0) == 0) return "Markdown";
  if (StartsLikeHtml(t) && t.find("<title>Parallax report</title>") != std::string_view::npos) return "HTML";
  return nullptr;
}

// True (with a note) when `head` starts a Parallax report: such a file is
// skipped, not read as articles (a report written into the input folder).
bool SkipOwnReport(std::string_view head, const std::string& path, IngestResult* result) {
  const char* format = OwnReportFormat(head);
  if (format == nullptr) return false;
  result->stats.notes.push_back({path, std::string("skipped: a Parallax ") + format + " report, not articles"});
  return true;
}

}  // namespace

std::string HostOfUrl(std::string_view url) {
  std::size_t p = url.find("://");
  if (p == std::string_view::npos) return "";
  std::string_view rest = url.substr(p + 3);
  std::size_t end = rest.find_first_of("/?#");
  std::string_view host = rest.substr(0, end);
  if (std::size_t at = host.find('@'); at != std::string_view::npos) host = host.substr(at + 1);
  if (std::size_t colon = host.find(':'); colon != std::string_view::npos) host = host.substr(0, colon);
  std::string h = Lower(host);
  if (h.rfind("www.", 0) == 0) h = h.substr(4);
  return h;
}

Result<Article> ParseTextArticle(std::string_view content, const std::string& id, const std::string& path) {
  if (std::string problem = CheckText(content); !problem.empty()) return InvalidInput(problem);
  Article a;
  a.id = id;
  a.path = path;
  std::string_view body = content;
  // Skip a UTF-8 byte-order mark.
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  std::string_view lead = body;
  while (!lead.empty() && (lead.front() == '\n' || lead.front() == '\r' || lead.front() == ' ')) lead.remove_prefix(1);
  if (lead.substr(0, 3) == "---") {
    std::size_t first_nl = lead.find('\n');
    if (first_nl != std::string_view::npos && TrimView(lead.substr(0, first_nl)) == "---") {
      std::size_t pos = first_nl + 1;
      bool closed = false;
      Article meta;
      while (pos < lead.size()) {
        std::size_t nl = lead.find('\n', pos);
        std::string_view line = lead.substr(pos, (nl == std::string_view::npos ? lead.size() : nl) - pos);
        pos = nl == std::string_view::npos ? lead.size() : nl + 1;
        if (TrimView(line) == "---") { closed = true; break; }
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string key = Lower(TrimView(line.substr(0, colon)));
        std::string value(TrimView(line.substr(colon + 1)));
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
          value = value.substr(1, value.size() - 2);
        }
        if (key == "title") meta.title = value;
        else if (key == "source" || key == "outlet" || key == "site") { if (!value.empty()) meta.source = value; }
        else if (key == "url" || key == "link") meta.url = value;
        else if (key == "published" || key == "date") SetPublished(&meta, value);
      }
      // Only a closed block is front matter; an unclosed "---" is text.
      if (closed) {
        a.title = meta.title;
        a.source = meta.source;
        a.url = meta.url;
        a.published = meta.published;
        body = lead.substr(pos);
      }
    }
  }
  if (TrimView(body).empty()) return InvalidInput("empty: front matter but no article text");
  a.raw = std::string(body);
  SetSourceFromUrl(&a);
  return a;
}

Result<Article> ParseHtmlArticle(std::string_view html, const std::string& id, const std::string& path,
                                 bool list_removed) {
  if (std::string problem = CheckText(html); !problem.empty()) return InvalidInput(problem);
  Result<HtmlDocument> doc = ExtractHtml(html, list_removed);
  if (!doc.ok()) return doc.status();
  if (TrimView(doc->text).empty()) return InvalidInput("HTML page without article text");
  Article a;
  a.id = id;
  a.path = path;
  a.title = doc->title;
  a.url = doc->canonical_url;
  if (doc->site_name && !doc->site_name->empty()) a.source = *doc->site_name;
  if (doc->published) SetPublished(&a, *doc->published);
  a.raw = doc->text;
  a.from_html = true;
  for (HtmlDocument::Dropped& d : doc->dropped) a.removed.push_back({std::move(d.text), "page: " + d.reason, 0});
  SetSourceFromUrl(&a);
  return a;
}

namespace {

// The first of `keys` that holds a non-empty string (or a number).
std::string JsonString(const nlohmann::json& j, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) continue;
    std::string v;
    if (it->is_string()) v = it->get<std::string>();
    else if (it->is_number()) v = it->dump();
    if (!TrimView(v).empty()) return v;
  }
  return "";
}

// One JSON Lines record; an error goes to *errors under `where`.
void ParseJsonLine(std::string_view line, const std::string& where, const std::string& default_id,
                   std::vector<Article>* out, std::vector<InputError>* errors) {
  auto fail = [&](const std::string& msg) { errors->push_back({where, msg}); };
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(line);
  } catch (const nlohmann::json::exception& e) {
    std::string msg = e.what();
    // nlohmann messages start with "[json.exception.parse_error.101] ".
    if (std::size_t b = msg.find("] "); b != std::string::npos) msg = msg.substr(b + 2);
    fail("malformed JSON: " + msg);
    return;
  }
  if (!j.is_object()) {
    fail("malformed article: expected a JSON object");
    return;
  }
  std::string id = JsonString(j, {"id"});
  if (id.empty()) id = default_id;
  Result<Article> a = InvalidInput("no \"text\" or \"html\" field (nor content, body, description or summary)");
  if (std::string text = JsonString(j, {"text"}); !text.empty()) {
    a = ParseTextArticle(text, id, where);
  } else if (std::string html = JsonString(j, {"html"}); !html.empty()) {
    a = ParseHtmlArticle(html, id, where);
  } else if (std::string other = JsonString(j, {"content", "body", "articleBody", "description", "summary"});
             !other.empty()) {
    // Feed-style fields often carry HTML fragments.
    a = ParseTextArticle(HtmlFragmentToText(other), id, where);
  }
  // A record with a headline and an empty body (none, "", or markup or
  // space only) is a headline (RSS dumps carry many: "description": ""); it
  // joins a story by its title.
  const bool no_body = !a.ok() && (a.status().message().rfind("no \"text\"", 0) == 0 ||
                                   a.status().message().rfind("empty", 0) == 0);
  if (no_body && !JsonString(j, {"title", "headline"}).empty()) {
    Article headline;
    headline.id = id;
    headline.path = where;
    a = std::move(headline);
  }
  if (!a.ok()) {
    fail(a.status().message());
    return;
  }
  if (std::string t = JsonString(j, {"title", "headline"}); !t.empty()) a->title = t;
  if (std::string s = JsonString(j, {"source", "outlet", "site_name", "publisher"}); !s.empty()) a->source = s;
  if (std::string u = JsonString(j, {"url", "link"}); !u.empty()) a->url = u;
  if (std::string p = JsonString(j, {"published", "date_published", "datePublished", "pubDate", "published_at", "date"});
      !p.empty()) {
    SetPublished(&a.value(), p);
  }
  SetSourceFromUrl(&a.value());
  out->push_back(std::move(a).value());
}

void ReadJsonLinesStream(BufferedReader* in, const std::string& path, const std::string& stem,
                         const IngestOptions& options, IngestResult* result) {
  std::string_view head = in->Peek(64 << 10);
  if (TrimView(head).empty() && in->status().ok()) {
    result->errors.push_back({path, "empty: no text"});
    return;
  }
  if (LooksBinary(head)) {
    result->errors.push_back({path, "binary data, not text"});
    return;
  }
  std::string line;
  bool too_long = false, complete = false;
  std::size_t line_no = 0;
  bool stream_reported = false;
  while (in->ReadLine(&line, options.max_article_bytes, &too_long, &complete)) {
    ++line_no;
    const std::string where = path + ":" + std::to_string(line_no);
    if (!complete && !in->status().ok()) {
      result->errors.push_back({where, in->status().message() + " (line incomplete)"});
      stream_reported = true;
      break;
    }
    if (too_long) {
      result->errors.push_back({where, "line over the limit of " + std::to_string(options.max_article_bytes) + " bytes"});
      continue;
    }
    if (TrimView(line).empty()) continue;
    ParseJsonLine(line, where, stem + "-" + std::to_string(line_no), &result->articles, &result->errors);
  }
  if (!in->status().ok() && !stream_reported) result->errors.push_back({path, in->status().message()});
}

// Reads a whole (decompressed) stream into memory, up to `limit` bytes.
Result<std::string> ReadWhole(BufferedReader* in, std::uint64_t limit) {
  std::string data;
  in->ReadInto(static_cast<std::size_t>(std::min<std::uint64_t>(limit, SIZE_MAX - 1) + 1), &data);
  if (data.size() > limit) {
    return Status(StatusCode::kTooLarge, "over the limit of " + std::to_string(limit) + " bytes");
  }
  if (!in->status().ok()) return in->status();
  return data;
}

void ReadWholeDocument(const std::string& content, Format format, const std::string& path, const std::string& stem,
                       IngestResult* result, bool list_removed) {
  if (SkipOwnReport(content, path, result)) return;
  // Text that is not UTF-8 (and not binary): read in the charset ICU's
  // detector guesses, and say so.
  std::string converted;
  if (format != Format::kHtml && !LooksBinary(content) && !IsValidUtf8(content)) {
    int confidence = 0;
    const std::string guess = DetectCharset(content, &confidence);
    Result<std::string> utf8 = guess.empty() ? Result<std::string>(InvalidInput("")) : ConvertToUtf8(content, guess);
    if (utf8.ok() && IsValidUtf8(*utf8)) {
      converted = std::move(*utf8);
      result->stats.notes.push_back({path, "not UTF-8: read as " + guess + " (ICU's guess, confidence " +
                                               std::to_string(confidence) + "%)"});
    }
  }
  if (!converted.empty()) {
    ReadWholeDocument(converted, format, path, stem, result, list_removed);
    return;
  }
  // A text file (or a file without extension) holding SGML newswire.
  if (format != Format::kHtml && LooksLikeSgmlNewswire(content.substr(0, 4096))) {
    ParseSgmlNewswire(content, path, stem, result);
    return;
  }
  if (format == Format::kUnknown) {
    std::string problem = CheckText(content);
    if (!problem.empty()) {
      result->errors.push_back({path, "unsupported file (" + problem + ")"});
      return;
    }
    format = StartsLikeHtml(content) ? Format::kHtml : Format::kText;
  }
  Result<Article> a = InvalidInput("");
  if (format == Format::kHtml) {
    Result<std::string> utf8 = HtmlToUtf8(content, "");
    a = utf8.ok() ? ParseHtmlArticle(*utf8, stem, path, list_removed) : Result<Article>(utf8.status());
  } else {
    a = ParseTextArticle(content, stem, path);
  }
  if (!a.ok()) {
    result->errors.push_back({path, a.status().message()});
    return;
  }
  result->articles.push_back(std::move(a).value());
}

// Format from the first bytes of a (decompressed) stream.
Format SniffFormat(BufferedReader* in) {
  std::string_view head = in->Peek(4096);
  std::string_view t = TrimView(head);
  if (t.substr(0, 3) == "\xEF\xBB\xBF") t = TrimView(t.substr(3));
  if (t.rfind("WARC/", 0) == 0) return Format::kWarc;
  if (t.rfind("filedesc://", 0) == 0) return Format::kArc;
  if (!t.empty() && t.front() == '{') return Format::kJsonLines;
  if (LooksLikeFeed(t)) return Format::kFeed;
  if (LooksLikeSgmlNewswire(t)) return Format::kSgml;
  return Format::kUnknown;
}

void ReadSource(ByteSource* src, Kind kind, const std::string& path, const IngestOptions& options,
                IngestResult* result, int depth) {
  BufferedReader in(src);
  if (kind.compression == Compression::kNone && depth < 3) {
    // Compressed data is recognised by its magic number whatever the name.
    std::string_view magic = in.Peek(4);
    if (magic.substr(0, 2) == "\x1f\x8b") kind.compression = Compression::kGzip;
    else if (magic == "\x28\xb5\x2f\xfd") kind.compression = Compression::kZstd;
  }
  if (kind.compression == Compression::kGzip) {
    GzipSource gz(&in);
    kind.compression = Compression::kNone;
    ReadSource(&gz, kind, path, options, result, depth + 1);
    return;
  }
  if (kind.compression == Compression::kZstd) {
    ZstdSource zs(&in);
    kind.compression = Compression::kNone;
    ReadSource(&zs, kind, path, options, result, depth + 1);
    return;
  }
  if (SkipOwnReport(in.Peek(4096), path, result)) return;
  Format format = kind.format;
  if (format == Format::kUnknown || format == Format::kXml) {
    Format sniffed = SniffFormat(&in);
    if (format == Format::kXml && sniffed != Format::kFeed) {
      if (!in.status().ok()) result->errors.push_back({path, in.status().message()});
      else result->errors.push_back({path, "unsupported XML: not an RSS or Atom feed"});
      return;
    }
    format = sniffed;
  }
  switch (format) {
    case Format::kWarc:
      ReadWarc(&in, path, kind.stem, options, result);
      return;
    case Format::kJsonLines:
      ReadJsonLinesStream(&in, path, kind.stem, options, result);
      return;
    case Format::kArc:
      result->errors.push_back({path, "unsupported: ARC web archives (the format before WARC) are not read; convert "
                                      "the file to WARC first"});
      return;
    case Format::kSgml: {
      Result<std::string> content = ReadWhole(&in, options.max_jsonl_bytes);
      if (!content.ok()) {
        result->errors.push_back({path, content.status().message()});
        return;
      }
      if (std::string problem = CheckText(*content); !problem.empty()) {
        // Newswire from before UTF-8: convert from the detected charset.
        int confidence = 0;
        const std::string guess = LooksBinary(*content) ? "" : DetectCharset(*content, &confidence);
        Result<std::string> utf8 = guess.empty() ? Result<std::string>(InvalidInput(problem)) : ConvertToUtf8(*content, guess);
        if (!utf8.ok() || !IsValidUtf8(*utf8)) {
          result->errors.push_back({path, problem});
          return;
        }
        result->stats.notes.push_back({path, "not UTF-8: read as " + guess + " (ICU's guess, confidence " +
                                                 std::to_string(confidence) + "%)"});
        *content = std::move(*utf8);
      }
      ParseSgmlNewswire(*content, path, kind.stem, result);
      return;
    }
    case Format::kFeed:
    case Format::kXml: {
      Result<std::string> content = ReadWhole(&in, options.max_jsonl_bytes);
      if (!content.ok()) {
        result->errors.push_back({path, content.status().message()});
        return;
      }
      if (TrimView(*content).empty()) {
        result->errors.push_back({path, "empty: no text"});
        return;
      }
      ParseFeed(*content, path, kind.stem, result);
      return;
    }
    default: {
      Result<std::string> content = ReadWhole(&in, options.max_article_bytes);
      if (!content.ok()) {
        result->errors.push_back({path, content.status().message()});
        return;
      }
      ReadWholeDocument(*content, format, path, kind.stem, result, options.list_html_removed);
      return;
    }
  }
}

}  // namespace

std::vector<Article> ParseJsonLines(std::string_view content, const std::string& path, const IngestOptions& options,
                                    std::vector<InputError>* errors) {
  std::vector<Article> out;
  std::size_t pos = 0;
  std::size_t line_no = 0;
  const std::string stem = KindOf(path).stem;
  while (pos < content.size()) {
    std::size_t nl = content.find('\n', pos);
    std::string_view line = content.substr(pos, (nl == std::string_view::npos ? content.size() : nl) - pos);
    pos = nl == std::string_view::npos ? content.size() : nl + 1;
    ++line_no;
    const std::string where = path + ":" + std::to_string(line_no);
    if (TrimView(line).empty()) continue;
    if (line.size() > options.max_article_bytes) {
      errors->push_back({where, "line of " + std::to_string(line.size()) + " bytes, over the limit of " +
                                    std::to_string(options.max_article_bytes)});
      continue;
    }
    ParseJsonLine(line, where, stem + "-" + std::to_string(line_no), &out, errors);
  }
  return out;
}

void ReadStream(std::istream& in, const std::string& name, const IngestOptions& options, IngestResult* result) {
  IstreamSource src(&in);
  Kind kind;
  kind.stem = name == "-" ? "stdin" : KindOf(name).stem;
  ReadSource(&src, kind, name == "-" ? "stdin" : name, options, result, 0);
}

IngestResult ReadInputs(const std::vector<std::string>& paths, const IngestOptions& options, const FileSystem& fs) {
  IngestResult result;
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    if (p == "-") {
      files.push_back(p);
    } else if (fs.IsDirectory(p)) {
      std::vector<Status> errs;
      std::vector<std::string> listed = fs.ListFiles(p, &errs);
      for (const Status& s : errs) {
        // File-system messages read "PATH: problem"; the error names the
        // entry itself, not the directory it was found in.
        const std::string& m = s.message();
        std::size_t sep = m.find(": ");
        if (sep != std::string::npos && m.rfind(p, 0) == 0) {
          result.errors.push_back({m.substr(0, sep), m.substr(sep + 2)});
        } else {
          result.errors.push_back({p, m});
        }
      }
      if (listed.empty() && errs.empty()) result.errors.push_back({p, "directory holds no files"});
      files.insert(files.end(), listed.begin(), listed.end());
    } else if (!fs.Exists(p)) {
      result.errors.push_back({p, "no such file or directory"});
    } else {
      files.push_back(p);
    }
  }
  // Files are read on up to options.threads threads, each into its own slot;
  // the slots are joined in path order, so the result does not depend on
  // the thread count. Standard input is one stream, read on this thread.
  std::vector<IngestResult> slots(files.size());
  auto read_file = [&](std::size_t i) {
    const std::string& f = files[i];
    IngestResult* out = &slots[i];
    auto file_error = [&](const Status& st) {
      std::string msg = st.message();
      // The file system names the path; the error line names it once.
      if (msg.rfind(f + ": ", 0) == 0) msg = msg.substr(f.size() + 2);
      out->errors.push_back({f, msg});
    };
    if (f == "-") {
      ReadStream(std::cin, "-", options, out);
      return;
    }
    Kind kind = KindOf(f);
    if ((kind.format == Format::kText || kind.format == Format::kHtml) && kind.compression == Compression::kNone) {
      Result<std::string> content = fs.ReadFile(f, options.max_article_bytes);
      if (!content.ok()) {
        file_error(content.status());
        return;
      }
      ReadWholeDocument(*content, kind.format, f, kind.stem, out, options.list_html_removed);
      return;
    }
    // Everything else is read as a stream: from disk in chunks, or through
    // the FileSystem (tests, memory) as one buffer.
    if (&fs == &DefaultFileSystem()) {
      std::ifstream in(f, std::ios::binary);
      if (!in) {
        Result<std::string> why = fs.ReadFile(f, 0);
        file_error(why.ok() || why.status().code() == StatusCode::kTooLarge ? InvalidInput("cannot be read")
                                                                           : why.status());
        return;
      }
      IstreamSource src(&in);
      ReadSource(&src, kind, f, options, out, 0);
    } else {
      Result<std::string> content = fs.ReadFile(f, options.max_jsonl_bytes);
      if (!content.ok()) {
        file_error(content.status());
        return;
      }
      MemorySource src(*content);
      ReadSource(&src, kind, f, options, out, 0);
    }
  };
  ParallelFor(files.size(), options.threads, [&](std::size_t i) {
    if (files[i] != "-") read_file(i);
  });
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (files[i] == "-") read_file(i);
  }
  for (IngestResult& slot : slots) {
    std::move(slot.articles.begin(), slot.articles.end(), std::back_inserter(result.articles));
    std::move(slot.errors.begin(), slot.errors.end(), std::back_inserter(result.errors));
    result.stats.records_skipped += slot.stats.records_skipped;
    result.stats.pages_not_ok += slot.stats.pages_not_ok;
    result.stats.pages_not_text += slot.stats.pages_not_text;
    std::move(slot.stats.notes.begin(), slot.stats.notes.end(), std::back_inserter(result.stats.notes));
  }
  // Unique ids, stable in input order.
  std::unordered_map<std::string, int> seen;
  for (Article& a : result.articles) {
    int n = ++seen[a.id];
    if (n > 1) a.id.append("~").append(std::to_string(n));
  }
  return result;
}

}  // namespace parallax
