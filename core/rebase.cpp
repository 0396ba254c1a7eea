#include "core/rebase.h"

#include <algorithm>

#include "core/line_diff.h"

namespace tars {

namespace {

// The line holding byte `offset` (an offset at the very end belongs to the last line).
std::size_t line_of(const Lines& text, std::size_t offset) {
  auto it = std::upper_bound(text.starts.begin(), text.starts.end() - 1, offset);
  std::size_t line = static_cast<std::size_t>(it - text.starts.begin()) - 1;
  return std::min(line, text.lines.size() - 1);
}

}  // namespace

RebaseResult rebase_edits(std::string_view base, std::string_view current,
                          const std::vector<TextEdit>& edits) {
  RebaseResult result;
  if (base == current) {
    result.ok = true;
    result.edits = edits;
    return result;
  }
  Lines before(base), after(current);
  if (before.lines.empty()) {
    result.conflict = "the file was empty when the improvement was made";
    return result;
  }
  std::vector<long> match = match_lines(before.lines, after.lines);
  for (const TextEdit& edit : edits) {
    std::size_t first = line_of(before, edit.offset);
    std::size_t last =
        edit.old_text.empty() ? first : line_of(before, edit.offset + edit.old_text.size() - 1);
    for (std::size_t line = first; line <= last; ++line) {
      bool kept =
          match[line] != kUnmatched && (line == first || match[line] == match[line - 1] + 1);
      if (!kept) {
        result.conflict = "line " + std::to_string(line + 1) + " changed";
        return result;
      }
    }
    TextEdit moved = edit;
    moved.offset =
        after.starts[static_cast<std::size_t>(match[first])] + (edit.offset - before.starts[first]);
    if (current.substr(std::min(moved.offset, current.size()), edit.old_text.size()) !=
        edit.old_text) {
      result.conflict = "line " + std::to_string(first + 1) + " changed";
      return result;
    }
    result.edits.push_back(std::move(moved));
  }
  result.ok = true;
  return result;
}

}  // namespace tars
