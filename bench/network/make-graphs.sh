#!/usr/bin/env bash
# Generates the Barabási–Albert benchmark graphs (n = 10k, 100k, 1M; m = 3) into bench/network/data/
# with ../shared/data/networks/bench/make_ba.py, checks each file's sha256 against make_ba.log, and
# writes a matching nodes file (`id` column, 0…n−1) for loaders that need one (Climb's loadNetworkCsv).
#
#   bench/network/make-graphs.sh            # all three graphs
#   bench/network/make-graphs.sh 10k 100k   # check (and write nodes files for) a subset; make_ba.py
#                                           # always generates all three when one is missing
#
# The hashes in make_ba.log were produced with networkx 2.8.8 (Debian python3-networkx); other networkx
# versions generate different graphs. PYTHON overrides the interpreter (default /usr/bin/python3, where
# the Debian package lives); SHARED overrides the shared data folder.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared}"
SRC="$SHARED/data/networks/bench"
DATA="$HERE/data"
PYTHON="${PYTHON:-/usr/bin/python3}"
[ -x "$PYTHON" ] || PYTHON=python3

if [ ! -f "$SRC/make_ba.py" ] || [ ! -f "$SRC/make_ba.log" ]; then
  echo "make_ba.py / make_ba.log not found in $SRC (set SHARED=…)" >&2
  exit 1
fi
if ! "$PYTHON" -c 'import networkx' 2>/dev/null; then
  echo "networkx not installed for $PYTHON (apt-get install python3-networkx)" >&2
  exit 1
fi
NXV="$("$PYTHON" -c 'import networkx; print(networkx.__version__)')"
[ "$NXV" = "2.8.8" ] || echo "warning: networkx $NXV, the logged hashes are from 2.8.8" >&2

WANT=("$@")
[ ${#WANT[@]} -gt 0 ] || WANT=(10k 100k 1m)
mkdir -p "$DATA"

expected() { # name -> sha256 from the log
  sed -n "s/^$1: .*sha256=\([0-9a-f]\{64\}\).*/\1/p" "$SRC/make_ba.log"
}
verified() { # name -> 0 when the edges file exists and matches the log
  local f="$DATA/$1_edges.csv"
  [ -f "$f" ] && [ "$(sha256sum "$f" | cut -d' ' -f1)" = "$(expected "$1")" ]
}

missing=0
for s in "${WANT[@]}"; do verified "ba$s" || missing=1; done
if [ "$missing" = 1 ]; then
  # make_ba.py writes the two small graphs next to itself and the 1M graph to its argument: run a copy
  # in a scratch folder so nothing is written into the shared data.
  TMP="$(mktemp -d)"
  trap 'rm -rf "$TMP"' EXIT
  cp "$SRC/make_ba.py" "$TMP/"
  echo "generating with $PYTHON (networkx $NXV); the 1M graph takes about a minute…"
  (cd "$TMP" && "$PYTHON" make_ba.py "$TMP/big")
  for s in 10k 100k; do [ -f "$TMP/ba${s}_edges.csv" ] && mv "$TMP/ba${s}_edges.csv" "$DATA/"; done
  [ -f "$TMP/big/ba1m_edges.csv" ] && mv "$TMP/big/ba1m_edges.csv" "$DATA/"
fi

status=0
for s in "${WANT[@]}"; do
  name="ba$s"
  if verified "$name"; then
    echo "$name: sha256 ok ($(expected "$name"))"
  else
    echo "$name: sha256 MISMATCH (expected $(expected "$name"))" >&2
    status=1
  fi
  n="$(sed -n "s/^$name: n=\([0-9]*\) .*/\1/p" "$SRC/make_ba.log")"
  nodes="$DATA/${name}_nodes.csv"
  if [ ! -f "$nodes" ] || [ "$(($(wc -l <"$nodes") - 1))" != "$n" ]; then
    { echo id; seq 0 $((n - 1)); } >"$nodes"
  fi
done
exit $status
