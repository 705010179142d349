"""El traslado a la Unidad Jurídica con su memorándum final (LibreOffice real) y lo que Jurídica
informa después, cada informe con su carta registrada, hasta la devolución."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlmodel import Session, col, select

from archivo import cargar_requisitos, sellar
from expedientes import Auditoria, ErrorDominio, NoEncontrado, abrir_expediente
from plantillas import Parametros, crear_borrador
from seguimiento import BLOQUEOS_DE_SELLADO, juridica
from seguimiento.juridica import EstadoJuridica
from tests.archivo.casos import agregar
from tests.plantillas.conftest import HOY, Caso, caso, entradas_de, p
from tests.seguimiento.test_transacciones import carta, documento_final

__all__ = ["caso", "p"]

J = EstadoJuridica
TRASLADO = date(2026, 12, 2)
HOY_JURIDICA = date(2027, 3, 31)
JURIDICA = ("Unidad Jurídica «ISSS» & Asociados", "juridica@isss.gob.sv")
DETALLE = 'Demanda ejecutiva contra "Pérez & Cía <S.A.>" {{ juzgado }} — Juzgado 3.º de lo Civil'


def _trasladar(session: Session, caso: Caso, fecha: date = TRASLADO) -> Any:
    return juridica.trasladar_a_juridica(
        session=session, expediente=caso.expediente, usuario=caso.gestor, fecha=fecha,
        hoy=HOY_JURIDICA,
    )  # fmt: skip


def _informe(
    session: Session, caso: Caso, estado: str, fecha: date, carta_numero: str, detalle: str = ""
) -> Any:
    return juridica.registrar_informe_juridica(
        session=session, expediente=caso.expediente, fecha=fecha, estado=estado, detalle=detalle,
        carta_numero=carta_numero, usuario=caso.jefe, hoy=HOY_JURIDICA,
    )  # fmt: skip


def _de_juridica(session: Session, p: Parametros, caso: Caso, asunto: str, recibida: date) -> str:
    """Una carta de Jurídica registrada y vinculada al expediente; su número."""
    return carta(session, p.almacen, caso.expediente, asunto, recibida, JURIDICA).numero


def _ultimo_motivo(session: Session, caso: Caso) -> str:
    fila = session.exec(
        select(Auditoria)
        .where(Auditoria.entidad == "expediente", Auditoria.entidad_id == str(caso.expediente.id))
        .order_by(col(Auditoria.id).desc())
    ).first()
    assert fila is not None
    return fila.motivo


@pytest.mark.libreoffice
def test_el_traslado_exige_el_memorandum_final_y_pasa_el_expediente_a_juridica(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """GIVEN un expediente en gestión WHEN se traslada THEN hace falta el memorándum final, la
    fecha no lo precede ni es futura, y el expediente queda en Jurídica con el número en el motivo."""
    with pytest.raises(ErrorDominio) as exc:
        _trasladar(session, caso)
    assert exc.value.problemas == [
        "Genere el memorándum de traslado y llévelo a final con el jefe."
    ]
    borrador = crear_borrador(
        session=session, p=p, expediente=caso.expediente, plantilla="traslado_juridica",
        datos=entradas_de("traslado_juridica", caso), autor=caso.gestor, hoy=HOY,
    )  # fmt: skip
    with pytest.raises(ErrorDominio) as exc:
        _trasladar(session, caso)
    assert exc.value.problemas == [f"{borrador.numero} está «Borrador»: debe quedar final."]
    memo = documento_final(session, p, caso, "traslado_juridica")
    with pytest.raises(ErrorDominio) as exc:
        _trasladar(session, caso, date(2026, 11, 29))
    assert exc.value.problemas == [
        f"La fecha 29/11/2026 es anterior a la del memorándum {memo.numero} (30/11/2026)."
    ]
    with pytest.raises(ErrorDominio, match="es futura"):
        _trasladar(session, caso, date(2027, 4, 1))
    assert juridica.estado_en_juridica(session=session, expediente=caso.expediente) is None

    traslado = _trasladar(session, caso)
    assert caso.expediente.etapa == "en_juridica"
    assert _ultimo_motivo(session, caso) == (
        f"Trasladado a la Unidad Jurídica el 02/12/2026 con el memorándum {memo.numero}"
    )
    assert (traslado.estado, traslado.fecha, traslado.carta_numero, traslado.registrado_por_id) == (
        J.TRASLADADO, TRASLADO, memo.numero, caso.gestor.id,
    )  # fmt: skip
    assert juridica.informes_de(session=session, expediente=caso.expediente) == [traslado]
    assert juridica.estado_en_juridica(session=session, expediente=caso.expediente) == traslado
    with pytest.raises(ErrorDominio, match="ya está en la Unidad Jurídica"):
        _trasladar(session, caso)


@pytest.mark.libreoffice
def test_lo_que_informa_juridica_queda_en_orden_cada_informe_con_su_carta(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """Los informes se anotan con una carta registrada y vinculada a este expediente, en fechas
    que no retroceden ni son futuras ni preceden a la carta; el último es el estado en Jurídica."""
    documento_final(session, p, caso, "traslado_juridica")
    recibido = _de_juridica(session, p, caso, "Acuse de recibo & <expediente>", date(2026, 12, 4))
    with pytest.raises(ErrorDominio, match="no está trasladado a la Unidad Jurídica"):
        _informe(session, caso, "recibido", date(2026, 12, 3), recibido)
    _trasladar(session, caso)

    with pytest.raises(ErrorDominio, match="«archivado» no es algo que informe"):
        _informe(session, caso, "archivado", date(2026, 12, 3), recibido)
    with pytest.raises(ErrorDominio, match="«trasladado» no es algo que informe"):
        _informe(session, caso, "trasladado", date(2026, 12, 3), recibido)
    with pytest.raises(NoEncontrado, match="No existe la carta CE-2027-000999"):
        _informe(session, caso, "recibido", date(2026, 12, 3), "CE-2027-000999")
    otro = abrir_expediente(session=session, numero_patronal=caso.patrono.numero_patronal,
                            tipo="juridica", hoy=date(2026, 2, 1), gestor=caso.gestor)  # fmt: skip
    ajena = carta(session, p.almacen, otro, "Informe de otro caso", date(2026, 12, 5), JURIDICA)
    with pytest.raises(ErrorDominio, match=f"vinculada al expediente {otro.numero}, no a"):
        _informe(session, caso, "recibido", date(2026, 12, 3), ajena.numero)
    with pytest.raises(ErrorDominio) as exc:
        _informe(session, caso, "recibido", date(2026, 12, 1), recibido)
    assert exc.value.problemas == [
        "La fecha 01/12/2026 es anterior a la del traslado (02/12/2026)."
    ]
    with pytest.raises(ErrorDominio) as exc:
        _informe(session, caso, "recibido", date(2026, 12, 5), recibido)
    assert exc.value.problemas == [
        f"La carta {recibido} se recibió el 04/12/2026, antes de la fecha informada (05/12/2026)."
    ]
    primero = _informe(session, caso, "recibido", date(2026, 12, 3), recibido)
    with pytest.raises(ErrorDominio, match=f"La carta {recibido} ya se registró como informe"):
        _informe(session, caso, "demanda_presentada", date(2026, 12, 4), recibido)

    demanda = _de_juridica(session, p, caso, "Demanda presentada", date(2027, 1, 20))
    with pytest.raises(ErrorDominio, match="es anterior a la de lo último informado"):
        _informe(session, caso, "demanda_presentada", date(2026, 12, 2), demanda)
    segundo = _informe(session, caso, "demanda_presentada", date(2027, 1, 18), demanda, DETALLE)
    sentencia = _de_juridica(session, p, caso, "Sentencia & <firme>", date(2027, 3, 31))
    with pytest.raises(ErrorDominio, match="es futura"):
        _informe(session, caso, "sentencia", date(2027, 4, 1), sentencia)
    tercero = _informe(session, caso, "sentencia", date(2027, 3, 30), sentencia, "Condena & costas")

    historia = juridica.informes_de(session=session, expediente=caso.expediente)
    assert [(i.estado, i.fecha) for i in historia] == [
        (J.TRASLADADO, TRASLADO), (J.RECIBIDO, date(2026, 12, 3)),
        (J.DEMANDA_PRESENTADA, date(2027, 1, 18)), (J.SENTENCIA, date(2027, 3, 30)),
    ]  # fmt: skip
    assert historia[1:] == [primero, segundo, tercero]
    assert segundo.detalle == DETALLE and segundo.registrado_por_id == caso.jefe.id
    assert juridica.estado_en_juridica(session=session, expediente=caso.expediente) == tercero
    assert caso.expediente.etapa == "en_juridica"


@pytest.mark.libreoffice
def test_devuelto_regresa_el_expediente_a_gestion_y_se_traslada_de_nuevo_con_otro_memorandum(
    session: Session,
    p: Parametros,
    caso: Caso,
) -> None:
    """GIVEN un expediente en Jurídica WHEN Jurídica lo devuelve THEN vuelve a gestión con el
    motivo; no se informa más hasta trasladarlo otra vez, y no con el mismo memorándum."""
    primero = documento_final(session, p, caso, "traslado_juridica")
    _trasladar(session, caso)
    devolucion = _de_juridica(session, p, caso, "Devolución & <observaciones>", date(2027, 1, 11))
    with pytest.raises(ErrorDominio) as exc:
        _informe(session, caso, "devuelto", date(2027, 1, 10), devolucion, "  ")
    assert exc.value.problemas == ["Indique en el detalle por qué Jurídica devuelve el expediente."]
    motivo = 'Falta la certificación de deuda "firmada" & <sellada>'
    devuelto = _informe(session, caso, "devuelto", date(2027, 1, 10), devolucion, motivo)
    assert caso.expediente.etapa == "en_gestion"
    assert (
        _ultimo_motivo(session, caso) == f"Devuelto por la Unidad Jurídica ({devolucion}): {motivo}"
    )
    assert juridica.estado_en_juridica(session=session, expediente=caso.expediente) == devuelto
    otra = _de_juridica(session, p, caso, "Otra nota", date(2027, 1, 12))
    with pytest.raises(ErrorDominio, match="no está trasladado a la Unidad Jurídica"):
        _informe(session, caso, "recibido", date(2027, 1, 12), otra)

    with pytest.raises(ErrorDominio) as exc:
        _trasladar(session, caso, date(2027, 1, 9))
    assert exc.value.problemas == [
        "La fecha 09/01/2027 es anterior a la de lo último informado (10/01/2027).",
        f"El memorándum {primero.numero} ya sirvió para el traslado del 02/12/2026: genere uno nuevo.",
    ]
    segundo = documento_final(session, p, caso, "traslado_juridica")
    traslado = _trasladar(session, caso, date(2027, 1, 15))
    assert traslado.carta_numero == segundo.numero and caso.expediente.etapa == "en_juridica"
    estados = [i.estado for i in juridica.informes_de(session=session, expediente=caso.expediente)]
    assert estados == [J.TRASLADADO, J.DEVUELTO, J.TRASLADADO]


def test_un_expediente_sellado_no_admite_traslados_ni_informes(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """GIVEN un expediente sellado y archivado THEN ni se traslada ni recibe informes."""
    agregar(session, p.almacen, caso.expediente, "aviso_cobro")
    sellar(session=session, almacen=p.almacen, expediente=caso.expediente,
                   usuario=caso.jefe, requisitos=cargar_requisitos(), hoy=HOY, bloqueos=BLOQUEOS_DE_SELLADO)  # fmt: skip
    with pytest.raises(ErrorDominio, match="está sellado y archivado: no admite cambios"):
        _trasladar(session, caso)
    with pytest.raises(ErrorDominio, match="está sellado y archivado: no admite cambios"):
        _informe(session, caso, "recibido", TRASLADO, caso.carta.numero)
