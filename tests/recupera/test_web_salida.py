"""La correspondencia enviada en la web: lo que vuelve (rebotada, devuelta, incierta) espera en el
inicio del gestor de su expediente y en el del jefe, y en ningún otro."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import Engine
from sqlmodel import select

from correspondencia import Envio, EstadoSalida, Saliente, registrar_saliente
from expedientes import Expediente, Rol, crear_usuario
from tests.recupera.conftest import (
    CONTRASENA,
    NUMERO_PEREZ,
    CrearUsuarios,
    abrir,
    cliente_de,
    entrar,
    escribir,
    registrar,
    texto,
)


def _salida(engine: Engine, expediente: Expediente, estado: EstadoSalida, motivo: str) -> str:
    with escribir(engine) as s:
        salida = registrar_saliente(
            session=s, asunto="Aviso de cobro", destinatario='Pérez & Cía "La Esperanza"',
            emitida_el=date(2026, 11, 16), dominio_correo="isss.gob.sv",
            envio=Envio("correo", "pagos@perez-cia.com.sv"),
            expediente=s.get(Expediente, expediente.id),
        )  # fmt: skip
        salida.estado, salida.motivo = estado, motivo
        s.add(salida)
        return salida.numero


def test_la_carta_rebotada_espera_en_el_inicio_de_su_gestor_y_del_jefe(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Una carta rebotada y una en estado incierto aparecen, con el porqué, en el inicio del
    gestor del expediente y del jefe; otro gestor no las ve; una carta por enviar no alarma."""
    usuarios = crear_usuarios(Rol.GESTOR, Rol.JEFE)
    with escribir(engine) as s:
        crear_usuario(session=s, nombre_usuario="ana.hernandez", nombre_completo="Ana Hernández",
                      rol=Rol.GESTOR, contrasena=CONTRASENA)  # fmt: skip
    registrar(engine)
    expediente = abrir(engine, NUMERO_PEREZ, gestor=usuarios[Rol.GESTOR])
    rebotada = _salida(engine, expediente, EstadoSalida.REBOTADA, "Informe <CE-2026-000009> & más")
    incierta = _salida(engine, expediente, EstadoSalida.INCIERTO, "No se sabe si salió")
    pendiente = _salida(engine, expediente, EstadoSalida.PENDIENTE, "")
    for rol in (Rol.GESTOR, Rol.JEFE):
        pagina = texto(cliente_de(app, rol).get("/"))
        seccion = pagina[pagina.index('id="salidas-por-atender"') :]
        seccion = seccion[: seccion.index("</section>")]
        assert rebotada in seccion and incierta in seccion and pendiente not in seccion
        assert "Rebotada" in seccion and "Estado incierto" in seccion
        assert "Informe &lt;CE-2026-000009&gt; &amp; más" in seccion
    otra = app.test_client()
    assert entrar(otra, "ana.hernandez").status_code == 302
    assert 'id="salidas-por-atender"' not in texto(otra.get("/"))
    with escribir(engine) as s:
        assert len(s.exec(select(Saliente)).all()) == 3
