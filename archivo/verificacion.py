"""Verificar el archivo: volver a calcular las huellas de manifiestos y documentos y recorrer la
cadena de sellos; en la verificación completa, también la de cada blob que la base nombra
(cartas, adjuntos, plantillas, documentos generados…: `fijeza`). Lo faltante o alterado se lista,
uno por uno, con lo que es.

La cadena se revisa entera siempre (los manifiestos son pequeños); los documentos, de todo el
archivo o de un expediente. Cada verificación guarda la cabeza de la cadena: la siguiente exige
encontrarla todavía, así tampoco pasa inadvertido que se quiten los últimos sellos.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from archivo.almacen import Almacen, BlobCorrupto, BlobInexistente
from archivo.documentos import documentos_de
from archivo.fijeza import verificar_almacen
from archivo.modelos import Sello, Verificacion
from archivo.sellado import ANIO_CADENA, SERIE_SELLOS, entrada_de
from expedientes import Actor, BaseDeDatos, Expediente, Secuencia, ahora

_registro = logging.getLogger(__name__)


@dataclass
class Informe:
    """El resultado: qué se revisó y cada problema encontrado."""

    problemas: list[str] = field(default_factory=list)
    sellos: int = 0
    documentos: int = 0
    blobs: int = 0
    cabeza: str | None = None
    revisados: set[str] = field(default_factory=set)

    @property
    def correcta(self) -> bool:
        """Sin un solo problema."""
        return not self.problemas


def _leer_manifiesto(
    almacen: Almacen, sello: Sello, nombre: str, informe: Informe
) -> dict[str, Any] | None:
    try:
        datos = almacen.leer(sello.manifiesto_sha256)
    except BlobInexistente:
        informe.problemas.append(f"Falta el manifiesto del sello {nombre}.")
        return None
    except BlobCorrupto:
        informe.problemas.append(f"El manifiesto del sello {nombre} fue alterado.")
        return None
    try:
        manifiesto = json.loads(datos)
    except ValueError:
        informe.problemas.append(f"El manifiesto del sello {nombre} no es JSON legible.")
        return None
    return manifiesto if isinstance(manifiesto, dict) else None


def _cadena(session: Session, almacen: Almacen, informe: Informe) -> dict[int, dict[str, Any]]:
    """Recorre los sellos en orden; devuelve el último manifiesto legible de cada expediente."""
    numeros = dict(session.exec(select(Expediente.id, Expediente.numero)).all())
    ultimos: dict[int, dict[str, Any]] = {}
    anterior: Sello | None = None
    sellos = session.exec(select(Sello).order_by(col(Sello.secuencia))).all()
    for esperado, sello in enumerate(sellos, start=1):
        nombre = f"N.º {sello.secuencia} ({numeros.get(sello.expediente_id, '?')}, versión {sello.version})"
        if sello.secuencia != esperado:
            informe.problemas.append(
                f"Falta el sello N.º {esperado} de la cadena: se quitó un registro archivado."
            )
        enlace = anterior.manifiesto_sha256 if anterior else None
        if sello.anterior_sha256 != enlace:
            informe.problemas.append(f"El sello {nombre} no se enlaza con el sello anterior.")
        manifiesto = _leer_manifiesto(almacen, sello, nombre, informe)
        if manifiesto is not None:
            if (manifiesto.get("secuencia"), manifiesto.get("anterior")) != (
                sello.secuencia,
                enlace,
            ):
                informe.problemas.append(
                    f"El manifiesto del sello {nombre} no dice su lugar en la cadena."
                )
            if manifiesto.get("expediente", {}).get("numero") != numeros.get(sello.expediente_id):
                informe.problemas.append(f"El manifiesto del sello {nombre} es de otro expediente.")
            ultimos[sello.expediente_id] = manifiesto
        anterior = sello
    informe.sellos = len(sellos)
    informe.cabeza = anterior.manifiesto_sha256 if anterior else None
    _fin_de_cadena(session, informe, len(sellos), {s.manifiesto_sha256 for s in sellos})
    return ultimos


def _fin_de_cadena(session: Session, informe: Informe, total: int, huellas: set[str]) -> None:
    """Ni el contador ni la verificación anterior admiten que falten los últimos sellos."""
    contador = session.get(Secuencia, (SERIE_SELLOS, ANIO_CADENA))
    if contador is not None and contador.ultimo != total:
        informe.problemas.append(
            f"Se sellaron {contador.ultimo} manifiestos y la cadena tiene {total}: faltan sellos."
        )
    previa = session.exec(
        select(Verificacion)
        .where(col(Verificacion.cabeza_sha256).is_not(None))
        .order_by(col(Verificacion.id).desc())
    ).first()
    if previa is not None and previa.cabeza_sha256 not in huellas:
        informe.problemas.append(
            f"La cabeza de la cadena vista el {previa.iniciada_en:%d/%m/%Y %H:%M} UTC ya no está: "
            "se quitaron sellos."
        )


def _blob(almacen: Almacen, sha256: str | None, que: str, informe: Informe) -> None:
    if sha256 is None:
        return
    informe.revisados.add(sha256)
    try:
        almacen.leer(sha256)
    except BlobInexistente:
        informe.problemas.append(f"Falta {que}.")
    except BlobCorrupto:
        informe.problemas.append(f"{que[0].upper()}{que[1:]} fue alterado.")


def _documentos(
    session: Session,
    almacen: Almacen,
    expediente: Expediente,
    manifiesto: dict[str, Any],
    informe: Informe,
) -> None:
    """Los documentos de la base y sus bytes, contra lo que dice el último manifiesto."""
    en_base = {
        d.orden: entrada_de(d)
        for d in documentos_de(session=session, expediente_id=expediente.id or 0)
    }
    sellados = {d.get("orden"): d for d in manifiesto.get("documentos", []) if isinstance(d, dict)}
    for orden, entrada in sorted(sellados.items(), key=lambda par: par[0] or 0):
        nombre = f"documento {orden} de {expediente.numero} ({entrada.get('titulo', '')})"
        if orden not in en_base:
            informe.problemas.append(f"Falta en la base el {nombre}.")
        elif en_base[orden] != entrada:
            informe.problemas.append(f"Los datos del {nombre} no coinciden con su manifiesto.")
        _blob(almacen, entrada.get("sha256"), f"el original del {nombre}", informe)
        _blob(almacen, entrada.get("sha256_pdf"), f"el PDF del {nombre}", informe)
        informe.documentos += 1
    for orden in sorted(set(en_base) - set(sellados)):
        informe.problemas.append(
            f"El documento {orden} de {expediente.numero} no está en su manifiesto sellado."
        )


def verificar_archivo(
    *, session: Session, almacen: Almacen, numero_expediente: str | None = None
) -> Informe:
    """La cadena completa y los documentos de todo el archivo (o de un expediente); de todo el
    archivo, además, cada blob que la base nombra (`fijeza`)."""
    informe = Informe()
    ultimos = _cadena(session, almacen, informe)
    for expediente_id, manifiesto in ultimos.items():
        expediente = session.get(Expediente, expediente_id)
        if expediente is None:
            informe.problemas.append(
                f"Falta el expediente del manifiesto {manifiesto.get('expediente')}."
            )
            continue
        if numero_expediente is None or expediente.numero == numero_expediente.strip().upper():
            _documentos(session, almacen, expediente, manifiesto, informe)
    if numero_expediente is None:  # todo el archivo: también cada otro blob que la base nombra
        fijeza = verificar_almacen(session.connection(), almacen, ya_revisados=informe.revisados)
        informe.blobs = fijeza.blobs
        informe.problemas += fijeza.problemas
    return informe


def registrar_verificacion(
    *, session: Session, informe: Informe, alcance: str, origen: str
) -> Verificacion:
    """Guarda el resultado (lo ve el administrador y el jefe)."""
    verificacion = Verificacion(
        alcance=alcance,
        correcta=informe.correcta,
        sellos=informe.sellos,
        documentos=informe.documentos,
        cabeza_sha256=informe.cabeza,
        problemas=informe.problemas[:500],
        origen=origen,
        terminada_en=ahora(),
    )
    session.add(verificacion)
    session.flush()
    return verificacion


def ultima_verificacion(*, session: Session) -> Verificacion | None:
    """La verificación más reciente."""
    return session.exec(select(Verificacion).order_by(col(Verificacion.id).desc())).first()


def verificar_periodicamente(
    *, bd: BaseDeDatos, almacen: Almacen, horas: float, parar: threading.Event
) -> None:
    """Verifica todo el archivo al arrancar y cada `horas`, hasta que se pida parar."""
    while not parar.is_set():
        try:
            actor = Actor("programada:verificacion")
            # Volver a calcular huellas tarda: se lee sin tomar el candado de escritura de SQLite.
            with bd.sesion(actor, solo_lectura=True) as s:
                informe = verificar_archivo(session=s, almacen=almacen)
            with bd.sesion(actor) as s:
                registrar_verificacion(
                    session=s, informe=informe, alcance="todo", origen="programada"
                )
            if not informe.correcta:
                _registro.error("Verificación del archivo: %d problema(s)", len(informe.problemas))
        except Exception:  # un fallo de una pasada no detiene las siguientes; queda en el log
            _registro.exception("La verificación programada del archivo falló")
        parar.wait(horas * 3600)
