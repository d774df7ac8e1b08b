#include "store/codec.h"

#include <nlohmann/json.hpp>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <set>

namespace parallax::store_internal {

namespace {

using json = nlohmann::json;


json CitesJ(const std::vector<Citation>& cs) {
  json a = json::array();
  for (const Citation& c : cs) {
    json x = {c.article, c.span.begin, c.span.end};
    if (c.partial) x.push_back(1);  // a fact's partial match
    a.push_back(std::move(x));
  }
  return a;
}
std::vector<Citation> CitesOf(const json& j) {
  std::vector<Citation> out;
  for (const json& c : j) {
    out.push_back({c.at(0).get<std::string>(), Span{c.at(1).get<std::uint32_t>(), c.at(2).get<std::uint32_t>()},
                   c.size() > 3 && c.at(3).get<int>() != 0});
  }
  return out;
}

json FactJ(const Fact& f) { return {{"t", f.text}, {"s", f.sources}, {"c", CitesJ(f.citations)}}; }
Fact FactOf(const json& j) {
  Fact f;
  f.text = j.at("t").get<std::string>();
  f.sources = j.at("s").get<std::vector<std::string>>();
  f.citations = CitesOf(j.at("c"));
  return f;
}
json FactsJ(const std::vector<Fact>& fs) {
  json a = json::array();
  for (const Fact& f : fs) a.push_back(FactJ(f));
  return a;
}
std::vector<Fact> FactsOf(const json& j) {
  std::vector<Fact> out;
  for (const json& f : j) out.push_back(FactOf(f));
  return out;
}

EntityType EntityTypeOf(int v) {
  switch (v) {
    case 0: return EntityType::kPerson;
    case 1: return EntityType::kOrganization;
    case 2: return EntityType::kPlace;
    default: return EntityType::kOther;
  }
}

DateGranularity GranularityOf(int v) {
  switch (v) {
    case 1: return DateGranularity::kWeek;
    case 2: return DateGranularity::kMonth;
    case 3: return DateGranularity::kYear;
    default: return DateGranularity::kDay;
  }
}

}  // namespace

// 'Z', the JSON's size (4 bytes, little-endian), then zlib data. A story's
// JSON is repetitive (citations, spans): it shrinks about sixfold.
std::string Pack(const std::string& text) {
  uLongf bound = compressBound(static_cast<uLong>(text.size()));
  std::string out(5 + bound, '\0');
  out[0] = 'Z';
  const auto n = static_cast<std::uint32_t>(text.size());
  for (int i = 0; i < 4; ++i) out[1 + i] = static_cast<char>((n >> (8 * i)) & 0xff);
  if (compress2(reinterpret_cast<Bytef*>(&out[5]), &bound, reinterpret_cast<const Bytef*>(text.data()),
                static_cast<uLong>(text.size()), 6) != Z_OK) {
    return text;  // stored plain; Unpack reads both
  }
  out.resize(5 + bound);
  return out;
}

std::optional<std::string> CompressText(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::string out(ZSTD_compressBound(text.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 9);
  if (ZSTD_isError(n) || n >= text.size()) return std::nullopt;
  out.resize(n);
  return out;
}

bool IsCompressedText(std::string_view bytes) {
  return bytes.size() >= 4 && static_cast<unsigned char>(bytes[0]) == 0x28 && static_cast<unsigned char>(bytes[1]) == 0xb5 &&
         static_cast<unsigned char>(bytes[2]) == 0x2f && static_cast<unsigned char>(bytes[3]) == 0xfd;
}

std::optional<std::string> DecompressText(std::string_view frame) {
  const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (std::uint64_t{1} << 32)) {
    return std::nullopt;
  }
  // One context per thread, kept: ZSTD_decompress makes and frees one per
  // call, which cost more than decompressing a snippet's ~2 KB text.
  struct Context {
    ZSTD_DCtx* dctx = ZSTD_createDCtx();
    ~Context() { ZSTD_freeDCtx(dctx); }
  };
  thread_local Context context;
  if (!context.dctx) return std::nullopt;
  std::string out(static_cast<std::size_t>(size), '\0');
  const std::size_t n = ZSTD_decompressDCtx(context.dctx, out.data(), out.size(), frame.data(), frame.size());
  if (ZSTD_isError(n) || n != size) return std::nullopt;
  return out;
}

std::string StorySearchBody(const Story& s) {
  std::string body;
  for (const SummarySentence& ss : s.summary) body += ss.text + "\n";
  for (const Quote& q : s.quotes) body += q.speaker + ": " + q.text + "\n";
  for (const Entity& e : s.entities) body += e.name + "\n";
  return body;
}

namespace {

// nlohmann's SAX events over a stored report: the strings StorySearchBody
// reads, gathered by where they stand (top level depth 1, the lists' items
// depth 3), everything else skipped without building a value.
class BodySax {
 public:
  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(json::number_integer_t) { return true; }
  bool number_unsigned(json::number_unsigned_t) { return true; }
  bool number_float(json::number_float_t, const std::string&) { return true; }
  bool binary(json::binary_t&) { return true; }
  bool start_object(std::size_t) {
    ++depth_;
    if (depth_ == 3) speaker_.reset(), text_.reset();
    return true;
  }
  bool end_object() {
    if (depth_ == 3 && section_ != Section::kOther) {
      // Every item must have what the body reads (as DecodeStory requires).
      if (!text_ || (section_ == Section::kQuotes && !speaker_)) return ok_ = false;
      if (section_ == Section::kSummary) summary_ += *text_ + "\n";
      if (section_ == Section::kQuotes) quotes_ += *speaker_ + ": " + *text_ + "\n";
      if (section_ == Section::kEntities) entities_ += *text_ + "\n";
    }
    --depth_;
    return true;
  }
  bool start_array(std::size_t) {
    ++depth_;
    if (depth_ == 3 && section_ != Section::kOther) ok_ = false;  // an item that is not an object
    return ok_;
  }
  bool end_array() {
    --depth_;
    return true;
  }
  bool key(std::string& k) {
    if (depth_ == 1) {
      section_ = k == "summary" ? Section::kSummary : k == "quotes" ? Section::kQuotes
                 : k == "entities" ? Section::kEntities : Section::kOther;
      seen_ |= section_ == Section::kSummary ? 1 : section_ == Section::kQuotes ? 2 : section_ == Section::kEntities ? 4 : 0;
    }
    if (depth_ == 3) key_ = k;
    return true;
  }
  bool string(std::string& v) {
    if (depth_ == 2 && section_ != Section::kOther) return ok_ = false;  // an item that is not an object
    if (depth_ != 3 || section_ == Section::kOther) return true;
    const char* want = section_ == Section::kEntities ? "n" : "t";
    if (key_ == want) text_ = std::move(v);
    else if (section_ == Section::kQuotes && key_ == "sp") speaker_ = std::move(v);
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return ok_ = false; }

  std::optional<std::string> Body() const {
    if (!ok_ || depth_ != 0 || seen_ != 7) return std::nullopt;
    return summary_ + quotes_ + entities_;
  }

 private:
  enum class Section { kSummary, kQuotes, kEntities, kOther };
  int depth_ = 0;
  int seen_ = 0;  // bits: summary, quotes, entities
  bool ok_ = true;
  Section section_ = Section::kOther;
  std::string key_;
  std::optional<std::string> speaker_, text_;
  std::string summary_, quotes_, entities_;
};

}  // namespace

std::optional<std::string> StorySearchBodyOf(const std::string& blob) {
  std::optional<std::string> text = Unpack(blob);
  if (!text) return std::nullopt;
  BodySax sax;
  try {
    if (!json::sax_parse(*text, &sax)) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return sax.Body();
}

std::optional<std::string> Unpack(const std::string& blob) {
  if (blob.empty() || blob[0] != 'Z') return blob;
  if (blob.size() < 5) return std::nullopt;
  std::uint32_t n = 0;
  for (int i = 0; i < 4; ++i) n |= static_cast<std::uint32_t>(static_cast<unsigned char>(blob[1 + i])) << (8 * i);
  if (n > (1u << 30)) return std::nullopt;
  std::string out(n, '\0');
  uLongf len = n;
  if (uncompress(reinterpret_cast<Bytef*>(out.data()), &len, reinterpret_cast<const Bytef*>(blob.data() + 5),
                 static_cast<uLong>(blob.size() - 5)) != Z_OK ||
      len != n) {
    return std::nullopt;
  }
  return out;
}

std::string EncodeStory(const Story& s) {
  json summary = json::array();
  for (const SummarySentence& ss : s.summary) {
    summary.push_back({{"t", ss.text}, {"s", ss.sources}, {"o", CitesJ({ss.origin})}});
  }
  json conflicts = json::array();
  for (const Conflict& c : s.conflicts) {
    conflicts.push_back({{"sides", FactsJ(c.sides)}, {"q", c.quantity}, {"u", c.update}, {"d", c.dates}});
  }
  json quotes = json::array();
  for (const Quote& q : s.quotes) {
    quotes.push_back({{"sp", q.speaker}, {"t", q.text}, {"p", q.partial}, {"cue", q.cue}, {"s", q.sources},
                      {"c", CitesJ(q.citations)}, {"sc", CitesJ(q.speaker_citations)}});
  }
  json entities = json::array();
  for (const Entity& e : s.entities) {
    json spans = json::array();
    for (const EntityMention& m : e.spans) spans.push_back({m.article, m.span.begin, m.span.end});
    entities.push_back({{"n", e.name}, {"ty", static_cast<int>(e.type)}, {"a", e.aliases}, {"m", e.mentions},
                        {"s", e.sources}, {"sp", spans}});
  }
  json framing = json::array();
  for (const OutletFraming& f : s.framing) {
    json terms = json::array();
    for (const FramingTerm& t : f.terms) terms.push_back({t.term, t.z, t.count, t.significant});
    framing.push_back({{"o", f.outlet}, {"a", f.articles}, {"t", terms}});
  }
  json timeline = json::array();
  for (const TimelineEntry& e : s.timeline) {
    timeline.push_back({{"d", e.date ? json(*e.date) : json(nullptr)}, {"g", static_cast<int>(e.granularity)},
                        {"m", e.modifier}, {"r", e.relative}, {"t", e.text}, {"s", e.sources},
                        {"c", CitesJ(e.citations)}, {"x", CitesJ(e.expressions)}});
  }
  json j = {{"id", s.id},          {"title", s.title},   {"articles", s.articles},
            {"summary", summary},  {"facts", FactsJ(s.facts)}, {"single", FactsJ(s.single_source)},
            {"conflicts", conflicts}, {"quotes", quotes}, {"entities", entities},
            {"framing", framing},  {"timeline", timeline}};
  return Pack(j.dump(-1, ' ', false, json::error_handler_t::replace));
}

Result<Story> DecodeStory(const std::string& blob) {
  std::optional<std::string> text = Unpack(blob);
  if (!text) return InvalidInput("stored story is damaged: cannot decompress it");
  try {
    const json j = json::parse(*text);
    Story s;
    s.id = j.at("id").get<std::string>();
    s.title = j.at("title").get<std::string>();
    s.articles = j.at("articles").get<std::vector<std::string>>();
    for (const json& ss : j.at("summary")) {
      SummarySentence x;
      x.text = ss.at("t").get<std::string>();
      x.sources = ss.at("s").get<std::vector<std::string>>();
      std::vector<Citation> o = CitesOf(ss.at("o"));
      if (!o.empty()) x.origin = o[0];
      s.summary.push_back(std::move(x));
    }
    s.facts = FactsOf(j.at("facts"));
    s.single_source = FactsOf(j.at("single"));
    for (const json& c : j.at("conflicts")) {
      Conflict x;
      if (c.is_array()) {  // stored before conflicts had a quantity
        x.sides = FactsOf(c);
      } else {
        x.sides = FactsOf(c.at("sides"));
        x.quantity = c.at("q").get<std::string>();
        x.update = c.at("u").get<bool>();
        x.dates = c.at("d").get<std::vector<std::string>>();
      }
      s.conflicts.push_back(std::move(x));
    }
    for (const json& q : j.at("quotes")) {
      Quote x;
      x.speaker = q.at("sp").get<std::string>();
      x.text = q.at("t").get<std::string>();
      x.partial = q.at("p").get<bool>();
      x.cue = q.at("cue").get<std::string>();
      x.sources = q.at("s").get<std::vector<std::string>>();
      x.citations = CitesOf(q.at("c"));
      x.speaker_citations = CitesOf(q.at("sc"));
      s.quotes.push_back(std::move(x));
    }
    for (const json& e : j.at("entities")) {
      Entity x;
      x.name = e.at("n").get<std::string>();
      x.type = EntityTypeOf(e.at("ty").get<int>());
      x.aliases = e.at("a").get<std::vector<std::string>>();
      x.mentions = e.at("m").get<int>();
      x.sources = e.at("s").get<std::vector<std::string>>();
      for (const json& m : e.at("sp")) {
        x.spans.push_back({m.at(0).get<std::string>(), Span{m.at(1).get<std::uint32_t>(), m.at(2).get<std::uint32_t>()}});
      }
      s.entities.push_back(std::move(x));
    }
    for (const json& f : j.at("framing")) {
      OutletFraming x;
      x.outlet = f.at("o").get<std::string>();
      x.articles = f.at("a").get<std::vector<std::string>>();
      for (const json& t : f.at("t")) {
        x.terms.push_back({t.at(0).get<std::string>(), t.at(1).get<double>(), t.at(2).get<int>(), t.at(3).get<bool>()});
      }
      s.framing.push_back(std::move(x));
    }
    for (const json& e : j.at("timeline")) {
      TimelineEntry x;
      if (!e.at("d").is_null()) x.date = e.at("d").get<std::string>();
      x.granularity = GranularityOf(e.at("g").get<int>());
      x.modifier = e.at("m").get<std::string>();
      x.relative = e.at("r").get<std::string>();
      x.text = e.at("t").get<std::string>();
      x.sources = e.at("s").get<std::vector<std::string>>();
      x.citations = CitesOf(e.at("c"));
      x.expressions = CitesOf(e.at("x"));
      s.timeline.push_back(std::move(x));
    }
    return s;
  } catch (const std::exception& e) {
    return InvalidInput(std::string("stored story is damaged: ") + e.what());
  }
}

std::string EncodeRemoved(const std::vector<RemovedBlock>& removed) {
  json a = json::array();
  for (const RemovedBlock& b : removed) a.push_back({b.text, b.reason, b.at});
  return a.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<RemovedBlock> DecodeRemoved(const std::string& blob) {
  std::vector<RemovedBlock> out;
  try {
    for (const json& b : json::parse(blob)) {
      out.push_back({b.at(0).get<std::string>(), b.at(1).get<std::string>(), b.at(2).get<std::uint32_t>()});
    }
  } catch (const std::exception&) {
    out.clear();  // removed blocks only help attribution; a damaged list is dropped
  }
  return out;
}

std::string StoryDigest(const Story& story, const std::function<std::string(const std::string&)>& outlet_of) {
  std::set<std::string> outlets;
  for (const std::string& a : story.articles) outlets.insert(outlet_of(a));
  auto fact_j = [&](const Fact& f) {
    std::set<std::string> fo;
    for (const std::string& a : f.sources) fo.insert(outlet_of(a));
    json cites = json::array();
    for (const Citation& c : f.citations) cites.push_back(c.article + ":" + std::to_string(c.span.begin));
    return json{{"t", f.text}, {"o", fo}, {"c", cites}};
  };
  json facts = json::array();
  for (const Fact& f : story.facts) facts.push_back(fact_j(f));
  json conflicts = json::array();
  for (const Conflict& c : story.conflicts) {
    std::string text;
    for (const Fact& side : c.sides) text += (text.empty() ? "" : " | ") + side.text;
    conflicts.push_back(text);
  }
  json quotes = json::array();
  for (const Quote& q : story.quotes) quotes.push_back({q.speaker, q.text});
  json j = {{"outlets", outlets}, {"facts", facts}, {"conflicts", conflicts}, {"quotes", quotes}};
  return Pack(j.dump(-1, ' ', false, json::error_handler_t::replace));
}

std::vector<StoryChange> DiffDigests(const std::string& before, const std::string& now) {
  std::vector<StoryChange> out;
  json b = json::object(), n = json::object();
  try {
    if (!before.empty()) b = json::parse(Unpack(before).value_or("{}"));
    n = json::parse(Unpack(now).value_or("{}"));
  } catch (const std::exception&) {
    return out;
  }
  auto list = [](const json& j, const char* key) { return j.contains(key) ? j.at(key) : json::array(); };
  std::set<std::string> old_outlets;
  for (const json& o : list(b, "outlets")) old_outlets.insert(o.get<std::string>());
  for (const json& o : list(n, "outlets")) {
    if (!old_outlets.count(o.get<std::string>())) out.push_back({"new_outlet", o.get<std::string>(), "", 0, 0});
  }
  const json old_facts = list(b, "facts");
  for (const json& f : list(n, "facts")) {
    const json* match = nullptr;
    for (const json& g : old_facts) {
      if (g.at("t") == f.at("t")) match = &g;
    }
    if (!match) {
      std::set<std::string> cites;
      for (const json& c : f.at("c")) cites.insert(c.get<std::string>());
      for (const json& g : old_facts) {
        for (const json& c : g.at("c")) {
          if (!match && cites.count(c.get<std::string>())) match = &g;
        }
      }
    }
    const std::size_t now_o = f.at("o").size();
    if (!match) {
      out.push_back({"new_fact", f.at("t").get<std::string>(), "", 0, now_o});
    } else if (match->at("o").size() != now_o) {
      const std::size_t was = match->at("o").size();
      out.push_back({now_o > was ? "fact_gained_support" : "fact_lost_support", f.at("t").get<std::string>(), "", was,
                     now_o});
    }
  }
  std::set<std::string> old_conflicts;
  for (const json& c : list(b, "conflicts")) old_conflicts.insert(c.get<std::string>());
  for (const json& c : list(n, "conflicts")) {
    if (!old_conflicts.count(c.get<std::string>())) out.push_back({"new_conflict", c.get<std::string>(), "", 0, 0});
  }
  std::set<std::string> old_quotes;
  for (const json& q : list(b, "quotes")) old_quotes.insert(q.at(1).get<std::string>());
  for (const json& q : list(n, "quotes")) {
    if (!old_quotes.count(q.at(1).get<std::string>())) {
      out.push_back({"new_quote", q.at(1).get<std::string>(), q.at(0).get<std::string>(), 0, 0});
    }
  }
  return out;
}

}  // namespace parallax::store_internal
