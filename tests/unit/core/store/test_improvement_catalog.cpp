#include <doctest/doctest.h>

#include <sqlite3.h>

#include "core/store/improvement_catalog.h"
#include "test_support.h"

using namespace tars;
using tars::test::WorkspaceFixture;
namespace fs = std::filesystem;

namespace {

fs::path state_db(const Workspace& workspace) {
  workspace.ensure_state_dir();
  return workspace.state_db();
}

struct CatalogFixture : WorkspaceFixture {
  ImprovementStore files{workspace};
  StateStore store{state_db(workspace)};

  Improvement save(const std::string& id, const std::string& title, int priority = 0) {
    Improvement improvement;
    improvement.id = id;
    improvement.title = title;
    improvement.priority = priority;
    FileChange change;
    change.path = "src/" + id + ".py";
    change.edits = {{0, "old", "new"}};
    FileChange rename;
    rename.kind = ChangeKind::Rename;
    rename.path = "a.py";
    rename.new_path = "b.py";
    improvement.changes = {change, rename};
    improvement.diagnostics = {{change.path, 1, 0, 0, 0, "warning", "W1", "why", "tool"}};
    files.save(improvement);
    return improvement;
  }

  // Runs SQL on state.db from another connection, as another process would; returns
  // the first column of the last row.
  std::string sql(const std::string& statement) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(workspace.state_db().c_str(), &db) == SQLITE_OK);
    char* error = nullptr;
    std::string last;
    auto row = [](void* out, int, char** values, char**) {
      *static_cast<std::string*>(out) = values[0] ? values[0] : "";
      return 0;
    };
    int rc = sqlite3_exec(db, statement.c_str(), row, &last, &error);
    std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    REQUIRE_MESSAGE(rc == SQLITE_OK, message);
    return last;
  }

  // Makes every kept summary look recorded long after its file last changed.
  void age_summaries() { sql("UPDATE improvement_summaries SET recorded_at = recorded_at + 1e10"); }

  std::vector<std::string> titles() {
    std::vector<std::string> out;
    for (const Improvement& improvement : list_summaries(files, store).improvements)
      out.push_back(improvement.title);
    return out;
  }
};

}  // namespace

TEST_CASE_FIXTURE(CatalogFixture, "summaries are the improvements without edits, sorted") {
  save("imp-b", "B", 1);
  save("imp-a", "A", 1);
  save("imp-c", "C", 5);
  ImprovementListing listing = list_summaries(files, store);
  REQUIRE(listing.improvements.size() == 3);
  CHECK(listing.problems.empty());
  CHECK(titles() == std::vector<std::string>{"C", "A", "B"});
  const Improvement& a = listing.improvements[1];
  CHECK(a.id == "imp-a");
  REQUIRE(a.changes.size() == 2);
  CHECK(a.changes[0].path == "src/imp-a.py");
  CHECK(a.changes[0].edits.empty());
  CHECK(a.changes[1].kind == ChangeKind::Rename);
  CHECK(a.changes[1].new_path == "b.py");
  CHECK(a.diagnostics.empty());
}

TEST_CASE_FIXTURE(CatalogFixture, "a kept summary is used while its file keeps its stamp") {
  save("imp-a", "A");
  CHECK(titles() == std::vector<std::string>{"A"});
  age_summaries();
  sql("UPDATE improvement_summaries SET title = 'from state.db'");
  CHECK(titles() == std::vector<std::string>{"from state.db"});  // the file was not read
}

TEST_CASE_FIXTURE(CatalogFixture,
                  "a summary recorded right after its file changed is not trusted") {
  save("imp-a", "A");
  CHECK(titles() == std::vector<std::string>{"A"});
  // Within the racy window the file could have changed again without a new stamp.
  sql("UPDATE improvement_summaries SET title = 'stale'");
  CHECK(titles() == std::vector<std::string>{"A"});
}

TEST_CASE_FIXTURE(CatalogFixture, "a changed, added or removed file shows at once") {
  save("imp-a", "A");
  save("imp-b", "B");
  CHECK(titles().size() == 2);
  age_summaries();
  save("imp-a", "A again");  // a new file (atomic write): a new inode and times
  save("imp-c", "C");
  files.remove("imp-b");
  CHECK(titles() == std::vector<std::string>{"A again", "C"});
  CHECK(sql("SELECT group_concat(file, ' ') FROM (SELECT file FROM improvement_summaries ORDER BY "
            "file)") == "imp-a.json imp-c.json");
}

TEST_CASE("the racy window is longer where file times are whole seconds") {
  using namespace std::chrono;
  CHECK(racy_window({1, 2, 5'000'000'000, 7'000'000'000}) == seconds(2));
  CHECK(racy_window({1, 2, 5'000'000'000, 7'000'000'123}) == milliseconds(50));
}

TEST_CASE_FIXTURE(CatalogFixture, "corrupt files are reported, from the kept summaries too") {
  save("imp-a", "A");
  tars::test::write(workspace.improvements_dir() / "imp-bad.json", "{\"id\": ");
  for (int pass = 0; pass < 2; ++pass) {
    ImprovementListing listing = list_summaries(files, store);
    CHECK(listing.improvements.size() == 1);
    REQUIRE(listing.problems.size() == 1);
    CHECK(listing.problems[0].file.filename() == "imp-bad.json");
    CHECK(listing.problems[0].message.find(".tars/improvements/imp-bad.json") == 0);
    age_summaries();
  }
}
