"""Usuarios: alta validada, argon2, autenticación con bloqueo, cambio de contraseña y roles."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from expedientes import IntentoDeAcceso, bloqueos_vigentes, usuarios
from expedientes.errores import ErrorDominio, NoEncontrado
from expedientes.modelos import Usuario
from expedientes.tipos import ahora
from tests.bd import nueva_sesion
from tests.expedientes.datos import HacerUsuario

CLAVE = 'Ñandú & "Cía" <2026> {{ x }}'
BLOQUEO = timedelta(minutes=15)
INTENTOS = 3


# Parámetros de producción de argon2id (los de argon2-cffi): no deben debilitarse.
PARAMETROS_PRODUCCION = "$argon2id$v=19$m=65536,t=3,p=4$"


@pytest.fixture
def ana(session: Session) -> Usuario:
    """Una gestora creada con el servicio real (contraseña con argon2id)."""
    return usuarios.crear_usuario(
        session=session,
        nombre_usuario="  Ana.Lopez ",
        nombre_completo="  Ana López Peña ",
        rol="gestor",
        contrasena=CLAVE,
        correo=" ana.lopez@isss.gob.sv ",
        sucursal="",
    )


def _entrar(
    session: Session, contrasena: str, nombre: str = "ana.lopez", origen: str = "192.0.2.10"
) -> Usuario | None:
    return usuarios.autenticar(
        session=session,
        nombre_usuario=nombre,
        contrasena=contrasena,
        intentos=INTENTOS,
        bloqueo=BLOQUEO,
        origen=origen,
    )


def _intentos(session: Session) -> list[IntentoDeAcceso]:
    return list(session.exec(select(IntentoDeAcceso).order_by(IntentoDeAcceso.origen)).all())


@pytest.mark.argon2_produccion
def test_crear_usuario_normaliza_y_guarda_argon2id_nunca_la_clave(
    session: Session, engine: Engine
) -> None:
    """Nombre en minúsculas y sin espacios; la clave se guarda con argon2id de producción."""
    usuarios.crear_usuario(
        session=session,
        nombre_usuario="  Ana.Lopez ",
        nombre_completo="  Ana López Peña ",
        rol="gestor",
        contrasena=CLAVE,
        correo=" ana.lopez@isss.gob.sv ",
        sucursal="",
    )
    session.commit()
    with nueva_sesion(engine) as lectura:
        guardado = lectura.exec(select(Usuario)).one()
    assert guardado.nombre_usuario == "ana.lopez"
    assert guardado.nombre_completo == "Ana López Peña"
    assert guardado.correo == "ana.lopez@isss.gob.sv"
    assert guardado.sucursal is None
    assert guardado.password_hash.startswith(PARAMETROS_PRODUCCION)
    assert CLAVE not in guardado.password_hash
    assert len(guardado.token_sesion) == 32
    assert guardado.activo
    assert usuarios.verificar_contrasena(guardado, CLAVE)
    assert not usuarios.verificar_contrasena(guardado, CLAVE.upper())


def test_crear_usuario_informa_todos_los_problemas_juntos(session: Session) -> None:
    """Nombre inválido, rol desconocido, nombre completo vacío y clave corta salen en un solo error."""
    with pytest.raises(ErrorDominio) as exc:
        usuarios.crear_usuario(
            session=session,
            nombre_usuario="josé peña",
            nombre_completo="  ",
            rol="cajero",
            contrasena="corta",
        )
    assert exc.value.mensaje == "No se pudo crear el usuario."
    problemas = exc.value.problemas
    assert len(problemas) == 4
    assert "nombre de usuario" in problemas[0] and "letras minúsculas sin tildes" in problemas[0]
    assert problemas[1].startswith("El rol «cajero» no existe")
    assert "secretaria, gestor, jefe, archivo, admin" in problemas[1]
    assert problemas[2] == "Falta el nombre completo."
    assert problemas[3] == "La contraseña debe tener al menos 10 caracteres."
    assert session.exec(select(Usuario)).all() == []


def test_crear_usuario_duplicado_se_informa_junto_a_los_demas(
    session: Session, ana: Usuario
) -> None:
    """Un nombre ya usado (en otras mayúsculas) se rechaza junto con los demás problemas."""
    with pytest.raises(ErrorDominio) as exc:
        usuarios.crear_usuario(
            session=session,
            nombre_usuario="ANA.LOPEZ",
            nombre_completo="Otra Ana",
            rol="jefa",
            contrasena=" con espacios al borde ",
        )
    assert exc.value.problemas == [
        "El rol «jefa» no existe; use uno de: secretaria, gestor, jefe, archivo, admin.",
        "La contraseña no puede empezar ni terminar con espacios.",
        "Ya existe el usuario «ana.lopez».",
    ]
    assert len(session.exec(select(Usuario)).all()) == 1


def test_nombres_de_usuario_invalidos_se_rechazan(session: Session) -> None:
    """Una letra sola, ñ, espacios, guion inicial, barra o más de 64 caracteres no valen."""
    for nombre in ["a", "peña", "ana lopez", "-ana", "ana/lopez", "x" * 65]:
        with pytest.raises(ErrorDominio) as exc:
            usuarios.crear_usuario(
                session=session,
                nombre_usuario=nombre,
                nombre_completo="Ana López",
                rol="gestor",
                contrasena=CLAVE,
            )
        assert len(exc.value.problemas) == 1, nombre
        assert exc.value.problemas[0].startswith("El nombre de usuario debe tener de 2 a 64")
    assert session.exec(select(Usuario)).all() == []


def test_autenticar_con_la_clave_correcta_devuelve_el_usuario(
    session: Session, ana: Usuario
) -> None:
    """La clave correcta (y el nombre en cualquier mayúscula) autentica y anota el último acceso."""
    assert ana.ultimo_acceso is None
    antes = ahora()
    assert _entrar(session, CLAVE, nombre=" ANA.LOPEZ ") is ana
    assert ana.ultimo_acceso is not None and ana.ultimo_acceso >= antes
    assert _intentos(session) == []


def test_autenticar_con_clave_incorrecta_o_usuario_inexistente_da_none(
    session: Session, ana: Usuario
) -> None:
    """Una clave mala cuenta un intento fallido; un usuario inexistente también da None."""
    assert _entrar(session, CLAVE + "x") is None
    assert [(i.origen, i.fallidos) for i in _intentos(session)] == [("192.0.2.10", 1)]
    assert _entrar(session, CLAVE, nombre="nadie") is None
    assert len(_intentos(session)) == 1  # de un nombre que no existe no se guarda nada


def test_usuario_inactivo_no_entra_ni_con_la_clave_correcta(session: Session, ana: Usuario) -> None:
    """Un usuario desactivado es rechazado aunque la contraseña sea la correcta."""
    ana.activo = False
    assert _entrar(session, CLAVE) is None


def test_tras_n_fallos_la_cuenta_queda_bloqueada_para_ese_origen_y_luego_se_libera(
    session: Session, ana: Usuario
) -> None:
    """N fallos desde un origen bloquean la cuenta para ese origen durante el tiempo dado, aun con
    la clave buena; desde otro origen su dueña entra; vencido el plazo, entra también desde él."""
    for _ in range(INTENTOS - 1):
        assert _entrar(session, "clave-equivocada") is None
    assert _intentos(session)[0].bloqueado_hasta is None
    momento = ahora()
    assert _entrar(session, "clave-equivocada") is None
    (intento,) = _intentos(session)
    assert intento.bloqueado_hasta is not None
    assert momento + BLOQUEO <= intento.bloqueado_hasta <= ahora() + BLOQUEO
    session.commit()

    assert _entrar(session, CLAVE) is None  # bloqueada: la clave buena no basta
    assert _entrar(session, CLAVE, origen="198.51.100.7") is ana  # desde su máquina, sí

    intento.bloqueado_hasta = ahora() - timedelta(seconds=1)
    session.commit()
    assert _entrar(session, CLAVE) is ana
    assert _intentos(session) == []


def test_los_fallos_de_una_red_ipv6_cuentan_juntos_y_un_fallo_viejo_no_cuenta(
    session: Session, ana: Usuario
) -> None:
    """Quien tiene una IPv6 tiene su /64 entera: cambiar de dirección dentro de ella no reinicia
    la cuenta de fallos. Un fallo más viejo que el plazo ya no es «seguido»."""
    for sufijo in ("1", "2", "3"):
        assert _entrar(session, "clave-equivocada", origen=f"2001:db8:5:7::{sufijo}") is None
    (intento,) = _intentos(session)
    assert intento.origen == "2001:db8:5:7::/64" and intento.bloqueado_hasta is not None
    assert _entrar(session, CLAVE, origen="2001:db8:5:7::99") is None
    assert _entrar(session, CLAVE, origen="2001:db8:5:8::1") is ana
    assert _entrar(session, "clave-equivocada", origen="::ffff:203.0.113.5") is None
    viejo = next(i for i in _intentos(session) if i.origen == "203.0.113.5")
    viejo.ultimo_fallo = ahora() - BLOQUEO - timedelta(seconds=1)
    session.commit()
    for _ in range(INTENTOS - 1):
        assert _entrar(session, "clave-equivocada", origen="203.0.113.5") is None
    assert _entrar(session, CLAVE, origen="203.0.113.5") is ana  # 2 seguidos, no 3


def test_cambiar_la_contrasena_levanta_los_bloqueos(session: Session, ana: Usuario) -> None:
    """Fijar una contraseña nueva (la persona o el administrador) borra los bloqueos."""
    for _ in range(INTENTOS):
        assert _entrar(session, "clave-equivocada") is None
    assert [u for u, _ in bloqueos_vigentes(session=session)] == [ana]
    usuarios.cambiar_contrasena(session=session, usuario=ana, nueva="Otra clave: Ñu & <2027>")
    assert bloqueos_vigentes(session=session) == []
    assert _entrar(session, "Otra clave: Ñu & <2027>") is ana


def test_cambiar_contrasena_cambia_el_hash_y_cierra_las_demas_sesiones(
    session: Session, ana: Usuario
) -> None:
    """La clave nueva vale, la vieja no, y el token de sesión cambia."""
    token, hash_viejo = ana.token_sesion, ana.password_hash
    usuarios.cambiar_contrasena(session=session, usuario=ana, nueva="Otra clave: Ñu & <2027>")
    assert ana.token_sesion != token
    assert ana.password_hash != hash_viejo
    assert ana.password_hash.startswith("$argon2id$")
    assert usuarios.verificar_contrasena(ana, "Otra clave: Ñu & <2027>")
    assert not usuarios.verificar_contrasena(ana, CLAVE)


def test_cambiar_contrasena_corta_se_rechaza_sin_tocar_nada(session: Session, ana: Usuario) -> None:
    """Una contraseña nueva inválida se rechaza y la anterior sigue valiendo."""
    token = ana.token_sesion
    with pytest.raises(ErrorDominio, match="al menos 10 caracteres"):
        usuarios.cambiar_contrasena(session=session, usuario=ana, nueva="corta")
    assert ana.token_sesion == token
    assert usuarios.verificar_contrasena(ana, CLAVE)


@pytest.mark.parametrize(("rol", "activo"), [("jefe", True), ("admin", False)])
def test_no_se_puede_quitar_el_ultimo_administrador_activo(
    session: Session, hacer_usuario: HacerUsuario, rol: str, activo: bool
) -> None:
    """Cambiar de rol o desactivar al único admin activo se rechaza y el usuario sigue admin."""
    admin = hacer_usuario("admin.unico", "admin")
    hacer_usuario("admin.viejo", "admin", activo=False)
    with pytest.raises(ErrorDominio, match="último administrador activo"):
        usuarios.actualizar_usuario(
            session=session,
            usuario=admin,
            rol=rol,
            activo=activo,
            nombre_completo="Admin Único",
            sucursal=None,
        )
    assert (admin.rol, admin.activo) == ("admin", True)


def test_actualizacion_rechazada_no_cierra_la_sesion_del_ultimo_admin(
    session: Session, hacer_usuario: HacerUsuario
) -> None:
    """Si se rechaza quitar al último admin, su token de sesión no debe cambiar."""
    admin = hacer_usuario("admin.unico", "admin")
    token = admin.token_sesion
    with pytest.raises(ErrorDominio):
        usuarios.actualizar_usuario(
            session=session,
            usuario=admin,
            rol="jefe",
            activo=True,
            nombre_completo="Admin Único",
            sucursal=None,
        )
    assert admin.token_sesion == token


def test_con_otro_admin_activo_si_se_puede_cambiar_de_rol(
    session: Session, hacer_usuario: HacerUsuario
) -> None:
    """Habiendo otro admin activo, el cambio de rol se hace y cierra las sesiones del usuario."""
    admin = hacer_usuario("admin.uno", "admin")
    hacer_usuario("admin.dos", "admin")
    token = admin.token_sesion
    usuarios.actualizar_usuario(
        session=session,
        usuario=admin,
        rol="jefe",
        activo=True,
        nombre_completo=" Beto Peña ",
        sucursal=" Sucursal Santa Ana ",
    )
    assert (admin.rol, admin.nombre_completo, admin.sucursal) == (
        "jefe",
        "Beto Peña",
        "Sucursal Santa Ana",
    )
    assert admin.token_sesion != token


def test_actualizar_solo_el_nombre_no_cierra_sesiones(
    session: Session, hacer_usuario: HacerUsuario
) -> None:
    """Sin cambio de rol ni de estado, el token de sesión se conserva."""
    gestor = hacer_usuario("ana.lopez", "gestor")
    token = gestor.token_sesion
    usuarios.actualizar_usuario(
        session=session,
        usuario=gestor,
        rol="gestor",
        activo=True,
        nombre_completo="Ana López de Núñez",
        sucursal=None,
    )
    assert (gestor.nombre_completo, gestor.token_sesion) == ("Ana López de Núñez", token)


def test_actualizar_con_rol_desconocido_o_sin_nombre_se_rechaza(
    session: Session, hacer_usuario: HacerUsuario
) -> None:
    """Rol inexistente o nombre completo vacío se rechazan en español."""
    gestor = hacer_usuario("ana.lopez", "gestor")
    datos = {"session": session, "usuario": gestor, "activo": True, "sucursal": None}
    with pytest.raises(ErrorDominio, match="El rol «supervisor» no existe"):
        usuarios.actualizar_usuario(rol="supervisor", nombre_completo="Ana", **datos)  # type: ignore[arg-type]
    with pytest.raises(ErrorDominio, match="Falta el nombre completo"):
        usuarios.actualizar_usuario(rol="gestor", nombre_completo=" ", **datos)  # type: ignore[arg-type]


def test_obtener_y_listar_usuarios(session: Session, hacer_usuario: HacerUsuario) -> None:
    """Se obtiene por nombre en cualquier mayúscula; el listado va por nombre y filtra por rol."""
    hacer_usuario("zoe.nunez", "gestor", nombre="Zoé Núñez")
    hacer_usuario("ana.lopez", "gestor", nombre="Ana López")
    hacer_usuario("luis.pena", "archivo", nombre="Luis Peña")
    assert usuarios.obtener_usuario(session=session, nombre_usuario=" LUIS.PENA ").rol == "archivo"
    with pytest.raises(NoEncontrado, match="No existe el usuario «nadie»"):
        usuarios.obtener_usuario(session=session, nombre_usuario="nadie")
    gestores = usuarios.listar_usuarios(session=session, rol="gestor")
    assert [u.nombre_completo for u in gestores] == ["Ana López", "Zoé Núñez"]
    assert len(usuarios.listar_usuarios(session=session)) == 3


@pytest.mark.parametrize(
    ("contrasena", "problema"),
    [
        (
            "aaaaaaaaaaaa",
            "La contraseña es demasiado fácil de adivinar (se adivinan fácilmente las repeticiones",
        ),
        ("contraseña123", "La contraseña es demasiado fácil de adivinar"),
        ("Bienvenido2026", "La contraseña es demasiado fácil de adivinar"),
        ("Recupera2026!", "La contraseña es demasiado fácil de adivinar"),
        ("qwertyuiop12", "La contraseña es demasiado fácil de adivinar"),
        ("1234567890", "La contraseña es demasiado fácil de adivinar"),
        ("Corta-1", "La contraseña debe tener al menos 10 caracteres"),
        (
            "Ana López Peña",
            "La contraseña no puede ser su nombre de usuario, su nombre ni su correo",
        ),
        ("ana.lopez@isss.gob.sv", "La contraseña no puede ser su nombre de usuario"),
        ("x" * 257, "La contraseña admite hasta 256 caracteres"),
    ],
)
def test_una_contrasena_comun_trivial_o_propia_se_rechaza_al_crear_y_al_cambiar(
    session: Session, ana: Usuario, contrasena: str, problema: str
) -> None:
    """Al dar de alta (web o consola: el mismo servicio) y al cambiarla: ni repeticiones, ni
    palabras comunes del español o del departamento con un año, ni el teclado, ni sus datos."""
    with pytest.raises(ErrorDominio) as alta:
        usuarios.crear_usuario(
            session=session, nombre_usuario="rosa.portillo", nombre_completo="Rosa Portillo",
            rol="archivo", contrasena=contrasena.replace("ana.lopez", "rosa.portillo")
            .replace("Ana López Peña", "Rosa Portillo"), correo="rosa.portillo@isss.gob.sv",
        )  # fmt: skip
    assert any(p.startswith(problema) for p in alta.value.problemas), alta.value.problemas
    with pytest.raises(ErrorDominio) as cambio:
        usuarios.cambiar_contrasena(session=session, usuario=ana, nueva=contrasena)
    assert any(p.startswith(problema) for p in cambio.value.problemas), cambio.value.problemas
    assert usuarios.verificar_contrasena(ana, CLAVE)


def test_una_frase_de_palabras_poco_relacionadas_sirve() -> None:
    """El caso de control: una frase larga, con tildes y signos, no tiene problemas."""
    assert (
        usuarios.validar_contrasena(
            "tamarindo lunes volcán azul", nombre_usuario="ana.lopez", nombre_completo="Ana López"
        )
        == []
    )
    assert usuarios.validar_contrasena(CLAVE, nombre_usuario="ana.lopez") == []
