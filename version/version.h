#pragma once
// The release of this build and the `git describe` of the tree it was built from, both
// printed by `tarscli --version` and `tars-lsp --version` (the server also sends the
// release as serverInfo.version). version.cpp is generated at build time.

namespace tars {

const char* release_version();  // "0.1.0", the project version of CMakeLists.txt
const char* git_describe();     // "v0.1.0-3-g1e0081f-dirty", or "unknown" outside git

}  // namespace tars
