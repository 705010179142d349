"""Las tareas largas: se toman una sola vez aunque dos procesos lo intenten, dicen cómo van mientras
trabajan, quedan fallidas con su causa en español y se retoman si el proceso que las hacía cayó."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine, update
from sqlmodel import Session

from expedientes import (
    Actor,
    Avanzar,
    ErrorDominio,
    EstadoTarea,
    NoEncontrado,
    Resultado,
    Tarea,
    Usuario,
    ahora,
    anotar_tarea,
    avance_de,
    hacer_las_pendientes,
    hacer_tarea,
    reintentar_tarea,
    tarea_de,
)
from tests.bd import base_de, sesion

ACTOR = Actor("prueba:tareas")


def _usuario(engine: Engine, nombre: str = "ana") -> Usuario:
    with sesion(engine, ACTOR) as s:
        usuario = Usuario(nombre_usuario=nombre, nombre_completo=f"Ana «{nombre}» & <Cía>",
                          rol="secretaria", password_hash="x", token_sesion=nombre)  # fmt: skip
        s.add(usuario)
        s.flush()
        return usuario


def _tarea(engine: Engine, usuario: Usuario, clase: str = "prueba") -> int:
    with sesion(engine, ACTOR) as s:
        tarea = anotar_tarea(session=s, usuario=usuario, clase=clase, titulo="Contar {{ 3 }}",
                             parametros={"hasta": 3})  # fmt: skip
        return tarea.id or 0


def _leer(engine: Engine, tarea_id: int) -> Tarea:
    with sesion(engine, ACTOR) as s:
        tarea = s.get(Tarea, tarea_id)
        assert tarea is not None
        return tarea


def test_avanza_a_la_vista_y_termina_con_su_resultado(engine: Engine) -> None:
    """Mientras trabaja, su avance se ve (de este proceso); al final, hecha con su resultado y
    solo su autora la ve."""
    ana, otra = _usuario(engine), _usuario(engine, "berta")
    tarea_id = _tarea(engine, ana)
    a_medias, seguir = threading.Event(), threading.Event()

    def contar(tarea: Tarea, avanzar: Avanzar) -> Resultado:
        for i in range(1, tarea.parametros["hasta"] + 1):
            avanzar(i, 3, f"Contando «{i}» & <más>")
            if i == 2:
                a_medias.set()
                assert seguir.wait(10)
        return Resultado("carta", "CE-2026-000007", "Listo & <hecho>", ("ojo",))

    hilo = threading.Thread(
        target=hacer_tarea, args=(base_de(engine), tarea_id, {"prueba": contar})
    )
    hilo.start()
    assert a_medias.wait(10)
    avance = avance_de(_leer(engine, tarea_id))
    assert (avance.avance, avance.total, avance.porcentaje) == (2, 3, 66)
    assert avance.etapa == "Contando «2» & <más>"
    assert _leer(engine, tarea_id).estado == EstadoTarea.EN_CURSO
    seguir.set()
    hilo.join(10)
    hecha = _leer(engine, tarea_id)
    assert hecha.estado == EstadoTarea.HECHA and avance_de(hecha).porcentaje == 100
    assert hecha.resultado["referencia"] == "CE-2026-000007"
    assert hecha.resultado["advertencias"] == ["ojo"]
    with sesion(engine, ACTOR) as s:
        assert tarea_de(session=s, tarea_id=tarea_id, usuario=ana).id == tarea_id
        with pytest.raises(NoEncontrado, match="no existe o es de otra persona"):
            tarea_de(session=s, tarea_id=tarea_id, usuario=otra)


def test_dos_procesos_no_hacen_la_misma_tarea(engine: Engine) -> None:
    """El segundo que intenta tomarla, mientras la primera sigue, no la hace."""
    tarea_id = _tarea(engine, _usuario(engine))
    dentro, seguir = threading.Event(), threading.Event()
    veces: list[int] = []

    def lenta(tarea: Tarea, avanzar: Avanzar) -> Resultado:
        veces.append(1)
        dentro.set()
        assert seguir.wait(10)
        return Resultado("", "", "hecha")

    manejadores = {"prueba": lenta}
    hilo = threading.Thread(target=hacer_tarea, args=(base_de(engine), tarea_id, manejadores))
    hilo.start()
    assert dentro.wait(10)
    assert hacer_tarea(base_de(engine), tarea_id, manejadores) is False
    assert hacer_las_pendientes(base_de(engine), manejadores) == 0
    seguir.set()
    hilo.join(10)
    assert veces == [1] and _leer(engine, tarea_id).estado == EstadoTarea.HECHA


def test_la_que_falla_dice_por_que_y_se_reintenta(engine: Engine) -> None:
    """Un ErrorDominio queda como sus problemas; un error interno, como un mensaje que no filtra
    detalles; reintentada, se hace con los mismos parámetros."""
    tarea_id = _tarea(engine, _usuario(engine))
    intentos: list[int] = []

    def caprichosa(tarea: Tarea, avanzar: Avanzar) -> Resultado:
        intentos.append(tarea.parametros["hasta"])
        if len(intentos) == 1:
            raise ErrorDominio("La carta no se puede registrar.", ["Falta «asunto» & <x>."])
        if len(intentos) == 2:
            raise KeyError("secreto-interno")
        return Resultado("", "", "Por fin")

    bd, manejadores = base_de(engine), {"prueba": caprichosa}
    assert hacer_tarea(bd, tarea_id, manejadores)
    fallida = _leer(engine, tarea_id)
    assert fallida.estado == EstadoTarea.FALLIDA
    assert fallida.problemas == ["La carta no se puede registrar.", "Falta «asunto» & <x>."]
    with sesion(engine, ACTOR) as s, pytest.raises(ErrorDominio, match="Solo se reintenta"):
        reintentar_tarea(session=s, tarea=s.get(Tarea, tarea_id) or Tarea())
        reintentar_tarea(session=s, tarea=s.get(Tarea, tarea_id) or Tarea())
    hacer_tarea(bd, tarea_id, manejadores)
    interna = _leer(engine, tarea_id)
    assert interna.problemas == ["Un error interno la detuvo; puede reintentarla."]
    assert "secreto" not in str(interna.problemas)
    with sesion(engine, ACTOR) as s:
        reintentar_tarea(session=s, tarea=s.get(Tarea, tarea_id) or Tarea())
    assert hacer_las_pendientes(bd, manejadores) == 1
    assert _leer(engine, tarea_id).estado == EstadoTarea.HECHA and intentos == [3, 3, 3]


def test_el_barrido_retoma_la_abandonada_y_no_la_que_late(engine: Engine, session: Session) -> None:
    """Una tarea en curso cuyo proceso cayó (latido viejo) se retoma; una que late, no; una clase
    que este servicio no conoce falla con su nombre."""
    usuario = _usuario(engine)
    abandonada, viva, rara = (
        _tarea(engine, usuario),
        _tarea(engine, usuario),
        _tarea(engine, usuario, "rara"),
    )
    with sesion(engine, ACTOR) as s:
        for tarea_id, hace in ((abandonada, timedelta(hours=1)), (viva, timedelta(seconds=5))):
            s.connection().execute(
                update(Tarea).where(Tarea.id == tarea_id)  # type: ignore[arg-type]
                .values(estado=EstadoTarea.EN_CURSO, latido_en=ahora() - hace, intentos=1)
            )  # fmt: skip
    hechas: list[int] = []

    def anotar(tarea: Tarea, avanzar: Avanzar) -> Resultado:
        hechas.append(tarea.id or 0)
        return Resultado("", "", "retomada")

    assert hacer_las_pendientes(base_de(engine), {"prueba": anotar}) == 2
    assert hechas == [abandonada]
    assert _leer(engine, abandonada).intentos == 2
    assert _leer(engine, viva).estado == EstadoTarea.EN_CURSO
    assert _leer(engine, rara).problemas == ["Este servicio no sabe hacer tareas «rara»."]
