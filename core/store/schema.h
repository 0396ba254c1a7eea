#pragma once
// state.db's tables and their versions (PRAGMA user_version).
namespace tars {

class Database;

inline constexpr int kSchemaVersion = 6;

// Brings the database to kSchemaVersion in one transaction. Throws Error(Io) for a
// database newer than this program.
void migrate(Database& db);

}  // namespace tars
