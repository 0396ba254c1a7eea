#include "core/importers/import_support.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "core/base/error.h"
#include "core/base/file_io.h"
#include "core/base/hash.h"
#include "core/base/ids.h"
#include "core/base/quote.h"
#include "core/importers/transaction_units.h"
#include "core/model/improvement_store.h"

namespace tars {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::size_t units_of(std::size_t sequence, CharUnit unit) {
  if (unit == CharUnit::Utf8) return sequence;
  return unit == CharUnit::Utf16 && sequence == 4 ? 2 : 1;
}

// The byte offset `count` characters after `from`, stopping at `limit`.
std::size_t advance(std::string_view text, std::size_t from, std::size_t limit, std::size_t count,
                    CharUnit unit) {
  for (std::size_t counted = 0; from < limit && counted < count;) {
    std::size_t length = utf8_sequence_length(static_cast<unsigned char>(text[from]));
    counted += units_of(length, unit);
    from = std::min(from + length, limit);
  }
  return from;
}

std::string bytes(const Replacement& r) {
  return "bytes " + std::to_string(r.offset) + "-" + std::to_string(r.offset + r.length) + " of " +
         r.path;
}

[[noreturn]] void conflict(const Replacement& earlier, const Replacement& later) {
  throw Error(ErrorKind::BadInput, later.where + ": the replacement of " + bytes(later) +
                                       " conflicts with the one at " + earlier.where + " (" +
                                       bytes(earlier) +
                                       "); nothing was imported: fix or drop one of them");
}

bool same(const Replacement& a, const Replacement& b) {
  return a.offset == b.offset && a.length == b.length && a.text == b.text;
}

std::string plural(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " fix" : " fixes");
}

std::string group_key(const Fix& fix, Grouping grouping, std::size_t index) {
  switch (grouping) {
    case Grouping::Check:
      return fix.check;
    case Grouping::File:
      return fix.file;
    case Grouping::Diagnostic:
      return std::to_string(index);
    case Grouping::All:
      break;
  }
  return "";
}

std::string title_for(const std::vector<const Fix*>& fixes, Grouping grouping,
                      std::string_view format, const std::string& origin) {
  const Fix& first = *fixes.front();
  std::string check = first.check.empty() ? std::string(format) : first.check;
  std::string single = first.check.empty() ? first.message : check + ": " + first.message;
  switch (grouping) {
    case Grouping::Check:
      return fixes.size() == 1 ? single : check + ": " + plural(fixes.size());
    case Grouping::File:
      return std::string(format) + " fixes in " + first.file + " (" + plural(fixes.size()) + ")";
    case Grouping::Diagnostic:
      return single;
    case Grouping::All:
      break;
  }
  return std::string(format) + " fixes from " + base_name(origin) + " (" + plural(fixes.size()) +
         ")";
}

// Diagnostics reported once per translation unit (a header's) are kept once.
struct DiagnosticOrder {
  bool operator()(const Diagnostic* a, const Diagnostic* b) const {
    return std::tie(a->path, a->line, a->column, a->code, a->message) <
           std::tie(b->path, b->line, b->column, b->code, b->message);
  }
};

Improvement improvement_for(const std::vector<const Fix*>& fixes, Grouping grouping,
                            std::string_view format, const std::string& origin,
                            ImportFiles& files) {
  Improvement improvement;
  std::map<std::string, std::vector<const Replacement*>> by_file;
  std::set<const Diagnostic*, DiagnosticOrder> seen;
  TransactionUnits units;
  for (const Fix* fix : fixes) {
    for (const Replacement& r : fix->replacements) {
      by_file[r.path].push_back(&r);
      units.touch(fix->unit.empty() ? r.path : fix->unit, r.path);
    }
    if (fix->diagnostic && seen.insert(&*fix->diagnostic).second)
      improvement.diagnostics.push_back(*fix->diagnostic);
  }
  improvement.description = "Imported from " + origin + ": " + plural(fixes.size()) + " in";
  for (auto& [path, replacements] : by_file) {
    FileChange change;
    change.path = path;
    change.edits = edits_for(std::move(replacements), files.content(path, origin));
    change.base_hash = files.base_hash(path);
    improvement.changes.push_back(std::move(change));
    improvement.description += " " + path;
  }
  units.assign(improvement.changes);
  improvement.title = title_for(fixes, grouping, format, origin);
  improvement.source = std::string(format);
  improvement.category = grouping == Grouping::Check && !fixes.front()->check.empty()
                             ? fixes.front()->check
                             : std::string(format);
  finish_improvement(improvement);
  return improvement;
}

}  // namespace

Grouping parse_grouping(const std::string& group_by, Grouping fallback) {
  if (group_by.empty()) return fallback;
  if (group_by == "check") return Grouping::Check;
  if (group_by == "file") return Grouping::File;
  if (group_by == "diagnostic") return Grouping::Diagnostic;
  if (group_by == "all") return Grouping::All;
  throw Error(ErrorKind::Usage,
              "Unknown --group-by '" + group_by + "' (known: check, file, diagnostic, all)");
}

LineLocator::LineLocator(std::string_view content, bool skip_bom) : content_(content) {
  if (skip_bom && content.starts_with(kBom)) begin_ = kBom.size();
  starts_.push_back(begin_);
  for (std::size_t at = content.find('\n', begin_); at != std::string_view::npos;
       at = content.find('\n', at + 1))
    starts_.push_back(at + 1);
}

std::size_t LineLocator::offset(TextPosition position, CharUnit unit) const {
  if (position.line < 0) return begin_;
  auto line = static_cast<std::size_t>(position.line);
  if (line >= starts_.size()) return content_.size();
  std::size_t end = line + 1 < starts_.size() ? starts_[line + 1] - 1 : content_.size();
  if (end > starts_[line] && content_[end - 1] == '\r') --end;  // never split "\r\n"
  return advance(content_, starts_[line], end,
                 static_cast<std::size_t>(std::max(0, position.character)), unit);
}

std::size_t LineLocator::char_offset(std::size_t characters, CharUnit unit) const {
  return advance(content_, begin_, content_.size(), characters, unit);
}

TextPosition LineLocator::position(std::size_t offset) const {
  auto next = std::upper_bound(starts_.begin(), starts_.end(), offset);
  std::size_t line =
      next == starts_.begin() ? 0 : static_cast<std::size_t>(next - starts_.begin()) - 1;
  std::size_t start = starts_[line];
  return {static_cast<int>(line), static_cast<int>(offset >= start ? offset - start : 0)};
}

std::optional<std::string> ImportFiles::canonical(const std::string& path, const std::string& base,
                                                  const std::string& where) {
  fs::path given(path);
  fs::path anchor = fs::path(base).is_absolute() ? fs::path(base) : workspace_.root() / base;
  std::string joined = (given.is_absolute() ? given : anchor / given).lexically_normal().string();
  auto [it, fresh] = canonical_.try_emplace(joined);
  if (!fresh) return it->second;
  try {
    it->second = workspace_.relative(workspace_.resolve(joined));
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::PlanInvalid) throw;
    result_.warnings.push_back(where + ": " + path +
                               " is not a workspace file (outside it, or in .git/ or .tars/); "
                               "its replacements are dropped");
  }
  return it->second;
}

const std::string& ImportFiles::content(const std::string& path, const std::string& where) {
  auto it = files_.find(path);
  if (it == files_.end()) {
    std::optional<std::string> text;
    try {
      text = workspace_.open(path).read();  // a FIFO or a device is refused, never read
    } catch (const Error& e) {
      throw Error(ErrorKind::BadInput, where + ": " + e.what());
    }
    if (!text)
      throw Error(ErrorKind::BadInput, where + ": " + quote_path(path) + " does not exist");
    it = files_.emplace(path, Entry{std::move(*text), "", nullptr, nullptr}).first;
  }
  return it->second.content;
}

bool ImportFiles::exists(const std::string& path) const {
  if (files_.count(path)) return true;
  try {
    return workspace_.open(path).stat().has_value();
  } catch (const Error& e) {
    // Found by fuzz/targets/clang_tidy.cpp: a path through a file or a symlink is the
    // input's fault (exit 9), not a plan's.
    if (e.kind() != ErrorKind::PlanInvalid) throw;
    throw Error(ErrorKind::BadInput, e.what());
  }
}

std::string ImportFiles::base_hash(const std::string& path) {
  Entry& entry = files_.at(path);
  if (entry.hash.empty()) {
    entry.hash = content_hash(entry.content);
    result_.base_contents.emplace(entry.hash, entry.content);
  }
  return entry.hash;
}

const LineLocator& ImportFiles::locator(const std::string& path, bool skip_bom) {
  Entry& entry = files_.at(path);
  std::unique_ptr<LineLocator>& slot = skip_bom ? entry.text : entry.raw;
  if (!slot) slot = std::make_unique<LineLocator>(entry.content, skip_bom);
  return *slot;
}

Diagnostic ImportFiles::diagnostic(const std::string& path, std::size_t offset,
                                   std::size_t length) {
  const LineLocator& lines = locator(path, false);
  TextPosition start = lines.position(offset), end = lines.position(offset + length);
  Diagnostic d;
  d.path = path;
  d.line = start.line + 1;
  d.column = start.character + 1;
  d.end_line = end.line + 1;
  d.end_column = end.character + 1;
  return d;
}

void settle_replacements(std::vector<Fix>& fixes, ImportFiles& files) {
  struct Ref {
    std::size_t fix, index;
  };
  std::map<std::string, std::vector<Ref>> by_file;
  std::vector<std::vector<bool>> dropped(fixes.size());
  for (std::size_t f = 0; f < fixes.size(); ++f) {
    dropped[f].assign(fixes[f].replacements.size(), false);
    for (std::size_t r = 0; r < fixes[f].replacements.size(); ++r)
      by_file[fixes[f].replacements[r].path].push_back({f, r});
  }
  auto at = [&](Ref ref) -> const Replacement& { return fixes[ref.fix].replacements[ref.index]; };
  for (auto& [path, refs] : by_file) {
    const std::string& content = files.content(path, at(refs.front()).where);
    std::stable_sort(refs.begin(), refs.end(), [&](Ref a, Ref b) {
      return std::tie(at(a).offset, at(a).length, at(a).text) <
             std::tie(at(b).offset, at(b).length, at(b).text);
    });
    const Replacement* previous = nullptr;
    const Replacement* furthest = nullptr;  // the kept replacement reaching furthest
    for (Ref ref : refs) {
      const Replacement& r = at(ref);
      if (r.length > content.size() || r.offset > content.size() - r.length)
        throw Error(ErrorKind::BadInput, r.where + ": " + bytes(r) + " are past its end (" +
                                             std::to_string(content.size()) + " bytes)");
      if (previous && same(*previous, r)) {
        dropped[ref.fix][ref.index] = true;
        continue;
      }
      if (previous && previous->length == 0 && r.length == 0 && previous->offset == r.offset)
        conflict(*previous, r);
      if (furthest && r.offset < furthest->offset + furthest->length) conflict(*furthest, r);
      if (!furthest || r.offset + r.length > furthest->offset + furthest->length) furthest = &r;
      previous = &r;
    }
  }
  std::vector<Fix> kept;
  for (std::size_t f = 0; f < fixes.size(); ++f) {
    Fix& fix = fixes[f];
    std::vector<Replacement> replacements;
    for (std::size_t r = 0; r < fix.replacements.size(); ++r)
      if (!dropped[f][r]) replacements.push_back(std::move(fix.replacements[r]));
    if (replacements.empty()) continue;
    fix.replacements = std::move(replacements);
    kept.push_back(std::move(fix));
  }
  fixes = std::move(kept);
}

std::vector<TextEdit> edits_for(std::vector<const Replacement*> replacements,
                                const std::string& content) {
  std::stable_sort(replacements.begin(), replacements.end(),
                   [](const Replacement* a, const Replacement* b) {
                     return std::tie(a->offset, a->length) < std::tie(b->offset, b->length);
                   });
  std::vector<TextEdit> edits;
  edits.reserve(replacements.size());
  for (const Replacement* r : replacements)
    edits.push_back({r->offset, content.substr(r->offset, r->length), r->text});
  return edits;
}

std::vector<Improvement> group_fixes(const std::vector<Fix>& fixes, Grouping grouping,
                                     std::string_view format, const std::string& origin,
                                     ImportFiles& files) {
  std::vector<std::vector<const Fix*>> groups;
  std::map<std::string, std::size_t> group_of_key;
  for (std::size_t i = 0; i < fixes.size(); ++i) {
    auto [it, fresh] = group_of_key.try_emplace(group_key(fixes[i], grouping, i), groups.size());
    if (fresh) groups.emplace_back();
    groups[it->second].push_back(&fixes[i]);
  }
  std::vector<Improvement> improvements;
  for (const auto& group : groups)
    improvements.push_back(improvement_for(group, grouping, format, origin, files));
  return improvements;
}

void finish_improvement(Improvement& improvement) {
  improvement.created_at = iso8601_now();
  improvement.id = improvement_id_for(improvement);
}

std::string base_name(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace tars
