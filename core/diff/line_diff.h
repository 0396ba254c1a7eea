#pragma once
// diff/: text algorithms — line diff, unified diff, rebase, the patch parser.
//
// Line-level comparison shared by unified diffs and rebasing: common prefix and suffix
// are matched directly, the middle through dtl's O(ND) diff.
#include <cstddef>
#include <string_view>
#include <vector>

#include "core/model/improvement.h"

namespace tars {

// A text's lines, each with its line end ("\n", "\r\n", or none for the last line).
struct Lines {
  explicit Lines(std::string_view text);
  std::vector<std::string_view> lines;
  std::vector<std::size_t> starts;  // byte offset of each line, plus one past the end
};

inline constexpr long kUnmatched = -1;

// For each line of `before`, the index of the same line in `after`, or kUnmatched.
// Matches are increasing (a longest common subsequence).
std::vector<long> match_lines(const std::vector<std::string_view>& before,
                              const std::vector<std::string_view>& after);

// Sorted edits turning `before` into `after`: one per run of differing lines.
std::vector<TextEdit> line_edits(std::string_view before, std::string_view after);

}  // namespace tars
