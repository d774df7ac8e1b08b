#include "eval/polnear.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "analyze/analyze.h"
#include "analyze/names.h"
#include "clean/cleaner.h"
#include "ingest/reader.h"
#include "text/segment.h"
#include "text/utf8.h"

#include "core/file.h"
namespace parallax {
namespace {

namespace fs = std::filesystem;

Result<std::string> ReadFileText(const std::string& path) {
  // Benchmark files are small; the limit only guards against a wrong path.
  return DefaultFileSystem().ReadFile(path, std::uint64_t{1} << 32);
}

std::vector<std::string_view> SplitOn(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (true) {
    std::size_t j = s.find(sep, i);
    if (j == std::string_view::npos) {
      out.push_back(s.substr(i));
      return out;
    }
    out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
}

bool ParseIndex(std::string_view s, std::size_t* out) {
  if (s.empty() || s.size() > 12) return false;
  std::size_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<std::size_t>(c - '0');
  }
  *out = v;
  return true;
}

bool IsWordCp(char32_t cp) { return u_isalnum(static_cast<UChar32>(cp)) != 0; }

bool IsSpaceCp(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0xA0 ||
         (cp >= 0x2000 && cp <= 0x200D) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000 || cp == 0xFEFF;
}

struct WordSpan {
  std::size_t begin, end;
};

// Runs of letters and digits; an apostrophe or hyphen between two of them
// stays inside the word ("didn't", "vice-presidential").
std::vector<WordSpan> WordSpans(std::string_view text, std::size_t b, std::size_t e) {
  std::vector<WordSpan> out;
  std::size_t i = b;
  while (i < e) {
    std::size_t j = i;
    char32_t cp = DecodeUtf8(text, &j);
    if (!IsWordCp(cp)) {
      i = j;
      continue;
    }
    std::size_t end = j;
    while (end < e) {
      std::size_t k = end;
      char32_t c = DecodeUtf8(text, &k);
      if (IsWordCp(c)) {
        end = k;
        continue;
      }
      if ((c == '\'' || c == 0x2019 || c == '-') && k < e) {
        std::size_t k2 = k;
        if (IsWordCp(DecodeUtf8(text, &k2))) {
          end = k2;
          continue;
        }
      }
      break;
    }
    out.push_back({i, std::min(end, e)});
    i = end;
  }
  return out;
}

// Lower-cased words of a phrase, possessive 's dropped.
std::vector<std::string> LowerWords(std::string_view s) {
  std::vector<std::string> out;
  for (const WordSpan& w : WordSpans(s, 0, s.size())) {
    std::string word = ToLower(s.substr(w.begin, w.end - w.begin));
    word = ReplaceAll(word, "\xE2\x80\x99", "'");
    if (word.size() > 2 && word.ends_with("'s")) word.resize(word.size() - 2);
    out.push_back(std::move(word));
  }
  return out;
}

// Trims white space and punctuation from both ends of a span.
Span Trimmed(std::string_view text, Span s) {
  std::size_t b = s.begin, e = s.end;
  while (b < e) {
    std::size_t j = b;
    if (IsWordCp(DecodeUtf8(text, &j))) break;
    b = j;
  }
  while (e > b) {
    std::size_t k = e - 1;
    while (k > b && (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80) --k;
    std::size_t j = k;
    if (IsWordCp(DecodeUtf8(text, &j))) break;
    e = k;
  }
  return Span{static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e)};
}

std::size_t CountWords(std::string_view text, Span s) { return WordSpans(text, s.begin, s.end).size(); }

const std::unordered_set<std::string>& PronounWords() {
  static const std::unordered_set<std::string> k = {
      "he", "she", "they", "i", "we", "you", "it", "who", "whom", "which", "that", "him", "her", "them", "us",
      "me", "his", "hers", "its", "their", "theirs", "our", "my", "your", "this", "these", "those", "one",
      "himself", "herself", "themselves", "itself", "myself", "ourselves", "whose"};
  return k;
}

const std::unordered_set<std::string>& FunctionWords() {
  static const std::unordered_set<std::string> k = {"the", "a", "an", "his", "her", "its", "their", "this", "that",
                                                    "these", "those", "our", "my", "your", "and", "of", "for",
                                                    "in", "at", "on", "to", "by", "from", "with", "who"};
  return k;
}

// Honorifics written abbreviated, which the analyzer's title list spells
// out.
bool IsTitleLike(const std::string& lower) {
  static const std::unordered_set<std::string> k = {"gov", "rep", "sen", "rev", "hon", "mr", "mrs", "ms", "dr", "st"};
  return k.count(lower) > 0 || IsTitleWord(lower);
}

bool IsUpperInitial(std::string_view word) {
  std::size_t i = 0;
  char32_t cp = DecodeUtf8(word, &i);
  return u_isupper(static_cast<UChar32>(cp)) || u_istitle(static_cast<UChar32>(cp));
}

// The words that carry a name in a source phrase, in order; the part before
// any comma or bracket only (an apposition describes, it does not name).
std::vector<std::string> NameWords(std::string_view source, bool first_is_common) {
  std::size_t cut = source.find_first_of(",(");
  std::string_view head = source.substr(0, cut);
  if (WordSpans(head, 0, head.size()).empty()) head = source;
  std::vector<std::string> out;
  std::vector<WordSpan> ws = WordSpans(head, 0, head.size());
  for (std::size_t i = 0; i < ws.size(); ++i) {
    std::string_view w = head.substr(ws[i].begin, ws[i].end - ws[i].begin);
    if (!IsUpperInitial(w)) continue;
    if (i == 0 && first_is_common) continue;
    std::vector<std::string> lw = LowerWords(w);
    if (lw.empty()) continue;
    const std::string& l = lw.front();
    if (FunctionWords().count(l) || PronounWords().count(l) || IsTitleLike(l)) continue;
    out.push_back(l);
  }
  return out;
}

bool ContainsRun(const std::vector<std::string>& hay, const std::vector<std::string>& needle) {
  if (needle.empty() || needle.size() > hay.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    if (std::equal(needle.begin(), needle.end(), hay.begin() + static_cast<std::ptrdiff_t>(i))) return true;
  }
  return false;
}

// Non-space characters of a text with the byte each came from, so that two
// renderings of the same prose (raw and cleaned) can be aligned.
struct Skeleton {
  std::string chars;
  std::vector<std::uint32_t> at;  // source byte of chars[i]
};

Skeleton MakeSkeleton(std::string_view s, std::size_t b, std::size_t e) {
  Skeleton sk;
  std::size_t i = b;
  while (i < e) {
    std::size_t j = i;
    char32_t cp = DecodeUtf8(s, &j);
    if (!IsSpaceCp(cp)) {
      for (std::size_t k = i; k < j; ++k) {
        sk.chars.push_back(s[k]);
        sk.at.push_back(static_cast<std::uint32_t>(k));
      }
    }
    i = j;
  }
  return sk;
}

constexpr std::uint32_t kUnmapped = 0xFFFFFFFFu;

// For every byte of `clean`, the byte of `raw` it came from (kUnmapped for
// white space and for paragraphs not found in order).
std::vector<std::uint32_t> AlignToRaw(std::string_view raw, std::string_view clean) {
  std::vector<std::uint32_t> map(clean.size(), kUnmapped);
  const Skeleton rs = MakeSkeleton(raw, 0, raw.size());
  std::size_t cursor = 0;
  for (Span para : SplitParagraphs(clean)) {
    const Skeleton ps = MakeSkeleton(clean, para.begin, para.end);
    if (ps.chars.empty()) continue;
    std::size_t found = rs.chars.find(ps.chars, cursor);
    if (found == std::string::npos) found = rs.chars.find(ps.chars);  // out of order: the cleaner moved it
    if (found == std::string::npos) continue;
    for (std::size_t k = 0; k < ps.chars.size(); ++k) map[ps.at[k]] = rs.at[found + k];
    cursor = found + ps.chars.size();
  }
  return map;
}

// Maps a clean-text span to the raw text; false when it cannot.
bool MapSpan(std::string_view raw, std::string_view clean, const std::vector<std::uint32_t>& map, Span s, Span* out) {
  if (s.end > clean.size() || s.begin >= s.end) return false;
  std::size_t first = s.begin, last = s.end;
  while (first < s.end && map[first] == kUnmapped) ++first;
  while (last > first && map[last - 1] == kUnmapped) --last;
  const Skeleton qs = MakeSkeleton(clean, s.begin, s.end);
  if (first < last) {
    // Mapped ends must agree with the span's own non-space extent (the
    // whole paragraph was aligned), else fall back to a search.
    if (!qs.chars.empty() && qs.at.front() == first && qs.at.back() == last - 1) {
      *out = Span{map[first], map[last - 1] + 1};
      return true;
    }
  }
  if (qs.chars.empty()) return false;
  const Skeleton rs = MakeSkeleton(raw, 0, raw.size());
  const std::size_t found = rs.chars.find(qs.chars);
  if (found == std::string::npos) return false;
  *out = Span{rs.at[found], rs.at[found + qs.chars.size() - 1] + 1};
  return true;
}

}  // namespace

std::vector<Span> FindQuotedSegments(std::string_view text) {
  std::vector<Span> out;
  std::size_t line_b = 0;
  while (line_b <= text.size()) {
    std::size_t line_e = text.find('\n', line_b);
    if (line_e == std::string_view::npos) line_e = text.size();
    bool open = false;
    std::size_t open_end = 0;
    std::size_t i = line_b;
    while (i < line_e) {
      std::size_t j = i;
      char32_t cp = DecodeUtf8(text, &j);
      bool opens = false, closes = false;
      if (cp == 0x201C) {
        opens = true;
      } else if (cp == 0x201D) {
        closes = true;
      } else if (cp == '"') {
        char32_t prev = ' ';
        if (i > line_b) {
          std::size_t k = i - 1;
          while (k > line_b && (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80) --k;
          std::size_t k2 = k;
          prev = DecodeUtf8(text, &k2);
        }
        const bool after_space = IsSpaceCp(prev) || prev == '(' || prev == '[' || prev == '-' || prev == 0x2014 ||
                                 prev == 0x2013;
        const bool before_space = j >= line_e || IsSpaceCp(static_cast<unsigned char>(text[j]));
        if (after_space && !(open && before_space)) opens = true;
        else closes = true;
      }
      if (opens) {
        // Two openings in a row: the first one never closed.
        open = true;
        open_end = j;
      } else if (closes && open) {
        out.push_back(Span{static_cast<std::uint32_t>(open_end), static_cast<std::uint32_t>(i)});
        open = false;
      }
      i = j;
    }
    if (open && open_end < line_e) {
      out.push_back(Span{static_cast<std::uint32_t>(open_end), static_cast<std::uint32_t>(line_e)});
    }
    if (line_e >= text.size()) break;
    line_b = line_e + 1;
  }
  return out;
}

Result<PolnearArticle> ParsePolnearArticle(std::string_view text, std::string_view annotation, const std::string& id,
                                           const std::string& annotation_path, const QuoteEvalOptions& options) {
  std::size_t bad = 0;
  if (!IsValidUtf8(text, &bad)) {
    return InvalidInput(annotation_path + ": its text is not valid UTF-8 (byte " + std::to_string(bad) + ")");
  }
  // brat counts characters (code points); we cite bytes.
  std::vector<std::uint32_t> byte_of;
  for (std::size_t i = 0; i < text.size();) {
    byte_of.push_back(static_cast<std::uint32_t>(i));
    DecodeUtf8(text, &i);
  }
  byte_of.push_back(static_cast<std::uint32_t>(text.size()));

  PolnearArticle art;
  art.id = id;
  art.annotation_path = annotation_path;
  art.text = std::string(text);
  std::unordered_map<std::string, BratSpan> spans;
  std::vector<std::pair<std::size_t, std::string_view>> relations;  // line number, role list
  std::size_t line_no = 0;
  for (std::string_view line : SplitOn(annotation, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    const std::string where = annotation_path + ":" + std::to_string(line_no);
    std::vector<std::string_view> cols = SplitOn(line, '\t');
    if (line[0] == 'T') {
      if (cols.size() < 2) return InvalidInput(where + ": text-bound annotation without a type and offsets");
      BratSpan s;
      s.id = std::string(cols[0]);
      const std::size_t sp = cols[1].find(' ');
      if (sp == std::string_view::npos) return InvalidInput(where + ": no offsets after the type");
      s.label = std::string(cols[1].substr(0, sp));
      for (std::string_view part : SplitOn(cols[1].substr(sp + 1), ';')) {
        std::vector<std::string_view> be = SplitOn(part, ' ');
        std::size_t b = 0, e = 0;
        if (be.size() != 2 || !ParseIndex(be[0], &b) || !ParseIndex(be[1], &e) || b > e) {
          return InvalidInput(where + ": bad offsets '" + std::string(part) + "'");
        }
        if (e + 1 > byte_of.size()) {
          return InvalidInput(where + ": offset " + std::to_string(e) + " is past the end of the text (" +
                              std::to_string(byte_of.size() - 1) + " characters)");
        }
        s.parts.push_back(Span{byte_of[b], byte_of[e]});
      }
      spans[s.id] = std::move(s);
    } else if (line[0] == 'E') {
      if (cols.size() < 2) return InvalidInput(where + ": event without roles");
      relations.emplace_back(line_no, cols[1]);
    }
    // Attributes, normalisations and notes (A, N, #) carry nothing we use.
  }
  for (const auto& [rel_line, roles] : relations) {
    PolnearAttribution a;
    for (std::string_view role : SplitOn(roles, ' ')) {
      if (role.empty()) continue;
      const std::size_t colon = role.find(':');
      if (colon == std::string_view::npos) {
        return InvalidInput(annotation_path + ":" + std::to_string(rel_line) + ": bad role '" + std::string(role) + "'");
      }
      const std::string_view name = role.substr(0, colon);
      const std::string target(role.substr(colon + 1));
      auto it = spans.find(target);
      if (it == spans.end()) {
        return InvalidInput(annotation_path + ":" + std::to_string(rel_line) + ": unknown annotation " + target);
      }
      const std::vector<Span>& parts = it->second.parts;
      if (name.starts_with("Source")) {
        for (Span p : parts) {
          if (!a.source_text.empty()) a.source_text.push_back(' ');
          a.source_text += std::string(text.substr(p.begin, p.size()));
        }
        a.source.insert(a.source.end(), parts.begin(), parts.end());
      } else if (name.starts_with("Cue")) {
        a.cue.insert(a.cue.end(), parts.begin(), parts.end());
      } else if (name.starts_with("Content")) {
        a.content.insert(a.content.end(), parts.begin(), parts.end());
      }
    }
    art.attributions.push_back(std::move(a));
  }

  // Gold direct quotes: quoted segments wholly inside one relation's content.
  for (Span seg : FindQuotedSegments(text)) {
    const std::vector<WordSpan> words = WordSpans(text, seg.begin, seg.end);
    if (words.size() < options.min_words || words.empty()) continue;
    for (const PolnearAttribution& a : art.attributions) {
      auto covered = [&](const WordSpan& w) {
        for (Span p : a.content) {
          if (w.begin >= p.begin && w.end <= p.end) return true;
        }
        return false;
      };
      if (!std::all_of(words.begin(), words.end(), covered)) continue;
      GoldQuote q;
      q.span = seg;
      q.speaker = a.source_text;
      if (!a.source.empty()) q.source = a.source.front();
      art.quotes.push_back(std::move(q));
      break;
    }
  }
  return art;
}

Result<std::vector<PolnearArticle>> LoadPolnear(const std::string& root, const std::string& split,
                                                std::vector<InputError>* errors, const QuoteEvalOptions& options) {
  const fs::path text_dir = fs::path(root) / "data" / split / "text";
  const fs::path ann_dir = fs::path(root) / "data" / split / "attributions";
  for (const fs::path& d : {text_dir, ann_dir}) {
    std::error_code ec;
    if (!fs::is_directory(d, ec)) {
      return Status(StatusCode::kNotFound, d.string() + ": no such folder (expected PolNeAR's data/" + split +
                                               "/text and data/" + split + "/attributions)");
    }
  }
  auto list = [](const fs::path& dir, const std::string& ext, std::vector<fs::path>* out) -> Status {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() == ext) out->push_back(it->path());
    }
    if (ec) return Status(StatusCode::kPermissionDenied, dir.string() + ": cannot be listed (" + ec.message() + ")");
    std::sort(out->begin(), out->end());
    return Status::Ok();
  };
  std::vector<fs::path> texts, anns;
  if (Status s = list(text_dir, ".txt", &texts); !s.ok()) return s;
  if (Status s = list(ann_dir, ".ann", &anns); !s.ok()) return s;
  // <id>_<annotator>.ann; ids contain underscores, the annotator does not.
  std::map<std::string, std::vector<fs::path>> ann_of;
  for (const fs::path& p : anns) {
    const std::string stem = p.stem().string();
    const std::size_t us = stem.rfind('_');
    if (us == std::string::npos) continue;
    ann_of[stem.substr(0, us)].push_back(p);
  }
  std::vector<PolnearArticle> out;
  for (const fs::path& t : texts) {
    const std::string id = t.stem().string();
    auto it = ann_of.find(id);
    if (it == ann_of.end()) {
      if (errors) errors->push_back({t.string(), "no annotation file " + id + "_<annotator>.ann in " + ann_dir.string()});
      continue;
    }
    const std::string ann_path = it->second.front().string();
    auto text = ReadFileText(t.string());
    auto ann = ReadFileText(ann_path);
    if (!text.ok() || !ann.ok()) {
      if (errors) errors->push_back({t.string(), !text.ok() ? text.status().message() : ann.status().message()});
      continue;
    }
    auto art = ParsePolnearArticle(*text, *ann, id, ann_path, options);
    if (!art.ok()) {
      if (errors) errors->push_back({ann_path, art.status().message()});
      continue;
    }
    art->text_path = t.string();
    out.push_back(std::move(*art));
  }
  return out;
}

std::vector<PredictedQuote> PredictQuotes(const PolnearArticle& article, std::size_t* unmapped) {
  std::vector<PredictedQuote> out;
  auto parsed = ParseTextArticle(article.text, article.id, article.text_path);
  if (!parsed.ok()) return out;
  Article a = std::move(*parsed);
  CleanArticle(&a, nullptr);
  const Story story = AnalyzeStory({&a});
  const std::vector<std::uint32_t> map = AlignToRaw(article.text, a.text);
  for (const Quote& q : story.quotes) {
    for (const Citation& c : q.citations) {
      Span raw;
      if (MapSpan(article.text, a.text, map, c.span, &raw)) {
        out.push_back({raw, q.speaker});
      } else if (unmapped != nullptr) {
        ++*unmapped;
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const PredictedQuote& x, const PredictedQuote& y) {
    return x.span.begin < y.span.begin;
  });
  return out;
}

std::vector<LabelledSpeakerChoice> LabelSpeakerChoices(const PolnearArticle& article, const QuoteEvalOptions& options) {
  std::vector<LabelledSpeakerChoice> out;
  auto parsed = ParseTextArticle(article.text, article.id, article.text_path);
  if (!parsed.ok()) return out;
  Article a = std::move(*parsed);
  CleanArticle(&a, nullptr);
  const std::vector<std::uint32_t> map = AlignToRaw(article.text, a.text);
  for (SpeakerChoice& c : CollectSpeakerChoices({&a})) {
    LabelledSpeakerChoice l;
    l.labels.assign(c.candidates.size(), 0);
    Span raw;
    if (MapSpan(article.text, a.text, map, c.content, &raw) && QuoteWordCount(article.text, raw) >= options.min_words) {
      l.raw = raw;
      l.counted = true;
      double best = 0;
      const GoldQuote* gold = nullptr;
      for (const GoldQuote& g : article.quotes) {
        if (CountWords(article.text, g.span) < options.min_words) continue;
        const double cov = GoldWordCoverage(article.text, g.span, raw);
        if (cov > best) {
          best = cov;
          gold = &g;
        }
      }
      l.is_quote = gold != nullptr && best >= 0.5;
      if (gold != nullptr && best >= 0.5 &&
          ClassifySource(gold->speaker, article.text, gold->source.begin) == SourceKind::kName) {
        l.judged = true;
        l.gold_speaker = gold->speaker;
        for (std::size_t k = 0; k < c.candidates.size(); ++k) {
          l.labels[k] = SpeakerMatches(gold->speaker, SourceKind::kName, c.candidates[k].name) ? 1 : 0;
        }
      }
    }
    l.choice = std::move(c);
    out.push_back(std::move(l));
  }
  return out;
}

SourceKind ClassifySource(std::string_view source, std::string_view article_text, std::size_t at) {
  const std::vector<std::string> words = LowerWords(source);
  if (words.empty()) return SourceKind::kNone;
  if (std::all_of(words.begin(), words.end(), [](const std::string& w) { return PronounWords().count(w) > 0; })) {
    return SourceKind::kPronoun;
  }
  // Is the first word capitalised only because it opens a sentence?
  bool sentence_initial = true;
  for (std::size_t k = std::min(at, article_text.size()); k-- > 0;) {
    const unsigned char c = static_cast<unsigned char>(article_text[k]);
    if (c == ' ' || c == '\t' || (c & 0xC0) == 0x80) continue;
    if (c == 0xE2 || c == 0xC2) continue;  // lead byte of a curly mark or no-break space
    sentence_initial = c == '\n' || c == '.' || c == '!' || c == '?' || c == ':';
    break;
  }
  bool first_is_common = false;
  if (sentence_initial) {
    const std::vector<WordSpan> sw = WordSpans(source, 0, source.size());
    if (!sw.empty()) {
      const std::string first = LowerWords(source.substr(sw[0].begin, sw[0].end - sw[0].begin)).front();
      // The article writes it in lower case somewhere: a common word.
      for (const WordSpan& w : WordSpans(article_text, 0, article_text.size())) {
        std::string_view word = article_text.substr(w.begin, w.end - w.begin);
        if (!IsUpperInitial(word) && LowerWords(word) == std::vector<std::string>{first}) {
          first_is_common = true;
          break;
        }
      }
    }
  }
  if (NameWords(source, first_is_common).empty()) return SourceKind::kDescription;
  // "The Florida senator", "a former U.S. law enforcement official who
  // ...", "the presumptive Republican presidential nominee": a determiner
  // and a common noun at the head, the capitalised words only modifiers.
  // The source is a description; its capitalised word is not the name of
  // whoever speaks ("Marco Rubio" is right for "The Florida senator").
  static const std::unordered_set<std::string> kDeterminers = {
      "the", "a", "an", "another", "one", "two", "three", "some", "several", "many", "his", "her", "their", "its",
      "this", "that", "these", "those", "our", "other", "both"};
  static const std::unordered_set<std::string> kPhraseEnds = {"who", "whom", "whose", "which", "that", "of",
                                                               "at", "from", "in", "for", "with", "on", "to"};
  const std::size_t cut = source.find_first_of(",(");
  const std::string_view head = source.substr(0, cut);
  const std::vector<WordSpan> hw = WordSpans(head, 0, head.size());
  // "The leader of the League, Jonathan Greenblatt,": a bare name in
  // apposition names the person (as SpeakerMatches reads it).
  std::string_view apposition = cut == std::string_view::npos ? std::string_view() : source.substr(cut + 1);
  apposition = apposition.substr(0, apposition.find_first_of(",("));
  const std::size_t apposition_words = WordSpans(apposition, 0, apposition.size()).size();
  const bool bare_name = apposition_words >= 2 && NameWords(apposition, false).size() == apposition_words;
  if (hw.size() >= 2 && !bare_name && kDeterminers.count(LowerWords(head.substr(hw[0].begin, hw[0].end - hw[0].begin)).front())) {
    std::size_t last = 1;
    while (last + 1 < hw.size()) {
      const std::string_view next = head.substr(hw[last + 1].begin, hw[last + 1].end - hw[last + 1].begin);
      if (kPhraseEnds.count(std::string(next))) break;  // lower case only: "Club for Growth" keeps "for"
      ++last;
    }
    if (!IsUpperInitial(head.substr(hw[last].begin, hw[last].end - hw[last].begin))) return SourceKind::kDescription;
  }
  return SourceKind::kName;
}

bool SpeakerMatches(std::string_view gold_source, SourceKind kind, std::string_view speaker) {
  const std::vector<std::string> said = LowerWords(speaker);
  if (said.empty()) return false;
  if (kind == SourceKind::kName) {
    // The person is the name before any "of ..." / "at ..." that places
    // them ("Representative Charles B. Rangel of New York", "Rep. Elijah
    // Cummings of Maryland"), without a generational suffix ("Vann R.
    // Newkirk II"); otherwise the last name word, as before.
    std::string_view head = gold_source;
    // "Trump's attorney, Alan Garten," / "the presumptive GOP nominee,
    // Donald Trump,": a description ending in a common noun, then the
    // person's bare name in apposition: the name is the person.
    if (const std::size_t comma = gold_source.find(','); comma != std::string_view::npos) {
      const std::string_view first = gold_source.substr(0, comma);
      std::string_view second = gold_source.substr(comma + 1);
      second = second.substr(0, second.find_first_of(",("));
      const std::vector<WordSpan> fw = WordSpans(first, 0, first.size());
      const std::vector<WordSpan> sw = WordSpans(second, 0, second.size());
      const bool description = !fw.empty() && !IsUpperInitial(first.substr(fw.back().begin, fw.back().end - fw.back().begin));
      const bool bare_name = sw.size() >= 2 && NameWords(second, false).size() == sw.size();
      if (description && bare_name) head = second;
    }
    for (const char* cut : {" of ", " at ", " from ", " for "}) {
      const std::size_t at = head.find(cut);
      if (at != std::string_view::npos && !NameWords(head.substr(0, at), false).empty()) head = head.substr(0, at);
    }
    std::vector<std::string> names = NameWords(head, false);
    while (names.size() > 1 && (names.back() == "jr" || names.back() == "sr" || names.back() == "ii" ||
                                names.back() == "iii" || names.back() == "iv")) {
      names.pop_back();
    }
    if (names.empty()) return false;
    if (std::find(said.begin(), said.end(), names.back()) != said.end()) return true;
    // An organisation named by its initials on one side and spelled out on
    // the other: "the IMF" ~ "International Monetary Fund", and back.
    auto acronym = [](std::string_view phrase, const std::vector<std::string>& words) {
      if (words.size() != 1 || words[0].size() < 2) return std::string();
      std::string upper = words[0];
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return phrase.find(upper) != std::string_view::npos ? words[0] : std::string();
    };
    auto initials = [](const std::vector<std::string>& words) {
      std::string out;
      for (const std::string& w : words) out.push_back(w[0]);
      return words.size() >= 2 ? out : std::string();
    };
    const std::vector<std::string> said_names = NameWords(speaker, false);
    const std::string gold_acronym = acronym(head, names), said_acronym = acronym(speaker, said_names);
    return (!gold_acronym.empty() && gold_acronym == initials(said_names)) ||
           (!said_acronym.empty() && said_acronym == initials(names));
  }
  if (kind == SourceKind::kDescription) {
    auto strip = [](std::vector<std::string> w) {
      while (!w.empty() && (w.front() == "the" || w.front() == "a" || w.front() == "an")) w.erase(w.begin());
      return w;
    };
    const std::vector<std::string> g = strip(LowerWords(gold_source)), s = strip(said);
    return ContainsRun(g, s) || ContainsRun(s, g);
  }
  return false;
}

double GoldWordCoverage(std::string_view text, Span gold, Span predicted) {
  const std::vector<WordSpan> words = WordSpans(text, gold.begin, gold.end);
  if (words.empty()) return 0.0;
  std::size_t in = 0;
  for (const WordSpan& w : words) in += w.begin < predicted.end && w.end > predicted.begin;
  return static_cast<double>(in) / static_cast<double>(words.size());
}

void ScoreQuotes(std::string_view text, const std::vector<GoldQuote>& gold_in,
                 const std::vector<PredictedQuote>& predicted_in, QuoteScores* scores, const QuoteEvalOptions& options) {
  std::vector<GoldQuote> gold;
  for (const GoldQuote& g : gold_in) {
    if (CountWords(text, g.span) >= options.min_words) gold.push_back(g);
  }
  std::vector<PredictedQuote> predicted;
  for (const PredictedQuote& p : predicted_in) {
    if (p.span.end <= text.size() && CountWords(text, p.span) >= options.min_words) predicted.push_back(p);
  }
  ++scores->articles;
  scores->gold += gold.size();
  scores->predicted += predicted.size();

  // Exact: trimmed spans equal, one to one.
  {
    std::multiset<std::pair<std::uint32_t, std::uint32_t>> gold_spans;
    for (const GoldQuote& g : gold) {
      const Span t = Trimmed(text, g.span);
      gold_spans.insert({t.begin, t.end});
    }
    for (const PredictedQuote& p : predicted) {
      const Span t = Trimmed(text, p.span);
      auto it = gold_spans.find({t.begin, t.end});
      if (it != gold_spans.end()) {
        gold_spans.erase(it);
        ++scores->exact;
      }
    }
  }

  // Overlap: greedy one-to-one, best coverage first (ties: text order).
  struct Pair {
    double coverage;
    std::size_t g, p;
  };
  std::vector<Pair> pairs;
  for (std::size_t g = 0; g < gold.size(); ++g) {
    for (std::size_t p = 0; p < predicted.size(); ++p) {
      const double c = GoldWordCoverage(text, gold[g].span, predicted[p].span);
      if (c >= 0.5) pairs.push_back({c, g, p});
    }
  }
  std::stable_sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) { return a.coverage > b.coverage; });
  std::vector<bool> gold_used(gold.size()), pred_used(predicted.size());
  for (const Pair& pr : pairs) {
    if (gold_used[pr.g] || pred_used[pr.p]) continue;
    gold_used[pr.g] = pred_used[pr.p] = true;
    ++scores->overlap;
    const GoldQuote& g = gold[pr.g];
    const SourceKind kind = ClassifySource(g.speaker, text, g.source.begin);
    if (kind == SourceKind::kNone) {
      ++scores->no_source_pairs;
      continue;
    }
    if (kind == SourceKind::kPronoun) {
      ++scores->pronoun_pairs;
      continue;
    }
    const std::string& speaker = predicted[pr.p].speaker;
    const bool ok = SpeakerMatches(g.speaker, kind, speaker);
    if (kind == SourceKind::kName) {
      ++scores->speaker_pairs;
      scores->speaker_correct += ok;
      if (speaker.empty()) ++scores->no_speaker;
    } else {
      ++scores->description_pairs;
      scores->description_correct += ok;
    }
  }
}

std::size_t QuoteWordCount(std::string_view text, Span span) {
  return span.end <= text.size() ? CountWords(text, span) : 0;
}

namespace {
double Ratio(std::size_t a, std::size_t b) { return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b); }
double Harmonic(double p, double r) { return p + r == 0 ? 0.0 : 2 * p * r / (p + r); }
}  // namespace

double QuoteScores::ExactPrecision() const { return Ratio(exact, predicted); }
double QuoteScores::ExactRecall() const { return Ratio(exact, gold); }
double QuoteScores::ExactF1() const { return Harmonic(ExactPrecision(), ExactRecall()); }
double QuoteScores::OverlapPrecision() const { return Ratio(overlap, predicted); }
double QuoteScores::OverlapRecall() const { return Ratio(overlap, gold); }
double QuoteScores::OverlapF1() const { return Harmonic(OverlapPrecision(), OverlapRecall()); }
double QuoteScores::SpeakerAccuracy() const { return Ratio(speaker_correct, speaker_pairs); }
double QuoteScores::DescriptionAccuracy() const { return Ratio(description_correct, description_pairs); }

}  // namespace parallax
