#pragma once
// Moves edits computed against `base` onto `current` when only text outside the
// edited ranges changed: a three-way merge by lines through dtl, and by characters
// within changed lines, so two fixes on one line (braces and nullptr on one `if`) both
// apply. A fix conflicts when its bytes, the words they touch or the bytes right
// around them changed.
#include <string>
#include <string_view>
#include <vector>

#include "core/model/improvement.h"

namespace tars {

struct RebaseResult {
  bool ok = false;
  std::vector<TextEdit> edits;  // shifted onto current when ok
  std::string conflict;         // why not, e.g. "line 12 was changed"
};

RebaseResult rebase_edits(std::string_view base, std::string_view current,
                          const std::vector<TextEdit>& edits);

}  // namespace tars
