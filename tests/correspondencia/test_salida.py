"""El registro de salida: el ciclo de una carta saliente y la correspondencia enviada con sus
filtros, el alcance de un gestor y sus datos planos."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlmodel import Session

from archivo import Almacen, cargar_requisitos, documentos_de
from correspondencia import (
    CICLO_SALIDA,
    DatosSalida,
    Envio,
    EstadoSalida,
    FiltrosSalida,
    Saliente,
    acciones_sobre_salida,
    anotar_salida,
    anular_salida,
    correo_propuesto,
    decidir_salida,
    emitir_salida,
    listar_salidas,
    planilla_de_envio,
    puede_registrar_entrega,
    registrar_devolucion,
    registrar_entrega,
    registrar_saliente,
    reservar_numero,
    responder_a_mano,
    salida_como_dict,
    salidas_por_atender,
    solicitudes_sin_respuesta,
)
from expedientes import (
    ZONA_LOCAL,
    AccesoDenegado,
    ErrorDominio,
    Expediente,
    TransicionNoPermitida,
    abrir_expediente,
)
from tests.correspondencia.conftest import HacerCarta
from tests.correspondencia.corpus import pdf_minimo
from tests.expedientes.datos import HacerPatrono, HacerUsuario, renglones_de

HOY = date(2026, 11, 16)
DOMINIO = "isss.gob.sv"


def _expediente(session: Session, hacer_patrono: HacerPatrono, gestor: object) -> Expediente:
    hacer_patrono(correo="pagos@perez-cia.com.sv")
    return abrir_expediente(
        session=session, numero_patronal="310145678", tipo="cobro", hoy=HOY, gestor=gestor
    )


def _salida(session: Session, expediente: Expediente | None, envio: Envio, **cambios: object):
    datos = {"asunto": "Aviso de cobro «diciembre»", "destinatario": "Pérez & Cía <S.A.>"}
    datos.update(cambios)  # type: ignore[arg-type]
    return registrar_saliente(
        session=session, emitida_el=HOY, dominio_correo=DOMINIO, envio=envio,
        expediente=expediente, **datos,  # type: ignore[arg-type]
    )  # fmt: skip


def test_una_reserva_sin_documento_final_se_anula_con_motivo_y_queda_en_la_bitacora(
    session: Session,
) -> None:
    """Reservada → anulada exige motivo; el número queda usado y el siguiente es otro."""
    numero = reservar_numero(session=session, anio=2026)
    datos = DatosSalida(numero, "DRP-2026-000007", "Aviso", "Pérez & Cía", HOY, None, None, None)
    salida = anotar_salida(session=session, datos=datos, dominio_correo=DOMINIO)
    with pytest.raises(TransicionNoPermitida, match="requiere un motivo"):
        anular_salida(session=session, numero=numero, motivo="  ")
    anular_salida(session=session, numero=numero, motivo='Se redactó "dos veces" & <mal>')
    session.flush()
    assert (salida.estado, salida.motivo) == ("anulada", 'Se redactó "dos veces" & <mal>')
    assert renglones_de(session, "saliente", salida.id)[-1].motivo == (
        'Se redactó "dos veces" & <mal>'
    )
    assert reservar_numero(session=session, anio=2026) == "CS-2026-000002"


def test_una_salida_emitida_ya_no_se_vuelve_a_redactar(session: Session) -> None:
    """Anotar otra vez una carta que ya salió es un error, no un cambio silencioso."""
    salida = _salida(session, None, Envio("ventanilla"))
    datos = DatosSalida(salida.numero, "DRP-2026-000001", "Otro", "Otro", HOY, None, None, None)
    with pytest.raises(ErrorDominio, match="ya no está en redacción"):
        anotar_salida(session=session, datos=datos, dominio_correo=DOMINIO)
    assert salida.asunto == "Aviso de cobro «diciembre»"


def test_el_ciclo_solo_admite_los_pasos_de_un_envio() -> None:
    """Una carta entregada no vuelve atrás; una devuelta se reenvía explicando por qué."""
    assert CICLO_SALIDA.siguientes("entregada") == []
    assert not CICLO_SALIDA.permite("reservada", "enviada")
    assert CICLO_SALIDA.requiere_motivo("devuelta", "pendiente")
    assert CICLO_SALIDA.requiere_motivo("incierto", "enviada")
    assert [e.value for e in CICLO_SALIDA.siguientes("enviando")] == [
        "error",
        "incierto",
        "enviada",
    ]


def test_la_correspondencia_enviada_se_filtra_por_estado_canal_y_numero_tolerante(
    session: Session, hacer_patrono: HacerPatrono, hacer_usuario: HacerUsuario
) -> None:
    """El número CS se encuentra con o sin guiones ni ceros; el texto busca en destinatario,
    asunto y correo; estado y canal filtran."""
    exp = _expediente(session, hacer_patrono, hacer_usuario("gestor1", "gestor"))
    por_correo = _salida(session, exp, Envio("correo", "pagos@perez-cia.com.sv"))
    por_mensajero = _salida(session, exp, Envio("mensajero"), destinatario="Ministerio de Hacienda")

    def numeros(**filtros: object) -> list[str]:
        filas = listar_salidas(session=session, filtros=FiltrosSalida(**filtros))  # type: ignore[arg-type]
        return [f.saliente.numero for f in filas]

    assert numeros() == [por_mensajero.numero, por_correo.numero]
    assert numeros(canal="correo") == [por_correo.numero]
    assert numeros(estado="pendiente", canal="mensajero") == [por_mensajero.numero]
    assert numeros(texto="cs2026-2") == [por_mensajero.numero]
    assert numeros(texto="CS-2026-000001") == [por_correo.numero]
    assert numeros(texto="hacienda") == [por_mensajero.numero]
    assert numeros(texto="PAGOS@PEREZ") == [por_correo.numero]
    assert numeros(estado="entregada") == []
    with pytest.raises(ErrorDominio) as malo:
        numeros(estado="perdida", canal="paloma")
    assert len(malo.value.problemas) == 2 and "«paloma»" in malo.value.problemas[1]


def test_un_gestor_ve_las_salidas_de_sus_expedientes_y_las_que_redacto(
    session: Session, hacer_patrono: HacerPatrono, hacer_usuario: HacerUsuario
) -> None:
    """El alcance `solo_de` es el de la bandeja: sus expedientes, y lo que él mismo redactó."""
    suyo, otro = hacer_usuario("gestor1", "gestor"), hacer_usuario("gestor2", "gestor")
    exp = _expediente(session, hacer_patrono, suyo)
    del_expediente = _salida(session, exp, Envio("ventanilla"))
    redactada = _salida(session, None, Envio("ventanilla"), autor_id=otro.id)
    ajena = _salida(session, None, Envio("ventanilla"))
    alcance = {
        u.nombre_usuario: [
            f.saliente.numero
            for f in listar_salidas(session=session, filtros=FiltrosSalida(solo_de=u.id))
        ]
        for u in (suyo, otro)
    }
    assert alcance == {"gestor1": [del_expediente.numero], "gestor2": [redactada.numero]}
    assert ajena.numero not in alcance["gestor1"] + alcance["gestor2"]


def test_los_datos_planos_de_una_salida_que_responde_a_una_carta(
    session: Session, hacer_carta: HacerCarta, hacer_patrono: HacerPatrono,
    hacer_usuario: HacerUsuario,
) -> None:  # fmt: skip
    """Lo que `correspondencia outbox --json` entrega: número, documento, expediente, destino,
    canal, estado, Message-ID e In-Reply-To (el Message-ID de la carta que responde)."""
    exp = _expediente(session, hacer_patrono, hacer_usuario("gestor1", "gestor"))
    carta = hacer_carta(asunto=f"Solicitud {exp.numero}", cuerpo="Pedimos constancia & detalle")
    _salida(
        session, None, Envio("correo", "contador@perez-cia.com.sv"), responde_a=carta,
        documento="DRP-2026-000003",
    )  # fmt: skip
    fila = listar_salidas(session=session, filtros=FiltrosSalida())[0]
    assert salida_como_dict(fila) == {
        "numero": "CS-2026-000001",
        "documento": "DRP-2026-000003",
        "expediente": exp.numero,
        "destinatario": "Pérez & Cía <S.A.>",
        "asunto": "Aviso de cobro «diciembre»",
        "correo": "contador@perez-cia.com.sv",
        "canal": "correo",
        "estado": "pendiente",
        "message_id": f"CS-2026-000001@{DOMINIO}",
        "in_reply_to": carta.message_id,
        "emitida_el": "2026-11-16",
        "enviado_en": None,
        "entregado_en": None,
        "responde_a": carta.numero,
        "motivo": None,
    }
    assert carta.message_id and carta.estado == "respondida"


def test_el_correo_propuesto_es_el_del_remitente_y_si_no_el_del_patrono(
    session: Session, hacer_carta: HacerCarta, hacer_patrono: HacerPatrono,
    hacer_usuario: HacerUsuario,
) -> None:  # fmt: skip
    """Se propone responder a quien escribió; sin carta, al correo del patrono."""
    exp = _expediente(session, hacer_patrono, hacer_usuario("gestor1", "gestor"))
    carta = hacer_carta(
        asunto=exp.numero, cuerpo="Consulta", remitente="Ana <ana@perez-cia.com.sv>"
    )
    numero = reservar_numero(session=session, anio=2026)
    respuesta = anotar_salida(
        session=session,
        datos=DatosSalida(
            numero, "DRP-2026-000001", "Resp.", "Ana", HOY, exp.id, carta.numero, None
        ),
        dominio_correo=DOMINIO,
    )
    assert correo_propuesto(session=session, saliente=respuesta) == "ana@perez-cia.com.sv"
    otro = reservar_numero(session=session, anio=2026)
    aviso = anotar_salida(
        session=session,
        datos=DatosSalida(otro, "DRP-2026-000002", "Aviso", "Pérez", HOY, exp.id, None, None),
        dominio_correo=DOMINIO,
    )
    assert correo_propuesto(session=session, saliente=aviso) == "pagos@perez-cia.com.sv"


def _en_estado(session: Session, exp: Expediente, estado: EstadoSalida) -> Saliente:
    salida = _salida(session, exp, Envio("correo", "pagos@perez-cia.com.sv"))
    salida.estado = estado
    session.add(salida)
    session.flush()
    return salida


def test_una_carta_incierta_se_confirma_con_motivo_solo_por_su_gestor_o_el_jefe(
    session: Session, hacer_patrono: HacerPatrono, hacer_usuario: HacerUsuario
) -> None:
    """Confirmar que salió pide el porqué; otro gestor y la secretaria no deciden."""
    gestor, otro = hacer_usuario("gestor1", "gestor"), hacer_usuario("gestor2", "gestor")
    secretaria, jefe = hacer_usuario("sec", "secretaria"), hacer_usuario("jefe", "jefe")
    exp = _expediente(session, hacer_patrono, gestor)
    salida = _en_estado(session, exp, EstadoSalida.INCIERTO)
    assert acciones_sobre_salida(gestor, salida, exp) == ["confirmar", "reenviar"]
    assert acciones_sobre_salida(jefe, salida, exp) == ["confirmar", "reenviar"]
    for ajeno in (otro, secretaria):
        assert acciones_sobre_salida(ajeno, salida, exp) == []
        with pytest.raises(AccesoDenegado):
            decidir_salida(session=session, saliente=salida, expediente=exp, usuario=ajeno,
                           accion="confirmar", motivo="Lo vi")  # fmt: skip
    with pytest.raises(ErrorDominio) as sin_motivo:
        decidir_salida(session=session, saliente=salida, expediente=exp, usuario=gestor,
                       accion="confirmar", motivo="  ")  # fmt: skip
    assert "Indique el motivo" in sin_motivo.value.texto_completo()
    motivo = 'La copia está en el servidor "viejo" & el patrono acusó recibo <sí>'
    decidir_salida(session=session, saliente=salida, expediente=exp, usuario=gestor,
                   accion="confirmar", motivo=motivo)  # fmt: skip
    assert (salida.estado, salida.motivo) == ("enviada", motivo)
    assert salida.enviado_en is not None
    assert renglones_de(session, "saliente", salida.id)[-1].motivo == motivo


def test_una_carta_rebotada_se_reenvia_a_otra_direccion_o_por_mensajero(
    session: Session, hacer_patrono: HacerPatrono, hacer_usuario: HacerUsuario
) -> None:
    """Reenviar la vuelve a la cola con la dirección corregida; una dirección inválida o el
    estado equivocado se dicen todos juntos y no cambian nada."""
    gestor = hacer_usuario("gestor1", "gestor")
    exp = _expediente(session, hacer_patrono, gestor)
    salida = _en_estado(session, exp, EstadoSalida.REBOTADA)
    with pytest.raises(ErrorDominio) as malo:
        decidir_salida(session=session, saliente=salida, expediente=exp, usuario=gestor,
                       accion="reenviar", motivo="", envio=Envio("correo", "sin-arroba"))  # fmt: skip
    assert len(malo.value.problemas) == 2 and salida.estado == "rebotada"
    decidir_salida(
        session=session, saliente=salida, expediente=exp, usuario=gestor, accion="reenviar",
        motivo="El buzón cambió: nos dio otro por teléfono",
        envio=Envio("correo", "tesoreria@perez-cia.com.sv"),
    )  # fmt: skip
    assert (salida.estado, salida.correo, salida.ultimo_error) == (
        "pendiente",
        "tesoreria@perez-cia.com.sv",
        "",
    )
    assert salida.proximo_intento_en is not None
    otra = _en_estado(session, exp, EstadoSalida.ERROR)
    otra.intentos = 8  # agotó sus intentos: una persona la reenvía con intentos nuevos
    decidir_salida(session=session, saliente=otra, expediente=exp, usuario=gestor,
                   accion="reenviar", motivo="", envio=Envio("mensajero"))  # fmt: skip
    assert (otra.estado, otra.canal, otra.correo, otra.proximo_intento_en, otra.intentos) == (
        "pendiente",
        "mensajero",
        "",
        None,
        0,
    )
    with pytest.raises(ErrorDominio, match="no se puede en el estado actual"):
        decidir_salida(session=session, saliente=otra, expediente=exp, usuario=gestor,
                       accion="confirmar", motivo="x")  # fmt: skip


def test_la_planilla_de_envio_lista_las_cartas_por_mensajero_y_las_deja_enviadas(
    session: Session, hacer_patrono: HacerPatrono, hacer_usuario: HacerUsuario
) -> None:
    """Dos cartas por mensajero y una por correo: la planilla lleva las dos (número, destinatario,
    dirección, expediente, firma y una etiqueta con código por sobre) y las deja enviadas; una
    segunda planilla no tiene nada que llevar."""
    exp = _expediente(session, hacer_patrono, hacer_usuario("gestor1", "gestor"))
    a = _salida(session, exp, Envio("mensajero"), destinatario='Pérez & Cía "La Esperanza"')
    b = _salida(session, exp, Envio("mensajero"), destinatario="Ministerio de Hacienda")
    correo = _salida(session, exp, Envio("correo", "pagos@perez-cia.com.sv"))
    hecha = planilla_de_envio(session=session, hoy=HOY)
    assert hecha.numeros == [a.numero, b.numero]
    texto = " ".join(p.extract_text() or "" for p in PdfReader(BytesIO(hecha.pdf)).pages)
    assert "Planilla de envío" in texto and 'Pérez & Cía "La Esperanza"' in texto
    assert "Calle Arce #1234" in texto and exp.numero in texto and "Recibió (mensajero)" in texto
    assert texto.count(a.numero) >= 2  # en la lista y en su etiqueta
    assert (a.estado, b.estado, correo.estado) == ("enviada", "enviada", "pendiente")
    assert renglones_de(session, "saliente", a.id)[-1].motivo.startswith(
        "Entregada al mensajero en la planilla del 16 de noviembre de 2026"
    )
    with pytest.raises(ErrorDominio, match="No hay cartas por mensajero"):
        planilla_de_envio(session=session, hoy=HOY)


def test_el_acuse_firmado_deja_la_carta_entregada_y_en_el_expediente(
    session: Session, almacen: Almacen, hacer_patrono: HacerPatrono, hacer_usuario: HacerUsuario
) -> None:
    """Sin escaneo y con fecha futura, los dos problemas juntos; con el acuse, entregada en su
    fecha, el acuse guardado por su huella y archivado en el expediente como correspondencia."""
    secretaria = hacer_usuario("sec", "secretaria")
    exp = _expediente(session, hacer_patrono, hacer_usuario("gestor1", "gestor"))
    salida = _salida(session, exp, Envio("mensajero"))
    planilla_de_envio(session=session, hoy=HOY)
    comunes = {"session": session, "almacen": almacen, "requisitos": cargar_requisitos(),
               "saliente": salida, "expediente": exp, "usuario": secretaria, "hoy": HOY}  # fmt: skip
    with pytest.raises(ErrorDominio) as malo:
        registrar_entrega(**comunes, escaneo=b"", nombre_archivo="", entregada_el=date(2026, 12, 1))
    assert len(malo.value.problemas) == 2 and salida.estado == "enviada"
    acuse = pdf_minimo("Recibido: Pérez & Cía, firma ilegible <sello>")
    with pytest.raises(ErrorDominio, match="Indique la fecha de entrega"):
        registrar_entrega(**comunes, escaneo=acuse, nombre_archivo="acuse.pdf", entregada_el=None)
    registrar_entrega(**comunes, escaneo=acuse, nombre_archivo="acuse.pdf",
                      entregada_el=date(2026, 11, 16))  # fmt: skip
    assert salida.estado == "entregada" and salida.entregado_en is not None
    assert salida.entregado_en.astimezone(ZONA_LOCAL).date() == date(2026, 11, 16)
    assert almacen.leer(salida.acuse_sha256 or "") == acuse
    (archivado,) = documentos_de(session=session, expediente_id=exp.id or 0)
    assert archivado.titulo == f"Acuse de recibo de {salida.numero}"
    assert archivado.tipo == "correspondencia" and archivado.sha256 == salida.acuse_sha256


def test_una_carta_devuelta_pide_el_motivo_y_espera_a_su_gestor(
    session: Session, hacer_patrono: HacerPatrono, hacer_usuario: HacerUsuario
) -> None:
    """Devuelta solo si salió y con el porqué; queda en lo que espera al gestor del expediente.
    Una carta por correo no se entrega en papel."""
    gestor, sec = hacer_usuario("gestor1", "gestor"), hacer_usuario("sec", "secretaria")
    exp = _expediente(session, hacer_patrono, gestor)
    salida = _salida(session, exp, Envio("mensajero"))
    with pytest.raises(ErrorDominio, match="devolución") as antes:
        registrar_devolucion(session=session, saliente=salida, expediente=exp, usuario=sec,
                             motivo="")  # fmt: skip
    assert len(antes.value.problemas) == 2  # sin motivo y aún no salió
    planilla_de_envio(session=session, hoy=HOY)
    registrar_devolucion(session=session, saliente=salida, expediente=exp, usuario=sec,
                         motivo="Dirección inexistente: «Calle Arce #1234» no existe")  # fmt: skip
    assert (salida.estado, salida.motivo) == (
        "devuelta",
        "Dirección inexistente: «Calle Arce #1234» no existe",
    )
    assert [r.saliente.numero for r in salidas_por_atender(session=session, solo_de=gestor.id)] == [
        salida.numero
    ]
    por_correo = _salida(session, exp, Envio("correo", "pagos@perez-cia.com.sv"))
    assert not puede_registrar_entrega(sec, por_correo, exp)


def _solicitud(
    session: Session, exp: Expediente, vence_el: date, documento: str = "DRP-2026-000009"
) -> Saliente:
    numero = reservar_numero(session=session, anio=2026)
    datos = DatosSalida(numero, documento, "Planillas de 2025", "Sección de Afiliación",
                        HOY, exp.id, None, None, vence_el)  # fmt: skip
    anotar_salida(session=session, datos=datos, dominio_correo=DOMINIO)
    return emitir_salida(session=session, numero=numero, envio=Envio("mensajero"), emitida_el=HOY)


def test_la_respuesta_que_cita_la_solicitud_la_cierra_y_la_vencida_espera(
    session: Session, hacer_carta: HacerCarta, hacer_patrono: HacerPatrono,
    hacer_usuario: HacerUsuario,
) -> None:  # fmt: skip
    """Una solicitud vencida aparece entre las sin respuesta de su gestor; un rebote que la cita
    no la cierra; la carta de una persona que cita su número sin guiones, sí."""
    gestor = hacer_usuario("gestor1", "gestor")
    exp = _expediente(session, hacer_patrono, gestor)
    solicitud = _solicitud(session, exp, date(2026, 11, 20))
    otra = _solicitud(session, exp, date(2026, 12, 15))
    hoy = date(2026, 11, 25)
    vencidas = solicitudes_sin_respuesta(session=session, hoy=hoy, solo_de=gestor.id)
    assert [s.numero for s, _ in vencidas] == [solicitud.numero]
    assert solicitudes_sin_respuesta(session=session, hoy=hoy, solo_de=gestor.id + 1) == []
    sin_guiones = solicitud.numero.replace("-", "")
    hacer_carta(
        asunto=f"No entregado: {sin_guiones}", cuerpo="Rebote", remitente=("", "MAILER-DAEMON@x.sv")
    )
    assert solicitud.respondida_por_id is None
    respuesta = hacer_carta(asunto=f"Respuesta a su oficio {sin_guiones}",
                            cuerpo="Adjuntamos las planillas «2025» & <anexos>.")  # fmt: skip
    assert (solicitud.respondida_por_id, otra.respondida_por_id) == (respuesta.id, None)
    assert solicitudes_sin_respuesta(session=session, hoy=hoy, solo_de=gestor.id) == []


def test_la_carta_que_cita_el_drp_de_nuestra_solicitud_se_une_al_expediente_y_la_cierra(
    session: Session, hacer_carta: HacerCarta, hacer_patrono: HacerPatrono,
    hacer_usuario: HacerUsuario,
) -> None:  # fmt: skip
    """La otra referencia impresa en la carta, la del documento (`DRP-`), escrita como llega: en
    minúsculas, con espacios y sin ceros; solo cierra la solicitud de ese documento."""
    exp = _expediente(session, hacer_patrono, hacer_usuario("gestor1", "gestor"))
    solicitud = _solicitud(session, exp, date(2026, 11, 30), "DRP-2026-000017")
    otra = _solicitud(session, exp, date(2026, 11, 30), "DRP-2026-000018")
    respuesta = hacer_carta(asunto="Respuesta «planillas» & <anexos>",
                            cuerpo="En atención a su referencia drp 2026 17 remitimos lo pedido.")  # fmt: skip
    assert (respuesta.expediente_id, respuesta.patrono_id) == (exp.id, exp.patrono_id)
    assert respuesta.vinculo_motivo == (
        f"Vinculada porque cita nuestra {solicitud.numero} por su documento DRP-2026-000017"
    )
    assert (solicitud.respondida_por_id, otra.respondida_por_id) == (respuesta.id, None)
    encontradas = listar_salidas(session=session, filtros=FiltrosSalida(texto="DRP2026000018"))
    assert [r.saliente.numero for r in encontradas] == [otra.numero]


def test_una_respuesta_que_no_la_cita_se_vincula_a_mano_con_una_carta_del_expediente(
    session: Session, hacer_carta: HacerCarta, hacer_patrono: HacerPatrono,
    hacer_usuario: HacerUsuario,
) -> None:  # fmt: skip
    """Solo una carta del mismo expediente, solo quien decide sobre la solicitud, y una vez."""
    gestor, otro = hacer_usuario("gestor1", "gestor"), hacer_usuario("gestor2", "gestor")
    exp = _expediente(session, hacer_patrono, gestor)
    solicitud = _solicitud(session, exp, date(2026, 11, 20))
    suelta = hacer_carta(asunto="Planillas «2025» & <anexos>", cuerpo="Adjuntamos lo pedido.")
    with pytest.raises(AccesoDenegado):
        responder_a_mano(session=session, solicitud=solicitud, expediente=exp, usuario=otro,
                         numero_carta=suelta.numero)  # fmt: skip
    with pytest.raises(ErrorDominio, match="no está vinculada al expediente"):
        responder_a_mano(session=session, solicitud=solicitud, expediente=exp, usuario=gestor,
                         numero_carta=suelta.numero)  # fmt: skip
    suelta.expediente_id = exp.id
    session.add(suelta)
    responder_a_mano(session=session, solicitud=solicitud, expediente=exp, usuario=gestor,
                     numero_carta=suelta.numero.lower())  # fmt: skip
    assert solicitud.respondida_por_id == suelta.id
    assert renglones_de(session, "saliente", solicitud.id)[-1].motivo == (
        f"Respondida con {suelta.numero} (vinculada a mano)"
    )
    with pytest.raises(ErrorDominio, match="ya está respondida"):
        responder_a_mano(session=session, solicitud=solicitud, expediente=exp, usuario=gestor,
                         numero_carta=suelta.numero)  # fmt: skip
