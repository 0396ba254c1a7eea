#include "fuzz/server_workspace.h"

#include <stdlib.h>

#include <fstream>

#include "core/base/file_uri.h"
#include "core/base/hash.h"
#include "core/base/workspace.h"
#include "core/model/improvement_store.h"
#include "core/store/state_store.h"
#include "fuzz/fuzz_support.h"

namespace tars::fuzz {

namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

FileChange edit(StateStore& store, const std::string& path, const std::string& content,
                const std::string& old_text, const std::string& new_text) {
  FileChange change;
  change.path = change.group = path;
  change.base_hash = content_hash(content);
  change.edits = {{content.find(old_text), old_text, new_text}};
  store.put_blob(change.base_hash, content);
  return change;
}

void save(const Workspace& workspace, const std::string& id, std::vector<FileChange> changes) {
  Improvement improvement;
  improvement.id = improvement.title = id;
  improvement.changes = std::move(changes);
  ImprovementStore(workspace).save(improvement);
}

struct Template {
  fs::path top;
  fs::path source;
  fs::path copy;

  Template() {
    std::string pattern = (fs::temp_directory_path() / "tars-fuzz-server-XXXXXX").string();
    if (!mkdtemp(pattern.data())) failure("cannot create the server workspace");
    top = fs::canonical(pattern);
    source = top / "template";
    copy = top / "ws";
    fs::create_directories(source);
    write(source / "a.txt", "hello world\n");
    write(source / "b.cpp", "int *p = 0;\n");
    // Trust decisions go to a file of the fuzzer's own, never the user's.
    setenv("TARS_TRUST_FILE", (top / "trusted.json").c_str(), 1);
    Workspace workspace(source);
    workspace.ensure_state_dir();
    StateStore store(workspace.state_db());
    save(workspace, "imp-hi", {edit(store, "a.txt", "hello world\n", "hello", "HELLO")});
    save(workspace, "imp-two",
         {edit(store, "b.cpp", "int *p = 0;\n", "0", "nullptr"),
          edit(store, "a.txt", "hello world\n", "world", "World")});
  }
  ~Template() {
    std::error_code ignored;
    fs::remove_all(top, ignored);
  }
};

}  // namespace

const fs::path& fresh_server_workspace() {
  static Template made;
  fs::remove_all(made.copy);
  fs::copy(made.source, made.copy, fs::copy_options::recursive);
  return made.copy;
}

std::string file_uri(const fs::path& path) {
  return uri_of_path(path.string());
}

}  // namespace tars::fuzz
