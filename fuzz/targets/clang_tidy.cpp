// clang-tidy --export-fixes YAML through the importer (YAML reader included), against a
// real workspace.
#include "core/importers/formats.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  tars::fuzz::check_import(tars::clang_tidy_importer(), tars::fuzz::text(data, size), "fuzz.yaml");
  return 0;
}
