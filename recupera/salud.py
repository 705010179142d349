"""La salud del servicio, para quien lo vigila (`GET /salud`) y para `recupera doctor`: la base
responde, el almacén admite escritura, LibreOffice se puede usar, y el último sondeo y la última
copia de respaldo son recientes.

Cada comprobación es barata (se pide cada pocos segundos): una consulta trivial, un temporal que se
escribe y se borra, el programa que existe; ninguna convierte un documento. El detalle (rutas,
errores) es para el administrador; `informe_publico` lo deja fuera.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from archivo import Almacen
from correspondencia import estados_de_fuentes
from expedientes import Actor, BaseDeDatos, Settings
from recupera.composicion import Servicios
from respaldo import copias_en, fecha_de_copia

OK, AVISO, FALLA = "ok", "aviso", "falla"
ACTOR = Actor("sistema:salud")
# Una copia al día, más lo que tarda la del día siguiente en terminar.
RESPALDO_MAXIMO = timedelta(hours=30)
# Con todas las fuentes fallando, el sondeo espera hasta 5 minutos entre pasadas.
ESPERA_MAXIMA_DEL_SONDEO = timedelta(minutes=5)


@dataclass(frozen=True)
class Comprobacion:
    """Una comprobación: su clave, su nombre en español, cómo salió y por qué."""

    nombre: str
    titulo: str
    estado: str
    detalle: str
    edad_segundos: float | None = None


def comprobar(servicios: Servicios, *, ahora: datetime) -> list[Comprobacion]:
    """Las comprobaciones de `GET /salud` (y de `recupera doctor`), en orden."""
    conf = servicios.settings
    return [
        base_de_datos(servicios.bd),
        almacen(servicios.almacen),
        libreoffice(conf),
        sondeo(servicios.bd, conf, ahora=ahora),
        respaldo(conf, ahora=ahora),
    ]


def sano(comprobaciones: list[Comprobacion]) -> bool:
    """¿Ninguna falla? (un aviso no es una falla)."""
    return all(c.estado != FALLA for c in comprobaciones)


def informe_publico(comprobaciones: list[Comprobacion]) -> dict[str, Any]:
    """Lo que `GET /salud` muestra a cualquiera: estados y edades, sin rutas, errores ni datos."""
    return {
        "estado": OK if sano(comprobaciones) else FALLA,
        "comprobaciones": {
            c.nombre: {"estado": c.estado}
            | ({"edad_segundos": c.edad_segundos} if c.nombre in ("sondeo", "respaldo") else {})
            for c in comprobaciones
        },
    }


def primera_linea(exc: BaseException) -> str:
    """El mensaje de un error en una línea (el del controlador de la base, si lo hay)."""
    texto = str(getattr(exc, "orig", None) or exc).strip()
    return texto.splitlines()[0] if texto else type(exc).__name__


def probar_escritura(carpeta: Path) -> None:
    """Crea la carpeta si falta, y escribe y borra en ella un temporal; OSError si no se puede."""
    carpeta.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=carpeta, prefix=".salud-") as archivo:
        archivo.write(b"salud")
        archivo.flush()


def duracion(segundos: float) -> str:
    """`45 s`, `12 min`, `3 h 20 min`, `2 días 4 h`: una edad que se lee."""
    minutos, horas = int(segundos // 60), int(segundos // 3600)
    if segundos < 120:
        return f"{int(segundos)} s"
    if horas < 2:
        return f"{minutos} min"
    if horas < 48:
        return f"{horas} h {minutos % 60} min"
    return f"{horas // 24} días {horas % 24} h"


def base_de_datos(bd: BaseDeDatos) -> Comprobacion:
    """La base responde a una consulta trivial."""
    try:
        with bd.engine.connect() as conexion:
            conexion.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        return Comprobacion("base_de_datos", "Base de datos", FALLA, primera_linea(exc))
    return Comprobacion(
        "base_de_datos", "Base de datos", OK, f"responde ({bd.engine.dialect.name})"
    )


def almacen(almacen: Almacen) -> Comprobacion:
    """El almacén de documentos admite escritura (donde se arman los blobs nuevos)."""
    try:
        almacen.probar_escritura()
    except OSError as exc:
        detalle = f"no se puede escribir en {almacen.raiz}: {exc.strerror or exc}"
        return Comprobacion("almacen", "Almacén de documentos", FALLA, detalle)
    return Comprobacion(
        "almacen", "Almacén de documentos", OK, f"admite escritura ({almacen.raiz})"
    )


def libreoffice(conf: Settings) -> Comprobacion:
    """LibreOffice se puede usar: el programa y el Python de UNO existen, y su perfil (bajo la
    carpeta de datos) admite escritura. No se arranca ni se convierte nada."""
    problemas = []
    if shutil.which(conf.soffice) is None:
        problemas.append(f"no se encuentra el programa «{conf.soffice}» (RECUPERA_SOFFICE)")
    if not (os.path.isfile(conf.python_uno) and os.access(conf.python_uno, os.X_OK)):
        problemas.append(f"no se encuentra «{conf.python_uno}» (RECUPERA_PYTHON_UNO)")
    perfiles = conf.data_dir.resolve() / "libreoffice"
    try:
        probar_escritura(perfiles)
    except OSError as exc:
        problemas.append(f"no se puede escribir su perfil en {perfiles}: {exc.strerror or exc}")
    if problemas:
        return Comprobacion("libreoffice", "LibreOffice", FALLA, "; ".join(problemas))
    return Comprobacion("libreoffice", "LibreOffice", OK, f"{shutil.which(conf.soffice)}")


def plazo_del_sondeo(conf: Settings) -> timedelta:
    """Cuánto puede pasar sin sondeo antes de que sea una falla: tres pausas y la espera máxima."""
    return 3 * timedelta(seconds=conf.sondeo_segundos) + ESPERA_MAXIMA_DEL_SONDEO


def sondeo(bd: BaseDeDatos, conf: Settings, *, ahora: datetime) -> Comprobacion:
    """El último sondeo de cualquier fuente es reciente (`recupera worker` está vivo); una fuente
    que viene fallando es un aviso con su error."""
    titulo = "Sondeo de la correspondencia"
    try:
        with bd.sesion(ACTOR, solo_lectura=True) as s:
            estados = estados_de_fuentes(session=s)
    except SQLAlchemyError as exc:
        return Comprobacion("sondeo", titulo, FALLA, f"no se pudo leer: {primera_linea(exc)}")
    momentos = [e.ultimo_sondeo_en for e in estados if e.ultimo_sondeo_en is not None]
    if not momentos:
        detalle = "nunca se ha sondeado: ¿corre `recupera worker` (o `recupera serve --sondear`)?"
        return Comprobacion("sondeo", titulo, FALLA, detalle)
    edad = max(0.0, (ahora - max(momentos)).total_seconds())
    plazo = plazo_del_sondeo(conf).total_seconds()
    detalle = f"último sondeo hace {duracion(edad)} (plazo: {duracion(plazo)})"
    errores = [f"{e.fuente} ({e.carpeta}): {e.ultimo_error}" for e in estados if e.errores_seguidos]
    estado = FALLA if edad > plazo else AVISO if errores else OK
    if errores:
        detalle += "; fuentes con error: " + "; ".join(errores)
    return Comprobacion("sondeo", titulo, estado, detalle, round(edad))


def respaldo(conf: Settings, *, ahora: datetime) -> Comprobacion:
    """La copia de respaldo más nueva de RECUPERA_RESPALDO_DIR es de las últimas 30 horas."""
    titulo = "Copia de respaldo"
    if conf.respaldo_dir is None:
        detalle = "RECUPERA_RESPALDO_DIR no está: el servicio no hace copias programadas"
        return Comprobacion("respaldo", titulo, AVISO, detalle)
    try:
        copias = copias_en(conf.respaldo_dir)
    except OSError as exc:
        detalle = f"no se puede leer {conf.respaldo_dir}: {exc.strerror or exc}"
        return Comprobacion("respaldo", titulo, FALLA, detalle)
    if not copias:
        detalle = f"no hay ninguna copia terminada en {conf.respaldo_dir}"
        return Comprobacion("respaldo", titulo, FALLA, detalle)
    edad = max(0.0, (ahora - fecha_de_copia(copias[-1])).total_seconds())
    estado = FALLA if edad > RESPALDO_MAXIMO.total_seconds() else OK
    detalle = f"la más nueva, {copias[-1]}, es de hace {duracion(edad)}"
    return Comprobacion("respaldo", titulo, estado, detalle, round(edad))
