#pragma once
// What the fuzz targets share: the temporary workspace the importer targets import
// against, and the checks every import must pass. A broken check calls failure(),
// which aborts: libFuzzer (and the replay) report it as a crash with its message.
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/base/error.h"
#include "core/base/workspace.h"
#include "core/importers/importer.h"

namespace tars::fuzz {

// One workspace per process, made on first use and removed at exit:
//   a.cpp      "int *p = 0;\nint main() { return p == NULL; }\n"
//   b.py       three CRLF lines
//   u.txt      a BOM, then UTF-8 of 2, 3 and 4 bytes
//   src/c.h    a header;  empty.txt  nothing;  dir/  an empty directory
const Workspace& workspace();

// Prints `what` to stderr and aborts.
[[noreturn]] void failure(const std::string& what);

// Imports `input` with `importer` against workspace(). An Error of a kind in `expected`
// is the only failure a bad input may cause; what is imported must hold together: every
// change's edits apply to the content recorded under its base hash, and every
// improvement reads back from its own JSON unchanged.
void check_import(const Importer& importer, std::string_view input, const std::string& origin,
                  std::initializer_list<ErrorKind> expected = {ErrorKind::BadInput});

// The bytes as a string (libFuzzer's data pointer is null for the empty input).
inline std::string_view text(const unsigned char* data, std::size_t size) {
  return size == 0 ? std::string_view()
                   : std::string_view(reinterpret_cast<const char*>(data), size);
}

}  // namespace tars::fuzz
