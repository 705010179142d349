"""El número de salida de una carta: reservado con el borrador e impreso en él, el mismo al
regenerar, anulado (y nunca reutilizado) si el documento se anula, y emitido por un canal al
quedar final."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from docx import Document
from sqlmodel import Session, select

from correspondencia import EstadoSalida, Saliente, salida_por_numero, solicitudes_sin_respuesta
from expedientes import AccesoDenegado, ErrorDominio, TransicionNoPermitida, crear_usuario
from plantillas import revision
from plantillas.borradores import editar_borrador
from plantillas.instalacion import Parametros
from plantillas.lote import generar_lote
from plantillas.modelos import DocumentoGenerado
from plantillas.pdf_verificacion import verificar_pdf
from tests.expedientes.datos import renglones_de
from tests.plantillas.conftest import HOY, Caso, crear_caso, entradas_de
from tests.plantillas.test_revision import _borrador


def _texto_docx(p: Parametros, sha256: str) -> str:
    documento = Document(BytesIO(p.almacen.leer(sha256)))
    return "\n".join(parrafo.text for parrafo in documento.paragraphs)


def test_el_borrador_de_una_carta_lleva_impreso_su_numero_de_salida(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """GIVEN un aviso de cobro recién redactado THEN su `.docx` ya dice su número CS, y la carta
    saliente está «en redacción» con su destinatario, su documento y su Message-ID."""
    doc = _borrador(session, p, caso)
    assert doc.saliente_numero == "CS-2026-000001"
    assert "Correspondencia de salida CS-2026-000001" in _texto_docx(p, doc.docx_sha256)
    salida = salida_por_numero(session=session, numero="CS-2026-000001")
    assert (salida.estado, salida.documento, salida.expediente_id) == (
        EstadoSalida.RESERVADA,
        doc.numero,
        caso.expediente.id,
    )
    assert salida.destinatario == caso.patrono.razon_social
    assert salida.message_id == doc.message_id == "CS-2026-000001@isss.gob.sv"


def test_un_documento_interno_no_consume_numero_de_salida(session: Session, p: Parametros) -> None:
    """El memorándum a Jurídica no sale del Instituto: ni número CS ni carta saliente."""
    caso = crear_caso(session, p.almacen, "juridica")
    doc = _borrador(session, p, caso, "traslado_juridica")
    assert doc.saliente_numero is None
    assert session.exec(select(Saliente)).all() == []


def test_regenerar_el_borrador_conserva_su_numero_y_pone_al_dia_la_salida(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """Editar el oficio (otro destinatario) no consume otro número: el mismo CS, ya corregido."""
    doc = _borrador(session, p, caso, "oficio_respuesta")
    numero = doc.saliente_numero
    editar_borrador(
        session=session, p=p, documento=doc, expediente=caso.expediente,
        datos={**entradas_de("oficio_respuesta", caso), "destinatario": "Lic. Ana «Pérez» & Asoc."},
        usuario=caso.gestor, hoy=HOY,
    )  # fmt: skip
    assert doc.saliente_numero == numero
    assert f"Correspondencia de salida {numero}" in _texto_docx(p, doc.docx_sha256)
    salidas = session.exec(select(Saliente)).all()
    assert [(s.numero, s.destinatario, s.responde_a_id) for s in salidas] == [
        (numero, "Lic. Ana «Pérez» & Asoc.", caso.carta.id)
    ]


def test_anular_el_documento_deja_el_numero_usado_y_anulado_con_su_motivo(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """GIVEN dos avisos WHEN se anula el primero THEN su CS queda anulado con el motivo y el
    siguiente aviso no lo reutiliza."""
    primero = _borrador(session, p, caso)
    revision.anular_documento(
        session=session, p=p, documento=primero, expediente=caso.expediente,
        usuario=caso.gestor, motivo="El patrono pagó el 30 & pidió «constancia»",
    )  # fmt: skip
    salida = salida_por_numero(session=session, numero=primero.saliente_numero or "")
    assert salida.estado == EstadoSalida.ANULADA
    assert salida.motivo == "El patrono pagó el 30 & pidió «constancia»"
    segundo = _borrador(session, p, caso)
    assert (primero.saliente_numero, segundo.saliente_numero) == (
        "CS-2026-000001",
        "CS-2026-000002",
    )


def test_una_carta_anulada_no_se_emite(session: Session, p: Parametros, caso: Caso) -> None:
    """El ciclo de la salida lo impide aunque alguien llame al puerto directamente."""
    doc = _borrador(session, p, caso)
    revision.anular_documento(
        session=session, p=p, documento=doc, expediente=caso.expediente,
        usuario=caso.gestor, motivo="Duplicado",
    )  # fmt: skip
    with pytest.raises(TransicionNoPermitida, match="Anulada"):
        p.correspondencia.emitir_salida(
            session=session, numero=doc.saliente_numero or "", emitida_el=HOY, pdf_sha256=None
        )


def test_el_lote_numera_la_carta_nueva_y_la_regenerada_conserva_su_numero(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """El lote reserva el CS del aviso nuevo y, al regenerarlo, conserva el mismo número."""

    def lote(plazo: str) -> DocumentoGenerado:
        hecho = generar_lote(
            session=session, p=p, plantilla="aviso_cobro", expedientes=[caso.expediente],
            datos={**entradas_de("aviso_cobro", caso), "plazo_dias": plazo},
            autor_de=lambda _e: caso.gestor, hoy=HOY, procesos=1,
        )  # fmt: skip
        assert hecho.omitidos == {}
        return hecho.documentos[0]

    nuevo = lote("10")
    assert nuevo.saliente_numero == "CS-2026-000001"
    assert "Correspondencia de salida CS-2026-000001" in _texto_docx(p, nuevo.docx_sha256)
    regenerado = lote("15")
    assert (regenerado.id, regenerado.saliente_numero) == (nuevo.id, "CS-2026-000001")
    assert [s.numero for s in session.exec(select(Saliente)).all()] == ["CS-2026-000001"]


def _aprobado(
    session: Session, p: Parametros, caso: Caso, plantilla: str | DocumentoGenerado
) -> DocumentoGenerado:
    doc = _borrador(session, p, caso, plantilla) if isinstance(plantilla, str) else plantilla
    revision.enviar_a_revision(
        session=session, p=p, documento=doc, expediente=caso.expediente, usuario=caso.gestor
    )
    revision.aprobar_documento(
        session=session, documento=doc, expediente=caso.expediente, usuario=caso.jefe,
        sha256=doc.docx_sha256,
    )  # fmt: skip
    return doc


def test_el_envio_se_propone_con_el_borrador_y_quien_redacta_lo_cambia(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """Sin correo del patrono, el aviso se propone por mensajero; un canal o una dirección que no
    sirven se rechazan con lo que falta; solo quien puede redactar el documento elige, queda en
    la bitácora, y regenerar el borrador conserva lo elegido."""
    doc = _borrador(session, p, caso)
    numero = doc.saliente_numero or ""
    salida = salida_por_numero(session=session, numero=numero)
    assert (salida.canal, salida.correo) == ("mensajero", "")
    comunes = {"session": session, "p": p, "documento": doc, "expediente": caso.expediente}
    casos = {
        ("fax", ""): "Elija cómo se envía la carta: correo electrónico, mensajero o courier, ventanilla.",
        ("correo", "  "): "Para enviarla por correo electrónico, indique la dirección del destinatario.",
        ("correo", "pagos<at>perez.com"): "«pagos<at>perez.com» no es una dirección de correo electrónico válida.",
    }  # fmt: skip
    for (canal, correo), problema in casos.items():
        with pytest.raises(ErrorDominio) as error:
            revision.elegir_envio_del_documento(**comunes, usuario=caso.gestor, canal=canal, correo=correo)  # fmt: skip
        assert error.value.problemas == [problema]
    assert (salida.canal, salida.correo) == ("mensajero", "")
    intruso = crear_usuario_gestor(session)
    with pytest.raises(AccesoDenegado):
        revision.elegir_envio_del_documento(**comunes, usuario=intruso, canal="ventanilla", correo="")  # fmt: skip
    revision.elegir_envio_del_documento(
        **comunes, usuario=caso.gestor, canal="correo", correo=" pagos@perez-cia.com.sv "
    )
    assert (salida.canal, salida.correo) == ("correo", "pagos@perez-cia.com.sv")
    assert renglones_de(session, "saliente", salida.id)[-1].motivo == (
        "Saldrá por correo electrónico a pagos@perez-cia.com.sv"
    )
    editar_borrador(session=session, p=p, documento=doc, expediente=caso.expediente,
                    datos={**entradas_de("aviso_cobro", caso), "plazo_dias": "12"},
                    usuario=caso.gestor, hoy=HOY)  # fmt: skip
    assert (salida.canal, salida.correo) == ("correo", "pagos@perez-cia.com.sv")


def test_el_oficio_se_propone_por_correo_al_remitente_de_la_carta_que_responde(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """La respuesta va, por omisión, a la dirección desde la que escribió el patrono."""
    doc = _borrador(session, p, caso, "oficio_respuesta")
    salida = salida_por_numero(session=session, numero=doc.saliente_numero or "")
    assert (salida.canal, salida.correo) == ("correo", caso.carta.correo_remitente)
    assert caso.carta.correo_remitente


@pytest.mark.libreoffice
def test_el_envio_aprobado_es_el_que_sale_y_ya_no_cambia(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """En revisión o aprobado, el envío ya no se cambia (el jefe lo aprobó con la carta); al
    quedar final, la carta sale exactamente por ahí."""
    doc = _borrador(session, p, caso)
    comunes = {"session": session, "p": p, "documento": doc, "expediente": caso.expediente}
    revision.elegir_envio_del_documento(**comunes, usuario=caso.gestor, canal="ventanilla", correo="")  # fmt: skip
    revision.enviar_a_revision(**comunes, usuario=caso.gestor)
    assert not revision.puede_elegir_envio(caso.gestor, doc, caso.expediente)
    with pytest.raises(ErrorDominio, match="antes de enviarlo a revisión"):
        revision.elegir_envio_del_documento(**comunes, usuario=caso.gestor, canal="correo", correo="a@b.sv")  # fmt: skip
    revision.aprobar_documento(session=session, documento=doc, expediente=caso.expediente,
                               usuario=caso.jefe, sha256=doc.docx_sha256)  # fmt: skip
    with pytest.raises(ErrorDominio, match="antes de enviarlo a revisión"):
        revision.elegir_envio_del_documento(**comunes, usuario=caso.jefe, canal="correo", correo="a@b.sv")  # fmt: skip
    revision.finalizar_documento(**comunes, usuario=caso.gestor, hoy=HOY)
    salida = salida_por_numero(session=session, numero=doc.saliente_numero or "")
    assert (salida.estado, salida.canal, salida.correo) == (
        EstadoSalida.PENDIENTE,
        "ventanilla",
        "",
    )


@pytest.mark.libreoffice
def test_la_carta_final_sale_con_el_numero_que_aprobo_el_jefe(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """GIVEN un oficio aprobado WHEN queda final por correo THEN el PDF/A dice el mismo CS que
    el `.docx` aprobado, la salida queda «por enviar» a esa dirección y la carta, respondida."""
    doc = _borrador(session, p, caso, "oficio_respuesta")
    revision.elegir_envio_del_documento(
        session=session, p=p, documento=doc, expediente=caso.expediente, usuario=caso.gestor,
        canal="correo", correo=" gerencia@perez-cia.com.sv ",
    )  # fmt: skip
    doc = _aprobado(session, p, caso, doc)
    numero, aprobado = doc.saliente_numero, doc.aprobado_sha256
    revision.finalizar_documento(
        session=session, p=p, documento=doc, expediente=caso.expediente, usuario=caso.gestor,
        hoy=HOY,
    )  # fmt: skip
    assert doc.saliente_numero == numero and doc.docx_sha256 == aprobado
    pdf = p.almacen.leer(doc.pdf_sha256 or "")
    assert verificar_pdf(pdf, textos=[f"Correspondencia de salida {numero}"]) == []
    salida = salida_por_numero(session=session, numero=numero or "")
    assert (salida.estado, salida.canal, salida.correo, salida.emitida_el) == (
        EstadoSalida.PENDIENTE,
        "correo",
        "gerencia@perez-cia.com.sv",
        HOY,
    )
    assert salida.pdf_sha256 == doc.pdf_sha256
    session.refresh(caso.carta)
    assert caso.carta.estado == "respondida"


def test_el_oficio_de_solicitud_pide_para_una_fecha_y_su_salida_espera_respuesta(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """El oficio dice su número CS, lo que pide y la fecha límite en días hábiles; su carta
    saliente guarda esa fecha: espera respuesta."""
    doc = _borrador(session, p, caso, "oficio_solicitud")
    texto = _texto_docx(p, doc.docx_sha256)
    # 10 días hábiles desde el lunes 30 de noviembre de 2026: el lunes 14 de diciembre.
    assert "a más tardar el 14 de diciembre de 2026" in texto
    assert f"citando en su respuesta nuestra referencia {doc.saliente_numero}" in texto
    salida = salida_por_numero(session=session, numero=doc.saliente_numero or "")
    assert salida.vence_el == date(2026, 12, 14)
    assert salida.destinatario == "Jefe de la Sección de Afiliación «Ñ» & <Planillas>"
    aviso = _borrador(session, p, caso)
    assert salida_por_numero(session=session, numero=aviso.saliente_numero or "").vence_el is None
    # Su plazo va impreso: no se cambia desde el envío, sino editando el documento.
    with pytest.raises(ErrorDominio) as impreso:
        revision.elegir_envio_del_documento(
            session=session, p=p, documento=doc, expediente=caso.expediente, usuario=caso.gestor,
            canal="mensajero", correo="", plazo_respuesta="5",
        )  # fmt: skip
    assert impreso.value.problemas == [
        "Su plazo de respuesta va impreso en la carta: cámbielo editando el documento."
    ]


@pytest.mark.libreoffice
def test_cualquier_carta_puede_esperar_respuesta_en_dias_habiles_desde_que_sale(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """Quien redacta un aviso pide respuesta en 3 días hábiles: no va impreso; la fecha se
    cuenta desde que la carta queda final (viernes 4 de diciembre de 2026 → miércoles 9) y la
    carta entra en las solicitudes que esperan respuesta."""
    doc = _borrador(session, p, caso)
    comunes = {"session": session, "p": p, "documento": doc, "expediente": caso.expediente}
    for plazo, problema in (("tres", "no es un número de días hábiles"), ("91", "de 1 a 90 días")):
        with pytest.raises(ErrorDominio) as error:
            revision.elegir_envio_del_documento(**comunes, usuario=caso.gestor, canal="mensajero",
                                                correo="", plazo_respuesta=plazo)  # fmt: skip
        assert problema in error.value.problemas[0]
    revision.elegir_envio_del_documento(**comunes, usuario=caso.gestor, canal="mensajero",
                                        correo="", plazo_respuesta=" 3 ")  # fmt: skip
    salida = salida_por_numero(session=session, numero=doc.saliente_numero or "")
    assert (salida.plazo_respuesta_dias, salida.vence_el) == (3, None)
    doc = _aprobado(session, p, caso, doc)
    revision.finalizar_documento(**comunes, usuario=caso.gestor, hoy=date(2026, 12, 4))
    assert salida.vence_el == date(2026, 12, 9)
    esperan = solicitudes_sin_respuesta(session=session, hoy=date(2026, 12, 10))
    assert [s.numero for s, _ in esperan] == [salida.numero]


def crear_usuario_gestor(session: Session) -> object:
    """Un gestor que no tiene el expediente del caso."""
    return crear_usuario(
        session=session, nombre_usuario="otro.gestor", nombre_completo="Otro Gestor Ñúñez",
        rol="gestor", contrasena="Contraseña-larga-2026!",
    )  # fmt: skip
