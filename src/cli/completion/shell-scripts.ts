/**
 * Completion scripts: each hands the words typed so far to the hidden `aiops __complete`, which
 * prints one candidate a line (fixed words and values from the project and its log).
 */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const BASH = `# aiops completion for bash: add to ~/.bashrc
#   source <(aiops completion bash)
_aiops_complete() {
  local IFS=$'\\n'
  COMPREPLY=($(aiops __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _aiops_complete aiops
`;

const ZSH = `#compdef aiops
# aiops completion for zsh: add to ~/.zshrc
#   source <(aiops completion zsh)
_aiops() {
  local -a candidates
  candidates=("\${(@f)$(aiops __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  candidates=(\${candidates:#})
  if (( \${#candidates} )); then
    compadd -- "\${candidates[@]}"
  else
    _files
  fi
}
if (( $+functions[compdef] )); then compdef _aiops aiops; fi
`;

const FISH = `# aiops completion for fish: save as ~/.config/fish/completions/aiops.fish
#   aiops completion fish > ~/.config/fish/completions/aiops.fish
function __aiops_complete
  set -l words (commandline -opc)
  set -e words[1]
  aiops __complete -- $words (commandline -ct) 2>/dev/null
end
complete -c aiops -a '(__aiops_complete)'
`;

export function completionScript(shell: Shell): string {
  return { bash: BASH, zsh: ZSH, fish: FISH }[shell];
}
