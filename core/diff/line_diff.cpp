#include "core/diff/line_diff.h"

#include <dtl/dtl.hpp>

namespace tars {

namespace {

// Lines (or bytes) of both sides from which dtl bounds the memory of its path.
constexpr std::size_t kHugeDiff = 20000;

}  // namespace

Lines::Lines(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    end = end == std::string_view::npos ? text.size() : end + 1;
    starts.push_back(pos);
    lines.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  starts.push_back(text.size());
}

std::vector<long> match_lines(const std::vector<std::string_view>& before,
                              const std::vector<std::string_view>& after) {
  std::vector<long> match(before.size(), kUnmatched);
  std::size_t prefix = 0;
  while (prefix < before.size() && prefix < after.size() && before[prefix] == after[prefix]) {
    match[prefix] = static_cast<long>(prefix);
    ++prefix;
  }
  std::size_t suffix = 0;
  while (suffix < before.size() - prefix && suffix < after.size() - prefix &&
         before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix]) {
    match[before.size() - 1 - suffix] = static_cast<long>(after.size() - 1 - suffix);
    ++suffix;
  }
  std::vector<std::string_view> a(before.begin() + static_cast<long>(prefix),
                                  before.end() - static_cast<long>(suffix));
  std::vector<std::string_view> b(after.begin() + static_cast<long>(prefix),
                                  after.end() - static_cast<long>(suffix));
  if (a.empty() || b.empty()) return match;

  dtl::Diff<std::string_view, std::vector<std::string_view>> diff(a, b);
  // Bounded memory on large rewrites. Only then: dtl's huge mode reserves 48 MB for its
  // path on every compose, which made each small diff (a rebase's line, a review of a
  // short file) cost an allocation of that size.
  if (a.size() + b.size() > kHugeDiff) diff.onHuge();
  diff.compose();
  for (const auto& [line, info] : diff.getSes().getSequence())
    if (info.type == dtl::SES_COMMON)
      match[prefix + static_cast<std::size_t>(info.beforeIdx - 1)] =
          static_cast<long>(prefix) + static_cast<long>(info.afterIdx - 1);
  return match;
}

std::vector<TextEdit> line_edits(std::string_view before, std::string_view after) {
  Lines old_lines(before), new_lines(after);
  std::vector<long> match = match_lines(old_lines.lines, new_lines.lines);
  std::vector<TextEdit> edits;
  std::size_t i = 0, j = 0;
  auto emit = [&](std::size_t old_end, std::size_t new_end) {
    if (i == old_end && j == new_end) return;
    std::size_t from = old_lines.starts[i], to = old_lines.starts[old_end];
    std::size_t new_from = new_lines.starts[j], new_to = new_lines.starts[new_end];
    edits.push_back({from, std::string(before.substr(from, to - from)),
                     std::string(after.substr(new_from, new_to - new_from))});
  };
  for (std::size_t k = 0; k < match.size(); ++k) {
    if (match[k] == kUnmatched) continue;
    emit(k, static_cast<std::size_t>(match[k]));
    i = k + 1;
    j = static_cast<std::size_t>(match[k]) + 1;
  }
  emit(old_lines.lines.size(), new_lines.lines.size());
  return edits;
}

}  // namespace tars
