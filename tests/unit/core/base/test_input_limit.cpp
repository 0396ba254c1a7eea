#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include "core/base/error.h"
#include "core/base/file_io.h"
#include "core/base/input_limit.h"
#include "test_support.h"

using namespace tars;
using tars::test::error_message;
using tars::test::TempDir;

TEST_CASE("sizes are bytes or K, M, G; anything else is rejected") {
  CHECK(parse_size("1048576") == 1048576);
  CHECK(parse_size("512K") == 512 * 1024);
  CHECK(parse_size("64M") == std::size_t{64} << 20);
  CHECK(parse_size("2G") == std::size_t{2} << 30);
  for (const char* bad : {"", "0", "12X", "M", "-1", "1.5G"}) CHECK(parse_size(bad) == 0);
  CHECK(max_input_size() == kDefaultMaxInputSize);  // TARS_MAX_INPUT_SIZE is not set here
}

TEST_CASE("an input over the limit is refused by name, a device or FIFO before any read") {
  std::string message = error_message([] { check_input_size(max_input_size() + 1, "huge.patch"); },
                                      ErrorKind::BadInput);
  CHECK(message.find("huge.patch is larger than the input limit of 256 MiB") != std::string::npos);
  CHECK(message.find("TARS_MAX_INPUT_SIZE") != std::string::npos);
  CHECK(error_message([] { read_input("/dev/zero"); }, ErrorKind::BadInput)
            .find("/dev/zero is a character device, not a regular file") != std::string::npos);
  TempDir dir;
  REQUIRE(::mkfifo((dir / "fifo").c_str(), 0644) == 0);
  error_message([&] { read_input(dir / "fifo"); }, ErrorKind::BadInput);
  error_message([&] { read_file(dir / "fifo"); }, ErrorKind::Io);
  error_message([&] { read_input(dir / "missing"); }, ErrorKind::NotFound);
}

namespace {

std::string read_pipe(const std::string& sent) {
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  REQUIRE(::write(pipe_fds[1], sent.data(), sent.size()) == static_cast<ssize_t>(sent.size()));
  ::close(pipe_fds[1]);
  try {
    std::string got = read_stream(pipe_fds[0], "<stdin>");
    ::close(pipe_fds[0]);
    return got;
  } catch (...) {
    ::close(pipe_fds[0]);
    throw;
  }
}

}  // namespace

TEST_CASE("TARS_MAX_INPUT_SIZE sets the limit; a stream over it is refused") {
  setenv("TARS_MAX_INPUT_SIZE", "1K", 1);
  CHECK(max_input_size() == 1024);
  CHECK(read_pipe(std::string(1024, 'x')) == std::string(1024, 'x'));
  std::string message =
      error_message([] { read_pipe(std::string(1025, 'x')); }, ErrorKind::BadInput);
  CHECK(message.find("<stdin> is larger than the input limit of 1024 bytes") != std::string::npos);
  TempDir dir;
  tars::test::write(dir / "big", std::string(2000, 'y'));
  error_message([&] { read_input(dir / "big"); }, ErrorKind::BadInput);
  unsetenv("TARS_MAX_INPUT_SIZE");
}
