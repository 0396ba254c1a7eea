#include "core/base/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace tars {

namespace {

using Clock = std::chrono::steady_clock;

std::int64_t elapsed_ms(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

struct ChildFds {
  int input = -1;  // read end of the input pipe, or -1 for /dev/null
  int output = -1;
  int stdout_fd = -1;
  int status = -1;
};

// In the child, between fork and exec: only async-signal-safe calls.
[[noreturn]] void exec_child(const std::vector<char*>& argv, char* const* envp, const char* cwd,
                             const ChildFds& fds) {
  setpgid(0, 0);
  int input = fds.input >= 0 ? fds.input : open("/dev/null", O_RDONLY);
  if (input >= 0) dup2(input, STDIN_FILENO);
  dup2(fds.stdout_fd >= 0 ? fds.stdout_fd : fds.output, STDOUT_FILENO);
  dup2(fds.output, STDERR_FILENO);
  signal(SIGPIPE, SIG_DFL);
  int error = 0;
  if (chdir(cwd) != 0) {
    error = errno;
  } else {
    if (envp)
      execvpe(argv[0], argv.data(), envp);
    else
      execvp(argv[0], argv.data());
    error = errno;
  }
  ssize_t ignored = write(fds.status, &error, sizeof error);
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

// A write to a pipe whose reader is gone, without the SIGPIPE that would end us:
// the signal is blocked for this thread and a pending one is consumed.
ssize_t write_without_sigpipe(int fd, std::string_view data) {
  sigset_t pipe_only, previous;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_only, &previous);
  ssize_t written = write(fd, data.data(), data.size());
  int saved = errno;
  if (written < 0 && saved == EPIPE) {
    timespec now{0, 0};
    sigtimedwait(&pipe_only, nullptr, &now);
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  errno = saved;
  return written;
}

// Collects the command's output and feeds its input, both through pipes.
class Pump {
 public:
  Pump(int output_fd, int input_fd, std::string_view input, std::size_t cap, ProcessResult& result)
      : output_fd_(output_fd), input_fd_(input_fd), input_(input), cap_(cap), result_(result) {
    if (input_.empty()) close_input();
  }
  ~Pump() { close_input(); }
  Pump(const Pump&) = delete;
  Pump& operator=(const Pump&) = delete;

  // Moves what it can within `wait_ms`; false once the output reached its end.
  bool run(int wait_ms) {
    pollfd fds[2] = {{output_fd_, POLLIN, 0}, {input_fd_, POLLOUT, 0}};
    int ready = poll(fds, input_fd_ >= 0 ? 2 : 1, wait_ms);
    if (ready <= 0) return true;
    if (input_fd_ >= 0 && fds[1].revents) feed();
    if (!fds[0].revents) return true;
    char buffer[65536];
    ssize_t got = read(output_fd_, buffer, sizeof buffer);
    if (got < 0) return errno == EINTR || errno == EAGAIN;
    if (got == 0) return false;
    std::size_t room = cap_ > result_.output.size() ? cap_ - result_.output.size() : 0;
    result_.output.append(buffer, std::min(room, static_cast<std::size_t>(got)));
    if (static_cast<std::size_t>(got) > room) result_.truncated = true;
    return true;
  }

  void close_input() {
    if (input_fd_ >= 0) close(input_fd_);
    input_fd_ = -1;
  }

 private:
  void feed() {
    ssize_t written = write_without_sigpipe(input_fd_, input_.substr(0, 65536));
    if (written < 0 && (errno == EINTR || errno == EAGAIN)) return;
    if (written < 0) {  // the command stopped reading (EPIPE): what it did not take is dropped
      close_input();
      return;
    }
    input_.remove_prefix(static_cast<std::size_t>(written));
    if (input_.empty()) close_input();  // end of file for the command
  }

  int output_fd_;
  int input_fd_;
  std::string_view input_;
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

ProcessResult spawn_failure(std::string why) {
  ProcessResult result;
  result.spawn_failed = true;
  result.output = std::move(why);
  return result;
}

// Waits for the child, killing its group on cancel or timeout; fills result.
void supervise(pid_t pid, Pump& pump, int output_fd, const ProcessOptions& options,
               Clock::time_point start, ProcessResult& result) {
  auto deadline = start + options.timeout;
  bool open = true;
  while (!has_exited(pid)) {
    bool cancelled = options.cancel && options.cancel->load();
    if (cancelled || Clock::now() >= deadline) {
      (cancelled ? result.cancelled : result.timed_out) = true;
      kill(-pid, SIGTERM);
      auto hard = Clock::now() + std::chrono::seconds(2);
      while (!has_exited(pid) && Clock::now() < hard) open = open && pump.run(20);
      break;
    }
    if (open)
      open = pump.run(50);
    else
      usleep(10000);
  }
  pump.close_input();
  // Grandchildren may still hold the pipe: a short grace, then the whole group goes.
  auto grace =
      Clock::now() + std::chrono::milliseconds(result.timed_out || result.cancelled ? 0 : 200);
  while (open && Clock::now() < grace) open = pump.run(20);
  kill(-pid, SIGKILL);  // the exited child is not reaped yet, so its group id is still ours
  int wait_status = 0;
  while (waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
  }
  while (open) open = pump.run(0) && has_pending(output_fd);
  result.exit_code = decode_status(wait_status);
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
  auto start = Clock::now();
  if (argv.empty()) return spawn_failure("cannot run an empty command");
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  std::vector<char*> env;
  if (options.environment) {
    for (const std::string& entry : *options.environment)
      env.push_back(const_cast<char*>(entry.c_str()));
    env.push_back(nullptr);
  }
  std::string cwd = options.cwd.empty() ? "." : options.cwd.string();

  int output[2], status[2], input[2] = {-1, -1};
  if (pipe2(output, O_CLOEXEC) != 0 || pipe2(status, O_CLOEXEC) != 0 ||
      (!options.input.empty() && pipe2(input, O_CLOEXEC) != 0))
    return spawn_failure(std::string("cannot create a pipe: ") + std::strerror(errno));
  pid_t pid = fork();
  if (pid == 0)
    exec_child(args, options.environment ? env.data() : nullptr, cwd.c_str(),
               {input[0], output[1], options.stdout_fd, status[1]});
  close(output[1]);
  close(status[1]);
  if (input[0] >= 0) close(input[0]);
  if (input[1] >= 0) fcntl(input[1], F_SETFL, O_NONBLOCK);
  if (pid < 0) {
    close(output[0]);
    close(status[0]);
    if (input[1] >= 0) close(input[1]);
    return spawn_failure(std::string("cannot fork: ") + std::strerror(errno));
  }
  setpgid(pid, pid);  // also here, so the group exists before we might signal it
  int exec_error = read_exec_error(status[0]);
  close(status[0]);

  ProcessResult result;
  {
    Pump pump(output[0], input[1], options.input, options.output_cap, result);
    supervise(pid, pump, output[0], options, start, result);
  }
  close(output[0]);
  result.duration_ms = elapsed_ms(start);
  if (exec_error) {
    ProcessResult failed =
        spawn_failure("cannot run '" + argv[0] + "' in " + cwd + ": " + std::strerror(exec_error));
    failed.duration_ms = result.duration_ms;
    return failed;
  }
  return result;
}

std::string find_program(std::string_view name) {
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "";
  while (!dirs.empty()) {
    std::size_t colon = dirs.find(':');
    std::string_view dir = dirs.substr(0, colon);
    if (dir.starts_with('/')) {
      std::string candidate = std::string(dir) + "/" + std::string(name);
      if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    if (colon == std::string_view::npos) break;
    dirs.remove_prefix(colon + 1);
  }
  return "";
}

}  // namespace tars
