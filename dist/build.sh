#!/usr/bin/env bash
# Build the archives to hand out, reproducibly, from a clean clone:
#   dist/out/flowtriage-VERSION-x86_64-unknown-linux-musl.tar.gz  (static Linux binary)
#   dist/out/flowtriage-VERSION-x86_64-pc-windows-gnu.zip         (Windows, MinGW build)
# each with README, licence and changelog, a .sha256 file beside it, and SHA256SUMS.
#
# Needs: rustup (adds the two targets), and for Windows the MinGW cross-compiler
# (Debian/Ubuntu: apt-get install gcc-mingw-w64-x86-64), plus tar, gzip, zip, sha256sum.
# Usage: dist/build.sh [linux|windows]...   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'dist: %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

wanted=("$@")
[ ${#wanted[@]} -eq 0 ] && wanted=(linux windows)
for w in "${wanted[@]}"; do
  case "$w" in linux|windows) ;; *) die "unknown platform '$w' (linux or windows)";; esac
done

for tool in cargo tar gzip zip sha256sum; do
  command -v "$tool" >/dev/null || die "$tool is needed"
done
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  say "WARNING: the working tree has changes; the archives will not match a clean clone"
fi

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
# Every timestamp in the archives is the last commit's, so two builds of one commit
# give the same bytes.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}"
# Paths of this checkout and of cargo's registry do not end up in the binaries.
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
export RUSTFLAGS="--remap-path-prefix=$PWD=flowtriage --remap-path-prefix=$cargo_home=cargo"
# Its own target folder: the flags above would otherwise rebuild the everyday one.
export CARGO_TARGET_DIR="$PWD/target/dist"
out="$PWD/dist/out"
stage="$CARGO_TARGET_DIR/stage"
rm -rf "$out" "$stage"
mkdir -p "$out" "$stage"

add_target() {
  if command -v rustup >/dev/null; then
    rustup target add "$1" >/dev/null 2>&1 || die "rustup could not add the target $1"
  fi
}

# Copy the binary and the documents into a folder named like the archive.
stage_files() { # target exe crlf
  local dir="$stage/flowtriage-$version-$1"
  mkdir -p "$dir"
  install -m 0755 "$CARGO_TARGET_DIR/$1/release/$2" "$dir/$2"
  for doc in README.md CHANGELOG.md LICENSE; do
    local name="$doc"
    [ "$3" = crlf ] && [ "$doc" = LICENSE ] && name=LICENSE.txt
    if [ "$3" = crlf ]; then
      sed 's/\r*$/\r/' "$doc" > "$dir/$name"
    else
      cp "$doc" "$dir/$name"
    fi
    chmod 0644 "$dir/$name"
  done
  find "$dir" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  echo "$dir"
}

checksum() {
  (cd "$out" && sha256sum "$1" > "$1.sha256")
}

for w in "${wanted[@]}"; do
  case "$w" in
    linux)
      target=x86_64-unknown-linux-musl
      add_target "$target"
      say "building $target (static)"
      cargo build --release --locked --target "$target" --bin flowtriage
      dir=$(stage_files "$target" flowtriage lf)
      archive="flowtriage-$version-$target.tar.gz"
      (cd "$stage" && tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 \
        --numeric-owner --format=gnu -cf - "$(basename "$dir")") | gzip -9 -n > "$out/$archive"
      checksum "$archive"
      ;;
    windows)
      target=x86_64-pc-windows-gnu
      command -v x86_64-w64-mingw32-gcc >/dev/null ||
        die "x86_64-w64-mingw32-gcc is needed (apt-get install gcc-mingw-w64-x86-64)"
      add_target "$target"
      say "building $target (MinGW)"
      CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
        cargo build --release --locked --target "$target" --bin flowtriage
      dir=$(stage_files "$target" flowtriage.exe crlf)
      archive="flowtriage-$version-$target.zip"
      (cd "$stage" && find "$(basename "$dir")" -type f | LC_ALL=C sort |
        TZ=UTC zip -q -X -D -9 -@ "$out/$archive")
      checksum "$archive"
      ;;
  esac
done

(cd "$out" && cat ./*.sha256 > SHA256SUMS)
say "done: $out"
cat "$out/SHA256SUMS"
