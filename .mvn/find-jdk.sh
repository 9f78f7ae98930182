# Sourced by ./mvnw and ./envelope (POSIX sh). Exports JAVA_HOME pointing at a JDK whose
# feature version is at least ENVELOPE_MIN_JAVA (21): JAVA_HOME if it qualifies, else the newest
# JDK under /usr/lib/jvm (and /Library/Java/JavaVirtualMachines on macOS), else `java` on PATH.
# Prints a clear message and returns 1 when there is none.
envelope_java_feature() {
  # $1 = path to a java binary; prints its feature version (8 for 1.8, 21, 25, ...). The JDK's
  # release file says it without starting a JVM; ask the JVM only when there is none. Shell
  # built-ins only on the usual path: ./envelope runs this on every start, and each forked
  # program (sed, dirname) costs about a millisecond.
  case $1 in
    */bin/java) rel="${1%/bin/java}/release" ;;
    *) rel="$(dirname "$(dirname "$1")")/release" ;;
  esac
  if [ -f "$rel" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in
        JAVA_VERSION=*)
          v=${line#JAVA_VERSION=}
          v=${v#\"}
          case $v in 1.*) v=${v#1.} ;; esac
          v=${v%%[!0-9]*}
          if [ -n "$v" ]; then echo "$v"; return; fi
          break
          ;;
      esac
    done <"$rel"
  fi
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \(1\.\)\{0,1\}\([0-9]*\).*/\2/p' | head -n 1
}
envelope_find_jdk() {
  min="${ENVELOPE_MIN_JAVA:-21}"
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(envelope_java_feature "$JAVA_HOME/bin/java")
    if [ -n "$v" ] && [ "$v" -ge "$min" ]; then export JAVA_HOME; return 0; fi
  fi
  best=""; bestv=0
  # callers may run with globbing off (mvnw uses set -f): turn it on for the search
  case $- in *f*) noglob=yes; set +f ;; *) noglob="" ;; esac
  for d in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$d/bin/javac" ] || continue
    v=$(envelope_java_feature "$d/bin/java")
    [ -n "$v" ] || continue
    if [ "$v" -ge "$min" ] && [ "$v" -gt "$bestv" ]; then best="$d"; bestv="$v"; fi
  done
  [ -z "$noglob" ] || set -f
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    d=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    v=$(envelope_java_feature "$d/bin/java")
    if [ -n "$v" ] && [ "$v" -ge "$min" ]; then best="$d"; fi
  fi
  if [ -z "$best" ]; then
    echo "envelope: no JDK $min or newer found (looked at JAVA_HOME, /usr/lib/jvm and PATH); install one, e.g. Temurin 25, or set JAVA_HOME" >&2
    return 1
  fi
  JAVA_HOME="$best"; export JAVA_HOME
}
