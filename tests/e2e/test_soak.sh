#!/usr/bin/env bash
# A short kill soak (scripts/soak): 20 SIGKILLs at random moments of executions (CLI
# and tars-lsp), rollbacks of every form, rejects and approvals on a 320-file
# workspace; after each, the next command leaves one consistent state and status
# matches the disk. The seed is printed, so a failure can be replayed.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
cd "$TMP"
python3 "$REPO_ROOT/scripts/soak" 20 --tarscli "$TARSCLI" --lsp "$TARS_LSP" --keep "$TMP/kept" ||
  fail "kill soak (the failing workspace is kept only for a run by hand: scripts/soak --keep DIR)"
ok "kill soak: 20 trials"
finish
