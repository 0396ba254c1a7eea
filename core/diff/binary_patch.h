#pragma once
// git's "GIT binary patch" data: base85 lines of zlib-deflated bytes, either the whole
// new content ("literal") or a delta against the old content ("delta"), as git's
// diff.c writes them and apply.c reads them.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tars {

struct BinaryHunk {
  bool delta = false;    // false: `data` is the whole content
  std::size_t size = 0;  // of the inflated data, as the header states
  std::string data;      // inflated
};

// Decodes one base85 line ("<length char><base85>"), appending its bytes to `out`;
// false when the line is malformed.
bool decode_base85_line(std::string_view line, std::string& out);
// Inflates zlib data that must come out at exactly `size` bytes; false otherwise.
bool inflate_exact(std::string_view deflated, std::size_t size, std::string& out);
// Applies a git delta to `base`; false when the delta does not fit it.
bool apply_git_delta(std::string_view base, std::string_view delta, std::string& out);

// "GIT binary patch" with a literal of `after` and the reverse literal of `before`,
// as `git diff --binary` writes them (without the trailing blank line's successor).
std::string encode_binary_patch(std::string_view before, std::string_view after);

}  // namespace tars
