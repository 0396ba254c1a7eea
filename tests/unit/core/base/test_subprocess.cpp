#include <doctest/doctest.h>

#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include "core/base/dir_handle.h"
#include "core/base/subprocess.h"
#include "test_support.h"

using namespace tars;
using tars::test::TempDir;

namespace {

// Alive and not a zombie (killed orphans may wait a while for init to reap them).
bool running(pid_t pid) {
  std::string stat = tars::test::read("/proc/" + std::to_string(pid) + "/stat");
  std::size_t close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z';
}

// SIGKILL is delivered asynchronously: wait (up to 10 s) for the process to stop.
bool stops(pid_t pid) {
  for (int i = 0; i < 1000 && running(pid); ++i) usleep(10000);
  return !running(pid);
}

ProcessResult sh(const std::string& script, ProcessOptions options = {}) {
  return run_process({"sh", "-c", script}, options);
}

}  // namespace

TEST_CASE("exit codes and interleaved output") {
  ProcessResult ok = sh("echo out; echo err >&2; echo again");
  CHECK(ok.exit_code == 0);
  CHECK(ok.output == "out\nerr\nagain\n");
  CHECK_FALSE(ok.timed_out);
  CHECK(sh("exit 3").exit_code == 3);
  CHECK(sh("kill -TERM $$").exit_code == 128 + SIGTERM);
}

TEST_CASE("output beyond the cap is dropped and flagged") {
  ProcessOptions options;
  options.output_cap = 1000;
  ProcessResult result = sh("head -c 100000 /dev/zero | tr '\\0' x", options);
  CHECK(result.exit_code == 0);
  CHECK(result.output.size() == 1000);
  CHECK(result.truncated);
}

TEST_CASE("a timeout kills the whole process group, grandchildren included") {
  TempDir dir;
  ProcessOptions options;
  options.timeout = std::chrono::milliseconds(300);
  std::string pid_file = (dir / "grandchild.pid").string();
  ProcessResult result = sh("sleep 30 & echo $! > " + pid_file + "; sleep 30", options);
  CHECK(result.timed_out);
  pid_t grandchild = std::stoi(tars::test::read(pid_file));
  CHECK(stops(grandchild));
}

TEST_CASE("a background process holding the output pipe does not keep us waiting") {
  TempDir dir;
  std::string pid_file = (dir / "daemon.pid").string();
  ProcessResult result = sh("sleep 30 & echo $! > " + pid_file + "; echo done");
  CHECK(result.exit_code == 0);
  CHECK_FALSE(result.timed_out);
  CHECK(result.output == "done\n");
  CHECK(stops(std::stoi(tars::test::read(pid_file))));
}

TEST_CASE("missing programs and directories are spawn failures with a reason") {
  ProcessResult missing = run_process({"no-such-program-xyz"}, {});
  CHECK(missing.spawn_failed);
  CHECK(missing.output.find("cannot run 'no-such-program-xyz'") != std::string::npos);
  ProcessOptions options;
  options.cwd = "/no/such/dir";
  CHECK(run_process({"true"}, options).spawn_failed);
  CHECK(run_process({}, {}).spawn_failed);
}

TEST_CASE("the command runs in the given directory with no standard input") {
  TempDir dir;
  ProcessOptions options;
  options.cwd = dir.path();
  CHECK(sh("pwd", options).output == dir.path().string() + "\n");
  CHECK(sh("cat", {}).output.empty());
}

TEST_CASE("a cancel flag stops the command and its group") {
  TempDir dir;
  std::atomic<bool> cancel{true};
  ProcessOptions options;
  options.cancel = &cancel;
  ProcessResult result = sh("sleep 30", options);
  CHECK(result.cancelled);
  CHECK_FALSE(result.timed_out);
}

TEST_CASE("stdout can go to a descriptor, uncapped, leaving stderr alone in the output") {
  TempDir dir;
  DirHandle handle = DirHandle::open_path(dir.path());
  UniqueFd file = handle.create("out.txt", 0644);
  ProcessOptions options;
  options.stdout_fd = file.get();
  options.output_cap = 16;
  ProcessResult result = sh("echo to-stderr >&2; head -c 100000 /dev/zero | tr '\\0' x", options);
  file.reset();
  CHECK(result.exit_code == 0);
  CHECK(result.output == "to-stderr\n");
  CHECK(tars::test::read(dir / "out.txt") == std::string(100000, 'x'));
}

TEST_CASE("input is fed while the output is read, however large both are") {
  ProcessOptions options;
  std::string input(1 << 20, 'y');
  options.input = input;
  options.output_cap = 4 << 20;
  ProcessResult echoed = sh("cat; cat >&2 </dev/null", options);
  CHECK(echoed.exit_code == 0);
  CHECK(echoed.output == input);
  ProcessResult ignored = sh("exit 0", options);  // never reads it: no SIGPIPE for us
  CHECK(ignored.exit_code == 0);
}

TEST_CASE("an environment replaces ours; find_program skips relative PATH entries") {
  ProcessOptions options;
  options.environment = std::vector<std::string>{"ONLY=this"};
  ProcessResult result = run_process({"/usr/bin/env"}, options);
  CHECK(result.output == "ONLY=this\n");
  CHECK(find_program("sh").starts_with("/"));
  CHECK(find_program("no-such-program-xyz").empty());
  TempDir dir;
  tars::test::write(dir / "planted-tool", "#!/bin/sh\n");
  fs::permissions(dir / "planted-tool", fs::perms(0755));
  std::string saved = std::getenv("PATH");
  setenv("PATH", (".:" + saved).c_str(), 1);
  fs::path cwd = fs::current_path();
  fs::current_path(dir.path());
  CHECK(find_program("planted-tool").empty());
  fs::current_path(cwd);
  setenv("PATH", saved.c_str(), 1);
}
