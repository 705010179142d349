"""Puente UNO: convierte .docx a PDF/A-2b en un LibreOffice que ya está corriendo.

Lo arranca `plantillas.pdf.ConversorPdf` con el Python del sistema que trae `python3-uno` (no el del
entorno virtual), así que solo usa la biblioteca estándar y `uno`. Se conecta al LibreOffice que
escucha en el tubo (pipe) nombrado en la línea de órdenes y atiende pedidos por stdin/stdout, uno
por línea JSON:

    → {"entrada": "/ruta/entrada.docx", "salida": "/ruta/salida.pdf"}
    ← {"ok": true}  o  {"ok": false, "error": "…", "caido": false}

Al conectarse responde {"ok": true, "listo": true}. Si LibreOffice murió responde "caido": true y
sale con código 3 (el conversor arranca otro). Al cerrarse stdin cierra LibreOffice y termina.

Uso: python3 -I uno_puente.py TUBO SEGUNDOS_PARA_CONECTAR
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any, BinaryIO

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.lang import Locale

SALIDA_CAIDO = 3
# Constantes de UNO: com.sun.star.document.MacroExecMode.NEVER_EXECUTE y UpdateDocMode.NO_UPDATE.
_NUNCA_EJECUTAR_MACROS = 0
_SIN_ACTUALIZAR_VINCULOS = 0
_PDF_A_2B = 2  # SelectPdfVersion: 1 = PDF/A-1a, 2 = PDF/A-2b, 3 = PDF/A-3b
# El idioma del documento, que el PDF declara en /Lang (sin esto, el de la instalación: en-US).
_ESPANOL_SV = ("es", "SV", "")


def main(argumentos: list[str]) -> int:
    """Conecta con LibreOffice y atiende pedidos hasta que se cierre stdin."""
    protocolo = _reservar_stdout()
    tubo, segundos = argumentos[0], float(argumentos[1])
    try:
        escritorio = _conectar(tubo, segundos)
    except Exception as exc:  # cualquier fallo al conectar se informa al conversor, no se traga
        _responder(protocolo, ok=False, error=f"No se pudo conectar con LibreOffice: {exc}")
        return 2
    _responder(protocolo, ok=True, listo=True)
    for linea in sys.stdin.buffer:
        pedido = json.loads(linea.decode("utf-8"))
        try:
            _convertir(escritorio, pedido["entrada"], pedido["salida"])
        except Exception as exc:  # el error de UNO viaja al conversor como respuesta
            caido = not _responde(escritorio)
            _responder(protocolo, ok=False, error=_describir(exc), caido=caido)
            if caido:
                return SALIDA_CAIDO
        else:
            _responder(protocolo, ok=True)
    _terminar(escritorio)
    return 0


def _reservar_stdout() -> BinaryIO:
    """El stdout original queda solo para el protocolo; lo que imprima otro código va a stderr."""
    descriptor = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return os.fdopen(descriptor, "wb", buffering=0)


def _responder(protocolo: BinaryIO, **respuesta: Any) -> None:
    """Escribe una respuesta como una línea JSON."""
    protocolo.write(json.dumps(respuesta).encode("ascii") + b"\n")


def _conectar(tubo: str, segundos: float) -> Any:
    """El Desktop del LibreOffice que escucha en `tubo`; reintenta mientras termina de arrancar."""
    local = uno.getComponentContext()
    resolvedor = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    limite = time.monotonic() + segundos
    while True:
        try:
            contexto = resolvedor.resolve(f"uno:pipe,name={tubo};urp;StarOffice.ComponentContext")
            return contexto.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", contexto
            )
        except Exception:  # NoConnectException mientras arranca; al vencer el plazo, sube
            if time.monotonic() > limite:
                raise
            time.sleep(0.05)


def _propiedades(**valores: Any) -> tuple[Any, ...]:
    """Una secuencia de com.sun.star.beans.PropertyValue."""
    return tuple(PropertyValue(Name=nombre, Value=valor) for nombre, valor in valores.items())


def _convertir(escritorio: Any, entrada: str, salida: str) -> None:
    """Abre el .docx oculto, lo guarda como PDF/A-2b y lo cierra."""
    documento = escritorio.loadComponentFromURL(
        uno.systemPathToFileUrl(entrada),
        "_blank",
        0,
        _propiedades(
            Hidden=True,
            ReadOnly=True,
            FilterName="MS Word 2007 XML",
            MacroExecutionMode=_NUNCA_EJECUTAR_MACROS,
            UpdateDocMode=_SIN_ACTUALIZAR_VINCULOS,
        ),
    )
    if documento is None:
        raise ValueError("LibreOffice no pudo abrir el documento")
    try:
        documento.setPropertyValue("CharLocale", Locale(*_ESPANOL_SV))
        filtro = uno.Any(
            "[]com.sun.star.beans.PropertyValue", _propiedades(SelectPdfVersion=_PDF_A_2B)
        )
        documento.storeToURL(
            uno.systemPathToFileUrl(salida),
            _propiedades(FilterName="writer_pdf_Export", FilterData=filtro),
        )
    finally:
        documento.close(True)


def _responde(escritorio: Any) -> bool:
    """Si LibreOffice sigue atendiendo: tras un error, distingue un documento malo de una caída."""
    try:
        escritorio.getFrames().getCount()
    except Exception:  # DisposedException o RuntimeException: la conexión se perdió
        return False
    return True


def _describir(exc: Exception) -> str:
    """Nombre y mensaje de una excepción (las de UNO traen el texto en `Message`)."""
    mensaje = getattr(exc, "Message", "") or str(exc)
    return f"{type(exc).__name__}: {mensaje}".strip()


def _terminar(escritorio: Any) -> None:
    """Pide a LibreOffice que termine; si ya no responde, el conversor lo mata."""
    try:
        escritorio.terminate()
    except Exception as exc:  # al cerrar da igual por qué: se informa en el registro
        print(f"LibreOffice no se cerró por las buenas: {_describir(exc)}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
