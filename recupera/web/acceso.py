"""Sesión de base de datos por petición, usuario en sesión y el decorador que consulta la política."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from flask import Flask, abort, current_app, flash, g, request, session
from flask_login import LoginManager, UserMixin, current_user, login_required
from sqlmodel import Session
from werkzeug.routing import BaseConverter

from avisos import sin_leer
from expedientes import (
    NOMBRES_ROL,
    Actor,
    ErrorDominio,
    Expediente,
    Permiso,
    Rol,
    Settings,
    Usuario,
    ahora,
    puede,
    usuario_de_sesion,
)
from recupera.composicion import Servicios
from recupera.tareas import Ejecutor

login_manager = LoginManager()
INICIO_SESION = "inicio_sesion"
MAX_PROBLEMAS = 20
_ID = re.compile(r"[0-9]{1,9}")
F = TypeVar("F", bound=Callable[..., Any])


class UsuarioWeb(UserMixin):
    """El usuario en sesión; el id incluye el token, así cambiar la contraseña cierra sesiones."""

    def __init__(self, usuario: Usuario) -> None:
        self.modelo = usuario

    def get_id(self) -> str:
        """`id:token_sesion`."""
        return f"{self.modelo.id}:{self.modelo.token_sesion}"

    @property
    def is_active(self) -> bool:
        """Solo usuarios activos."""
        return self.modelo.activo

    @property
    def nombre_rol(self) -> str:
        """El rol como lo lee una persona."""
        return NOMBRES_ROL[Rol(self.modelo.rol)]


def settings() -> Settings:
    """La configuración de la aplicación actual."""
    return cast(Settings, current_app.config["RECUPERA"])


def servicios() -> Servicios:
    """Los servicios de la instalación, conectados por `recupera.composicion` al crear la app."""
    return cast(Servicios, current_app.extensions["recupera"])


def tareas() -> Ejecutor:
    """Quien hace en este proceso las tareas largas que se piden (fuera de la petición)."""
    return cast(Ejecutor, current_app.extensions["recupera_tareas"])


def db() -> Session:
    """La sesión de base de datos de esta petición (el actor lo fija la carga del usuario)."""
    if "db" not in g:
        # Las consultas (GET) no escriben: en SQLite no deben esperar ni bloquear a los escritores.
        g.db = servicios().bd.nueva_sesion(solo_lectura=request.method in ("GET", "HEAD"))
    return cast(Session, g.db)


def usuario_actual() -> Usuario | None:
    """El modelo del usuario en sesión, o None."""
    if current_user and current_user.is_authenticated:
        return cast(Usuario, current_user.modelo)
    return None


def _cerrar_db(_exc: BaseException | None) -> None:
    sesion = g.pop("db", None)
    if sesion is not None:
        sesion.rollback()  # lo confirmado ya se confirmó; lo demás no se guarda
        sesion.close()


def id_numerico(valor: str) -> int | None:
    """Un identificador de hasta 9 dígitos ASCII, o None (nada de `²` ni de números gigantes)."""
    return int(valor) if _ID.fullmatch(valor) else None


class IdConverter(BaseConverter):
    """`<id:x>` en las rutas: hasta 9 dígitos ASCII; un número gigante es 404, no un error 500."""

    regex = _ID.pattern

    def to_python(self, value: str) -> int:
        """El entero de la ruta."""
        return int(value)

    def to_url(self, value: object) -> str:
        """El entero en la ruta."""
        return str(value)


def _cargar_usuario(ident: str) -> UsuarioWeb | None:
    texto_id, _, token = ident.partition(":")
    uid = id_numerico(texto_id)
    if uid is None or not token:
        return None
    # Límite absoluto: pasadas las horas de sesión hay que volver a entrar, aunque se use a diario.
    inicio = session.get(INICIO_SESION)
    limite = settings().sesion_horas * 3600
    if not isinstance(inicio, int | float) or ahora().timestamp() - inicio > limite:
        return None
    usuario = usuario_de_sesion(session=db(), usuario_id=uid, token=token)
    if usuario is None:
        return None
    # Lo que esta petición cambie queda en la bitácora a nombre de quien inició sesión.
    db().info["actor"] = Actor(usuario.nombre_usuario, usuario.id)
    return UsuarioWeb(usuario)


def iniciar(app: Flask) -> None:
    """Conecta Flask-Login y el cierre de la sesión de base de datos."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.acceso"
    login_manager.login_message = "Inicie sesión para continuar."
    login_manager.login_message_category = "aviso"
    login_manager.session_protection = "strong"
    login_manager.user_loader(_cargar_usuario)
    app.teardown_appcontext(_cerrar_db)
    app.url_map.converters["id"] = IdConverter

    @app.context_processor
    def _permisos() -> dict[str, Any]:
        return {
            "puede": lambda permiso, expediente=None: puede(
                usuario_actual(), Permiso(permiso), expediente
            ),
            "avisos_sin_leer": _avisos_sin_leer,
        }

    # Global (no del contexto): la usan las macros importadas, que no ven el contexto.
    app.jinja_env.globals["url_con"] = url_con


def url_con(**cambios: object) -> str:
    """La URL de esta misma página con sus filtros, cambiando algunos parámetros (la página, el
    orden); un cambio a None lo quita. Los parámetros repetidos se conservan."""
    args = request.args.copy()
    for clave, valor in cambios.items():
        args.poplist(clave)
        if valor is not None:
            args[clave] = str(valor)
    query = urlencode(list(args.items(multi=True)))
    return f"{request.path}?{query}" if query else request.path


def _avisos_sin_leer() -> int:
    """El contador del encabezado: los avisos que la persona en sesión no ha leído."""
    usuario = usuario_actual()
    return sin_leer(session=db(), usuario_id=usuario.id or 0) if usuario else 0


def requiere(permiso: Permiso) -> Callable[[F], F]:
    """Exige sesión iniciada y el permiso según la política; si no, 403."""

    def decorador(vista: F) -> F:
        @wraps(vista)
        @login_required
        def envuelta(*args: Any, **kwargs: Any) -> Any:
            if not puede(usuario_actual(), permiso):
                abort(403)
            return vista(*args, **kwargs)

        return cast(F, envuelta)

    return decorador


def requiere_alguno(*permisos: Permiso) -> Callable[[F], F]:
    """Exige sesión iniciada y al menos uno de los permisos según la política; si no, 403."""

    def decorador(vista: F) -> F:
        @wraps(vista)
        @login_required
        def envuelta(*args: Any, **kwargs: Any) -> Any:
            if not any(puede(usuario_actual(), p) for p in permisos):
                abort(403)
            return vista(*args, **kwargs)

        return cast(F, envuelta)

    return decorador


def exigir_sobre(permiso: Permiso, expediente: Expediente) -> None:
    """403 si el usuario no puede hacer esto sobre este expediente en particular."""
    if not puede(usuario_actual(), permiso, expediente):
        abort(403)


@contextmanager
def operacion(exito: str) -> Iterator[list[bool]]:
    """Confirma y avisa del éxito; ante un ErrorDominio revierte y muestra sus problemas.

    Entrega una lista de un elemento que queda en True solo si la operación se confirmó.
    """
    resultado = [False]
    try:
        yield resultado
        db().commit()
        resultado[0] = True
        flash(exito, "exito")
    except ErrorDominio as exc:
        db().rollback()
        # La cookie de sesión no admite listas largas: se muestran las primeras.
        problemas = exc.problemas[:MAX_PROBLEMAS]
        if len(exc.problemas) > MAX_PROBLEMAS:
            problemas.append(f"… y {len(exc.problemas) - MAX_PROBLEMAS} problema(s) más.")
        flash({"mensaje": exc.mensaje, "problemas": problemas}, "error")  # type: ignore[arg-type]
