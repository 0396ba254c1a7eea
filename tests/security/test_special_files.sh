#!/usr/bin/env bash
# Attack 4, hanging or exhausting TARS with special files: a FIFO at a target path (an
# execution that would hang forever holding the workspace lock), a device node at one
# (read until memory runs out), `improve import /dev/zero`, standard input without end,
# an improvement file that is a FIFO. Each is refused at once with a clear error, and
# every input has a size limit (TARS_MAX_INPUT_SIZE).
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
WS="$TMP/ws"
make_hostile_workspace "$WS"
cp "$REPO_ROOT/examples/calc/use-sum.patch" "$TMP/"
expect 0 improve import "$TMP/use-sum.patch" --format json
ID=$(json_get 'j["improvements"][0]["id"]')
mv "$WS/calc.py" "$TMP/calc.py"

mkfifo "$WS/calc.py"
expect 4 execute improvement --id "$ID"
err_has "Execution plan validation failed: path calc.py is a FIFO; TARS changes regular files only"
expect 0 execute status  # the lock was let go
contained "a FIFO at the target"
rm "$WS/calc.py"
ok "a FIFO at a target path is refused at once (exit 4), the lock released"

if [ "$(id -u)" = 0 ]; then
  mknod "$WS/calc.py" c 1 5  # /dev/zero
  expect 4 execute improvement --id "$ID"
  err_has "path calc.py is a character device"
  contained "a device at the target"
  rm "$WS/calc.py"
  ok "a device node at a target path is refused, never read (as root)"
fi
mv "$TMP/calc.py" "$WS/calc.py"

expect 9 improve import /dev/zero
err_has "/dev/zero is a character device, not a regular file"
mkfifo "$TMP/fifo.patch"
expect 9 improve import "$TMP/fifo.patch"
err_has "fifo.patch is a FIFO, not a regular file"
contained "special files as inputs"
ok "improve import of a device or a FIFO is refused (exit 9) without reading it"

TARS_MAX_INPUT_SIZE=1M expect 9 improve import - </dev/zero
err_has "<stdin> is larger than the input limit of 1 MiB (set TARS_MAX_INPUT_SIZE to raise it"
head -c 2000000 /dev/zero | tr '\0' ' ' >"$TMP/big.patch"
TARS_MAX_INPUT_SIZE=1M expect 9 improve import "$TMP/big.patch"
err_has "big.patch is larger than the input limit of 1 MiB"
contained "inputs over the limit"
ok "every input has a size limit (TARS_MAX_INPUT_SIZE), standard input too"

mkfifo "$WS/.tars/improvements/imp-fifo.json"
expect 0 improve list --format json
[ "$(json_get 'len(j["improvements"])')" = 1 ] || fail "the good improvement no longer lists"
json_has 'j["errors"]' "is a FIFO, not a regular file" || fail "the FIFO is not reported"
expect 9 execute improvement --id imp-fifo
contained "a FIFO as an improvement file"
ok "an improvement file that is a FIFO is reported, never read"

finish
