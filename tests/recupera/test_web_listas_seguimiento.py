"""Los convenios y los pagos ya no se cortan: paginan de 50 en 50 con el total y las sumas de
todos, se ordenan por sus columnas principales (el orden de las filas lo prueba), conservan
filtros y orden en los enlaces de página, vuelven a ellos desde «Mis filtros», y un gestor sigue
viendo solo lo suyo. Nombres con tildes, `&`, `<`, comillas y `{{ }}`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine

from expedientes import Expediente, Patrono, Rol, Usuario, hoy
from seguimiento import Convenio, CuotaConvenio, Pago
from tests.expedientes.datos import NIT_NANDU
from tests.recupera.conftest import CrearUsuarios, cliente_de, escribir, registrar
from tests.recupera.listas import abrir_filtro_guardado, comprobar_ordenes, filas, ordenadas

N = 110  # tres páginas: 50, 50 y 10
NUMERO_NANDU = "320099001"
SIN_FECHA = date(9999, 12, 31)
CON_PROXIMA = ("vigente", "incumplido", "legalizado")


@dataclass
class Cartera:
    """Dos patronos hostiles, cuatro expedientes (dos del gestor) y las personas."""

    patronos: list[Patrono]
    expedientes: list[Expediente]
    usuarios: dict[Rol, Usuario]


@pytest.fixture
def cartera(engine: Engine, crear_usuarios: CrearUsuarios) -> Cartera:
    """Pérez & Cía y «Ñandú» {{ x }}; expedientes en San Salvador (del gestor), Santa Ana y sin
    sucursal."""
    usuarios = crear_usuarios(Rol.GESTOR, Rol.JEFE)
    patronos = [
        registrar(engine, razon_social='Pérez & Cía <S.A.> "{{ x }}"'),
        registrar(engine, numero_patronal=NUMERO_NANDU, nit=NIT_NANDU,
                  razon_social="Distribuidora «Ñandú» & Hijos <1>", sucursal="Santa Ana"),
    ]  # fmt: skip
    gestor = usuarios[Rol.GESTOR].id
    datos = [(1, 0, "San Salvador", gestor), (2, 1, "Santa Ana", None),
             (3, 0, "San Salvador", gestor), (4, 1, "", None)]  # fmt: skip
    with escribir(engine) as s:
        expedientes = [
            Expediente(numero=f"EXP-2026-{n:05d}", patrono_id=patronos[p].id, tipo="convenio",
                       etapa="en_convenio", sucursal=suc, gestor_id=g, abierto_el=date(2026, 1, 5))
            for n, p, suc, g in datos
        ]  # fmt: skip
        s.add_all(expedientes)
    return Cartera(patronos, expedientes, usuarios)


def _convenios(engine: Engine, c: Cartera) -> list[dict[str, Any]]:
    """N convenios de tres cuotas: número, estado, saldo, vencido y próxima cuota van cada uno
    en otro orden que el de su registro; las cifras esperadas, calculadas aquí."""
    dia, estados = hoy(), ["vigente", "incumplido", "cumplido", "borrador", "legalizado"]
    datos = []
    with escribir(engine) as s:
        for i in range(N):
            e = c.expedientes[i % 4]
            monto = Decimal(100 + (i * 53) % N) + Decimal("0.25")
            cuotas = [(dia - timedelta(days=40 - (i * 7) % 30 - 30 * k), monto,
                       monto if (k == 0 and i % 2) else (Decimal("10.00") if k == 0 else Decimal("0")))
                      for k in range(3)]  # fmt: skip
            prima, pagada = Decimal("100.00"), Decimal("50.00") if i % 3 == 0 else Decimal("100.00")
            convenio = Convenio(
                expediente_id=e.id, documento_numero=f"DRP-2026-{(i * 37) % N + 1:06d}",
                estado=estados[i % 5], prima=prima, prima_pagada=pagada, financiado=3 * monto,
                total=prima + 3 * monto, cuotas_para_incumplir=2,
            )  # fmt: skip
            s.add(convenio)
            s.flush()
            for n, (vence, m, pagado) in enumerate(cuotas, start=1):
                s.add(CuotaConvenio(convenio_id=convenio.id, numero=n, vence_el=vence, monto=m, pagado=pagado))  # fmt: skip
            sin_pagar = [(v, m - p) for v, m, p in cuotas if p < m]
            patrono = c.patronos[0 if i % 4 in (0, 2) else 1]
            datos.append({
                "i": i, "id": convenio.documento_numero, "expediente": e.numero,
                "patrono": patrono.busqueda, "estado": convenio.estado, "sucursal": e.sucursal,
                "gestor": e.gestor_id, "saldo": prima - pagada + sum(f for _, f in sin_pagar),
                "vencido": sum((f for v, f in sin_pagar if v < dia), Decimal("0")),
                "proxima": min((v for v, _ in sin_pagar), default=SIN_FECHA)
                if convenio.estado in CON_PROXIMA else SIN_FECHA,
            })  # fmt: skip
    return datos


def _cifras(html: str) -> tuple[int, Decimal, Decimal]:
    """Lo que la lista dice de todos: cuántos, su saldo y lo vencido."""
    cantidad = re.search(r'id="conteo" class="conteo" data-cantidad="(\d+)"', html)
    saldo = re.search(r'id="saldo" data-monto="([\d.]+)"', html)
    vencido = re.search(r'id="vencido" data-monto="([\d.]+)"', html)
    assert cantidad and saldo and vencido
    return int(cantidad.group(1)), Decimal(saldo.group(1)), Decimal(vencido.group(1))


def _totales(datos: list[dict[str, Any]]) -> tuple[int, Decimal, Decimal]:
    return (len(datos), sum((d["saldo"] for d in datos), Decimal("0")),
            sum((d["vencido"] for d in datos), Decimal("0")))  # fmt: skip


def test_los_convenios_paginan_con_sus_totales_ordenan_y_guardan_sus_filtros(
    app: Flask, engine: Engine, cartera: Cartera
) -> None:
    """110 convenios: en el orden de registro en tres páginas, con las sumas de todos; por
    número, expediente, patrono, estado, saldo, vencido y próxima cuota en ambos sentidos; la
    sucursal y el orden viajan en los enlaces de página; «Mis filtros» los devuelve; el gestor
    pagina solo lo de sus expedientes."""
    datos = _convenios(engine, cartera)
    jefe = cliente_de(app, Rol.JEFE)
    patron = re.compile(r'<td class="mono">(DRP-2026-\d{6})</td>')
    registro = ordenadas(datos, lambda d: d["i"], desc=False)
    primera, html = filas(jefe, "/convenios/", patron)
    assert primera == registro[:50] and _cifras(html) == _totales(datos)
    assert 'Pérez & Cía <S.A.> "{{ x }}"' in html and "Distribuidora «Ñandú» & Hijos <1>" in html
    assert filas(jefe, "/convenios/?pagina=2", patron)[0] == registro[50:100]
    ultima, html = filas(jefe, "/convenios/?pagina=ultima", patron)
    assert ultima == registro[100:] and "Convenios 101 a 110 de 110 · página 3 de 3" in html
    assert _cifras(html) == _totales(datos), "las sumas son de todos, en cualquier página"
    comprobar_ordenes(jefe, "/convenios/", patron, datos, {
        "numero": lambda d: d["id"], "expediente": lambda d: d["expediente"],
        "patrono": lambda d: d["patrono"], "estado": lambda d: d["estado"],
        "saldo": lambda d: d["saldo"], "vencido": lambda d: d["vencido"],
        "proxima": lambda d: d["proxima"],
    })  # fmt: skip
    vigentes = [d for d in datos if d["estado"] in ("vigente", "incumplido")]
    vistas, html = filas(jefe, "/convenios/?estado=vigente,incumplido&orden=-saldo", patron)
    assert vistas == ordenadas(vigentes, lambda d: d["saldo"], desc=True)
    assert _cifras(html) == _totales(vigentes)
    san_salvador = [d for d in datos if d["sucursal"] == "San Salvador"]
    vistas, html = filas(jefe, "/convenios/?sucursal=San+Salvador&orden=-proxima", patron)
    assert vistas == ordenadas(san_salvador, lambda d: d["proxima"], desc=True)[:50]
    assert _cifras(html) == _totales(san_salvador)
    assert 'href="/convenios/?sucursal=San+Salvador&orden=-proxima&pagina=2"' in html
    con_vencidas = [d for d in datos if d["vencido"]]
    html = abrir_filtro_guardado(jefe, "/convenios/", "con_vencidas=1&orden=-vencido")
    assert _cifras(html) == _totales(con_vencidas)
    assert patron.findall(html) == ordenadas(con_vencidas, lambda d: d["vencido"], desc=True)[:50]


def test_un_gestor_pagina_solo_los_convenios_de_sus_expedientes(
    app: Flask, engine: Engine, cartera: Cartera
) -> None:
    """El gestor ve los 55 convenios de sus dos expedientes, en páginas, con las sumas de esos;
    la lista de los sin sucursal suma solo los suyos."""
    datos = _convenios(engine, cartera)
    patron = re.compile(r'<td class="mono">(DRP-2026-\d{6})</td>')
    suyos = [d for d in datos if d["gestor"] == cartera.usuarios[Rol.GESTOR].id]
    gestor = cliente_de(app, Rol.GESTOR)
    vistas, html = filas(gestor, "/convenios/?orden=numero", patron)
    assert vistas == ordenadas(suyos, lambda d: d["id"], desc=False)[:50]
    assert _cifras(html) == _totales(suyos) and "Convenios 1 a 50 de 55" in html
    vistas, html = filas(gestor, "/convenios/?orden=numero&pagina=2", patron)
    assert vistas == ordenadas(suyos, lambda d: d["id"], desc=False)[50:]
    sin_sucursal = [d for d in datos if not d["sucursal"]]
    jefe = cliente_de(app, Rol.JEFE)
    assert _cifras(filas(jefe, "/convenios/?sucursal=ninguna", patron)[1]) == _totales(sin_sucursal)


def _pagos(engine: Engine, c: Cartera) -> list[dict[str, Any]]:
    """N pagos de los dos patronos: fecha, referencia, sucursal y monto en otro orden cada uno."""
    sucursales = ["San Salvador", "Santa Ana", ""]
    datos = []
    with escribir(engine) as s:
        for i in range(N):
            k, patrono = (i * 37) % N, c.patronos[i % 2]
            d = {"i": i, "id": f"{k:03d}", "fecha": date(2026, 1, 1) + timedelta(days=(i * 53) % N),
                 "monto": Decimal(1000 + (i * 71) % N) + Decimal("0.99"), "sucursal": sucursales[i % 3],
                 "patrono": patrono.busqueda, "suyo": i % 2 == 0}  # fmt: skip
            s.add(Pago(patrono_id=patrono.id, fecha=d["fecha"], monto=d["monto"],
                       referencia=f"R-{k:03d} & <{i}>", sucursal=d["sucursal"],
                       sin_aplicar=d["monto"] if i % 5 == 0 else Decimal("0")))  # fmt: skip
            s.flush()
            datos.append(d)
    return datos


def _suma(html: str) -> tuple[int, Decimal]:
    cantidad = re.search(r'id="conteo" class="conteo" data-cantidad="(\d+)"', html)
    monto = re.search(r'id="monto" data-monto="([\d.]+)"', html)
    assert cantidad and monto
    return int(cantidad.group(1)), Decimal(monto.group(1))


def test_los_pagos_paginan_con_sus_totales_ordenan_y_guardan_sus_filtros(
    app: Flask, engine: Engine, cartera: Cartera
) -> None:
    """110 pagos: los más recientes primero en tres páginas (sin el aviso de «se muestran los
    más recientes»), con la suma de todos; por fecha, referencia, patrono, sucursal y monto en
    ambos sentidos; las fechas y el orden viajan en los enlaces de página; «Mis filtros» los
    devuelve; el gestor pagina solo los de sus patronos."""
    datos = _pagos(engine, cartera)
    jefe = cliente_de(app, Rol.JEFE)
    patron = re.compile(r'<td class="mono">R-(\d{3}) &amp; &lt;\d+&gt;</td>')
    recientes = ordenadas(datos, lambda d: d["fecha"], desc=True, desempate_fijo=True)
    todos = (N, sum((d["monto"] for d in datos), Decimal("0")))
    primera, html = filas(jefe, "/pagos/", patron)
    assert primera == recientes[:50] and _suma(html) == todos
    assert "Se muestran" not in html and 'Pérez & Cía <S.A.> "{{ x }}"' in html
    assert filas(jefe, "/pagos/?pagina=2", patron)[0] == recientes[50:100]
    ultima, html = filas(jefe, "/pagos/?pagina=ultima", patron)
    assert ultima == recientes[100:] and "Pagos 101 a 110 de 110 · página 3 de 3" in html
    assert _suma(html) == todos
    comprobar_ordenes(jefe, "/pagos/", patron, datos, {
        "fecha": lambda d: d["fecha"], "referencia": lambda d: d["id"],
        "sucursal": lambda d: d["sucursal"], "monto": lambda d: d["monto"],
    }, desempate_fijo=True)  # fmt: skip
    comprobar_ordenes(jefe, "/pagos/", patron, datos, {"patrono": lambda d: d["patrono"]})
    desde = [d for d in datos if d["fecha"] >= date(2026, 1, 21)]
    vistas, html = filas(jefe, "/pagos/?desde=2026-01-21&orden=monto", patron)
    assert vistas == ordenadas(desde, lambda d: d["monto"], desc=False)[:50]
    assert _suma(html) == (90, sum((d["monto"] for d in desde), Decimal("0")))
    assert 'href="/pagos/?desde=2026-01-21&orden=monto&pagina=2"' in html
    html = abrir_filtro_guardado(jefe, "/pagos/", "sucursal=ninguna&orden=-monto")
    sin_sucursal = [d for d in datos if not d["sucursal"]]
    assert _suma(html)[0] == len(sin_sucursal)
    assert patron.findall(html) == ordenadas(sin_sucursal, lambda d: d["monto"], desc=True)
    suyos = [d for d in datos if d["suyo"]]
    vistas, html = filas(cliente_de(app, Rol.GESTOR), "/pagos/?orden=referencia", patron)
    assert vistas == ordenadas(suyos, lambda d: d["id"], desc=False)[:50]
    assert _suma(html) == (55, sum((d["monto"] for d in suyos), Decimal("0")))
