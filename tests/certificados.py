"""Certificados de prueba: una CA propia y el certificado de un servidor en loopback firmado por
ella, con openssl (claves EC: se generan al instante)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

_EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
# Las extensiones que exige la verificación estricta (VERIFY_X509_STRICT, Python ≥ 3.13).
_EXTENSIONES = (
    "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
    "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n"
    "authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n"
)


@dataclass(frozen=True)
class Certificados:
    """Los archivos PEM: la CA en que confía el cliente, y el certificado y la clave del servidor."""

    ca: Path
    certificado: Path
    clave: Path


def generar_certificados(carpeta: Path) -> Certificados:
    """Una CA propia y un certificado para 127.0.0.1 y localhost firmado por ella (30 días); si
    ya están en `carpeta`, los mismos."""
    hechos = Certificados(carpeta / "ca.pem", carpeta / "certificado.pem", carpeta / "clave.pem")
    if hechos.certificado.exists():
        return hechos
    clave_ca, pedido, extensiones = (
        carpeta / n for n in ("ca-clave.pem", "pedido.csr", "servidor.ext")
    )
    extensiones.write_text(_EXTENSIONES)
    ordenes = [
        ["openssl", "req", "-x509", *_EC, "-keyout", str(clave_ca), "-out", str(hechos.ca),
         "-days", "30", "-subj", "/CN=CA de pruebas de Recupera",
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
        ["openssl", "req", *_EC, "-keyout", str(hechos.clave), "-out", str(pedido),
         "-subj", "/CN=localhost"],
        ["openssl", "x509", "-req", "-in", str(pedido), "-CA", str(hechos.ca),
         "-CAkey", str(clave_ca), "-CAcreateserial", "-out", str(hechos.certificado),
         "-days", "30", "-extfile", str(extensiones)],
    ]  # fmt: skip
    for orden in ordenes:
        subprocess.run(orden, check=True, capture_output=True)
    hechos.clave.chmod(0o600)
    return hechos
