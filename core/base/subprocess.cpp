#include "core/base/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tars {

namespace {

using Clock = std::chrono::steady_clock;

std::int64_t elapsed_ms(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

// In the child, between fork and exec: only async-signal-safe calls.
[[noreturn]] void exec_child(const std::vector<char*>& argv, const char* cwd, int output_fd,
                             int stdout_fd, int status_fd) {
  setpgid(0, 0);
  int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
  dup2(stdout_fd >= 0 ? stdout_fd : output_fd, STDOUT_FILENO);
  dup2(output_fd, STDERR_FILENO);
  signal(SIGPIPE, SIG_DFL);
  int error = 0;
  if (chdir(cwd) != 0) {
    error = errno;
  } else {
    execvp(argv[0], argv.data());
    error = errno;
  }
  ssize_t ignored = write(status_fd, &error, sizeof error);
  (void)ignored;
  _exit(127);
}

// The exec status pipe is close-on-exec: EOF means exec succeeded, an int is errno.
int read_exec_error(int status_fd) {
  int error = 0;
  ssize_t got;
  do got = read(status_fd, &error, sizeof error);
  while (got < 0 && errno == EINTR);
  return got == sizeof error ? error : 0;
}

class OutputCollector {
 public:
  OutputCollector(int fd, std::size_t cap, ProcessResult& result)
      : fd_(fd), cap_(cap), result_(result) {}

  // Reads what is available within `wait_ms`; false at end of file.
  bool pump(int wait_ms) {
    pollfd pfd{fd_, POLLIN, 0};
    int ready = poll(&pfd, 1, wait_ms);
    if (ready <= 0) return true;
    char buffer[65536];
    ssize_t got = read(fd_, buffer, sizeof buffer);
    if (got < 0) return errno == EINTR || errno == EAGAIN;
    if (got == 0) return false;
    std::size_t room = cap_ > result_.output.size() ? cap_ - result_.output.size() : 0;
    result_.output.append(buffer, std::min(room, static_cast<std::size_t>(got)));
    if (static_cast<std::size_t>(got) > room) result_.truncated = true;
    return true;
  }

 private:
  int fd_;
  std::size_t cap_;
  ProcessResult& result_;
};

// Whether the child exited, without reaping it.
bool has_exited(pid_t pid) {
  siginfo_t info{};
  return waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
         info.si_pid == pid;
}

bool has_pending(int fd) {
  pollfd pfd{fd, POLLIN, 0};
  return poll(&pfd, 1, 0) > 0;
}

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
  ProcessResult result;
  auto start = Clock::now();
  if (argv.empty()) {
    result.spawn_failed = true;
    result.output = "cannot run an empty command";
    return result;
  }
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  std::string cwd = options.cwd.empty() ? "." : options.cwd.string();

  int stdout_fd = -1;
  if (!options.stdout_file.empty()) {
    stdout_fd = open(options.stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (stdout_fd < 0) {
      result.spawn_failed = true;
      result.output = "cannot create " + options.stdout_file.string() + ": " + std::strerror(errno);
      return result;
    }
  }
  int output[2], status[2];
  if (pipe2(output, O_CLOEXEC) != 0 || pipe2(status, O_CLOEXEC) != 0) {
    if (stdout_fd >= 0) close(stdout_fd);
    result.spawn_failed = true;
    result.output = std::string("cannot create a pipe: ") + std::strerror(errno);
    return result;
  }
  pid_t pid = fork();
  if (pid == 0) exec_child(args, cwd.c_str(), output[1], stdout_fd, status[1]);
  if (stdout_fd >= 0) close(stdout_fd);
  close(output[1]);
  close(status[1]);
  if (pid < 0) {
    close(output[0]);
    close(status[0]);
    result.spawn_failed = true;
    result.output = std::string("cannot fork: ") + std::strerror(errno);
    return result;
  }
  setpgid(pid, pid);  // also here, so the group exists before we might signal it
  int exec_error = read_exec_error(status[0]);
  close(status[0]);

  OutputCollector collector(output[0], options.output_cap, result);
  auto deadline = start + options.timeout;
  bool open = true;
  while (!has_exited(pid)) {
    bool cancelled = options.cancel && options.cancel->load();
    if (cancelled || Clock::now() >= deadline) {
      (cancelled ? result.cancelled : result.timed_out) = true;
      kill(-pid, SIGTERM);
      auto hard = Clock::now() + std::chrono::seconds(2);
      while (!has_exited(pid) && Clock::now() < hard) open = open && collector.pump(20);
      break;
    }
    if (open)
      open = collector.pump(50);
    else
      usleep(10000);
  }
  // Grandchildren may still hold the pipe: a short grace, then the whole group goes.
  auto grace =
      Clock::now() + std::chrono::milliseconds(result.timed_out || result.cancelled ? 0 : 200);
  while (open && Clock::now() < grace) open = collector.pump(20);
  kill(-pid, SIGKILL);  // the exited child is not reaped yet, so its group id is still ours
  int wait_status = 0;
  while (waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
  }
  while (open) open = collector.pump(0) && has_pending(output[0]);
  close(output[0]);

  result.duration_ms = elapsed_ms(start);
  if (exec_error) {
    result.spawn_failed = true;
    result.output = "cannot run '" + argv[0] + "' in " + cwd + ": " + std::strerror(exec_error);
    return result;
  }
  result.exit_code = decode_status(wait_status);
  return result;
}

}  // namespace tars
