"""Rendimiento del envío por correo: cartas por segundo a un servidor SMTP local, contra smtplib
pelado en la misma corrida.

Un servidor SMTP real (aiosmtpd) en loopback acepta y descarta. Se mide:

1. línea base: smtplib pelado, una conexión por mensaje (como el despachador), con los mismos
   bytes ya armados (el mismo PDF/A de una página adjunto), sin base de datos;
2. Recupera: `despachar_una_vez` sobre la cola de cartas `pendiente` por correo: candado, leer
   cada carta y su PDF del almacén (verificando su sha256), armar el mensaje, `enviando`
   confirmado, SMTP, `enviada` confirmado, bitácora. Sin buzón para la copia en Enviados (eso
   sería medir IMAP).

Uso: .venv/bin/python benchmarks/despacho.py [--cartas 300] [--postgres URL]
"""

from __future__ import annotations

import argparse
import smtplib
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from importacion import base_de_datos

from archivo import Almacen
from correspondencia import ConfigEnvio, Envio, despachar_una_vez, registrar_saliente
from correspondencia.mensaje_salida import en_bytes, mensaje_de
from expedientes import Actor, BaseDeDatos
from recupera.composicion import EXTENSIONES_DE_SESION
from tests.correspondencia.corpus import pdf_minimo
from tests.dovecot import puerto_libre

HOY = date(2026, 11, 30)
REMITENTE = "recuperacion@isss.gob.sv"


def _cola(bd: BaseDeDatos, almacen: Almacen, cartas: int) -> list[bytes]:
    """`cartas` cartas por correo, por enviar; los mensajes que enviaría cada una (la base)."""
    pdf = pdf_minimo("Aviso de cobro «Pérez & Cía» <S.A.> " * 20)
    sha = almacen.guardar(pdf)
    crudos = []
    with bd.sesion(Actor("benchmark")) as s:
        for i in range(cartas):
            salida = registrar_saliente(
                session=s, asunto=f"Aviso de cobro {i} «diciembre»",
                destinatario=f"Patrono {i} & Cía, S.A. de C.V.", emitida_el=HOY,
                dominio_correo="isss.gob.sv", pdf_sha256=sha,
                envio=Envio("correo", f"pagos{i}@patrono{i % 50}.com.sv"),
            )  # fmt: skip
            crudos.append(en_bytes(mensaje_de(salida, pdf, REMITENTE, None)))
    return crudos


def _base(puerto: int, crudos: list[bytes]) -> float:
    inicio = time.perf_counter()
    for i, crudo in enumerate(crudos):
        with smtplib.SMTP("127.0.0.1", puerto, timeout=30) as cliente:
            cliente.sendmail(REMITENTE, [f"pagos{i}@patrono.com.sv"], crudo)
    return time.perf_counter() - inicio


def medir(cartas: int, carpeta: Path, postgres: str | None) -> tuple[float, float]:
    """Segundos del despachador y de la línea base, con el mismo servidor."""
    controlador = Controller(Sink(), hostname="127.0.0.1", port=puerto_libre())
    controlador.start()
    url, borrar = base_de_datos("postgresql" if postgres else "sqlite", carpeta, postgres)
    bd = BaseDeDatos.desde_url(url, EXTENSIONES_DE_SESION)
    almacen = Almacen(carpeta / "blobs")
    try:
        crudos = _cola(bd, almacen, cartas)
        base = _base(controlador.port, crudos)
        config = ConfigEnvio(
            host="127.0.0.1", puerto=controlador.port, seguridad="none", usuario=None,
            contrasena="", remitente=REMITENTE, segundos=30, intentos=8,
            carpeta_candados=carpeta / "candados",
        )  # fmt: skip
        inicio = time.perf_counter()
        informe = despachar_una_vez(bd=bd, almacen=almacen, config=config, limite=cartas)
        recupera = time.perf_counter() - inicio
        assert len(informe.enviadas) == cartas and not informe.con_error, informe.resumen()
    finally:
        bd.cerrar()
        borrar()
        controlador.stop()
    return recupera, base


def main() -> None:
    """Imprime cartas/s de Recupera y de smtplib pelado, y su razón."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cartas", type=int, default=300)
    parser.add_argument("--postgres", help="URL de un PostgreSQL (un esquema propio, borrado)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        recupera, base = medir(args.cartas, Path(tmp), args.postgres)
    motor = "PostgreSQL" if args.postgres else "SQLite"
    print(f"Envío por correo, {args.cartas} cartas con un PDF/A adjunto, {motor}:")
    print(f"  smtplib pelado (una conexión por mensaje): {args.cartas / base:,.0f} cartas/s")
    print(f"  Recupera (despachar_una_vez):             {args.cartas / recupera:,.0f} cartas/s")
    print(f"  razón: {recupera / base:.1f}× más lento que la línea base")


if __name__ == "__main__":
    main()
