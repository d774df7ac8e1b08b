#pragma once
// RSS 2.0, RSS 1.0 (RDF) and Atom feeds -> Articles. Internal to ingest.

#include <string>
#include <string_view>

#include "ingest/reader.h"

namespace parallax {

// True when the start of a document (after an XML declaration, comments
// and white space) is an <rss>, <feed> or <rdf:RDF> element.
bool LooksLikeFeed(std::string_view head);

// Reads every <item> / <entry>: title, link (Atom: <link href> with no rel
// or rel="alternate"), date (pubDate, published, dc:date, else updated),
// text (content:encoded, content, description or summary: HTML is reduced
// to text; the title when there is none), source (the channel's title,
// else the link's host). Id "STEM-N", path "PATH#item N". A malformed
// document adds one InputError naming the file and the first problem; the
// items read in full still come through. The parser is a small
// non-validating XML reader (CDATA, comments, entities, namespaces by
// prefix) with an element depth budget of 256.
void ParseFeed(std::string_view xml, const std::string& path, const std::string& stem, IngestResult* result);

// HTML (a feed's description, a fragment) -> plain text: tags dropped,
// block elements and <br> become line breaks, script and style dropped,
// entities decoded, white space collapsed.
std::string HtmlFragmentToText(std::string_view html);

}  // namespace parallax
