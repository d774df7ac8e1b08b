#include "store/fts_query.h"

#include <vector>

namespace parallax::store_internal {

namespace {

enum class Kind { kTerm, kOp, kOpen, kClose };

struct Token {
  Kind kind;
  std::string text;  // kTerm: the FTS5 string; kOp: AND/OR/NOT
};

bool HasWordChar(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) return true;
  }
  return false;
}

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// How one backend spells the parsed query.
struct Syntax {
  std::string (*word)(std::string_view word, bool prefix);
  std::string (*phrase)(std::string_view phrase);
  const char* and_op;   // juxtaposed terms
  const char* explicit_and;
  const char* or_op;
  const char* not_op;   // binary: "a NOT b" = a and not b
};

std::string FtsWord(std::string_view word, bool prefix) { return Quote(word) + (prefix ? "*" : ""); }
std::string FtsPhrase(std::string_view phrase) { return Quote(phrase); }

// A tsquery lexeme in single quotes ('' and \\ doubled), which
// to_tsquery still normalises (stems, drops stop words).
std::string TsQuote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  out += '\'';
  return out;
}
bool IsWordByte(unsigned char c) { return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }
std::string TsWord(std::string_view word, bool prefix) { return TsQuote(word) + (prefix ? ":*" : ""); }
// A phrase: its words in a row (<->); punctuation between them is dropped.
std::string TsPhrase(std::string_view phrase) {
  std::string out = "(";
  std::size_t i = 0;
  bool first = true;
  while (i < phrase.size()) {
    if (!IsWordByte(static_cast<unsigned char>(phrase[i]))) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < phrase.size() && IsWordByte(static_cast<unsigned char>(phrase[end]))) ++end;
    if (!first) out += " <-> ";
    out += TsQuote(phrase.substr(i, end - i));
    first = false;
    i = end;
  }
  return out + ")";
}

Result<std::string> Translate(std::string_view q, const Syntax& syntax) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < q.size()) {
    char c = q[i];
    if (IsSpace(c)) {
      ++i;
    } else if (c == '(' || c == ')') {
      tokens.push_back({c == '(' ? Kind::kOpen : Kind::kClose, std::string(1, c)});
      ++i;
    } else if (c == '"') {
      std::size_t end = q.find('"', i + 1);
      if (end == std::string_view::npos) return InvalidArgument("unclosed quotation mark in the query");
      std::string_view phrase = q.substr(i + 1, end - i - 1);
      if (!HasWordChar(phrase)) return InvalidArgument("the phrase \"" + std::string(phrase) + "\" has no word to search for");
      std::string t = syntax.phrase(phrase);
      i = end + 1;
      if (i < q.size() && q[i] == '*') return InvalidArgument("a phrase cannot be a prefix (\"...\"*): put * on a word");
      tokens.push_back({Kind::kTerm, t});
    } else {
      std::size_t end = i;
      while (end < q.size() && !IsSpace(q[end]) && q[end] != '(' && q[end] != ')' && q[end] != '"') ++end;
      std::string_view word = q.substr(i, end - i);
      i = end;
      if (word == "AND" || word == "OR" || word == "NOT") {
        tokens.push_back({Kind::kOp, std::string(word)});
        continue;
      }
      bool prefix = false;
      while (!word.empty() && word.back() == '*') {
        prefix = true;
        word.remove_suffix(1);
      }
      if (word.find('*') != std::string_view::npos) return InvalidArgument("'*' may only end a word (prefix search: strik*)");
      if (!HasWordChar(word)) {
        if (prefix) return InvalidArgument("'*' needs the start of a word before it (prefix search: strik*)");
        continue;  // punctuation alone ("-", ";"): nothing the index holds
      }
      tokens.push_back({Kind::kTerm, syntax.word(word, prefix)});
    }
  }
  if (tokens.empty()) return InvalidArgument("no word to search for: give a word, a \"phrase\" or a prefix*");
  // Check the grammar: an operand (term or bracket group) must stand on both
  // sides of every operator; NOT is binary in FTS5 ("a NOT b").
  int depth = 0;
  bool want_operand = true;  // at the start, after an operator or '('
  std::string out;
  for (const Token& t : tokens) {
    switch (t.kind) {
      case Kind::kTerm:
        if (!want_operand) out += syntax.and_op;  // implicit AND
        out += t.text;
        want_operand = false;
        break;
      case Kind::kOpen:
        if (!want_operand) out += syntax.and_op;
        out += '(';
        ++depth;
        want_operand = true;
        break;
      case Kind::kClose:
        if (depth == 0) return InvalidArgument("')' without a matching '(' in the query");
        if (want_operand) return InvalidArgument("empty brackets or an operator before ')' in the query");
        out += ')';
        --depth;
        break;
      case Kind::kOp:
        if (want_operand) {
          return InvalidArgument(t.text == "NOT" ? "NOT needs a term before it (strike NOT football)"
                                                 : t.text + " needs a term on each side");
        }
        out += t.text == "AND" ? syntax.explicit_and : t.text == "OR" ? syntax.or_op : syntax.not_op;
        want_operand = true;
        break;
    }
  }
  if (depth != 0) return InvalidArgument("unclosed '(' in the query");
  if (want_operand) return InvalidArgument("the query ends with an operator");
  return out;
}

}  // namespace

Result<std::string> ToFtsQuery(std::string_view q) {
  return Translate(q, Syntax{FtsWord, FtsPhrase, " ", " AND ", " OR ", " NOT "});
}

Result<std::string> ToTsQuery(std::string_view q) {
  return Translate(q, Syntax{TsWord, TsPhrase, " & ", " & ", " | ", " & !"});
}

}  // namespace parallax::store_internal
