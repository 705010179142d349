#!/usr/bin/env bash
# Instala los paquetes Debian que el proyecto necesita. Idempotente: lo ya instalado no se toca,
# y si no falta nada no imprime nada.
#   base      lo necesario para crear el entorno de Python (`make run`, `make test`)
#   servicio  OCR de cartas escaneadas en papel y conversión de .docx a PDF/A con LibreOffice
#             (UNO desde el Python del sistema) y sus fuentes, parte del servicio (`make run`)
#   pruebas   todo lo de `servicio` (las pruebas hacen OCR y convierten a PDF), Chromium para las
#             pruebas de navegador, zbar-tools para leer los códigos de barras impresos, Dovecot
#             como servidor IMAP real con su usuario de sistema `vmail`, OpenLDAP (slapd y
#             ldap-utils) como directorio real, nginx como el proxy con TLS de deploy/ y systemd
#             para revisar sus unidades con systemd-analyze (`make test`)
set -euo pipefail

grupo="${1:-pruebas}"
SERVICIO=(ocrmypdf tesseract-ocr-spa poppler-utils
  libreoffice-writer-nogui python3-uno fonts-liberation2 fonts-dejavu-core)
case "$grupo" in
  base)
    # Con un Python que ya trae venv (p. ej. uno compilado aparte) no hace falta nada.
    if "${PYTHON:-python3}" -c "import ensurepip, venv" 2>/dev/null; then exit 0; fi
    PAQUETES=(python3-venv) ;;
  servicio)
    PAQUETES=("${SERVICIO[@]}") ;;
  pruebas)
    PAQUETES=("${SERVICIO[@]}" chromium dovecot-imapd zbar-tools slapd ldap-utils nginx-light
      systemd) ;;
  *)
    echo "Uso: $0 base|servicio|pruebas" >&2; exit 2 ;;
esac

SUDO=""
# Solo se pide root (o sudo) cuando de verdad hay algo que cambiar.
necesita_root() {
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "Se necesita root o sudo para: $1" >&2; exit 1; }
    SUDO="sudo"
  fi
}

faltan=()
for p in "${PAQUETES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || faltan+=("$p")
done
if [ ${#faltan[@]} -gt 0 ]; then
  echo "Instalando paquetes del sistema: ${faltan[*]}"
  necesita_root "instalar ${faltan[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if [[ " ${faltan[*]} " == *" slapd "* ]]; then
    # Sin preguntas y sin el directorio del sistema: las pruebas (tests/slapd.py) arrancan cada
    # una el suyo, con su propia configuración.
    echo "slapd slapd/no_configuration boolean true" | $SUDO debconf-set-selections
  fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${faltan[@]}"
  if [[ " ${faltan[*]} " == *" nginx-light "* ]] && [ -d /run/systemd/system ]; then
    # En una máquina de pruebas no queda un nginx del sistema en el puerto 80: las pruebas
    # (tests/nginx.py) arrancan cada una el suyo, en puertos libres.
    $SUDO systemctl disable --now nginx.service >/dev/null 2>&1 || true
  fi
fi

if [ "$grupo" = pruebas ]; then
  # Dovecot no entrega correo a uid 0 ni a uids de sistema por debajo de first_valid_uid: el
  # Dovecot de las pruebas (tests/dovecot.py) guarda el correo como este usuario sin privilegios.
  if ! id vmail >/dev/null 2>&1; then
    echo "Creando el usuario de sistema vmail"
    necesita_root "crear el usuario vmail"
    $SUDO useradd -r -M -s /usr/sbin/nologin vmail
  fi
fi
