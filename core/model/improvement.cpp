#include "core/model/improvement.h"

#include "core/base/error.h"

namespace tars {

std::string apply_edits(std::string_view content, const std::vector<TextEdit>& edits) {
  std::string out;
  out.reserve(content.size());
  std::size_t cursor = 0;
  for (const TextEdit& edit : edits) {
    if (edit.offset < cursor)
      throw Error(ErrorKind::BadInput, "edits overlap at byte " + std::to_string(edit.offset));
    if (edit.offset > content.size() ||
        content.substr(edit.offset, edit.old_text.size()) != edit.old_text)
      throw Error(ErrorKind::BadInput,
                  "the text to replace is not at byte " + std::to_string(edit.offset));
    out.append(content.substr(cursor, edit.offset - cursor));
    out.append(edit.new_text);
    cursor = edit.offset + edit.old_text.size();
  }
  out.append(content.substr(cursor));
  return out;
}

}  // namespace tars
