"""La transacción ante el Consejo Directivo de punta a punta, con documentos finales reales
(LibreOffice), cartas registradas de verdad y el archivo: cada paso, cada rechazo y lo que falta."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlmodel import Session, col, select

from archivo import Almacen, cargar_requisitos, documentos_de, sellar
from correspondencia import (
    Correspondencia,
    OrigenCarta,
    ReglasDePlazo,
    preparar_correo,
    registrar_carta,
    vincular_carta,
)
from expedientes import (
    AccesoDenegado,
    Actor,
    Auditoria,
    ErrorDominio,
    Expediente,
    NoEncontrado,
    TransicionNoPermitida,
    Usuario,
    abrir_expediente,
    estado_de_deuda,
)
from plantillas import (
    DocumentoGenerado,
    Parametros,
    aprobar_documento,
    crear_borrador,
    enviar_a_revision,
    finalizar_documento,
)
from seguimiento import (
    BLOQUEOS_DE_SELLADO,
    AcuerdoConsejo,
    EstadoTransaccion,
    confirmar_aplicacion,
    denegar_transaccion,
    enviar_al_consejo,
    registrar_acuerdo,
    registrar_anteproyecto,
    registrar_descargo,
    registrar_solicitud,
    transaccion_de,
)
from seguimiento.situacion import SituacionTransaccion, situacion_de_transaccion
from seguimiento.transacciones_estados import FALTA
from tests.archivo.casos import agregar
from tests.correspondencia.corpus import mensaje
from tests.expedientes.datos import renglones_de
from tests.plantillas.conftest import HOY, Caso, crear_caso, entradas_de, p

__all__ = ["p"]

E = EstadoTransaccion
SOLICITUD = date(2026, 11, 16)  # la carta de `crear_caso`
ENVIO = date(2026, 12, 3)
ACUERDO = date(2026, 12, 17)
CARTA_CONSEJO = date(2026, 12, 21)
APLICADA = date(2027, 1, 8)
DESCARGO = date(2027, 1, 15)
HOY_FLUJO = date(2027, 1, 29)
CONSEJO = ("Secretaría del Consejo Directivo «ISSS» & Cía", "consejo@isss.gob.sv")
OTORGA = (
    'Exonerar a "Pérez & Cía <S.A. de C.V.>" $1,234.56 de multas & recargos {{ periodos }}.\n'
    "Instruir la aplicación en la cuenta patronal."
)


def carta(
    session: Session,
    almacen: Almacen,
    expediente: Expediente | None,
    asunto: str,
    recibida: date,
    remitente: tuple[str, str] = CONSEJO,
) -> Correspondencia:
    """Una carta registrada de verdad (recibida a media mañana), vinculada si se indica."""
    preparado = preparar_correo(
        mensaje(asunto=asunto, remitente=remitente, cuerpo=f"{asunto}\nAtentamente.\n"),
        almacen=almacen,
    )
    registrada = registrar_carta(
        session=session, preparado=preparado, origen=OrigenCarta("carpeta", nombre_archivo="carta.eml"),
        recibido_en=datetime(recibida.year, recibida.month, recibida.day, 16, tzinfo=UTC),
        reglas=ReglasDePlazo(10, {}),
    )  # fmt: skip
    if expediente is None:
        return registrada
    return vincular_carta(session=session, carta=registrada, numero_expediente=expediente.numero)


def documento_final(
    session: Session, p: Parametros, caso: Caso, plantilla: str, **cambios: Any
) -> DocumentoGenerado:
    """Un documento redactado por el gestor, aprobado por el jefe y final (PDF/A real)."""
    doc = crear_borrador(
        session=session, p=p, expediente=caso.expediente, plantilla=plantilla,
        datos={**entradas_de(plantilla, caso), **cambios}, autor=caso.gestor, hoy=HOY,
    )  # fmt: skip
    comunes = {"session": session, "documento": doc, "expediente": caso.expediente}
    enviar_a_revision(p=p, usuario=caso.gestor, **comunes)
    aprobar_documento(usuario=caso.jefe, sha256=doc.docx_sha256, **comunes)
    finalizar_documento(p=p, usuario=caso.gestor, hoy=HOY, **comunes)
    return doc


def _solicitar(session: Session, p: Parametros, caso: Caso, numero: str | None = None) -> Any:
    return registrar_solicitud(
        session=session, expediente=caso.expediente, carta_numero=numero or caso.carta.numero,
        usuario=caso.gestor, almacen=p.almacen, requisitos=cargar_requisitos(), hoy=HOY_FLUJO,
    )  # fmt: skip


def _anteproyecto(session: Session, caso: Caso, numero: str) -> Any:
    return registrar_anteproyecto(
        session=session, expediente=caso.expediente, documento_numero=numero,
        usuario=caso.gestor, hoy=HOY_FLUJO,
    )  # fmt: skip


def _enviar(session: Session, caso: Caso, fecha: date = ENVIO) -> Any:
    return enviar_al_consejo(
        session=session, expediente=caso.expediente, fecha=fecha, usuario=caso.jefe, hoy=HOY_FLUJO
    )


def _acuerdo(carta_numero: str, **cambios: Any) -> AcuerdoConsejo:
    datos = {
        "numero": "2026-1234.DIC. & <bis>", "fecha": ACUERDO,
        "sesion": 'Sesión Ordinaria "N.º 48" & extraordinaria <sic>', "acta": "Acta Nº 3742",
        "otorga": OTORGA, "carta_numero": carta_numero, **cambios,
    }  # fmt: skip
    return AcuerdoConsejo(**datos)


def _registrar_acuerdo(session: Session, p: Parametros, caso: Caso, acuerdo: AcuerdoConsejo) -> Any:
    return registrar_acuerdo(
        session=session, expediente=caso.expediente, acuerdo=acuerdo, usuario=caso.jefe,
        almacen=p.almacen, requisitos=cargar_requisitos(), hoy=HOY_FLUJO,
    )  # fmt: skip


def _aplicar(session: Session, caso: Caso, fecha: date = APLICADA) -> Any:
    return confirmar_aplicacion(
        session=session, expediente=caso.expediente, fecha=fecha,
        aplicado_por="Lic. Óscar Peña & Asociados <Cuenta Patronal>",
        referencia='AJ-2027/0008 "exoneración"', usuario=caso.gestor, hoy=HOY_FLUJO,
    )  # fmt: skip


def _descargar(session: Session, caso: Caso, fecha: date = DESCARGO) -> Any:
    return registrar_descargo(
        session=session, expediente=caso.expediente, fecha=fecha, usuario=caso.gestor,
        hoy=HOY_FLUJO,
    )  # fmt: skip


def _situacion(session: Session, caso: Caso) -> SituacionTransaccion:
    return situacion_de_transaccion(
        session=session, expediente=caso.expediente, requisitos=cargar_requisitos()
    )


def _como(session: Session, usuario: Usuario) -> None:
    session.info["actor"] = Actor(usuario.nombre_usuario, usuario.id)


@pytest.fixture
def caso(session: Session, p: Parametros) -> Caso:
    """Un expediente de transacción con la solicitud del patrono registrada y vinculada."""
    return crear_caso(session, p.almacen, "transaccion")


@pytest.mark.libreoffice
def test_de_la_solicitud_al_descargo_cada_paso_con_su_fecha_quien_y_lo_que_falta(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """GIVEN un expediente de transacción con la solicitud vinculada WHEN se registran todos los
    pasos THEN cada uno queda con su fecha y quién, el expediente pasa por el Consejo, las cartas
    entran al expediente y, con la constancia y el estado de cuenta, se puede cerrar y archivar."""
    inicio = _situacion(session, caso)
    assert inicio.estado is None and inicio.siguientes == [E.SOLICITADA]
    assert inicio.faltan == [FALTA[None]]
    assert [(paso.nombre, paso.hecho) for paso in inicio.pasos] == [
        ("Solicitud del patrono", False), ("Anteproyecto de Acuerdo", False),
        ("Envío al Consejo Directivo", False), ("Acuerdo del Consejo Directivo", False),
        ("Aplicación en la cuenta patronal", False), ("Descargo", False),
    ]  # fmt: skip

    _como(session, caso.gestor)
    t = _solicitar(session, p, caso)
    assert (t.estado, t.solicitud_numero, t.solicitud_el) == (
        E.SOLICITADA,
        caso.carta.numero,
        SOLICITUD,
    )
    assert _situacion(session, caso).faltan == [
        f"Falta el Anteproyecto de Acuerdo que cite la solicitud {caso.carta.numero}."
    ]
    anteproyecto = documento_final(session, p, caso, "anteproyecto_acuerdo")
    assert _situacion(session, caso).faltan == [
        f"Falta registrar el Anteproyecto de Acuerdo {anteproyecto.numero} (ya está final)."
    ]
    _anteproyecto(session, caso, anteproyecto.numero.lower())
    assert t.anteproyecto_numero == anteproyecto.numero
    assert _situacion(session, caso).faltan == ["Falta registrar el envío al Consejo Directivo."]

    _como(session, caso.jefe)
    _enviar(session, caso)
    assert caso.expediente.etapa == "en_consejo" and t.enviado_consejo_el == ENVIO
    en_consejo = _situacion(session, caso)
    assert en_consejo.faltan == [FALTA[E.EN_CONSEJO]]
    assert en_consejo.siguientes == [E.ACORDADA, E.DENEGADA]

    del_consejo = carta(
        session, p.almacen, caso.expediente, "Acuerdo N.º 2026-1234 & «Pérez»", CARTA_CONSEJO
    )
    _registrar_acuerdo(session, p, caso, _acuerdo(del_consejo.numero))
    assert (t.estado, t.acuerdo_fecha, t.acuerdo_acta, t.acuerdo_otorga) == (
        E.ACORDADA, ACUERDO, "Acta Nº 3742", OTORGA,
    )  # fmt: skip
    assert t.acuerdo_carta_numero == del_consejo.numero
    assert _situacion(session, caso).faltan == [
        "Falta confirmar la aplicación en la cuenta patronal."
    ]

    _como(session, caso.gestor)
    _aplicar(session, caso)
    assert _situacion(session, caso).faltan == [
        "Falta incorporar al expediente la constancia de aplicación en cuenta patronal.",
        "Falta registrar el descargo.",
    ]
    with pytest.raises(ErrorDominio) as exc:
        _descargar(session, caso)
    assert exc.value.problemas == [
        "Falta incorporar al expediente la constancia de aplicación en cuenta patronal."
    ]
    agregar(session, p.almacen, caso.expediente, "constancia_aplicacion")
    antes = estado_de_deuda(session=session, patrono_id=caso.patrono.id or 0, corte=DESCARGO,
                            tasa_mensual=p.tasa_recargo)  # fmt: skip
    _descargar(session, caso)
    # Descargada: el expediente sale del Consejo (queda cobrar las cotizaciones) y la deuda
    # muestra las multas y los recargos como exonerados, fuera del total.
    assert caso.expediente.etapa == "en_gestion"
    motivo = renglones_de(session, "expediente", caso.expediente.id)[-1].motivo
    assert motivo.startswith(
        f"Descargo de la transacción {caso.carta.numero}: multas y recargos exonerados"
    )
    despues = estado_de_deuda(session=session, patrono_id=caso.patrono.id or 0, corte=DESCARGO,
                              tasa_mensual=p.tasa_recargo)  # fmt: skip
    assert antes.multas > 0 and antes.recargos > 0
    assert (despues.multas, despues.recargos, despues.cuotas) == (0, 0, antes.cuotas)
    assert despues.exonerado == antes.multas + antes.recargos
    assert despues.total == antes.cuotas
    assert all(linea.exonerado_el == DESCARGO for linea in despues.lineas)

    final = _situacion(session, caso)
    assert final.estado == E.DESCARGADA and final.faltan == [] and final.siguientes == []
    assert [(paso.estado, paso.fecha, paso.quien) for paso in final.pasos] == [
        (E.SOLICITADA, SOLICITUD, caso.gestor.nombre_completo),
        (E.ANTEPROYECTO, HOY, caso.gestor.nombre_completo),
        (E.EN_CONSEJO, ENVIO, caso.jefe.nombre_completo),
        (E.ACORDADA, ACUERDO, caso.jefe.nombre_completo),
        (E.APLICADA, APLICADA, caso.gestor.nombre_completo),
        (E.DESCARGADA, DESCARGO, caso.gestor.nombre_completo),
    ]
    assert OTORGA in final.pasos[3].detalle and del_consejo.numero in final.pasos[3].detalle
    assert final.pasos[4].detalle == (
        'Aplicada por Lic. Óscar Peña & Asociados <Cuenta Patronal>, referencia AJ-2027/0008 "exoneración"'
    )
    # Lo que el flujo no produce: el estado de cuenta escaneado.
    assert final.faltan_para_archivar == ["Falta: Estado de cuenta."]
    documentos = documentos_de(session=session, expediente_id=caso.expediente.id or 0)
    assert [(d.tipo, d.referencia) for d in documentos] == [
        ("solicitud_patrono", caso.carta.numero),
        ("anteproyecto_acuerdo", anteproyecto.numero),
        ("acuerdo_consejo", del_consejo.numero),
        ("constancia_aplicacion", ""),
    ]
    agregar(session, p.almacen, caso.expediente, "estado_cuenta")
    assert _situacion(session, caso).faltan_para_archivar == []
    sellar(session=session, almacen=p.almacen, expediente=caso.expediente,
                   usuario=caso.jefe, requisitos=cargar_requisitos(), hoy=HOY_FLUJO, bloqueos=BLOQUEOS_DE_SELLADO)  # fmt: skip
    assert caso.expediente.etapa == "cerrado"
    with pytest.raises(ErrorDominio, match="está sellado y archivado: no admite cambios"):
        _descargar(session, caso)


def test_la_solicitud_es_una_carta_registrada_y_vinculada_a_este_expediente(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """Se rechaza una carta que no existe, sin vínculo o de otro expediente, un expediente que no
    es de transacción, una segunda solicitud y a un gestor que no lleva el expediente."""
    otro = abrir_expediente(session=session, numero_patronal="310145678", tipo="transaccion",
                            hoy=date(2026, 2, 1), gestor=caso.gestor)  # fmt: skip
    ajena = carta(session, p.almacen, otro, 'Solicitud "otra" & <ajena>', SOLICITUD)
    suelta = carta(session, p.almacen, None, "Solicitud sin vínculo & {{ x }}", SOLICITUD)
    with pytest.raises(NoEncontrado, match="No existe la carta ce-2026-999999"):
        _solicitar(session, p, caso, "ce-2026-999999")
    with pytest.raises(ErrorDominio, match=f"vinculada al expediente {otro.numero}, no a"):
        _solicitar(session, p, caso, ajena.numero)
    with pytest.raises(ErrorDominio, match="vinculada a ningún expediente"):
        _solicitar(session, p, caso, suelta.numero)
    with pytest.raises(ErrorDominio, match="Indique el número de la solicitud del patrono"):
        _solicitar(session, p, caso, "  ")
    intruso = Usuario(nombre_usuario="luis.ajeno", nombre_completo="Luis Ajeno Núñez", rol="gestor",
                      password_hash="x", token_sesion="0" * 32)  # fmt: skip
    with pytest.raises(AccesoDenegado, match="Luis Ajeno Núñez no puede tramitar"):
        registrar_solicitud(session=session, expediente=caso.expediente,
                               carta_numero=caso.carta.numero, usuario=intruso, almacen=p.almacen,
                               requisitos=cargar_requisitos(), hoy=HOY_FLUJO)  # fmt: skip
    assert transaccion_de(session=session, expediente=caso.expediente) is None

    _solicitar(session, p, caso)
    with pytest.raises(ErrorDominio, match=r"ya tiene su transacción .* hay una por expediente"):
        _solicitar(session, p, caso)
    cobro = crear_caso_de_cobro(session, caso)
    with pytest.raises(ErrorDominio, match="es de «Cobro administrativo»"):
        registrar_solicitud(session=session, expediente=cobro, carta_numero=caso.carta.numero,
                               usuario=caso.jefe, almacen=p.almacen,
                               requisitos=cargar_requisitos(), hoy=HOY_FLUJO)  # fmt: skip
    assert (
        situacion_de_transaccion(
            session=session, expediente=cobro, requisitos=cargar_requisitos()
        ).siguientes
        == []
    )


def crear_caso_de_cobro(session: Session, caso: Caso) -> Expediente:
    """Otro expediente del mismo patrono, de cobro administrativo."""
    return abrir_expediente(session=session, numero_patronal=caso.patrono.numero_patronal,
                            tipo="cobro", hoy=date(2026, 2, 1), gestor=caso.gestor)  # fmt: skip


@pytest.mark.libreoffice
def test_el_anteproyecto_debe_ser_final_de_este_expediente_y_citar_la_misma_solicitud(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """Un anteproyecto en borrador, uno final que cita otra solicitud o un número que no existe no
    sirven; sin anteproyecto, el envío al Consejo se rechaza diciendo qué falta."""
    _solicitar(session, p, caso)
    with pytest.raises(TransicionNoPermitida, match="Falta registrar el Anteproyecto de Acuerdo"):
        _enviar(session, caso)
    borrador = crear_borrador(
        session=session, p=p, expediente=caso.expediente, plantilla="anteproyecto_acuerdo",
        datos=entradas_de("anteproyecto_acuerdo", caso), autor=caso.gestor, hoy=HOY,
    )  # fmt: skip
    assert _situacion(session, caso).faltan == [
        f"Falta que el Anteproyecto de Acuerdo {borrador.numero} quede final (está «Borrador»)."
    ]
    with pytest.raises(ErrorDominio) as exc:
        _anteproyecto(session, caso, borrador.numero)
    assert exc.value.problemas == [
        f"{borrador.numero} está «Borrador»: debe estar final (aprobado por el jefe)."
    ]
    otra = carta(
        session, p.almacen, caso.expediente, "Otra solicitud & «ampliación»", date(2026, 11, 20)
    )
    cita_otra = documento_final(session, p, caso, "anteproyecto_acuerdo", solicitud=otra.numero)
    with pytest.raises(ErrorDominio) as exc:
        _anteproyecto(session, caso, cita_otra.numero)
    assert exc.value.problemas == [
        f"{cita_otra.numero} cita la solicitud {otra.numero}, no la de esta transacción "
        f"({caso.carta.numero})."
    ]
    with pytest.raises(NoEncontrado, match="No existe el documento «DRP-2026-999999»"):
        _anteproyecto(session, caso, "DRP-2026-999999")
    t = transaccion_de(session=session, expediente=caso.expediente)
    assert t is not None and t.estado == E.SOLICITADA


@pytest.mark.libreoffice
def test_los_pasos_van_en_orden_y_sus_fechas_no_retroceden_ni_son_futuras(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """Cada paso exige el anterior y una fecha entre la del paso previo y hoy; el Acuerdo exige sus
    datos y una carta del Consejo vinculada a este expediente, recibida después del Acuerdo."""
    _solicitar(session, p, caso)
    _anteproyecto(session, caso, documento_final(session, p, caso, "anteproyecto_acuerdo").numero)
    with pytest.raises(TransicionNoPermitida) as fuera_de_orden:
        _registrar_acuerdo(session, p, caso, _acuerdo("CE-2026-000001"))
    assert fuera_de_orden.value.mensaje == (
        "La transacción está «Con Anteproyecto de Acuerdo»: no puede pasar a «Acordada por el "
        "Consejo Directivo». Falta registrar el envío al Consejo Directivo."
    )
    with pytest.raises(ErrorDominio) as exc:
        _enviar(session, caso, date(2026, 11, 29))
    assert exc.value.problemas == [
        "La fecha 29/11/2026 es anterior a la del Anteproyecto de Acuerdo (30/11/2026)."
    ]
    with pytest.raises(ErrorDominio, match="es futura"):
        _enviar(session, caso, date(2027, 1, 30))
    assert caso.expediente.etapa == "en_gestion"
    _enviar(session, caso)

    del_consejo = carta(
        session, p.almacen, caso.expediente, "Acuerdo & <notificación>", CARTA_CONSEJO
    )
    with pytest.raises(ErrorDominio) as exc:
        _registrar_acuerdo(session, p, caso, _acuerdo(del_consejo.numero, numero=" ", sesion="",
                                                      acta="", otorga="\n", fecha=date(2026, 12, 1)))  # fmt: skip
    assert exc.value.problemas == [
        "Indique el número del Acuerdo.",
        "Indique la sesión.",
        "Indique el acta.",
        "Indique lo que otorga el Acuerdo.",
        "La fecha 01/12/2026 es anterior a la del envío al Consejo (03/12/2026).",
    ]
    with pytest.raises(ErrorDominio, match="es futura"):
        _registrar_acuerdo(session, p, caso, _acuerdo(del_consejo.numero, fecha=date(2027, 2, 1)))
    with pytest.raises(ErrorDominio, match="es la solicitud del patrono, no la carta del Consejo"):
        _registrar_acuerdo(session, p, caso, _acuerdo(caso.carta.numero))
    suelta = carta(session, p.almacen, None, "Acuerdo sin vincular", CARTA_CONSEJO)
    with pytest.raises(ErrorDominio, match="vinculada a ningún expediente"):
        _registrar_acuerdo(session, p, caso, _acuerdo(suelta.numero))
    with pytest.raises(ErrorDominio, match="se recibió el 21/12/2026, antes del Acuerdo"):
        _registrar_acuerdo(session, p, caso, _acuerdo(del_consejo.numero, fecha=date(2026, 12, 22)))
    with pytest.raises(TransicionNoPermitida, match="Falta registrar el Acuerdo del Consejo"):
        _aplicar(session, caso)
    _registrar_acuerdo(session, p, caso, _acuerdo(del_consejo.numero))

    with pytest.raises(TransicionNoPermitida, match="Falta confirmar la aplicación"):
        _descargar(session, caso)
    with pytest.raises(ErrorDominio, match="anterior a la del Acuerdo \\(17/12/2026\\)"):
        _aplicar(session, caso, date(2026, 12, 16))
    _aplicar(session, caso)
    agregar(session, p.almacen, caso.expediente, "constancia_aplicacion")
    with pytest.raises(ErrorDominio, match="anterior a la de la aplicación en cuenta patronal"):
        _descargar(session, caso, date(2027, 1, 7))
    with pytest.raises(ErrorDominio, match="es futura"):
        _descargar(session, caso, date(2027, 1, 30))
    _descargar(session, caso)
    with pytest.raises(TransicionNoPermitida, match="ya está descargada"):
        _descargar(session, caso)


@pytest.mark.libreoffice
def test_la_denegacion_termina_la_transaccion_y_devuelve_el_expediente_a_gestion(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """GIVEN una transacción en el Consejo WHEN el Consejo la deniega THEN exige motivo y fecha
    válida, el expediente vuelve a gestión con el motivo y la transacción no admite más pasos."""
    _solicitar(session, p, caso)
    _anteproyecto(session, caso, documento_final(session, p, caso, "anteproyecto_acuerdo").numero)
    _enviar(session, caso)
    motivo = 'El patrono no está al día: "cuotas 11/2026" & <convenio> incumplido'

    def denegar(fecha: date, motivo: str) -> Any:
        return denegar_transaccion(session=session, expediente=caso.expediente, fecha=fecha, motivo=motivo,
                          usuario=caso.jefe, hoy=HOY_FLUJO, acuerdo_numero="2026-77 & <b>")  # fmt: skip

    with pytest.raises(ErrorDominio) as exc:
        denegar(date(2026, 12, 2), "  ")
    assert exc.value.problemas == [
        "Indique el motivo de la denegación.",
        "La fecha 02/12/2026 es anterior a la del envío al Consejo (03/12/2026).",
    ]
    t = denegar(ACUERDO, motivo)
    assert (t.estado, t.acuerdo_fecha, t.acuerdo_numero) == (E.DENEGADA, ACUERDO, "2026-77 & <b>")
    assert caso.expediente.etapa == "en_gestion"
    ultimo = session.exec(
        select(Auditoria).where(Auditoria.entidad == "expediente",
                                Auditoria.entidad_id == str(caso.expediente.id))
        .order_by(col(Auditoria.id).desc())
    ).first()  # fmt: skip
    assert ultimo is not None and ultimo.despues == {"etapa": "en_gestion"}
    assert ultimo.motivo == (
        f"Denegada por el Consejo Directivo el 17/12/2026 (Acuerdo 2026-77 & <b>): {motivo}"
    )
    situacion = _situacion(session, caso)
    assert [(paso.estado, paso.hecho) for paso in situacion.pasos] == [
        (E.SOLICITADA, True), (E.ANTEPROYECTO, True), (E.EN_CONSEJO, True), (E.DENEGADA, True),
    ]  # fmt: skip
    assert situacion.pasos[-1].detalle == ultimo.motivo and situacion.pasos[-1].fecha == ACUERDO
    assert situacion.faltan == [] and situacion.siguientes == []
    with pytest.raises(TransicionNoPermitida, match="denegó la transacción: no admite más pasos"):
        _registrar_acuerdo(session, p, caso, _acuerdo("CE-2026-000001"))


def test_un_expediente_sellado_no_admite_ningun_paso_de_la_transaccion(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """GIVEN un expediente de transacción sellado y archivado THEN nada se registra en él."""
    for tipo in tr_requeridos():
        agregar(session, p.almacen, caso.expediente, tipo)
    sellar(session=session, almacen=p.almacen, expediente=caso.expediente,
                   usuario=caso.jefe, requisitos=cargar_requisitos(), hoy=HOY, bloqueos=BLOQUEOS_DE_SELLADO)  # fmt: skip
    with pytest.raises(ErrorDominio, match=f"{caso.expediente.numero} está sellado y archivado"):
        _solicitar(session, p, caso)
    with pytest.raises(ErrorDominio, match="está sellado y archivado"):
        _enviar(session, caso)
    situacion = _situacion(session, caso)
    assert situacion.siguientes == [] and situacion.faltan_para_archivar == []


def tr_requeridos() -> tuple[str, ...]:
    """Los documentos que el archivo exige a un expediente de transacción."""
    return cargar_requisitos().requeridos["transaccion"]
