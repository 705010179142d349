"""Los procesos del conversor a PDF: un LibreOffice y su puente UNO, cómo se lanzan, cómo se
les habla (una línea JSON por pedido) y cómo se matan sin dejar zombis."""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from plantillas.pdf_verificacion import ErrorPdf

SEGUNDOS_CIERRE = 5.0


class Caido(Exception):
    """El puente o LibreOffice murió: se puede reintentar con procesos nuevos."""


@dataclass
class Procesos:
    """Un LibreOffice y su puente, vivos; el conversor los reemplaza enteros si algo falla."""

    soffice: subprocess.Popen[bytes]
    puente: subprocess.Popen[bytes]
    tubo: str
    leido: bytearray = field(default_factory=bytearray)

    def vivos(self) -> bool:
        """Si ninguno de los dos ha terminado."""
        return self.soffice.poll() is None and self.puente.poll() is None

    def pedir(self, pedido: dict[str, str], segundos: float) -> dict[str, Any]:
        """Envía un pedido al puente y devuelve su respuesta; Caido si murió, TimeoutError."""
        assert self.puente.stdin is not None
        try:
            self.puente.stdin.write(json.dumps(pedido).encode("ascii") + b"\n")
        except (BrokenPipeError, ValueError) as exc:
            raise Caido(f"El puente UNO no recibe pedidos: {exc}") from None
        return self.respuesta(segundos)

    def respuesta(self, segundos: float) -> dict[str, Any]:
        """La próxima línea JSON del puente, esperando a lo sumo `segundos`."""
        assert self.puente.stdout is not None
        descriptor = self.puente.stdout.fileno()
        sondeo = select.poll()  # no select.select: falla con descriptores por encima de 1024
        sondeo.register(descriptor, select.POLLIN)
        limite = time.monotonic() + segundos
        while b"\n" not in self.leido:
            restante = limite - time.monotonic()
            if restante <= 0:
                raise TimeoutError
            if sondeo.poll(restante * 1000):
                bloque = os.read(descriptor, 65536)
                if not bloque:
                    raise Caido("El puente UNO terminó sin responder.")
                self.leido += bloque
        linea, _, resto = bytes(self.leido).partition(b"\n")
        self.leido = bytearray(resto)
        try:
            respuesta = json.loads(linea)
        except ValueError:
            raise Caido(f"Respuesta ilegible del puente UNO: {linea[:200]!r}") from None
        return respuesta if isinstance(respuesta, dict) else {}

    def detener(self, *, con_gracia: bool) -> None:
        """Cierra el puente (que cierra LibreOffice) y mata lo que quede, sin dejar zombis."""
        if con_gracia and self.vivos():
            self._cerrar_tuberias()  # con stdin cerrado, el puente termina LibreOffice y sale
            for proceso in (self.puente, self.soffice):
                try:
                    proceso.wait(SEGUNDOS_CIERRE)
                except subprocess.TimeoutExpired:
                    break
        self._cerrar_tuberias()
        matar(self.puente)
        matar(self.soffice)
        # Un LibreOffice muerto a la fuerza deja el socket de su tubo en /tmp; cada tubo es único.
        Path(f"/tmp/OSL_PIPE_{os.getuid()}_{self.tubo}").unlink(missing_ok=True)  # noqa: S108

    def _cerrar_tuberias(self) -> None:
        """Cierra stdin y stdout del puente."""
        for tuberia in (self.puente.stdin, self.puente.stdout):
            if tuberia is not None:
                tuberia.close()


def lanzar(
    orden: list[str], *, registro: IO[bytes], falta: str, tuberias: bool = False
) -> subprocess.Popen[bytes]:
    """Lanza un proceso en su propio grupo (para poder matarlo con sus hijos)."""
    try:
        return subprocess.Popen(  # noqa: S603 (programas configurados; argumentos propios)
            orden,
            stdin=subprocess.PIPE if tuberias else subprocess.DEVNULL,
            stdout=subprocess.PIPE if tuberias else registro,
            stderr=registro,
            bufsize=0,
            start_new_session=True,
        )
    except (FileNotFoundError, PermissionError):
        raise ErrorPdf(falta) from None


def matar(proceso: subprocess.Popen[bytes]) -> None:
    """Mata el grupo del proceso de las hojas hacia arriba y lo recoge.

    Matar todo el grupo de una vez deja zombis: si oosplash muere antes que soffice.bin, este pasa
    al proceso 1, que en un contenedor puede no recogerlos nunca. Matando primero las hojas, cada
    padre recoge a su hijo antes de morir (oosplash termina solo cuando muere soffice.bin).
    """
    limite = time.monotonic() + SEGUNDOS_CIERRE
    while proceso.poll() is None and time.monotonic() < limite:
        for pid in _hojas(proceso.pid):
            with contextlib.suppress(ProcessLookupError):  # ya había terminado
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.01)
    for pid, _padre, estado in _miembros(proceso.pid):
        if estado != "Z":  # algo que quedó suelto (su padre murió antes): último recurso
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    proceso.wait()


def _hojas(grupo: int) -> list[int]:
    """Los procesos vivos del grupo que no tienen hijos en él (ni vivos ni por recoger)."""
    miembros = _miembros(grupo)
    padres = {padre for _pid, padre, _estado in miembros}
    return [pid for pid, _padre, estado in miembros if estado != "Z" and pid not in padres]


def _miembros(grupo: int) -> list[tuple[int, int, str]]:
    """(pid, pid del padre, estado) de cada proceso del grupo, leídos de /proc."""
    miembros = []
    for entrada in os.scandir("/proc"):
        if not entrada.name.isdigit():
            continue
        try:
            estado = Path(entrada.path, "stat").read_bytes()
        except OSError:
            continue  # terminó mientras se leía
        # El nombre del programa va entre paréntesis y puede tener espacios: se corta en el último.
        campos = estado.rpartition(b")")[2].split()
        if int(campos[2]) == grupo:
            miembros.append((int(entrada.name), int(campos[1]), campos[0].decode()))
    return miembros
