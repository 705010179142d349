#!/usr/bin/env bash
# Instala los paquetes Debian que las pruebas necesitan (Chromium y fuentes). Idempotente: si ya
# están, no hace nada; si faltan, usa apt-get (con sudo cuando no se ejecuta como root).
set -euo pipefail

PAQUETES=(chromium fonts-liberation2 fonts-dejavu-core)

faltan=()
for p in "${PAQUETES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || faltan+=("$p")
done
if [ ${#faltan[@]} -eq 0 ]; then
  exit 0
fi

echo "Instalando paquetes del sistema: ${faltan[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Se necesita root o sudo para instalar: ${faltan[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${faltan[@]}"
