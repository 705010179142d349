"""Un aviso sale por correo solo si la persona todavía puede ver lo que cuenta: entre el hecho y el
correo (el resumen diario sale hasta un día después) la carta pudo reasignarse o la persona
cambiar de rol. Lo que ya no ve queda «retirado»: ni correo ni web. Contra un SMTP real que
entrega a Dovecot."""

from __future__ import annotations

import email
from datetime import date, datetime
from email.policy import default

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from avisos import Aviso, aviso_de, avisos_de, generar_avisos, sin_leer
from avisos.correo import enviar_avisos
from avisos.vigencia import lo_sigue_viendo
from correspondencia import Correspondencia, asignar_carta, vincular_carta
from expedientes import Actor, NoEncontrado, Usuario, abrir_expediente, ahora
from tests.avisos.test_correo import LUNES_7_30, Smtp
from tests.bd import base_de
from tests.correspondencia.conftest import HacerCarta
from tests.dovecot import Dovecot
from tests.expedientes.datos import HacerPatrono, HacerUsuario
from tests.smtp import ServidorSmtp

pytestmark = pytest.mark.dovecot
HOSTIL = 'Prórroga de «Pérez & Cía <S.A.>» "{{ x }}"'
# El día en que llegan las cartas de `hacer_carta`: sus plazos aún no avisan.
RECIBIDAS = date(2026, 11, 16)


def _como(session: Session, usuario: Usuario) -> None:
    session.info["actor"] = Actor(usuario.nombre_usuario, usuario.id)


def _barrer(session: Session) -> list[Aviso]:
    """Un barrido de generación, confirmado (el envío lo lee desde otras sesiones)."""
    creados = generar_avisos(session=session, hoy=RECIBIDAS, ahora=ahora(), dias=2)
    session.commit()
    return creados


def _enviar(engine: Engine, smtp: ServidorSmtp, cuando: datetime = LUNES_7_30) -> tuple[int, list[str]]:  # fmt: skip
    return enviar_avisos(bd=base_de(engine), config=Smtp(smtp.host, smtp.puerto),
                         enlace=lambda a: f"https://recupera.isss.gob.sv/avisos/{a.id}",
                         ahora_local=cuando, hora_resumen=7)  # fmt: skip


def _con_buzon(session: Session, usuario: Usuario, buzon: str, preferencia: str) -> None:
    usuario.correo, usuario.avisos_correo = f"{buzon}@prueba.sv", preferencia
    session.add(usuario)
    session.flush()


def _cuerpos(smtp: ServidorSmtp) -> list[str]:
    return [
        email.message_from_bytes(crudo, policy=default).get_body().get_content()  # type: ignore[union-attr]
        for _, _, crudo in smtp.recibidos
    ]


def _correo_de(engine: Engine, carta: Correspondencia, usuario: Usuario) -> str:
    with base_de(engine).sesion(Actor("prueba"), solo_lectura=True) as s:
        return s.exec(
            select(Aviso.correo).where(
                Aviso.usuario_id == usuario.id, Aviso.referencia == carta.numero
            )
        ).one()


def test_el_resumen_no_menciona_la_carta_que_se_reasigno_antes_de_salir(
    session: Session, engine: Engine, dovecot: Dovecot, hacer_carta: HacerCarta,
    hacer_usuario: HacerUsuario, hacer_patrono: HacerPatrono,
) -> None:  # fmt: skip
    """GIVEN la secretaria asigna tres cartas a Ana, gestora que recibe el resumen diario, y
    vincula una a su expediente; el barrido le deja sus avisos
    WHEN antes del resumen una se reasigna a Carlos y otra también, pero está en el expediente de
    Ana
    THEN el resumen solo trae lo que Ana todavía ve (la que sigue siendo suya y la de su
    expediente, por la misma política de las páginas); el aviso de la reasignada queda
    «retirado»: no sale por correo ni se muestra ni se cuenta en la web."""
    secretaria = hacer_usuario("marta", "secretaria")
    ana, carlos = hacer_usuario("ana", "gestor"), hacer_usuario("carlos", "gestor")
    _con_buzon(session, ana, dovecot.nuevo_usuario("ana"), "diario")
    hacer_patrono()
    expediente = abrir_expediente(session=session, numero_patronal="310145678", tipo="cobro",
                                  hoy=RECIBIDAS, gestor=ana)  # fmt: skip
    _barrer(session)  # empieza la lectura de la bitácora
    reasignada, suya, del_expediente = (
        hacer_carta(asunto=f"{HOSTIL} {i}", cuerpo="Solicito prórroga.") for i in range(3)
    )
    _como(session, secretaria)
    for carta in (reasignada, suya, del_expediente):
        asignar_carta(session=session, carta=carta, destinatario=ana)
    vincular_carta(session=session, carta=del_expediente, numero_expediente=expediente.numero)
    eventos = sorted(a.evento for a in _barrer(session) if a.usuario_id == ana.id)
    assert eventos == ["carta_asignada"] * 3 + ["carta_vinculada"]
    asignar_carta(session=session, carta=reasignada, destinatario=carlos)
    asignar_carta(session=session, carta=del_expediente, destinatario=carlos)
    session.commit()
    with ServidorSmtp(dovecot) as smtp:
        assert _enviar(engine, smtp) == (1, [])
        (cuerpo,) = _cuerpos(smtp)
    assert suya.numero in cuerpo and f"{HOSTIL} 1" in cuerpo
    assert del_expediente.numero in cuerpo
    assert reasignada.numero not in cuerpo and f"{HOSTIL} 0" not in cuerpo
    assert _correo_de(engine, reasignada, ana) == "retirado"
    assert _correo_de(engine, suya, ana) == "enviado"
    en_la_web = avisos_de(session=session, usuario=ana)
    assert {a.referencia for a in en_la_web} == {suya.numero, del_expediente.numero}
    assert sin_leer(session=session, usuario_id=ana.id or 0) == 3


def test_quien_cambio_de_rol_o_quedo_inactivo_no_recibe_el_correo(
    session: Session, engine: Engine, dovecot: Dovecot, hacer_carta: HacerCarta,
    hacer_usuario: HacerUsuario,
) -> None:  # fmt: skip
    """GIVEN Ana y Beto, gestores que reciben los avisos en cuanto ocurren, con una carta
    asignada cada uno y su aviso creado
    WHEN antes del envío Ana pasa a administradora (no lee cartas) y Beto queda inactivo
    THEN no sale ningún correo: el aviso de Ana queda «retirado» y el de Beto, «no»."""
    secretaria = hacer_usuario("marta", "secretaria")
    ana, beto = hacer_usuario("ana", "gestor"), hacer_usuario("beto", "gestor")
    _con_buzon(session, ana, dovecot.nuevo_usuario("ana"), "inmediato")
    _con_buzon(session, beto, dovecot.nuevo_usuario("beto"), "inmediato")
    _barrer(session)
    cartas = [hacer_carta(asunto=f"{HOSTIL} {i}", cuerpo="x") for i in range(2)]
    _como(session, secretaria)
    asignar_carta(session=session, carta=cartas[0], destinatario=ana)
    asignar_carta(session=session, carta=cartas[1], destinatario=beto)
    assert len(_barrer(session)) == 2
    ana.rol, beto.activo = "admin", False
    session.add_all([ana, beto])
    session.commit()
    with ServidorSmtp(dovecot) as smtp:
        assert _enviar(engine, smtp) == (0, [])
        assert smtp.recibidos == []
    assert _correo_de(engine, cartas[0], ana) == "retirado"
    assert _correo_de(engine, cartas[1], beto) == "no"
    assert avisos_de(session=session, usuario=ana) == []
    retirado = session.exec(select(Aviso).where(Aviso.usuario_id == ana.id)).one()
    with pytest.raises(NoEncontrado):  # su dirección en la web lleva de vuelta a la lista
        aviso_de(session=session, usuario=ana, aviso_id=retirado.id or 0)


def test_un_objeto_desconocido_no_se_da_por_visto(
    session: Session, hacer_usuario: HacerUsuario
) -> None:
    """Falla cerrado: un aviso de una clase de objeto que nadie comprueba no sale por correo; una
    verificación la ve el jefe y no el gestor."""
    jefe, gestor = hacer_usuario("jose", "jefe"), hacer_usuario("ana", "gestor")
    raro = Aviso(usuario_id=jefe.id or 0, clave="x", evento="x", titulo="x", objeto="nuevo",
                 referencia="1")  # fmt: skip
    verificacion = Aviso(usuario_id=jefe.id or 0, clave="v", evento="verificacion_con_problemas",
                         titulo="v", objeto="verificacion", referencia="1")  # fmt: skip
    assert not lo_sigue_viendo(session, jefe, raro)
    assert lo_sigue_viendo(session, jefe, verificacion)
    assert not lo_sigue_viendo(session, gestor, verificacion)
