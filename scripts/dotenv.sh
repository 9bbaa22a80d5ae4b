# shellcheck shell=bash
# Sourced (bash) by the Makefile's preview, up, refresh and drift: exports
# the KEY=value lines of .env (or $DOTENV_FILE) the way dotenv does — blank
# lines and # comments skipped, an optional `export ` prefix, one pair of
# surrounding quotes removed, no expansion of $ or backquotes — and never
# overrides a variable the environment already sets. It prints no value:
# a bad line is reported by its number only.
__dotenv_file="${DOTENV_FILE:-.env}"
if [ -f "$__dotenv_file" ]; then
	__dotenv_n=0
	while IFS= read -r __dotenv_line || [ -n "$__dotenv_line" ]; do
		__dotenv_n=$((__dotenv_n + 1))
		__dotenv_line="${__dotenv_line%$'\r'}"
		[[ "$__dotenv_line" =~ ^[[:space:]]*(#|$) ]] && continue
		__dotenv_line="${__dotenv_line#"${__dotenv_line%%[![:space:]]*}"}"
		__dotenv_line="${__dotenv_line#export }"
		__dotenv_key="${__dotenv_line%%=*}"
		__dotenv_key="${__dotenv_key%"${__dotenv_key##*[![:space:]]}"}"
		if [ "$__dotenv_key" = "$__dotenv_line" ] || [[ ! "$__dotenv_key" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
			echo "$__dotenv_file:$__dotenv_n: not a KEY=value line (value not shown)" >&2
			return 1 2>/dev/null || exit 1
		fi
		__dotenv_val="${__dotenv_line#*=}"
		__dotenv_val="${__dotenv_val#"${__dotenv_val%%[![:space:]]*}"}"
		__dotenv_val="${__dotenv_val%"${__dotenv_val##*[![:space:]]}"}"
		case "$__dotenv_val" in
		\"*\") __dotenv_val="${__dotenv_val:1:${#__dotenv_val}-2}" ;;
		\'*\') __dotenv_val="${__dotenv_val:1:${#__dotenv_val}-2}" ;;
		esac
		if [ -z "${!__dotenv_key+x}" ]; then
			export "$__dotenv_key=$__dotenv_val"
		fi
	done <"$__dotenv_file"
	unset __dotenv_n __dotenv_line __dotenv_key __dotenv_val
fi
unset __dotenv_file
