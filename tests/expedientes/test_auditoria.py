"""La bitácora: quién, qué, antes y después de cada cambio; secretos ocultos; solo se agrega."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from expedientes import crear_engine, usuarios
from expedientes.auditoria import OCULTO, Actor, con_motivo
from expedientes.errores import ErrorDominio
from expedientes.modelos import DeudaPeriodo, Patrono
from tests.bd import nueva_sesion, sesion
from tests.conftest import vaciar_postgres
from tests.expedientes.datos import (
    ESPIGA,
    NANDU,
    NIT_PEREZ,
    HacerPatrono,
    renglones_de,
    total_bitacora,
)

CONTRASENA = 'Clave "Ñandú" & <segura> {{ 1 }}'


def test_crear_escribe_un_renglon_con_actor_y_la_foto_completa(engine: Engine) -> None:
    """Crear deja `crear` con el actor, su usuario, antes vacío y todos los campos auditables."""
    with nueva_sesion(engine) as s:
        s.info["actor"] = Actor("web:ana.lopez", usuario_id=7)
        patrono = Patrono(numero_patronal="310145678", nit="06140101901023", razon_social=ESPIGA)
        s.add(patrono)
        s.flush()
        [renglon] = renglones_de(s, "patrono")
        assert (renglon.accion, renglon.actor, renglon.usuario_id) == ("crear", "web:ana.lopez", 7)
        assert renglon.entidad_id == str(patrono.id)
        assert renglon.antes is None
        assert renglon.despues is not None
        assert renglon.despues["razon_social"] == ESPIGA
        assert renglon.despues["numero_patronal"] == "310145678"
        assert renglon.despues["dui_representante"] is None
        # Lo derivado o de mantenimiento no se audita.
        assert "busqueda" not in renglon.despues
        assert "actualizado_en" not in renglon.despues
        assert renglon.cuando.tzinfo is not None


def test_modificar_guarda_solo_los_campos_que_cambiaron(
    session: Session, hacer_patrono: HacerPatrono
) -> None:
    """Un cambio deja `modificar` con antes y después de esos campos y de ningún otro."""
    patrono = hacer_patrono(razon_social=ESPIGA)
    patrono.razon_social = NANDU
    patrono.telefono = "2222-3333"
    session.flush()
    renglon = renglones_de(session, "patrono", patrono.id)[-1]
    assert renglon.accion == "modificar"
    assert renglon.antes == {"razon_social": ESPIGA, "telefono": ""}
    assert renglon.despues == {"razon_social": NANDU, "telefono": "2222-3333"}


def test_montos_y_fechas_se_auditan_como_texto_exacto(
    session: Session, hacer_patrono: HacerPatrono
) -> None:
    """Decimal y date se guardan en la bitácora como texto, sin perder centavos."""
    patrono = hacer_patrono()
    deuda = DeudaPeriodo(
        patrono_id=patrono.id or 0,
        periodo=date(2025, 1, 1),
        cuota=Decimal("1234567.89"),
        multa=Decimal("0.10"),
        fecha_limite_pago=date(2025, 2, 10),
    )
    session.add(deuda)
    session.flush()
    deuda.cuota = Decimal("1234567.90")
    session.flush()
    creado, cambio = renglones_de(session, "deuda_periodo", deuda.id)
    assert creado.despues is not None
    assert creado.despues["cuota"] == "1234567.89"
    assert creado.despues["multa"] == "0.10"
    assert creado.despues["periodo"] == "2025-01-01"
    assert (cambio.antes, cambio.despues) == ({"cuota": "1234567.89"}, {"cuota": "1234567.90"})


def test_eliminar_guarda_la_foto_de_lo_borrado(
    session: Session, hacer_patrono: HacerPatrono
) -> None:
    """Borrar deja `eliminar` con todos los campos en antes y después vacío."""
    patrono = hacer_patrono(razon_social=NANDU)
    pid = patrono.id
    session.delete(patrono)
    session.flush()
    renglon = renglones_de(session, "patrono", pid)[-1]
    assert renglon.accion == "eliminar"
    assert renglon.despues is None
    assert renglon.antes is not None
    assert (renglon.antes["razon_social"], renglon.antes["id"]) == (NANDU, pid)


def test_asignar_el_mismo_valor_no_escribe_renglon(
    session: Session, hacer_patrono: HacerPatrono
) -> None:
    """Poner un campo al valor que ya tiene no es un cambio y no deja rastro."""
    patrono = hacer_patrono(razon_social=ESPIGA)
    session.commit()
    antes = total_bitacora(session)
    patrono.razon_social = ESPIGA
    patrono.nit = NIT_PEREZ.replace("-", "")
    session.add(patrono)
    session.flush()
    assert total_bitacora(session) == antes


def test_el_motivo_acompana_solo_al_siguiente_cambio(
    session: Session, hacer_patrono: HacerPatrono
) -> None:
    """El motivo acompaña a los cambios dentro de `con_motivo` y no a los que siguen."""
    patrono = hacer_patrono()
    with con_motivo(session, "Corrección pedida por oficio CE-2026-000123"):
        patrono.telefono = "2222-3333"
    patrono.telefono = "2222-4444"
    session.flush()
    *_, con, sin = renglones_de(session, "patrono", patrono.id)
    assert con.motivo == "Corrección pedida por oficio CE-2026-000123"
    assert sin.motivo == ""


def test_la_contrasena_nunca_aparece_en_la_bitacora(engine: Engine) -> None:
    """password_hash y token_sesion se muestran «(oculto)» al crear y al cambiar; nunca en claro."""
    with nueva_sesion(engine) as s:
        s.info["actor"] = Actor("cli:admin")
        usuario = usuarios.crear_usuario(
            session=s,
            nombre_usuario="ana.lopez",
            nombre_completo="Ana López",
            rol="gestor",
            contrasena=CONTRASENA,
        )
        hash_viejo, token_viejo = usuario.password_hash, usuario.token_sesion
        usuarios.cambiar_contrasena(session=s, usuario=usuario, nueva=CONTRASENA + " nueva")
        s.flush()
        creado, cambio = renglones_de(s, "usuario", usuario.id)
        assert creado.despues is not None
        assert creado.despues["password_hash"] == OCULTO == "(oculto)"
        assert creado.despues["token_sesion"] == OCULTO
        assert cambio.antes == {"password_hash": OCULTO, "token_sesion": OCULTO}
        assert cambio.despues == {"password_hash": OCULTO, "token_sesion": OCULTO}
        todo = json.dumps([r.model_dump(mode="json") for r in (creado, cambio)], ensure_ascii=False)
        for secreto in (CONTRASENA, hash_viejo, usuario.password_hash, token_viejo, "$argon2"):
            assert secreto not in todo


def test_cambio_sin_actor_en_la_sesion_se_rechaza(engine: Engine) -> None:
    """Una sesión sin Actor no puede cambiar datos del dominio: RuntimeError y nada se guarda."""
    with nueva_sesion(engine) as s:
        s.add(Patrono(numero_patronal="310145678", nit="06140101901023", razon_social=NANDU))
        with pytest.raises(RuntimeError, match="sin actor"):
            s.flush()
        s.rollback()
    with nueva_sesion(engine) as s:
        assert s.get(Patrono, 1) is None
        assert total_bitacora(s) == 0


def test_un_actor_que_no_es_actor_tambien_se_rechaza(engine: Engine) -> None:
    """Un texto suelto en session.info no sustituye a un Actor."""
    with nueva_sesion(engine) as s:
        s.info["actor"] = "ana.lopez"
        s.add(Patrono(numero_patronal="310145678", nit="06140101901023", razon_social=NANDU))
        with pytest.raises(RuntimeError, match="abra la sesión con un Actor"):
            s.flush()
        s.rollback()


@pytest.mark.parametrize(
    "sql", ["UPDATE auditoria SET actor = 'x'", "DELETE FROM auditoria"], ids=["update", "delete"]
)
def test_la_base_rechaza_modificar_o_borrar_la_bitacora(
    session: Session, engine: Engine, hacer_patrono: HacerPatrono, sql: str
) -> None:
    """Los triggers de la base impiden UPDATE y DELETE en la bitácora, aun con SQL a mano."""
    hacer_patrono()
    session.commit()
    renglones = total_bitacora(session)
    assert renglones >= 1  # los triggers son por renglón: sin renglones no habría nada que probar
    session.rollback()
    with engine.connect() as conexion, pytest.raises(DBAPIError) as exc:
        conexion.execute(text(sql))
    assert "solo admite agregar" in str(exc.value)
    with nueva_sesion(engine) as s:
        assert total_bitacora(s) == renglones
        assert {r.actor for r in renglones_de(s, "patrono")} == {"prueba:servicios"}


def test_postgresql_rechaza_vaciar_la_bitacora_con_truncate(esquema_postgres: str) -> None:
    """En PostgreSQL, TRUNCATE (que no dispara triggers por renglón) también se rechaza."""
    vaciar_postgres(esquema_postgres)
    engine = crear_engine(esquema_postgres)
    try:
        with sesion(engine, Actor("prueba:truncate")) as s:
            s.add(Patrono(numero_patronal="310145678", nit="06140101901023", razon_social=NANDU))
        with engine.connect() as conexion, pytest.raises(DBAPIError, match="solo admite agregar"):
            conexion.execute(text("TRUNCATE auditoria"))
        with nueva_sesion(engine) as s:
            assert total_bitacora(s) == 1
    finally:
        engine.dispose()


def test_antes_trae_el_valor_viejo_aunque_el_objeto_estuviera_expirado(
    session: Session, hacer_patrono: HacerPatrono
) -> None:
    """Tras un rollback el objeto expira; modificarlo debe seguir auditando el valor anterior."""
    patrono = hacer_patrono(razon_social=ESPIGA)
    session.commit()
    # Un alta rechazada en la misma sesión; el rollback que sigue expira todos los objetos.
    with pytest.raises(ErrorDominio, match="ya existe un patrono"):
        hacer_patrono(razon_social=NANDU)
    session.rollback()
    patrono.razon_social = NANDU
    session.flush()
    renglon = renglones_de(session, "patrono", patrono.id)[-1]
    assert renglon.antes == {"razon_social": ESPIGA}
