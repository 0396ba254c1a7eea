#pragma once
// Which files of an improvement must stand or fall together. An importer names the
// logical units its input holds (a clang-tidy check, a SARIF result, an LSP edit, a
// commit of a series, a patch's file section) and the files each touches; a transaction
// is the smallest set of files that no unit crosses: the files of one unit are one
// transaction, and units sharing a file merge, since a rollback restores a file whole.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/model/improvement.h"

namespace tars {

// A transaction's name is at most this many bytes (long subjects are shortened).
inline constexpr std::size_t kTransactionNameLimit = 120;

class TransactionUnits {
 public:
  // Records that `unit` changes `path` (a rename's old and new path are both touched).
  void touch(const std::string& unit, const std::string& path);
  // The name of the transaction holding `path`: its units joined by " + " in order of
  // first appearance, shortened to kTransactionNameLimit ("a + b + 3 more"), distinct
  // from every other transaction's. Empty for a path never touched.
  std::string name(const std::string& path);
  // Sets the group of every change: the name of the transaction of its path.
  void assign(std::vector<FileChange>& changes);

 private:
  std::size_t unit(const std::string& name);
  std::size_t root(std::size_t unit);
  void join(std::size_t a, std::size_t b);
  void settle();

  std::vector<std::string> units_;  // in order of first appearance
  std::vector<std::size_t> parent_;
  std::map<std::string, std::size_t> unit_of_name_;
  std::map<std::string, std::size_t> unit_of_path_;
  std::map<std::size_t, std::string> name_of_root_;  // built once all units are known
};

// `text` cut at a UTF-8 character boundary to at most `limit` bytes, "..." included.
std::string shorten(const std::string& text, std::size_t limit);

}  // namespace tars
