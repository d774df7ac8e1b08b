#pragma once
// FtsQuery: a user's search text -> a safe SQLite FTS5 MATCH expression
// (ToFtsQuery) or PostgreSQL tsquery (ToTsQuery).
//
//   Result<std::string> m = ToFtsQuery("\"dock strike\" brez* OR union");
//   // m == "\"dock strike\" \"brez\"* OR \"union\""
//
// Grammar: words, "quoted phrases", prefix* (a word ending in *), the
// operators AND, OR, NOT (upper case, between two terms), and ( ).
// Juxtaposed terms must all match (implicit AND). Every word and phrase is
// emitted as an FTS5 string with its quotes doubled, so no user text is
// ever read as FTS5 syntax (column filters, ^, NEAR, ...). InvalidArgument,
// with what is wrong, for: an empty query, an unclosed quote or bracket, an
// operator with nothing on one side, NOT with nothing before it, a lone *,
// a phrase with no letter or digit. A bare word of punctuation only ("-",
// ";") is dropped, as the index holds no such word.

#include <string>
#include <string_view>

#include "core/status.h"

namespace parallax::store_internal {

Result<std::string> ToFtsQuery(std::string_view query);

// The same grammar and errors, as PostgreSQL tsquery text for
// to_tsquery(config, $1): words and phrases as quoted lexemes (so no user
// text is read as tsquery syntax; to_tsquery still stems them), a phrase
// as its words joined by <->, prefix* as 'word':*, AND/OR/NOT as & | & !.
//   ToTsQuery("\"dock strike\" brez* OR union")
//   == "('dock' <-> 'strike') & 'brez':* | 'union'"
Result<std::string> ToTsQuery(std::string_view query);

}  // namespace parallax::store_internal
