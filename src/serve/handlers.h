#pragma once
// Handlers of the web server (internal to src/serve): each turns a request's
// path arguments and query parameters into a Reply, calling the store only.
// No HTTP library type appears here, so the handlers are plain functions
// that tests and the server share. JSON API: api.cc; HTML pages: pages.cc.

#include <map>
#include <string>

#include "core/status.h"
#include "store/store.h"

namespace parallax::serve_internal {

struct Reply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string location;  // set: a redirect to this path
};

using Params = std::multimap<std::string, std::string>;

// {"error": message} with `status`.
Reply JsonError(int status, const std::string& message);
// 404 for NotFound, 400 for a bad argument or input, 413 too large, else 500.
int HttpStatus(const Status& s);

// Query parameters shared by the API and the pages. A malformed value is an
// InvalidArgument naming the parameter.
Result<StoryCardQuery> CardQuery(const Params& p);
Result<SearchQuery> SearchParams(const Params& p);

// Percent-encodes every byte but A-Z a-z 0-9 - . _ ~ (a path segment).
std::string PathSegment(std::string_view s);

// JSON API (docs/api.md, docs/openapi.json).
Reply ApiStories(Store& store, const Params& p);
Reply ApiStory(Store& store, const std::string& id);
Reply ApiArticle(Store& store, const std::string& id);
Reply ApiSearch(Store& store, const Params& p);
Reply ApiEntities(Store& store, const Params& p);
Reply ApiEntity(Store& store, const std::string& name);
Reply ApiOutlets(Store& store);
Reply ApiOutlet(Store& store, const std::string& name);
// The JSON Lines body ingested in one batch; the stories it touched.
Reply ApiIngest(Store& writer, const std::string& body);
const std::string& OpenApiJson();  // the checked-in docs/openapi.json, embedded at build time

// HTML pages (server-rendered; every untrusted field escaped).
Reply PageHome(Store& store, const Params& p);
Reply PageStory(Store& store, const std::string& id);
Reply PageArticle(Store& store, const std::string& id);
Reply PageOutlets(Store& store);
Reply PageOutlet(Store& store, const std::string& name);
Reply PageEntity(Store& store, const std::string& name);
Reply PageSearch(Store& store, const Params& p);
Reply PageError(int status, const std::string& message);
const std::string& StyleSheet();  // /static/style.css
const std::string& Icon();        // /static/icon.svg and /favicon.ico

}  // namespace parallax::serve_internal
