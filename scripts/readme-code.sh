#!/usr/bin/env bash
# Checks that README_CN.md carries the same fenced code blocks as README.md, in the
# same order, byte for byte, fence lines and their info strings included: the
# translation may say things its own way, never show other code. When the two differ
# in number, order or content, or a file is missing or leaves a block open, it names
# the first block that differs and the line it starts on in each file, shows the
# difference, and fails.
#
# Usage: scripts/readme-code.sh [ORIGINAL TRANSLATION] (README.md README_CN.md by default)
set -euo pipefail
cd "$(dirname "$0")/.."

en=${1:-README.md}
cn=${2:-README_CN.md}

fail() {
	echo "readme-code: $*" >&2
	exit 1
}

for f in "$en" "$cn"; do
	[ -f "$f" ] || fail "$f is missing"
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# blocks FILE DIR writes each fenced block of FILE (its fence lines included) to DIR/N,
# N counting from 1, and "N LINE OPENING-FENCE" to DIR/index. A fence is a run of three
# or more ` or ~ at the start of a line, after any indentation (so that a block in a
# list item counts too); a ` fence's info string holds no `. The block ends at a line
# of the same character, at least as many, and nothing else but blanks.
blocks() {
	mkdir -p "$2"
	awk -v dir="$2" -v file="$1" '
		function run(s, c,    n) {
			n = 0
			while (substr(s, n + 1, 1) == c) n++
			return n
		}
		{
			s = $0
			sub(/^[ \t]+/, "", s)
			c = substr(s, 1, 1)
			n = (c == "`" || c == "~") ? run(s, c) : 0
		}
		!open && n >= 3 && !(c == "`" && index(substr(s, n + 1), "`")) {
			open = 1; ch = c; len = n; count++; start = NR
			out = dir "/" count
			printf "%d %d %s\n", count, NR, $0 > (dir "/index")
			print > out
			next
		}
		open {
			print > out
			if (c == ch && n >= len && substr(s, n + 1) ~ /^[ \t\r]*$/) {
				open = 0
				close(out)
			}
		}
		END {
			if (open) {
				printf "readme-code: %s: the block opened on line %d is never closed\n", file, start > "/dev/stderr"
				exit 1
			}
		}
	' "$1" || exit 1
	touch "$2/index"
}

blocks "$en" "$tmp/en"
blocks "$cn" "$tmp/cn"

n_en=$(wc -l <"$tmp/en/index")
n_cn=$(wc -l <"$tmp/cn/index")

# where DIR N prints "line L (FENCE)" for block N of DIR.
where() { awk -v n="$2" '$1 == n { l = $2; sub(/^[0-9]+ [0-9]+ /, ""); printf "line %d (%s)", l, $0 }' "$1/index"; }

counts="$en has $n_en code blocks, $cn has $n_cn"
for ((i = 1; i <= n_en || i <= n_cn; i++)); do
	if ((i > n_cn)); then
		fail "$cn lacks block $i of $en, at $en $(where "$tmp/en" "$i"); $counts"
	fi
	if ((i > n_en)); then
		fail "$cn has a block $i that $en lacks, at $cn $(where "$tmp/cn" "$i"); $counts"
	fi
	cmp -s "$tmp/en/$i" "$tmp/cn/$i" && continue

	{
		echo "readme-code: block $i differs: $en $(where "$tmp/en" "$i"), $cn $(where "$tmp/cn" "$i")"
		for ((j = 1; j <= n_en; j++)); do
			if ((j != i)) && cmp -s "$tmp/cn/$i" "$tmp/en/$j"; then
				if ((n_en == n_cn)); then
					echo "readme-code: block $i of $cn is block $j of $en: the order differs"
				else
					echo "readme-code: block $i of $cn is block $j of $en: a block before it was dropped or added"
				fi
				break
			fi
		done
		((n_en == n_cn)) || echo "readme-code: $counts"
		diff -u --label "$en block $i" --label "$cn block $i" "$tmp/en/$i" "$tmp/cn/$i" || true
	} >&2
	exit 1
done
