"""El seguimiento en la demostración: un convenio al día (firmado hace unos cinco meses) y otro
incumplido (firmado hace tres, que dejó de pagar), con sus pagos importados al día hábil siguiente
de cada uno, la revisión de cuotas que el servidor hace cada mañana, y las metas del Plan Anual
de cada sucursal.

Todo pasa por los servicios reales: el convenio es un documento generado, revisado por el jefe,
final y firmado el mismo día; los pagos se importan de un CSV; la revisión genera el requerimiento
y las alertas el día en que las cuotas vencen. Así el panel del jefe tiene algo que mostrar desde
el primer arranque.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import Session, col, select

from archivo import Requisitos, pdf_de_texto, sin_ocr
from expedientes import Etapa, Patrono, escribir_csv, habil_desde
from plantillas import Parametros
from recupera.demo_expedientes import Caso, Departamento
from recupera.demo_reloj import Historia, habil_hasta, habiles_despues, momento
from recupera.demo_salida import redactar_final
from seguimiento import (
    Convenio,
    CuotaConvenio,
    fijar_meta,
    importar_pagos,
    legalizar_convenio,
    registrar_convenio,
    revisar_cuotas,
)

# (hace cuántos días se firmó, cuántas cuotas paga: None, todas las que vencen)
CONVENIOS = [(150, None), (95, 1)]


def planear_convenios(casos: list[Caso], hoy: date) -> list[Caso]:
    """Los casos de los gestores que firman convenio (de convenio primero, luego de cobro), con
    su gestión al menos dos semanas antes de la firma; su expediente pasa a «en convenio» al
    firmarse, no antes."""
    elegidos: list[Caso] = []
    for dias, _ in CONVENIOS:
        firma = habil_hasta(hoy - timedelta(days=dias))
        posibles = [c for c in casos if c not in elegidos and _puede_firmar(c, firma)]
        posibles.sort(key=lambda c: (c.tipo != "convenio", c.apertura))
        if posibles:
            posibles[0].convenio = firma
            posibles[0].pasos = [(e, d) for e, d in posibles[0].pasos if e != Etapa.EN_CONVENIO]
            elegidos.append(posibles[0])
    return elegidos


def _puede_firmar(caso: Caso, firma: date) -> bool:
    """Un caso de un gestor, de convenio o de cobro, en gestión desde dos semanas antes de la
    firma y que no se cierra ni sale a otra etapa."""
    gestion = next((d for e, d in caso.pasos if e == Etapa.EN_GESTION), None)
    return (
        caso.gestor in ("gestor", "gestora2")
        and caso.tipo in ("convenio", "cobro")
        and gestion is not None
        and gestion < firma - timedelta(days=14)
        and all(e in (Etapa.EN_GESTION, Etapa.EN_CONVENIO) for e, _ in caso.pasos)
    )


def historia_del_convenio(dep: Departamento, p: Parametros, requisitos: Requisitos, caso: Caso, paga: int | None) -> Historia:  # fmt: skip
    """El gestor redacta el convenio temprano, el jefe lo aprueba y queda final; el patrono lo
    firma esa tarde (prima incluida) y el gestor lo legaliza con el escaneo firmado."""
    firmado = caso.convenio
    assert firmado is not None
    primera = habil_desde(firmado + timedelta(days=20))  # la primera cuota vence en día hábil
    datos = {"corte": firmado.isoformat(), "prima": "100.00", "cuotas": "6",
             "primera_fecha": primera.isoformat(), "periodicidad": "mensual"}  # fmt: skip
    documento = yield from redactar_final(
        dep, p, caso, "convenio_pago", datos, momento(firmado, 8, 30)
    )
    yield momento(firmado, 10, 5)
    gestor = dep.gestor_de(caso)
    convenio = registrar_convenio(session=dep.session, almacen=p.almacen, documento=documento,
                                  usuario=gestor, cuotas_para_incumplir_predeterminado=2)  # fmt: skip
    yield momento(firmado, 15)
    escaneo = pdf_de_texto(
        titulo=f"Convenio de pago {documento.numero} — firmado",
        campos=[("Expediente", caso.abierto.numero), ("Firmado el", f"{firmado:%d/%m/%Y}")],
        parrafos=["Escaneo del convenio firmado por el patrono y por el Instituto."],
    )
    legalizar_convenio(
        session=dep.session, almacen=p.almacen, convenio=convenio, firmado_el=firmado,
        escaneo=escaneo, nombre_archivo=f"{documento.numero}-firmado.pdf", ocr=sin_ocr(),
        usuario=gestor, requisitos=requisitos, hoy=firmado,
    )  # fmt: skip
    for dia, monto, sufijo in _pagos(dep.session, convenio, paga, dep.ultimo):
        dep.agenda.contar(_historia_del_pago(dep, caso, dia, monto, sufijo))


def _pagos(session: Session, convenio: Convenio, paga: int | None, hoy: date) -> list[tuple[date, Decimal, str]]:  # fmt: skip
    """La prima el día de la firma y las cuotas que paga (las que vencieron hasta `hoy`), cada una
    el día en que vence."""
    assert convenio.firmado_el is not None
    cuotas = session.exec(
        select(CuotaConvenio)
        .where(CuotaConvenio.convenio_id == convenio.id)
        .order_by(col(CuotaConvenio.numero))
    ).all()
    pagadas = [(c.vence_el, c.monto, str(c.numero)) for c in cuotas[:paga] if c.vence_el <= hoy]
    return [(convenio.firmado_el, convenio.prima, "P"), *pagadas]


def _historia_del_pago(dep: Departamento, caso: Caso, dia: date, monto: Decimal, sufijo: str) -> Historia:  # fmt: skip
    """El pago llega en el archivo del banco del día hábil siguiente y se importa temprano (antes
    de la revisión de cuotas); lo que se paga el último día trabajado aún no llega."""
    importado = habiles_despues(dia, 1)
    if importado > dep.ultimo:
        return
    yield momento(importado, 7, 30)
    numero = caso.patrono["numero_patronal"]
    fila = {"numero_patronal": numero, "fecha": dia.isoformat(), "monto": f"{monto}",
            "referencia": f"REC-{dia:%Y%m%d}-{numero}-{sufijo}"}  # fmt: skip
    columnas = ("numero_patronal", "fecha", "monto", "referencia")
    importar_pagos(session=dep.session, contenido=escribir_csv(columnas, [fila]), hoy=importado)


def historia_de_la_revision(dep: Departamento, p: Parametros, desde: date, tolerancia: int) -> Historia:  # fmt: skip
    """La revisión de cuotas que el servidor hace cada mañana hábil, desde la primera firma."""
    dia = habil_desde(desde)
    while dia <= dep.ultimo:
        yield momento(dia, 7, 45)
        revisar_cuotas(session=dep.session, p=p, hoy=dia, tolerancia_dias=tolerancia)
        dia = habiles_despues(dia, 1)


def historia_de_las_metas(dep: Departamento) -> Historia:
    """El jefe fija en el primer día hábil del año (o, si aún no llega, el último trabajado) la
    meta mensual de cada sucursal para todo el año."""
    dia = min(dep.ultimo, habil_desde(date(dep.hoy.year, 1, 2)))
    yield momento(dia, 8, 15)
    sucursales = sorted(set(dep.session.exec(select(Patrono.sucursal)).all()) - {""})
    for sucursal in sucursales:
        for mes in range(1, 13):
            fijar_meta(session=dep.session, anio=dep.hoy.year, mes=mes, sucursal=sucursal,
                       meta=Decimal("1500.00") + Decimal(mes * 50))  # fmt: skip
