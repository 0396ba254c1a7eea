// Rebasing edits onto a changed file. The input is "<base>\0<current>\0<spec>"; the spec's
// bytes, three per edit, place sorted, non-overlapping edits in base. A rebase that
// succeeds gives the same edits, each on its own old text in current, still in order.
#include <algorithm>

#include "core/base/error.h"
#include "core/diff/rebase.h"
#include "fuzz/fuzz_support.h"

namespace {

std::vector<tars::TextEdit> edits_in(std::string_view base, std::string_view spec) {
  std::vector<tars::TextEdit> edits;
  std::size_t cursor = 0;
  for (std::size_t i = 0; i + 2 < spec.size(); i += 3) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(spec[i + k]); };
    std::size_t offset = cursor + byte(0) % (base.size() - cursor + 1);
    std::size_t length = std::min<std::size_t>(byte(1) % 16, base.size() - offset);
    bool second_insertion = length == 0 && !edits.empty() && edits.back().offset == offset &&
                            edits.back().old_text.empty();
    if (second_insertion) continue;
    edits.push_back({offset, std::string(base.substr(offset, length)),
                     std::string(byte(2) % 4, static_cast<char>('a' + byte(2) % 26))});
    cursor = offset + length;
  }
  return edits;
}

void check(std::string_view current, const std::vector<tars::TextEdit>& edits,
           const tars::RebaseResult& result) {
  if (result.edits.size() != edits.size()) tars::fuzz::failure("edits lost in a rebase");
  for (std::size_t i = 0; i < edits.size(); ++i) {
    const tars::TextEdit& moved = result.edits[i];
    if (moved.old_text != edits[i].old_text || moved.new_text != edits[i].new_text ||
        moved.offset > current.size() ||
        current.substr(moved.offset, moved.old_text.size()) != moved.old_text)
      tars::fuzz::failure("edit " + std::to_string(i) + " rebased onto other text");
  }
  try {
    tars::apply_edits(current, result.edits);
  } catch (const tars::Error& e) {
    tars::fuzz::failure(std::string("rebased edits do not apply: ") + e.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::string_view input = tars::fuzz::text(data, size);
  std::size_t first = input.find('\0');
  std::size_t second = first == std::string_view::npos ? first : input.find('\0', first + 1);
  if (second == std::string_view::npos) return 0;
  std::string_view base = input.substr(0, first);
  std::string_view current = input.substr(first + 1, second - first - 1);
  std::vector<tars::TextEdit> edits = edits_in(base, input.substr(second + 1));
  tars::RebaseResult result = tars::rebase_edits(base, current, edits);
  if (result.ok)
    check(current, edits, result);
  else if (result.conflict.empty())
    tars::fuzz::failure("a failed rebase without a reason");
  if (base == current && !result.ok) tars::fuzz::failure("an unchanged file did not rebase");
  return 0;
}
