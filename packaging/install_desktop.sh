#!/usr/bin/env bash
# Install (or remove) Touchstone's launcher, icons and AppStream metainfo for the current user.
#
#   packaging/install_desktop.sh [--exec COMMAND] [--uninstall]
#
# Files go under ${XDG_DATA_HOME:-~/.local/share}: applications/, icons/hicolor/, metainfo/.
# The launcher's Exec is, in this order: --exec COMMAND (or $TOUCHSTONE_EXEC); `touchstone` when it
# is on PATH; the frozen bundle this script sits in (dist/touchstone/); the repository's
# .venv/bin/touchstone (a source install made by `make run`); else plain `touchstone`, with a warning.
set -euo pipefail

APP_ID=io.github.touchstone.Touchstone
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
exec_cmd="${TOUCHSTONE_EXEC:-}"
uninstall=0

while [ $# -gt 0 ]; do
  case "$1" in
    --exec) [ $# -ge 2 ] || { echo "install_desktop: --exec needs a command" >&2; exit 2; }
            exec_cmd="$2"; shift 2 ;;
    --uninstall) uninstall=1; shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install_desktop: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

# Resources: inside a frozen bundle (next to the executable) or in the source tree.
if [ -d "$here/_internal/resources" ]; then
  resources="$here/_internal/resources"; bundled_exe="$here/touchstone"
else
  resources="$here/../resources"; bundled_exe=""
fi
if [ ! -f "$resources/$APP_ID.desktop" ]; then
  echo "install_desktop: cannot find $APP_ID.desktop under $resources" >&2
  exit 2
fi

icon_dir="$data_home/icons/hicolor"
targets=("$data_home/applications/$APP_ID.desktop" "$data_home/metainfo/$APP_ID.metainfo.xml"
         "$icon_dir/scalable/apps/$APP_ID.svg")
for png in "$resources"/icons/hicolor/*/apps/"$APP_ID".png; do
  size="$(basename "$(dirname "$(dirname "$png")")")"
  targets+=("$icon_dir/$size/apps/$APP_ID.png")
done

refresh_caches() {
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$data_home/applications" 2>/dev/null || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$icon_dir/index.theme" ]; then
    gtk-update-icon-cache -q -t "$icon_dir" 2>/dev/null || true
  fi
}

if [ "$uninstall" = 1 ]; then
  for target in "${targets[@]}"; do
    if [ -e "$target" ]; then rm -f "$target" && echo "removed $target"; fi
  done
  refresh_caches
  exit 0
fi

if [ -z "$exec_cmd" ]; then
  if command -v touchstone >/dev/null 2>&1; then
    exec_cmd=touchstone
  elif [ -n "$bundled_exe" ] && [ -x "$bundled_exe" ]; then
    exec_cmd="$bundled_exe"
  elif [ -x "$here/../.venv/bin/touchstone" ]; then
    exec_cmd="$(cd "$here/../.venv/bin" && pwd)/touchstone"
  else
    exec_cmd=touchstone
    echo "install_desktop: warning: 'touchstone' is not on PATH; the launcher will not start" \
         "until it is (or re-run with --exec /path/to/touchstone)" >&2
  fi
fi
# The Desktop Entry spec reserves these characters inside Exec; refuse rather than mis-quote.
case "$exec_cmd" in
  *'"'*|*'`'*|*'$'*|*'\'*|*"'"*|*$'\n'*)
    echo "install_desktop: cannot put this command in a launcher: $exec_cmd" >&2; exit 2 ;;
esac
case "$exec_cmd" in
  *[!A-Za-z0-9_./+-]*) exec_field="\"$exec_cmd\"" ;;
  *) exec_field="$exec_cmd" ;;
esac

install -d "$data_home/applications" "$data_home/metainfo" "$icon_dir/scalable/apps"
sed "s|^Exec=.*|Exec=$exec_field|" "$resources/$APP_ID.desktop" \
  > "$data_home/applications/$APP_ID.desktop"
chmod 0644 "$data_home/applications/$APP_ID.desktop"
install -m 0644 "$resources/$APP_ID.metainfo.xml" "$data_home/metainfo/$APP_ID.metainfo.xml"
install -m 0644 "$resources/icons/$APP_ID.svg" "$icon_dir/scalable/apps/$APP_ID.svg"
for png in "$resources"/icons/hicolor/*/apps/"$APP_ID".png; do
  size="$(basename "$(dirname "$(dirname "$png")")")"
  install -D -m 0644 "$png" "$icon_dir/$size/apps/$APP_ID.png"
done
refresh_caches
echo "installed $APP_ID for $(id -un): launcher runs $exec_field"
echo "  ${targets[*]}" | tr ' ' '\n' | sed '/^$/d;s/^/  /'
