#include "core/diff/rebase.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "core/diff/line_diff.h"

namespace tars {

namespace {

// Changed regions larger than this are not merged character by character (the diff is
// O(size x differences)).
constexpr std::size_t kMaxCharRegion = 4096;

// The line holding byte `offset` (an offset at the very end belongs to the last line).
std::size_t line_of(const Lines& text, std::size_t offset) {
  auto it = std::upper_bound(text.starts.begin(), text.starts.end() - 1, offset);
  std::size_t line = static_cast<std::size_t>(it - text.starts.begin()) - 1;
  return std::min(line, text.lines.size() - 1);
}

bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

struct Range {
  std::size_t begin = 0, end = 0;  // bytes [begin, end)
};

// The first of lines [first, last] not kept in place (missing, or parted from the line
// before it), or nullopt when all are.
std::optional<std::size_t> first_changed_line(const std::vector<long>& match, std::size_t first,
                                              std::size_t last) {
  for (std::size_t line = first; line <= last; ++line)
    if (match[line] == kUnmatched || (line != first && match[line] != match[line - 1] + 1))
      return line;
  return std::nullopt;
}

// The bytes between the nearest unchanged lines around lines [first, last]: in
// `before` and where those neighbours are in `after`.
std::pair<Range, Range> changed_region(const Lines& before, const Lines& after,
                                       const std::vector<long>& match, std::size_t first,
                                       std::size_t last) {
  std::size_t lo = first, hi = last + 1;
  while (lo > 0 && match[lo - 1] == kUnmatched) --lo;
  while (hi < match.size() && match[hi] == kUnmatched) ++hi;
  Range old_range{before.starts[lo], before.starts[hi]};
  Range new_range{
      lo == 0 ? 0 : after.starts[static_cast<std::size_t>(match[lo - 1]) + 1],
      hi == match.size() ? after.starts.back() : after.starts[static_cast<std::size_t>(match[hi])]};
  return {old_range, new_range};
}

// Character matches of a changed region, computed once for all the edits in it.
// By the region's bytes in base: two edits starting in one changed line may reach
// different lines, and so have regions that start alike but end apart.
using CharMatches = std::map<std::pair<std::size_t, std::size_t>, std::vector<long>>;

const std::vector<long>& match_chars(std::string_view base, std::string_view current,
                                     Range old_range, Range new_range, CharMatches& cache) {
  auto [it, fresh] = cache.try_emplace({old_range.begin, old_range.end});
  if (!fresh) return it->second;
  std::vector<std::string_view> a, b;
  for (std::size_t i = old_range.begin; i < old_range.end; ++i) a.push_back(base.substr(i, 1));
  for (std::size_t i = new_range.begin; i < new_range.end; ++i) b.push_back(current.substr(i, 1));
  it->second = match_lines(a, b);
  return it->second;
}

// Within a changed region, where the edit's bytes are when they, the whole words they
// touch and the bytes just around them are all unchanged: two fixes on one line merge,
// a fix whose token was altered ("NULL" -> "NULLPTR") does not.
std::optional<std::size_t> by_chars(std::string_view base, std::string_view current,
                                    Range old_range, Range new_range, const TextEdit& edit,
                                    CharMatches& cache) {
  if (old_range.end - old_range.begin > kMaxCharRegion ||
      new_range.end - new_range.begin > kMaxCharRegion)
    return std::nullopt;
  std::size_t begin = edit.offset, end = edit.offset + edit.old_text.size();
  while (begin > old_range.begin && is_word(base[begin - 1])) --begin;
  while (end < old_range.end && is_word(base[end])) ++end;
  // One byte of margin each side: nothing may be inserted right against the edit.
  std::size_t from = begin > old_range.begin ? begin - 1 : begin;
  std::size_t to = end < old_range.end ? end + 1 : end;
  if (from == to) return std::nullopt;

  const std::vector<long>& match = match_chars(base, current, old_range, new_range, cache);
  std::size_t new_size = new_range.end - new_range.begin;
  for (std::size_t i = from; i < to; ++i) {
    long m = match[i - old_range.begin];
    if (m == kUnmatched || (i != from && m != match[i - 1 - old_range.begin] + 1))
      return std::nullopt;
  }
  // A region edge counts as a margin only if the other side's edge is there too.
  if (from == begin && from == old_range.begin && match[0] != 0) return std::nullopt;
  if (to == end && to == old_range.end &&
      match[to - 1 - old_range.begin] + 1 != static_cast<long>(new_size))
    return std::nullopt;
  long at = match[from - old_range.begin] + static_cast<long>(edit.offset - from);
  return new_range.begin + static_cast<std::size_t>(at);
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
  CharMatches char_matches;
  std::size_t written_to = 0;  // where the edits moved so far end in current
  for (const TextEdit& edit : edits) {
    std::size_t first = line_of(before, edit.offset);
    std::size_t last =
        edit.old_text.empty() ? first : line_of(before, edit.offset + edit.old_text.size() - 1);
    std::optional<std::size_t> changed = first_changed_line(match, first, last);
    std::optional<std::size_t> offset;
    if (!changed) {  // the edit's lines are all there: it keeps its place in its first line
      offset = after.starts[static_cast<std::size_t>(match[first])] +
               (edit.offset - before.starts[first]);
    } else {
      auto [old_range, new_range] = changed_region(before, after, match, first, last);
      offset = by_chars(base, current, old_range, new_range, edit, char_matches);
    }
    // Edits keep their order: two matched in different regions may otherwise cross.
    if (!offset || *offset < written_to ||
        current.substr(std::min(*offset, current.size()), edit.old_text.size()) != edit.old_text) {
      result.conflict = "line " + std::to_string(changed.value_or(first) + 1) + " changed";
      return result;
    }
    written_to = *offset + edit.old_text.size();
    TextEdit moved = edit;
    moved.offset = *offset;
    result.edits.push_back(std::move(moved));
  }
  result.ok = true;
  return result;
}

}  // namespace tars
