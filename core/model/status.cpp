#include "core/model/status.h"

#include <array>
#include <string>

#include "core/base/error.h"

namespace tars {

namespace {

// Indexed by the enumerator's value.
constexpr std::array<std::string_view, 10> kContextNames = {
    "running",     "simulated",   "awaiting_review",
    "failed",      "rolled_back", "partially_rolled_back",
    "approved",    "rejected",    "cancelled",
    "rolling_back"};
constexpr std::array<std::string_view, 4> kTransactionNames = {"open", "committed", "rolled_back",
                                                               "partially_rolled_back"};
constexpr std::array<std::string_view, 6> kStepNames = {"pending", "running", "done",
                                                        "failed",  "skipped", "simulated"};
constexpr std::array<std::string_view, 7> kFileOpNames = {
    "intent", "applied", "simulated", "rolled_back", "conflict", "rolling_back", "failed"};
constexpr std::array<std::string_view, 5> kValidationNames = {"passed", "failed", "timeout",
                                                              "error", "skipped"};

template <typename Status, std::size_t N>
std::string_view name_of(const std::array<std::string_view, N>& names, Status status) {
  auto index = static_cast<std::size_t>(status);
  return index < N ? names[index] : "unknown";
}

template <typename Status, std::size_t N>
Status parse(const std::array<std::string_view, N>& names, std::string_view text,
             const char* what) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == text) return static_cast<Status>(i);
  throw Error(ErrorKind::BadInput, std::string("unknown ") + what + " '" + std::string(text) + "'");
}

}  // namespace

std::string_view to_string(ContextStatus status) {
  return name_of(kContextNames, status);
}
std::string_view to_string(TransactionStatus status) {
  return name_of(kTransactionNames, status);
}
std::string_view to_string(StepStatus status) {
  return name_of(kStepNames, status);
}
std::string_view to_string(FileOpState state) {
  return name_of(kFileOpNames, state);
}
std::string_view to_string(ValidationStatus status) {
  return name_of(kValidationNames, status);
}

template <>
ContextStatus status_from_string<ContextStatus>(std::string_view text) {
  return parse<ContextStatus>(kContextNames, text, "context status");
}
template <>
TransactionStatus status_from_string<TransactionStatus>(std::string_view text) {
  return parse<TransactionStatus>(kTransactionNames, text, "transaction status");
}
template <>
StepStatus status_from_string<StepStatus>(std::string_view text) {
  return parse<StepStatus>(kStepNames, text, "step status");
}
template <>
FileOpState status_from_string<FileOpState>(std::string_view text) {
  return parse<FileOpState>(kFileOpNames, text, "file operation state");
}
template <>
ValidationStatus status_from_string<ValidationStatus>(std::string_view text) {
  return parse<ValidationStatus>(kValidationNames, text, "validation status");
}

}  // namespace tars
