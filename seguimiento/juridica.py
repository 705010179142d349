"""Los expedientes trasladados a la Unidad Jurídica: el traslado con su memorándum final y lo que
Jurídica informa después, cada informe con la carta registrada que lo dice.

La historia (`informes_de`) empieza con el traslado (estado `trasladado`, registrado aquí, con el
número DRP del memorándum en `carta_numero`) y sigue con cada informe; un `devuelto` regresa el
expediente a gestión de cobro, y desde ahí se puede trasladar otra vez con un memorándum nuevo.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlmodel import Session, col, select

from correspondencia import Correspondencia
from expedientes import (
    CICLO_EXPEDIENTE,
    NOMBRES_ETAPA,
    Ciclo,
    ErrorDominio,
    Etapa,
    Expediente,
    Mensajes,
    Usuario,
    cambiar_etapa,
    problemas_de_texto,
)
from plantillas import NOMBRES_ESTADO_DOCUMENTO as NOMBRES_DOCUMENTO
from plantillas import DocumentoGenerado, EstadoDocumento, documentos_de_plantilla
from seguimiento.modelos import InformeJuridica
from seguimiento.tramites import (
    carta_vinculada,
    exigir_tramitable,
    problemas_de_fecha,
    recibida_el,
)

PLANTILLA_MEMORANDUM = "traslado_juridica"


class EstadoJuridica(StrEnum):
    """Dónde está el expediente en la Unidad Jurídica."""

    TRASLADADO = "trasladado"  # lo registra el Departamento al trasladar
    RECIBIDO = "recibido"
    DEMANDA_PRESENTADA = "demanda_presentada"
    EN_TRAMITE_JUDICIAL = "en_tramite_judicial"
    SENTENCIA = "sentencia"
    RECUPERADO = "recuperado"
    DEVUELTO = "devuelto"


J = EstadoJuridica
NOMBRES_ESTADO_JURIDICA = {
    J.TRASLADADO: "Trasladado a la Unidad Jurídica",
    J.RECIBIDO: "Recibido por la Unidad Jurídica",
    J.DEMANDA_PRESENTADA: "Demanda presentada",
    J.EN_TRAMITE_JUDICIAL: "En trámite judicial",
    J.SENTENCIA: "Sentencia",
    J.RECUPERADO: "Recuperado",
    J.DEVUELTO: "Devuelto al Departamento",
}
# Lo que Jurídica puede informar (el traslado no: es del Departamento).
INFORMABLES_JURIDICA = [e for e in J if e != J.TRASLADADO]
# Jurídica informa en el orden en que ocurren las cosas, y puede repetir un estado (otra
# audiencia del trámite judicial); lo devuelto vuelve a empezar con un traslado nuevo.
CICLO_JURIDICA: Ciclo[EstadoJuridica] = Ciclo(
    EstadoJuridica,
    NOMBRES_ESTADO_JURIDICA,
    {e: frozenset({J.TRASLADADO} if e == J.DEVUELTO else INFORMABLES_JURIDICA) for e in J},
    iniciales=frozenset({J.TRASLADADO}),
    mensajes=Mensajes(
        desconocido="«{nuevo}» no es algo que informe la Unidad Jurídica.",
        no_permitida="Un expediente «{origen_min}» no puede pasar a «{destino_min}».",
    ),
)


def informes_de(*, session: Session, expediente: Expediente) -> list[InformeJuridica]:
    """La historia en Jurídica: traslados e informes, del primero al último."""
    return list(
        session.exec(
            select(InformeJuridica)
            .where(InformeJuridica.expediente_id == expediente.id)
            .order_by(col(InformeJuridica.fecha), col(InformeJuridica.id))
        ).all()
    )


def estado_en_juridica(*, session: Session, expediente: Expediente) -> InformeJuridica | None:
    """Lo último que se sabe del expediente en Jurídica (None si nunca se trasladó)."""
    historia = informes_de(session=session, expediente=expediente)
    return historia[-1] if historia else None


def memorandum_final(*, session: Session, expediente: Expediente) -> DocumentoGenerado:
    """El memorándum de traslado final más reciente del expediente, o qué falta para tenerlo."""
    memorandos = documentos_de_plantilla(
        session=session, expediente_id=expediente.id or 0, plantilla=PLANTILLA_MEMORANDUM
    )
    finales = [m for m in memorandos if m.estado == EstadoDocumento.FINAL]
    if finales:
        return finales[0]
    pendientes = [
        f"{m.numero} está «{NOMBRES_DOCUMENTO[EstadoDocumento(m.estado)]}»: debe quedar final."
        for m in memorandos
    ]
    raise ErrorDominio(
        f"El expediente {expediente.numero} no tiene un memorándum de traslado a la Unidad "
        "Jurídica final.",
        pendientes or ["Genere el memorándum de traslado y llévelo a final con el jefe."],
    )


def trasladar_a_juridica(
    *, session: Session, expediente: Expediente, usuario: Usuario, fecha: date, hoy: date
) -> InformeJuridica:
    """Traslada el expediente a la Unidad Jurídica con su memorándum final (etapa en_juridica)."""
    exigir_tramitable(expediente, usuario, "traslados")
    if expediente.etapa == Etapa.EN_JURIDICA:
        raise ErrorDominio(f"El expediente {expediente.numero} ya está en la Unidad Jurídica.")
    memo = memorandum_final(session=session, expediente=expediente)
    historia = informes_de(session=session, expediente=expediente)
    problemas = problemas_de_fecha(fecha, hoy, memo.fecha, f"la del memorándum {memo.numero}")
    if historia:
        problemas += problemas_de_fecha(fecha, hoy, historia[-1].fecha, "la de lo último informado")
    usado = next((i for i in historia if i.carta_numero == memo.numero), None)
    if usado is not None:
        problemas.append(
            f"El memorándum {memo.numero} ya sirvió para el traslado del {usado.fecha:%d/%m/%Y}: "
            "genere uno nuevo."
        )
    if problemas:
        raise ErrorDominio("No se pudo trasladar el expediente.", list(dict.fromkeys(problemas)))
    motivo = f"Trasladado a la Unidad Jurídica el {fecha:%d/%m/%Y} con el memorándum {memo.numero}"
    CICLO_EXPEDIENTE.validar(expediente.etapa, Etapa.EN_JURIDICA, motivo)  # antes de escribir nada
    informe = InformeJuridica(
        expediente_id=expediente.id,  # type: ignore[arg-type]
        fecha=fecha,
        estado=J.TRASLADADO,
        detalle=f"Memorándum de traslado {memo.numero}",
        carta_numero=memo.numero,
        registrado_por_id=usuario.id,
    )
    session.add(informe)
    cambiar_etapa(
        session=session, expediente=expediente, nueva=Etapa.EN_JURIDICA, hoy=fecha, motivo=motivo
    )
    return informe


def _problemas_del_informe(
    estado: str, detalle: str, fecha: date, hoy: date, ultimo: InformeJuridica
) -> list[str]:
    """Lo que falta o sobra en el detalle del informe y en su fecha."""
    problemas = problemas_de_texto(detalle, "El detalle", 2000, multilinea=True)
    if estado == J.DEVUELTO and not detalle.strip():
        problemas.append("Indique en el detalle por qué Jurídica devuelve el expediente.")
    que = "la del traslado" if ultimo.estado == J.TRASLADADO else "la de lo último informado"
    return problemas + problemas_de_fecha(fecha, hoy, ultimo.fecha, que)


def _problemas_de_la_carta(
    session: Session, expediente: Expediente, carta: Correspondencia, fecha: date
) -> list[str]:
    """La carta no se recibió antes de lo que informa, ni sirvió ya para otro informe."""
    problemas = []
    if recibida_el(carta) < fecha:
        problemas.append(
            f"La carta {carta.numero} se recibió el {recibida_el(carta):%d/%m/%Y}, antes de la "
            f"fecha informada ({fecha:%d/%m/%Y})."
        )
    usado = session.exec(
        select(InformeJuridica).where(
            InformeJuridica.expediente_id == expediente.id,
            InformeJuridica.carta_numero == carta.numero,
        )
    ).first()
    if usado is not None:
        problemas.append(
            f"La carta {carta.numero} ya se registró como informe del {usado.fecha:%d/%m/%Y}."
        )
    return problemas


def _ultimo_en_juridica(session: Session, expediente: Expediente) -> InformeJuridica:
    """Lo último registrado de un expediente que está en Jurídica (si no lo está, el error)."""
    ultimo = estado_en_juridica(session=session, expediente=expediente)
    if expediente.etapa != Etapa.EN_JURIDICA or ultimo is None:
        etapa = NOMBRES_ETAPA[Etapa(expediente.etapa)]
        raise ErrorDominio(
            f"El expediente {expediente.numero} no está trasladado a la Unidad Jurídica (está "
            f"«{etapa}»): trasládelo antes de registrar lo que informa."
        )
    return ultimo


def _carta_del_informe(
    session: Session,
    expediente: Expediente,
    estado: str,
    detalle: str,
    fecha: date,
    carta_numero: str,
    hoy: date,
) -> Correspondencia:
    """La carta que trae el informe, si Jurídica puede informar eso ahora; si no, cada problema."""
    if estado not in INFORMABLES_JURIDICA:
        raise ErrorDominio(
            f"«{estado}» no es algo que informe la Unidad Jurídica.",
            [f"Use uno de: {', '.join(INFORMABLES_JURIDICA)}."],
        )
    ultimo = _ultimo_en_juridica(session, expediente)
    CICLO_JURIDICA.validar(ultimo.estado, estado)
    problemas = _problemas_del_informe(estado, detalle, fecha, hoy, ultimo)
    carta = carta_vinculada(
        session=session, expediente=expediente, numero=carta_numero, que="la carta de Jurídica"
    )
    problemas += _problemas_de_la_carta(session, expediente, carta, fecha)
    if problemas:
        raise ErrorDominio("No se pudo registrar el informe de Jurídica.", problemas)
    return carta


def registrar_informe_juridica(
    *,
    session: Session,
    expediente: Expediente,
    fecha: date,
    estado: str,
    detalle: str,
    carta_numero: str,
    usuario: Usuario,
    hoy: date,
) -> InformeJuridica:
    """Anota lo que informa Jurídica, con su carta; `devuelto` regresa el expediente a gestión."""
    exigir_tramitable(expediente, usuario, "informes de Jurídica")
    carta = _carta_del_informe(session, expediente, estado, detalle, fecha, carta_numero, hoy)
    motivo = f"Devuelto por la Unidad Jurídica ({carta.numero}): {detalle.strip()}"[:1000]
    if estado == J.DEVUELTO:
        CICLO_EXPEDIENTE.validar(
            expediente.etapa, Etapa.EN_GESTION, motivo
        )  # antes de escribir nada
    informe = InformeJuridica(
        expediente_id=expediente.id,  # type: ignore[arg-type]
        fecha=fecha,
        estado=estado,
        detalle=detalle.strip(),
        carta_numero=carta.numero,
        registrado_por_id=usuario.id,
    )
    session.add(informe)
    if estado == J.DEVUELTO:
        cambiar_etapa(
            session=session, expediente=expediente, nueva=Etapa.EN_GESTION, hoy=fecha, motivo=motivo
        )
    session.flush()
    return informe
