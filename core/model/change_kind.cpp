#include "core/model/change_kind.h"

#include <array>

namespace tars {

namespace {

constexpr std::array<ChangeKind, 4> kKinds = {ChangeKind::Edit, ChangeKind::Create,
                                              ChangeKind::Delete, ChangeKind::Rename};
constexpr std::array<std::string_view, 4> kWords = {"edit", "create", "delete", "rename"};
constexpr std::array<std::string_view, 4> kOperations = {"modify", "create", "delete", "rename"};

std::optional<ChangeKind> find(const std::array<std::string_view, 4>& words,
                               std::string_view text) {
  for (std::size_t i = 0; i < words.size(); ++i)
    if (words[i] == text) return kKinds[i];
  return std::nullopt;
}

}  // namespace

std::string_view to_string(ChangeKind kind) {
  return kWords[static_cast<std::size_t>(kind)];
}

std::string_view operation_name(ChangeKind kind) {
  return kOperations[static_cast<std::size_t>(kind)];
}

std::optional<ChangeKind> change_kind_from_string(std::string_view text) {
  return find(kWords, text);
}

std::optional<ChangeKind> change_kind_from_operation(std::string_view text) {
  return find(kOperations, text);
}

}  // namespace tars
