#include "core/importers/transaction_units.h"

#include <set>

#include "core/base/text_position.h"

namespace tars {

std::string shorten(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) return text;
  constexpr std::string_view kEllipsis = "...";
  std::size_t keep = 0;
  while (keep < text.size()) {
    std::size_t next = keep + utf8_sequence_length(static_cast<unsigned char>(text[keep]));
    if (next + kEllipsis.size() > limit) break;
    keep = next;
  }
  return text.substr(0, keep) + std::string(kEllipsis);
}

std::size_t TransactionUnits::unit(const std::string& name) {
  auto [it, fresh] = unit_of_name_.try_emplace(name, units_.size());
  if (fresh) {
    units_.push_back(name);
    parent_.push_back(it->second);
  }
  return it->second;
}

std::size_t TransactionUnits::root(std::size_t unit) {
  while (parent_[unit] != unit) unit = parent_[unit] = parent_[parent_[unit]];
  return unit;
}

// The earlier unit stays the root, so a name starts with the first unit that appeared.
void TransactionUnits::join(std::size_t a, std::size_t b) {
  a = root(a);
  b = root(b);
  if (a == b) return;
  if (b < a) std::swap(a, b);
  parent_[b] = a;
}

void TransactionUnits::touch(const std::string& unit_name, const std::string& path) {
  name_of_root_.clear();
  std::size_t u = unit(unit_name);
  auto [it, fresh] = unit_of_path_.try_emplace(path, u);
  if (!fresh) join(it->second, u);
}

void TransactionUnits::settle() {
  std::map<std::size_t, std::vector<std::size_t>> members;
  for (std::size_t u = 0; u < units_.size(); ++u) members[root(u)].push_back(u);
  std::set<std::string> taken;
  for (const auto& [top, list] : members) {
    constexpr std::size_t kMoreRoom = 16;  // " + 999999 more"
    std::string name =
        shorten(units_[list.front()], kTransactionNameLimit - (list.size() > 1 ? kMoreRoom : 0));
    for (std::size_t i = 1; i < list.size(); ++i) {
      std::string more = " + " + std::to_string(list.size() - i) + " more";
      std::string joined = name + " + " + units_[list[i]];
      bool last = i + 1 == list.size();
      if (joined.size() + (last ? 0 : more.size()) > kTransactionNameLimit) {
        name += more;
        break;
      }
      name = std::move(joined);
    }
    // Shortened names of different transactions may meet; a transaction is its name.
    std::string unique = name;
    for (int n = 2; !taken.insert(unique).second; ++n) unique = name + " #" + std::to_string(n);
    name_of_root_[top] = unique;
  }
}

std::string TransactionUnits::name(const std::string& path) {
  auto it = unit_of_path_.find(path);
  if (it == unit_of_path_.end()) return "";
  if (name_of_root_.empty()) settle();
  return name_of_root_.at(root(it->second));
}

void TransactionUnits::assign(std::vector<FileChange>& changes) {
  for (FileChange& change : changes) change.group = name(change.path);
}

}  // namespace tars
