#pragma once
// The boosted trees moved to src/learn (a lower module, so that ingest's
// learned block classifier can use them too); this header keeps the old
// include path working for analyze and eval.
//
//   #include "analyze/boosting.h"   // same as "learn/boosting.h"

#include "learn/boosting.h"
