"""Cerrar y archivar un expediente: revisar que esté completo y sellarlo con un manifiesto cuya
huella se encadena a la del manifiesto sellado anterior.

El manifiesto (JSON canónico, guardado como blob) lista cada documento con su orden, tipo,
fecha, origen, folios y las huellas sha256 de su original y de su PDF. Cada sello guarda la huella
de su manifiesto y la del anterior de la cadena (una sola para todo el archivo), así que quitar o
alterar cualquier registro archivado se detecta (`archivo.verificacion`). Después de sellado nada
del expediente cambia (servicios y triggers de la base); una corrección se agrega como documento
nuevo con su motivo y se sella como una versión nueva del manifiesto.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from archivo.almacen import Almacen
from archivo.documentos import (
    DocumentoExpediente,
    OrigenDocumento,
    documentos_de,
    esta_sellado,
    exigir_no_sellado,
    incorporar_documento,
)
from archivo.modelos import Sello
from archivo.requisitos import Requisitos
from expedientes import (
    CICLO_EXPEDIENTE,
    NOMBRES_ETAPA,
    ErrorDominio,
    Etapa,
    Expediente,
    Patrono,
    Usuario,
    ahora,
    cambiar_etapa,
    problemas_de_texto,
    siguiente_numero,
)

FORMATO = "recupera-manifiesto/1"
SERIE_SELLOS = "SELLO"
ANIO_CADENA = 0  # la cadena de sellos es una sola, no una por año
# Otras capacidades dicen por qué un expediente todavía no se puede sellar (borradores sin
# terminar, convenios en curso): quien sella recibe esas condiciones, nunca las busca.
Bloqueo = Callable[[Session, int], list[str]]


def faltantes_para_sellar(
    *,
    session: Session,
    expediente: Expediente,
    requisitos: Requisitos,
    bloqueos: Sequence[Bloqueo],
) -> list[str]:
    """Lo que impide sellar: documentos requeridos ausentes y lo pendiente según cada bloqueo.

    Un expediente anulado no llegó a tramitarse: se archiva con lo que tenga.
    """
    presentes = {d.tipo for d in documentos_de(session=session, expediente_id=expediente.id or 0)}
    requeridos = (
        () if expediente.etapa == Etapa.ANULADO else requisitos.requeridos.get(expediente.tipo, ())
    )
    problemas = [
        f"Falta: {requisitos.titulo(tipo)}." for tipo in requeridos if tipo not in presentes
    ]
    for bloqueo in bloqueos:
        problemas += bloqueo(session, expediente.id or 0)
    return problemas


def bytes_de_manifiesto(manifiesto: dict[str, Any]) -> bytes:
    """La forma canónica (claves ordenadas, UTF-8): los mismos datos dan la misma huella."""
    return json.dumps(manifiesto, ensure_ascii=False, sort_keys=True, indent=2).encode("utf-8")


def entrada_de(documento: DocumentoExpediente) -> dict[str, Any]:
    """Lo que el manifiesto dice de un documento."""
    return {
        "orden": documento.orden,
        "tipo": documento.tipo,
        "titulo": documento.titulo,
        "referencia": documento.referencia,
        "fecha": documento.fecha.isoformat(),
        "origen": documento.origen,
        "folios": documento.folios,
        "sha256": documento.sha256,
        "sha256_pdf": documento.sha256_pdf,
        "nombre_archivo": documento.nombre_archivo,
        "tipo_mime": documento.tipo_mime,
        "correccion": documento.correccion,
    }


def manifiesto_de(
    session: Session, expediente: Expediente, sello: Sello | None, sellado_por: str
) -> dict[str, Any]:
    """El manifiesto del expediente tal como está (sin sello: uno provisional, para exportar)."""
    patrono = session.get(Patrono, expediente.patrono_id)
    assert patrono is not None
    documentos = documentos_de(session=session, expediente_id=expediente.id or 0)
    return {
        "formato": FORMATO,
        "expediente": {
            "numero": expediente.numero,
            "tipo": expediente.tipo,
            "asunto": expediente.asunto,
            "sucursal": expediente.sucursal,
            "abierto_el": expediente.abierto_el.isoformat(),
            "cerrado_el": expediente.cerrado_el.isoformat() if expediente.cerrado_el else None,
            "etapa": expediente.etapa,
        },
        "patrono": {
            "numero_patronal": patrono.numero_patronal,
            "nit": patrono.nit,
            "razon_social": patrono.razon_social,
        },
        "version": sello.version if sello else None,
        "secuencia": sello.secuencia if sello else None,
        "anterior": sello.anterior_sha256 if sello else None,
        "sellado_en": sello.sellado_en.isoformat() if sello else None,
        "sellado_por": sellado_por,
        "motivo": sello.motivo if sello else "",
        "documentos": [entrada_de(d) for d in documentos],
        "folios": sum(d.folios for d in documentos),
    }


def _sellar(
    session: Session, almacen: Almacen, expediente: Expediente, usuario: Usuario, motivo: str
) -> Sello:
    """Escribe el manifiesto, lo guarda en el almacén y agrega el sello al final de la cadena."""
    secuencia = siguiente_numero(session=session, serie=SERIE_SELLOS, anio=ANIO_CADENA)
    anterior = session.exec(select(Sello).where(Sello.secuencia == secuencia - 1)).first()
    version = len(sellos_de(session=session, expediente_id=expediente.id or 0)) + 1
    sello = Sello(
        secuencia=secuencia,
        expediente_id=expediente.id,  # type: ignore[arg-type]
        version=version,
        manifiesto_sha256="",
        anterior_sha256=anterior.manifiesto_sha256 if anterior else None,
        motivo=motivo,
        sellado_por_id=usuario.id,
    )
    sello.manifiesto_sha256 = almacen.guardar(
        bytes_de_manifiesto(manifiesto_de(session, expediente, sello, usuario.nombre_usuario))
    )
    session.add(sello)
    session.flush()
    return sello


def _cerrar(session: Session, expediente: Expediente, hoy: date) -> None:
    """Un expediente activo se cierra antes de sellarse, si su etapa lo permite."""
    if expediente.etapa in (Etapa.CERRADO, Etapa.ANULADO):
        return
    if not CICLO_EXPEDIENTE.permite(expediente.etapa, Etapa.CERRADO):
        raise ErrorDominio(
            f"Un expediente «{NOMBRES_ETAPA[Etapa(expediente.etapa)]}» no se puede cerrar y "
            "archivar: primero debe tener gestión."
        )
    cambiar_etapa(session=session, expediente=expediente, nueva=Etapa.CERRADO, hoy=hoy)


def sellar(
    *,
    session: Session,
    almacen: Almacen,
    expediente: Expediente,
    usuario: Usuario,
    requisitos: Requisitos,
    bloqueos: Sequence[Bloqueo],
    hoy: date,
) -> Sello:
    """Cierra y archiva: exige lo requerido y nada pendiente según `bloqueos` (obligatorios: la
    aplicación pasa todos los de la instalación), cierra y sella la versión 1."""
    exigir_no_sellado(session, expediente)
    problemas = faltantes_para_sellar(
        session=session, expediente=expediente, requisitos=requisitos, bloqueos=bloqueos
    )
    if problemas:
        raise ErrorDominio(
            f"El expediente {expediente.numero} no se puede cerrar y archivar.", problemas
        )
    _cerrar(session, expediente, hoy)
    expediente.sellado_en = ahora()
    session.add(expediente)
    session.flush()  # la fila se guarda antes del sello: después, la base ya no la deja cambiar
    return _sellar(session, almacen, expediente, usuario, "")


def corregir(
    *,
    session: Session,
    almacen: Almacen,
    expediente: Expediente,
    usuario: Usuario,
    motivo: str,
    documento: dict[str, Any],
) -> Sello:
    """Agrega a un expediente sellado un documento de corrección y lo sella de nuevo.

    `documento` lleva los argumentos de `archivo.documentos.incorporar` (tipo, titulo, fecha,
    sha256, folios, sha256_pdf…); el motivo queda en el documento, en el sello y en la bitácora.
    """
    problemas = problemas_de_texto(motivo, "El motivo", 1000, multilinea=True)
    if not motivo.strip():
        problemas.append("Toda corrección de un expediente archivado lleva su motivo.")
    if not esta_sellado(session, expediente.id):
        problemas.append(f"El expediente {expediente.numero} no está sellado: agréguelo sin más.")
    if problemas:
        raise ErrorDominio("No se pudo corregir el expediente.", problemas)
    incorporar_documento(
        session=session,
        expediente=expediente,
        origen=documento.pop("origen", OrigenDocumento.ESCANEADO),
        correccion=motivo.strip(),
        registrado_por_id=usuario.id,
        **documento,
    )
    return _sellar(session, almacen, expediente, usuario, motivo.strip())


def sellos_de(*, session: Session, expediente_id: int) -> list[Sello]:
    """Los sellos del expediente, de la versión 1 a la última."""
    return list(
        session.exec(
            select(Sello).where(Sello.expediente_id == expediente_id).order_by(col(Sello.version))
        ).all()
    )
