"""Conversión de .docx a PDF/A-2b con un LibreOffice que se mantiene corriendo.

`ConversorPdf` arranca, la primera vez que se usa, un LibreOffice sin pantalla con su propio perfil
bajo `carpeta` y el puente UNO (`uno_puente.py`, con el Python del sistema que trae `python3-uno`);
cada conversión es un pedido al puente: décimas de segundo en vez del arranque de `soffice` por
documento. LibreOffice sale con 0 aunque falle y «convierte» cualquier cosa: la entrada se exige
.docx y cada PDF se verifica (`verificar_pdf`) antes de entregarlo.
"""

from __future__ import annotations

import atexit
import fcntl
import os
import secrets
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from plantillas.pdf_procesos import Caido, Procesos, lanzar, matar
from plantillas.pdf_verificacion import (
    ErrorPdf,
    contar_paginas,
    exigir_docx,
    verificar_pdf,
    vista_previa_png,
)

__all__ = ["ConversorPdf", "ErrorPdf", "contar_paginas", "verificar_pdf", "vista_previa_png"]

_PUENTE = Path(__file__).with_name("uno_puente.py")
# Un LibreOffice en frío (perfil nuevo, disco lento) puede tardar más que una conversión.
_SEGUNDOS_ARRANQUE = 30.0
_OPCIONES_SOFFICE = ["--headless", "--invisible", "--nologo", "--nodefault", "--norestore"]
_INSTALAR = "Instálelo con `scripts/instalar-sistema.sh servicio`."


class ConversorPdf:
    """Un LibreOffice vivo con su puente UNO, para convertir .docx a PDF/A-2b uno tras otro.

    Seguro entre hilos (las conversiones se hacen de a una). Cada proceso necesita su propia
    `carpeta`: ahí viven el perfil de LibreOffice, los temporales y el registro de errores.
    """

    def __init__(
        self,
        *,
        carpeta: Path,
        soffice: str = "soffice",
        python_uno: str = "/usr/bin/python3",
        segundos: float = 60,
    ) -> None:
        """Nada arranca hasta la primera conversión; `segundos` es el plazo de cada una."""
        # Absoluta: LibreOffice recibe rutas como URL file://, que no admiten rutas relativas.
        self.carpeta = Path(carpeta).resolve()
        self.soffice = soffice
        self.python_uno = python_uno
        self.segundos = segundos
        self._candado = threading.Lock()
        self._procesos: Procesos | None = None
        self._uso: IO[bytes] | None = None

    def convertir(self, docx: bytes, textos: Iterable[str] = ()) -> bytes:
        """El PDF/A-2b del .docx, ya verificado (y con cada uno de `textos` en su texto);
        ErrorPdf si la entrada o el resultado no sirven."""
        exigir_docx(docx)
        with self._candado:
            pdf = self._convertir(docx)
        problemas = verificar_pdf(pdf, textos=textos)
        if problemas:
            raise ErrorPdf("LibreOffice no produjo un PDF/A-2b válido del documento.", problemas)
        return pdf

    def cerrar(self) -> None:
        """Cierra LibreOffice y el puente (por las buenas o matándolos) y libera la carpeta."""
        with self._candado:
            self._detener(con_gracia=True)
            if self._uso is not None:
                self._uso.close()  # cerrar el archivo suelta el flock
                self._uso = None
            atexit.unregister(self.cerrar)

    def __enter__(self) -> ConversorPdf:
        """Para usarlo con `with`: se cierra al salir."""
        return self

    def __exit__(self, *_: object) -> None:
        """Cierra todo al salir del `with`."""
        self.cerrar()

    @property
    def pid_soffice(self) -> int | None:
        """El pid de LibreOffice (líder de su grupo de procesos) si está corriendo; diagnóstico."""
        return self._procesos.soffice.pid if self._procesos else None

    @property
    def pid_puente(self) -> int | None:
        """El pid del puente UNO si está corriendo; diagnóstico."""
        return self._procesos.puente.pid if self._procesos else None

    def _convertir(self, docx: bytes) -> bytes:
        """Escribe el .docx en un temporal privado, pide la conversión y lee el PDF."""
        self._tomar_carpeta()
        trabajo = self.carpeta / "trabajo"
        trabajo.mkdir(mode=0o700, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=trabajo, prefix="conversion-") as temporal:
            entrada, salida = Path(temporal) / "entrada.docx", Path(temporal) / "salida.pdf"
            entrada.write_bytes(docx)
            self._pedir_con_reintento({"entrada": str(entrada), "salida": str(salida)})
            try:
                return salida.read_bytes()
            except FileNotFoundError:
                raise ErrorPdf(
                    "LibreOffice dijo haber convertido, pero no escribió el PDF."
                ) from None

    def _pedir_con_reintento(self, pedido: dict[str, str]) -> None:
        """Si LibreOffice o el puente murieron, los arranca de nuevo y reintenta una sola vez."""
        for intento in (1, 2):
            try:
                return self._pedir(pedido)
            except Caido as exc:
                self._detener(con_gracia=False)
                if intento == 2:
                    raise ErrorPdf(
                        "LibreOffice se cayó dos veces seguidas con este documento.", [str(exc)]
                    ) from None

    def _pedir(self, pedido: dict[str, str]) -> None:
        """Un pedido al puente; ErrorPdf si el documento no se pudo convertir o tardó demasiado."""
        procesos = self._en_marcha()
        try:
            respuesta = procesos.pedir(pedido, self.segundos)
        except TimeoutError:
            self._detener(con_gracia=False)
            raise ErrorPdf(
                f"La conversión a PDF no terminó en {self.segundos:g} s; se detuvo LibreOffice.",
                ["Revise que el documento no sea desmesurado; la próxima conversión lo reinicia."],
            ) from None
        except BaseException:
            self._detener(con_gracia=False)  # una respuesta pendiente desfasaría las siguientes
            raise
        if respuesta.get("caido"):
            raise Caido(str(respuesta.get("error", "")))
        if not respuesta.get("ok"):
            raise ErrorPdf(
                "LibreOffice no pudo convertir el documento a PDF.", [str(respuesta.get("error"))]
            )

    def _en_marcha(self) -> Procesos:
        """Los procesos vivos; si no hay, o alguno murió, arranca otros."""
        if self._procesos is not None:
            if self._procesos.vivos():
                return self._procesos
            self._detener(con_gracia=False)
        self._procesos = self._arrancar()
        return self._procesos

    def _arrancar(self) -> Procesos:
        """Lanza LibreOffice y el puente y espera a que el puente diga que está conectado."""
        tubo = f"recupera-{os.getpid()}-{secrets.token_hex(8)}"
        plazo = max(self.segundos, _SEGUNDOS_ARRANQUE)
        with (self.carpeta / "libreoffice.log").open("wb") as registro:
            aceptar = f"--accept=pipe,name={tubo};urp;StarOffice.ComponentContext"
            perfil = f"-env:UserInstallation={(self.carpeta / 'perfil').resolve().as_uri()}"
            soffice = lanzar(
                [self.soffice, *_OPCIONES_SOFFICE, perfil, aceptar],
                registro=registro,
                falta=f"No se encontró LibreOffice ({self.soffice}). {_INSTALAR}",
            )
            try:
                puente = lanzar(
                    [self.python_uno, "-I", str(_PUENTE), tubo, str(plazo)],
                    registro=registro,
                    falta=f"No se encontró el Python con UNO ({self.python_uno}). {_INSTALAR}",
                    tuberias=True,
                )
            except ErrorPdf:
                matar(soffice)
                raise
        procesos = Procesos(soffice, puente, tubo)
        self._esperar_listo(procesos, plazo)
        return procesos

    def _esperar_listo(self, procesos: Procesos, plazo: float) -> None:
        """La primera respuesta del puente; ErrorPdf (con el final del registro) si no llega."""
        respuesta: dict[str, Any] = {}
        try:
            respuesta = procesos.respuesta(plazo + 5)
        except (TimeoutError, Caido) as exc:
            respuesta = {"error": str(exc) or f"sin respuesta en {plazo + 5:g} s"}
        if respuesta.get("listo"):
            return
        procesos.detener(con_gracia=False)
        registro = (self.carpeta / "libreoffice.log").read_text("utf-8", "replace").splitlines()
        raise ErrorPdf(
            "No se pudo arrancar LibreOffice para convertir a PDF.",
            [str(respuesta.get("error")), *registro[-3:]],
        )

    def _tomar_carpeta(self) -> None:
        """Reserva la carpeta (flock) para que dos conversores no compartan el perfil."""
        if self._uso is not None:
            return
        self.carpeta.mkdir(mode=0o700, parents=True, exist_ok=True)
        uso = (self.carpeta / ".en-uso").open("ab")
        try:
            fcntl.flock(uso, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            uso.close()
            raise ErrorPdf(
                f"La carpeta {self.carpeta} ya la usa otro conversor de PDF.",
                ["Dé a cada proceso su propia carpeta: LibreOffice no comparte su perfil."],
            ) from None
        self._uso = uso
        atexit.register(self.cerrar)  # lo único global: no dejar LibreOffice vivo al salir

    def _detener(self, *, con_gracia: bool) -> None:
        """Detiene los procesos, si los hay."""
        if self._procesos is not None:
            procesos, self._procesos = self._procesos, None
            procesos.detener(con_gracia=con_gracia)
