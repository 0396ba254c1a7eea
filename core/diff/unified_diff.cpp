#include "core/diff/unified_diff.h"

#include <algorithm>

#include "core/base/hash.h"
#include "core/base/quote.h"
#include "core/diff/binary_patch.h"
#include "core/diff/line_diff.h"

namespace tars {

namespace {

struct Op {
  char kind;  // ' ', '-', '+'
  std::string_view line;
};

// The edit script: common lines, then for each gap the removed lines and the added ones.
std::vector<Op> edit_script(const Lines& before, const Lines& after) {
  std::vector<long> match = match_lines(before.lines, after.lines);
  std::vector<Op> ops;
  std::size_t next_after = 0;
  for (std::size_t i = 0; i < before.lines.size(); ++i) {
    if (match[i] == kUnmatched) {
      ops.push_back({'-', before.lines[i]});
      continue;
    }
    for (; next_after < static_cast<std::size_t>(match[i]); ++next_after)
      ops.push_back({'+', after.lines[next_after]});
    ops.push_back({' ', before.lines[i]});
    ++next_after;
  }
  for (; next_after < after.lines.size(); ++next_after)
    ops.push_back({'+', after.lines[next_after]});
  // Within each gap git lists removals before additions.
  for (std::size_t i = 0; i < ops.size();) {
    std::size_t end = i;
    while (end < ops.size() && ops[end].kind != ' ') ++end;
    std::stable_partition(ops.begin() + static_cast<long>(i), ops.begin() + static_cast<long>(end),
                          [](const Op& op) { return op.kind == '-'; });
    i = end + 1;
  }
  return ops;
}

std::string range(std::size_t start, std::size_t count) {
  std::size_t shown = count == 0 ? start : start + 1;
  return std::to_string(shown) + (count == 1 ? "" : "," + std::to_string(count));
}

void append_hunk(const std::vector<Op>& ops, std::size_t begin, std::size_t end,
                 std::size_t old_before, std::size_t new_before, std::string& out) {
  std::size_t old_count = 0, new_count = 0;
  for (std::size_t k = begin; k < end; ++k) {
    if (ops[k].kind != '+') ++old_count;
    if (ops[k].kind != '-') ++new_count;
  }
  out += "@@ -" + range(old_before, old_count) + " +" + range(new_before, new_count) + " @@\n";
  for (std::size_t k = begin; k < end; ++k) {
    out += ops[k].kind;
    out += ops[k].line;
    if (!ops[k].line.ends_with('\n')) out += "\n\\ No newline at end of file\n";
  }
}

std::string hunks(const std::vector<Op>& ops, std::size_t context) {
  std::string out;
  std::size_t old_seen = 0, new_seen = 0;  // lines before ops[i]
  std::size_t i = 0;
  auto advance = [&](std::size_t to) {
    for (; i < to; ++i) {
      if (ops[i].kind != '+') ++old_seen;
      if (ops[i].kind != '-') ++new_seen;
    }
  };
  while (true) {
    std::size_t change = i;
    while (change < ops.size() && ops[change].kind == ' ') ++change;
    if (change == ops.size()) break;
    std::size_t begin = std::max(i, change >= context ? change - context : 0);
    std::size_t last = change;  // the last changed op of this hunk
    for (std::size_t k = change; k < ops.size(); ++k) {
      if (ops[k].kind == ' ') {
        if (k - last > 2 * context) break;
        continue;
      }
      last = k;
    }
    std::size_t end = std::min(ops.size(), last + context + 1);
    advance(begin);
    append_hunk(ops, begin, end, old_seen, new_seen, out);
    advance(end);
  }
  return out;
}

std::string git_mode(unsigned mode) {
  if (mode == kSymlinkMode) return "120000";
  if (mode == kDirectoryMode) return "160000";
  return (mode & 0111) ? "100755" : "100644";
}

bool special(unsigned mode) {
  return mode == kSymlinkMode || mode == kDirectoryMode;
}

int similarity(const Lines& before, const Lines& after) {
  std::size_t total = std::max(before.lines.size(), after.lines.size());
  if (total == 0) return 100;
  std::vector<long> match = match_lines(before.lines, after.lines);
  auto same = std::count_if(match.begin(), match.end(), [](long m) { return m != kUnmatched; });
  return static_cast<int>(100 * static_cast<std::size_t>(same) / total);
}

}  // namespace

bool is_binary(std::string_view content) {
  return content.substr(0, 8000).find('\0') != std::string_view::npos;
}

std::string unified_diff(const DiffSide& before, const DiffSide& after, int context,
                         BinaryDiff binary) {
  if ((before.exists && before.mode == kDirectoryMode) ||
      (after.exists && after.mode == kDirectoryMode))
    return "";
  if (before.exists && after.exists && special(before.mode) != special(after.mode)) {
    DiffSide gone = after, made = before;
    gone.exists = made.exists = false;
    return unified_diff(before, gone, context, binary) + unified_diff(made, after, context, binary);
  }
  const std::string& old_content = before.exists ? before.content : std::string();
  const std::string& new_content = after.exists ? after.content : std::string();
  bool renamed = before.exists && after.exists && before.path != after.path;
  bool mode_changed =
      before.exists && after.exists && git_mode(before.mode) != git_mode(after.mode);
  if (before.exists == after.exists && !renamed && !mode_changed && old_content == new_content)
    return "";

  std::string old_name = quote_path("a/" + before.path);
  std::string new_name = quote_path("b/" + after.path);
  std::string out = "diff --git " + old_name + " " + new_name + "\n";
  if (!before.exists) out += "new file mode " + git_mode(after.mode) + "\n";
  if (!after.exists) out += "deleted file mode " + git_mode(before.mode) + "\n";
  if (mode_changed)
    out += "old mode " + git_mode(before.mode) + "\nnew mode " + git_mode(after.mode) + "\n";

  Lines old_lines(old_content), new_lines(new_content);
  if (renamed) {
    out += "similarity index " + std::to_string(similarity(old_lines, new_lines)) + "%\n";
    out +=
        "rename from " + quote_path(before.path) + "\nrename to " + quote_path(after.path) + "\n";
  }
  if (old_content == new_content) return out;
  if (is_binary(old_content) || is_binary(new_content)) {
    auto id = [](const DiffSide& side, const std::string& content) {
      return side.exists ? git_blob_id(content) : std::string(40, '0');
    };
    out += "index " + id(before, old_content) + ".." + id(after, new_content) + "\n";
    if (binary == BinaryDiff::Data) return out + encode_binary_patch(old_content, new_content);
    return out + "Binary files " + (before.exists ? old_name : "/dev/null") + " and " +
           (after.exists ? new_name : "/dev/null") + " differ\n";
  }
  out += "--- " + (before.exists ? old_name : "/dev/null") + "\n";
  out += "+++ " + (after.exists ? new_name : "/dev/null") + "\n";
  out += hunks(edit_script(old_lines, new_lines), static_cast<std::size_t>(std::max(0, context)));
  return out;
}

}  // namespace tars
