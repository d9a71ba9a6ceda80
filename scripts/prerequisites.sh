# Sourced by run-stack.sh and run-tests.sh: installs what a fresh Debian or Ubuntu machine lacks.
# Without a container engine the stack runs the machine's own postgres and redis-server, so those must be there.

die() { echo "error: $*" >&2; exit 1; }

command -v dotnet >/dev/null || die "the .NET 10 SDK is not installed: see https://learn.microsoft.com/dotnet/core/install/linux"

container_engine_answers() {
  local runtime=${ASPIRE_CONTAINER_RUNTIME:-docker}
  command -v "$runtime" >/dev/null && timeout 5 "$runtime" info >/dev/null 2>&1
}

apt_install() {
  local sudo=()
  if [[ $(id -u) != 0 ]]; then
    command -v sudo >/dev/null || die "'$*' is missing and installing it needs root: run 'apt-get install -y $*' as root"
    sudo=(sudo)
  fi
  command -v apt-get >/dev/null || die "'$*' is missing and this is not a Debian or Ubuntu machine: install it with your package manager"
  echo "Installing $* ..."
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$@" >/dev/null
}

postgres_installed() {
  command -v postgres >/dev/null || compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}

ensure_local_infrastructure() {
  if [[ ${Fortify__Infrastructure:-auto} != local ]] && container_engine_answers; then
    return
  fi
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  postgres_installed || missing+=(postgresql)
  if ((${#missing[@]})); then
    apt_install "${missing[@]}"
  fi
  # Debian's packages start their own servers; the stack starts its own on random ports, so those are not needed.
}

ensure_dotnet_tools() {
  dotnet tool restore >/dev/null || die "dotnet tool restore failed"
}
