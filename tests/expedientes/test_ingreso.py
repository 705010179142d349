"""El inicio de sesión con el directorio: alta en el primer ingreso, rol por grupos, cambio de
grupo, baja al salir de los grupos, directorio caído y el administrador local de emergencia.
Contra un OpenLDAP real, en SQLite y PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from expedientes import (
    ConfigDirectorio,
    ErrorDominio,
    Ingreso,
    Usuario,
    cambiar_contrasena,
    cargar_settings,
    config_directorio,
    crear_usuario,
    es_de_directorio,
    iniciar_sesion,
)
from expedientes.ingreso import DESACTIVADO, SIN_GRUPO
from expedientes.intentos import IntentoDeAcceso
from expedientes.modelos import Auditoria
from tests.bd import nueva_sesion
from tests.dovecot import puerto_libre
from tests.slapd import CONTRASENA, Slapd

pytestmark = pytest.mark.slapd
NOMBRE = 'José Ñúñez & <Cía> "El Chele"'
CLAVE_LOCAL = 'Emergencia & "Cía" <2026>'


def _config(slapd: Slapd, **cambios: Any) -> ConfigDirectorio:
    config = config_directorio(
        cargar_settings(env="development", **slapd.ajustes("starttls", **cambios))
    )
    assert config is not None
    return config


def _caido(slapd: Slapd) -> ConfigDirectorio:
    """El mismo directorio en un puerto donde nadie escucha."""
    return _config(slapd, ldap_port=puerto_libre())


def _entrar(
    session: Session, nombre: str, contrasena: str, directorio: ConfigDirectorio | None
) -> Ingreso:
    ingreso = iniciar_sesion(
        session=session,
        nombre_usuario=nombre,
        contrasena=contrasena,
        intentos=3,
        bloqueo=timedelta(minutes=15),
        directorio=directorio,
    )
    session.commit()
    return ingreso


def _usuario(engine: Engine, nombre: str) -> Usuario | None:
    with nueva_sesion(engine) as s:
        return s.exec(select(Usuario).where(Usuario.nombre_usuario == nombre)).first()


def _bitacora(engine: Engine, usuario: Usuario) -> list[Auditoria]:
    with nueva_sesion(engine) as s:
        return list(
            s.exec(
                select(Auditoria)
                .where(Auditoria.entidad == "usuario", Auditoria.entidad_id == str(usuario.id))
                .order_by(col(Auditoria.id))
            ).all()
        )


def test_el_primer_ingreso_crea_el_usuario_con_el_rol_el_nombre_y_el_correo_del_directorio(
    session: Session, engine: Engine, slapd: Slapd
) -> None:
    """GIVEN una persona del grupo de gestores sin usuario en Recupera WHEN entra con la
    contraseña del directorio THEN queda creada como gestor, con su nombre tal cual y su correo,
    sin contraseña local, y el alta queda en la bitácora con su motivo."""
    uid = slapd.nueva_persona(grupos=["recupera-gestores"])
    ingreso = _entrar(session, f"  {uid.upper()} ", CONTRASENA, _config(slapd))
    assert ingreso.usuario is not None and ingreso.mensaje is None
    guardado = _usuario(engine, uid)
    assert guardado is not None
    assert (guardado.rol, guardado.nombre_completo, guardado.correo) == (
        "gestor",
        NOMBRE,
        "jose.nunez@isss.gob.sv",
    )
    assert es_de_directorio(guardado) and guardado.activo and guardado.ultimo_acceso is not None
    (alta,) = _bitacora(engine, guardado)
    assert alta.accion == "crear"
    assert (
        alta.motivo
        == "Primer ingreso con la cuenta del directorio: Gestor de cobros por sus grupos."
    )
    assert alta.despues is not None and alta.despues["password_hash"] == "(oculto)"


def test_contrasena_erronea_o_usuario_desconocido_no_crean_nada_y_dan_el_mensaje_generico(
    session: Session, engine: Engine, slapd: Slapd
) -> None:
    """Ni se dice cuál de los dos fue, ni queda un usuario a medias."""
    uid = slapd.nueva_persona(grupos=["recupera-jefes"])
    config = _config(slapd)
    assert _entrar(session, uid, "Clave-Mala-2026", config) == Ingreso(None)
    assert _entrar(session, "no.existe", CONTRASENA, config) == Ingreso(None)
    assert _entrar(session, "nombre con espacios", CONTRASENA, config) == Ingreso(None)
    assert _usuario(engine, uid) is None and _usuario(engine, "no.existe") is None


def test_quien_no_esta_en_ningun_grupo_no_entra_y_sabe_por_que(
    session: Session, engine: Engine, slapd: Slapd
) -> None:
    """Contraseña correcta pero ningún grupo de Recupera: no se crea el usuario; el mensaje dice
    a quién pedir acceso."""
    uid = slapd.nueva_persona()
    ingreso = _entrar(session, uid, CONTRASENA, _config(slapd))
    assert ingreso == Ingreso(None, SIN_GRUPO)
    assert "no pertenece a ningún grupo de Recupera" in SIN_GRUPO
    assert _usuario(engine, uid) is None


def test_quien_cambia_de_grupo_toma_el_nuevo_rol_en_su_siguiente_ingreso_y_queda_auditado(
    session: Session, engine: Engine, slapd: Slapd
) -> None:
    """GIVEN un gestor que ya entró WHEN Informática lo pasa al grupo de jefes THEN al volver a
    entrar es jefe, sus otras sesiones se cierran (token nuevo) y la bitácora dice por qué."""
    uid = slapd.nueva_persona(grupos=["recupera-gestores"])
    config = _config(slapd)
    primero = _entrar(session, uid, CONTRASENA, config).usuario
    assert primero is not None
    token = primero.token_sesion
    slapd.quitar_de_grupo(uid, "recupera-gestores")
    slapd.agregar_a_grupo(uid, "recupera-jefes")
    segundo = _entrar(session, uid, CONTRASENA, config).usuario
    assert segundo is not None and segundo.rol == "jefe"
    guardado = _usuario(engine, uid)
    assert guardado is not None and guardado.rol == "jefe" and guardado.token_sesion != token
    cambio = _bitacora(engine, guardado)[-1]
    assert cambio.motivo == "Según el directorio: Jefe de departamento por sus grupos."
    assert (cambio.antes or {}).get("rol") == "gestor" and (cambio.despues or {}).get(
        "rol"
    ) == "jefe"


def test_sin_cambios_en_el_directorio_un_nuevo_ingreso_no_escribe_en_la_bitacora(
    session: Session, engine: Engine, slapd: Slapd
) -> None:
    """Entrar a diario no llena la bitácora: solo se anota lo que cambió."""
    uid = slapd.nueva_persona(grupos=["recupera-secretarias"])
    config = _config(slapd)
    for _ in range(3):
        ingreso = _entrar(session, uid, CONTRASENA, config)
        assert ingreso.usuario is not None and ingreso.usuario.rol == "secretaria"
    guardado = _usuario(engine, uid)
    assert guardado is not None and len(_bitacora(engine, guardado)) == 1


def test_quien_sale_de_los_grupos_queda_desactivado_y_volver_no_lo_reactiva(
    session: Session, engine: Engine, slapd: Slapd
) -> None:
    """GIVEN un jefe que ya entró WHEN sale de todos los grupos THEN su siguiente ingreso se
    rechaza, queda desactivado y sin sesiones; si vuelve a un grupo, reactivarlo es decisión del
    administrador."""
    uid = slapd.nueva_persona(grupos=["recupera-jefes"])
    config = _config(slapd)
    primero = _entrar(session, uid, CONTRASENA, config).usuario
    assert primero is not None
    token = primero.token_sesion
    slapd.quitar_de_grupo(uid, "recupera-jefes")
    assert _entrar(session, uid, CONTRASENA, config) == Ingreso(None, SIN_GRUPO)
    guardado = _usuario(engine, uid)
    assert guardado is not None and not guardado.activo and guardado.token_sesion != token
    assert _bitacora(engine, guardado)[-1].motivo == (
        "Ya no pertenece a ningún grupo de Recupera del directorio."
    )
    slapd.agregar_a_grupo(uid, "recupera-jefes")
    assert _entrar(session, uid, CONTRASENA, config) == Ingreso(None, DESACTIVADO)


def test_con_el_directorio_caido_nadie_del_directorio_entra_ni_se_prueba_nada_en_local(
    session: Session, engine: Engine, slapd: Slapd
) -> None:
    """Un usuario del directorio ya dado de alta no tiene contraseña local que probar: con el
    directorio caído recibe el mensaje claro y su usuario no cambia (ni fallos ni bloqueo)."""
    uid = slapd.nueva_persona(grupos=["recupera-gestores"])
    assert _entrar(session, uid, CONTRASENA, _config(slapd)).usuario is not None
    ingreso = _entrar(session, uid, CONTRASENA, _caido(slapd))
    assert ingreso.usuario is None and ingreso.directorio_caido
    assert ingreso.mensaje is not None
    assert ingreso.mensaje.startswith("No se pudo consultar el directorio institucional")
    guardado = _usuario(engine, uid)
    assert guardado is not None
    with nueva_sesion(engine) as s:  # ni fallos ni bloqueo, desde ningún origen
        assert s.exec(select(IntentoDeAcceso)).all() == []


def test_el_administrador_local_de_emergencia_entra_con_el_directorio_caido(
    session: Session, slapd: Slapd
) -> None:
    """Una cuenta local con contraseña entra en local sin tocar el directorio; con su contraseña
    errónea cuenta un fallo como siempre."""
    crear_usuario(
        session=session,
        nombre_usuario="emergencia",
        nombre_completo="Administración de Sistemas",
        rol="admin",
        contrasena=CLAVE_LOCAL,
    )
    session.commit()
    caido = _caido(slapd)
    ingreso = _entrar(session, "emergencia", CLAVE_LOCAL, caido)
    assert ingreso.usuario is not None and ingreso.usuario.rol == "admin"
    assert _entrar(session, "emergencia", "Otra-Clave-2026", caido) == Ingreso(None)


def test_una_cuenta_local_no_se_puede_tomar_con_la_contrasena_del_directorio(
    session: Session, engine: Engine, slapd: Slapd
) -> None:
    """Si el directorio tiene una persona con el mismo nombre que una cuenta local, manda la
    cuenta local: la contraseña del directorio no sirve y el rol no cambia."""
    uid = slapd.nueva_persona(grupos=["recupera-jefes"])
    crear_usuario(
        session=session,
        nombre_usuario=uid,
        nombre_completo="Cuenta local",
        rol="archivo",
        contrasena=CLAVE_LOCAL,
    )
    session.commit()
    config = _config(slapd)
    assert _entrar(session, uid, CONTRASENA, config) == Ingreso(None)
    ingreso = _entrar(session, uid, CLAVE_LOCAL, config)
    assert ingreso.usuario is not None and ingreso.usuario.rol == "archivo"
    assert not es_de_directorio(ingreso.usuario)


def test_sin_directorio_configurado_un_usuario_del_directorio_no_entra_con_nada(
    session: Session, slapd: Slapd
) -> None:
    """Apagar el directorio no abre una puerta local: su «contraseña» local no verifica nunca."""
    uid = slapd.nueva_persona(grupos=["recupera-gestores"])
    assert _entrar(session, uid, CONTRASENA, _config(slapd)).usuario is not None
    assert _entrar(session, uid, CONTRASENA, None) == Ingreso(None)
    assert _entrar(session, uid, "!directorio", None) == Ingreso(None)


def test_la_contrasena_de_un_usuario_del_directorio_no_se_cambia_en_recupera(
    session: Session, slapd: Slapd
) -> None:
    """Ni él ni el administrador le fijan una contraseña local: se cambia en el directorio."""
    uid = slapd.nueva_persona(grupos=["recupera-gestores"])
    usuario = _entrar(session, uid, CONTRASENA, _config(slapd)).usuario
    assert usuario is not None
    with pytest.raises(ErrorDominio, match="se cambia en el directorio"):
        cambiar_contrasena(session=session, usuario=usuario, nueva="Nueva-Clave-Local-2026")
    assert es_de_directorio(usuario)
