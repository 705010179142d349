"""El sondeo de todas las fuentes (carpeta de entrada y buzones IMAP): una pasada o un ciclo
que nunca se cae. Una fuente con problemas se reintenta con espera creciente; las demás siguen.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from archivo import Almacen, almacen_de
from correspondencia import imap
from correspondencia.buzones import fuentes_imap
from correspondencia.candado import FuenteOcupada, candado_de_fuente
from correspondencia.carpeta import sondear_carpeta_de_entrada
from correspondencia.imap import FuenteImap
from correspondencia.preparacion import Preparador, preparador
from correspondencia.reglas import ReglasDePlazo
from correspondencia.sondeo_imap import Contexto, estado_de_carpeta, sondear_carpeta
from expedientes import Actor, BaseDeDatos, Settings, ahora

log = logging.getLogger(__name__)
ACTOR = Actor("sondeo")
CARPETA = "carpeta"
ESPERA_MAXIMA = 300.0
LOTE = 100  # mensajes por FETCH


@dataclass
class InformeSondeo:
    """Lo que hizo una pasada por una fuente."""

    fuente: str
    registradas: list[str] = field(default_factory=list)
    ya_registradas: int = 0
    fallidas: list[str] = field(default_factory=list)
    error: str = ""


def carpeta_de_entrada(settings: Settings) -> Path:
    """`<datos>/entrada`: donde se dejan los .eml."""
    return settings.data_dir / "entrada"


def sondear_una_vez(
    *, bd: BaseDeDatos, settings: Settings, reintentos: int = 3, espera: float = 1.0
) -> list[InformeSondeo]:
    """Una pasada por todas las fuentes; los errores de conexión se reintentan con espera."""
    almacen = almacen_de(settings.data_dir)
    informes = [_aislado("carpeta de entrada", lambda: _sondear_carpeta(bd, settings, almacen))]
    with bd.sesion(ACTOR) as s:
        fuentes, fallidas = fuentes_imap(session=s, settings=settings)
    for fuente, motivo in fallidas:
        informes.append(InformeSondeo(fuente.nombre, error=motivo))
        _anotar(bd, fuente.clave, fuente.carpeta, motivo)
    with preparador(almacen) as prep:
        for fuente in fuentes:
            sondear = partial(_sondear_buzon, bd, settings, prep, fuente, reintentos, espera)
            anotar = partial(_anotar, bd, fuente.clave, fuente.carpeta)
            informes.append(_aislado(fuente.nombre, sondear, anotar))
    return informes


def _aislado(
    nombre: str,
    sondear: Callable[[], InformeSondeo],
    anotar: Callable[[str], None] | None = None,
) -> InformeSondeo:
    """Un error inesperado en una fuente queda en su informe (y en su estado); las demás siguen."""
    try:
        return sondear()
    except Exception as exc:  # una fuente rota no detiene a las otras: se registra y se informa
        log.exception("el sondeo de %s falló", nombre)
        error = f"Error inesperado ({type(exc).__name__}): {exc}"[:2000]
        if anotar is not None:
            anotar(error)
        return InformeSondeo(nombre, error=error)


def sondear_siempre(
    *,
    bd: BaseDeDatos,
    settings: Settings,
    parar: threading.Event | None = None,
    al_terminar_pasada: Callable[[list[InformeSondeo]], None] | None = None,
) -> None:
    """Sondea cada RECUPERA_SONDEO_SEGUNDOS hasta que `parar` se active; nunca se cae."""
    parar = parar or threading.Event()
    fallos = 0
    while not parar.is_set():
        try:
            informes = sondear_una_vez(bd=bd, settings=settings, reintentos=1)
            # Se espera más solo si todo falló: un buzón roto no demora a los demás.
            fallos = fallos + 1 if all(i.error for i in informes) else 0
            for i in informes:
                if i.error:
                    log.warning("%s: %s", i.fuente, i.error)
            if al_terminar_pasada:
                al_terminar_pasada(informes)
        except Exception:  # el ciclo no se cae: lo registra y espera más cada vez
            log.exception("la pasada de sondeo falló")
            fallos += 1
        parar.wait(min(ESPERA_MAXIMA, settings.sondeo_segundos * (2 ** min(fallos, 8))))


def _sondear_carpeta(bd: BaseDeDatos, settings: Settings, almacen: Almacen) -> InformeSondeo:
    informe = InformeSondeo("carpeta de entrada")
    entrada = carpeta_de_entrada(settings)
    entrada.mkdir(parents=True, exist_ok=True)
    try:
        with candado_de_fuente(bd.engine, CARPETA, settings.data_dir / "candados"):
            r = sondear_carpeta_de_entrada(
                bd=bd,
                almacen=almacen,
                entrada=entrada,
                reglas=ReglasDePlazo.desde(settings),
                max_bytes=settings.max_message_bytes,
            )
    except FuenteOcupada as exc:
        informe.error = exc.mensaje
        return informe
    informe.registradas, informe.fallidas = r.registradas, r.fallidas
    informe.ya_registradas = len(r.ya_registradas)
    _anotar(bd, CARPETA, str(entrada), "; ".join(r.fallidas))
    return informe


def _sondear_buzon(
    bd: BaseDeDatos,
    settings: Settings,
    prep: Preparador,
    fuente: FuenteImap,
    reintentos: int,
    espera: float,
) -> InformeSondeo:
    informe = InformeSondeo(fuente.nombre)
    ctx = Contexto(bd, prep, ReglasDePlazo.desde(settings), settings.max_message_bytes, LOTE)
    for intento in range(1, reintentos + 1):
        try:
            with candado_de_fuente(bd.engine, fuente.clave, settings.data_dir / "candados"):
                cliente = imap.conectar(fuente.conexion)
                try:
                    r = sondear_carpeta(cliente, fuente, ctx)
                finally:
                    imap.cerrar(cliente)
        except (FuenteOcupada, imap.CredencialesRechazadas) as exc:
            informe.error = exc.mensaje
            break
        except imap.ERRORES_DE_CONEXION as exc:
            # Lo confirmado queda: el siguiente intento sigue desde ahí.
            informe.error = f"Conexión con {fuente.conexion.host} perdida: {exc}"
            log.warning("%s (intento %s de %s)", informe.error, intento, reintentos)
            if intento < reintentos:
                time.sleep(min(ESPERA_MAXIMA, espera * 2 ** (intento - 1)))
            continue
        informe.error = ""
        informe.registradas += r.registradas
        informe.ya_registradas += r.ya_registradas
        informe.fallidas += r.fallidas
        break
    _anotar(bd, fuente.clave, fuente.carpeta, informe.error or "; ".join(informe.fallidas))
    return informe


def _anotar(bd: BaseDeDatos, fuente: str, carpeta: str, error: str) -> None:
    """Deja la salud de la fuente (último sondeo, último error) para el administrador."""
    with bd.sesion(ACTOR) as s:
        estado = estado_de_carpeta(s, fuente, carpeta)
        estado.ultimo_sondeo_en = ahora()
        if error:
            estado.ultimo_error = error[:2000]
            estado.errores_seguidos += 1
        else:
            estado.ultimo_exito_en = estado.ultimo_sondeo_en
            estado.ultimo_error = ""
            estado.errores_seguidos = 0
        s.add(estado)
