#include "core/base/path_parts.h"

namespace tars {

std::string parent_of(std::string_view relative) {
  std::size_t slash = relative.rfind('/');
  return std::string(slash == std::string_view::npos ? "" : relative.substr(0, slash));
}

std::string_view file_name_of(std::string_view relative) {
  std::size_t slash = relative.rfind('/');
  return slash == std::string_view::npos ? relative : relative.substr(slash + 1);
}

}  // namespace tars
