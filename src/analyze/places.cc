#include "analyze/places.h"

#include <string_view>
#include <vector>

#include "text/segment.h"
#include "text/terms.h"

namespace parallax::analyze_internal {
namespace {

// Country|demonyms|capitals (comma-separated; empty when ambiguous, such
// as capitals that are common words or names elsewhere).
constexpr const char* kPlaces[] = {
    "Afghanistan|Afghan|Kabul",
    "Albania|Albanian|Tirana",
    "Algeria|Algerian|Algiers",
    "Andorra|Andorran|",
    "Angola|Angolan|Luanda",
    "Argentina|Argentine,Argentinian|",
    "Armenia|Armenian|Yerevan",
    "Australia|Australian|Canberra",
    "Austria|Austrian|Vienna",
    "Azerbaijan|Azerbaijani|Baku",
    "Bahamas|Bahamian|Nassau",
    "Bahrain|Bahraini|Manama",
    "Bangladesh|Bangladeshi|Dhaka",
    "Barbados|Barbadian|",
    "Belarus|Belarusian|Minsk",
    "Belgium|Belgian|Brussels",
    "Belize|Belizean|Belmopan",
    "Benin|Beninese|",
    "Bhutan|Bhutanese|Thimphu",
    "Bolivia|Bolivian|",
    "Bosnia|Bosnian|Sarajevo",
    "Botswana|Botswanan|Gaborone",
    "Brazil|Brazilian|Brasilia",
    "Brunei|Bruneian|",
    "Bulgaria|Bulgarian|Sofia",
    "Burundi|Burundian|Gitega",
    "Cambodia|Cambodian|",
    "Cameroon|Cameroonian|Yaounde",
    "Canada|Canadian|Ottawa",
    "Chile|Chilean|",
    "China|Chinese|Beijing",
    "Colombia|Colombian|Bogota",
    "Comoros|Comoran|",
    "Congo|Congolese|Kinshasa,Brazzaville",
    "Croatia|Croatian|Zagreb",
    "Cuba|Cuban|Havana",
    "Cyprus|Cypriot|Nicosia",
    "Czechia|Czech|Prague",
    "Denmark|Danish|Copenhagen",
    "Djibouti|Djiboutian|",
    "Ecuador|Ecuadorian|Quito",
    "Egypt|Egyptian|Cairo",
    "Eritrea|Eritrean|Asmara",
    "Estonia|Estonian|Tallinn",
    "Eswatini|Swazi|Mbabane",
    "Ethiopia|Ethiopian|Addis",
    "Fiji|Fijian|Suva",
    "Finland|Finnish|Helsinki",
    "France|French|Paris",
    "Gabon|Gabonese|Libreville",
    "Gambia|Gambian|Banjul",
    "Germany|German|Berlin",
    "Ghana|Ghanaian|Accra",
    "Greece|Greek|Athens",
    "Grenada|Grenadian|",
    "Guatemala|Guatemalan|",
    "Guinea|Guinean|Conakry",
    "Guyana|Guyanese|",
    "Haiti|Haitian|",
    "Honduras|Honduran|Tegucigalpa",
    "Hungary|Hungarian|Budapest",
    "Iceland|Icelandic|Reykjavik",
    "India|Indian|Delhi",
    "Indonesia|Indonesian|Jakarta",
    "Iran|Iranian|Tehran",
    "Iraq|Iraqi|Baghdad",
    "Ireland|Irish|Dublin",
    "Israel|Israeli|Jerusalem",
    "Italy|Italian|Rome",
    "Jamaica|Jamaican|",
    "Japan|Japanese|Tokyo",
    "Jordan|Jordanian|Amman",
    "Kazakhstan|Kazakh|Astana",
    "Kenya|Kenyan|Nairobi",
    "Kiribati||Tarawa",
    "Kosovo|Kosovar|Pristina",
    "Kuwait|Kuwaiti|",
    "Kyrgyzstan|Kyrgyz|Bishkek",
    "Laos|Laotian|Vientiane",
    "Latvia|Latvian|Riga",
    "Lebanon|Lebanese|Beirut",
    "Lesotho||Maseru",
    "Liberia|Liberian|Monrovia",
    "Libya|Libyan|Tripoli",
    "Liechtenstein||Vaduz",
    "Lithuania|Lithuanian|Vilnius",
    "Luxembourg|Luxembourgish|",
    "Madagascar|Malagasy|Antananarivo",
    "Malawi|Malawian|Lilongwe",
    "Malaysia|Malaysian|",
    "Maldives|Maldivian|",
    "Mali|Malian|Bamako",
    "Malta|Maltese|Valletta",
    "Mauritania|Mauritanian|Nouakchott",
    "Mauritius|Mauritian|",
    "Mexico|Mexican|",
    "Moldova|Moldovan|Chisinau",
    "Monaco|Monegasque|",
    "Mongolia|Mongolian|Ulaanbaatar",
    "Montenegro|Montenegrin|Podgorica",
    "Morocco|Moroccan|Rabat",
    "Mozambique|Mozambican|Maputo",
    "Myanmar|Burmese|Naypyidaw",
    "Namibia|Namibian|Windhoek",
    "Nauru|Nauruan|",
    "Nepal|Nepali,Nepalese|Kathmandu",
    "Netherlands|Dutch|Amsterdam",
    "Nicaragua|Nicaraguan|Managua",
    "Niger|Nigerien|Niamey",
    "Nigeria|Nigerian|Abuja",
    "Norway|Norwegian|Oslo",
    "Oman|Omani|Muscat",
    "Pakistan|Pakistani|Islamabad",
    "Palau|Palauan|",
    "Palestine|Palestinian|Ramallah",
    "Panama|Panamanian|",
    "Paraguay|Paraguayan|Asuncion",
    "Peru|Peruvian|Lima",
    "Philippines|Filipino,Philippine|Manila",
    "Poland|Polish|Warsaw",
    "Portugal|Portuguese|Lisbon",
    "Qatar|Qatari|Doha",
    "Romania|Romanian|Bucharest",
    "Russia|Russian|Moscow,Kremlin",
    "Rwanda|Rwandan|Kigali",
    "Samoa|Samoan|Apia",
    "Senegal|Senegalese|Dakar",
    "Serbia|Serbian|Belgrade",
    "Seychelles|Seychellois|",
    "Singapore|Singaporean|",
    "Slovakia|Slovak|Bratislava",
    "Slovenia|Slovenian,Slovene|Ljubljana",
    "Somalia|Somali|Mogadishu",
    "Spain|Spanish|Madrid",
    "Sudan|Sudanese|Khartoum",
    "Suriname|Surinamese|Paramaribo",
    "Sweden|Swedish|Stockholm",
    "Switzerland|Swiss|Bern",
    "Syria|Syrian|Damascus",
    "Taiwan|Taiwanese|Taipei",
    "Tajikistan|Tajik|Dushanbe",
    "Tanzania|Tanzanian|Dodoma",
    "Thailand|Thai|Bangkok",
    "Togo|Togolese|Lome",
    "Tonga|Tongan|",
    "Tunisia|Tunisian|Tunis",
    "Turkey|Turkish|Ankara",
    "Turkmenistan|Turkmen|Ashgabat",
    "Tuvalu|Tuvaluan|Funafuti",
    "Uganda|Ugandan|Kampala",
    "Ukraine|Ukrainian|Kyiv,Kiev",
    "Uruguay|Uruguayan|Montevideo",
    "Uzbekistan|Uzbek|Tashkent",
    "Vanuatu||",
    "Venezuela|Venezuelan|Caracas",
    "Vietnam|Vietnamese|Hanoi",
    "Yemen|Yemeni|Sanaa",
    "Zambia|Zambian|Lusaka",
    "Zimbabwe|Zimbabwean|Harare",
    "Britain|British|London",
    "America|American|Washington",
    "Saudi|Saudi|Riyadh",
};

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0;;) {
    const std::size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

}  // namespace

const std::unordered_map<std::string, std::string>& PlaceStemAliases() {
  static const std::unordered_map<std::string, std::string> aliases = [] {
    std::unordered_map<std::string, std::string> out;
    Stemmer stemmer;
    for (const char* row : kPlaces) {
      const std::vector<std::string_view> fields = Split(row, '|');
      const std::string country = stemmer.Stem(ToLower(fields[0]));
      for (std::size_t f = 1; f < fields.size(); ++f) {
        for (std::string_view name : Split(fields[f], ',')) {
          if (!name.empty()) out.emplace(stemmer.Stem(ToLower(name)), country);
        }
      }
    }
    return out;
  }();
  return aliases;
}

}  // namespace parallax::analyze_internal
