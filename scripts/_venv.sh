# Shared helper: creates a venv (Python 3.13.0 from pyenv) with HA and its own constraints.
# Callers may set VENV (default .venv) and REQS (default requirements_test.txt) before sourcing.
# A requirements file may carry lines "# gem-venv: NAME=VALUE" (e.g. PIP_IGNORE_REQUIRES_PYTHON=1):
# they are exported for that file's pip runs only.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
REQS="${REQS:-$ROOT/requirements_test.txt}"
find_python() {
  if command -v pyenv >/dev/null 2>&1 && [ -x "$(pyenv root)/versions/3.13.0/bin/python3.13" ]; then
    echo "$(pyenv root)/versions/3.13.0/bin/python3.13"; return
  fi
  for p in "$HOME/.pyenv/versions/3.13.0/bin/python3.13" /usr/local/bin/python3.13 /usr/bin/python3.13; do
    [ -x "$p" ] && { echo "$p"; return; }
  done
  echo "python3.13 not found" >&2; exit 1
}
ensure_venv() {
  local stamp="$VENV/.installed-$(sha256sum "$REQS" | cut -c1-16)"
  [ -f "$stamp" ] && return 0
  (
    # Per-file pip settings, in a subshell so they do not leak into the caller.
    while IFS= read -r kv; do
      [ -n "$kv" ] && export "${kv?}"
    done < <(sed -n 's/^#[[:space:]]*gem-venv:[[:space:]]*\([A-Z_][A-Z0-9_]*=[^[:space:]]*\).*/\1/p' "$REQS")
    # Each step checked explicitly: callers may run ensure_venv where -e is ignored.
    [ -x "$VENV/bin/python" ] || "$(find_python)" -m venv "$VENV" || exit 1
    "$VENV/bin/python" -m pip install -q --upgrade pip wheel || exit 1
    local ha_pin; ha_pin="$(grep -E '^homeassistant==' "$REQS")" || exit 1
    local tmp; tmp="$(mktemp -d)" || exit 1
    "$VENV/bin/python" -m pip download -q --no-deps --ignore-requires-python -d "$tmp" "$ha_pin" || exit 1
    "$VENV/bin/python" - "$tmp" "$REQS" <<'PY'
import glob, pathlib, re, sys, zipfile
tmp = pathlib.Path(sys.argv[1])
whl = glob.glob(str(tmp / "homeassistant-*.whl"))[0]
with zipfile.ZipFile(whl) as zf:
    data = zf.read("homeassistant/package_constraints.txt").decode()
def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
def name_of(line: str) -> str:
    m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", line)
    return norm(m.group(1)) if m else ""
# Our own pins (requirements file) win over HA's for the few we name explicitly
# (pin A: pycares). Everything else of HA's constraints applies unchanged.
ours = {name_of(l) for l in pathlib.Path(sys.argv[2]).read_text().splitlines()
        if l.strip() and not l.lstrip().startswith(("#", "-"))}
ours.discard("homeassistant")
lines = [l for l in data.splitlines() if not (name_of(l) and name_of(l) in ours)]
(tmp / "constraints.txt").write_text("\n".join(lines) + "\n")
PY
    [ $? -eq 0 ] || exit 1
    "$VENV/bin/python" -m pip install -q -c "$tmp/constraints.txt" -r "$REQS" ${EXTRA_PIP_ARGS:-} || exit 1
    rm -rf "$tmp"
  ) || return 1
  touch "$stamp"
}
