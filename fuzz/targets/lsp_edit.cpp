// LSP WorkspaceEdits (or applyEdit params) through the importer, against a real workspace.
#include "core/importers/formats.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  tars::fuzz::check_import(tars::lsp_edit_importer(), tars::fuzz::text(data, size), "fuzz.json");
  return 0;
}
