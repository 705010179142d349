"""La demostración: datos creíbles y difíciles, una sola vez, y credenciales que funcionan."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import SQLModel, select
from stdnum.sv import nit as stdnum_nit

from avisos import Aviso
from correspondencia import PLAZO_CORRE, Correspondencia, EstadoCarta, Saliente
from expedientes import (
    NOMBRES_ROL,
    Actor,
    DeudaPeriodo,
    Etapa,
    Expediente,
    Patrono,
    Rol,
    Usuario,
    crear_engine,
    crear_usuario,
    hoy,
)
from panel import generar_reporte
from recupera.demo import CREDENCIALES, EstadoDemo, cargar_demo
from seguimiento import Convenio, EstadoConvenio
from tests.bd import nueva_sesion, sesion
from tests.recupera.conftest import entrar, nueva_app, nuevas_settings, texto
from tests.recupera.servidor import copiar_demo

HOY = date(2026, 11, 21)
ACTOR = Actor("prueba:demo")


def _dui_valido(nueve: str) -> bool:
    """DUI: pesos 9..2 sobre los 8 primeros dígitos; verificador = (10 − suma mód 10) mód 10."""
    suma = sum(int(d) * peso for d, peso in zip(nueve[:8], range(9, 1, -1), strict=True))
    return (10 - suma % 10) % 10 == int(nueve[8])


@pytest.fixture(scope="module")
def demo(url_modulo: str) -> Iterator[Engine]:
    """Una base por motor con la demostración cargada una vez para todo el módulo."""
    engine = crear_engine(url_modulo)
    with sesion(engine, ACTOR) as s:
        assert cargar_demo(session=s, hoy=HOY) is EstadoDemo.CARGADA
    yield engine
    engine.dispose()


def _todos(engine: Engine, modelo: type[SQLModel]) -> list:
    with sesion(engine, ACTOR) as s:
        return list(s.exec(select(modelo)).all())


def test_la_demo_carga_40_patronos_con_nit_valido_y_nombres_dificiles(demo: Engine) -> None:
    """NIT de 14 dígitos válidos o DUI de 9; razones sociales con `&`, tildes y Ñ."""
    patronos = _todos(demo, Patrono)
    assert len(patronos) == 40
    nits = [p.nit for p in patronos]
    assert all(n.isdigit() and len(n) in (9, 14) for n in nits)
    assert all(stdnum_nit.is_valid(n) for n in nits if len(n) == 14)
    assert all(_dui_valido(n) for n in nits if len(n) == 9)
    assert any(len(n) == 9 for n in nits) and any(len(n) == 14 for n in nits)
    razones = [p.razon_social for p in patronos]
    assert any("&" in r for r in razones)
    assert any(re.search("[áéíóúÁÉÍÓÚ]", r) for r in razones)
    assert any("Ñ" in r for r in razones)
    assert len({p.sucursal for p in patronos}) > 1


def test_la_demo_tiene_expedientes_en_todas_las_etapas_y_varias_sucursales(demo: Engine) -> None:
    """Hay al menos un expediente en cada etapa, en más de una sucursal."""
    expedientes = _todos(demo, Expediente)
    assert {e.etapa for e in expedientes} == set(Etapa)
    assert len({e.sucursal for e in expedientes}) > 1
    assert all(re.fullmatch(r"EXP-20(25|26)-\d{5}", e.numero) for e in expedientes)


def test_la_mora_de_la_demo_va_de_2024_hasta_el_mes_anterior_al_corte(demo: Engine) -> None:
    """Períodos desde 2024 hasta 2026, ninguno del mes en curso ni futuro."""
    periodos = [d.periodo for d in _todos(demo, DeudaPeriodo)]
    assert min(periodos).year == 2024
    assert max(periodos).year == 2026
    assert max(periodos) <= date(2026, 10, 1)


def test_la_demo_crea_un_usuario_por_rol(demo: Engine) -> None:
    """Cada rol tiene al menos una persona, y son las de CREDENCIALES."""
    usuarios = _todos(demo, Usuario)
    assert {u.rol for u in usuarios} == set(Rol)
    assert {(u.nombre_usuario, u.rol) for u in usuarios} == {(n, r) for n, _, r in CREDENCIALES}


def test_cargar_la_demo_otra_vez_devuelve_false_y_no_cambia_nada(demo: Engine) -> None:
    """Con usuarios ya cargados no se toca ninguna tabla (ni la bitácora)."""

    def conteos() -> dict[str, int]:
        with demo.connect() as c:
            return {
                nombre: int(c.execute(select(func.count()).select_from(tabla)).scalar_one())
                for nombre, tabla in SQLModel.metadata.tables.items()
            }

    antes = conteos()
    with sesion(demo, ACTOR) as s:
        assert cargar_demo(session=s, hoy=HOY) is EstadoDemo.YA_ESTABA
    assert conteos() == antes
    assert antes["auditoria"] > 0


def test_cada_credencial_de_la_demo_entra_por_la_web(
    demo: Engine, url_modulo: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Cada usuario y contraseña impresos por `recupera demo` inician sesión y ven su rol."""
    app = nueva_app(nuevas_settings(url_modulo, tmp_path_factory.mktemp("demo")))
    for nombre, contrasena, rol in CREDENCIALES:
        cliente = app.test_client()
        respuesta = entrar(cliente, nombre, contrasena)
        assert respuesta.status_code == 302, nombre
        inicio = texto(cliente.get("/"))
        assert f'<span class="rol">{NOMBRES_ROL[Rol(rol)]}</span>' in inicio, nombre


def test_la_demo_no_se_mezcla_con_una_base_que_ya_tiene_usuarios_propios(engine: Engine) -> None:
    """Con un usuario real y ninguno de la demo, no se carga nada y se dice por qué."""
    with sesion(engine, ACTOR) as s:
        crear_usuario(
            session=s,
            nombre_usuario="ana.lopez",
            nombre_completo="Ana López",
            rol="admin",
            contrasena="Una-contraseña-larga",
        )
    with sesion(engine, ACTOR) as s:
        assert cargar_demo(session=s, hoy=HOY) is EstadoDemo.OTROS_DATOS
    with nueva_sesion(engine) as s:
        assert s.exec(select(func.count()).select_from(Patrono)).one() == 0


@pytest.mark.lento
def test_la_demo_completa_trae_cartas_en_cada_estado_y_convenios_al_dia_e_incumplidos(
    plantilla_demo: Path, tmp_path: Path
) -> None:
    """La de `recupera demo` (con documentos): cartas vinculadas y por vincular, vencidas, en
    cada estado, que el reporte del panel cuenta todas; un convenio vigente y otro incumplido."""
    copiar_demo(plantilla_demo, tmp_path)
    engine = crear_engine(f"sqlite:///{tmp_path / 'recupera.db'}")
    try:
        cartas = _todos(engine, Correspondencia)
        assert {c.estado for c in cartas} == set(EstadoCarta)
        assert {c.expediente_id is None for c in cartas} == {True, False}
        dia = hoy()
        assert any(c.estado in PLAZO_CORRE and c.vence_el and c.vence_el < dia for c in cartas)
        assert {EstadoConvenio.VIGENTE, EstadoConvenio.INCUMPLIDO} <= {
            c.estado for c in _todos(engine, Convenio)
        }
        with nueva_sesion(engine) as s:
            reporte = generar_reporte("correspondencia", session=s, hoy=dia,
                                       desde=dia - timedelta(days=90))  # fmt: skip
        assert reporte.totales["recibidas"] == len(cartas)
        # Lo que sale, en cada momento: en redacción, por enviar por correo y por mensajero,
        # enviada, rebotada y entregada con su acuse; cada una final con su PDF/A y el oficio, respondiendo a su carta.
        salidas = _todos(engine, Saliente)
        momentos = {(s.estado, s.canal) for s in salidas}
        # Un borrador ya sabe por dónde saldrá: por correo al patrono que tiene uno.
        assert {("reservada", "correo"), ("pendiente", "correo"), ("pendiente", "mensajero"),
                ("enviada", "correo"), ("rebotada", "correo"),
                ("entregada", "mensajero")} <= momentos  # fmt: skip
        (entregada,) = [s for s in salidas if s.estado == "entregada"]
        assert entregada.acuse_sha256 and entregada.entregado_en
        # Dos solicitudes que esperan respuesta: una vencida, otra en plazo.
        esperan = sorted(s.vence_el for s in salidas if s.vence_el and not s.respondida_por_id)
        assert len(esperan) == 2 and esperan[0] < dia <= esperan[1]
        finales = [s for s in salidas if s.estado != "reservada"]
        assert all(s.pdf_sha256 and s.documento for s in finales)
        assert sum(1 for s in finales if s.responde_a_id) == 3
        # Un expediente terminado, cerrado y sellado, para mostrar el archivo.
        (sellado,) = [e for e in _todos(engine, Expediente) if e.sellado_en is not None]
        assert sellado.etapa == "cerrado"
        # Y avisos para quien entra: la demo avisa de lo que trae.
        assert {a.evento for a in _todos(engine, Aviso)} >= {
            "carta_asignada",
            "documento_por_revisar",
        }
        assert {c.estado for c in cartas if c.id in {s.responde_a_id for s in finales}} == {
            "respondida"
        }
    finally:
        engine.dispose()
