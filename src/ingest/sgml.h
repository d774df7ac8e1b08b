#pragma once
// SGML newswire (TREC, DUC, TAC, TDT <DOC> files) -> Articles. Internal to
// ingest.
//
//   if (LooksLikeSgmlNewswire(head)) ParseSgmlNewswire(content, path, stem, &result);
//
// One article per <DOC>...</DOC>: id from <DOCNO> (else the DOC element's
// id attribute, else "STEM-N"), title from <HEADLINE>, <HL> or <TITLE>,
// date from <DATE_TIME>, <DATE> or <DATELINE> when it parses, text from
// <TEXT> (else <BODY>): one paragraph per <P>, else per blank or indented
// line; wrapped lines are joined. Entities: &amp; &lt; &gt; &quot; &apos;
// and numeric references are decoded, the wire services' control codes
// (&Cx13;, &QL;, &UR; ...) dropped; `` and '' become curly quotes. Other
// tags inside the text are dropped. A <DOC> without text is one InputError
// ("PATH#DOCNO"); an unclosed <DOC> at the end is read up to the end of the
// file. Path of each article: "PATH#DOCNO". Linear in the input.

#include <string>
#include <string_view>

#include "ingest/reader.h"

namespace parallax {

// True when the document (after white space) starts with a <DOC> element.
bool LooksLikeSgmlNewswire(std::string_view head);

void ParseSgmlNewswire(std::string_view sgml, const std::string& path, const std::string& stem, IngestResult* result);

}  // namespace parallax
