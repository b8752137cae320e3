#!/bin/sh
# Builds the legacy-dialect programs into ../bin with the 2015 ugorji codec that
# hashicorp/packer@v1.6.6 pins. That codec panics at init under current Go (gen.go's base64
# alphabet repeats '_'). Go refuses overlays inside the module cache, so this copies the module
# from the cache into ../bin (git-ignored), changes that one character, and builds with a
# generated go.mod (-modfile) that replaces the module by the copy. No third-party file is kept
# in the repository; go.mod/go.sum stay the plain requirement.
set -eu
cd "$(dirname "$0")"
ver=v0.0.0-20151218193438-646ae4a518c1
dir=$(go mod download -json "github.com/ugorji/go@$ver" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
work=$(mkdir -p ../bin && cd ../bin && pwd)/.packer-legacy
rm -rf "$work"
mkdir -p "$work"
cp -R "$dir" "$work/ugorji"
chmod -R u+w "$work/ugorji"
sed 's/0123456789__")/0123456789_-")/' "$dir/codec/gen.go" > "$work/ugorji/codec/gen.go"
grep -q '0123456789_-")' "$work/ugorji/codec/gen.go"
printf 'module github.com/ugorji/go\n' > "$work/ugorji/go.mod"
cp go.mod "$work/go.build.mod"
printf 'replace github.com/ugorji/go => %s/ugorji\n' "$work" >> "$work/go.build.mod"
cp go.sum "$work/go.build.sum"
go build -modfile "$work/go.build.mod" -o ../bin/ ./cmd/...
