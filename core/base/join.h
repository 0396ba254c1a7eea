#pragma once
// Words joined into one text: "a, b, c" (empty words at the start add nothing).
#include <string>
#include <string_view>
#include <vector>

namespace tars {

std::string join(const std::vector<std::string>& parts, std::string_view separator = ", ");

}  // namespace tars
