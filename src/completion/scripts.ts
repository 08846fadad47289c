import type { CompletionFlag, CompletionNode } from './tree.js';

/**
 * Shell completion scripts generated from the command tree (completionTree). Pure functions: the
 * tree in, the script out. Each script walks the words typed so far to find the command path
 * (skipping flags and the values of flags that take one), then offers that path's subcommands,
 * its flags, or a flag's choices.
 */
export type Shell = 'bash' | 'zsh' | 'fish';
export const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish'];

const HEADER = '# DO NOT EDIT: generated from the bb command tree by `bb completion`';

/** Single-quote for sh-like shells (bash, zsh): 'it'\''s'. */
function sq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Single-quote for fish, where only \\ and \' are escapes inside single quotes. */
function fq(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function flagWords(f: CompletionFlag): string[] {
  return [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])];
}

function valueFlagWords(n: CompletionNode): string[] {
  return n.flags.filter((f) => f.takesValue).flatMap(flagWords);
}

export function completionScript(shell: Shell, tree: CompletionNode[]): string {
  if (shell === 'bash') return bashScript(tree);
  if (shell === 'zsh') return zshScript(tree);
  return fishScript(tree);
}

export function bashScript(tree: CompletionNode[]): string {
  const cases = (fn: (n: CompletionNode) => string | undefined) =>
    tree
      .map((n) => {
        const v = fn(n);
        return v === undefined ? undefined : `    ${sq(n.path)}) ${v} ;;`;
      })
      .filter(Boolean)
      .join('\n');
  const choiceCases = tree
    .flatMap((n) =>
      n.flags
        .filter((f) => f.choices?.length)
        .flatMap((f) => flagWords(f).map((w) => `    ${sq(`${n.path}|${w}`)}) echo ${sq((f.choices ?? []).join(' '))} ;;`)),
    )
    .join('\n');
  return `${HEADER}
# Load it in the current shell:   source <(bb completion bash)
# Or install it:                  bb completion bash > ~/.local/share/bash-completion/completions/bb

# Subcommands offered at a command path.
_bb_subs() {
  case "$1" in
${cases((n) =>
  n.subcommands.some((s) => !s.alias)
    ? `echo ${sq(
        n.subcommands
          .filter((s) => !s.alias)
          .map((s) => s.name)
          .join(' '),
      )}`
    : undefined,
)}
  esac
}

# Every name (aliases too) that leads one level down from a command path.
_bb_known() {
  case "$1" in
${cases((n) => (n.subcommands.length ? `echo ${sq(n.subcommands.map((s) => s.name).join(' '))}` : undefined))}
  esac
}

_bb_flags() {
  case "$1" in
${cases((n) => `echo ${sq(n.flags.flatMap(flagWords).join(' '))}`)}
  esac
}

_bb_value_flags() {
  case "$1" in
${cases((n) => (valueFlagWords(n).length ? `echo ${sq(valueFlagWords(n).join(' '))}` : undefined))}
  esac
}

_bb_choices() {
  case "$1|$2" in
${choiceCases || "    '') ;;"}
  esac
}

# Values of the first positional argument, where it has a fixed set.
_bb_args() {
  case "$1" in
${cases((n) => (n.argChoices?.length ? `echo ${sq(n.argChoices.join(' '))}` : undefined)) || "    '') ;;"}
  esac
}

_bb() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" w i skip=0 npos=0
  COMPREPLY=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    if ((skip)); then skip=0; continue; fi
    if [[ "$w" == -* ]]; then
      if [[ "$w" != *=* && " $(_bb_value_flags "$path") " == *" $w "* ]]; then skip=1; fi
      continue
    fi
    if [[ " $(_bb_known "$path") " == *" $w "* ]]; then path="\${path:+$path }$w"; else npos=$((npos + 1)); fi
  done
  local IFS=$' \\t\\n'
  if ((skip)); then
    local choices
    choices="$(_bb_choices "$path" "\${COMP_WORDS[COMP_CWORD-1]}")"
    if [[ -n "$choices" ]]; then
      COMPREPLY=($(compgen -W "$choices" -- "$cur"))
    else
      COMPREPLY=($(compgen -f -- "$cur"))
    fi
    return 0
  fi
  if [[ "$cur" == --*=* ]]; then
    COMPREPLY=($(compgen -P "\${cur%%=*}=" -W "$(_bb_choices "$path" "\${cur%%=*}")" -- "\${cur#*=}"))
    return 0
  fi
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(_bb_flags "$path")" -- "$cur"))
    return 0
  fi
  local words
  words="$(_bb_subs "$path")"
  if [[ -z "$words" && $npos -eq 0 ]]; then words="$(_bb_args "$path")"; fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}

complete -o default -F _bb bb
`;
}

export function zshScript(tree: CompletionNode[]): string {
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/:/g, '\\:');
  const cases = (fn: (n: CompletionNode) => string[] | undefined) =>
    tree
      .map((n) => {
        const v = fn(n);
        return v?.length ? `    ${sq(n.path)}) reply=(\n${v.map((x) => `      ${sq(x)}`).join('\n')}\n    ) ;;` : undefined;
      })
      .filter(Boolean)
      .join('\n');
  const choiceCases = tree
    .flatMap((n) =>
      n.flags
        .filter((f) => f.choices?.length)
        .flatMap((f) => flagWords(f).map((w) => `    ${sq(`${n.path}|${w}`)}) reply=(${(f.choices ?? []).map(sq).join(' ')}) ;;`)),
    )
    .join('\n');
  return `#compdef bb
${HEADER}
# Load it in the current shell:   source <(bb completion zsh)
# Or install it as _bb in a directory of $fpath, e.g.: bb completion zsh > "\${fpath[1]}/_bb"

_bb_subs() {
  reply=()
  case "$1" in
${cases((n) => n.subcommands.filter((s) => !s.alias).map((s) => `${esc(s.name)}:${oneLine(s.summary)}`))}
  esac
}

_bb_known() {
  reply=()
  case "$1" in
${cases((n) => n.subcommands.map((s) => s.name))}
  esac
}

_bb_flags() {
  reply=()
  case "$1" in
${cases((n) => n.flags.flatMap((f) => flagWords(f).map((w) => `${esc(w)}:${oneLine(f.description)}`)))}
  esac
}

_bb_value_flags() {
  reply=()
  case "$1" in
${cases((n) => valueFlagWords(n))}
  esac
}

_bb_choices() {
  reply=()
  case "$1|$2" in
${choiceCases || "    '') ;;"}
  esac
}

_bb_args() {
  reply=()
  case "$1" in
${cases((n) => (n.argChoices?.length ? [...n.argChoices] : undefined)) || "    '') ;;"}
  esac
}

_bb() {
  local path_="" w i skip=0 npos=0
  for ((i = 2; i < CURRENT; i++)); do
    w="\${words[i]}"
    if ((skip)); then skip=0; continue; fi
    if [[ "$w" == -* ]]; then
      _bb_value_flags "$path_"
      if [[ "$w" != *=* && \${reply[(Ie)$w]} -gt 0 ]]; then skip=1; fi
      continue
    fi
    _bb_known "$path_"
    if ((\${reply[(Ie)$w]})); then path_="\${path_:+$path_ }$w"; else ((npos++)); fi
  done
  local cur="\${words[CURRENT]}"
  if ((skip)); then
    _bb_choices "$path_" "\${words[CURRENT-1]}"
    if ((\${#reply})); then compadd -a reply; else _files; fi
    return
  fi
  if [[ "$cur" == -* ]]; then
    _bb_flags "$path_"
    _describe -t flags 'flag' reply
    return
  fi
  _bb_subs "$path_"
  if ((\${#reply})); then _describe -t commands 'command' reply; return; fi
  if ((npos == 0)); then
    _bb_args "$path_"
    if ((\${#reply})); then compadd -a reply; return; fi
  fi
  _files
}

if [[ "\${funcstack[1]}" == "_bb" ]]; then
  _bb "$@"
else
  compdef _bb bb
fi
`;
}

export function fishScript(tree: CompletionNode[]): string {
  const lines: string[] = [];
  for (const n of tree) {
    const cond = `__bb_at ${fq(n.path)}`;
    for (const s of n.subcommands.filter((x) => !x.alias)) {
      lines.push(`complete -c bb -n ${fq(cond)} -a ${fq(s.name)} -d ${fq(oneLine(s.summary))}`);
    }
    for (const f of n.flags) {
      const parts = ['complete -c bb', `-n ${fq(cond)}`, `-l ${f.long}`];
      if (f.short) parts.push(`-s ${f.short}`);
      if (f.choices?.length) parts.push(`-x -a ${fq(f.choices.join(' '))}`);
      else if (f.takesValue) parts.push('-r');
      parts.push(`-d ${fq(oneLine(f.description))}`);
      lines.push(parts.join(' '));
    }
    if (n.argChoices?.length) lines.push(`complete -c bb -n ${fq(`__bb_at_arg ${fq(n.path)}`)} -a ${fq(n.argChoices.join(' '))}`);
  }
  const switchCases = (fn: (n: CompletionNode) => string[]) =>
    tree
      .map((n) => {
        const v = fn(n);
        return v.length ? `    case ${fq(n.path)}\n      printf '%s\\n' ${v.map(fq).join(' ')}` : undefined;
      })
      .filter(Boolean)
      .join('\n');
  return `${HEADER}
# Load it in the current shell:   bb completion fish | source
# Or install it:                  bb completion fish > ~/.config/fish/completions/bb.fish

function __bb_known
  switch $argv[1]
${switchCases((n) => n.subcommands.map((s) => s.name))}
  end
end

function __bb_value_flags
  switch $argv[1]
${switchCases((n) => valueFlagWords(n))}
  end
end

# The command path typed so far (subcommand words, skipping flags and flag values), then on a second
# line how many other words (positional arguments) follow it.
function __bb_state
  set -l toks (commandline -opc)
  set -e toks[1]
  set -l path ''
  set -l npos 0
  set -l skip 0
  for t in $toks
    if test $skip = 1
      set skip 0
      continue
    end
    if string match -q -- '-*' $t
      if not string match -q -- '*=*' $t; and contains -- $t (__bb_value_flags $path)
        set skip 1
      end
      continue
    end
    if contains -- $t (__bb_known $path)
      set path (string trim -- "$path $t")
    else
      set npos (math $npos + 1)
    end
  end
  echo $path
  echo $npos
end

function __bb_at
  set -l s (__bb_state)
  test "$s[1]" = "$argv[1]"
end

# At the command path, before any positional argument: where its first argument's values are offered.
function __bb_at_arg
  set -l s (__bb_state)
  test "$s[1]" = "$argv[1]"; and test "$s[2]" = 0
end

complete -c bb -f
${lines.join('\n')}
`;
}
