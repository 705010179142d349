"""Buzones: contraseña cifrada y nunca en la bitácora, validación, y el buzón del entorno."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from correspondencia import buzones
from correspondencia.buzones import DatosBuzon, guardar_buzon
from correspondencia.modelos import Buzon
from expedientes import ErrorDominio, cargar_settings
from tests.expedientes.datos import renglones_de

CLAVE = "k" * 40
DATOS = DatosBuzon(
    nombre="Recepción & Jurídica",
    host="imap.isss.gob.sv",
    puerto=993,
    usuario="recepcion@isss.gob.sv",
    contrasena='Clave "secreta" <ñ>',
)


def test_la_contrasena_se_guarda_cifrada_y_se_descifra_con_la_misma_clave(
    session: Session,
) -> None:
    """En la base no está en claro; con la clave del servicio vuelve exacta."""
    buzon = guardar_buzon(session=session, datos=DATOS, secret_key=CLAVE)
    assert DATOS.contrasena not in buzon.contrasena_cifrada
    assert buzones.descifrar(buzon, CLAVE) == DATOS.contrasena


def test_con_otra_clave_del_servicio_el_error_dice_que_hacer(session: Session) -> None:
    """Si cambió RECUPERA_SECRET_KEY, se pide volver a escribir la contraseña."""
    buzon = guardar_buzon(session=session, datos=DATOS, secret_key=CLAVE)
    with pytest.raises(ErrorDominio, match="vuelva a escribirla"):
        buzones.descifrar(buzon, "otra" * 10)


def test_la_bitacora_oculta_la_contrasena_cifrada(session: Session) -> None:
    """Ni cifrada aparece en la bitácora."""
    buzon = guardar_buzon(session=session, datos=DATOS, secret_key=CLAVE)
    (renglon,) = renglones_de(session, "buzon", buzon.id)
    assert (renglon.despues or {})["contrasena_cifrada"] == "(oculto)"


def test_editar_sin_contrasena_conserva_la_guardada(session: Session) -> None:
    """El formulario nunca la muestra: vacía significa «no cambiar»."""
    buzon = guardar_buzon(session=session, datos=DATOS, secret_key=CLAVE)
    cambio = DatosBuzon(**{**DATOS.__dict__, "contrasena": "", "carpeta_procesados": "Hechos"})
    guardar_buzon(session=session, datos=cambio, secret_key=CLAVE, buzon_id=buzon.id)
    assert buzon.carpeta_procesados == "Hechos"
    assert buzones.descifrar(buzon, CLAVE) == DATOS.contrasena


def test_los_datos_invalidos_se_listan_todos(session: Session) -> None:
    """Host con espacios, puerto fuera de rango, sin usuario, texto plano hacia otra máquina."""
    malos = DatosBuzon(
        nombre="", host="mal host", puerto=0, usuario=" ", contrasena="", seguridad="ninguna"
    )
    with pytest.raises(ErrorDominio) as error:
        guardar_buzon(session=session, datos=malos, secret_key=CLAVE)
    assert len(error.value.problemas) == 6
    local = DatosBuzon(**{**DATOS.__dict__, "host": "imap.externo.sv", "seguridad": "ninguna"})
    with pytest.raises(ErrorDominio, match="propia máquina"):
        guardar_buzon(session=session, datos=local, secret_key=CLAVE)


def test_el_nombre_no_se_repite(session: Session) -> None:
    """Dos buzones con el mismo nombre confundirían a quien lee el estado del sondeo."""
    guardar_buzon(session=session, datos=DATOS, secret_key=CLAVE)
    with pytest.raises(ErrorDominio, match="Ya existe"):
        guardar_buzon(session=session, datos=DATOS, secret_key=CLAVE)


def test_el_buzon_del_entorno_se_refleja_sin_guardar_su_contrasena(
    session: Session, tmp_path: Path
) -> None:
    """RECUPERA_IMAP_* crea su fila (sin secreto) y su fuente lleva la contraseña del entorno."""
    cfg = cargar_settings(
        env="development",
        data_dir=tmp_path,
        imap_host="imap.isss.gob.sv",
        imap_user="recepcion",
        imap_password="del-entorno",
        imap_processed_folder="Registradas",
    )
    guardar_buzon(session=session, datos=DATOS, secret_key=cfg.secret_key)
    fuentes, fallidas = buzones.fuentes_imap(session=session, settings=cfg)
    assert fallidas == []
    assert [f.nombre for f in fuentes] == [
        f"{buzones.NOMBRE_DEL_ENTORNO}: recepcion@imap.isss.gob.sv",
        DATOS.nombre,
    ]
    entorno = fuentes[0]
    assert (entorno.conexion.puerto, entorno.conexion.seguridad) == (993, "tls")
    assert entorno.conexion.contrasena == "del-entorno"
    assert entorno.carpeta_procesados == "Registradas"
    fila = session.exec(select(Buzon).where(Buzon.desde_entorno)).one()
    assert fila.contrasena_cifrada == ""
    with pytest.raises(ErrorDominio, match="RECUPERA_IMAP"):
        guardar_buzon(session=session, datos=DATOS, secret_key=CLAVE, buzon_id=fila.id)


def test_imap_sin_cifrado_hacia_otra_maquina_no_se_configura(tmp_path: Path) -> None:
    """La configuración se rechaza antes de enviar una contraseña en claro por la red."""
    with pytest.raises(ErrorDominio, match="RECUPERA_IMAP_SSL=false"):
        cargar_settings(
            env="development",
            data_dir=tmp_path,
            imap_host="imap.isss.gob.sv",
            imap_user="r",
            imap_password="x",
            imap_ssl="false",
        )


def test_la_cuenta_de_un_buzon_no_cambia_y_otro_puerto_pide_la_contrasena(
    session: Session,
) -> None:
    """Otra cuenta sería otro buzón (lo registrado depende de ella); un puerto nuevo podría
    llevar la contraseña guardada a otro servidor: se pide de nuevo."""
    buzon = guardar_buzon(session=session, datos=DATOS, secret_key=CLAVE)
    otra_cuenta = DatosBuzon(**{**DATOS.__dict__, "usuario": "otra@isss.gob.sv", "contrasena": ""})
    with pytest.raises(ErrorDominio) as error:
        guardar_buzon(session=session, datos=otra_cuenta, secret_key=CLAVE, buzon_id=buzon.id)
    assert "cree uno nuevo" in error.value.problemas[0]
    otro_puerto = DatosBuzon(**{**DATOS.__dict__, "puerto": 1993, "contrasena": ""})
    with pytest.raises(ErrorDominio, match="no se puede guardar") as error:
        guardar_buzon(session=session, datos=otro_puerto, secret_key=CLAVE, buzon_id=buzon.id)
    assert error.value.problemas == [
        "Para cambiar el puerto o la seguridad vuelva a escribir la contraseña."
    ]
    con_clave = DatosBuzon(**{**DATOS.__dict__, "puerto": 1993})
    guardar_buzon(session=session, datos=con_clave, secret_key=CLAVE, buzon_id=buzon.id)
    assert buzon.puerto == 1993


def test_la_misma_cuenta_no_se_sondea_dos_veces(session: Session, tmp_path: Path) -> None:
    """Ni dos buzones de la web ni uno de la web y el del entorno con la misma cuenta y carpeta."""
    guardar_buzon(session=session, datos=DATOS, secret_key=CLAVE)
    mismo = DatosBuzon(**{**DATOS.__dict__, "nombre": "Otro nombre", "host": "IMAP.isss.gob.sv"})
    with pytest.raises(ErrorDominio) as error:
        guardar_buzon(session=session, datos=mismo, secret_key=CLAVE)
    assert error.value.problemas == [f"El buzón «{DATOS.nombre}» ya sondea esa cuenta y carpeta."]
    inactivo = DatosBuzon(**{**mismo.__dict__, "activo": False})
    guardar_buzon(session=session, datos=inactivo, secret_key=CLAVE)  # inactivo no sondea


def test_otra_cuenta_en_el_entorno_es_otro_buzon_y_la_anterior_deja_de_sondearse(
    session: Session, tmp_path: Path
) -> None:
    """Cambiar RECUPERA_IMAP_USER no hereda la posición ni lo registrado de la cuenta anterior."""
    comun = {"env": "development", "data_dir": tmp_path, "imap_password": "x"}
    primera = cargar_settings(**comun, imap_host="imap.isss.gob.sv", imap_user="recepcion")
    segunda = cargar_settings(**comun, imap_host="imap.isss.gob.sv", imap_user="juridica")
    (f1,), _ = buzones.fuentes_imap(session=session, settings=primera)
    (f2,), _ = buzones.fuentes_imap(session=session, settings=segunda)
    assert f1.buzon_id != f2.buzon_id
    filas = session.exec(select(Buzon).where(Buzon.desde_entorno)).all()
    assert {(b.usuario, b.activo) for b in filas} == {("recepcion", False), ("juridica", True)}


def test_una_contrasena_que_no_se_descifra_aparta_solo_ese_buzon(session: Session) -> None:
    """Con otra clave del servicio, ese buzón queda fuera con su motivo; los demás se sondean."""
    guardar_buzon(session=session, datos=DATOS, secret_key="vieja" * 10)
    otro = DatosBuzon(**{**DATOS.__dict__, "nombre": "Jurídica", "usuario": "juridica"})
    guardar_buzon(session=session, datos=otro, secret_key=CLAVE)
    cfg = cargar_settings(env="development", data_dir=Path("."), secret_key=CLAVE)
    fuentes, fallidas = buzones.fuentes_imap(session=session, settings=cfg)
    assert [f.nombre for f in fuentes] == ["Jurídica"]
    ((apartada, motivo),) = fallidas
    assert apartada.nombre == DATOS.nombre and "vuelva a escribirla" in motivo
    assert DATOS.contrasena not in repr(fuentes[0])
