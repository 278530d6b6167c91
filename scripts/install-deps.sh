#!/usr/bin/env bash
# Installs what Tangle needs on Debian, only what is missing.
#   scripts/install-deps.sh run    libraries to build and run the explorer
#   scripts/install-deps.sh test   + what the tests use (terminals, browser, Python peers)
#   scripts/install-deps.sh bench  + the peers the benchmarks compare against
set -euo pipefail
level=${1:-run}

run_pkgs=(pkg-config zlib1g-dev libpng-dev libncursesw5-dev libsixel-dev libosmesa6-dev libturbojpeg0-dev)
test_pkgs=(libsixel-bin tmux xterm xvfb x11-apps xfonts-base xdotool imagemagick graphviz chromium chromium-driver python3)
bench_pkgs=(hyperfine openssh-server openssh-client)
py_test=(pytest networkx numpy scipy igraph selenium)
py_bench=(fa2-modified networkit)

pkgs=("${run_pkgs[@]}")
[ "$level" = test ] || [ "$level" = bench ] && pkgs+=("${test_pkgs[@]}")
[ "$level" = bench ] && pkgs+=("${bench_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
  echo "install-deps: swift is at /opt/swift/usr/bin; add it to PATH" >&2
fi
command -v swift >/dev/null 2>&1 || { echo "install-deps: Swift 6 toolchain not found (https://swift.org/install)" >&2; exit 1; }

if [ "$level" != run ]; then
  py=(); [ "$level" = bench ] && py=("${py_test[@]}" "${py_bench[@]}") || py=("${py_test[@]}")
  need=()
  for m in "${py[@]}"; do
    mod=${m//-/_}; [ "$m" = fa2-modified ] && mod=fa2_modified
    python3 -c "import $mod" 2>/dev/null || need+=("$m")
  done
  if [ ${#need[@]} -gt 0 ]; then
    echo "install-deps: pip installing ${need[*]}" >&2
    python3 -m pip install -q "${need[@]}" >&2 || python3 -m pip install -q --break-system-packages "${need[@]}" >&2
  fi
fi
