#!/usr/bin/env bash
# A real Apache Livy 0.9.0-incubating on a local Spark 3.5 (pyspark from PyPI), for the `livy`
# test label and for trying Steward by hand. Loopback only.
#
#   scripts/livy-local.sh install   JDK 17 + Maven (apt, if missing), pyspark venv, Livy (Central jars,
#                                   else the binary zip, else built from Apache's source release)
#   scripts/livy-local.sh start     write livy.conf, start Livy in the background, wait for /version
#   scripts/livy-local.sh stop      stop the Livy this script started (and Spark drivers it left)
#   scripts/livy-local.sh status    exit 0 and print /version if running, exit 3 if not
#   scripts/livy-local.sh logs [N]  where the logs are, and the last N (default 100) server lines
#   scripts/livy-local.sh source    print the source release install would build from, once its
#                                   SHA-512 is checked (exit 1 on a mismatch or when there is none)
#
# Environment:
#   STEWARD_CACHE        cache root (default: <repo>/.cache); everything lives in $STEWARD_CACHE/livy
#   LIVY_PORT            port (default 8998); LIVY_URL is http://127.0.0.1:$LIVY_PORT
#   LIVY_START_TIMEOUT   seconds to wait for /version (default 120)
#   LIVY_DIST_ZIP        Apache's apache-livy-0.9.0-incubating_2.12-bin.zip, used when the Livy 0.9.0
#                        jars cannot be taken from Maven Central (see docs/livy.md)
#   LIVY_DIST_URL        where to download that zip from (default: the Apache archive)
#   LIVY_SRC_TARBALL     Apache's source release (apache-livy-0.9.0-incubating-src.tar.gz) to build the
#                        distribution from when neither of the above is available; default: the copy in
#                        ../shared/vendor/ beside the repository, else a download from the Apache archive
#   LIVY_SRC_SHA512      its expected SHA-512 when it is not the pinned 0.9.0 release tarball
#   LIVY_BUILD_TIMEOUT   seconds the Maven build of the source release may take (default 3600)
#   LIVY_EXTRA_WHITELIST extra comma-separated directories for livy.file.local-dir-whitelist
#   LIVY_SPARK_LOG_LEVEL log level of the Spark drivers Livy starts (default warn)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${STEWARD_CACHE:-$ROOT/.cache}
BASE=$CACHE/livy
LIVY_VERSION=0.9.0-incubating
SCALA_BIN=2.12
PYSPARK_VERSION=3.5.6
DEP_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.6.1
LIVY_HOME=$BASE/apache-livy-${LIVY_VERSION}_${SCALA_BIN}-bin
VENV=$BASE/venv
M2=$BASE/m2
PORT=${LIVY_PORT:-8998}
URL=http://127.0.0.1:$PORT
RUN_DIR=$BASE/run
PID_FILE=$RUN_DIR/livy.pid
LOG_DIR=$LIVY_HOME/logs
SERVER_LOG=$LOG_DIR/livy-server.out
SPARK_CONF=$BASE/spark-conf
APACHE_DIR=https://archive.apache.org/dist/incubator/livy/$LIVY_VERSION
DIST_URL=${LIVY_DIST_URL:-$APACHE_DIR/apache-livy-${LIVY_VERSION}_$SCALA_BIN-bin.zip}
DIST_ZIP=$BASE/apache-livy-${LIVY_VERSION}_$SCALA_BIN-bin.zip
SRC_NAME=apache-livy-$LIVY_VERSION-src
# SHA-512 of Apache's apache-livy-0.9.0-incubating-src.tar.gz, as published with the release.
SRC_TARBALL_SHA512=c56f329f24c2dd67f16c7d96dc8bb524f49e10038a3df871f059e812888fc12058b28c7152fc6a161c8c26c59f5123d922e8f8b06bfea24fcaa2fa5349d8672b

say() { printf '[livy-local] %s\n' "$*" >&2; }
die() { printf '[livy-local] error: %s\n' "$*" >&2; exit 1; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

java_home() {
  local j
  for j in /usr/lib/jvm/java-17-openjdk-"$(dpkg --print-architecture 2>/dev/null || echo amd64)" \
           /usr/lib/jvm/java-17-openjdk; do
    [[ -x $j/bin/java ]] && { echo "$j"; return; }
  done
  j=$(readlink -f "$(command -v java)") || return 1
  dirname "$(dirname "$j")"
}

spark_home() { "$VENV/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))'; }

mvn_cmd() { mvn -B -q -s "$BASE/settings.xml" -Dmaven.repo.local="$M2" "$@"; }

# --- install -----------------------------------------------------------------------------------

install_system() {
  local missing=()
  [[ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/javac || -n $(ls /usr/lib/jvm/java-17-openjdk*/bin/javac 2>/dev/null) ]] \
    || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || missing+=(maven)
  command -v curl >/dev/null || missing+=(curl)
  command -v unzip >/dev/null || missing+=(unzip)
  if ((${#missing[@]})); then
    say "apt: installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  python3 -c 'import venv, ensurepip' 2>/dev/null || {
    say "apt: installing python3-venv"
    as_root apt-get update -qq && as_root apt-get install -y -qq --no-install-recommends python3-venv
  }
}

venv_ok() {
  [[ -x $VENV/bin/python ]] || return 1
  [[ $("$VENV/bin/python" -c 'import pyspark; print(pyspark.__version__)' 2>/dev/null) == "$PYSPARK_VERSION" ]] || return 1
  local sh; sh=$(spark_home) || return 1
  [[ -x $sh/bin/spark-submit && -f $sh/python/lib/pyspark.zip ]] && compgen -G "$sh/python/lib/py4j-*-src.zip" >/dev/null
}

install_venv() {
  venv_ok && return 0
  say "venv: pyspark==$PYSPARK_VERSION in $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "pyspark==$PYSPARK_VERSION"
  chmod +x "$(spark_home)"/bin/* || true
  venv_ok || die "pyspark $PYSPARK_VERSION in $VENV lacks bin/spark-submit or python/lib/*.zip"
  "$(spark_home)/bin/spark-submit" --version 2>&1 | grep -q "version $PYSPARK_VERSION" \
    || die "spark-submit --version does not report $PYSPARK_VERSION (JAVA_HOME=$JAVA_HOME)"
}

# The distribution layout Livy expects: jars/ (server classpath), repl_2.12-jars/, rsc-jars/.
livy_ok() {
  compgen -G "$LIVY_HOME/jars/livy-server-$LIVY_VERSION.jar" >/dev/null || return 1
  compgen -G "$LIVY_HOME/repl_$SCALA_BIN-jars/livy-repl_$SCALA_BIN-$LIVY_VERSION.jar" >/dev/null || return 1
  compgen -G "$LIVY_HOME/repl_$SCALA_BIN-jars/livy-core_$SCALA_BIN-$LIVY_VERSION.jar" >/dev/null || return 1
  compgen -G "$LIVY_HOME/rsc-jars/livy-rsc-$LIVY_VERSION.jar" >/dev/null || return 1
  compgen -G "$LIVY_HOME/jars/scala-library-$SCALA_BIN.*.jar" >/dev/null || return 1
  ! scala_leak
}

scala_leak() {  # prints and succeeds if any non-2.12 Scala artifact is on a Livy classpath
  (cd "$LIVY_HOME" && ls jars "repl_$SCALA_BIN-jars" rsc-jars 2>/dev/null \
    | grep -E '_2\.1[013][.-]|scala-(library|reflect|compiler)-2\.1[013]\.' )
}

# Path 2b: the jars straight from Maven Central.
livy_from_central() {
  local tmp=$BASE/central.tmp
  rm -rf "$tmp" && mkdir -p "$tmp"/{jars,repl,rsc,srvpom}
  local a
  for a in "org.apache.livy:livy-repl_$SCALA_BIN:$LIVY_VERSION" "org.apache.livy:livy-core_$SCALA_BIN:$LIVY_VERSION" \
           commons-codec:commons-codec:1.15; do
    (cd "$tmp" && mvn_cmd "$DEP_PLUGIN:copy" -Dartifact="$a" -DoutputDirectory="$tmp/repl") || return 1
  done
  for a in "org.apache.livy:livy-rsc:$LIVY_VERSION" "org.apache.livy:livy-api:$LIVY_VERSION" \
           io.netty:netty-all:4.1.96.Final; do
    (cd "$tmp" && mvn_cmd "$DEP_PLUGIN:copy" -Dartifact="$a" -DoutputDirectory="$tmp/rsc") || return 1
  done
  cat >"$tmp/srvpom/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
 <groupId>local</groupId><artifactId>livy-server-cp</artifactId><version>1</version><packaging>pom</packaging>
 <dependencies><dependency><groupId>org.apache.livy</groupId><artifactId>livy-server</artifactId>
  <version>$LIVY_VERSION</version></dependency></dependencies>
</project>
EOF
  (cd "$tmp/srvpom" && mvn_cmd -Dscala.binary.version=$SCALA_BIN "$DEP_PLUGIN:copy-dependencies" \
     -DincludeScope=runtime -DoutputDirectory="$tmp/jars") || return 1
  rm -rf "$LIVY_HOME" && mkdir -p "$LIVY_HOME"
  mv "$tmp/jars" "$LIVY_HOME/jars" && mv "$tmp/repl" "$LIVY_HOME/repl_$SCALA_BIN-jars" && mv "$tmp/rsc" "$LIVY_HOME/rsc-jars"
  rm -rf "$tmp"
}

# fetch_checked URL FILE: downloads URL to FILE and checks it against the SHA-512 published at
# URL.sha512. Returns 1 when either cannot be fetched; dies on a checksum mismatch.
fetch_checked() {
  local url=$1 out=$2
  curl -fsSL --connect-timeout 20 --max-time 900 -o "$out.part" "$url" || { rm -f "$out.part"; return 1; }
  curl -fsSL --connect-timeout 20 --max-time 60 -o "$out.sha512" "$url.sha512" || { rm -f "$out.part"; return 1; }
  local want got
  want=$(grep -oiE '[0-9a-f]{128}' "$out.sha512" | head -n1 | tr 'A-F' 'a-f')
  got=$(sha512sum "$out.part" | cut -d' ' -f1)
  [[ -n $want && $want == "$got" ]] || { rm -f "$out.part"; die "checksum mismatch for $url"; }
  mv "$out.part" "$out"
}

# Path 2: Apache's official binary distribution (apache-livy-<v>_2.12-bin.zip): a file the user
# already has (LIVY_DIST_ZIP=/path/to.zip) or a download from LIVY_DIST_URL checked against the
# .sha512 published beside it.
livy_from_dist() {
  local zip=${LIVY_DIST_ZIP:-}
  if [[ -z $zip ]]; then
    zip=$DIST_ZIP
    if [[ ! -f $zip ]]; then
      say "downloading $DIST_URL"
      fetch_checked "$DIST_URL" "$zip" || return 1
    fi
  fi
  [[ -f $zip ]] || die "LIVY_DIST_ZIP=$zip does not exist"
  unpack_dist "$zip"
}

unpack_dist() {
  rm -rf "$LIVY_HOME" && unzip -q "$1" -d "$BASE"
  [[ -d $LIVY_HOME ]] || die "$1 did not unpack to $LIVY_HOME"
}

# Prints the path of the source release to build from, after checking its SHA-512:
# LIVY_SRC_TARBALL (against LIVY_SRC_SHA512, default the pinned checksum), else the vendored copy
# beside the repository (../shared/vendor/, against the pinned checksum and its SHA512SUMS), else a
# download from the Apache archive (against the .sha512 published beside it).
source_release() {
  local f want='' got
  if [[ -n ${LIVY_SRC_TARBALL:-} ]]; then
    f=$LIVY_SRC_TARBALL
    [[ -f $f ]] || die "LIVY_SRC_TARBALL=$f does not exist"
    want=${LIVY_SRC_SHA512:-$SRC_TARBALL_SHA512}
  elif [[ -f $ROOT/../shared/vendor/$SRC_NAME.tar.gz ]]; then
    local vendor; vendor=$(cd "$ROOT/../shared/vendor" && pwd)
    f=$vendor/$SRC_NAME.tar.gz
    want=$SRC_TARBALL_SHA512
    if [[ -f $vendor/SHA512SUMS ]]; then
      local listed
      listed=$(grep -F "$SRC_NAME.tar.gz" "$vendor/SHA512SUMS" | grep -oiE '^[0-9a-f]{128}' | head -n1 || true)
      [[ -z $listed || ${listed,,} == "$want" ]] \
        || die "$vendor/SHA512SUMS disagrees with the pinned SHA-512 of $SRC_NAME.tar.gz"
    fi
  else
    f=$BASE/$SRC_NAME.tar.gz
    if [[ ! -f $f ]]; then
      say "downloading $APACHE_DIR/$SRC_NAME.tar.gz"
      if ! fetch_checked "$APACHE_DIR/$SRC_NAME.tar.gz" "$f"; then
        f=$BASE/$SRC_NAME.zip
        say "downloading $APACHE_DIR/$SRC_NAME.zip"
        [[ -f $f ]] || fetch_checked "$APACHE_DIR/$SRC_NAME.zip" "$f" || return 1
      fi
    fi
    [[ $f == *.tar.gz ]] && want=$SRC_TARBALL_SHA512
  fi
  if [[ -n $want ]]; then
    say "checking the SHA-512 of $f"
    got=$(sha512sum "$f" | cut -d' ' -f1)
    [[ $got == "${want,,}" ]] \
      || die "SHA-512 mismatch for $f: expected ${want:0:16}..., got ${got:0:16}... (LIVY_SRC_SHA512 sets the expected one)"
  fi
  echo "$f"
}

# Path 3: builds the binary distribution from Apache's source release with Maven (JDK 17) into the
# cache: the zip lands at $DIST_ZIP and Maven's repository stays in $M2, so a second install builds
# nothing. Every 30 s it prints the module Maven is on and the time taken so far.
livy_from_source() {
  local src; src=$(source_release) || return 1
  local work=$BASE/src-build
  rm -rf "$work" && mkdir -p "$work"
  say "unpacking $(basename "$src")"
  case $src in
    *.zip) unzip -q "$src" -d "$work" ;;
    *) tar -xzf "$src" -C "$work" ;;
  esac
  local dir; dir=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n1)
  [[ -f $dir/pom.xml ]] || die "$src has no pom.xml in its top directory"
  local log=$BASE/source-build.log started=$SECONDS limit=${LIVY_BUILD_TIMEOUT:-3600}
  say "building Livy $LIVY_VERSION from source with Maven (Scala $SCALA_BIN, Spark 3); with an empty" \
    "$M2 this takes 2-12 min on 2 cores, depending on the mirror, and downloads ~370 MB; log: $log"
  # -pl assembly -am: only the modules the distribution needs (integration-test downloads Spark).
  # -Dremoteresources.skip: the release's parent asks for a SNAPSHOT resource bundle no registry serves.
  (cd "$dir" && exec mvn -B -s "$BASE/settings.xml" -Dmaven.repo.local="$M2" "-Pscala-$SCALA_BIN" -Pspark3 \
    -DskipTests -Dremoteresources.skip=true -pl assembly -am package) >"$log" 2>&1 &
  local pid=$! rc=0 last=$SECONDS module
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS - started > limit)); then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      die "the Livy source build took more than ${limit}s (LIVY_BUILD_TIMEOUT); log: $log"
    fi
    if ((SECONDS - last >= 30)); then
      last=$SECONDS
      module=$(grep -oE 'Building [^ ]+ [^ ]+ +\[[0-9]+/[0-9]+\]' "$log" | tail -n1 | tr -s ' ' || true)
      say "  ... $((SECONDS - started))s: ${module:-resolving plugins}; $(grep -c 'Downloaded from' "$log" || true) artifacts downloaded"
    fi
    sleep 2
  done
  wait "$pid" || rc=$?
  if ((rc != 0)); then
    grep -E '^\[ERROR\]' "$log" | head -n 15 >&2 || true
    die "the Maven build of the Livy source release failed (exit $rc) after $((SECONDS - started))s; log: $log"
  fi
  local built=$dir/assembly/target/apache-livy-${LIVY_VERSION}_$SCALA_BIN-bin.zip
  [[ -f $built ]] || die "the Maven build succeeded but made no $built; log: $log"
  mv "$built" "$DIST_ZIP"
  rm -rf "$work"
  say "built $(basename "$DIST_ZIP") ($(du -h "$DIST_ZIP" | cut -f1)) in $((SECONDS - started))s"
  unpack_dist "$DIST_ZIP"
}

install_livy() {
  livy_ok && return 0
  mkdir -p "$BASE"
  cat >"$BASE/settings.xml" <<'EOF'
<settings><mirrors><mirror><id>central-only</id><mirrorOf>*</mirrorOf>
<url>https://repo.maven.apache.org/maven2</url></mirror></mirrors></settings>
EOF
  local t0=$SECONDS
  if [[ -z ${LIVY_DIST_ZIP:-} && -f $DIST_ZIP ]]; then
    say "Livy $LIVY_VERSION: unpacking the cached $DIST_ZIP"
    unpack_dist "$DIST_ZIP"
  else
    say "Livy $LIVY_VERSION: [1/3] trying the jars from Maven Central"
    if ! livy_from_central >"$BASE/central.log" 2>&1; then
      rm -rf "$BASE/central.tmp"
      say "Maven Central does not serve the Livy $LIVY_VERSION jars here:" \
        "$(grep -m1 -oE "(Could not find artifact|artifact) [^ ]+( was not found)?" "$BASE/central.log" || echo "see $BASE/central.log")"
      say "Livy $LIVY_VERSION: [2/3] trying Apache's binary distribution (${LIVY_DIST_ZIP:-$DIST_URL})"
      if ! livy_from_dist; then
        say "the binary distribution cannot be downloaded here"
        say "Livy $LIVY_VERSION: [3/3] building the distribution from Apache's source release"
        livy_from_source || die "no Livy $LIVY_VERSION: Maven Central lacks its jars (log: $BASE/central.log)," \
          "the binary distribution is unreachable and no source release was found or downloaded; set" \
          "LIVY_DIST_ZIP to apache-livy-${LIVY_VERSION}_$SCALA_BIN-bin.zip or LIVY_SRC_TARBALL to $SRC_NAME.tar.gz"
      fi
    fi
  fi
  local leak; leak=$(scala_leak || true)
  [[ -z $leak ]] || die "Scala artifacts other than $SCALA_BIN on Livy's classpath in $LIVY_HOME: $leak"
  livy_ok || die "$LIVY_HOME lacks the expected jars (livy-server, livy-repl_$SCALA_BIN, livy-core_$SCALA_BIN, livy-rsc, scala-library-$SCALA_BIN)"
  say "Livy $LIVY_VERSION installed in $LIVY_HOME ($((SECONDS - t0))s)"
}

cmd_install() {
  install_system
  export JAVA_HOME; JAVA_HOME=$(java_home) || die "no JDK 17 found"
  mkdir -p "$BASE"
  install_venv
  install_livy
  say "install complete: $BASE"
}

# --- start / stop ------------------------------------------------------------------------------

livy_pid() {  # the pid of the Livy this script started, if it is still that process
  [[ -f $PID_FILE ]] || return 1
  local pid; pid=$(<"$PID_FILE")
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "org.apache.livy.server.LivyServer" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "-Dsteward.livy.home=$LIVY_HOME" || return 1
  echo "$pid"
}

write_conf() {
  local conf=$LIVY_HOME/conf whitelist="$ROOT/jobs/"
  [[ -n ${LIVY_EXTRA_WHITELIST:-} ]] && whitelist+=",$LIVY_EXTRA_WHITELIST"
  mkdir -p "$conf" "$LOG_DIR" "$RUN_DIR"
  cat >"$conf/livy.conf" <<EOF
# Written by scripts/livy-local.sh start; see docs/livy.md for what each key is for.
livy.server.host = 127.0.0.1
livy.server.port = $PORT
livy.spark.master = local[2]
livy.spark.deploy-mode = client
livy.file.local-dir-whitelist = $whitelist
livy.rsc.rpc.server.address = 127.0.0.1
livy.rsc.launcher.address = 127.0.0.1
livy.server.csrf-protection.enabled = true
livy.repl.enable-hive-context = false
livy.server.recovery.mode = off
livy.server.session.timeout = 1h
livy.server.session.state-retain.sec = 600s
EOF
  cat >"$conf/log4j.properties" <<'EOF'
log4j.rootCategory=INFO, console
log4j.appender.console=org.apache.log4j.ConsoleAppender
log4j.appender.console.target=System.err
log4j.appender.console.layout=org.apache.log4j.PatternLayout
log4j.appender.console.layout.ConversionPattern=%d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n
log4j.logger.org.eclipse.jetty=WARN
EOF
  [[ -f $conf/spark-blacklist.conf || ! -f $conf/spark-blacklist.conf.template ]] \
    || cp "$conf/spark-blacklist.conf.template" "$conf/spark-blacklist.conf"
  # Spark's own log level for the drivers Livy launches: WARN keeps batch logs short, so the
  # job's lines stay inside Livy's 200-line log ring buffer.
  mkdir -p "$SPARK_CONF"
  cat >"$SPARK_CONF/log4j2.properties" <<EOF
rootLogger.level = ${LIVY_SPARK_LOG_LEVEL:-warn}
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex
EOF
}

cmd_start() {
  if pid=$(livy_pid); then
    say "already running (pid $pid) at $URL"
    return 0
  fi
  export JAVA_HOME; JAVA_HOME=$(java_home) || die "no JDK found; run: $0 install"
  venv_ok && livy_ok || die "Livy is not installed in $BASE; run: $0 install"
  if curl -s -m 2 -o /dev/null "$URL/version"; then
    die "something else already answers at $URL; stop it or set LIVY_PORT"
  fi
  write_conf
  local spark; spark=$(spark_home)
  local opens=(-XX:+IgnoreUnrecognizedVMOptions)
  local m
  for m in java.lang.invoke java.lang java.nio java.util.concurrent.atomic sun.nio.ch java.net java.io sun.util.calendar; do
    opens+=("--add-opens=java.base/$m=ALL-UNNAMED")
  done
  for m in sun.net.dns sun.net.util sun.security.x509 sun.security.util; do
    opens+=("--add-exports=java.base/$m=ALL-UNNAMED")
  done
  # setsid: Livy and the spark-submit/driver processes it spawns share one process group, so
  # `stop` can end exactly them.
  (
    cd "$RUN_DIR"
    export LIVY_HOME LIVY_CONF_DIR=$LIVY_HOME/conf LIVY_LOG_DIR=$LOG_DIR SPARK_HOME=$spark \
           PYSPARK_PYTHON=$VENV/bin/python SPARK_LOCAL_IP=127.0.0.1 PATH=$JAVA_HOME/bin:$PATH
    export SPARK_CONF_DIR=$SPARK_CONF
    unset HADOOP_CONF_DIR YARN_CONF_DIR
    exec setsid "$JAVA_HOME/bin/java" -Xmx1g "-Dsteward.livy.home=$LIVY_HOME" "${opens[@]}" \
      -cp "$LIVY_HOME/jars/*:$LIVY_HOME/conf" org.apache.livy.server.LivyServer \
      >"$SERVER_LOG" 2>&1 </dev/null
  ) &
  local pid=$!
  echo "$pid" >"$PID_FILE"
  local deadline=$((SECONDS + ${LIVY_START_TIMEOUT:-120}))
  while ((SECONDS < deadline)); do
    if curl -sf -m 5 "$URL/version" >/dev/null 2>&1; then
      say "Livy $LIVY_VERSION up at $URL (pid $pid)"
      say "server log: $SERVER_LOG; session/batch logs: GET $URL/{sessions,batches}/ID/log"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 60 "$SERVER_LOG" >&2 || true
      rm -f "$PID_FILE"
      die "Livy exited during start-up (log: $SERVER_LOG)"
    fi
    sleep 1
  done
  tail -n 60 "$SERVER_LOG" >&2 || true
  die "Livy did not answer $URL/version within ${LIVY_START_TIMEOUT:-120}s (log: $SERVER_LOG; still running as pid $pid, '$0 stop' ends it)"
}

cmd_stop() {
  local pid
  if ! pid=$(livy_pid); then
    rm -f "$PID_FILE"
    say "not running (no Livy started by this script)"
    return 0
  fi
  # The process group is Livy's own (setsid), so it holds only Livy and the Spark processes it spawned.
  local pgid; pgid=$(ps -o pgid= -p "$pid" | tr -d ' ')
  kill -TERM "$pid" 2>/dev/null || true
  local i
  for i in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  if [[ $pgid == "$pid" ]]; then
    for i in $(seq 10); do pgrep -g "$pgid" >/dev/null || break; kill -TERM -- "-$pgid" 2>/dev/null || true; sleep 1; done
    pgrep -g "$pgid" >/dev/null && kill -KILL -- "-$pgid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  say "stopped Livy (pid $pid)"
}

cmd_status() {
  local pid
  if pid=$(livy_pid); then
    printf 'running pid=%s url=%s version=%s\n' "$pid" "$URL" "$(curl -s -m 5 "$URL/version" || echo '(not answering)')"
    return 0
  fi
  echo "stopped"
  return 3
}

cmd_logs() {
  local n=${1:-100}
  [[ $n =~ ^[0-9]+$ ]] || die "logs: N must be a number, got '$n'"
  echo "server log:  $SERVER_LOG"
  echo "request log: $LOG_DIR (NCSA request logs)"
  echo "livy.conf:   $LIVY_HOME/conf/livy.conf"
  [[ -f $SERVER_LOG ]] && tail -n "$n" "$SERVER_LOG"
  return 0
}

case ${1:-} in
  install) cmd_install ;;
  source) mkdir -p "$BASE"; source_release ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  logs) shift; cmd_logs "$@" ;;
  *) echo "usage: $0 install|start|stop|status|logs [N]|source" >&2; exit 2 ;;
esac
