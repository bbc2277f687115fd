#!/usr/bin/env bash
# scripts/livy-local.sh checks the SHA-512 of the Livy source release before building from it:
# a tampered tarball is refused, a declared checksum is honoured.
#   livy_source_checksum_test.sh PATH/TO/livy-local.sh
set -euo pipefail
script=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'not the Apache release\n' >"$tmp/apache-livy-0.9.0-incubating-src.tar.gz"
if STEWARD_CACHE=$tmp/cache LIVY_SRC_TARBALL=$tmp/apache-livy-0.9.0-incubating-src.tar.gz \
     "$script" source >"$tmp/out" 2>&1; then
  cat "$tmp/out"; echo "FAIL: a tarball with the wrong SHA-512 was accepted"; exit 1
fi
grep -q "SHA-512 mismatch for $tmp/apache-livy-0.9.0-incubating-src.tar.gz" "$tmp/out" \
  || { cat "$tmp/out"; echo "FAIL: the refusal does not name the file and the mismatch"; exit 1; }

sum=$(sha512sum "$tmp/apache-livy-0.9.0-incubating-src.tar.gz" | cut -d' ' -f1)
got=$(STEWARD_CACHE=$tmp/cache LIVY_SRC_TARBALL=$tmp/apache-livy-0.9.0-incubating-src.tar.gz LIVY_SRC_SHA512=$sum \
        "$script" source 2>/dev/null) || { echo "FAIL: a tarball matching LIVY_SRC_SHA512 was refused"; exit 1; }
[[ $got == "$tmp/apache-livy-0.9.0-incubating-src.tar.gz" ]] || { echo "FAIL: printed '$got'"; exit 1; }

if STEWARD_CACHE=$tmp/cache LIVY_SRC_TARBALL=$tmp/missing.tar.gz "$script" source >"$tmp/out" 2>&1; then
  echo "FAIL: a missing LIVY_SRC_TARBALL was accepted"; exit 1
fi
grep -q "LIVY_SRC_TARBALL=$tmp/missing.tar.gz does not exist" "$tmp/out" || { cat "$tmp/out"; echo "FAIL: unclear error"; exit 1; }
echo PASS
