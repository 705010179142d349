#!/usr/bin/env bash
# Instala los paquetes Debian que el proyecto necesita. Idempotente: lo ya instalado no se toca.
#   base     lo necesario para crear el entorno de Python (`make run`, `make test`)
#   pruebas  Chromium y fuentes para las pruebas de navegador (`make test`)
set -euo pipefail

grupo="${1:-pruebas}"
case "$grupo" in
  base)
    # Con un Python que ya trae venv (p. ej. uno compilado aparte) no hace falta nada.
    if "${PYTHON:-python3}" -c "import ensurepip, venv" 2>/dev/null; then exit 0; fi
    PAQUETES=(python3-venv) ;;
  pruebas)
    PAQUETES=(chromium fonts-liberation2 fonts-dejavu-core) ;;
  *)
    echo "Uso: $0 base|pruebas" >&2; exit 2 ;;
esac

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
