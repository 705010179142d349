"""Registro de una carta: número, datos decodificados, bytes en el almacén, adjuntos, plazo."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from archivo import Almacen
from correspondencia.modelos import Adjunto, Correspondencia
from correspondencia.registro import OrigenCarta, minimo, preparar_correo, registrar_carta
from correspondencia.reglas import ReglasDePlazo
from expedientes import ZONA_LOCAL, ahora
from tests.correspondencia import corpus
from tests.correspondencia.conftest import LUNES, HacerCarta
from tests.expedientes.datos import renglones_de


def _adjuntos(session: Session, carta: Correspondencia) -> list[Adjunto]:
    return list(
        session.exec(
            select(Adjunto)
            .where(Adjunto.correspondencia_id == carta.id)
            .order_by(col(Adjunto.orden))
        ).all()
    )


def _registrar_caso(
    session: Session, almacen: Almacen, reglas: ReglasDePlazo, caso: str
) -> Correspondencia:
    """Registra un caso del corpus como si llegara por la carpeta de entrada (`<caso>.eml`)."""
    return registrar_carta(
        session=session,
        preparado=preparar_correo(corpus.TODOS[caso], almacen=almacen),
        origen=OrigenCarta("carpeta", nombre_archivo=f"{caso}.eml"),
        recibido_en=LUNES,
        reglas=reglas,
    )


def test_los_numeros_son_correlativos_del_anio_con_seis_cifras(hacer_carta: HacerCarta) -> None:
    """CE-AAAA-000001, 000002…: el año es el del registro."""
    anio = ahora().astimezone(ZONA_LOCAL).year
    numeros = [hacer_carta(asunto=f"Carta {i}", cuerpo="x").numero for i in range(3)]
    assert numeros == [f"CE-{anio}-{n:06d}" for n in (1, 2, 3)]


def test_guarda_lo_decodificado_y_el_original_intacto_en_el_almacen(
    session: Session, almacen: Almacen, hacer_carta: HacerCarta
) -> None:
    """Asunto, remitente y cuerpo con acentos, &, <, comillas y {{ }} vuelven exactos."""
    asunto = 'Solicitud "urgente" <prórroga> & {{ patrono.razon_social }}'
    remitente = "Panadería Ñandú & Hijos <ventas@nandu.com.sv>"
    cuerpo = "Señores:\n{% for x in y %} «pagaremos» el 30/11 & después.\n"
    carta = hacer_carta(asunto=asunto, cuerpo=cuerpo, remitente=remitente)
    guardada = session.get(Correspondencia, carta.id)
    assert guardada is not None
    assert guardada.asunto == asunto
    assert guardada.remitente == remitente
    assert guardada.correo_remitente == "ventas@nandu.com.sv"
    assert guardada.texto.replace("\r\n", "\n").strip() == cuerpo.strip()
    original = almacen.leer(guardada.sha256)
    assert corpus.mensaje(asunto=asunto, cuerpo=cuerpo, remitente=remitente) != b""
    assert guardada.bytes == len(original)
    assert b"Subject:" in original


def test_cada_adjunto_se_guarda_por_sha256_con_su_nombre_solo_como_dato(
    session: Session, almacen: Almacen, reglas: ReglasDePlazo
) -> None:
    """Nombres hostiles (`../../x`) se conservan como dato; el archivo vive bajo su sha256."""
    carta = _registrar_caso(session, almacen, reglas, "adjunto_nombre_hostil")
    adjuntos = _adjuntos(session, carta)
    assert "../../x" in [a.nombre for a in adjuntos]
    for a in adjuntos:
        assert almacen.ruta(a.sha256).name == a.sha256
        assert len(almacen.leer(a.sha256)) == a.bytes
        assert "\x00" not in a.nombre and "\n" not in a.nombre


def test_los_adjuntos_de_mensajes_reenviados_anidados_cuentan(
    session: Session, almacen: Almacen, reglas: ReglasDePlazo
) -> None:
    """El PDF dentro de un message/rfc822 dentro de otro queda como adjunto de la carta."""
    carta = _registrar_caso(session, almacen, reglas, "reenviado_anidado")
    tipos = [a.tipo_mime for a in _adjuntos(session, carta)]
    assert "application/pdf" in tipos
    assert len(tipos) >= 2


def test_el_mismo_adjunto_en_dos_cartas_se_guarda_una_vez(
    session: Session, almacen: Almacen, hacer_carta: HacerCarta
) -> None:
    """Contenido igual, mismo sha256, un solo archivo en el almacén."""
    pdf = corpus.pdf_minimo("Resolución Nº 12")
    a = hacer_carta(asunto="Uno", cuerpo="1", adjuntos=[("r.pdf", "application/pdf", pdf)])
    b = hacer_carta(asunto="Dos", cuerpo="2", adjuntos=[("otra.pdf", "application/pdf", pdf)])
    sha_a, sha_b = _adjuntos(session, a)[0].sha256, _adjuntos(session, b)[0].sha256
    assert sha_a == sha_b
    assert len([p for p in almacen.raiz.rglob(sha_a)]) == 1


def test_el_plazo_son_dias_habiles_desde_el_dia_siguiente_y_depende_del_tipo(
    hacer_carta: HacerCarta,
) -> None:
    """Lunes 16/11/2026: 10 días hábiles → lunes 30/11; Unidad Jurídica (5) → lunes 23/11."""
    general = hacer_carta(asunto="a", cuerpo="a")
    juridica = hacer_carta(asunto="b", cuerpo="b", tipo="unidad_juridica")
    assert general.vence_el == date(2026, 11, 30)
    assert juridica.vence_el == date(2026, 11, 23)


def test_la_recepcion_de_noche_cuenta_en_hora_de_el_salvador(hacer_carta: HacerCarta) -> None:
    """Las 03:00 UTC del martes son las 21:00 del lunes en El Salvador: cuenta desde el lunes."""
    carta = hacer_carta(asunto="n", cuerpo="n", recibido_en=datetime(2026, 11, 17, 3, tzinfo=UTC))
    assert carta.vence_el == date(2026, 11, 30)


@pytest.mark.parametrize("caso", ["rebote_dsn", "respuesta_automatica"])
def test_los_mensajes_automaticos_no_tienen_plazo(
    session: Session, almacen: Almacen, reglas: ReglasDePlazo, caso: str
) -> None:
    """Rebotes y respuestas automáticas: registrados, marcados automáticos, sin vencimiento."""
    carta = _registrar_caso(session, almacen, reglas, caso)
    assert carta.automatico is True
    assert carta.motivo_automatico
    assert carta.vence_el is None


@pytest.mark.parametrize("caso", ["multipart_roto", "charset_desconocido", "base64_invalido"])
def test_los_problemas_de_analisis_quedan_como_advertencias(
    session: Session, almacen: Almacen, reglas: ReglasDePlazo, caso: str
) -> None:
    """Un mensaje roto se registra igual, con advertencias, y sus bytes originales intactos."""
    carta = _registrar_caso(session, almacen, reglas, caso)
    assert carta.advertencias
    assert almacen.leer(carta.sha256) == corpus.TODOS[caso]


def test_el_mismo_contenido_de_la_carpeta_no_se_registra_dos_veces(
    session: Session, almacen: Almacen, reglas: ReglasDePlazo
) -> None:
    """La base lo impide aunque un error del código lo intentara (índice único por contenido)."""
    prep = preparar_correo(corpus.TODOS["plano_utf8"], almacen=almacen)
    origen = OrigenCarta("carpeta", nombre_archivo="a.eml")
    registrar_carta(
        session=session, preparado=prep, origen=origen, recibido_en=LUNES, reglas=reglas
    )
    with pytest.raises(IntegrityError):
        registrar_carta(
            session=session, preparado=prep, origen=origen, recibido_en=LUNES, reglas=reglas
        )


def test_el_mismo_uid_imap_no_se_registra_dos_veces(
    session: Session, almacen: Almacen, reglas: ReglasDePlazo
) -> None:
    """(buzón, carpeta, UIDVALIDITY, UID) es único en la base."""
    from correspondencia.modelos import Buzon

    buzon = Buzon(nombre="Recepción", host="127.0.0.1", puerto=143, usuario="r", seguridad="tls")
    session.add(buzon)
    session.flush()
    a = preparar_correo(corpus.TODOS["mismo_message_id_a"], almacen=almacen)
    b = preparar_correo(corpus.TODOS["mismo_message_id_b"], almacen=almacen)
    origen = OrigenCarta("imap", buzon.id, "INBOX", 7, 1)
    registrar_carta(session=session, preparado=a, origen=origen, recibido_en=LUNES, reglas=reglas)
    with pytest.raises(IntegrityError):
        registrar_carta(
            session=session, preparado=b, origen=origen, recibido_en=LUNES, reglas=reglas
        )


def test_el_mismo_message_id_con_otro_contenido_son_dos_registros(
    session: Session, almacen: Almacen, reglas: ReglasDePlazo
) -> None:
    """Message-ID no es clave: dos contenidos distintos con el mismo ID se registran ambos."""
    cartas = [
        _registrar_caso(session, almacen, reglas, caso)
        for caso in ("mismo_message_id_a", "mismo_message_id_b")
    ]
    assert cartas[0].message_id == cartas[1].message_id is not None
    assert cartas[0].numero != cartas[1].numero


def test_el_registro_minimo_conserva_los_bytes_y_explica_el_problema(
    session: Session, almacen: Almacen, reglas: ReglasDePlazo
) -> None:
    """Si lo analizado no se pudiera guardar, queda la carta con su original y la advertencia."""
    prep = preparar_correo(corpus.TODOS["plano_utf8"], almacen=almacen)
    carta = registrar_carta(
        session=session,
        preparado=minimo(prep, ValueError("prueba")),
        origen=OrigenCarta("carpeta", nombre_archivo="m.eml"),
        recibido_en=LUNES,
        reglas=reglas,
    )
    assert carta.sha256 == prep.sha256
    assert any("No se pudo guardar lo analizado" in a for a in carta.advertencias)
    assert almacen.leer(carta.sha256) == corpus.TODOS["plano_utf8"]


def test_registrar_deja_renglon_en_la_bitacora_sin_el_cuerpo(
    session: Session, hacer_carta: HacerCarta
) -> None:
    """La creación y su vínculo quedan auditados; el cuerpo (texto) no se copia a la bitácora."""
    carta = hacer_carta(asunto="Auditada", cuerpo="cuerpo largo " * 100)
    renglones = renglones_de(session, "correspondencia", carta.id)
    assert [r.accion for r in renglones] == ["crear"]
    despues = renglones[0].despues or {}
    assert despues["numero"] == carta.numero
    assert "texto" not in despues
    assert despues["vinculo_motivo"] == ""


def test_la_bitacora_nombra_la_carta_por_su_numero(
    session: Session, hacer_carta: HacerCarta
) -> None:
    """En la bitácora del jefe se lee «Carta CE-…», no un identificador interno."""
    from expedientes import FiltrosBitacora, consultar_bitacora, entidades_auditadas

    carta = hacer_carta(asunto="Con nombre", cuerpo="x")
    filas = consultar_bitacora(session=session, filtros=FiltrosBitacora(entidad="correspondencia"))
    assert [r.que for r in filas] == [f"Carta {carta.numero}"]
    assert entidades_auditadas()["correspondencia"] == "Carta"
