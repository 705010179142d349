"""La revisión diaria de cuotas de un convenio firmado de verdad: vencida solo después de la
tolerancia en días hábiles de El Salvador (Navidad, Año Nuevo y fin de año de por medio), un
requerimiento de pago en borrador una sola vez por cuota, incumplimiento a las N cuotas vencidas,
y nada cambia al revisar dos veces el mismo día."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

import seguimiento
from archivo import sellar
from expedientes import Auditoria, ErrorDominio, Etapa
from plantillas import DocumentoGenerado, Parametros, revision
from seguimiento import revision_cuotas
from seguimiento.convenios_estados import EstadoConvenio
from seguimiento.modelos import Alerta
from seguimiento.pagos import importar_pagos
from seguimiento.revision_cuotas import ResultadoRevision, limite_de_pago, revisar_cuotas
from tests.bd import base_de, nueva_sesion
from tests.expedientes.datos import renglones_de
from tests.plantillas.conftest import RAZON
from tests.seguimiento.test_convenios import (
    NUMERO_PATRONAL,
    REQUISITOS,
    ConvenioDePrueba,
    csv_pagos,
    p,
    vigente,
)

__all__ = ["p"]
E = EstadoConvenio
TOLERANCIA = 5
# La cuota 2 vence el lunes 28/12/2026 (el 25 fue Navidad): cinco días hábiles son 29, 30 y 31 de
# diciembre, 4 y 5 de enero (el 1 es feriado; 2 y 3, fin de semana). Vencida desde el 6.
LIMITE_CUOTA_2 = date(2027, 1, 5)


def _revisar(session: Session, p: Parametros, hoy: date) -> ResultadoRevision:
    return revisar_cuotas(session=session, p=p, hoy=hoy, tolerancia_dias=TOLERANCIA)


def _pagar_cuota_1(session: Session, prueba: ConvenioDePrueba) -> None:
    monto = str(prueba.cuotas[0].monto)
    importar_pagos(
        session=session,
        contenido=csv_pagos([[NUMERO_PATRONAL, "2026-11-25", monto, "CUOTA-1"]]),
        hoy=date(2026, 11, 25),
    )


def _requerimientos(session: Session) -> list[DocumentoGenerado]:
    return list(
        session.exec(
            select(DocumentoGenerado)
            .where(DocumentoGenerado.plantilla == "requerimiento_pago")
            .order_by(col(DocumentoGenerado.id))
        ).all()
    )


def _huella(session: Session) -> tuple[int, int, int]:
    """Cuántas alertas, documentos y renglones de bitácora hay."""
    return (
        len(session.exec(select(Alerta)).all()),
        len(session.exec(select(DocumentoGenerado)).all()),
        len(session.exec(select(Auditoria)).all()),
    )


def test_el_limite_de_pago_cuenta_dias_habiles_de_el_salvador() -> None:
    """Tolerancia de 5 días hábiles tras el 28/12/2026: 5 de enero, no el 2 (días corridos);
    sin tolerancia, el propio vencimiento."""
    assert limite_de_pago(date(2026, 12, 28), 5) == LIMITE_CUOTA_2
    assert limite_de_pago(date(2026, 11, 25), 5) == date(2026, 12, 2)
    assert limite_de_pago(date(2026, 12, 28), 0) == date(2026, 12, 28)


@pytest.mark.libreoffice
def test_la_cuota_vence_exactamente_un_dia_habil_despues_de_la_tolerancia(
    session: Session, p: Parametros
) -> None:
    """GIVEN la cuota 1 pagada y la 2 (28/12/2026) sin pagar WHEN se revisa el 5 de enero (último
    día de tolerancia) THEN nada; WHEN se revisa el 6 THEN alerta de la cuota 2 y su requerimiento
    en borrador, redactado a nombre del gestor; una sola cuota vencida no hace caer el convenio."""
    prueba = vigente(session, p)
    _pagar_cuota_1(session, prueba)
    for dia in (date(2026, 12, 30), date(2027, 1, 4), LIMITE_CUOTA_2):
        resultado = _revisar(session, p, dia)
        assert (resultado.alertas, resultado.borradores) == ([], []), dia
    resultado = _revisar(session, p, date(2027, 1, 6))
    c, cuota2 = prueba.convenio, prueba.cuotas[1]
    [alerta] = resultado.alertas
    [requerimiento] = _requerimientos(session)
    assert (alerta.tipo, alerta.clave, alerta.creada_el, alerta.convenio_id) == (
        "cuota-vencida", f"cuota-2-vencida:{c.documento_numero}", date(2027, 1, 6), c.id,
    )  # fmt: skip
    assert "vencía el 28/12/2026" in alerta.mensaje and requerimiento.numero in alerta.mensaje
    assert resultado.borradores == [(c.documento_numero, [2], requerimiento.numero)]
    assert cuota2.requerimiento_numero == requerimiento.numero == "DRP-2027-000001"
    assert (requerimiento.estado, requerimiento.autor_id, requerimiento.fecha) == (
        "borrador", prueba.caso.gestor.id, date(2027, 1, 6),
    )  # fmt: skip
    assert requerimiento.expediente_id == c.expediente_id and RAZON in requerimiento.texto
    # El requerimiento enumera la cuota vencida del convenio incumplido.
    assert (
        f"Cuota 2 del convenio {c.documento_numero}, con vencimiento el 28/12/2026"
        in requerimiento.texto
    )
    assert c.estado == E.VIGENTE and resultado.incumplidos == []
    assert "1 alerta(s), 1 requerimiento(s) en borrador" in resultado.resumen()


@pytest.mark.libreoffice
def test_revisar_otra_vez_no_repite_alertas_ni_requerimientos(
    session: Session, p: Parametros
) -> None:
    """El mismo día dos veces, y al día siguiente: ni alertas, ni documentos, ni bitácora nueva."""
    prueba = vigente(session, p)
    _pagar_cuota_1(session, prueba)
    _revisar(session, p, date(2027, 1, 6))
    antes = _huella(session)
    for dia in (date(2027, 1, 6), date(2027, 1, 7)):
        resultado = _revisar(session, p, dia)
        assert (resultado.alertas, resultado.borradores, resultado.incumplidos) == ([], [], [])
        assert _huella(session) == antes
    assert len(_requerimientos(session)) == 1


@pytest.mark.libreoffice
def test_a_la_segunda_cuota_vencida_el_convenio_cae_y_se_propone_el_traslado(
    session: Session, p: Parametros
) -> None:
    """GIVEN un convenio que dice «dos cuotas» y nada pagado tras la prima WHEN vence la cuota 1
    THEN alerta y requerimiento, sigue vigente; WHEN vence la 2 THEN su alerta, y el mismo
    requerimiento (aún en borrador) se regenera con las dos cuotas: un solo documento; el
    convenio queda incumplido ese día, el expediente vuelve a gestión (con el motivo) y se propone
    el traslado a la Unidad Jurídica."""
    prueba = vigente(session, p)
    c, expediente = prueba.convenio, prueba.caso.expediente
    primera = _revisar(session, p, date(2026, 12, 3))
    assert [a.clave for a in primera.alertas] == [f"cuota-1-vencida:{c.documento_numero}"]
    assert (c.estado, expediente.etapa) == (E.VIGENTE, Etapa.EN_CONVENIO)
    segunda = _revisar(session, p, date(2027, 1, 6))
    assert [a.clave for a in segunda.alertas] == [
        f"cuota-2-vencida:{c.documento_numero}",
        f"proponer-traslado:{c.documento_numero}",
    ]
    assert (c.estado, c.cerrado_el) == (E.INCUMPLIDO, date(2027, 1, 6))
    assert segunda.incumplidos == [c.documento_numero]
    assert expediente.etapa == Etapa.EN_GESTION
    cambio = renglones_de(session, "expediente", expediente.id)[-1]
    assert cambio.motivo == f"Convenio {c.documento_numero} incumplido: 2 cuota(s) vencida(s)"
    traslado = segunda.alertas[1]
    assert traslado.tipo == "proponer-traslado"
    assert "proponer el traslado a la Unidad Jurídica".casefold() in traslado.mensaje.casefold()
    [requerimiento] = _requerimientos(session)
    assert requerimiento.numero == "DRP-2026-000002" and requerimiento.estado == "borrador"
    assert [q.requerimiento_numero for q in prueba.cuotas] == [
        "DRP-2026-000002", "DRP-2026-000002", None, None,
    ]  # fmt: skip
    assert (
        "Cuota 1 del convenio" in requerimiento.texto
        and "Cuota 2 del convenio" in requerimiento.texto
    )
    assert segunda.borradores == [(c.documento_numero, [2], "DRP-2026-000002")]
    # Ya incumplido, no se revisa más: nada cambia.
    antes = _huella(session)
    assert _revisar(session, p, date(2027, 3, 1)).alertas == [] and _huella(session) == antes


@pytest.mark.libreoffice
@pytest.mark.parametrize("incumplir", ["1", "3"])
def test_las_cuotas_para_incumplir_son_las_del_documento(
    session: Session, p: Parametros, incumplir: str
) -> None:
    """Con «una cuota» cae a la primera vencida; con tres, sigue vigente con dos vencidas."""
    prueba = vigente(session, p, cuotas_incumplidas=incumplir)
    _revisar(session, p, date(2027, 1, 6))
    esperado = E.INCUMPLIDO if incumplir == "1" else E.VIGENTE
    assert prueba.convenio.cuotas_para_incumplir == int(incumplir)
    assert prueba.convenio.estado == esperado


@pytest.mark.libreoffice
def test_si_el_requerimiento_no_se_puede_generar_la_alerta_lo_dice_y_no_se_pierde_el_numero(
    session: Session, p: Parametros
) -> None:
    """GIVEN un gestor sin correo (el requerimiento no es válido) WHEN vence una cuota THEN la
    alerta dice por qué no se generó y el número DRP no se gasta; WHEN se corrige y se revisa
    otro día THEN se genera con el primer número del año y la alerta lo dice."""
    prueba = vigente(session, p)
    _pagar_cuota_1(session, prueba)
    gestor = prueba.caso.gestor
    gestor.correo = None
    session.add(gestor)
    resultado = _revisar(session, p, date(2027, 1, 6))
    [alerta] = resultado.alertas
    assert resultado.borradores == [] and prueba.cuotas[1].requerimiento_numero is None
    assert "No se generó el requerimiento de pago" in alerta.mensaje
    assert "El gestor del expediente no tiene correo electrónico registrado." in alerta.mensaje
    antes = _huella(session)
    _revisar(session, p, date(2027, 1, 6))
    assert _huella(session) == antes
    gestor.correo = "carlos.mejia@isss.gob.sv"
    session.add(gestor)
    resultado = _revisar(session, p, date(2027, 1, 7))
    assert resultado.borradores == [(prueba.convenio.documento_numero, [2], "DRP-2027-000001")]
    assert resultado.alertas == [] and "DRP-2027-000001" in alerta.mensaje


@pytest.mark.libreoffice
def test_un_expediente_sellado_no_se_revisa(
    session: Session, p: Parametros, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sellado y archivado: ni alertas ni documentos, aunque tenga cuotas vencidas."""
    # Sellado con el convenio en curso (hoy el archivo lo impide; un sello de antes, no).
    prueba = vigente(session, p)
    sellar(
        session=session, almacen=p.almacen, expediente=prueba.caso.expediente,
        usuario=prueba.caso.jefe, requisitos=REQUISITOS, hoy=date(2026, 11, 30), bloqueos=(),
    )  # fmt: skip
    antes = _huella(session)
    resultado = _revisar(session, p, date(2027, 3, 1))
    assert (resultado.alertas, resultado.borradores, resultado.incumplidos) == ([], [], [])
    assert _huella(session) == antes and prueba.convenio.estado == E.VIGENTE


class _UnaPasada(threading.Event):
    """Deja dar una sola vuelta: al esperar la siguiente, pide parar."""

    def wait(self, timeout: float | None = None) -> bool:
        self.set()
        return True


@pytest.mark.libreoffice
def test_la_revision_programada_da_una_pasada_en_su_propia_transaccion(
    session: Session, p: Parametros, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """La que correría `recupera serve`: revisa al día de hoy (aquí, el 06/01/2027) y confirma."""
    prueba = vigente(session, p)
    _pagar_cuota_1(session, prueba)
    session.commit()
    monkeypatch.setattr(revision_cuotas, "hoy_local", lambda: date(2027, 1, 6))
    revision_cuotas.revisar_cuotas_periodicamente(
        bd=base_de(engine), p=p, tolerancia_dias=TOLERANCIA, horas=24, parar=_UnaPasada()
    )
    with nueva_sesion(engine) as otra:
        [alerta] = otra.exec(select(Alerta)).all()
    assert alerta.clave == f"cuota-2-vencida:{prueba.convenio.documento_numero}"


@pytest.mark.libreoffice
def test_si_el_primer_requerimiento_ya_salio_el_siguiente_enumera_todas_las_cuotas_vencidas(
    session: Session, p: Parametros
) -> None:
    """El requerimiento de la cuota 1 ya se envió a revisión: al vencer la 2 se redacta otro
    que enumera las dos (el primero no se toca)."""
    prueba = vigente(session, p, cuotas_incumplidas="3")
    c = prueba.convenio
    _revisar(session, p, date(2026, 12, 3))
    [primero] = _requerimientos(session)
    revision.enviar_a_revision(session=session, p=p, documento=primero,
                               expediente=prueba.caso.expediente, usuario=prueba.caso.gestor)  # fmt: skip
    texto_del_primero = primero.texto
    segunda = _revisar(session, p, date(2027, 1, 6))
    assert len(segunda.borradores) == 1 and segunda.borradores[0][1] == [2]
    primero_otra_vez, segundo = _requerimientos(session)
    assert primero_otra_vez.texto == texto_del_primero and primero_otra_vez.estado == "en_revision"
    assert "Cuota 1 del convenio" in segundo.texto and "Cuota 2 del convenio" in segundo.texto
    assert [q.requerimiento_numero for q in prueba.cuotas[:2]] == [primero.numero, segundo.numero]
    assert c.estado == E.VIGENTE


@pytest.mark.libreoffice
def test_atender_varias_alertas_es_todas_o_ninguna_y_cada_una_queda_en_la_bitacora(
    session: Session, p: Parametros
) -> None:
    """Las alertas de las cuotas 1 y 2 y la del traslado: el jefe las atiende de una vez; si una
    ya estaba atendida, no se atiende ninguna y se dice cuál."""
    prueba = vigente(session, p)
    _revisar(session, p, date(2026, 12, 3))
    _revisar(session, p, date(2027, 1, 6))
    alertas = list(session.exec(select(Alerta).order_by(col(Alerta.id))).all())
    assert len(alertas) == 3
    jefe = prueba.caso.jefe
    seguimiento.atender_alerta(
        session=session, alerta=alertas[0], usuario=jefe, hoy=date(2027, 1, 7)
    )
    with pytest.raises(ErrorDominio) as error:
        seguimiento.atender_alertas(session=session, usuario=jefe, hoy=date(2027, 1, 7),
                                    ids=[a.id or 0 for a in alertas] + [999999])  # fmt: skip
    assert (
        len(error.value.problemas) == 2
        and "ya se atendió el 07/01/2027" in error.value.problemas[0]
    )
    assert alertas[1].atendida_el is None
    hechas = seguimiento.atender_alertas(session=session, usuario=jefe, hoy=date(2027, 1, 8),
                                         ids=[alertas[1].id or 0, alertas[2].id or 0])  # fmt: skip
    assert [a.atendida_el for a in hechas] == [date(2027, 1, 8)] * 2
    for a in hechas:
        assert renglones_de(session, "alerta", a.id)[-1].despues["atendida_por_id"] == jefe.id
