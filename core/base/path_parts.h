#pragma once
// The parts of a workspace-relative path ("a/b/c.txt"), as text: no file system access.
#include <string>
#include <string_view>

namespace tars {

// The directory part ("a/b"; "" for "c.txt").
std::string parent_of(std::string_view relative);
// The last component ("c.txt"), a view into `relative`.
std::string_view file_name_of(std::string_view relative);

}  // namespace tars
