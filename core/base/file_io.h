#pragma once
// File primitives. Paths here are ones the person chose (an input to import, the
// output directory, the trust file) or already contained; workspace files go through
// DirHandle and PathHandle. Every function throws Error(Io) naming the path (quoted as
// git quotes it) and the OS reason.
#include <sys/stat.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace tars {

namespace fs = std::filesystem;

// A regular file's bytes. Anything else (a FIFO, a device, a socket, a directory) is
// refused without blocking, and so is a file over max_input_size().
std::string read_file(const fs::path& path);
std::optional<std::string> read_file_if_exists(const fs::path& path);
// An input the person named (a patch, an export to import): Error(NotFound) when
// missing, Error(BadInput) when not a regular file or over max_input_size().
std::string read_input(const fs::path& path);
// Permission bits (e.g. 0644), nullopt when the file does not exist.
std::optional<unsigned> file_mode(const fs::path& path);

[[noreturn]] void throw_io_error(std::string_view what, std::string_view shown, int error);
// "a FIFO", "a character device", ... for messages.
std::string file_type_name(mode_t mode);
// Error(Io) "<shown> is a FIFO, not a regular file" unless `info` is a regular file.
void require_regular(const struct stat& info, std::string_view shown);
// Reads an open regular file to its end (checked with fstat, size-limited).
std::string read_open_file(int fd, std::string_view shown);
// Reads a pipe or terminal (stdin) to its end, refusing more than max_input_size().
std::string read_stream(int fd, std::string_view shown);
void write_all(int fd, std::string_view content, std::string_view shown);

void fsync_path(const fs::path& path);           // a file or a directory
void sync_filesystem(const fs::path& any_path);  // syncfs(2) of the file system holding the path

// Self-contained durable replace beside target: an exclusively created temp file under
// an unpredictable name, fsync, rename, directory fsync. Keeps the target's permission
// bits unless `mode` is given; never sets setuid, setgid or sticky bits.
void write_file_atomic(const fs::path& target, std::string_view content,
                       std::optional<unsigned> mode = std::nullopt);

}  // namespace tars
