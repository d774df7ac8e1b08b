#include "eval/events.h"

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/file.h"
#include "text/utf8.h"
namespace parallax {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTsvRelativePath = "clustering/events-dev.tsv";
constexpr std::string_view kExpectedHeader = "dataset subset cluster_id event_key doc_path outlet date title";

void Report(std::vector<InputError>* errors, std::string path, std::string message) {
  if (errors != nullptr) errors->push_back({std::move(path), std::move(message)});
}

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (!IsSpace(c)) return false;
  }
  return true;
}

// Reads a whole file. The code distinguishes "absent" from "present but
// unreadable" because the two call for different fixes by the user.
Result<std::string> ReadWholeFile(const std::string& path) {
  // Benchmark files are small; the limit only guards against a wrong path.
  return DefaultFileSystem().ReadFile(path, std::uint64_t{1} << 32);
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t end = s.find(sep, start);
    if (end == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, end - start));
    start = end + 1;
  }
}

// Turns every run of whitespace (line breaks included: a paragraph's hard
// wraps carry no meaning) into one space and trims both ends.
std::string CollapseWhitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (char c : s) {
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

// Newswire of the period typed quotes as `` and '' (TeX style); straight
// quotes are what the quote extractor and readers expect.
std::string StraightenQuotes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (i + 1 < s.size() && ((s[i] == '`' && s[i + 1] == '`') || (s[i] == '\'' && s[i + 1] == '\''))) {
      out.push_back('"');
      ++i;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// DUC / TREC SGML.

// A tag occurrence: [begin, end) covers "<...>".
struct Tag {
  size_t begin = std::string_view::npos;
  size_t end = std::string_view::npos;
  bool found() const { return begin != std::string_view::npos; }
};

// Finds the next <name ...> (or </name> when closing) at or after `from`.
// Case-insensitive because TREC-style collections differ in tag case.
Tag FindTag(std::string_view doc, std::string_view name, bool closing, size_t from) {
  const size_t prefix = closing ? 2 : 1;
  for (size_t pos = doc.find('<', from); pos != std::string_view::npos; pos = doc.find('<', pos + 1)) {
    if (closing && (pos + 1 >= doc.size() || doc[pos + 1] != '/')) continue;
    if (pos + prefix + name.size() > doc.size()) break;
    if (!EqualsIgnoreCase(doc.substr(pos + prefix, name.size()), name)) continue;
    const size_t after = pos + prefix + name.size();
    // "<P>" must not match "<PRE>": the name has to end at '>' or a space.
    if (after < doc.size() && doc[after] != '>' && !IsSpace(doc[after])) continue;
    const size_t close = doc.find('>', after);
    if (close == std::string_view::npos) break;
    return {pos, close + 1};
  }
  return {};
}

// The contents of every <name>..</name> element, in order. An element with
// no closing tag runs to the end of the document rather than being lost.
std::vector<std::string_view> ElementContents(std::string_view doc, std::string_view name) {
  std::vector<std::string_view> out;
  size_t from = 0;
  while (true) {
    const Tag open = FindTag(doc, name, /*closing=*/false, from);
    if (!open.found()) return out;
    const Tag close = FindTag(doc, name, /*closing=*/true, open.end);
    const size_t end = close.found() ? close.begin : doc.size();
    out.push_back(doc.substr(open.end, end - open.end));
    if (!close.found()) return out;
    from = close.end;
  }
}

// Removes markup. Only '<' followed by a letter, '/', '!' or '?' starts a
// tag, so a literal "<" in text (e.g. "x < 5") survives.
std::string StripTags(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<' && i + 1 < s.size() && (IsAlpha(s[i + 1]) || s[i + 1] == '/' || s[i + 1] == '!' || s[i + 1] == '?')) {
      const size_t close = s.find('>', i);
      if (close != std::string_view::npos) {
        out.push_back(' ');  // a tag separates words
        i = close;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

// Appends a decoded entity's code point; what is not a character is dropped.
void AppendEntity(std::uint32_t cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return;
  AppendUtf8(out, static_cast<char32_t>(cp));
}

// Decodes character entities. Anything else of the form &NAME; is an LDC
// typesetting code (&UR; &LR; &QL; &QC; &HT; ...), which marks layout, not
// text, and becomes a space.
std::string DecodeEntities(std::string_view s) {
  static const std::unordered_map<std::string, std::string> kNamed = {
      {"AMP", "&"}, {"LT", "<"}, {"GT", ">"}, {"QUOT", "\""}, {"APOS", "'"}, {"NBSP", " "},
  };
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    size_t j = i + 1;
    const bool numeric = j < s.size() && s[j] == '#';
    if (numeric) ++j;
    const size_t name_begin = j;
    while (j < s.size() && j - name_begin < 16 && std::isalnum(static_cast<unsigned char>(s[j]))) ++j;
    if (j == name_begin || j >= s.size() || s[j] != ';' || (!numeric && !IsAlpha(s[name_begin]))) {
      out.push_back('&');  // a bare ampersand ("AT&T") is text
      continue;
    }
    std::string name(s.substr(name_begin, j - name_begin));
    if (numeric) {
      const bool hex = name[0] == 'x' || name[0] == 'X';
      std::uint32_t cp = 0;
      bool ok = true;
      for (size_t k = hex ? 1 : 0; k < name.size() && ok; ++k) {
        const char c = name[k];
        std::uint32_t digit;
        if (IsDigit(c)) {
          digit = static_cast<std::uint32_t>(c - '0');
        } else if (hex && std::isxdigit(static_cast<unsigned char>(c))) {
          digit = static_cast<std::uint32_t>(std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
        } else {
          ok = false;
          break;
        }
        cp = cp * (hex ? 16 : 10) + digit;
        if (cp > 0x10FFFF) ok = false;
      }
      if (ok) AppendEntity(cp, &out);
    } else {
      for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      auto it = kNamed.find(name);
      out += it != kNamed.end() ? it->second : " ";
    }
    i = j;
  }
  return out;
}

std::string CleanSgmlText(std::string_view s) {
  return CollapseWhitespace(StraightenQuotes(DecodeEntities(StripTags(s))));
}

// The pieces of `s` between blank (whitespace-only) lines.
std::vector<std::string_view> SplitAtBlankLines(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t start = 0, offset = 0;
  for (std::string_view line : Split(s, '\n')) {
    if (IsBlank(line)) {
      if (offset > start) parts.push_back(s.substr(start, offset - start));
      start = offset + line.size() + 1;
    }
    offset += line.size() + 1;
  }
  if (start < s.size()) parts.push_back(s.substr(start));
  return parts;
}

// Splits one <TEXT> block into paragraphs: at <P> and </P> when the block
// uses them, otherwise at blank lines (some TREC sources have no <P>).
void AppendSgmlParagraphs(std::string_view block, std::vector<std::string>* paragraphs) {
  std::vector<std::string_view> pieces;
  size_t from = 0;
  Tag open = FindTag(block, "P", /*closing=*/false, 0);
  Tag close = FindTag(block, "P", /*closing=*/true, 0);
  // Each search resumes only once passed, so the scan stays linear even
  // when a block has no </P> at all.
  while (open.found() || close.found()) {
    const Tag next = (!open.found() || (close.found() && close.begin < open.begin)) ? close : open;
    pieces.push_back(block.substr(from, next.begin - from));
    from = next.end;
    if (open.found() && open.begin < from) open = FindTag(block, "P", /*closing=*/false, from);
    if (close.found() && close.begin < from) close = FindTag(block, "P", /*closing=*/true, from);
  }
  if (pieces.empty()) {  // no <P> tags at all
    pieces = SplitAtBlankLines(block);
  } else {
    pieces.push_back(block.substr(from));
  }
  for (std::string_view piece : pieces) {
    std::string clean = CleanSgmlText(piece);
    if (!clean.empty()) paragraphs->push_back(std::move(clean));
  }
}

// "1999-05-19 21:11:17" -> "1999-05-19"; nullopt when it is not that shape.
std::optional<std::string> LeadingIsoDate(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  if (s.size() < 10) return std::nullopt;
  for (size_t i = 0; i < 10; ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? s[i] != '-' : !IsDigit(s[i])) return std::nullopt;
  }
  if (s.size() > 10 && IsDigit(s[10])) return std::nullopt;
  return std::string(s.substr(0, 10));
}

struct ParsedDoc {
  std::string title;
  std::optional<std::string> date;
  std::vector<std::string> paragraphs;
};

Result<ParsedDoc> ParseSgml(std::string_view doc, const std::string& path) {
  ParsedDoc out;
  std::vector<std::string_view> blocks = ElementContents(doc, "TEXT");
  // Without <TEXT> the story is somewhere in <BODY>; taking the whole file
  // would pull in DOCNO and wire headers as if they were prose.
  if (blocks.empty()) blocks = ElementContents(doc, "BODY");
  if (blocks.empty()) return InvalidInput(path + ": SGML document without a <TEXT> or <BODY> element");
  for (std::string_view block : blocks) AppendSgmlParagraphs(block, &out.paragraphs);
  const std::vector<std::string_view> headlines = ElementContents(doc, "HEADLINE");
  if (!headlines.empty()) out.title = CleanSgmlText(headlines.front());
  const std::vector<std::string_view> dates = ElementContents(doc, "DATE_TIME");
  if (!dates.empty()) out.date = LeadingIsoDate(dates.front());
  return out;
}

// ---------------------------------------------------------------------------
// TAC 2011 MultiLing (WikiNews) plain text.

// Parses a leading "[Weekday, ]Month D, YYYY" (WikiNews datelines). Returns
// the ISO date and how many bytes it spans, or nullopt.
std::optional<std::pair<std::string, size_t>> LeadingLongDate(std::string_view s) {
  static constexpr std::string_view kWeekdays[] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                                   "Friday", "Saturday", "Sunday"};
  static constexpr std::string_view kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                                 "July",    "August",   "September", "October", "November", "December"};
  size_t pos = 0;
  for (std::string_view day : kWeekdays) {
    if (s.substr(0, day.size()) == day && s.substr(day.size(), 2) == ", ") {
      pos = day.size() + 2;
      break;
    }
  }
  int month = 0;
  for (int m = 0; m < 12; ++m) {
    const std::string_view name = kMonths[m];
    if (s.substr(pos, name.size()) == name && s.substr(pos + name.size(), 1) == " ") {
      month = m + 1;
      pos += name.size() + 1;
      break;
    }
  }
  if (month == 0) return std::nullopt;
  int day = 0;
  size_t digits = 0;
  while (pos < s.size() && IsDigit(s[pos]) && digits < 2) {
    day = day * 10 + (s[pos++] - '0');
    ++digits;
  }
  if (digits == 0 || day < 1 || day > 31 || s.substr(pos, 2) != ", ") return std::nullopt;
  pos += 2;
  if (pos + 4 > s.size()) return std::nullopt;
  for (size_t i = 0; i < 4; ++i) {
    if (!IsDigit(s[pos + i])) return std::nullopt;
  }
  // The year must end there; the text may follow with no space at all
  // ("2005Through a telethon"), so only a fifth digit disqualifies it.
  if (pos + 4 < s.size() && IsDigit(s[pos + 4])) return std::nullopt;
  auto two_digits = [](int v) { return std::string{static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)}; };
  std::string iso = std::string(s.substr(pos, 4)) + "-" + two_digits(month) + "-" + two_digits(day);
  return std::make_pair(std::move(iso), pos + 4);
}

ParsedDoc ParsePlain(std::string_view doc) {
  ParsedDoc out;
  if (doc.substr(0, 3) == "\xEF\xBB\xBF") doc.remove_prefix(3);  // UTF-8 BOM
  const std::vector<std::string_view> lines = Split(doc, '\n');
  size_t i = 0;
  while (i < lines.size() && IsBlank(lines[i])) ++i;
  // Line one is the title in this format, so it never goes into the body.
  if (i < lines.size()) {
    std::string title = CollapseWhitespace(StraightenQuotes(lines[i]));
    // One file prefixes its title with "2005/01/08 ": a date, not a word of
    // the title.
    if (title.size() > 11 && title[4] == '/' && title[7] == '/' && title[10] == ' ' && IsDigit(title[0]) &&
        IsDigit(title[5]) && IsDigit(title[8])) {
      out.date = title.substr(0, 4) + "-" + title.substr(5, 2) + "-" + title.substr(8, 2);
      title.erase(0, 11);
    }
    out.title = std::move(title);
    ++i;
  }
  if (i < lines.size()) {
    // lines[i] views into doc, so the body is the rest of doc from there.
    const std::string_view body = doc.substr(static_cast<size_t>(lines[i].data() - doc.data()));
    for (std::string_view piece : SplitAtBlankLines(body)) {
      std::string clean = CollapseWhitespace(StraightenQuotes(piece));
      if (!clean.empty()) out.paragraphs.push_back(std::move(clean));
    }
  }
  // The dateline is metadata like DUC's DATE_TIME. It is normally the first
  // paragraph, but may follow a photo caption, and may be glued to the first
  // sentence, so the first two paragraphs are checked and only the date
  // itself is removed.
  for (size_t p = 0; p < out.paragraphs.size() && p < 2; ++p) {
    auto date = LeadingLongDate(out.paragraphs[p]);
    if (!date) continue;
    out.date = date->first;
    const std::string_view paragraph = out.paragraphs[p];
    std::string rest = CollapseWhitespace(paragraph.substr(date->second));
    if (rest.empty()) {
      out.paragraphs.erase(out.paragraphs.begin() + static_cast<std::ptrdiff_t>(p));
    } else {
      out.paragraphs[p] = std::move(rest);
    }
    break;
  }
  return out;
}

bool LooksLikeSgml(std::string_view doc) {
  size_t i = 0;
  while (i < doc.size() && IsSpace(doc[i])) ++i;
  return EqualsIgnoreCase(doc.substr(i, 4), "<DOC");
}

// DUC file names are DOCNOs such as APW19990519.0113, whose ".0113" is part
// of the id; only a purely alphabetic suffix (".english", ".txt") is a file
// extension.
std::string IdFromFileName(const std::string& file_name) {
  const size_t dot = file_name.rfind('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == file_name.size()) return file_name;
  for (size_t i = dot + 1; i < file_name.size(); ++i) {
    if (!IsAlpha(file_name[i])) return file_name;
  }
  return file_name.substr(0, dot);
}

}  // namespace

Result<std::vector<LabeledArticle>> LoadEventsDev(const std::string& data_root, std::vector<InputError>* errors) {
  const std::string tsv_path = (fs::path(data_root) / kTsvRelativePath).string();
  std::error_code ec;
  if (!fs::is_directory(data_root, ec)) {
    return Status(StatusCode::kNotFound, "data root " + data_root + " is not a directory; expected a folder holding " +
                                             std::string(kTsvRelativePath) + " (" + tsv_path + ") and summarization/");
  }
  Result<std::string> tsv = ReadWholeFile(tsv_path);
  if (!tsv.ok()) {
    return Status(tsv.status().code(), tsv.status().message() + "; expected the gold event list, a tab-separated file with header: " +
                                           std::string(kExpectedHeader));
  }

  std::vector<std::string_view> lines = Split(*tsv, '\n');
  size_t line_index = 0;
  while (line_index < lines.size() && IsBlank(lines[line_index])) ++line_index;
  if (line_index == lines.size()) {
    return InvalidInput(tsv_path + ": empty; expected a header line: " + std::string(kExpectedHeader));
  }

  // Columns are found by name so that a reordered or extended file still
  // reads correctly.
  auto strip_cr = [](std::string_view s) {
    if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
    return s;
  };
  const std::vector<std::string_view> header = Split(strip_cr(lines[line_index]), '\t');
  auto column = [&](std::string_view name) -> std::optional<size_t> {
    for (size_t c = 0; c < header.size(); ++c) {
      if (header[c] == name) return c;
    }
    return std::nullopt;
  };
  const std::optional<size_t> event_col = column("event_key");
  const std::optional<size_t> path_col = column("doc_path");
  const std::optional<size_t> outlet_col = column("outlet");
  const std::optional<size_t> date_col = column("date");
  const std::optional<size_t> title_col = column("title");
  if (!event_col || !path_col) {
    return InvalidInput(tsv_path + ": header lacks the event_key and/or doc_path column; expected: " +
                        std::string(kExpectedHeader));
  }

  std::vector<LabeledArticle> out;
  std::unordered_set<std::string> used_ids;
  std::unordered_map<std::string, int> id_counts;
  for (++line_index; line_index < lines.size(); ++line_index) {
    const std::string_view line = strip_cr(lines[line_index]);
    if (IsBlank(line)) continue;
    const std::string where = tsv_path + ":" + std::to_string(line_index + 1);
    const std::vector<std::string_view> fields = Split(line, '\t');
    auto field = [&](std::optional<size_t> c) -> std::string {
      return c && *c < fields.size() ? std::string(fields[*c]) : std::string();
    };
    if (fields.size() < header.size()) {
      // A short row is usually a lost tab, which shifts later columns; the
      // two columns that matter could then be wrong, so the row is skipped.
      Report(errors, where,
             "expected " + std::to_string(header.size()) + " tab-separated fields, found " +
                 std::to_string(fields.size()) + "; row skipped");
      continue;
    }
    const std::string event_key = field(event_col);
    const std::string doc_path = field(path_col);
    if (event_key.empty() || doc_path.empty()) {
      Report(errors, where, "empty event_key or doc_path; row skipped");
      continue;
    }

    const fs::path full = (fs::path(data_root) / doc_path).lexically_normal();
    const std::string full_path = full.string();
    Result<std::string> content = ReadWholeFile(full_path);
    if (!content.ok()) {
      Report(errors, full_path, content.status().message() + " (listed at " + where + "); skipped");
      continue;
    }
    ParsedDoc parsed;
    if (LooksLikeSgml(*content)) {
      Result<ParsedDoc> sgml = ParseSgml(*content, full_path);
      if (!sgml.ok()) {
        Report(errors, full_path, sgml.status().message() + "; skipped");
        continue;
      }
      parsed = std::move(sgml).value();
    } else {
      parsed = ParsePlain(*content);
    }
    if (parsed.paragraphs.empty()) {
      Report(errors, full_path, "no body text found; skipped");
      continue;
    }

    LabeledArticle item;
    item.event_key = event_key;
    Article& a = item.article;
    const std::string base_id = IdFromFileName(full.filename().string());
    std::string id = base_id;
    for (int n = ++id_counts[base_id]; used_ids.count(id) > 0; ++n) id = base_id + "_" + std::to_string(n);
    used_ids.insert(id);
    a.id = std::move(id);
    if (std::string outlet = field(outlet_col); !outlet.empty()) a.source = std::move(outlet);
    a.title = field(title_col);
    if (a.title.empty()) a.title = std::move(parsed.title);
    if (std::string date = field(date_col); !date.empty()) {
      if (LeadingIsoDate(date)) {
        a.published = std::move(date);
      } else {
        // The article itself is fine; only this column is suspect, so the
        // article is kept with the document's own date instead.
        Report(errors, where, "date '" + date + "' is not YYYY-MM-DD; using the document's date");
        a.published = parsed.date;
      }
    } else {
      a.published = parsed.date;
    }
    a.path = full_path;
    for (size_t p = 0; p < parsed.paragraphs.size(); ++p) {
      if (p > 0) a.raw += "\n\n";
      a.raw += parsed.paragraphs[p];
    }
    a.text = a.raw;
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace parallax
