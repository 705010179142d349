"""Importar pagos y aplicarlos a un convenio firmado de verdad: la prima primero, después las
cuotas por vencimiento; pagos parciales, exactos y de más; todo o nada, idempotente, en cualquier
codificación y separador, con cada problema en su línea."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session, col, select

from archivo import sellar
from expedientes import Auditoria, ErrorDominio, registrar_patrono
from plantillas import Parametros
from seguimiento.aplicacion_pagos import CERO
from seguimiento.convenios_estados import EstadoConvenio
from seguimiento.modelos import Alerta, AplicacionPago, CuotaConvenio, Pago
from seguimiento.pagos import ResultadoPagos, importar_pagos
from tests.expedientes.datos import NIT_NANDU
from tests.seguimiento.test_convenios import (
    FIRMA,
    NUMERO_PATRONAL,
    REQUISITOS,
    ConvenioDePrueba,
    csv_pagos,
    legalizar,
    p,
    preparar,
    vigente,
)

__all__ = ["p"]
pytestmark = pytest.mark.libreoffice
E = EstadoConvenio
HOY = date(2027, 3, 1)
OTRO_PATRONAL = "320099001"


def _importar(session: Session, filas: list[list[str]], hoy: date = HOY) -> ResultadoPagos:
    return importar_pagos(session=session, contenido=csv_pagos(filas), hoy=hoy)


def _piezas(session: Session, referencia: str) -> list[tuple[int | None, Decimal]]:
    """(número de cuota o None si fue a la prima, monto) de cada pieza del pago."""
    pago = session.exec(select(Pago).where(Pago.referencia == referencia)).one()
    filas = session.exec(
        select(AplicacionPago, CuotaConvenio.numero)
        .outerjoin(CuotaConvenio, col(CuotaConvenio.id) == col(AplicacionPago.cuota_id))
        .where(AplicacionPago.pago_id == pago.id)
        .order_by(col(AplicacionPago.id))
    ).all()
    return [(numero, a.monto) for a, numero in filas]


def _otro_patrono(session: Session) -> None:
    registrar_patrono(
        session=session,
        campos={"numero_patronal": OTRO_PATRONAL, "nit": NIT_NANDU,
                "razon_social": "Distribuidora Ñandú & Hijos <S.A.>", "sucursal": "Santa Tecla"},
    )  # fmt: skip


def test_la_prima_se_paga_primero_y_un_pago_parcial_no_la_da_por_pagada(
    session: Session, p: Parametros
) -> None:
    """GIVEN un convenio legalizado con prima de $1,500.00 WHEN llega un pago de $1,000.00 y otro
    de $700.00 THEN el primero va entero a la prima (sigue legalizado); el segundo completa la
    prima, el convenio rige desde ese pago y el resto abona parcialmente la cuota 1."""
    prueba = preparar(session, p)
    legalizar(session, p, prueba.caso, prueba.convenio)
    c, cuota1 = prueba.convenio, prueba.cuotas[0]
    _importar(session, [[NUMERO_PATRONAL, "2026-11-18", "1000.00", "P-1"]])
    assert (c.estado, c.prima_pagada, cuota1.pagado) == (E.LEGALIZADO, Decimal("1000.00"), CERO)
    resultado = _importar(session, [[NUMERO_PATRONAL, "2026-11-20", "700.00", "P-2"]])
    assert (c.estado, c.prima_pagada, c.vigente_desde) == (
        E.VIGENTE, Decimal("1500.00"), date(2026, 11, 20),
    )  # fmt: skip
    assert cuota1.pagado == Decimal("200.00") and cuota1.pagada_el is None
    assert _piezas(session, "P-1") == [(None, Decimal("1000.00"))]
    assert _piezas(session, "P-2") == [(None, Decimal("500.00")), (1, Decimal("200.00"))]
    assert resultado.resumen() == (
        "1 filas leídas (UTF-8): 1 pagos nuevos, 0 ya importados; aplicado a convenios $700.00, "
        f"sin aplicar $0.00.\nConvenios ahora vigentes (prima pagada): {c.documento_numero}"
    )


def test_pagos_exactos_y_de_mas_pasan_a_las_cuotas_siguientes_y_lo_que_sobra_queda_sin_aplicar(
    session: Session, p: Parametros
) -> None:
    """GIVEN un convenio vigente de cuatro cuotas WHEN se paga la cuota 1 exacta, luego la 2 con
    $10.00 de más, y al final un pago que excede el saldo THEN cada cuota queda pagada en su
    fecha, el excedente abona la siguiente, el convenio queda cumplido en la fecha del último
    pago con una alerta para proponer el siguiente paso, y lo que sobra queda sin aplicar."""
    prueba = vigente(session, p)
    c, (q1, q2, q3, q4) = prueba.convenio, prueba.cuotas
    _importar(session, [[NUMERO_PATRONAL, "2026-11-25", str(q1.monto), "EXACTO-1"]])
    assert (q1.pagado, q1.pagada_el, q2.pagado) == (q1.monto, date(2026, 11, 25), CERO)
    de_mas = q2.monto + Decimal("10.00")
    _importar(session, [[NUMERO_PATRONAL, "2026-12-28", str(de_mas), "DE-MAS-2"]])
    assert (q2.pagado, q2.pagada_el, q3.pagado) == (q2.monto, date(2026, 12, 28), Decimal("10.00"))
    assert _piezas(session, "DE-MAS-2") == [(2, q2.monto), (3, Decimal("10.00"))]
    assert c.estado == E.VIGENTE
    saldo = q3.monto - Decimal("10.00") + q4.monto
    resultado = _importar(
        session, [[NUMERO_PATRONAL, "2027-01-20", str(saldo + Decimal("123.45")), "FINAL-3"]]
    )
    assert [q.pagada_el for q in prueba.cuotas][2:] == [date(2027, 1, 20)] * 2
    assert (c.estado, c.cerrado_el) == (E.CUMPLIDO, date(2027, 1, 20))
    pago = session.exec(select(Pago).where(Pago.referencia == "FINAL-3")).one()
    assert pago.sin_aplicar == Decimal("123.45")
    assert resultado.sin_aplicar == Decimal("123.45") and resultado.aplicado == saldo
    assert f"Convenios cumplidos: {c.documento_numero}" in resultado.resumen()
    alerta = session.exec(select(Alerta)).one()
    assert (alerta.tipo, alerta.clave, alerta.creada_el, alerta.convenio_id) == (
        "proponer-siguiente-paso", f"proponer-siguiente-paso:{c.documento_numero}", HOY, c.id,
    )  # fmt: skip
    assert "transacción" in alerta.mensaje and "descargo" in alerta.mensaje
    # Cumplido: un pago posterior ya no se aplica a este convenio.
    _importar(session, [[NUMERO_PATRONAL, "2027-02-01", "50.00", "DESPUES"]])
    assert _piezas(session, "DESPUES") == []


def test_el_orden_del_archivo_no_cambia_el_resultado(session: Session, p: Parametros) -> None:
    """Los pagos se aplican por fecha y, el mismo día, por referencia: el pago más antiguo paga la
    prima aunque venga al final del archivo."""
    prueba = preparar(session, p)
    legalizar(session, p, prueba.caso, prueba.convenio)
    _importar(
        session,
        [
            [NUMERO_PATRONAL, "2026-11-30", "300.00", "B-DEL-30"],
            [NUMERO_PATRONAL, "2026-11-30", "200.00", "A-DEL-30"],
            [NUMERO_PATRONAL, "2026-11-18", "1500.00", "Z-PRIMA"],
        ],
    )
    assert _piezas(session, "Z-PRIMA") == [(None, Decimal("1500.00"))]
    assert _piezas(session, "A-DEL-30") == [(1, Decimal("200.00"))]
    assert _piezas(session, "B-DEL-30") == [(1, Decimal("300.00"))]
    ids = [a.pago_id for a in session.exec(select(AplicacionPago).order_by(col(AplicacionPago.id)))]
    referencias = {pg.id: pg.referencia for pg in session.exec(select(Pago))}
    assert [referencias[i] for i in ids] == ["Z-PRIMA", "A-DEL-30", "B-DEL-30"]


def test_reimportar_el_mismo_archivo_no_cambia_nada(session: Session, p: Parametros) -> None:
    """GIVEN un archivo ya importado WHEN se importa otra vez (ahora en Windows-1252 con punto y
    coma, en otro orden) THEN nada nuevo: ni pagos, ni aplicaciones, ni renglones de bitácora."""
    prueba = vigente(session, p)
    filas = [
        [NUMERO_PATRONAL, "2026-11-25", "400.00", "Depósito Nº 7 «Ñandú»"],
        [NUMERO_PATRONAL, "2026-12-01", "25.50", "REF-2"],
    ]
    primero = _importar(session, filas)
    assert (primero.nuevos, primero.ya_importados) == (2, 0)
    antes = (
        len(session.exec(select(Pago)).all()),
        len(session.exec(select(AplicacionPago)).all()),
        len(session.exec(select(Auditoria)).all()),
        prueba.cuotas[0].pagado,
    )
    texto = "numero_patronal;fecha;monto;referencia\r\n" + "".join(
        ";".join(f) + "\r\n" for f in reversed(filas)
    )
    segundo = importar_pagos(session=session, contenido=texto.encode("cp1252"), hoy=HOY)
    assert (segundo.nuevos, segundo.ya_importados, segundo.codificacion) == (
        0, 2, "Windows-1252",
    )  # fmt: skip
    assert segundo.aplicado == CERO and segundo.sin_aplicar == CERO
    despues = (
        len(session.exec(select(Pago)).all()),
        len(session.exec(select(AplicacionPago)).all()),
        len(session.exec(select(Auditoria)).all()),
        prueba.cuotas[0].pagado,
    )
    assert despues == antes


def test_un_archivo_con_problemas_lista_cada_linea_y_no_importa_nada(
    session: Session, p: Parametros
) -> None:
    """Fecha mala, monto negativo o con coma, patrono desconocido, fecha futura, referencia
    repetida en el archivo o ya importada con otro monto: todo se lista con su línea, y ni
    siquiera las filas buenas se guardan."""
    prueba = vigente(session, p)
    pagos_antes = len(session.exec(select(Pago)).all())
    filas = [
        [NUMERO_PATRONAL, "2026-12-01", "100.00", "BUENO-1"],
        [NUMERO_PATRONAL, "01/12/2026", "100.00", "FECHA-MALA"],
        [NUMERO_PATRONAL, "2026-12-01", "-5.00", "NEGATIVO"],
        ["999999999", "2026-12-01", "10.00", "DESCONOCIDO"],
        [NUMERO_PATRONAL, "2026-12-01", "1,000.00", "CON-COMA"],
        [NUMERO_PATRONAL, "2027-03-02", "10.00", "FUTURO"],
        [NUMERO_PATRONAL, "2026-12-02", "100.00", "BUENO-1"],
        [NUMERO_PATRONAL, FIRMA.isoformat(), "1499.99", "PRIMA-001"],
        [NUMERO_PATRONAL, "2026-12-03", "", ""],
    ]
    with pytest.raises(ErrorDominio, match="tiene 9 problema") as exc:
        _importar(session, filas)
    assert exc.value.problemas == [
        "línea 3: la fecha «01/12/2026» debe ser una fecha AAAA-MM-DD",
        "línea 4: el monto «-5.00» no puede ser menor que 0.01",
        "línea 5: el número patronal 999999999 no está registrado",
        "línea 6: el monto «1,000.00»: use punto decimal y sin separador de miles",
        "línea 7: la fecha 2027-03-02 es futura",
        "línea 8: la referencia BUENO-1 ya aparece en la línea 2",
        "línea 9: la referencia PRIMA-001 ya se importó por 1500.00",
        "línea 10: el monto «» no es un monto",
        "línea 10: falta la referencia del pago",
    ]
    assert len(session.exec(select(Pago)).all()) == pagos_antes
    assert prueba.cuotas[0].pagado == CERO


def test_los_pagos_de_un_patrono_sin_convenio_quedan_sin_aplicar(
    session: Session, p: Parametros
) -> None:
    """Un patrono sin convenio legalizado o vigente: el pago se guarda entero sin aplicar, con la
    sucursal del patrono (el Plan Anual cuenta lo recuperado por sucursal)."""
    preparar(session, p)  # el convenio sigue en borrador: aún no recibe pagos
    _otro_patrono(session)
    contenido = (
        "\ufeffnumero_patronal,fecha,monto,referencia\n320-099-001,2026-12-01,980.50,X&<1>\n"
    )
    resultado = importar_pagos(session=session, contenido=contenido.encode("utf-8"), hoy=HOY)
    assert resultado.codificacion == "UTF-8 con BOM"
    _importar(session, [[NUMERO_PATRONAL, "2026-12-01", "10.00", "BORRADOR"]])
    pagos = {pg.referencia: pg for pg in session.exec(select(Pago))}
    assert (pagos["X&<1>"].sin_aplicar, pagos["X&<1>"].sucursal) == (
        Decimal("980.50"), "Santa Tecla",
    )  # fmt: skip
    assert pagos["BORRADOR"].sin_aplicar == Decimal("10.00")
    assert session.exec(select(AplicacionPago)).all() == []
    assert resultado.resumen().endswith("aplicado a convenios $0.00, sin aplicar $980.50.")


def test_un_expediente_sellado_no_recibe_pagos(
    session: Session, p: Parametros, monkeypatch: pytest.MonkeyPatch
) -> None:
    """El convenio de un expediente sellado no cambia: el pago queda sin aplicar."""
    # Sellado con el convenio en curso (hoy el archivo lo impide; un sello de antes, no).
    prueba: ConvenioDePrueba = vigente(session, p)
    sellar(
        session=session, almacen=p.almacen, expediente=prueba.caso.expediente,
        usuario=prueba.caso.jefe, requisitos=REQUISITOS, hoy=date(2026, 11, 30), bloqueos=(),
    )  # fmt: skip
    _importar(session, [[NUMERO_PATRONAL, "2026-12-01", "100.00", "TRAS-EL-SELLO"]])
    pago = session.exec(select(Pago).where(Pago.referencia == "TRAS-EL-SELLO")).one()
    assert pago.sin_aplicar == Decimal("100.00") and prueba.cuotas[0].pagado == CERO
