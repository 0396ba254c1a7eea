#pragma once
// The workspace the server targets run against, fresh for every input (an execution may
// have changed the last one): copied from a template made once per process, removed at
// exit. It holds
//   a.txt      "hello world\n"       b.cpp   "int *p = 0;\n"
//   .tars/     the state store, improvement imp-hi (a.txt: "hello" -> "HELLO") and
//              imp-two (b.cpp: "0" -> "nullptr"; a.txt: "world" -> "World")
// Validation is off unless an input's options turn it on; no command is configured.
#include <filesystem>
#include <string>

namespace tars::fuzz {

// A fresh copy of the template; the previous copy is removed first.
const std::filesystem::path& fresh_server_workspace();
std::string file_uri(const std::filesystem::path& path);

}  // namespace tars::fuzz
