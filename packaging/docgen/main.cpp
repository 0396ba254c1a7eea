// tars-docgen TEMPLATE_DIR OUT_DIR VERSION HELP_FILE: writes the man pages
// (OUT_DIR/man/<program>.1, from TEMPLATE_DIR/<program>.1.in) and the bash, zsh and fish
// completions (OUT_DIR/completions/{bash/<program>,zsh/_<program>,fish/<program>.fish}) of
// tarscli, tars-lsp and tars-mcp from their command definitions, and the tags file of the Neovim
// plugin's help (OUT_DIR/nvim/tags, what :helptags writes). Run by the build; not installed.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "packaging/docgen/writers.h"

namespace fs = std::filesystem;
using namespace tars::docgen;

namespace {

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.flush()) throw std::runtime_error("cannot write " + file.string());
}

void generate(const ProgramDoc& program, const fs::path& templates, const fs::path& out,
              const std::string& version) {
  const std::string& name = program.name;
  write(out / "man" / (name + ".1"),
        man_page(program, read(templates / (name + ".1.in")), version));
  write(out / "completions" / "bash" / name, bash_completion(program));
  write(out / "completions" / "zsh" / ("_" + name), zsh_completion(program));
  write(out / "completions" / "fish" / (name + ".fish"), fish_completion(program));
}

// Vim's rule: "*tag*" preceded by the line start or a blank, followed by a blank or the
// line end, with no blank, '*' or '|' inside. Lines "tag<TAB>file<TAB>/*tag*", sorted.
std::string help_tags(const fs::path& help_file) {
  std::vector<std::string> tags;
  std::istringstream lines(read(help_file));
  for (std::string line; std::getline(lines, line);) {
    for (std::size_t start = line.find('*'); start != std::string::npos;) {
      std::size_t end = line.find_first_of("* \t|", start + 1);
      bool tag = end != std::string::npos && line[end] == '*' && end > start + 1 &&
                 (start == 0 || line[start - 1] == ' ' || line[start - 1] == '\t') &&
                 (end + 1 == line.size() || line[end + 1] == ' ' || line[end + 1] == '\t');
      if (tag) {
        std::string name = line.substr(start + 1, end - start - 1), pattern;
        for (char c : name)
          pattern += c == '\\' || c == '/' ? std::string("\\") + c : std::string(1, c);
        tags.push_back(name + "\t" + help_file.filename().string() + "\t/*" + pattern + "*");
      }
      start = line.find('*', tag ? end + 1 : start + 1);
    }
  }
  std::sort(tags.begin(), tags.end());
  std::string text;
  for (const std::string& line : tags) text += line + "\n";
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: tars-docgen TEMPLATE_DIR OUT_DIR VERSION HELP_FILE\n";
    return 2;
  }
  try {
    generate(describe_tarscli(), argv[1], argv[2], argv[3]);
    generate(describe_tars_lsp(), argv[1], argv[2], argv[3]);
    generate(describe_tars_mcp(), argv[1], argv[2], argv[3]);
    write(fs::path(argv[2]) / "nvim" / "tags", help_tags(argv[4]));
  } catch (const std::exception& e) {
    std::cerr << "tars-docgen: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
