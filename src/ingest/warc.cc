#include "ingest/warc.h"

#include <cctype>
#include <map>

#include "ingest/charset.h"
#include "ingest/text_util.h"
#include "text/utf8.h"

namespace parallax {
namespace {

constexpr std::size_t kMaxHeaderLine = 16 << 10;
constexpr std::size_t kMaxHeaders = 512;
constexpr std::uint64_t kHttpHeaderAllowance = 64 << 10;

using ingest_internal::Lower;
using ingest_internal::Trim;

using Headers = std::map<std::string, std::string>;

// Parses "Name: value" lines (names lower-cased; continuation lines joined).
void ParseHeaderLines(std::string_view block, Headers* out) {
  std::string last;
  std::size_t pos = 0;
  while (pos < block.size()) {
    std::size_t nl = block.find('\n', pos);
    std::string_view line = block.substr(pos, (nl == std::string_view::npos ? block.size() : nl) - pos);
    pos = nl == std::string_view::npos ? block.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if ((line.front() == ' ' || line.front() == '\t') && !last.empty()) {
      (*out)[last].append(" ").append(Trim(line));
      continue;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    last = Lower(Trim(line.substr(0, colon)));
    (*out)[last] = std::string(Trim(line.substr(colon + 1)));
  }
}

std::string Get(const Headers& h, const char* name) {
  auto it = h.find(name);
  return it == h.end() ? "" : it->second;
}

// Whether a media type is a page we can read: HTML, XHTML or plain text.
// Returns "html", "text" or "" (not a page).
std::string PageKind(std::string_view content_type) {
  std::string t = Lower(Trim(content_type.substr(0, content_type.find(';'))));
  if (t == "text/html" || t == "application/xhtml+xml") return "html";
  if (t == "text/plain") return "text";
  return "";
}

bool LooksLikeHtml(std::string_view s) {
  std::string head = Lower(Trim(s.substr(0, 1024)));
  return head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0 || head.find("<body") != std::string::npos ||
         head.find("<head") != std::string::npos;
}

// One record's outcome: maybe an article, maybe a problem (never more than
// one error per record: several problems are joined).
struct Outcome {
  std::optional<Article> article;
  std::string problem;
  void Add(const std::string& p) { problem += (problem.empty() ? "" : "; ") + p; }
};

// Turns an HTTP payload (or resource block) into an article.
void PayloadToArticle(std::string_view body, const std::string& content_type, const std::string& kind_hint,
                      const std::string& target, const std::string& id, const std::string& where,
                      Outcome* out) {
  std::string kind = kind_hint.empty() ? (LooksLikeHtml(body) ? "html" : "text") : kind_hint;
  Result<std::string> utf8 = kind == "html" ? HtmlToUtf8(body, content_type)
                                            : ConvertToUtf8(body, CharsetFromContentType(content_type));
  if (!utf8.ok()) {
    out->Add(utf8.status().message());
    return;
  }
  Result<Article> a = kind == "html" ? ParseHtmlArticle(*utf8, id, where) : ParseTextArticle(*utf8, id, where);
  if (!a.ok()) {
    out->Add(a.status().message());
    return;
  }
  if (!target.empty()) {
    a->url = target;
    if (!a->source) {
      std::string host = HostOfUrl(target);
      if (!host.empty()) a->source = host;
    }
  }
  out->article = std::move(a).value();
}

void HttpResponseToArticle(std::string_view block, const std::string& target, const std::string& id,
                           const std::string& where, const IngestOptions& options, IngestStats* stats, Outcome* out) {
  std::size_t line_end = block.find('\n');
  std::string_view status_line = Trim(block.substr(0, line_end));
  if (status_line.rfind("HTTP/", 0) != 0) {
    out->Add("malformed HTTP response: status line \"" + std::string(status_line.substr(0, 40)) + "\"");
    return;
  }
  std::size_t sp = status_line.find(' ');
  int code = 0;
  if (sp != std::string_view::npos) {
    std::string_view digits = Trim(status_line.substr(sp + 1)).substr(0, 3);
    for (char c : digits) {
      if (!std::isdigit(static_cast<unsigned char>(c))) { code = 0; break; }
      code = code * 10 + (c - '0');
    }
  }
  if (code < 100 || code > 999) {
    out->Add("malformed HTTP response: status line \"" + std::string(status_line.substr(0, 40)) + "\"");
    return;
  }
  // Headers end at the first empty line (CRLF or bare LF).
  std::size_t end = std::string_view::npos, body_at = 0;
  if (std::size_t a = block.find("\r\n\r\n"); a != std::string_view::npos) { end = a; body_at = a + 4; }
  if (std::size_t b = block.find("\n\n"); b != std::string_view::npos && b < end) { end = b; body_at = b + 2; }
  if (end == std::string_view::npos) {
    // Headers only (e.g. an empty 204 or a record cut short).
    end = block.size();
    body_at = block.size();
  }
  Headers http;
  std::size_t headers_at = line_end == std::string_view::npos ? block.size() : line_end + 1;
  if (headers_at < end) ParseHeaderLines(block.substr(headers_at, end - headers_at), &http);
  if (code != 200) {
    ++stats->pages_not_ok;
    return;
  }
  std::string content_type = Get(http, "content-type");
  std::string kind = PageKind(content_type);
  if (!content_type.empty() && kind.empty()) {
    ++stats->pages_not_text;
    return;
  }
  std::string_view body = block.substr(body_at);
  std::string decoded;
  if (Lower(Get(http, "transfer-encoding")).find("chunked") != std::string::npos) {
    // Archivers often store the body already de-chunked but keep the header:
    // only a body that starts like a chunk size line is de-chunked.
    std::size_t nl = body.find('\n');
    std::string_view first = Trim(body.substr(0, std::min(nl, body.find(';'))));
    bool hex = !first.empty() && first.size() <= 16 &&
               first.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos;
    if (hex) {
      Result<std::string> d = Dechunk(body);
      if (!d.ok()) {
        out->Add(d.status().message());
        return;
      }
      decoded = std::move(d).value();
      body = decoded;
    }
  }
  std::string encoding = Lower(Trim(Get(http, "content-encoding")));
  if (!encoding.empty() && encoding != "identity") {
    DeflateFormat f;
    if (encoding == "gzip" || encoding == "x-gzip") f = DeflateFormat::kGzip;
    else if (encoding == "deflate") f = DeflateFormat::kZlibOrRaw;
    else {
      out->Add("unsupported Content-Encoding \"" + encoding + "\"");
      return;
    }
    Result<std::string> inflated = InflateBounded(body, f, options.max_article_bytes);
    if (!inflated.ok()) {
      out->Add("Content-Encoding " + encoding + ": " + inflated.status().message());
      return;
    }
    decoded = std::move(inflated).value();
    body = decoded;
  }
  if (body.size() > options.max_article_bytes) {
    out->Add("page of " + std::to_string(body.size()) + " bytes, over the limit of " +
             std::to_string(options.max_article_bytes));
    return;
  }
  if (content_type.empty() && !LooksLikeHtml(body)) {
    // No declared type: only text that reads as text is a page.
    if (LooksBinary(body)) {
      ++stats->pages_not_text;
      return;
    }
  }
  PayloadToArticle(body, content_type, kind, target, id, where, out);
}

// Reads past junk up to the next line that starts a WARC record; returns the
// bytes skipped.
std::uint64_t Resync(BufferedReader* in) {
  std::uint64_t skipped = 0;
  std::string junk;
  bool too_long = false;
  while (!in->AtEnd()) {
    if (in->Peek(5) == "WARC/") break;
    std::uint64_t before = in->offset();
    in->ReadLine(&junk, 64, &too_long);
    skipped += in->offset() - before;
  }
  return skipped;
}

}  // namespace

Result<std::string> Dechunk(std::string_view body) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t nl = body.find('\n', pos);
    if (nl == std::string_view::npos) return InvalidInput("bad chunked body: truncated at byte " + std::to_string(pos));
    std::string_view size_line = Trim(body.substr(pos, nl - pos));
    size_line = Trim(size_line.substr(0, size_line.find(';')));
    if (size_line.empty() || size_line.size() > 15 ||
        size_line.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos) {
      return InvalidInput("bad chunked body: chunk size \"" + std::string(size_line.substr(0, 20)) + "\" at byte " +
                          std::to_string(pos));
    }
    std::uint64_t size = std::stoull(std::string(size_line), nullptr, 16);
    pos = nl + 1;
    if (size == 0) return out;  // trailers, if any, are ignored
    if (size > body.size() - pos) {
      return InvalidInput("bad chunked body: chunk of " + std::to_string(size) + " bytes at byte " +
                          std::to_string(pos) + " runs past the end");
    }
    out.append(body.substr(pos, size));
    pos += size;
    if (body.substr(pos, 2) == "\r\n") pos += 2;
    else if (body.substr(pos, 1) == "\n") pos += 1;
    else if (pos < body.size()) {
      return InvalidInput("bad chunked body: no line end after the chunk ending at byte " + std::to_string(pos));
    }
    if (pos >= body.size()) return out;  // last chunk without the 0 terminator
  }
}

void ReadWarc(BufferedReader* in, const std::string& path, const std::string& stem, const IngestOptions& options,
              IngestResult* result) {
  std::uint64_t record_no = 0;
  std::string line;
  bool too_long = false;
  const std::uint64_t max_block = options.max_article_bytes + kHttpHeaderAllowance;
  while (true) {
    // Blank lines between records are normal (each record ends in CRLFCRLF).
    while (true) {
      std::string_view c = in->Peek(1);
      if (c.empty() || (c[0] != '\r' && c[0] != '\n')) break;
      in->Skip(1);
    }
    if (in->AtEnd()) break;
    ++record_no;
    const std::string where = path + "#record " + std::to_string(record_no);
    const std::uint64_t start = in->offset();
    auto fail = [&](const std::string& msg) { result->errors.push_back({where, msg}); };
    bool complete = false;
    in->ReadLine(&line, 64, &too_long, &complete);
    if (line.rfind("WARC/", 0) != 0) {
      std::uint64_t skipped = (in->offset() - start) + Resync(in);
      std::string shown;
      for (char ch : line.substr(0, 20)) shown += std::isprint(static_cast<unsigned char>(ch)) ? ch : '?';
      fail("not a WARC record at byte " + std::to_string(start) + " (starts \"" + shown + "\"); skipped " +
           std::to_string(skipped) + " bytes" + (in->AtEnd() ? " to the end of the file" : " to the next record"));
      continue;
    }
    // The WARC header block.
    std::string header_block;
    bool header_done = false, header_bad = false;
    for (std::size_t n = 0; n < kMaxHeaders; ++n) {
      if (!in->ReadLine(&line, kMaxHeaderLine, &too_long, &complete) || !complete) break;
      if (too_long) header_bad = true;
      if (line == "\r" || line.empty()) {
        header_done = true;
        break;
      }
      header_block += line;
      header_block += '\n';
    }
    if (!header_done) {
      std::string why = in->status().ok() ? "" : " (" + in->status().message() + ")";
      fail(in->AtEnd() ? "truncated: the file ends inside the record header" + why
                       : "record header too long or malformed at byte " + std::to_string(start));
      if (in->AtEnd()) break;
      Resync(in);
      continue;
    }
    Headers warc;
    ParseHeaderLines(header_block, &warc);
    std::string len_text = Get(warc, "content-length");
    bool len_ok = !len_text.empty() && len_text.size() <= 18 &&
                  len_text.find_first_not_of("0123456789") == std::string::npos;
    if (!len_ok || header_bad) {
      fail(header_bad ? "record header line too long" : "missing or invalid Content-Length \"" + len_text + "\"");
      Resync(in);
      continue;
    }
    const std::uint64_t length = std::stoull(len_text);
    const std::string type = Lower(Get(warc, "warc-type"));
    std::string target = Get(warc, "warc-target-uri");
    // Some writers (wget) wrap the URI in angle brackets.
    if (target.size() >= 2 && target.front() == '<' && target.back() == '>') target = target.substr(1, target.size() - 2);
    Outcome out;
    bool truncated = false;
    // Only web captures are pages: crawler logs and manifests are stored as
    // resource records under schemes such as metadata: or dns:.
    std::string scheme = Lower(target.substr(0, target.find(':')));
    const bool web = target.empty() || target.find(':') == std::string::npos || scheme == "http" ||
                     scheme == "https" || scheme == "file" || scheme == "ftp";
    const bool page_record = (type == "response" || type == "resource") && web;
    const bool http = type == "response" && Lower(Get(warc, "content-type")).rfind("application/http", 0) == 0;
    if (page_record && (http || type == "resource") && length <= max_block) {
      std::string block;
      block.reserve(static_cast<std::size_t>(length));
      std::size_t got = in->ReadInto(static_cast<std::size_t>(length), &block);
      if (got < length) {
        truncated = true;
        std::string why = in->status().ok() ? "" : " (" + in->status().message() + ")";
        out.Add("truncated: the file ends " + std::to_string(got) + " bytes into the record's " +
                std::to_string(length) + " bytes of content" + why);
      } else {
        const std::string id = stem + "-" + std::to_string(record_no);
        if (http) {
          HttpResponseToArticle(block, target, id, where, options, &result->stats, &out);
        } else {
          std::string ct = Get(warc, "content-type");
          std::string kind = PageKind(ct);
          if (!ct.empty() && kind.empty()) {
            ++result->stats.pages_not_text;
          } else if (block.size() > options.max_article_bytes) {
            out.Add("page of " + std::to_string(block.size()) + " bytes, over the limit of " +
                    std::to_string(options.max_article_bytes));
          } else {
            PayloadToArticle(block, ct, kind, target, id, where, &out);
          }
        }
      }
    } else {
      if (page_record && (http || type == "resource")) {
        out.Add("record of " + std::to_string(length) + " bytes, over the limit of " + std::to_string(max_block));
      } else if (type == "response") {
        ++result->stats.pages_not_text;  // e.g. DNS responses
      } else {
        ++result->stats.records_skipped;
      }
      std::uint64_t skipped = in->Skip(length);
      if (skipped < length) {
        truncated = true;
        std::string why = in->status().ok() ? "" : " (" + in->status().message() + ")";
        out.Add("truncated: the file ends " + std::to_string(skipped) + " bytes into the record's " +
                std::to_string(length) + " bytes of content" + why);
      }
    }
    if (!truncated) {
      // The record must be followed by CRLF CRLF and then the next record.
      std::size_t ends = 0;
      while (ends < 4) {
        std::string_view c = in->Peek(1);
        if (c.empty() || (c[0] != '\r' && c[0] != '\n')) break;
        in->Skip(1);
        ++ends;
      }
      if (!in->AtEnd() && in->Peek(5) != "WARC/") {
        std::uint64_t at = in->offset();
        std::uint64_t skipped = Resync(in);
        out.Add("Content-Length " + std::to_string(length) + " does not end the record: " + std::to_string(skipped) +
                " stray bytes at byte " + std::to_string(at) + " before " +
                (in->AtEnd() ? "the end of the file" : "the next record"));
      }
    }
    if (!out.problem.empty()) fail(out.problem);
    if (out.article) result->articles.push_back(std::move(*out.article));
    if (truncated) break;
  }
  if (record_no == 0) {
    if (!in->status().ok()) result->errors.push_back({path, in->status().message()});
    else result->errors.push_back({path, "empty: no WARC records"});
  } else if (!in->status().ok() && in->AtEnd()) {
    // A decompression problem after the last complete record (e.g. garbage
    // after the final gzip member) that no record reported.
    bool reported = false;
    for (const InputError& e : result->errors) {
      if (e.path.rfind(path + "#", 0) == 0 && e.message.find(in->status().message()) != std::string::npos) reported = true;
    }
    if (!reported) result->errors.push_back({path, in->status().message()});
  }
}

}  // namespace parallax
