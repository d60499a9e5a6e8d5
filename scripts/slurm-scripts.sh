#!/usr/bin/env bash
# jobs/slurm/*.sbatch are what `parcompute slurm` prints for the command line in each one's
# "Made with" comment (line 4): one template, the generator's. With --check, says which
# differ from a fresh print (exit 1); without, writes them anew.
#   scripts/slurm-scripts.sh [--check] [PARCOMPUTE]   (default: build/release/app/parcompute)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
check=0
if [ "${1:-}" = --check ]; then check=1; shift; fi
pc=${1:-$root/build/release/app/parcompute}
[ -x "$pc" ] || { echo "slurm-scripts.sh: no parcompute at $pc (build first, or name it)" >&2; exit 2; }
differ=0
for script in "$root"/jobs/slurm/*.sbatch; do
  line=$(sed -n 4p "$script")
  prefix="#   parcompute slurm "
  [ "${line#"$prefix"}" != "$line" ] || { echo "$script: line 4 is not a 'Made with' line" >&2; exit 2; }
  # The ready scripts' command lines are plain words: split on spaces, no shell involved.
  case "$line" in *[\'\"\\\$\`]*) echo "$script: its 'Made with' line must be plain words" >&2; exit 2 ;; esac
  read -ra words <<<"${line#"$prefix"}"
  fresh=$("$pc" slurm "${words[@]}")
  if [ "$check" -eq 1 ]; then
    if [ "$fresh" != "$(cat "$script")" ]; then
      echo "$script: not what 'parcompute slurm' prints for its line 4 (run scripts/slurm-scripts.sh)"
      diff <(printf '%s\n' "$fresh") "$script" | head -20 || true
      differ=1
    fi
  else
    printf '%s\n' "$fresh" >"$script"
  fi
done
[ "$check" -eq 0 ] || [ "$differ" -eq 1 ] || echo "jobs/slurm scripts are the generator's"
exit "$differ"
