"""El directorio institucional: la configuración de RECUPERA_LDAP_* y la consulta de una cuenta
contra un OpenLDAP real (LDAP en loopback, StartTLS y LDAPS con una CA propia)."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import pytest

from expedientes import (
    ConfigDirectorio,
    DirectorioNoDisponible,
    ErrorDominio,
    cargar_settings,
    config_directorio,
    consultar_directorio,
    rol_de_grupos,
)
from tests.dovecot import puerto_libre
from tests.slapd import CONTRASENA, GRUPOS, PERSONAS, Slapd

NOMBRE = 'José Ñúñez & <Cía> "El Chele"'
MINIMO = {
    "env": "development",
    "ldap_host": "dc1.isss.gob.sv",
    "ldap_bind": "{usuario}@isss.gob.sv",
    "ldap_base": "dc=isss,dc=gob,dc=sv",
    "ldap_grupos": "cn=recupera-jefes,ou=grupos,dc=isss,dc=gob,dc=sv=jefe",
}


def _config(slapd: Slapd, seguridad: str = "none", **cambios: Any) -> ConfigDirectorio:
    """La configuración del directorio de pruebas, leída como la lee el servicio."""
    config = config_directorio(
        cargar_settings(env="development", **slapd.ajustes(seguridad, **cambios))
    )
    assert config is not None
    return config


def _problemas(**valores: Any) -> str:
    with pytest.raises(ErrorDominio) as exc:
        cargar_settings(**{**MINIMO, **valores})
    return exc.value.texto_completo()


# --- configuración ------------------------------------------------------------------------------


def test_sin_host_el_acceso_por_directorio_esta_apagado() -> None:
    """Sin RECUPERA_LDAP_HOST no hay configuración de directorio: solo entran cuentas locales."""
    assert config_directorio(cargar_settings(env="development")) is None


def test_con_host_la_configuracion_completa_da_puertos_por_omision_y_grupos_en_orden() -> None:
    """LDAPS en el 636 por omisión, StartTLS en el 389; los grupos en el orden escrito."""
    grupos = "cn=jefes,ou=g,dc=x=jefe ; cn=gestores,ou=g,dc=x=gestor;"
    config = config_directorio(cargar_settings(**{**MINIMO, "ldap_grupos": grupos}))
    assert config is not None
    assert (config.puerto, config.seguridad) == (636, "ldaps")
    assert config.grupos == (("cn=jefes,ou=g,dc=x", "jefe"), ("cn=gestores,ou=g,dc=x", "gestor"))
    starttls = config_directorio(cargar_settings(**MINIMO, ldap_security="starttls"))
    assert starttls is not None and starttls.puerto == 389


@pytest.mark.parametrize(
    ("valores", "esperado"),
    [
        ({"ldap_bind": None}, "RECUPERA_LDAP_BIND con {usuario}"),
        ({"ldap_bind": "recupera@isss.gob.sv"}, "RECUPERA_LDAP_BIND con {usuario}"),
        ({"ldap_base": None}, "RECUPERA_LDAP_BASE"),
        ({"ldap_filtro": "(uid=ana)"}, "RECUPERA_LDAP_FILTRO con {usuario}"),
        ({"ldap_grupos": ""}, "hace falta RECUPERA_LDAP_GRUPOS"),
        ({"ldap_grupos": "cn=jefes,dc=x=rey"}, "«cn=jefes,dc=x=rey» no es «DN del grupo=rol»"),
        ({"ldap_grupos": "jefes=jefe"}, "«jefes=jefe» no es «DN del grupo=rol»"),
        ({"ldap_security": "none"}, "RECUPERA_LDAP_SECURITY=none solo se admite hacia 127.0.0.1"),
    ],
)
def test_una_configuracion_incompleta_o_en_claro_hacia_otra_maquina_se_rechaza(
    valores: dict[str, Any], esperado: str
) -> None:
    """Cada falta detiene el arranque con «La configuración no es válida.» y dice qué poner."""
    texto = _problemas(**valores)
    assert texto.startswith("La configuración no es válida.")
    assert esperado in texto


def test_sin_cifrado_solo_hacia_la_propia_maquina() -> None:
    """`none` vale hacia loopback (como RECUPERA_IMAP_SSL=false); con TLS, hacia cualquiera."""
    for host in ("127.0.0.1", "localhost", "::1"):
        conf = cargar_settings(**{**MINIMO, "ldap_host": host, "ldap_security": "none"})
        assert conf.ldap_host == host


def test_el_primer_grupo_de_la_lista_decide_el_rol_y_los_dn_se_comparan_normalizados() -> None:
    """Mayúsculas y espacios no cuentan; quien está en dos grupos toma el primero de la lista."""
    config = config_directorio(
        cargar_settings(
            **{
                **MINIMO,
                "ldap_grupos": "CN=Jefes, OU=Grupos, DC=X=jefe;cn=gestores,ou=grupos,dc=x=gestor",
            }
        )
    )
    assert config is not None
    assert (
        rol_de_grupos(config, ("cn=gestores,ou=grupos,dc=x", "cn=jefes,ou=grupos,dc=x")) == "jefe"
    )
    assert rol_de_grupos(config, ("CN=GESTORES,OU=GRUPOS,DC=X",)) == "gestor"
    assert rol_de_grupos(config, ("cn=otros,ou=grupos,dc=x",)) is None
    assert rol_de_grupos(config, ()) is None


# --- contra un OpenLDAP real ----------------------------------------------------------------------


@pytest.mark.slapd
@pytest.mark.parametrize("seguridad", ["none", "starttls", "ldaps"])
def test_con_la_contrasena_correcta_da_nombre_correo_y_grupos(slapd: Slapd, seguridad: str) -> None:
    """GIVEN una persona en un grupo de Recupera WHEN entra con su contraseña (en claro en
    loopback, con StartTLS o con LDAPS y la CA propia) THEN el directorio da su DN, su nombre con
    tildes y signos tal cual, su correo y sus grupos."""
    uid = slapd.nueva_persona(grupos=["recupera-gestores"])
    config = _config(slapd, seguridad)
    cuenta = consultar_directorio(config, nombre_usuario=uid, contrasena=CONTRASENA)
    assert cuenta is not None
    assert cuenta.dn == f"uid={uid},{PERSONAS}"
    assert (cuenta.nombre_completo, cuenta.correo) == (NOMBRE, "jose.nunez@isss.gob.sv")
    assert cuenta.grupos == (f"cn=recupera-gestores,{GRUPOS}",)
    assert rol_de_grupos(config, cuenta.grupos) == "gestor"


@pytest.mark.slapd
def test_contrasena_erronea_usuario_inexistente_o_vacia_dan_none(slapd: Slapd) -> None:
    """Los tres rechazos son iguales (None): el directorio no dice cuál fue. La contraseña vacía
    no llega al directorio, que la tomaría por un ingreso anónimo válido."""
    uid = slapd.nueva_persona(grupos=["recupera-jefes"])
    config = _config(slapd)
    assert consultar_directorio(config, nombre_usuario=uid, contrasena="Otra-Clave-2026") is None
    assert consultar_directorio(config, nombre_usuario="no.existe", contrasena=CONTRASENA) is None
    assert consultar_directorio(config, nombre_usuario=uid, contrasena="") is None


@pytest.mark.slapd
def test_los_grupos_se_leen_de_memberof_y_de_uniquemember(slapd: Slapd) -> None:
    """El grupo de secretarías (groupOfUniqueNames) no sale en memberOf: se halla buscando."""
    uid = slapd.nueva_persona(grupos=["recupera-secretarias", "recupera-jefes"])
    config = _config(slapd)
    cuenta = consultar_directorio(config, nombre_usuario=uid, contrasena=CONTRASENA)
    assert cuenta is not None
    assert set(cuenta.grupos) == {
        f"cn=recupera-secretarias,{GRUPOS}",
        f"cn=recupera-jefes,{GRUPOS}",
    }
    assert rol_de_grupos(config, cuenta.grupos) == "jefe"  # jefes va primero en la lista


@pytest.mark.slapd
def test_sin_nombre_ni_correo_en_el_directorio_quedan_vacios(slapd: Slapd) -> None:
    """Una cuenta sin `mail` no inventa un correo."""
    uid = slapd.nueva_persona(correo=None, nombre="Ana")
    cuenta = consultar_directorio(_config(slapd), nombre_usuario=uid, contrasena=CONTRASENA)
    assert cuenta is not None
    assert (cuenta.nombre_completo, cuenta.correo, cuenta.grupos) == ("Ana", None, ())


@pytest.mark.slapd
def test_un_nombre_con_caracteres_de_filtro_no_inyecta_nada(slapd: Slapd) -> None:
    """`*` y paréntesis en el nombre se escapan en el DN y en el filtro: no entra nadie."""
    slapd.nueva_persona(grupos=["recupera-jefes"])
    config = _config(slapd)
    for nombre in ("*", "persona*", ")(uid=*", "a,ou=grupos"):
        assert consultar_directorio(config, nombre_usuario=nombre, contrasena=CONTRASENA) is None


def test_con_el_puerto_cerrado_el_directorio_no_esta_disponible() -> None:
    """Nadie escucha: DirectorioNoDisponible con un mensaje para la persona y el detalle aparte."""
    config = ConfigDirectorio(
        host="127.0.0.1",
        puerto=puerto_libre(),
        seguridad="none",
        ca_file=None,
        bind="uid={usuario},ou=personas,dc=isss,dc=gob,dc=sv",
        base="dc=isss,dc=gob,dc=sv",
        filtro="(uid={usuario})",
        grupos=(("cn=jefes,dc=isss,dc=gob,dc=sv", "jefe"),),
        segundos=2,
    )
    with pytest.raises(DirectorioNoDisponible) as exc:
        consultar_directorio(config, nombre_usuario="ana", contrasena=CONTRASENA)
    assert exc.value.mensaje.startswith("No se pudo consultar el directorio institucional")
    assert f"127.0.0.1:{config.puerto}" in exc.value.problemas[0]
    assert "refused" in exc.value.problemas[0]


@pytest.mark.parametrize("seguridad", ["none", "starttls", "ldaps"])
def test_un_directorio_que_acepta_la_conexion_y_no_contesta_no_deja_esperando(
    seguridad: str,
) -> None:
    """Un servidor colgado (acepta y calla: ni saludo TLS ni respuesta): en pocos segundos
    DirectorioNoDisponible, no una petición de la web esperando para siempre."""
    mudo = socket.create_server(("127.0.0.1", 0))
    aceptadas: list[socket.socket] = []
    hilo = threading.Thread(target=lambda: aceptadas.append(mudo.accept()[0]), daemon=True)
    hilo.start()
    config = ConfigDirectorio(
        host="127.0.0.1", puerto=mudo.getsockname()[1], seguridad=seguridad, ca_file=None,
        bind="uid={usuario},ou=personas,dc=isss,dc=gob,dc=sv", base="dc=isss,dc=gob,dc=sv",
        filtro="(uid={usuario})", grupos=(("cn=jefes,dc=isss,dc=gob,dc=sv", "jefe"),), segundos=1,
    )  # fmt: skip
    inicio = time.monotonic()
    try:
        with pytest.raises(DirectorioNoDisponible) as exc:
            consultar_directorio(config, nombre_usuario="ana", contrasena=CONTRASENA)
    finally:
        for conexion in aceptadas:
            conexion.close()
        mudo.close()
    assert time.monotonic() - inicio < 5
    assert exc.value.mensaje.startswith("No se pudo consultar el directorio institucional")
    assert aceptadas, "la conexión llegó al servidor mudo"


@pytest.mark.slapd
@pytest.mark.parametrize("seguridad", ["starttls", "ldaps"])
def test_un_certificado_de_una_ca_no_confiada_se_rechaza(slapd: Slapd, seguridad: str) -> None:
    """Con las CA del sistema (sin RECUPERA_LDAP_CA_FILE) el certificado propio no vale: la
    contraseña no se envía."""
    uid = slapd.nueva_persona(grupos=["recupera-jefes"])
    config = _config(slapd, seguridad, ldap_ca_file=None)
    with pytest.raises(DirectorioNoDisponible) as exc:
        consultar_directorio(config, nombre_usuario=uid, contrasena=CONTRASENA)
    assert "CERTIFICATE_VERIFY_FAILED" in exc.value.problemas[0]


@pytest.mark.slapd
@pytest.mark.parametrize("seguridad", ["starttls", "ldaps"])
def test_un_certificado_de_otro_nombre_se_rechaza(slapd: Slapd, seguridad: str) -> None:
    """El mismo servidor y la CA correcta, pero por una dirección que su certificado no nombra."""
    uid = slapd.nueva_persona(grupos=["recupera-jefes"])
    config = _config(slapd, seguridad, ldap_host=slapd.host_ajeno)
    with pytest.raises(DirectorioNoDisponible) as exc:
        consultar_directorio(config, nombre_usuario=uid, contrasena=CONTRASENA)
    assert "mismatch" in exc.value.problemas[0]


@pytest.mark.slapd
def test_un_filtro_que_no_encuentra_a_la_persona_es_un_error_de_configuracion(
    slapd: Slapd,
) -> None:
    """Entró pero su entrada no aparece: no se adivina; el detalle nombra el filtro."""
    uid = slapd.nueva_persona(grupos=["recupera-jefes"])
    config = _config(slapd, ldap_filtro="(sAMAccountName={usuario})")
    with pytest.raises(DirectorioNoDisponible) as exc:
        consultar_directorio(config, nombre_usuario=uid, contrasena=CONTRASENA)
    assert f"(sAMAccountName={uid})" in exc.value.problemas[0]
    assert "encontró 0 entradas" in exc.value.problemas[0]
