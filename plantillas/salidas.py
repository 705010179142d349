"""La carta saliente de un documento, por el puerto de la correspondencia.

Un documento cuyo contrato es `saliente` recibe su número `CS-AAAA-NNNNNN` al generarse el
borrador y lo lleva impreso (`documento.salida` en el contexto): lo que el jefe aprueba ya lo
tiene, y sabe por dónde y a quién sale: el envío se propone con el borrador y quien redacta lo
cambia antes de la aprobación. Al regenerarse conserva el número y el envío; al quedar final, la
carta sale por ese canal; si se anula, el número queda usado y anulado con el motivo.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from expedientes import ErrorDominio
from plantillas.contrato import Contrato
from plantillas.instalacion import Parametros
from plantillas.modelos import DocumentoGenerado
from plantillas.puertos import SalidaDelDocumento


def numero_de_salida(
    session: Session,
    p: Parametros,
    contrato: Contrato,
    documento: DocumentoGenerado | None,
    hoy: date,
) -> str:
    """El número `CS-` que el documento lleva impreso: el suyo, uno nuevo, o nada si no sale."""
    if not contrato.saliente:
        return ""
    if documento is not None and documento.saliente_numero:
        return documento.saliente_numero
    return p.correspondencia.reservar_salida(session=session, anio=hoy.year)


def anotar(
    session: Session,
    p: Parametros,
    documento: DocumentoGenerado,
    numero: str,
    vence_el: date | None = None,
) -> None:
    """Registra (o pone al día) la carta saliente en redacción con lo que dice el documento (y,
    si pide algo, hasta cuándo espera la respuesta)."""
    if not numero:
        return
    documento.message_id = p.correspondencia.anotar_salida(
        session=session,
        salida=SalidaDelDocumento(
            numero=numero,
            documento=documento.numero,
            asunto=documento.asunto,
            destinatario=documento.destinatario,
            fecha=documento.fecha,
            expediente_id=documento.expediente_id,
            responde_a=documento.responde_a,
            autor_id=documento.autor_id,
            vence_el=vence_el,
        ),
    )
    documento.saliente_numero = numero
    session.add(documento)


def elegir_envio(
    session: Session,
    p: Parametros,
    documento: DocumentoGenerado,
    contrato: Contrato,
    envio: tuple[str, str],
    plazo_respuesta: str,
) -> None:
    """Por dónde y a quién saldrá la carta del documento (antes de la aprobación) y, si no lo
    lleva impreso, en cuántos días hábiles se espera su respuesta ("" si no se espera)."""
    if not documento.saliente_numero:
        raise ErrorDominio(f"{documento.numero} no es una carta que salga del departamento.")
    plazo = plazo_respuesta.strip()
    if plazo and contrato.espera_respuesta:
        raise ErrorDominio(
            f"No se puede elegir el envío de {documento.saliente_numero}.",
            ["Su plazo de respuesta va impreso en la carta: cámbielo editando el documento."],
        )
    if plazo and not plazo.isdigit():
        raise ErrorDominio(
            f"No se puede elegir el envío de {documento.saliente_numero}.",
            [f"El plazo de respuesta «{plazo[:10]}» no es un número de días hábiles."],
        )
    p.correspondencia.elegir_envio(
        session=session,
        numero=documento.saliente_numero,
        canal=envio[0],
        correo=envio[1],
        plazo_respuesta_dias=int(plazo) if plazo else None,
    )


def emitir(session: Session, p: Parametros, documento: DocumentoGenerado, hoy: date) -> None:
    """El documento quedó final: su carta sale por el canal elegido en la redacción.

    Un borrador redactado antes de que el número se reservara con él recibe aquí el suyo (no lo
    lleva impreso) y sale por el envío propuesto.
    """
    numero = documento.saliente_numero
    if not numero:
        numero = p.correspondencia.reservar_salida(session=session, anio=hoy.year)
        anotar(session, p, documento, numero)
    p.correspondencia.emitir_salida(
        session=session, numero=numero, emitida_el=hoy, pdf_sha256=documento.pdf_sha256
    )


def anular(session: Session, p: Parametros, documento: DocumentoGenerado, motivo: str) -> None:
    """El documento se anuló: su número de salida queda usado, anulado con el motivo."""
    if documento.saliente_numero:
        p.correspondencia.anular_salida(
            session=session, numero=documento.saliente_numero, motivo=motivo
        )
