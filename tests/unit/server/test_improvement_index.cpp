#include <doctest/doctest.h>

#include <map>

#include "server/improvement_index.h"

using namespace tars;
using tars::server::ImprovementIndex;

namespace {

Improvement edits_of(const std::string& id, const std::string& path,
                     std::vector<std::pair<std::size_t, std::size_t>> ranges) {
  Improvement improvement;
  improvement.id = id;
  FileChange change;
  change.path = path;
  for (auto [offset, length] : ranges)
    change.edits.push_back({offset, std::string(length, 'x'), ""});
  improvement.changes.push_back(change);
  return improvement;
}

std::vector<std::string> ids(const ImprovementIndex& index, const std::vector<std::size_t>& found) {
  std::vector<std::string> out;
  for (std::size_t i : found) out.push_back(index.improvements()[i].id);
  return out;
}

}  // namespace

TEST_CASE("a range query finds the improvements whose edits overlap or touch it") {
  ImprovementIndex index;
  index.rebuild({edits_of("a", "f.cpp", {{0, 10}}), edits_of("b", "f.cpp", {{20, 5}, {100, 1}}),
                 edits_of("c", "f.cpp", {{40, 0}}), edits_of("d", "g.cpp", {{0, 1000}})});
  CHECK(ids(index, index.touching("f.cpp", 5, 5)) == std::vector<std::string>{"a"});
  CHECK(ids(index, index.touching("f.cpp", 10, 10)) == std::vector<std::string>{"a"});  // touching
  CHECK(ids(index, index.touching("f.cpp", 11, 19)).empty());
  CHECK(ids(index, index.touching("f.cpp", 0, 200)) == std::vector<std::string>{"a", "b", "c"});
  CHECK(ids(index, index.touching("f.cpp", 40, 40)) == std::vector<std::string>{"c"});  // insertion
  CHECK(ids(index, index.touching("f.cpp", 100, 100)) == std::vector<std::string>{"b"});
  CHECK(ids(index, index.touching("g.cpp", 999, 999)) == std::vector<std::string>{"d"});
  CHECK(index.touching("h.cpp", 0, 10).empty());
  CHECK(ids(index, index.for_file("f.cpp")) == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("a long edit early in the file is found from far behind its start") {
  ImprovementIndex index;
  std::vector<Improvement> improvements{edits_of("long", "f.cpp", {{0, 5000}})};
  for (int i = 0; i < 100; ++i)
    improvements.push_back(edits_of("short" + std::to_string(i), "f.cpp", {{10 + 10u * i, 2}}));
  index.rebuild(improvements);
  auto found = ids(index, index.touching("f.cpp", 4000, 4000));
  CHECK(found == std::vector<std::string>{"long"});
}

TEST_CASE("whole-file changes (no edits) touch every range of their file") {
  ImprovementIndex index;
  Improvement removal;
  removal.id = "rm";
  FileChange change;
  change.kind = ChangeKind::Delete;
  change.path = "old.txt";
  removal.changes.push_back(change);
  index.rebuild({removal});
  CHECK(ids(index, index.touching("old.txt", 123, 456)) == std::vector<std::string>{"rm"});
}

TEST_CASE("from summaries, a file's improvements are read when that file is first asked about") {
  std::map<std::string, Improvement> files = {{"a", edits_of("a", "f.cpp", {{0, 10}})},
                                              {"b", edits_of("b", "f.cpp", {{20, 5}})},
                                              {"c", edits_of("c", "g.cpp", {{0, 3}})}};
  std::vector<Improvement> summaries;
  for (auto [id, improvement] : files) {
    improvement.changes[0].edits.clear();
    improvement.status = id == "b" ? "applied" : "pending";
    summaries.push_back(improvement);
  }
  std::vector<std::string> loaded;
  ImprovementIndex index;
  index.rebuild(summaries, [&](const std::string& id) -> std::optional<Improvement> {
    loaded.push_back(id);
    if (id == "c") return std::nullopt;  // removed meanwhile
    return files.at(id);
  });
  CHECK(loaded.empty());
  CHECK(ids(index, index.for_file("f.cpp")) == std::vector<std::string>{"a", "b"});
  CHECK(loaded.empty());  // which improvements change a file is in the summaries
  CHECK(ids(index, index.touching("f.cpp", 22, 22)) == std::vector<std::string>{"b"});
  CHECK(loaded == std::vector<std::string>{"a", "b"});
  CHECK(index.full(1).changes[0].edits.size() == 1);
  CHECK(index.full(1).status == "applied");  // the status comes from the summary
  CHECK(ids(index, index.touching("f.cpp", 0, 0)) == std::vector<std::string>{"a"});
  CHECK(loaded.size() == 2);                                                          // read once
  CHECK(ids(index, index.touching("g.cpp", 1, 1)) == std::vector<std::string>{"c"});  // whole file
  CHECK(index.full(2).changes[0].edits.empty());
}
