#pragma once
// File primitives of the durability protocol. Every function throws Error(Io) naming
// the path and the OS reason.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace tars {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path);
std::optional<std::string> read_file_if_exists(const fs::path& path);
// Permission bits (e.g. 0644), nullopt when the file does not exist.
std::optional<unsigned> file_mode(const fs::path& path);

// The deterministic temp name used beside `target` (same directory, so rename is
// atomic): "<dir>/.<name>.tars-tmp". Recovery removes leftovers by this name.
fs::path temp_path_for(const fs::path& target);
// Writes content to temp_path_for(target) with `mode`, creating parent directories.
// No fsync: callers batch durability with sync_filesystem().
fs::path write_temp(const fs::path& target, std::string_view content, unsigned mode);
// rename(2) of temp over target.
void replace_with(const fs::path& temp, const fs::path& target);

void fsync_path(const fs::path& path);           // a file or a directory
void sync_filesystem(const fs::path& any_path);  // syncfs(2) of the file system holding the path

// Self-contained durable replace: temp beside target, fsync, rename, directory fsync.
// Keeps the target's mode unless `mode` is given.
void write_file_atomic(const fs::path& target, std::string_view content,
                       std::optional<unsigned> mode = std::nullopt);
// Removes a file (missing is fine) and fsyncs its directory.
void remove_file_durable(const fs::path& path);
// Removes empty directories from `dir` upwards, stopping at (and keeping) `stop`.
void remove_empty_parents(const fs::path& dir, const fs::path& stop);

}  // namespace tars
