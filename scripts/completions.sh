#!/usr/bin/env bash
# Generates golive's shell completions (bash, zsh, fish) from its argument parser into a folder.
#   scripts/completions.sh [OUTDIR]          (default: ./completions)
#   GOLIVE=/path/to/golive scripts/completions.sh OUTDIR
# Install (see docs/OPERATIONS.md): bash → /etc/bash_completion.d/golive or
# ~/.local/share/bash-completion/completions/golive; zsh → a folder in $fpath as _golive;
# fish → ~/.config/fish/completions/golive.fish.
set -euo pipefail
out="${1:-completions}"
golive="${GOLIVE:-}"
if [[ -z "$golive" ]]; then
  if command -v golive >/dev/null 2>&1; then
    golive="$(command -v golive)"
  elif [[ -x .build/release/golive ]]; then
    golive=.build/release/golive
  elif [[ -x .build/debug/golive ]]; then
    golive=.build/debug/golive
  else
    echo "completions.sh: no golive binary found; build it (swift build) or set GOLIVE=/path/to/golive" >&2
    exit 2
  fi
fi
mkdir -p "$out"
"$golive" --generate-completion-script bash >"$out/golive.bash"
"$golive" --generate-completion-script zsh >"$out/_golive"
"$golive" --generate-completion-script fish >"$out/golive.fish"
bash -n "$out/golive.bash"
echo "wrote $out/golive.bash $out/_golive $out/golive.fish"
