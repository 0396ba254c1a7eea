#pragma once
// What listings show of the improvements in .tars/improvements/ (summaries: every field
// but the edits, created contents and diagnostics), each file read only when it changed.
// state.db keeps every file's summary with the file's stamp (FileStamp: inode, size,
// modification and change times), as git's index keeps files: listing 1,000 improvements
// reads no improvement file, only their stamps. A summary recorded less than
// racy_window() after its file's last change is not trusted (the file could change again
// within the granularity of file times and keep its stamp): such a file is read again,
// and its summary recorded again, until it is older.
#include <chrono>

#include "core/model/improvement_store.h"
#include "core/store/state_store.h"

namespace tars {

// How long after a file's last change a change can still leave its times as they are:
// 2 s where the file system keeps whole seconds (FAT keeps 2 s), else 50 ms (Linux
// stamps files from a clock that advances once per scheduler tick, at most 10 ms).
std::chrono::nanoseconds racy_window(const FileStamp& stamp);

// Every improvement file's summary and every corrupt file's problem, sorted as
// ImprovementStore::list() sorts. Summaries that changed are recorded without an fsync
// (a cache); a store that refuses writes only makes the next listing read them again.
ImprovementListing list_summaries(const ImprovementStore& files, StateStore& store);

// The fields of `improvement` a summary keeps: its changes without edits or content.
Improvement summary_of(const Improvement& improvement);

}  // namespace tars
