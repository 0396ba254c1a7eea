#pragma once
// A temporary workspace for engine tests, with helpers to save improvements and run them.
#include <string>
#include <vector>

#include "core/base/hash.h"
#include "core/engine.h"
#include "core/model/improvement_store.h"
#include "test_support.h"

namespace tars::test {

// `edit` makes a change replacing `old_text` by `new_text` in `path`; `save` stores an
// improvement of such changes and `run` executes it on two threads.
struct EngineFixture : WorkspaceFixture {
  EngineFixture() {  // a workspace in use: .tars/ and its store exist
    workspace.ensure_state_dir();
    StateStore create(workspace.state_db());
  }

  FileChange edit(const std::string& path, const std::string& content, const std::string& old_text,
                  const std::string& new_text, Engine* engine = nullptr) {
    FileChange change;
    change.path = path;
    change.base_hash = content_hash(content);
    change.edits = {{content.find(old_text), old_text, new_text}};
    if (engine) engine->store().put_blob(change.base_hash, content);
    return change;
  }

  Improvement save(const std::string& id, std::vector<FileChange> changes) {
    Improvement improvement;
    improvement.id = id;
    improvement.title = id;
    improvement.changes = std::move(changes);
    ImprovementStore(workspace).save(improvement);
    return improvement;
  }

  ExecutionResult run(Engine& engine, const std::string& id, ExecuteOptions options = {}) {
    options.threads = 2;
    return engine.execute(id, options);
  }

  // Writes a.txt ("a") and b.txt ("b"), executes an improvement that capitalises both and
  // returns its context id.
  std::string run_two_edits(Engine& engine) {
    write(dir / "a.txt", "a\n");
    write(dir / "b.txt", "b\n");
    save("imp-ab", {edit("a.txt", "a\n", "a", "A"), edit("b.txt", "b\n", "b", "B")});
    return run(engine, "imp-ab").context.id;
  }
};

}  // namespace tars::test
