#!/usr/bin/env bash
# Build the archives to hand out, reproducibly, from a clean clone:
#   dist/out/flowtriage-VERSION-x86_64-unknown-linux-musl.tar.gz  (static Linux binary)
#   dist/out/flowtriage-VERSION-x86_64-pc-windows-gnu.zip         (Windows, MinGW build)
# each with README, licence and changelog, a .sha256 file beside it, and SHA256SUMS.
#
# Needs: rustup (adds the two targets), and for Windows the MinGW cross-compiler
# (Debian/Ubuntu: apt-get install gcc-mingw-w64-x86-64), plus tar, gzip, zip, sha256sum.
# Usage: dist/build.sh [--dry-run] [linux|windows]...   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'dist: %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }
usage() {
  cat <<'USAGE'
Usage: dist/build.sh [--dry-run] [linux|windows]...

Builds release archives in dist/out/ (default: both platforms):
  linux    flowtriage-VERSION-x86_64-unknown-linux-musl.tar.gz  (static musl binary)
  windows  flowtriage-VERSION-x86_64-pc-windows-gnu.zip         (MinGW cross-build)
each with README.md, LICENSE, CHANGELOG.md, a .sha256 file beside it, and SHA256SUMS.
Run it from a clean clone: the same commit and toolchain give the same bytes.

  --dry-run   check the tools each platform needs and print what would be built; build nothing
  -h, --help  print this help
USAGE
}

dry_run=0
wanted=()
for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
    --dry-run) dry_run=1 ;;
    linux|windows) wanted+=("$arg") ;;
    *) usage >&2; say "ERROR: unknown argument '$arg'"; exit 2 ;;
  esac
done
[ ${#wanted[@]} -eq 0 ] && wanted=(linux windows)

needs=(cargo tar gzip zip sha256sum)
for w in "${wanted[@]}"; do [ "$w" = windows ] && needs+=(x86_64-w64-mingw32-gcc); done
missing=()
for tool in "${needs[@]}"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  say "WARNING: the working tree has changes; the archives will not match a clean clone"
fi

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
# Every timestamp in the archives is the last commit's, so two builds of one commit
# give the same bytes.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}"

if [ "$dry_run" = 1 ]; then
  for w in "${wanted[@]}"; do
    case "$w" in
      linux) say "would build dist/out/flowtriage-$version-x86_64-unknown-linux-musl.tar.gz" ;;
      windows) say "would build dist/out/flowtriage-$version-x86_64-pc-windows-gnu.zip" ;;
    esac
  done
  say "timestamps: $SOURCE_DATE_EPOCH ($(date -u -d "@$SOURCE_DATE_EPOCH" '+%Y-%m-%d %H:%M:%S UTC' 2>/dev/null || echo ?))"
  say "toolchain: $(rustc -V 2>/dev/null || echo 'rustc not found')"
  if [ ${#missing[@]} -gt 0 ]; then
    say "MISSING: ${missing[*]} (MinGW: apt-get install gcc-mingw-w64-x86-64)"
  else
    say "all tools found: ${needs[*]}"
  fi
  exit 0
fi
[ ${#missing[@]} -eq 0 ] ||
  die "missing: ${missing[*]} (MinGW: apt-get install gcc-mingw-w64-x86-64)"
# Paths of this checkout and of cargo's registry do not end up in the binaries.
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
export RUSTFLAGS="--remap-path-prefix=$PWD=flowtriage --remap-path-prefix=$cargo_home=cargo"
# No symbol table: the Windows one names the import libraries rustc makes in a
# temporary folder (random name, under this checkout's path), so two builds differed
# there; it also makes the binaries a fifth smaller. Panic messages keep file and line.
export CARGO_PROFILE_RELEASE_STRIP=symbols
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
  chmod 0755 "$dir" # not the umask's
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
        --numeric-owner --mode=u+rwX,go=rX --format=gnu -cf - "$(basename "$dir")") | gzip -9 -n > "$out/$archive"
      checksum "$archive"
      ;;
    windows)
      target=x86_64-pc-windows-gnu
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
