#pragma once
// Reader for the gold event-clustering set, clustering/events-dev.tsv.
//
// The TSV (header: dataset subset cluster_id event_key doc_path outlet date
// title) lists one document per line with its gold event. The documents
// themselves stay in the summarization corpora they came from, in two
// formats, both handled here:
//  - DUC 2003: TREC-style SGML, <DOC><DOCNO>..</DOCNO><DATE_TIME>..
//    <TEXT><P>..</P>..</TEXT></DOC>, with typesetting codes such as &UR;
//    and `` '' quotes. These copies have no <HEADLINE>.
//  - TAC 2011 MultiLing (WikiNews): plain UTF-8, the title on line 1, then
//    blank-line separated paragraphs, the first usually a dateline
//    ("Saturday, January 8, 2005").

#include <string>
#include <vector>

#include "core/status.h"
#include "model/model.h"

namespace parallax {

struct LabeledArticle {
  Article article;
  std::string event_key;  // gold event; articles with equal keys belong together
};

// Loads every document listed in <data_root>/clustering/events-dev.tsv.
// data_root is the folder holding clustering/ and summarization/ (e.g.
// ../shared/data); doc_path entries are relative to it.
//
// Article fields:
//  - id: the document's file name (APW19990519.0113; a purely alphabetic
//    extension such as ".english" is dropped). A document listed twice (DUC
//    reuses a few across clusters) gets "_2", "_3", ... so ids stay unique.
//  - source: the outlet column. url stays empty.
//  - title: the title column, else the <HEADLINE> (DUC) or first line (TAC).
//  - published: the date column (YYYY-MM-DD) when non-empty, else the date
//    in the document itself (DUC <DATE_TIME>, TAC dateline), else unset.
//  - raw and text: the body, paragraphs joined by "\n\n", markup removed,
//    whitespace collapsed, `` and '' turned into ". text is a copy of raw
//    because the cleaner has not run yet.
//  - path: the document's full path.
//
// Fails (non-OK) only when the TSV itself is missing, unreadable or has no
// usable header; the message names the path and what was expected. A bad
// row, a missing or unreadable document, or one with no body text is
// skipped and reported in *errors (which may be null), so one bad file does
// not lose the rest of the set.
Result<std::vector<LabeledArticle>> LoadEventsDev(const std::string& data_root, std::vector<InputError>* errors);

}  // namespace parallax
