#include "analyze/names.h"

#include "ner/tagger.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "text/segment.h"
#include "text/terms.h"
#include "text/utf8.h"

namespace parallax {
namespace {


const std::unordered_set<std::string>& TitleWords() {
  static const std::unordered_set<std::string> k = {
      "president", "minister", "secretary", "general", "spokesman", "spokeswoman", "spokesperson", "leader",
      "chief", "prime", "foreign", "deputy", "vice", "senator", "sen", "rep", "representative", "del", "delegate", "governor",
      "mayor", "king", "queen", "prince", "princess", "pope", "chancellor", "ambassador", "envoy", "diplomat",
      "director", "chairman", "chairwoman", "chair", "ceo", "judge", "commander", "colonel", "col", "gen", "lt",
      "lieutenant", "captain", "capt", "sgt", "sergeant", "officer", "official", "mr", "mrs", "ms", "dr",
      "professor", "prof", "sheikh", "emir", "sultan", "premier", "lawmaker", "mp", "head", "founder",
      "executive", "coach", "manager", "state", "defence", "defense", "interior", "finance", "economy", "trade",
      "health", "transport", "attorney", "inspector", "superintendent", "counterpart", "candidate", "justice",
      "speaker", "chairperson", "secretary-general", "commissioner", "admiral", "marshal", "detective",
      "constable", "bishop", "cardinal", "rabbi", "imam", "sir", "dame", "lord", "lady", "baroness", "saint",
      "operator", "worker", "boss", "analyst", "economist", "researcher", "scientist", "striker", "midfielder",
      "defender", "goalkeeper", "host", "anchor", "correspondent", "reporter", "editor", "columnist"};
  return k;
}

const std::unordered_set<std::string>& OrgHeads() {
  static const std::unordered_set<std::string> k = {
      "court", "council", "ministry", "department", "party", "union", "nations", "agency", "commission",
      "committee", "assembly", "parliament", "government", "army", "front", "bank", "company", "inc", "corp",
      "ltd", "plc", "llc", "university", "college", "school", "hospital", "news", "radio", "tv", "television",
      "times", "post", "press", "group", "organisation", "organization", "association", "federation", "office",
      "service", "forces", "force", "coalition", "embassy", "kremlin", "pentagon", "congress", "senate",
      "cabinet", "institute", "foundation", "fund", "network", "police", "navy", "guard", "board", "authority",
      "corporation", "club", "league", "alliance", "movement", "magazine", "journal", "channel", "herald",
      "tribune", "airlines", "airways", "brigade", "brigades", "church", "centre", "center", "society",
      "trust", "exchange", "reserve", "administration", "secretariat", "directorate", "command", "caucus",
      "bureau", "mission", "tribunal", "review", "daily", "weekly", "gazette", "courier", "ledger", "wire",
      "inter", "agence", "house", "fc", "united", "motors", "systems", "technologies", "labs", "laboratory",
      "railways", "railway", "authority", "unit", "division", "regiment", "battalion", "police", "taliban",
      "hamas", "hezbollah", "nato", "state's"};
  return k;
}

// Last words that make a name a place: "North Gate", "Mill Street".
const std::unordered_set<std::string>& PlaceHeads() {
  static const std::unordered_set<std::string> k = {
      "gate", "street", "square", "road", "avenue", "bridge", "river", "lake", "mountain", "mountains", "island",
      "islands", "valley", "harbour", "harbor", "airport", "station", "district", "province", "county", "region",
      "city", "town", "village", "quay", "terminal", "park", "beach", "coast", "sea", "ocean", "bay", "strait",
      "canal", "peninsula", "desert", "forest", "hill", "hills", "heights", "plaza", "boulevard", "lane", "field",
      "stadium", "arena", "port", "prefecture", "oblast", "governorate", "state", "territory", "camp", "border"};
  return k;
}

const std::unordered_set<std::string>& Places() {
  static const std::unordered_set<std::string> k = {
      // Countries and common short forms.
      "afghanistan", "albania", "algeria", "andorra", "angola", "argentina", "armenia", "australia", "austria",
      "azerbaijan", "bahamas", "bahrain", "bangladesh", "barbados", "belarus", "belgium", "belize", "benin",
      "bhutan", "bolivia", "bosnia", "botswana", "brazil", "brunei", "bulgaria", "burkina faso", "burundi",
      "cambodia", "cameroon", "canada", "chad", "chile", "china", "colombia", "comoros", "congo", "costa rica",
      "croatia", "cuba", "cyprus", "czech republic", "czechia", "denmark", "djibouti", "dominica", "ecuador",
      "egypt", "el salvador", "eritrea", "estonia", "eswatini", "ethiopia", "fiji", "finland", "france",
      "gabon", "gambia", "georgia", "germany", "ghana", "greece", "grenada", "guatemala", "guinea", "guyana",
      "haiti", "honduras", "hungary", "iceland", "india", "indonesia", "iran", "iraq", "ireland", "israel",
      "italy", "jamaica", "japan", "jordan", "kazakhstan", "kenya", "kiribati", "kosovo", "kuwait", "kyrgyzstan",
      "laos", "latvia", "lebanon", "lesotho", "liberia", "libya", "liechtenstein", "lithuania", "luxembourg",
      "madagascar", "malawi", "malaysia", "maldives", "mali", "malta", "mauritania", "mauritius", "mexico",
      "moldova", "monaco", "mongolia", "montenegro", "morocco", "mozambique", "myanmar", "burma", "namibia",
      "nauru", "nepal", "netherlands", "holland", "new zealand", "nicaragua", "niger", "nigeria", "north korea",
      "south korea", "korea", "norway", "oman", "pakistan", "palau", "palestine", "panama", "papua new guinea",
      "paraguay", "peru", "philippines", "poland", "portugal", "qatar", "romania", "russia", "rwanda", "samoa",
      "san marino", "saudi arabia", "senegal", "serbia", "seychelles", "sierra leone", "singapore", "slovakia",
      "slovenia", "somalia", "south africa", "south sudan", "spain", "sri lanka", "sudan", "suriname", "sweden",
      "switzerland", "syria", "taiwan", "tajikistan", "tanzania", "thailand", "togo", "tonga", "tunisia",
      "turkey", "turkmenistan", "tuvalu", "uganda", "ukraine", "united arab emirates", "uae", "united kingdom",
      "uk", "britain", "great britain", "england", "scotland", "wales", "northern ireland", "united states",
      "us", "usa", "america", "uruguay", "uzbekistan", "vanuatu", "vatican", "venezuela", "vietnam", "yemen",
      "zambia", "zimbabwe", "crimea", "gaza", "west bank", "kashmir", "tibet", "kurdistan", "catalonia",
      "chechnya", "darfur", "donbas", "hong kong", "macau", "greenland", "puerto rico",
      // Regions.
      "europe", "asia", "africa", "middle east", "latin america", "north america", "south america",
      "caribbean", "balkans", "scandinavia", "gulf", "arctic", "antarctica", "pacific", "atlantic",
      "mediterranean", "sahel", "siberia", "caucasus", "east africa", "west africa", "southeast asia",
      // Large cities and capitals.
      "london", "paris", "berlin", "madrid", "rome", "moscow", "washington", "new york", "beijing", "tokyo",
      "delhi", "new delhi", "mumbai", "kolkata", "chennai", "bangalore", "karachi", "lahore", "islamabad",
      "kabul", "tehran", "baghdad", "damascus", "aleppo", "homs", "idlib", "raqqa", "mosul", "beirut",
      "amman", "jerusalem", "tel aviv", "cairo", "alexandria", "riyadh", "jeddah", "mecca", "dubai",
      "abu dhabi", "doha", "ankara", "istanbul", "athens", "vienna", "prague", "warsaw", "budapest",
      "bucharest", "sofia", "belgrade", "zagreb", "kiev", "kyiv", "minsk", "vilnius", "riga", "tallinn",
      "helsinki", "stockholm", "oslo", "copenhagen", "amsterdam", "brussels", "luxembourg", "geneva",
      "zurich", "bern", "lausanne", "lisbon", "dublin", "edinburgh", "manchester", "birmingham", "liverpool",
      "glasgow", "cardiff", "belfast", "marseille", "lyon", "munich", "hamburg", "frankfurt", "milan",
      "naples", "barcelona", "seoul", "pyongyang", "shanghai", "hong kong", "singapore", "bangkok", "jakarta",
      "manila", "hanoi", "kuala lumpur", "sydney", "melbourne", "canberra", "auckland", "wellington",
      "toronto", "montreal", "vancouver", "ottawa", "chicago", "los angeles", "san francisco", "boston",
      "houston", "dallas", "miami", "atlanta", "seattle", "philadelphia", "detroit", "mexico city",
      "havana", "caracas", "bogota", "lima", "santiago", "buenos aires", "sao paulo", "rio de janeiro",
      "brasilia", "nairobi", "lagos", "abuja", "johannesburg", "cape town", "pretoria", "addis ababa",
      "khartoum", "tripoli", "benghazi", "tunis", "algiers", "rabat", "casablanca", "kinshasa", "mogadishu",
      "sanaa", "aden", "muscat", "kandahar", "westminster", "brooklyn", "manhattan",
      // US states.
      "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware",
      "florida", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine",
      "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska",
      "nevada", "new hampshire", "new jersey", "new mexico", "north carolina", "north dakota", "ohio",
      "oklahoma", "oregon", "pennsylvania", "rhode island", "south carolina", "south dakota", "tennessee",
      "texas", "utah", "vermont", "virginia", "west virginia", "wisconsin", "wyoming"};
  return k;
}

const std::unordered_set<std::string>& NotNames() {
  // Capitalised words that are not names of people, places or organisations.
  static const std::unordered_set<std::string> k = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
      "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
      "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "i", "god",
      "mr", "mrs", "ms", "dr", "am", "pm", "gmt", "utc", "ok", "tv", "internet", "web", "yes", "no"};
  return k;
}

const std::unordered_set<std::string>& Connectors() {
  static const std::unordered_set<std::string> k = {"of", "de", "al", "bin", "ibn", "la", "le", "du", "van",
                                                     "von", "der", "da", "di", "del", "el", "bint", "dos", "das"};
  return k;
}

struct Word {
  std::size_t begin, end;  // byte offsets in the text
  std::string s;           // surface, possessive stripped
  bool cap = false;        // starts with an upper-case letter (or digit inside an acronym)
  bool possessive = false;
  bool initial = false;    // first word of a sentence or of a quotation
  bool gap_before = true;  // separated from the previous word by something other than one space
};

bool IsWordChar(char32_t cp) { return u_isalnum(cp) != 0; }

// Words of one sentence, with the join rules names need ("Jean-Marc",
// "al-Assad", "U.N", "O'Brien").
std::vector<Word> Words(std::string_view text, std::size_t base, std::size_t end) {
  std::vector<Word> out;
  std::size_t i = base;
  bool initial = true;
  std::size_t prev_end = base;
  bool prev_abbrev = false;  // the previous word is an initial or a title abbreviation
  while (i < end) {
    std::size_t j = i;
    char32_t cp = DecodeUtf8(text, &j);
    if (!IsWordChar(cp)) {
      // Opening quotation marks and colons make the next word "initial".
      // Opening quotation marks, colons and sentence ends inside quotations
      // (which the sentence splitter keeps whole) make the next word
      // "initial".
      if (cp == '"' || cp == 0x201C || cp == 0x2018 || cp == ':' || cp == 0xAB || cp == '!' || cp == '?') initial = true;
      if (cp == '.' && j < end && text[j] == ' ' && !(prev_abbrev && i == prev_end)) initial = true;
      i = j;
      continue;
    }
    std::size_t b = i;
    std::size_t e = j;
    while (e < end) {
      std::size_t k = e;
      char32_t c = DecodeUtf8(text, &k);
      if (IsWordChar(c)) { e = k; continue; }
      if ((c == '-' || c == '\'' || c == 0x2019 || c == '.') && k < end) {
        std::size_t k2 = k;
        char32_t n = DecodeUtf8(text, &k2);
        if (IsWordChar(n)) { e = k2; continue; }
      }
      break;
    }
    Word w;
    w.begin = b;
    w.end = e;
    std::string_view sv = text.substr(b, e - b);
    if (sv.size() > 2 && (sv.ends_with("'s") )) { w.possessive = true; sv.remove_suffix(2); }
    else if (sv.size() > 4 && sv.ends_with("\xE2\x80\x99s")) { w.possessive = true; sv.remove_suffix(4); }
    w.end = b + sv.size();
    w.s = std::string(sv);
    std::size_t k = 0;
    char32_t first = DecodeUtf8(sv, &k);
    w.cap = u_isupper(first) || u_istitle(first);
    // "I've", "I'm", "We'll": contractions, not names.
    {
      std::string lw = ToLower(w.s);
      lw = ReplaceAll(lw, "\xE2\x80\x99", "'");
      for (const char* suffix : {"'ve", "'m", "'ll", "'d", "'re", "n't"}) {
        if (lw.ends_with(suffix)) w.cap = false;
      }
    }
    w.initial = initial;
    std::string_view between = text.substr(prev_end, b - prev_end);
    // Plural possessives stay inside a name: "Dockworkers' Union".
    bool plural_possessive = !out.empty() && out.back().s.ends_with("s") &&
                             (between == "' " || between == "\xE2\x80\x99 ");
    // An initial or a title abbreviation keeps its name together:
    // "Mary J. Blige", "Lt. Col. Ann Lee", "U.S. Open".
    bool abbreviation_dot = !out.empty() && between == ". " && prev_abbrev;
    w.gap_before = out.empty() || !(between == " " || plural_possessive || abbreviation_dot);
    initial = false;
    prev_end = w.end;
    {
      std::string lw = ToLower(w.s);
      prev_abbrev = w.cap && !w.possessive &&
                    (w.s.size() == 1 || w.s.find('.') != std::string::npos ||
                     lw == "mr" || lw == "mrs" || lw == "ms" || lw == "dr" || lw == "lt" || lw == "col" ||
                     lw == "gen" || lw == "gov" || lw == "sen" || lw == "rep" || lw == "del" || lw == "st" || lw == "jr" ||
                     lw == "sgt" || lw == "capt" || lw == "maj" || lw == "prof" || lw == "rev" || lw == "adm");
    }
    out.push_back(std::move(w));
    i = e;
  }
  return out;
}

bool IsAcronym(std::string_view s) {
  int upper = 0;
  for (char c : s) {
    if (std::islower(static_cast<unsigned char>(c))) return false;
    if (std::isupper(static_cast<unsigned char>(c))) ++upper;
  }
  return upper >= 2;
}

bool LooksDemonym(const std::string& lower) {
  // "-i" (Iraqi) and "-ic" (Islamic) are left out: too many surnames end
  // that way (Renzi, Djokovic).
  return lower.ends_with("an") || lower.ends_with("ese") || lower.ends_with("ish") || lower.ends_with("ch") ||
         lower.ends_with("ern");
}

}  // namespace

void CaseLexicon::Add(std::string_view text) {
  for (Span s : SplitSentences(text)) {
    for (const Word& w : Words(text, s.begin, s.end)) {
      if (w.initial) continue;
      auto& c = counts_[ToLower(w.s)];
      if (w.cap) ++c.second; else ++c.first;
    }
  }
}

bool CaseLexicon::IsCommonWord(std::string_view word) const {
  auto it = counts_.find(ToLower(word));
  if (it == counts_.end()) return false;
  return it->second.first > 0 && it->second.first >= it->second.second;
}

bool IsKnownPlace(std::string_view name) {
  std::string l = ToLower(name);
  l.erase(std::remove(l.begin(), l.end(), '.'), l.end());
  if (l.rfind("the ", 0) == 0) l = l.substr(4);
  return Places().count(l) > 0;
}

bool IsTitleWord(std::string_view word) { return TitleWords().count(ToLower(word)) > 0; }

bool IsOrgHeadWord(std::string_view word) { return OrgHeads().count(ToLower(word)) > 0; }

std::string NameKey(std::string_view name) {
  std::string out;
  std::string l = ReplaceAll(ToLower(name), "\xE2\x80\x99", "'");
  for (char c : l) {
    if (c == '.') continue;
    if (c == '-' || c == '\'') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  // "bashar al assad" -> "bashar assad": rebuild word by word.
  std::string key;
  std::size_t i = 0;
  while (i < out.size()) {
    std::size_t sp = out.find(' ', i);
    if (sp == std::string::npos) sp = out.size();
    std::string_view w = std::string_view(out).substr(i, sp - i);
    i = sp + 1;
    if ((w == "al" || w == "el") && i < out.size()) continue;
    if (!key.empty()) key.push_back(' ');
    key.append(w);
  }
  return key;
}

std::string SurnameKey(std::string_view name) {
  std::string k = NameKey(name);
  std::size_t sp = k.rfind(' ');
  // "ban ki moon": a hyphenated last part is the usual short form's end too.
  return sp == std::string::npos ? k : k.substr(sp + 1);
}

namespace {

std::vector<NameMention> FindNamesByRules(std::string_view text, const CaseLexicon& lexicon) {
  std::vector<NameMention> out;
  for (Span sent : SplitSentences(text)) {
    std::vector<Word> words = Words(text, sent.begin, sent.end);
    std::size_t i = 0;
    while (i < words.size()) {
      if (!words[i].cap) { ++i; continue; }
      // Grow a run of capitalised words joined by single spaces and
      // connectors; a possessive ends it.
      std::size_t j = i;
      std::size_t last_cap = i;
      while (!words[j].possessive && j + 1 < words.size() && !words[j + 1].gap_before) {
        const Word& nx = words[j + 1];
        if (nx.cap) { j = j + 1; last_cap = j; continue; }
        if (Connectors().count(ToLower(nx.s)) && j + 2 < words.size() && words[j + 2].cap && !words[j + 2].gap_before) {
          j = j + 2;
          last_cap = j;
          continue;
        }
        break;
      }
      j = last_cap;
      std::size_t b = i, e = j + 1;  // [b, e)
      i = j + 1;
      // Sentence-initial common words ("The", "After", "Officials"), unless
      // the whole run is a known place ("NEW YORK" in a dateline).
      const bool run_is_place =
          IsKnownPlace(text.substr(words[b].begin, words[e - 1].end - words[b].begin));
      while (!run_is_place && b < e && words[b].initial &&
             (IsStopWord(ToLower(words[b].s)) || lexicon.IsCommonWord(words[b].s) ||
              NotNames().count(ToLower(words[b].s)))) {
        ++b;
      }
      while (b < e && (ToLower(words[b].s) == "the" || Connectors().count(ToLower(words[b].s)))) ++b;
      if (b >= e) continue;
      // Title words before the name: "French Foreign Minister Jean-Marc Ayrault".
      std::size_t name_b = b;
      for (std::size_t k = b; k + 1 < e; ++k) {
        if (TitleWords().count(ToLower(words[k].s))) name_b = k + 1;
      }
      while (name_b < e && Connectors().count(ToLower(words[name_b].s))) ++name_b;
      bool split_ok = name_b < e;
      if (split_ok && name_b > b) {
        for (std::size_t k = name_b; k < e; ++k) {
          if (OrgHeads().count(ToLower(words[k].s))) split_ok = false;
        }
      }
      if (!split_ok) name_b = b;
      // A run of titles only ("French Foreign Minister") is a reference to
      // a person, not a name; the quote resolver reads it as a title.
      {
        bool all_titles = true;
        for (std::size_t k = name_b; k < e; ++k) {
          std::string wl = ToLower(words[k].s);
          if (!TitleWords().count(wl) && !(LooksDemonym(wl) && !Places().count(wl)) && !Connectors().count(wl)) {
            all_titles = false;
          }
        }
        if (all_titles) continue;
      }
      // "French UN", "French-Spanish UN": a nationality before an acronym.
      while (name_b + 1 < e && !Places().count(ToLower(words[name_b].s)) && IsAcronym(words[e - 1].s) &&
             !IsAcronym(words[name_b].s)) {
        std::string wl = ToLower(words[name_b].s);
        std::string last_part = wl.substr(wl.rfind('-') == std::string::npos ? 0 : wl.rfind('-') + 1);
        if (!LooksDemonym(last_part)) break;
        ++name_b;
      }
      std::string title;
      if (name_b > b) title = std::string(text.substr(words[b].begin, words[name_b - 1].end - words[b].begin));
      // Lower-case titles just before: "spokeswoman Maria Zakharova".
      if (title.empty() && b > 0) {
        for (std::size_t k = b; k-- > 0 && k + 3 >= b;) {
          if (words[k].cap || words[k].possessive) break;
          if (TitleWords().count(ToLower(words[k].s))) {
            title = std::string(text.substr(words[k].begin, words[b - 1].end - words[k].begin));
            break;
          }
        }
      }
      NameMention m;
      m.span = Span{static_cast<std::uint32_t>(words[name_b].begin), static_cast<std::uint32_t>(words[e - 1].end)};
      m.text = std::string(text.substr(m.span.begin, m.span.size()));
      m.title = title;
      const std::size_t len = e - name_b;
      const std::string lower = ToLower(m.text);
      std::string first_lower = ToLower(words[name_b].s);
      bool any_head = false, any_place_word = false, all_acronym = true;
      for (std::size_t k = name_b; k < e; ++k) {
        std::string wl = ToLower(words[k].s);
        if (OrgHeads().count(wl)) any_head = true;
        if (Places().count(wl)) any_place_word = true;
        if (!IsAcronym(words[k].s)) all_acronym = false;
      }
      if (NotNames().count(lower)) continue;
      // "Following Monday", "Last October": a day or month with one other
      // word is a date expression, not a name.
      if (len == 2 && (NotNames().count(ToLower(words[name_b].s)) || NotNames().count(ToLower(words[e - 1].s)))) continue;
      // Words set in capitals for emphasis ("CHAOS erupted", "YOUR money"):
      // an all-capital word that is a function word, or a long one opening
      // a sentence, is not an acronym.
      if (len == 1 && all_acronym && !IsKnownPlace(m.text) &&
          (IsStopWord(lower) || (words[name_b].initial && m.text.size() >= 5) || lexicon.IsCommonWord(lower))) {
        continue;
      }
      if (len == 1 && words[name_b].initial && (lexicon.IsCommonWord(m.text) || IsStopWord(lower))) continue;
      const std::string head = ToLower(words[e - 1].s);
      const bool place_of = len >= 3 && PlaceHeads().count(first_lower) && ToLower(words[name_b + 1].s) == "of";
      if (IsKnownPlace(m.text)) {
        m.type = EntityType::kPlace;
        m.confident_type = true;
      } else if (OrgHeads().count(head) && !place_of) {
        m.type = EntityType::kOrganization;
        m.confident_type = true;
      } else if ((len >= 2 && PlaceHeads().count(head)) || place_of) {
        m.type = EntityType::kPlace;
        m.confident_type = true;
      } else if (any_head) {
        m.type = EntityType::kOrganization;
        m.confident_type = true;
      } else if (all_acronym) {
        m.type = EntityType::kOrganization;
        m.confident_type = len == 1 && m.text.size() >= 3;
      } else if (!title.empty() && !any_place_word) {
        m.type = EntityType::kPerson;
        m.confident_type = true;
      } else if (len >= 2 && !any_place_word) {
        m.type = EntityType::kPerson;
      } else if (len == 1) {
        // Adjectives of nationality ("Russian bombing") are not entities.
        bool next_lower = e < words.size() && !words[e].cap && !words[e].gap_before;
        if (next_lower && LooksDemonym(lower)) continue;
        if (lexicon.IsCommonWord(m.text)) continue;
        std::string prev = name_b > 0 ? ToLower(words[name_b - 1].s) : "";
        if (prev == "in" || prev == "at" || prev == "near" || prev == "from" || prev == "outside") {
          m.type = EntityType::kPlace;
        } else {
          m.type = EntityType::kOther;
        }
      } else {
        m.type = EntityType::kOther;
      }
      out.push_back(std::move(m));
    }
  }
  return out;
}

EntityType FromNerType(int type) {
  switch (type) {
    case 0: return EntityType::kPerson;
    case 1: return EntityType::kOrganization;
    case 2: return EntityType::kPlace;
    default: return EntityType::kOther;
  }
}

bool IsLowerWordAt(std::string_view text, std::size_t at) {
  while (at < text.size() && text[at] == ' ') ++at;
  return at < text.size() && text[at] >= 'a' && text[at] <= 'z';
}

}  // namespace

std::vector<NameMention> FindNames(std::string_view text, const CaseLexicon& lexicon, const NerModel* tagger) {
  if (!tagger) return FindNamesByRules(text, lexicon);
  return FindNamesTagged(text, lexicon, tagger->FindEntities(text));
}

std::vector<NameMention> FindNamesTagged(std::string_view text, const CaseLexicon& lexicon,
                                         const std::vector<NerModel::Entity>& tagged) {
  std::vector<NameMention> rules = FindNamesByRules(text, lexicon);
  std::vector<NameMention> out;
  // Rule mentions in text order (the usual case) are searched from a cursor,
  // so a long text costs one pass, not one scan of all rules per entity.
  const bool ordered = std::is_sorted(rules.begin(), rules.end(), [](const NameMention& a, const NameMention& b) {
    return a.span.end < b.span.end || (a.span.end == b.span.end && a.span.begin < b.span.begin);
  }) && std::is_sorted(rules.begin(), rules.end(), [](const NameMention& a, const NameMention& b) { return a.span.begin < b.span.begin; });
  std::size_t cursor = 0;
  for (const NerModel::Entity& e : tagged) {
    if (e.begin >= e.end || e.end > text.size()) continue;  // not this text's (a damaged cache)
    NameMention m;
    m.span = Span{e.begin, e.end};
    m.type = FromNerType(e.type);
    m.confident_type = true;
    const std::string_view surface = text.substr(e.begin, e.end - e.begin);
    // "Russian bombing", "French officials": a nationality used as an
    // adjective names no entity of the story.
    if (m.type == EntityType::kOther && surface.find(' ') == std::string_view::npos &&
        (LooksDemonym(ToLower(surface)) || IsLowerWordAt(text, e.end))) {
      continue;
    }
    // The rules know the title words in front of a person.
    if (ordered) {
      while (cursor < rules.size() && rules[cursor].span.end <= e.begin) ++cursor;
      // Entities come in text order; one that starts earlier than the last
      // (never expected) restarts the search.
      if (cursor > 0 && rules[cursor - 1].span.end > e.begin) cursor = 0;
    }
    for (std::size_t ri = ordered ? cursor : 0; ri < rules.size(); ++ri) {
      const NameMention& r = rules[ri];
      if (r.span.end <= e.begin || r.span.begin >= e.end) continue;
      if (r.span.begin == e.begin || (r.span.begin > e.begin && !r.title.empty())) {
        m.title = r.title;
        if (r.span.begin > e.begin) m.span.begin = r.span.begin;  // the tagger took a title word in
      }
      break;
    }
    if (m.title.empty() && m.type == EntityType::kPerson) {
      // Lower-case title just before: "spokeswoman Maria Zakharova".
      std::size_t k = m.span.begin;
      while (k > 0 && text[k - 1] == ' ') --k;
      std::size_t w = k;
      while (w > 0 && ((text[w - 1] >= 'a' && text[w - 1] <= 'z') || text[w - 1] == '-')) --w;
      if (w < k && IsTitleWord(text.substr(w, k - w))) m.title = std::string(text.substr(w, k - w));
    }
    m.text = std::string(text.substr(m.span.begin, m.span.size()));
    if (m.text.empty()) continue;
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace parallax
