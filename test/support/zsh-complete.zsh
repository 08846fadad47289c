# Runs bb's zsh completion function outside an interactive shell, for src/completion/completion.test.ts.
# Usage: zsh -f zsh-complete.zsh SCRIPT WORD… (the last word is the one being completed).
# The completion system's own functions need zsh's line editor: these stand-ins print what they would
# offer, `_describe` filtering on the word being completed as zsh would.
compdef() { :; }
_describe() {
  local name=$4 x
  for x in "${(@P)name}"; do
    x=${x%%:*}
    if [[ $x == ${words[CURRENT]}* ]]; then print -r -- "$x"; fi
  done
}
compadd() { if [[ $1 == -a ]]; then print -rl -- "${(@P)2}"; else print -rl -- "$@"; fi }
_files() { print -r -- '<files>' }
source "$1"
shift
words=("$@")
CURRENT=$#
_bb
