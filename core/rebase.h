#pragma once
// Moves edits computed against `base` onto `current` when only text outside the
// edited ranges changed (a three-way line merge through dtl).
#include <string>
#include <string_view>
#include <vector>

#include "core/improvement.h"

namespace tars {

struct RebaseResult {
  bool ok = false;
  std::vector<TextEdit> edits;  // shifted onto current when ok
  std::string conflict;         // why not, e.g. "line 12 was changed"
};

RebaseResult rebase_edits(std::string_view base, std::string_view current,
                          const std::vector<TextEdit>& edits);

}  // namespace tars
