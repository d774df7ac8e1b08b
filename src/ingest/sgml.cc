#include "ingest/sgml.h"

#include <algorithm>
#include <cctype>

#include "text/dates.h"
#include "text/utf8.h"

namespace parallax {
namespace {

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Case-insensitive find of `needle` (ASCII) in s from `from`.
std::size_t FindNoCase(std::string_view s, std::string_view needle, std::size_t from) {
  if (needle.empty() || s.size() < needle.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= s.size(); ++i) {
    i = s.find_first_of(std::string{needle[0], static_cast<char>(std::toupper(static_cast<unsigned char>(needle[0])))}, i);
    if (i == std::string_view::npos || i + needle.size() > s.size()) return std::string_view::npos;
    std::size_t k = 1;
    while (k < needle.size() && Lower(s[i + k]) == Lower(needle[k])) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

// Position of an opening tag `<name>` or `<name attr...>` at or after from.
std::size_t FindOpen(std::string_view s, std::string_view name, std::size_t from, std::size_t* content_begin) {
  std::string open("<");
  open.append(name);
  for (std::size_t p = FindNoCase(s, open, from); p != std::string_view::npos; p = FindNoCase(s, open, p + 1)) {
    const std::size_t after = p + open.size();
    if (after < s.size() && (s[after] == '>' || IsSpace(s[after]))) {
      std::size_t gt = s.find('>', after);
      if (gt == std::string_view::npos) return std::string_view::npos;
      *content_begin = gt + 1;
      return p;
    }
  }
  return std::string_view::npos;
}

// Content of the first <name>...</name> in s ("" and false when absent).
bool Element(std::string_view s, std::string_view name, std::string_view* content) {
  std::size_t b = 0;
  if (FindOpen(s, name, 0, &b) == std::string_view::npos) return false;
  std::size_t e = FindNoCase(s, "</" + std::string(name) + ">", b);
  *content = s.substr(b, (e == std::string_view::npos ? s.size() : e) - b);
  return true;
}

// Decodes the SGML of a text run: tags dropped, standard and numeric
// entities decoded, other entities (wire control codes) dropped, `` and ''
// made curly, white space (newlines too) collapsed to single spaces.
std::string Decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  auto put = [&](std::string_view t) {
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.append(t);
  };
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (IsSpace(c)) {
      space = true;
      ++i;
    } else if (c == '<') {
      std::size_t gt = s.substr(0, std::min(s.size(), i + 65)).find('>', i);  // bounded: linear on any input
      if (gt == std::string_view::npos) {
        put("<");
        ++i;
      } else {
        space = true;  // a tag separates words
        i = gt + 1;
      }
    } else if (c == '&') {
      std::size_t semi = s.substr(0, std::min(s.size(), i + 13)).find(';', i);  // bounded: linear on any input
      std::string_view name = semi == std::string_view::npos ? std::string_view{} : s.substr(i + 1, semi - i - 1);
      bool word = !name.empty();
      for (char k : name) word = word && (std::isalnum(static_cast<unsigned char>(k)) || k == '#');
      if (!word) {
        put("&");
        ++i;
        continue;
      }
      if (name == "amp") put("&");
      else if (name == "lt") put("<");
      else if (name == "gt") put(">");
      else if (name == "quot") put("\"");
      else if (name == "apos") put("'");
      else if (name[0] == '#') {
        char32_t cp = 0;
        bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
        for (std::size_t k = hex ? 2 : 1; k < name.size() && cp < 0x110000; ++k) {
          const char d = name[k];
          int v = std::isdigit(static_cast<unsigned char>(d)) ? d - '0'
                  : hex && std::isxdigit(static_cast<unsigned char>(d)) ? 10 + Lower(d) - 'a' : -1;
          if (v < 0) { cp = 0; break; }
          cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(v);
        }
        if (cp >= 0x20 && cp < 0x110000 && !(cp >= 0xD800 && cp < 0xE000)) {
          std::string u;
          AppendUtf8(&u, cp);
          put(u);
        }
      }
      // Anything else (&Cx13;, &QL;, &UR;, &LR;, &HT; ...) is a control
      // code of the wire service's transmission, not text.
      i = semi + 1;
    } else if (c == '`' && i + 1 < s.size() && s[i + 1] == '`') {
      put("\xE2\x80\x9C");
      i += 2;
    } else if (c == '\'' && i + 1 < s.size() && s[i + 1] == '\'') {
      put("\xE2\x80\x9D");
      i += 2;
    } else {
      std::size_t j = i + 1;
      while (j < s.size() && !IsSpace(s[j]) && s[j] != '<' && s[j] != '&' && s[j] != '`' && s[j] != '\'') ++j;
      put(s.substr(i, j - i));
      i = j;
    }
  }
  return out;
}

// The paragraphs of a <TEXT> body, joined by blank lines.
std::string Paragraphs(std::string_view body) {
  std::string out;
  auto add = [&](std::string_view p) {
    std::string d = Decode(p);
    if (d.empty()) return;
    if (!out.empty()) out += "\n\n";
    out += d;
  };
  std::size_t b = 0;
  if (FindOpen(body, "p", 0, &b) != std::string_view::npos) {
    // <P> paragraphs; text outside them (between </P> and <P>) counts too.
    std::size_t pos = 0;
    std::size_t close = 0;  // the first </p> at or after the current paragraph (searched again only when passed)
    bool close_known = false;
    while (pos < body.size()) {
      std::size_t cb = 0;
      std::size_t open = FindOpen(body, "p", pos, &cb);
      if (open == std::string_view::npos) {
        add(body.substr(pos));
        break;
      }
      add(body.substr(pos, open - pos));
      if (!close_known || (close != std::string_view::npos && close < cb)) {
        close = FindNoCase(body, "</p>", cb);
        close_known = true;
      }
      std::size_t next = FindOpen(body, "p", cb, &b);
      std::size_t end = std::min(close, next);
      if (end == std::string_view::npos) end = body.size();
      add(body.substr(cb, end - cb));
      pos = end == close && close != std::string_view::npos ? close + 4 : end;
    }
    return out;
  }
  // No <P>: a blank line or an indented line starts a paragraph.
  std::size_t start = 0, pos = 0;
  while (pos <= body.size()) {
    std::size_t nl = body.find('\n', pos);
    if (nl == std::string_view::npos) nl = body.size();
    std::string_view line = body.substr(pos, nl - pos);
    const bool blank = Trim(line).empty();
    const bool indented = !line.empty() && (line[0] == ' ' || line[0] == '\t');
    if ((blank || indented) && pos > start) {
      add(body.substr(start, pos - start));
      start = pos;
    }
    pos = nl + 1;
  }
  if (start < body.size()) add(body.substr(start));
  return out;
}

}  // namespace

bool LooksLikeSgmlNewswire(std::string_view head) {
  std::string_view t = Trim(head);
  if (t.size() < 5 || t[0] != '<' || Lower(t[1]) != 'd' || Lower(t[2]) != 'o' || Lower(t[3]) != 'c') return false;
  return t[4] == '>' || IsSpace(t[4]);
}

void ParseSgmlNewswire(std::string_view s, const std::string& path, const std::string& stem, IngestResult* result) {
  std::size_t pos = 0;
  std::size_t n = 0;
  while (true) {
    std::size_t cb = 0;
    std::size_t open = FindOpen(s, "doc", pos, &cb);
    if (open == std::string_view::npos) break;
    ++n;
    std::size_t close = FindNoCase(s, "</doc>", cb);
    std::string_view doc = s.substr(cb, (close == std::string_view::npos ? s.size() : close) - cb);
    pos = close == std::string_view::npos ? s.size() : close + 6;

    Article a;
    std::string_view v;
    if (Element(doc, "docno", &v)) a.id = Decode(v);
    if (a.id.empty()) {
      // TAC: <DOC id="AFP_ENG_20050101.0001" type="story">
      std::string_view tag = s.substr(open, cb - open);
      std::size_t at = FindNoCase(tag, "id=", 0);
      if (at != std::string_view::npos && at > 0 && IsSpace(tag[at - 1]) && at + 3 < tag.size()) {
        std::size_t b = at + 3;
        const char q = tag[b];
        if (q == '"' || q == '\'') {
          std::size_t e = tag.find(q, b + 1);
          if (e != std::string_view::npos) a.id = Decode(tag.substr(b + 1, e - b - 1));
        }
      }
    }
    if (a.id.empty()) a.id = stem + "-" + std::to_string(n);
    a.path = path + "#" + a.id;
    for (std::string_view name : {"headline", "hl", "title"}) {
      if (Element(doc, name, &v)) a.title = Decode(v);
      if (!a.title.empty()) break;
    }
    for (std::string_view name : {"date_time", "date", "dateline"}) {
      if (Element(doc, name, &v)) {
        if (auto iso = ParseDate(Decode(v))) { a.published = *iso; break; }
      }
    }
    std::string_view body;
    if (!Element(doc, "text", &body)) Element(doc, "body", &body);
    a.raw = Paragraphs(body);
    if (a.raw.empty()) {
      result->errors.push_back({a.path, "SGML document without text (no <TEXT> or <BODY> content)"});
      continue;
    }
    result->articles.push_back(std::move(a));
  }
}

}  // namespace parallax
