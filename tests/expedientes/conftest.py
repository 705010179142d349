"""Fixtures del dominio: fábricas de patronos y usuarios realistas sobre la sesión de la prueba."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from expedientes.modelos import Patrono, Usuario
from expedientes.patronos import registrar_patrono
from tests.expedientes.datos import NIT_PEREZ, PEREZ, HacerPatrono, HacerUsuario


@pytest.fixture
def hacer_patrono(session: Session) -> HacerPatrono:
    """Registra un patrono con el servicio real; los datos no indicados son realistas."""

    def hacer(
        numero_patronal: str = "310145678",
        razon_social: str = PEREZ,
        nit: str = NIT_PEREZ,
        sucursal: str = "Sucursal San Salvador",
        **otros: str,
    ) -> Patrono:
        campos = {
            "numero_patronal": numero_patronal,
            "nit": nit,
            "razon_social": razon_social,
            "sucursal": sucursal,
            "direccion": "Calle Arce #1234, Col. Escalón",
            "municipio": "San Salvador",
            "departamento": "San Salvador",
            **otros,
        }
        return registrar_patrono(session=session, campos=campos)

    return hacer


@pytest.fixture
def hacer_usuario(session: Session) -> HacerUsuario:
    """Inserta un usuario sin pasar por argon2 (rápido); las contraseñas se prueban aparte."""

    def hacer(nombre_usuario: str, rol: str, *, activo: bool = True, nombre: str = "") -> Usuario:
        usuario = Usuario(
            nombre_usuario=nombre_usuario,
            nombre_completo=nombre or f"Usuario {nombre_usuario}",
            rol=rol,
            password_hash="$argon2id$v=19$m=65536,t=3,p=4$ficticio$ficticio",
            token_sesion="0" * 32,
            activo=activo,
        )
        session.add(usuario)
        session.flush()
        return usuario

    return hacer
