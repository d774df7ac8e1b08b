#include "clean/cleaner.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <unordered_set>

#include "core/parallel.h"
#include "text/dates.h"
#include "text/utf8.h"

namespace parallax {
namespace {

// ---------------------------------------------------------------- helpers

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t b = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

// Letters-only lower-case form of a word, for cue-word lookups.
std::string Bare(std::string_view w) {
  std::string out;
  for (char c : w) {
    if (AsciiAlpha(static_cast<unsigned char>(c))) out.push_back(AsciiLower(c));
  }
  return out;
}

constexpr std::array<std::string_view, 39> kElementNames = {
    "a", "abbr", "article", "aside", "b", "blockquote", "br", "button", "center", "cite", "code", "div",
    "em", "figcaption", "figure", "font", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "i", "iframe", "img", "li", "nav", "ol", "p", "section", "small", "span", "strong", "time",
    "ul"};
constexpr std::array<std::string_view, 14> kMoreElementNames = {
    "u", "sub", "sup", "q", "table", "tr", "td", "th", "label", "input", "picture", "source", "video", "audio"};

bool IsElementName(std::string_view n) {
  std::string l = Lower(n);
  return std::find(kElementNames.begin(), kElementNames.end(), l) != kElementNames.end() ||
         std::find(kMoreElementNames.begin(), kMoreElementNames.end(), l) != kMoreElementNames.end() ||
         l == "script" || l == "style" || l == "noscript" || l == "meta" || l == "link" || l == "svg";
}

// If s[i] starts a tag of a known element, returns its end (one past '>').
std::optional<std::size_t> TagAt(std::string_view s, std::size_t i, std::string* name, bool* closing) {
  if (s[i] != '<') return std::nullopt;
  std::size_t j = i + 1;
  *closing = j < s.size() && s[j] == '/';
  if (*closing) ++j;
  std::size_t nb = j;
  while (j < s.size() && std::isalnum(static_cast<unsigned char>(s[j]))) ++j;
  if (j == nb || j >= s.size()) return std::nullopt;
  if (s[j] != '>' && s[j] != ' ' && s[j] != '/' && s[j] != '\t' && s[j] != '\n') return std::nullopt;
  *name = Lower(s.substr(nb, j - nb));
  if (!IsElementName(*name)) return std::nullopt;
  std::size_t close = s.find('>', j);
  if (close == std::string_view::npos || close - i > 4096) return std::nullopt;
  return close + 1;
}

// Removes tags; script/style/noscript/svg content goes too. Returns the number
// of tags seen.
int StripTags(std::string_view s, std::string* out) {
  int tags = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '<') {
      std::string name;
      bool closing = false;
      if (auto end = TagAt(s, i, &name, &closing)) {
        ++tags;
        if (!closing && (name == "script" || name == "style" || name == "noscript" || name == "svg")) {
          std::string close_tag = "</" + name;
          std::string lower_rest = Lower(s.substr(*end));
          std::size_t c = lower_rest.find(close_tag);
          if (c == std::string::npos) { i = s.size(); break; }
          std::size_t gt = s.find('>', *end + c);
          i = gt == std::string_view::npos ? s.size() : gt + 1;
          continue;
        }
        // Block-level tags separate words.
        if (name != "a" && name != "b" && name != "i" && name != "em" && name != "strong" && name != "span" &&
            name != "u" && name != "small" && name != "abbr" && name != "cite" && name != "q" && name != "font" &&
            name != "sub" && name != "sup" && name != "time" && name != "code") {
          out->push_back(' ');
        }
        i = *end;
        continue;
      }
    }
    out->push_back(s[i++]);
  }
  return tags;
}

bool IsQuoteChar(std::string_view s) {
  return s == "\"" || s == "'" || s == "\xE2\x80\x9C" || s == "\xE2\x80\x9D" || s == "\xE2\x80\x98" ||
         s == "\xE2\x80\x99" || s == "\xC2\xAB" || s == "\xC2\xBB";
}

// The line without trailing quotation marks, brackets and spaces.
std::string_view StripTrailingQuotes(std::string_view s) {
  for (;;) {
    while (!s.empty() && (s.back() == ' ' || s.back() == ')' )) {
      if (s.back() == ')') break;
      s.remove_suffix(1);
    }
    if (s.empty()) return s;
    if (s.back() == '"' || s.back() == '\'') { s.remove_suffix(1); continue; }
    if (s.size() >= 3 && IsQuoteChar(s.substr(s.size() - 3))) { s.remove_suffix(3); continue; }
    if (s.size() >= 2 && IsQuoteChar(s.substr(s.size() - 2))) { s.remove_suffix(2); continue; }
    return s;
  }
}

bool EndsLikeSentence(std::string_view line) {
  std::string_view s = StripTrailingQuotes(line);
  if (s.empty()) return false;
  char c = s.back();
  if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';') return true;
  if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE2\x80\xA6") return true;  // ellipsis
  return false;
}

bool HasUrl(std::string_view line) {
  std::string l = Lower(line);
  if (l.find("http://") != std::string::npos || l.find("https://") != std::string::npos ||
      l.find("www.") != std::string::npos || l.find("pic.twitter.com") != std::string::npos) {
    return true;
  }
  // Short-link shapes such as "t.co/AbC" or "bit.ly/x": a dotted host then a
  // slash and a path, inside one word.
  for (std::string_view w : SplitWords(line)) {
    std::size_t dot = w.find('.');
    std::size_t slash = w.find('/');
    if (dot != std::string_view::npos && slash != std::string_view::npos && dot > 0 && slash > dot + 1 &&
        slash + 1 < w.size() && std::isalpha(static_cast<unsigned char>(w[dot + 1]))) {
      return true;
    }
  }
  return false;
}

int CountHashtags(std::string_view line) {
  int n = 0;
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    if (line[i] == '#' && std::isalpha(static_cast<unsigned char>(line[i + 1]))) ++n;
  }
  return n;
}

bool HasHandle(std::string_view line) {
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    if (line[i] == '@' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '(') &&
        (std::isalnum(static_cast<unsigned char>(line[i + 1])) || line[i + 1] == '_')) {
      return true;
    }
  }
  return false;
}

// An e-mail address: name@host.tld inside one word.
bool HasEmail(std::string_view line) {
  for (std::string_view w : SplitWords(line)) {
    const std::size_t at = w.find('@');
    if (at == std::string_view::npos || at == 0) continue;
    const std::size_t dot = w.find('.', at + 2);
    if (dot != std::string_view::npos && dot + 1 < w.size() && std::isalpha(static_cast<unsigned char>(w[dot + 1]))) {
      return true;
    }
  }
  return false;
}

bool StartsWithDash(std::string_view line) {
  return StartsWith(line, "\xE2\x80\x94") || StartsWith(line, "\xE2\x80\x93") || StartsWith(line, "- ") ||
         StartsWith(line, "--");
}

bool EndsWithDate(std::string_view line) {
  std::vector<std::string_view> w = SplitWords(line);
  if (w.size() < 3) return false;
  auto digits = [](std::string_view x) {
    std::string b;
    for (char c : x) if (std::isdigit(static_cast<unsigned char>(c))) b.push_back(c);
    return b;
  };
  std::string y = digits(w.back());
  std::string d = digits(w[w.size() - 2]);
  return y.size() == 4 && !d.empty() && d.size() <= 2 && MonthFromName(Bare(w[w.size() - 3])) != 0;
}

bool IsAllCapsWord(std::string_view w) {
  int letters = 0;
  for (char c : w) {
    if (std::islower(static_cast<unsigned char>(c))) return false;
    if (std::isupper(static_cast<unsigned char>(c))) ++letters;
  }
  return letters >= 2;
}

bool IsCapitalised(std::string_view w) {
  for (char c : w) {
    if (std::isalpha(static_cast<unsigned char>(c))) return std::isupper(static_cast<unsigned char>(c));
    if (static_cast<unsigned char>(c) >= 0x80) return true;  // accented capitals etc.
  }
  return false;
}

// True if `s` holds a letter (of any script): "[Getty]" does, the elision
// marks "[…]" and "[...]" do not.
bool HasLetter(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = DecodeUtf8(s, &i);
    if (cp < 0x80 ? std::isalpha(static_cast<int>(cp)) != 0
                  : !(cp <= 0xBF || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F))) {
      return true;
    }
  }
  return false;
}

// True if `marker` occurs in `l` as a word of its own ("(c)" in "Smith (C)
// and ...", not in "501(c)(3)").
bool HasMarkerWord(std::string_view l, std::string_view marker) {
  for (std::size_t p = l.find(marker); p != std::string_view::npos; p = l.find(marker, p + 1)) {
    if (p == 0 || l[p - 1] == ' ') return true;
  }
  return false;
}

// A photo credit or position marker: "[Getty]", "(Photo: A. Name/Agency)",
// "... in 2015. AGENCY", "(L)", "(R)".
bool LooksLikeCaption(std::string_view line, const std::vector<std::string_view>& words) {
  if (words.empty()) return false;
  std::string l = Lower(line);
  for (std::string_view marker : {"(l)", "(r)", "(c)", "(l-r)", "(left)", "(right)", "(centre)", "(center)",
                                  "(pictured)", "(file photo)", "(file)"}) {
    if (HasMarkerWord(l, marker) && words.size() <= 60) return true;
  }
  for (std::string_view cue : {"photo:", "image:", "picture:", "pictured:", "photograph:", "file photo", "photo credit",
                               "image credit", "credit:", "photo by", "photograph by", "image caption"}) {
    if (StartsWith(l, cue)) return true;
    if (cue.back() == ':' && l.find(std::string("(") + std::string(cue)) != std::string::npos) return true;
  }
  // Ends with a bracketed credit of a few capitalised words.
  char last = line.empty() ? ' ' : line.back();
  if (last == ']' || last == ')') {
    char open = last == ']' ? '[' : '(';
    std::size_t b = line.rfind(open);
    if (b != std::string_view::npos && b > 0) {
      std::string_view inner = line.substr(b + 1, line.size() - b - 2);
      std::vector<std::string_view> iw = SplitWords(inner);
      bool caps = !iw.empty() && iw.size() <= 5 && HasLetter(inner);
      for (std::string_view w : iw) caps = caps && (IsCapitalised(w) || w == "/" || w == "via");
      if (caps && (last == ']' || l.find("photo") != std::string::npos || l.find("image") != std::string::npos ||
                   iw.size() == 1)) {
        // "(Reuters)" after prose that ends with a period is a dateline-ish
        // credit; a caption does not end its sentence before the bracket.
        std::string_view before = line.substr(0, b);
        while (!before.empty() && before.back() == ' ') before.remove_suffix(1);
        if (!before.empty() && before.back() != '.') return true;
        if (last == ']') return true;
      }
    }
  }
  // "... November 26, 2015. REUTERS/Name": an all-caps credit after the last period.
  std::size_t dot = line.rfind(". ");
  if (dot != std::string_view::npos) {
    std::vector<std::string_view> tail = SplitWords(line.substr(dot + 2));
    // The credit is bare capitals ("REUTERS", "AP Photo"), not a bracketed
    // code such as a wire slug "(NRFD 1428)".
    if (!tail.empty() && tail.size() <= 3 && std::isalpha(static_cast<unsigned char>(tail[0][0])) &&
        IsAllCapsWord(tail[0]) && !EndsLikeSentence(line)) {
      return true;
    }
  }
  return false;
}

bool IsDurationEnd(std::string_view line) {
  // "... 01:28" or "... 1:02:03"
  std::size_t sp = line.rfind(' ');
  std::string_view last = sp == std::string_view::npos ? line : line.substr(sp + 1);
  if (last.size() < 4 || last.size() > 8) return false;
  int colons = 0;
  for (char c : last) {
    if (c == ':') ++colons;
    else if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return colons >= 1 && colons <= 2 && last.back() != ':';
}

// Mostly date, time and "updated"/"read" words: "13 October, 2016",
// "Updated 14:32 GMT", "3 min read", "2 hours ago".
bool LooksLikeTimestamp(const std::vector<std::string_view>& words) {
  if (words.empty() || words.size() > 10) return false;
  static const std::unordered_set<std::string> kTimeWords = {
      "updated", "published", "posted", "last", "am", "pm", "gmt", "utc", "bst", "cet", "cest", "est", "edt", "et",
      "pt", "pst", "pdt", "min", "mins", "minute", "minutes", "read", "hour", "hours", "ago", "on", "at", "sec",
      "seconds", "day", "days", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
      "mon", "tue", "wed", "thu", "fri", "sat", "sun", "th", "st", "nd", "rd", "of", "modified", "first", "date",
      "time", "video", "duration", "length", "ist", "jst", "aest", "hkt", "sgt", "msk"};
  int timeish = 0, has_digit = 0;
  for (std::string_view w : words) {
    std::string b = Bare(w);
    bool digit = std::any_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    if (digit) has_digit = 1;
    if (digit || MonthFromName(b) != 0 || kTimeWords.count(b) > 0 || b.empty()) ++timeish;
  }
  // Bare numbers (a table cell, a score) are not timestamps: some word
  // must name a month, a day or a unit of time, or a number must look like
  // a clock time or a date.
  bool marker = false;
  for (std::string_view w : words) {
    std::string b = Bare(w);
    if ((!b.empty() && (MonthFromName(b) != 0 || kTimeWords.count(b))) || w.find(':') != std::string_view::npos ||
        std::count(w.begin(), w.end(), '-') == 2 || std::count(w.begin(), w.end(), '/') == 2) {
      marker = true;
    }
  }
  return marker && has_digit && timeish * 10 >= static_cast<int>(words.size()) * 8;
}

bool ContainsAnyWord(const std::vector<std::string_view>& words, const std::unordered_set<std::string>& cues) {
  for (std::string_view w : words) {
    if (cues.count(Bare(w))) return true;
  }
  return false;
}

// Glued widget labels ("Share this storyPrint") hide cue words inside
// tokens; a substring check on the lower-cased line finds them.
bool ContainsAnySubstring(std::string_view lower_line, std::initializer_list<std::string_view> cues) {
  for (std::string_view c : cues) {
    if (lower_line.find(c) != std::string_view::npos) return true;
  }
  return false;
}

const std::unordered_set<std::string>& ShareCues() {
  static const std::unordered_set<std::string> k = {
      "share", "shares", "shared", "sharing", "tweet", "facebook", "twitter", "whatsapp", "linkedin", "email",
      "mail", "print", "copy", "copied", "clipboard", "embed", "comments", "comment", "pinterest", "reddit",
      "telegram", "messenger", "bookmark", "save", "flipboard", "permalink", "link", "sms", "x"};
  return k;
}

const std::unordered_set<std::string>& PromptCues() {
  static const std::unordered_set<std::string> k = {
      "app", "apps", "download", "notifications", "notification", "newsletter", "newsletters", "subscribe",
      "subscription", "subscribers", "subscriber", "signup", "inbox", "alerts", "browser", "podcast", "premium",
      "login", "register", "registration", "paywall", "unlimited", "ios", "android"};
  return k;
}

const std::unordered_set<std::string>& ImperativeStarts() {
  static const std::unordered_set<std::string> k = {
      "get", "sign", "subscribe", "download", "open", "view", "watch", "follow", "join", "enable", "turn",
      "install", "try", "click", "tap", "listen", "register", "create", "allow", "continue", "read", "see",
      "start", "stay", "never", "be", "don", "support", "learn", "discover", "explore", "find", "log"};
  return k;
}

bool IsRelatedCue(std::string_view lower) {
  static constexpr std::array<std::string_view, 26> kCues = {
      "read more", "related", "see also", "more:", "you might also like", "you may also like", "recommended",
      "more from", "more on this", "more stories", "most read", "most popular", "most viewed", "trending",
      "also read", "further reading", "read also", "read next", "up next", "watch:", "read:", "listen:",
      "more about", "top stories", "latest news", "editor's picks"};
  for (std::string_view c : kCues) {
    if (StartsWith(lower, c)) return true;
  }
  return false;
}

bool IsAdvert(std::string_view lower) {
  std::string s;
  for (char c : lower) if (std::isalpha(static_cast<unsigned char>(c)) || c == ' ') s.push_back(c);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  static const std::unordered_set<std::string> k = {
      "advertisement", "advertising", "advert", "ad", "ads", "sponsored", "sponsored content", "promoted",
      "paid content", "paid post", "partner content", "story continues below advertisement",
      "article continues below advertisement", "continue reading below", "scroll to continue with content",
      "skip advert", "advertisement continue reading below", "content continues below"};
  return k.count(s) > 0;
}

std::string NormalizeForRepeat(std::string_view line) {
  std::string out;
  for (char c : line) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) out.push_back(static_cast<char>(std::tolower(u)));
    else if (!out.empty() && out.back() != ' ') out.push_back(' ');
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

struct Line {
  std::string text;        // cleaned
  int tags = 0;            // HTML tags seen in the raw line
  std::vector<std::string_view> words;
  std::string reason;      // empty = kept
  bool prose = false;
};

constexpr std::size_t kShortLineWords = 12;
constexpr std::size_t kMaxRepeatWords = 20;
// Words from which the only paragraph of a text is kept though it looks like
// a caption or a prompt (CleanArticle).
constexpr std::size_t kMinSoleParagraphWords = 8;

// Text wrapped at a fixed width (wire copy, e-mail, old archives) has one
// paragraph spread over many lines. Judged per article: most lines sit
// just under one width and few are longer. Lines are then joined unless a
// paragraph visibly ends (blank line, indentation, or a sentence end well
// short of the width).
std::string UnwrapHardLines(const std::string& raw) {
  std::vector<std::string_view> lines;
  std::size_t i = 0;
  while (i <= raw.size()) {
    std::size_t nl = raw.find('\n', i);
    if (nl == std::string::npos) nl = raw.size();
    std::string_view l = std::string_view(raw).substr(i, nl - i);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    lines.push_back(l);
    i = nl + 1;
  }
  std::vector<std::size_t> lengths;
  for (std::string_view l : lines) {
    std::size_t n = l.size();
    while (n > 0 && l[n - 1] == ' ') --n;
    if (n > 0) lengths.push_back(n);
  }
  if (lengths.size() < 6) return raw;
  std::vector<std::size_t> sorted = lengths;
  std::sort(sorted.begin(), sorted.end());
  const std::size_t width = sorted[sorted.size() * 9 / 10];
  if (width < 40 || width > 100 || sorted.back() > width + 20) return raw;
  std::size_t near_width = 0;
  for (std::size_t n : lengths) near_width += n * 2 >= width;
  if (near_width * 10 < lengths.size() * 7) return raw;

  auto trimmed = [](std::string_view l) {
    while (!l.empty() && (l.back() == ' ' || l.back() == '\t')) l.remove_suffix(1);
    return l;
  };
  std::string out;
  bool open_paragraph = false;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    std::string_view l = trimmed(lines[k]);
    if (l.empty()) {
      out += "\n";
      open_paragraph = false;
      continue;
    }
    const bool indented = l.front() == ' ' || l.front() == '\t';
    std::string_view content = l;
    while (!content.empty() && (content.front() == ' ' || content.front() == '\t')) content.remove_prefix(1);
    if (open_paragraph && !indented) {
      out += ' ';
    } else if (!out.empty() && out.back() != '\n') {
      out += '\n';
    }
    out.append(content);
    // A line that ends a sentence well short of the width ends its paragraph.
    const bool ends = EndsLikeSentence(content) && l.size() * 4 < width * 3;
    open_paragraph = !ends;
  }
  return out;
}

}  // namespace

std::string CleanInline(std::string_view line) {
  std::string stripped;
  StripTags(line, &stripped);
  std::string decoded = DecodeHtmlEntities(stripped);
  std::string ws = NormalizeWhitespace(decoded);
  // Line breaks inside one block become spaces.
  for (char& c : ws) if (c == '\n') c = ' ';
  std::string collapsed;
  for (char c : ws) {
    if (c == ' ' && (collapsed.empty() || collapsed.back() == ' ')) continue;
    collapsed.push_back(c);
  }
  while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
  return NormalizeNfc(collapsed);
}

void BoilerplateIndex::Add(const Article& article) {
  std::unordered_set<std::string> seen;
  std::string_view raw = article.raw;
  std::size_t i = 0;
  while (i < raw.size()) {
    std::size_t nl = raw.find('\n', i);
    if (nl == std::string_view::npos) nl = raw.size();
    std::string_view line = raw.substr(i, nl - i);
    i = nl + 1;
    if (line.size() > 300) continue;
    std::string norm = NormalizeForRepeat(line);
    if (norm.empty() || SplitWords(norm).size() > kMaxRepeatWords) continue;
    if (seen.insert(norm).second) ++counts_[norm];
  }
}

int BoilerplateIndex::ArticlesWith(std::string_view line) const {
  auto it = counts_.find(NormalizeForRepeat(line));
  return it == counts_.end() ? 0 : it->second;
}

void CleanArticle(Article* a, const BoilerplateIndex* corpus, const CleanOptions& options) {
  a->text.clear();
  // What ingest listed as left out of an HTML page ("page: ...") stays.
  std::erase_if(a->removed, [](const RemovedBlock& r) { return r.reason.rfind("page: ", 0) != 0; });
  // Script and style elements can span lines: take them out first.
  std::string raw;
  {
    std::string_view r = a->raw;
    std::string lower = Lower(r);
    std::size_t i = 0;
    while (i < r.size()) {
      std::size_t s1 = lower.find("<script", i), s2 = lower.find("<style", i);
      std::size_t s = std::min(s1, s2);
      if (s == std::string::npos) { raw.append(r.substr(i)); break; }
      std::string name = s == s1 ? "script" : "style";
      raw.append(r.substr(i, s - i));
      std::size_t close = lower.find("</" + name, s);
      std::size_t end = close == std::string::npos ? r.size() : std::min(r.size(), lower.find('>', close) + 1);
      if (close != std::string::npos && lower.find('>', close) == std::string::npos) end = r.size();
      a->removed.push_back({std::string(r.substr(s, std::min<std::size_t>(end - s, 2000))), name + " element (code, not text)", 0});
      i = end;
    }
  }

  raw = UnwrapHardLines(raw);
  std::vector<Line> lines;
  {
    std::size_t i = 0;
    while (i < raw.size()) {
      std::size_t nl = raw.find('\n', i);
      if (nl == std::string::npos) nl = raw.size();
      std::string_view rl = std::string_view(raw).substr(i, nl - i);
      i = nl + 1;
      Line ln;
      std::string stripped;
      ln.tags = StripTags(rl, &stripped);
      ln.text = CleanInline(rl);
      if (ln.text.empty()) continue;
      lines.push_back(std::move(ln));
    }
  }
  for (Line& ln : lines) ln.words = SplitWords(ln.text);

  // Pass 1: evidence that does not depend on position.
  std::unordered_set<std::string> seen_lines;
  bool in_related = false;
  for (Line& ln : lines) {
    const std::string& t = ln.text;
    const std::string lower = Lower(t);
    const auto& w = ln.words;
    const std::size_t n = w.size();
    const bool sentence = EndsLikeSentence(t);
    const bool long_prose = n >= 20 || (sentence && n >= 5);
    const int hashtags = CountHashtags(t);
    const bool url = HasUrl(t);

    if (in_related) {
      // Headlines may end with "?" or "!", rarely with a period.
      const bool headline_end = !sentence || ((t.back() == '?' || t.back() == '!') && n <= kShortLineWords);
      const bool widget = ContainsAnyWord(w, ShareCues()) || ContainsAnyWord(w, PromptCues());
      if (headline_end && n <= kShortLineWords + 4 && !url && !widget) {
        ln.reason = "related-article headline";
        continue;
      }
      in_related = false;
    }
    if ((ln.tags >= 2 && (url || HasHandle(t))) ||
        (StartsWithDash(t) && (HasHandle(t) || t.find('(') != std::string::npos) && EndsWithDate(t))) {
      ln.reason = "embedded social post";
    } else if (url && (n <= 30 || ln.tags > 0)) {
      ln.reason = "link or embedded post (URL)";
    } else if (hashtags > 0 && lower.find("hashtag") == std::string::npos &&
               (hashtags >= 2 || t[0] == '#' || n <= 12)) {
      ln.reason = "embedded social post (hashtags)";
    } else if (n == 1 && (lower.ends_with(".jpg") || lower.ends_with(".jpeg") || lower.ends_with(".png") ||
                          lower.ends_with(".gif") || lower.ends_with(".webp"))) {
      ln.reason = "image file name";
    } else if (n <= 15 && IsDurationEnd(t)) {
      ln.reason = "video caption";
    } else if (IsAdvert(lower)) {
      ln.reason = "advertisement";
    } else if (IsRelatedCue(lower) && n <= 15) {
      ln.reason = "related-articles link";
      in_related = !sentence || lower.find(':') == lower.size() - 1;
      if (lower.find(':') != std::string::npos && lower.find(':') + 1 < lower.size()) in_related = false;
    } else if (n <= 10 && !sentence &&
               (ContainsAnyWord(w, ShareCues()) ||
                ContainsAnySubstring(lower, {"share this", "copy link", "clipboard", "embed"}))) {
      ln.reason = "share or social widget";
    } else if (n <= 15 && ContainsAnySubstring(lower, {"requires javascript", "enable javascript", "javascript is disabled",
                                                        "javascript enabled", "turn on javascript"})) {
      ln.reason = "script notice (the page needs JavaScript)";
    } else if (n <= 25 && (ContainsAnyWord(w, PromptCues()) ||
                           ContainsAnySubstring(lower, {"sign up", "log in", "open in", "click here"})) &&
               (!sentence || ImperativeStarts().count(Bare(w[0])) > 0 || n <= 6)) {
      ln.reason = "app or newsletter prompt";
    } else if (LooksLikeTimestamp(w)) {
      ln.reason = "timestamp or reading time";
      if (!a->published) {
        if (auto d = ParseDate(t)) a->published = *d;
      }
    } else if (n <= 60 && LooksLikeCaption(t, w)) {
      ln.reason = "image caption or credit";
    } else if (n <= 40 && HasEmail(t) &&
               ContainsAnySubstring(lower, {"reach", "contact", "e-mail", "email", "tip?", "tips", "write to", "follow"})) {
      // "Have a tip? Amy Kuperinsky may be reached at ak@example.com.
      // Follow her on Twitter": how to contact the reporter.
      ln.reason = "newsroom contact line";
    } else if (n <= 6 && (StartsWith(lower, "by ") || StartsWith(lower, "words by")) && !sentence) {
      ln.reason = "byline";
    } else if (n <= 8 && (StartsWith(lower, "copyright") || StartsWith(t, "\xC2\xA9") || lower == "all rights reserved")) {
      ln.reason = "copyright notice";
    } else if (n >= 2 && n <= 30 && !seen_lines.insert(NormalizeForRepeat(t)).second) {
      // (Single tokens - a table cell, a score - legitimately repeat.)
      ln.reason = "repeated line";
    } else if (corpus != nullptr && n <= kMaxRepeatWords && !long_prose &&
               corpus->ArticlesWith(t) >= options.repeated_line_min_articles) {
      ln.reason = "boilerplate repeated across articles";
    }
    ln.prose = ln.reason.empty() && long_prose;
  }

  // Pass 2: position. Short non-sentence lines before the first prose line
  // are page header, after the last one page footer, in between headings,
  // labels or captions.
  std::size_t first_prose = lines.size(), last_prose = 0;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    if (lines[k].prose) {
      first_prose = std::min(first_prose, k);
      last_prose = k;
    }
  }
  std::string header_title;
  std::size_t title_words = 0;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    Line& ln = lines[k];
    if (!ln.reason.empty() || ln.prose) continue;
    const std::size_t n = ln.words.size();
    const bool sentence = EndsLikeSentence(ln.text);
    const bool bullet = StartsWith(ln.text, "- ") || StartsWith(ln.text, "\xE2\x80\xA2") || StartsWith(ln.text, "* ");
    if (first_prose == lines.size()) break;  // no prose at all: keep everything
    if (a->from_html) break;                  // the DOM already placed the article
    if (k < first_prose) {
      if (!sentence && n <= kShortLineWords + 6) {
        ln.reason = "page header (headline, label)";
        if (n >= 3 && n > title_words) {
          title_words = n;
          header_title = ln.text;
        }
      }
    } else if (k > last_prose) {
      if (!sentence || n <= 6) ln.reason = "page furniture after the article";
    } else if (!sentence && n <= kShortLineWords && !(bullet && n >= 5)) {
      ln.reason = "section heading or caption (not a sentence)";
    }
  }
  if (a->title.empty() && !header_title.empty()) a->title = header_title;
  // Short notices (a dividend line, a price table) have no prose at all;
  // rather than empty the article, keep what was judged only by shape,
  // position or repetition. Links, widgets, prompts and ads still go.
  // A text of one paragraph (a feed item's description) is the article
  // unless it is clearly boilerplate: a caption-like shape or a cue word
  // ("app", "newsletter", "podcast") is not enough there; a link, an ad, a
  // widget, or a short or imperative prompt ("Download our app ...") is.
  if (std::none_of(lines.begin(), lines.end(), [](const Line& ln) { return ln.reason.empty(); })) {
    const bool single = lines.size() == 1;
    for (Line& ln : lines) {
      if (ln.reason == "boilerplate repeated across articles" || ln.reason == "page header (headline, label)" ||
          ln.reason == "page furniture after the article" || ln.reason == "section heading or caption (not a sentence)" ||
          ln.reason == "timestamp or reading time" || ln.reason == "repeated line") {
        ln.reason.clear();
      } else if (single && ln.words.size() >= kMinSoleParagraphWords &&
                 (ln.reason == "image caption or credit" ||
                  (ln.reason == "app or newsletter prompt" && ImperativeStarts().count(Bare(ln.words[0])) == 0))) {
        ln.reason.clear();
      }
    }
  }

  for (Line& ln : lines) {
    if (!ln.reason.empty()) {
      a->removed.push_back({ln.text, ln.reason, static_cast<std::uint32_t>(a->text.size())});
      continue;
    }
    if (!a->text.empty()) a->text += "\n\n";
    a->text += ln.text;
  }
  if (a->title.empty()) {
    // First sentence-ish of the text, cut at a word boundary.
    std::string_view t = a->text;
    std::size_t end = std::min<std::size_t>(t.find('\n'), t.size());
    std::string_view first = t.substr(0, end);
    if (first.size() > 110) {
      std::size_t sp = first.rfind(' ', 100);
      first = first.substr(0, sp == std::string_view::npos ? Utf8Floor(first, 100) : sp);
      a->title = std::string(first) + "\xE2\x80\xA6";
    } else {
      a->title = std::string(first);
    }
  } else {
    a->title = CleanInline(a->title);
  }
}

void CleanCorpus(std::vector<Article>* articles, const CleanOptions& options, unsigned threads) {
  BoilerplateIndex index;
  for (const Article& a : *articles) index.Add(a);
  ParallelFor(articles->size(), threads, [&](std::size_t i) { CleanArticle(&(*articles)[i], &index, options); });
}

}  // namespace parallax
