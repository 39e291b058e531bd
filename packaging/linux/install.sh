#!/bin/sh
# Install this GWOT Reader folder for the current user: the command, the menu entry, the icon and
# the .gwot file type. Run it from the unpacked bundle: ./install.sh   (./install.sh --uninstall)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
app_dir=$HOME/.local/lib/gwot-reader
bin_dir=$HOME/.local/bin

refresh() {  # the desktop's caches of MIME types, menu entries and icons, where it has them
  if command -v update-mime-database >/dev/null; then update-mime-database "$data/mime" >/dev/null 2>&1 || true; fi
  if command -v update-desktop-database >/dev/null; then update-desktop-database "$data/applications" >/dev/null 2>&1 || true; fi
  if command -v gtk-update-icon-cache >/dev/null; then gtk-update-icon-cache -q "$data/icons/hicolor" >/dev/null 2>&1 || true; fi
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$app_dir" "$bin_dir/gwot-reader" "$data/applications/gwot-reader.desktop" \
         "$data/mime/packages/gwot-reader-mime.xml" "$data"/icons/hicolor/*/apps/gwot-reader.*
  refresh
  echo "GWOT Reader removed (your projects in $data/gwot-reader are kept)"
  exit 0
fi

[ -x "$here/gwot-reader" ] || { echo "install.sh: run it from the unpacked gwot-reader folder" >&2; exit 2; }
if [ "$here" != "$app_dir" ]; then
  rm -rf "$app_dir" && mkdir -p "$(dirname "$app_dir")" && cp -a "$here" "$app_dir"
fi
mkdir -p "$bin_dir" "$data/applications" "$data/mime/packages"
ln -sf "$app_dir/gwot-reader" "$bin_dir/gwot-reader"
icons=$app_dir/_internal/resources/icons
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
  cp "$icons/gwot-reader-$size.png" "$data/icons/hicolor/${size}x${size}/apps/gwot-reader.png"
done
mkdir -p "$data/icons/hicolor/scalable/apps"
cp "$icons/gwot-reader.svg" "$data/icons/hicolor/scalable/apps/gwot-reader.svg"
# An absolute Exec works even when ~/.local/bin is not on the menu's PATH.
sed -e "s|^Exec=gwot-reader|Exec=$app_dir/gwot-reader|" -e "s|^TryExec=gwot-reader|TryExec=$app_dir/gwot-reader|" \
  "$app_dir/gwot-reader.desktop" > "$data/applications/gwot-reader.desktop"
cp "$app_dir/gwot-reader-mime.xml" "$data/mime/packages/gwot-reader-mime.xml"
refresh
echo "GWOT Reader installed: 'gwot-reader' in $bin_dir and in your applications menu"
