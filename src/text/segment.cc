#include "text/segment.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>

#include "text/utf8.h"
#include "text/words.h"

namespace parallax {
namespace {

// A per-thread prototype iterator; creating one from the rules is costly.
std::unique_ptr<icu::BreakIterator> MakeSentenceIterator() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(
      icu::BreakIterator::createSentenceInstance(icu::Locale("en", "US", "", "ss=standard"), status));
  if (U_FAILURE(status)) {
    status = U_ZERO_ERROR;
    it.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getEnglish(), status));
  }
  return U_SUCCESS(status) ? std::move(it) : nullptr;
}

std::unique_ptr<icu::BreakIterator> MakeWordIterator() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createWordInstance(icu::Locale::getEnglish(), status));
  return U_SUCCESS(status) ? std::move(it) : nullptr;
}

icu::BreakIterator* ThreadSentenceIterator() {
  thread_local std::unique_ptr<icu::BreakIterator> it = MakeSentenceIterator();
  return it.get();
}
icu::BreakIterator* ThreadWordIterator() {
  thread_local std::unique_ptr<icu::BreakIterator> it = MakeWordIterator();
  return it.get();
}

bool IsAsciiSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

Span Trim(std::string_view text, std::size_t b, std::size_t e) {
  while (b < e && IsAsciiSpace(text[b])) ++b;
  while (e > b && IsAsciiSpace(text[e - 1])) --e;
  return Span{static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e)};
}

// Abbreviations after which a period rarely ends an English news sentence.
// Lower-cased, without the final period.
constexpr std::array<std::string_view, 59> kAbbreviations = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "lt", "col", "maj", "capt", "sgt",
    "cmdr", "adm", "gov", "sen", "rep", "del", "rev", "hon", "pres", "supt", "insp", "det", "cpl", "pvt",
    "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec",
    "no", "nos", "vs", "v", "etc", "inc", "corp", "co", "ltd", "plc", "bros", "dept", "univ",
    "approx", "est", "fig", "vol", "op", "mt", "ft", "ave"};

// The word (letters and dots) that ends just before position `end` (which
// points just past a period).
std::string_view WordBefore(std::string_view text, std::size_t end) {
  std::size_t b = end;
  while (b > 0) {
    unsigned char c = static_cast<unsigned char>(text[b - 1]);
    if (std::isalpha(c) || c == '.' || c >= 0x80) --b; else break;
  }
  return text.substr(b, end - b);
}

bool IsLowerStart(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = i;
    char32_t cp = DecodeUtf8(s, &j);
    if (u_isalpha(cp)) return u_islower(cp);
    if (u_isdigit(cp)) return false;
    i = j;
    if (i > 8) return false;
  }
  return false;
}

// Should the break between `prev` (ending at a sentence boundary) and the
// text that follows be undone?
bool ShouldJoin(std::string_view text, std::size_t prev_begin, std::size_t boundary, std::size_t next_begin,
                std::size_t next_end) {
  std::string_view prev = text.substr(prev_begin, boundary - prev_begin);
  while (!prev.empty() && IsAsciiSpace(prev.back())) prev.remove_suffix(1);
  if (prev.empty()) return false;
  std::string_view next = text.substr(next_begin, next_end - next_begin);
  if (prev.back() == '.') {
    std::string_view w = WordBefore(prev, prev.size() - 1);
    std::string lw;
    for (char c : w) lw.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    // Initials and dotted acronyms: "J.", "U.S.", "U.N."
    if (w.size() == 1 && std::isupper(static_cast<unsigned char>(w[0]))) return true;
    if (w.find('.') != std::string_view::npos && w.size() <= 6) {
      // "U.S." followed by a capitalised word may still end a sentence; keep
      // it joined only when the next word is not a typical sentence opener.
      if (IsLowerStart(next)) return true;
      bool all_short = true;
      std::size_t seg = 0;
      for (char c : w) { if (c == '.') { if (seg > 1) all_short = false; seg = 0; } else ++seg; }
      if (seg > 1) all_short = false;
      if (all_short && !next.empty()) {
        // Heuristic: an acronym is followed by a noun in the same sentence
        // far more often than it ends one ("U.N. Security Council").
        std::size_t sp = next.find(' ');
        std::string_view first = next.substr(0, sp);
        static constexpr std::array<std::string_view, 12> kOpeners = {
            "The", "He", "She", "It", "They", "We", "I", "But", "In", "A", "This", "On"};
        if (std::find(kOpeners.begin(), kOpeners.end(), first) == kOpeners.end()) return true;
      }
    }
    if (std::find(kAbbreviations.begin(), kAbbreviations.end(), lw) != kAbbreviations.end()) {
      // "Oct. 19", "Mr. Smith", "No. 10": join unless the abbreviation could
      // end a sentence ("... Inc. The company ...").
      if (lw == "inc" || lw == "corp" || lw == "co" || lw == "ltd" || lw == "plc" || lw == "etc" || lw == "jr" || lw == "sr") {
        return IsLowerStart(next);
      }
      return true;
    }
  }
  if (IsLowerStart(next)) return true;
  return false;
}

// Quotation state over one paragraph, queried at increasing positions, so a
// whole paragraph costs one pass: is the quote that opened before `pos`
// still open, and does it close later in the same paragraph?
class QuoteTracker {
 public:
  explicit QuoteTracker(std::string_view para) : para_(para) {}

  bool InsideClosingQuote(std::size_t pos) {
    // Count quotation marks up to pos: curly marks carry a direction,
    // straight ones toggle.
    while (depth_pos_ < pos && depth_pos_ < para_.size()) {
      std::size_t j = depth_pos_;
      char32_t cp = DecodeUtf8(para_, &j);
      if (cp == 0x201C || cp == 0xAB) depth_ = 1;
      else if (cp == 0x201D || cp == 0xBB) depth_ = 0;
      else if (cp == '"') depth_ = depth_ ? 0 : 1;
      depth_pos_ = j;
    }
    if (!depth_) return false;
    // It must close later in the paragraph; otherwise the quote runs on to
    // the next paragraph and sentences inside it are still sentences. The
    // first quotation mark at or after pos decides.
    if (mark_pos_ == kUnknown || mark_pos_ < pos) {
      std::size_t i = std::max(pos, scan_pos_);
      mark_pos_ = para_.size();
      while (i < para_.size()) {
        std::size_t j = i;
        char32_t cp = DecodeUtf8(para_, &j);
        if (cp == 0x201D || cp == 0xBB || cp == '"' || cp == 0x201C) { mark_pos_ = i; mark_cp_ = cp; break; }
        i = j;
      }
      scan_pos_ = mark_pos_;  // nothing before the mark is a quotation mark
    }
    return mark_pos_ < para_.size() && mark_cp_ != 0x201C;
  }

 private:
  static constexpr std::size_t kUnknown = static_cast<std::size_t>(-1);
  std::string_view para_;
  int depth_ = 0;
  std::size_t depth_pos_ = 0;
  std::size_t mark_pos_ = kUnknown;  // first quotation mark at or after the last query
  char32_t mark_cp_ = 0;
  std::size_t scan_pos_ = 0;  // the scan for marks never restarts before here
};

}  // namespace

std::vector<Span> SplitParagraphs(std::string_view text) {
  std::vector<Span> out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t nl = text.find('\n', i);
    if (nl == std::string_view::npos) nl = text.size();
    Span s = Trim(text, i, nl);
    if (s.size() > 0) out.push_back(s);
    i = nl + 1;
  }
  return out;
}

std::vector<Span> SplitSentences(std::string_view text) {
  std::vector<Span> out;
  icu::BreakIterator* proto = ThreadSentenceIterator();
  for (Span para : SplitParagraphs(text)) {
    std::string_view p = text.substr(para.begin, para.size());
    std::vector<std::size_t> bounds;  // break offsets within p
    if (proto != nullptr) {
      UErrorCode status = U_ZERO_ERROR;
      UText* ut = utext_openUTF8(nullptr, p.data(), static_cast<int64_t>(p.size()), &status);
      if (U_SUCCESS(status)) {
        proto->setText(ut, status);
        if (U_SUCCESS(status)) {
          for (int32_t b = proto->next(); b != icu::BreakIterator::DONE; b = proto->next()) {
            bounds.push_back(static_cast<std::size_t>(b));
          }
        }
        utext_close(ut);
      }
    }
    // ICU does not break before an opening quotation mark that follows a
    // capitalised word and a period ("... told RT. \"France should ...");
    // add those candidates and let the checks below judge them.
    for (std::size_t i = 2; i + 2 < p.size(); ++i) {
      if (p[i] != ' ' || (p[i - 1] != '.' && p[i - 1] != '!' && p[i - 1] != '?')) continue;
      std::size_t j = i + 1;
      char32_t q = DecodeUtf8(p, &j);
      if (q != '"' && q != 0x201C && q != 0xAB) continue;
      if (j >= p.size()) continue;
      std::size_t k = j;
      char32_t next = DecodeUtf8(p, &k);
      if (!u_isupper(next)) continue;
      bounds.push_back(i + 1);
    }
    // A sentence end with the space lost in extraction ("last week.The
    // union said"): a period (or ! ?) after two lower-case letters and
    // before a capitalised word. Not inside a token that holds a dot, a
    // slash, an @ or a colon before it (a host name, a path, an address).
    for (std::size_t i = 2; i + 2 < p.size(); ++i) {
      if (p[i] != '.' && p[i] != '!' && p[i] != '?') continue;
      if (!std::islower(static_cast<unsigned char>(p[i - 1])) || !std::islower(static_cast<unsigned char>(p[i - 2]))) continue;
      if (!std::isupper(static_cast<unsigned char>(p[i + 1])) || !std::islower(static_cast<unsigned char>(p[i + 2]))) continue;
      std::size_t w = i - 2;
      while (w > 0 && std::isalpha(static_cast<unsigned char>(p[w - 1]))) --w;
      const char before = w > 0 ? p[w - 1] : ' ';
      if (before == '.' || before == '/' || before == '@' || before == ':' || before == '-' || before == '_') continue;
      bounds.push_back(i + 1);
    }
    std::sort(bounds.begin(), bounds.end());
    bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
    if (bounds.empty() || bounds.back() != p.size()) bounds.push_back(p.size());
    std::size_t start = 0;
    QuoteTracker quotes(p);
    for (std::size_t k = 0; k < bounds.size(); ++k) {
      std::size_t b = bounds[k];
      if (b < p.size()) {
        std::size_t next_end = k + 1 < bounds.size() ? bounds[k + 1] : p.size();
        std::size_t nb = b;
        while (nb < p.size() && IsAsciiSpace(p[nb])) ++nb;
        if (ShouldJoin(p, start, b, nb, next_end) || quotes.InsideClosingQuote(b)) continue;
      }
      Span s = Trim(p, start, b);
      if (s.size() > 0) out.push_back(Span{s.begin + para.begin, s.end + para.begin});
      start = b;
    }
  }
  return out;
}

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> out;
  TokenizeFast(text, &out);
  return out;
}

std::vector<Token> TokenizeIcu(std::string_view text) {
  std::vector<Token> out;
  icu::BreakIterator* it = ThreadWordIterator();
  if (it == nullptr || text.empty()) return out;
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) return out;
  it->setText(ut, status);
  if (U_FAILURE(status)) { utext_close(ut); return out; }
  int32_t start = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
    int32_t rule = it->getRuleStatus();
    Span span{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(end)};
    if (rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_NUMBER_LIMIT) {
      out.push_back({span, TokenKind::kNumber});
    } else if (rule >= UBRK_WORD_LETTER) {
      out.push_back({span, TokenKind::kWord});
    } else {
      // Punctuation or space: keep non-space marks as single tokens.
      std::size_t i = static_cast<std::size_t>(start);
      char32_t cp = DecodeUtf8(text, &i);
      if (!u_isUWhiteSpace(cp)) out.push_back({span, TokenKind::kPunct});
    }
  }
  utext_close(ut);
  return out;
}

std::string ReplaceAll(std::string_view s, std::string_view from, std::string_view to) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t p = from.empty() ? std::string_view::npos : s.find(from, i);
    if (p == std::string_view::npos) {
      out.append(s.substr(i));
      break;
    }
    out.append(s.substr(i, p - i));
    out.append(to);
    i = p + from.size();
  }
  return out;
}

std::string ToLower(std::string_view s) {
  bool ascii = true;
  for (unsigned char c : s) if (c >= 0x80) { ascii = false; break; }
  if (ascii) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  u.toLower(icu::Locale::getEnglish());
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace parallax
