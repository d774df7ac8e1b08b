#include "engine/budget.h"

#include <algorithm>
#include <string_view>

#include "text/segment.h"

namespace parallax {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The largest UTF-8 character boundary <= pos in s.
std::size_t Utf8Floor(std::string_view s, std::size_t pos) {
  pos = std::min(pos, s.size());
  while (pos > 0 && pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

std::string Bytes(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// Erases the byte ranges `cuts` (sorted, disjoint) from the text, moving the
// removed blocks' offsets with it. One pass.
void EraseRanges(Article* a, const std::vector<Span>& cuts) {
  if (cuts.empty()) return;
  std::string out;
  out.reserve(a->text.size());
  std::size_t at = 0;
  for (Span c : cuts) {
    out.append(a->text, at, c.begin - at);
    at = c.end;
  }
  out.append(a->text, at, std::string::npos);
  // Bytes erased before each cut's end, to move an offset in log time.
  std::vector<std::uint32_t> erased(cuts.size());
  std::uint32_t total = 0;
  for (std::size_t k = 0; k < cuts.size(); ++k) erased[k] = total += cuts[k].size();
  for (RemovedBlock& r : a->removed) {
    // Cuts that begin before the offset: all but possibly the last end before it.
    auto it = std::lower_bound(cuts.begin(), cuts.end(), r.at, [](Span c, std::uint32_t pos) { return c.begin < pos; });
    const std::size_t k = static_cast<std::size_t>(it - cuts.begin());
    if (k == 0) continue;
    const Span last = cuts[k - 1];
    r.at -= (k >= 2 ? erased[k - 2] : 0) + (std::min(r.at, last.end) - last.begin);
  }
  a->text = std::move(out);
  while (!a->text.empty() && IsSpace(a->text.back())) a->text.pop_back();
}

// Breaks [b, e) of `text` so no piece is longer than `budget`, each break
// turning one space into a newline: at the last space within the budget, or
// the first one after it when a word is longer. Returns the breaks made.
std::size_t BreakAtSpaces(std::string* text, std::size_t b, std::size_t e, std::size_t budget) {
  std::size_t breaks = 0;
  std::size_t start = b;
  while (e - start > budget) {
    std::size_t cut = std::string::npos;
    for (std::size_t i = start + budget; i > start; --i) {
      if ((*text)[i] == ' ') { cut = i; break; }
    }
    if (cut == std::string::npos) {
      for (std::size_t i = start + budget; i < e; ++i) {
        if ((*text)[i] == ' ') { cut = i; break; }
      }
    }
    if (cut == std::string::npos) break;
    (*text)[cut] = '\n';
    ++breaks;
    start = cut + 1;
  }
  return breaks;
}

}  // namespace

std::vector<std::string> ApplyTextBudgets(Article* a, const TextBudgets& budgets) {
  std::vector<std::string> notes;
  std::string& text = a->text;

  // Words: a run of non-space characters longer than word_bytes (an
  // encoded blob, a line of marks) is cut to that length.
  {
    std::vector<Span> cuts;
    std::size_t longest = 0;
    std::size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && IsSpace(text[i])) ++i;
      std::size_t b = i;
      while (i < text.size() && !IsSpace(text[i])) ++i;
      if (i - b > budgets.word_bytes) {
        longest = std::max(longest, i - b);
        cuts.push_back(Span{static_cast<std::uint32_t>(Utf8Floor(text, b + budgets.word_bytes)), static_cast<std::uint32_t>(i)});
      }
    }
    if (!cuts.empty()) {
      EraseRanges(a, cuts);
      notes.push_back("word budget: " + Bytes(cuts.size()) + (cuts.size() == 1 ? " word" : " words") +
                      " without spaces (longest " + Bytes(longest) + " bytes) cut to " + Bytes(budgets.word_bytes) +
                      " bytes");
    }
  }

  // Article: analyse the first article_bytes, cut at a paragraph end (else
  // a space, else a character boundary).
  if (text.size() > budgets.article_bytes) {
    const std::size_t size = text.size();
    std::string_view head = std::string_view(text).substr(0, budgets.article_bytes + 1);
    std::size_t cut = head.rfind('\n');
    if (cut == std::string_view::npos || cut < budgets.article_bytes / 2) cut = head.rfind(' ');
    if (cut == std::string_view::npos || cut < budgets.article_bytes / 2) cut = Utf8Floor(text, budgets.article_bytes);
    EraseRanges(a, {Span{static_cast<std::uint32_t>(cut), static_cast<std::uint32_t>(size)}});
    notes.push_back("article budget: clean text of " + Bytes(size) + " bytes is over " + Bytes(budgets.article_bytes) +
                    "; only the first " + Bytes(text.size()) + " bytes are analysed");
  }

  // Paragraph count: analyse the first `paragraphs` paragraphs.
  {
    std::vector<Span> paras = SplitParagraphs(text);
    if (paras.size() > budgets.paragraphs) {
      const std::size_t n = paras.size();
      EraseRanges(a, {Span{paras[budgets.paragraphs - 1].end, static_cast<std::uint32_t>(text.size())}});
      notes.push_back("paragraph count budget: " + Bytes(n) + " paragraphs is over " + Bytes(budgets.paragraphs) +
                      "; only the first " + Bytes(budgets.paragraphs) + " are analysed");
    }
  }

  // Paragraph size: split at sentence ends into pieces within the budget.
  {
    std::size_t split = 0, longest = 0;
    for (Span p : SplitParagraphs(text)) {
      if (p.size() <= budgets.paragraph_bytes) continue;
      ++split;
      longest = std::max<std::size_t>(longest, p.size());
      std::size_t piece = p.begin;
      for (Span s : SplitSentences(std::string_view(text).substr(p.begin, p.size()))) {
        const std::size_t sb = p.begin + s.begin, se = p.begin + s.end;
        if (se - piece > budgets.paragraph_bytes && sb > piece && IsSpace(text[sb - 1])) {
          text[sb - 1] = '\n';
          piece = sb;
        }
      }
    }
    if (split > 0) {
      notes.push_back("paragraph budget: " + Bytes(split) + (split == 1 ? " paragraph" : " paragraphs") +
                      " over " + Bytes(budgets.paragraph_bytes) + " bytes (longest " + Bytes(longest) +
                      ") split at sentence ends");
    }
  }

  // Sentence size: a sentence longer than the budget is broken at spaces.
  {
    std::size_t split = 0, longest = 0;
    for (Span p : SplitParagraphs(text)) {
      for (Span s : SplitSentences(std::string_view(text).substr(p.begin, p.size()))) {
        if (s.size() <= budgets.sentence_bytes) continue;
        longest = std::max<std::size_t>(longest, s.size());
        split += BreakAtSpaces(&text, p.begin + s.begin, p.begin + s.end, budgets.sentence_bytes) > 0;
      }
    }
    if (split > 0) {
      notes.push_back("sentence budget: " + Bytes(split) + (split == 1 ? " sentence" : " sentences") + " over " +
                      Bytes(budgets.sentence_bytes) + " bytes (longest " + Bytes(longest) + ") broken at spaces");
    }
  }
  return notes;
}

}  // namespace parallax
