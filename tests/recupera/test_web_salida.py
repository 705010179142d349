"""La correspondencia enviada en la web: lo que vuelve (rebotada, devuelta, incierta) espera en el
inicio del gestor de su expediente y en el del jefe, y en ningún otro."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import Engine
from sqlmodel import select

from correspondencia import (
    DatosSalida,
    Envio,
    EstadoSalida,
    Saliente,
    anotar_salida,
    emitir_salida,
    registrar_saliente,
    reservar_numero,
)
from expedientes import Expediente, Rol, crear_usuario
from tests.recupera.conftest import (
    CONTRASENA,
    NUMERO_PEREZ,
    CrearUsuarios,
    abrir,
    cliente_de,
    csrf,
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


def test_el_gestor_reenvia_desde_la_ficha_una_carta_rebotada_y_otro_gestor_no_puede(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """La ficha muestra el porqué y el formulario; reenviar a otra dirección la deja por enviar;
    otra gestora ni la ve (403) ni decide (403)."""
    usuarios = crear_usuarios(Rol.GESTOR, Rol.JEFE)
    with escribir(engine) as s:
        crear_usuario(session=s, nombre_usuario="ana.hernandez", nombre_completo="Ana Hernández",
                      rol=Rol.GESTOR, contrasena=CONTRASENA)  # fmt: skip
    registrar(engine)
    expediente = abrir(engine, NUMERO_PEREZ, gestor=usuarios[Rol.GESTOR])
    numero = _salida(engine, expediente, EstadoSalida.REBOTADA, "Informe CE-2026-000009")
    gestor = cliente_de(app, Rol.GESTOR)
    ficha = texto(gestor.get(f"/correspondencia/enviada/{numero}"))
    assert "Informe CE-2026-000009" in ficha and 'id="form-reenviar"' in ficha
    assert 'id="form-confirmar"' not in ficha
    otra = app.test_client()
    assert entrar(otra, "ana.hernandez").status_code == 302
    assert otra.get(f"/correspondencia/enviada/{numero}").status_code == 403
    token = csrf(gestor, f"/correspondencia/enviada/{numero}")
    datos = {"accion": "reenviar", "canal": "correo", "correo": "tesoreria@perez-cia.com.sv",
             "motivo": 'Nos dieron otro correo "nuevo" & <vigente>'}  # fmt: skip
    ajeno = otra.post(f"/correspondencia/enviada/{numero}/decidir",
                      data={**datos, "csrf_token": csrf(otra, "/cuenta")})  # fmt: skip
    assert ajeno.status_code == 403
    respuesta = gestor.post(
        f"/correspondencia/enviada/{numero}/decidir", data={**datos, "csrf_token": token}
    )
    assert respuesta.status_code == 302
    with escribir(engine) as s:
        salida = s.exec(select(Saliente).where(Saliente.numero == numero)).one()
        assert (salida.estado, salida.correo) == ("pendiente", "tesoreria@perez-cia.com.sv")
    despues = texto(gestor.get(f"/correspondencia/enviada/{numero}"))
    assert (
        "Por enviar" in despues
        and "Nos dieron otro correo &#34;nuevo&#34; &amp; &lt;vigente&gt;" in despues
    )


def test_la_secretaria_imprime_la_planilla_de_envio_y_el_gestor_no(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """La página ofrece la planilla a quien despacha; al pedirla, sale el PDF y las cartas por
    mensajero quedan enviadas; el gestor recibe 403."""
    usuarios = crear_usuarios(Rol.GESTOR, Rol.SECRETARIA)
    registrar(engine)
    expediente = abrir(engine, NUMERO_PEREZ, gestor=usuarios[Rol.GESTOR])
    with escribir(engine) as s:
        numero = registrar_saliente(
            session=s, asunto="Aviso", destinatario="Pérez & Cía", emitida_el=date(2026, 11, 16),
            dominio_correo="isss.gob.sv", envio=Envio("mensajero"),
            expediente=s.get(Expediente, expediente.id),
        ).numero  # fmt: skip
    secretaria = cliente_de(app, Rol.SECRETARIA)
    pagina = texto(secretaria.get("/correspondencia/enviada"))
    assert "Planilla de envío (1 por mensajero)" in pagina
    gestor = cliente_de(app, Rol.GESTOR)
    negado = gestor.post("/correspondencia/enviada/planilla",
                         data={"csrf_token": csrf(gestor, "/cuenta")})  # fmt: skip
    assert negado.status_code == 403
    respuesta = secretaria.post(
        "/correspondencia/enviada/planilla",
        data={"csrf_token": csrf(secretaria, "/correspondencia/enviada")},
    )
    assert respuesta.status_code == 200 and respuesta.mimetype == "application/pdf"
    with escribir(engine) as s:
        assert s.exec(select(Saliente).where(Saliente.numero == numero)).one().estado == "enviada"
    assert "Planilla de envío (" not in texto(secretaria.get("/correspondencia/enviada"))


def test_una_solicitud_vencida_sin_respuesta_espera_en_el_inicio_y_su_ficha_lo_dice(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """La solicitud vencida aparece en el inicio del gestor y del jefe; su ficha dice hasta cuándo
    se esperaba y que está vencida."""
    usuarios = crear_usuarios(Rol.GESTOR, Rol.JEFE)
    registrar(engine)
    expediente = abrir(engine, NUMERO_PEREZ, gestor=usuarios[Rol.GESTOR])
    with escribir(engine) as s:
        numero = reservar_numero(session=s, anio=2026)
        datos = DatosSalida(numero, "DRP-2026-000004", 'Planillas "2025" & <anexos>',
                            "Sección de Afiliación", date(2026, 11, 2), expediente.id, None,
                            None, date(2026, 11, 16))  # fmt: skip
        anotar_salida(session=s, datos=datos, dominio_correo="isss.gob.sv")
        emitir_salida(
            session=s, numero=numero, envio=Envio("mensajero"), emitida_el=date(2026, 11, 2)
        )
    for rol in (Rol.GESTOR, Rol.JEFE):
        pagina = texto(cliente_de(app, rol).get("/"))
        seccion = pagina[pagina.index('id="solicitudes-sin-respuesta"') :]
        assert numero in seccion and "Planillas &#34;2025&#34; &amp; &lt;anexos&gt;" in seccion
    ficha = texto(cliente_de(app, Rol.GESTOR).get(f"/correspondencia/enviada/{numero}"))
    assert "hasta el 16 de noviembre de 2026" in ficha and "(vencida)" in ficha
    assert 'id="form-respondida"' in ficha  # la respuesta que no la cita se vincula a mano
