#!/usr/bin/env bash
# The rooms (one CMake library each) with their lines of C++ and the rooms
# each links, read from the CMakeLists.txt files: the table and the arrows of
# docs/architecture.md. Usage: scripts/rooms.sh
set -euo pipefail
cd "$(dirname "$0")/.."
printf '| room | library | lines | uses |\n|---|---|---|---|\n'
for cmake in $(find . -path ./build\* -prune -o -path ./tests -prune -o \
                 -name CMakeLists.txt -print | sort); do
  dir="$(dirname "${cmake#./}")"
  [ "$dir" = . ] && continue
  target="$(sed -n 's/^add_\(library\|executable\)(\([a-z_]*\).*/\2/p' "$cmake" | head -1)"
  [ -n "$target" ] || continue
  # What it links of ours (hazegate_*), PUBLIC or PRIVATE.
  uses="$(tr '\n' ' ' < "$cmake" | grep -o 'target_link_libraries([^)]*)' |
          grep -o "hazegate_[a-z_]*" | { grep -vx "$target" || true; } | sort -u |
          sed 's/^hazegate_//' | paste -sd, - | sed 's/,/, /g' || true)"
  # Its own sources: not those of a room inside it (a folder with its own
  # CMakeLists.txt).
  prune=()
  for inner in $(find "$dir" -mindepth 2 -name CMakeLists.txt); do
    prune+=(-path "$(dirname "$inner")" -prune -o)
  done
  lines="$(find "$dir" "${prune[@]}" \( -name '*.cpp' -o -name '*.h' \) -print |
           xargs cat | wc -l)"
  printf '| `%s/` | %s | %s | %s |\n' "$dir" "$target" "$lines" "${uses:-—}"
done
