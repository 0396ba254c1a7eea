#include <doctest/doctest.h>
#include <sys/stat.h>

#include "core/base/hash.h"
#include "core/engine.h"
#include "core/execution/kept_originals.h"
#include "engine_fixture.h"
#include "test_support.h"

using namespace tars;
using tars::test::read;
using tars::test::write;

namespace {

using Fixture = tars::test::EngineFixture;

ino_t inode_of(const fs::path& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_ino;
}

std::size_t kept_count(const Fixture& f, const std::string& context_id) {
  fs::path dir = f.workspace.tars_dir() / "originals" / context_id;
  if (!fs::exists(dir)) return 0;
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), {}));
}

FileChange deletion(const std::string& path, const std::string& content) {
  FileChange change;
  change.kind = ChangeKind::Delete;
  change.path = path;
  change.base_hash = content_hash(content);
  return change;
}

}  // namespace

TEST_CASE("execution keeps each replaced or removed file; rollback puts that very file back") {
  Fixture f;
  write(f.dir / "src/a.txt", "alpha\n");
  write(f.dir / "gone.txt", "bye\n");
  ino_t a_before = inode_of(f.dir / "src/a.txt");
  ino_t gone_before = inode_of(f.dir / "gone.txt");
  Engine engine(f.workspace);
  f.save("imp-1", {f.edit("src/a.txt", "alpha\n", "alpha", "beta"), deletion("gone.txt", "bye\n")});
  std::string id = f.run(engine, "imp-1").context.id;
  CHECK(read(f.dir / "src/a.txt") == "beta\n");
  CHECK_FALSE(fs::exists(f.dir / "gone.txt"));
  CHECK(kept_count(f, id) == 2);

  RollbackReport report = engine.rollback(id, {}, false);
  CHECK(report.restored.size() == 2);
  CHECK(read(f.dir / "src/a.txt") == "alpha\n");
  CHECK(read(f.dir / "gone.txt") == "bye\n");
  CHECK(inode_of(f.dir / "src/a.txt") == a_before);
  CHECK(inode_of(f.dir / "gone.txt") == gone_before);
  CHECK_FALSE(fs::exists(f.workspace.tars_dir() / "originals"));
}

TEST_CASE("approving discards the kept files; a partial rollback keeps the others'") {
  Fixture f;
  Engine engine(f.workspace);
  std::string id = f.run_two_edits(engine);
  REQUIRE(kept_count(f, id) == 2);

  engine.reject(id, std::string("b.txt"));
  CHECK(read(f.dir / "b.txt") == "b\n");
  CHECK(kept_count(f, id) == 1);

  engine.approve(id);
  CHECK(kept_count(f, id) == 0);
  CHECK(read(f.dir / "a.txt") == "A\n");
  CHECK(engine.context(id).status == ContextStatus::Approved);
}

TEST_CASE("a kept file that no longer holds the original bytes is not used") {
  Fixture f;
  write(f.dir / "a.txt", "original\n");
  Engine engine(f.workspace);
  f.save("imp-1", {f.edit("a.txt", "original\n", "original", "new")});
  std::string id = f.run(engine, "imp-1").context.id;
  ContextDetail detail = engine.detail(id);
  REQUIRE(detail.file_ops.size() == 1);
  KeptOriginals kept(f.workspace, id);
  // Say it had a second hard link, through which someone edited it.
  write(f.workspace.tars_dir() / "originals" / id / std::to_string(detail.file_ops[0].id),
        "edited through another link\n");
  CHECK_FALSE(kept.holds(detail.file_ops[0].id, content_hash("original\n")));

  engine.rollback(id, {}, false);
  CHECK(read(f.dir / "a.txt") == "original\n");  // from the journal
}

TEST_CASE("a symlink planted as .tars/originals is refused, nothing is kept through it") {
  Fixture f;
  tars::test::TempDir outside;
  fs::create_directories(f.workspace.tars_dir());
  fs::create_directory_symlink(outside.path(), f.workspace.tars_dir() / "originals");
  KeptOriginals kept(f.workspace, "ctx-y");  // rollback must still work from the journal
  CHECK_THROWS_AS(kept.prepare(), Error);
  write(f.dir / "x.txt", "x\n");
  CHECK_FALSE(kept.keep(f.workspace.open("x.txt"), 1));
  CHECK(fs::is_empty(outside.path()));
}

TEST_CASE("keeping fails softly where the file system cannot, and discard is idempotent") {
  Fixture f;
  KeptOriginals kept(f.workspace, "ctx-x");
  kept.prepare();
  fs::path dir = f.workspace.tars_dir() / "originals/ctx-x";
  CHECK_FALSE(kept.keep(f.workspace.open("missing.txt"), 1));
  CHECK_FALSE(kept.move_aside(f.workspace.open("missing.txt"), 2));
  CHECK_FALSE(kept.holds(1, content_hash("")));
  fs::create_directories(dir / "4");  // unreadable as a file: not used, no error
  CHECK_FALSE(kept.holds(4, content_hash("")));

  write(f.dir / "x.txt", "x\n");
  CHECK(kept.keep(f.workspace.open("x.txt"), 3));
  CHECK(kept.holds(3, content_hash("x\n")));
  kept.forget(3);
  CHECK_FALSE(fs::exists(dir / "3"));
  CHECK(read(f.dir / "x.txt") == "x\n");
  kept.discard();
  kept.discard();
  CHECK_FALSE(fs::exists(f.workspace.tars_dir() / "originals"));
}

TEST_CASE("what a rollback renames an original over is held by a link, then freed") {
  Fixture f;
  write(f.dir / "a.txt", "original\n");
  Engine engine(f.workspace);
  f.save("imp-1", {f.edit("a.txt", "original\n", "original", "new")});
  std::string id = f.run(engine, "imp-1").context.id;
  std::int64_t op = engine.detail(id).file_ops.at(0).id;
  fs::path held = f.workspace.tars_dir() / "originals" / id / (std::to_string(op) + ".replaced");
  KeptOriginals kept(f.workspace, id);

  REQUIRE(kept.hold_replaced(op, f.workspace.open("a.txt")));
  CHECK(inode_of(held) == inode_of(f.dir / "a.txt"));
  kept.release_replaced(op);
  CHECK_FALSE(fs::exists(held));

  REQUIRE(kept.hold_replaced(op, f.workspace.open("a.txt")));  // left by a crash
  REQUIRE(kept.hold_replaced(op, f.workspace.open("a.txt")));  // a second attempt
  kept.forget(op);
  CHECK(kept_count(f, id) == 0);

  engine.rollback(id, {}, false);  // the kept original is gone: from the journal
  CHECK(read(f.dir / "a.txt") == "original\n");
  CHECK_FALSE(fs::exists(f.workspace.tars_dir() / "originals"));
}
