#!/usr/bin/env bash
# Replays history as patches (replay_history.py): a repository whose commits exercise
# every header git writes, then the last 50 commits of this project's own history when
# the source tree is a git repository. Every replay must apply and roll back exactly.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
OWN=()
if git -C "$REPO_ROOT" rev-parse --git-dir >/dev/null 2>&1; then
  OWN=(--own "$REPO_ROOT" --own-count "${TARS_REPLAY_COUNT:-50}")
else
  echo "not a git checkout: the project's own history is not replayed"
fi
python3 "$REPO_ROOT/tests/e2e/replay_history.py" "$TARSCLI" "${OWN[@]}" || fail "replays were not exact"
ok "history replayed exactly"
finish
