"""Lo que hace una plantilla subida por un administrador corre en un proceso aparte, con límites.

Una plantilla subida es código (Jinja en el `.docx`, expresiones en su contrato) que el servicio
ejecuta: un bucle enorme o un texto de gigabytes no debe colgar ni tumbar al servidor web. Su
revisión al subirla y su generación para un borrador corren en un proceso hijo con memoria
limitada (`RLIMIT_AS`) y tiempo limitado (se mata al vencer el plazo; `RLIMIT_CPU` de respaldo);
si se pasa, la acción se rechaza con un error en español y el servidor sigue como estaba.

Los hijos salen de un *forkserver*: un proceso de un solo hilo, con los módulos de las plantillas
ya importados, que bifurca cada hijo en milisegundos. Bifurcar el servidor web (con sus hilos y
sus conexiones) no sería seguro; arrancar un Python nuevo por documento costaría un segundo.
"""

from __future__ import annotations

import multiprocessing
import resource
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from expedientes import ErrorDominio

T = TypeVar("T")
_MIB = 1024 * 1024
# El forkserver del proceso: arranca con el primer uso e importa antes lo que usan los hijos.
CONTEXTO_AISLADO = multiprocessing.get_context("forkserver")
CONTEXTO_AISLADO.set_forkserver_preload(["plantillas.aislamiento", "plantillas.generacion"])


@dataclass(frozen=True)
class Limites:
    """Cuánto puede tardar y cuánta memoria puede usar lo que hace una plantilla subida."""

    segundos: int = 30
    memoria_mb: int = 1024


class PlantillaExcedida(ErrorDominio):
    """La plantilla se pasó del tiempo o de la memoria permitidos: se detuvo sin hacer nada."""


def limitar_este_proceso(limites: Limites) -> None:
    """Fija los límites de memoria y de CPU del proceso actual (solo en un proceso hijo)."""
    memoria = limites.memoria_mb * _MIB
    resource.setrlimit(resource.RLIMIT_AS, (memoria, memoria))
    resource.setrlimit(resource.RLIMIT_CPU, (limites.segundos, limites.segundos + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # SIGXCPU no deja un volcado en disco


def en_proceso_limitado(limites: Limites, funcion: Callable[..., T], *argumentos: Any) -> T:
    """El resultado de `funcion(*argumentos)` calculado en un hijo con `limites`; su ErrorDominio
    vuelve como tal, y PlantillaExcedida si el hijo se pasó o murió."""
    receptor, emisor = CONTEXTO_AISLADO.Pipe(duplex=False)
    hijo = CONTEXTO_AISLADO.Process(
        target=_trabajar, args=(emisor, limites, funcion, argumentos), daemon=True
    )
    hijo.start()
    emisor.close()
    try:
        if not receptor.poll(limites.segundos):
            raise PlantillaExcedida(
                f"La plantilla tardó más de {limites.segundos} segundos y se detuvo: revise sus "
                "bucles y expresiones (RECUPERA_PLANTILLA_SEGUNDOS)."
            )
        respuesta = receptor.recv()
    except EOFError:
        raise PlantillaExcedida(
            f"La plantilla necesitó más de {limites.memoria_mb} MiB de memoria o de "
            f"{limites.segundos} segundos de cálculo y se detuvo: revise sus bucles y expresiones "
            "(RECUPERA_PLANTILLA_MEMORIA_MB)."
        ) from None
    finally:
        if hijo.is_alive():
            hijo.kill()
        hijo.join()
        receptor.close()
    return _resultado(respuesta, limites)


def _resultado(respuesta: tuple[Any, ...], limites: Limites) -> Any:
    """Lo que devolvió el hijo, o la excepción que dijo."""
    estado, *datos = respuesta
    if estado == "ok":
        return datos[0]
    if estado == "error":
        clase, mensaje, problemas = datos
        raise clase(mensaje, problemas)
    raise PlantillaExcedida(
        f"La plantilla necesitó más de {limites.memoria_mb} MiB de memoria y se detuvo: revise "
        "sus bucles y expresiones (RECUPERA_PLANTILLA_MEMORIA_MB)."
    )


def _trabajar(
    emisor: Connection, limites: Limites, funcion: Callable[..., Any], argumentos: tuple[Any, ...]
) -> None:
    """El cuerpo del hijo: fija sus límites, calcula y envía el resultado o el error."""
    try:
        limitar_este_proceso(limites)
        emisor.send(("ok", funcion(*argumentos)))
    except ErrorDominio as exc:
        emisor.send(("error", _clase_enviable(exc), exc.mensaje, exc.problemas))
    except (MemoryError, RecursionError):
        emisor.send(("memoria",))
    finally:
        emisor.close()


def _clase_enviable(exc: ErrorDominio) -> type[ErrorDominio]:
    """La clase del error si se reconstruye con (mensaje, problemas); si no, ErrorDominio."""
    clase = type(exc)
    try:
        clase(exc.mensaje, exc.problemas)
    except TypeError:
        return ErrorDominio
    return clase
