#include "model/model.h"

namespace parallax {

const char* EntityTypeName(EntityType t) {
  switch (t) {
    case EntityType::kPerson: return "person";
    case EntityType::kOrganization: return "organization";
    case EntityType::kPlace: return "place";
    case EntityType::kOther: return "other";
  }
  return "other";
}

const char* DateGranularityName(DateGranularity g) {
  switch (g) {
    case DateGranularity::kDay: return "day";
    case DateGranularity::kWeek: return "week";
    case DateGranularity::kMonth: return "month";
    case DateGranularity::kYear: return "year";
  }
  return "day";
}

}  // namespace parallax
