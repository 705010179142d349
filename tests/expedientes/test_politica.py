"""La política de acceso: cada rol contra cada permiso, lo asignado al gestor y los inactivos."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import product

import pytest

from expedientes.errores import ErrorDominio
from expedientes.modelos import Expediente, Usuario
from expedientes.politica import (
    AccesoDenegado,
    Permiso,
    Rol,
    cartas_solo_de,
    exigir,
    puede,
    puede_sobre_carta,
    puede_sobre_documento,
    roles_con,
    ve_el_contenido,
)

P = Permiso
# La tabla acordada, escrita aparte del código: qué permite cada rol (sin mirar un expediente).
ESPERADO: dict[Rol, set[Permiso]] = {
    Rol.SECRETARIA: {
        P.VER_PATRONOS,
        P.VER_EXPEDIENTES,
        P.ABRIR_EXPEDIENTE,
        P.ASIGNAR_EXPEDIENTE,
        P.VER_CORRESPONDENCIA,
        P.REGISTRAR_CORRESPONDENCIA,
        P.VINCULAR_CORRESPONDENCIA,
        P.ASIGNAR_CORRESPONDENCIA,
        P.TRAMITAR_CORRESPONDENCIA,
        P.VER_DOCUMENTOS,
        P.CONSULTAR_ARCHIVO,
        P.INCORPORAR_DOCUMENTO,
        P.VER_SEGUIMIENTO,
        P.EDITAR_PATRONO,
    },
    Rol.GESTOR: {
        P.VER_PATRONOS,
        P.VER_EXPEDIENTES,
        P.ABRIR_EXPEDIENTE,
        P.CAMBIAR_ETAPA,
        P.REGISTRAR_GESTION,
        P.VER_CORRESPONDENCIA,
        P.TRAMITAR_CORRESPONDENCIA,
        P.VER_DOCUMENTOS,
        P.REDACTAR_DOCUMENTO,
        P.VER_PLANTILLAS,
        P.INCORPORAR_DOCUMENTO,
        P.CONSULTAR_ARCHIVO,
        P.VER_SEGUIMIENTO,
        P.ATENDER_ALERTA,
        P.LEGALIZAR_CONVENIO,
        P.EDITAR_PATRONO,
    },
    Rol.JEFE: {
        P.VER_PATRONOS,
        P.VER_EXPEDIENTES,
        P.ABRIR_EXPEDIENTE,
        P.ASIGNAR_EXPEDIENTE,
        P.CAMBIAR_ETAPA,
        P.REGISTRAR_GESTION,
        P.IMPORTAR_DATOS,
        P.VER_AUDITORIA,
        P.VER_CORRESPONDENCIA,
        P.REGISTRAR_CORRESPONDENCIA,
        P.VINCULAR_CORRESPONDENCIA,
        P.ASIGNAR_CORRESPONDENCIA,
        P.TRAMITAR_CORRESPONDENCIA,
        P.VER_DOCUMENTOS,
        P.REDACTAR_DOCUMENTO,
        P.REVISAR_DOCUMENTO,
        P.VER_PLANTILLAS,
        P.CONSULTAR_ARCHIVO,
        P.INCORPORAR_DOCUMENTO,
        P.SELLAR_EXPEDIENTE,
        P.PRESTAR_EXPEDIENTE,
        P.VER_VERIFICACION,
        P.VER_SEGUIMIENTO,
        P.ATENDER_ALERTA,
        P.VER_PANEL,
        P.GESTIONAR_PLAN,
        P.REHABILITAR_CONVENIO,
        P.LEGALIZAR_CONVENIO,
        P.EDITAR_PATRONO,
        P.GENERAR_EN_LOTE,
    },
    Rol.ARCHIVO: {
        P.VER_PATRONOS,
        P.VER_EXPEDIENTES,
        P.VER_CORRESPONDENCIA,
        P.VER_DOCUMENTOS,
        P.CONSULTAR_ARCHIVO,
        P.PRESTAR_EXPEDIENTE,
    },
    Rol.ADMIN: {
        P.VER_PATRONOS,
        P.IMPORTAR_DATOS,
        P.VER_AUDITORIA,
        P.ADMINISTRAR_USUARIOS,
        P.ADMINISTRAR_BUZONES,
        P.VER_PLANTILLAS,
        P.ADMINISTRAR_PLANTILLAS,
        P.VER_VERIFICACION,
        P.ADMINISTRAR_CALENDARIO,
    },
}
TODAS = list(product(Rol, Permiso))


def _usuario(rol: str, *, id_: int = 10, activo: bool = True) -> Usuario:
    return Usuario(
        id=id_,
        nombre_usuario=f"{rol}.prueba",
        nombre_completo=f"Ñeco {rol} & Cía",
        rol=rol,
        password_hash="x",
        token_sesion="y",
        activo=activo,
    )


def _expediente(gestor_id: int | None) -> Expediente:
    return Expediente(
        id=1,
        numero="EXP-2026-00001",
        patrono_id=1,
        tipo="cobro",
        etapa="en_gestion",
        gestor_id=gestor_id,
        abierto_el=date(2026, 3, 2),
    )


def _id(par: tuple[Rol, Permiso]) -> str:
    return f"{par[0].value}-{par[1].value}"


def test_la_tabla_de_la_prueba_cubre_todos_los_roles() -> None:
    """La tabla esperada tiene un renglón por rol (un rol nuevo obliga a decidir sus permisos)."""
    assert set(ESPERADO) == set(Rol)


@pytest.mark.parametrize("par", TODAS, ids=_id)
def test_cada_rol_tiene_exactamente_sus_permisos(par: tuple[Rol, Permiso]) -> None:
    """Para cada rol × permiso, `puede` responde lo que dice la tabla acordada."""
    rol, permiso = par
    assert puede(_usuario(rol), permiso) is (permiso in ESPERADO[rol])


@pytest.mark.parametrize("permiso", list(Permiso))
def test_roles_con_coincide_con_la_tabla(permiso: Permiso) -> None:
    """`roles_con` (que usan las plantillas para mostrar botones) dice lo mismo que `puede`."""
    assert roles_con(permiso) == {rol for rol, permisos in ESPERADO.items() if permiso in permisos}


@pytest.mark.parametrize("par", TODAS, ids=_id)
def test_exigir_lanza_acceso_denegado_donde_puede_dice_que_no(par: tuple[Rol, Permiso]) -> None:
    """`exigir` rechaza con AccesoDenegado en español exactamente cuando `puede` es falso."""
    rol, permiso = par
    usuario = _usuario(rol)
    if permiso in ESPERADO[rol]:
        exigir(usuario, permiso)
    else:
        with pytest.raises(AccesoDenegado, match="No tiene permiso para realizar esta acción"):
            exigir(usuario, permiso)


def test_acceso_denegado_es_un_error_de_dominio() -> None:
    """La web y la CLI lo muestran como cualquier ErrorDominio."""
    assert issubclass(AccesoDenegado, ErrorDominio)


@pytest.mark.parametrize("permiso", [P.CAMBIAR_ETAPA, P.REGISTRAR_GESTION])
def test_gestor_solo_actua_sobre_los_expedientes_que_tiene_asignados(permiso: Permiso) -> None:
    """Un gestor cambia etapa o registra gestión solo si el expediente es suyo."""
    gestor = _usuario("gestor", id_=10)
    assert puede(gestor, permiso, _expediente(gestor_id=10))
    assert not puede(gestor, permiso, _expediente(gestor_id=11))
    assert not puede(gestor, permiso, _expediente(gestor_id=None))
    with pytest.raises(AccesoDenegado):
        exigir(gestor, permiso, _expediente(gestor_id=11))


@pytest.mark.parametrize("permiso", [P.VER_EXPEDIENTES, P.ABRIR_EXPEDIENTE, P.VER_PATRONOS])
def test_gestor_ve_expedientes_ajenos(permiso: Permiso) -> None:
    """La restricción a lo asignado es solo para actuar; ver y abrir no dependen del gestor."""
    assert puede(_usuario("gestor", id_=10), permiso, _expediente(gestor_id=11))


@pytest.mark.parametrize("permiso", [P.CAMBIAR_ETAPA, P.REGISTRAR_GESTION])
def test_jefe_actua_sobre_cualquier_expediente(permiso: Permiso) -> None:
    """El jefe cambia etapas y registra gestiones aunque el expediente sea de otro o de nadie."""
    jefe = _usuario("jefe", id_=20)
    assert puede(jefe, permiso, _expediente(gestor_id=10))
    assert puede(jefe, permiso, _expediente(gestor_id=None))


@pytest.mark.parametrize("permiso", [P.CAMBIAR_ETAPA, P.REGISTRAR_GESTION])
def test_ni_con_un_expediente_asignado_la_secretaria_gana_permisos(permiso: Permiso) -> None:
    """Un expediente no concede a un rol lo que su rol no tiene."""
    secretaria = _usuario("secretaria", id_=30)
    assert not puede(secretaria, permiso, _expediente(gestor_id=30))


@pytest.mark.parametrize("par", TODAS, ids=_id)
def test_usuario_inactivo_no_puede_nada(par: tuple[Rol, Permiso]) -> None:
    """Un usuario desactivado no tiene ningún permiso, ni sobre sus propios expedientes."""
    rol, permiso = par
    usuario = _usuario(rol, id_=10, activo=False)
    assert not puede(usuario, permiso)
    assert not puede(usuario, permiso, _expediente(gestor_id=10))


@pytest.mark.parametrize("permiso", list(Permiso))
def test_sin_usuario_no_se_puede_nada(permiso: Permiso) -> None:
    """Sin sesión iniciada (None) no hay ningún permiso, y `exigir` lo rechaza."""
    assert not puede(None, permiso)
    assert not puede(None, permiso, _expediente(gestor_id=None))
    with pytest.raises(AccesoDenegado):
        exigir(None, permiso)


@pytest.mark.parametrize("permiso", list(Permiso))
def test_un_rol_desconocido_no_puede_nada(permiso: Permiso) -> None:
    """Un rol que no está en la política (dato viejo o mal escrito) no tiene permisos."""
    assert not puede(_usuario("cajero"), permiso)


class _Carta:
    """Una carta mínima para la política: solo importa a quién está asignada."""

    def __init__(self, asignado_id: int | None) -> None:
        self.asignado_id = asignado_id


@pytest.mark.parametrize("permiso", [P.VER_CORRESPONDENCIA, P.TRAMITAR_CORRESPONDENCIA])
def test_gestor_ve_y_tramita_solo_cartas_suyas_o_de_sus_expedientes(permiso: Permiso) -> None:
    """Asignada a él, o vinculada a un expediente suyo: sí; de otro: no."""
    gestor = _usuario(Rol.GESTOR, id_=10)
    suyo = Expediente(
        numero="EXP-2026-00001", patrono_id=1, tipo="cobro", etapa="abierto",
        gestor_id=10, abierto_el=date(2026, 1, 5),
    )  # fmt: skip
    ajeno = Expediente(
        numero="EXP-2026-00002", patrono_id=1, tipo="cobro", etapa="abierto",
        gestor_id=11, abierto_el=date(2026, 1, 5),
    )  # fmt: skip
    assert puede_sobre_carta(gestor, permiso, _Carta(10), None)
    assert puede_sobre_carta(gestor, permiso, _Carta(None), suyo)
    assert not puede_sobre_carta(gestor, permiso, _Carta(11), ajeno)
    assert not puede_sobre_carta(gestor, permiso, _Carta(None), None)


def test_secretaria_y_jefe_ven_cualquier_carta_y_el_admin_ninguna() -> None:
    """La bandeja completa es de quien clasifica y de quien supervisa; el admin no lee cartas."""
    ajena = _Carta(99)
    for rol in (Rol.SECRETARIA, Rol.JEFE, Rol.ARCHIVO):
        assert puede_sobre_carta(_usuario(rol), P.VER_CORRESPONDENCIA, ajena, None)
    assert not puede_sobre_carta(_usuario(Rol.ADMIN), P.VER_CORRESPONDENCIA, ajena, None)
    assert cartas_solo_de(_usuario(Rol.GESTOR, id_=7)) == 7
    assert cartas_solo_de(_usuario(Rol.SECRETARIA)) is None


class _Documento:
    """Un documento mínimo para la política: quién lo escribió, quién generó su versión, estado."""

    def __init__(self, autor_id: int, editado_por_id: int | None = None, estado: str = "borrador"):
        self.autor_id = autor_id
        self.editado_por_id = editado_por_id if editado_por_id is not None else autor_id
        self.estado = estado


def test_nadie_revisa_un_documento_que_escribio_ni_uno_cuya_version_genero() -> None:
    """GIVEN dos jefes WHEN uno escribe (o regenera) un documento THEN solo el otro lo revisa."""
    jefe, otro_jefe = _usuario(Rol.JEFE, id_=20), _usuario(Rol.JEFE, id_=21)
    expediente = _expediente(gestor_id=10)
    revisar = P.REVISAR_DOCUMENTO
    assert not puede_sobre_documento(jefe, revisar, _Documento(autor_id=20), expediente)
    assert puede_sobre_documento(otro_jefe, revisar, _Documento(autor_id=20), expediente)
    # Escrito por el gestor pero regenerado por el jefe: el jefe ya no es revisor imparcial.
    regenerado = _Documento(autor_id=10, editado_por_id=20)
    assert not puede_sobre_documento(jefe, revisar, regenerado, expediente)
    assert puede_sobre_documento(jefe, revisar, _Documento(autor_id=10), expediente)
    assert not puede_sobre_documento(
        _usuario(Rol.GESTOR, id_=10), revisar, _Documento(11), expediente
    )


def test_gestor_redacta_y_ve_solo_documentos_de_sus_expedientes_o_que_escribio() -> None:
    """Su expediente o su documento: sí; un documento ajeno de un expediente ajeno: no."""
    gestor = _usuario(Rol.GESTOR, id_=10)
    for permiso in (P.VER_DOCUMENTOS, P.REDACTAR_DOCUMENTO):
        assert puede_sobre_documento(gestor, permiso, _Documento(11), _expediente(gestor_id=10))
        assert puede_sobre_documento(gestor, permiso, _Documento(10), _expediente(gestor_id=11))
        assert not puede_sobre_documento(gestor, permiso, _Documento(11), _expediente(gestor_id=11))


def test_archivo_ve_solo_documentos_finales_y_la_secretaria_no_redacta() -> None:
    """El archivo consulta lo que ya es registro; la secretaria consulta pero no redacta."""
    archivo, secretaria = _usuario(Rol.ARCHIVO), _usuario(Rol.SECRETARIA)
    expediente = _expediente(gestor_id=10)
    final, borrador = _Documento(10, estado="final"), _Documento(10, estado="borrador")
    assert puede_sobre_documento(archivo, P.VER_DOCUMENTOS, final, expediente)
    assert not puede_sobre_documento(archivo, P.VER_DOCUMENTOS, borrador, expediente)
    assert not puede_sobre_documento(archivo, P.REDACTAR_DOCUMENTO, final, expediente)
    assert puede_sobre_documento(secretaria, P.VER_DOCUMENTOS, borrador, expediente)
    assert not puede_sobre_documento(secretaria, P.REDACTAR_DOCUMENTO, borrador, expediente)


def _archivado(gestor_id: int | None) -> Expediente:
    expediente = _expediente(gestor_id)
    expediente.sellado_en = datetime(2026, 11, 20, 15, tzinfo=UTC)
    return expediente


def test_el_contenido_de_un_expediente_lo_ve_su_gestor_y_al_archivarse_quien_consulta() -> None:
    """La regla del departamento, una sola: el gestor ve las cartas y documentos de sus
    expedientes; un expediente sellado queda abierto a todo rol que consulta el archivo; la
    secretaria, el jefe y el archivo ven todo; el administrador, nada; un inactivo, nada."""
    gestor = _usuario(Rol.GESTOR, id_=10)
    assert ve_el_contenido(gestor, _expediente(gestor_id=10))
    assert not ve_el_contenido(gestor, _expediente(gestor_id=11))
    assert not ve_el_contenido(gestor, _expediente(gestor_id=None))
    assert ve_el_contenido(gestor, _archivado(gestor_id=11))
    for rol in (Rol.SECRETARIA, Rol.JEFE, Rol.ARCHIVO):
        assert ve_el_contenido(_usuario(rol), _expediente(gestor_id=11))
    assert not ve_el_contenido(_usuario(Rol.ADMIN), _archivado(gestor_id=None))
    assert not ve_el_contenido(_usuario(Rol.GESTOR, id_=10, activo=False), _expediente(10))
    assert not ve_el_contenido(None, _archivado(gestor_id=None))


def test_archivado_el_gestor_ve_cartas_y_documentos_ajenos_pero_no_los_tramita() -> None:
    """Sellado, el gestor ve la carta y el documento de otro expediente; tramitar o redactar, no."""
    gestor, archivado = _usuario(Rol.GESTOR, id_=10), _archivado(gestor_id=11)
    assert puede_sobre_carta(gestor, P.VER_CORRESPONDENCIA, _Carta(11), archivado)
    assert not puede_sobre_carta(gestor, P.TRAMITAR_CORRESPONDENCIA, _Carta(11), archivado)
    final = _Documento(autor_id=11, estado="final")
    assert puede_sobre_documento(gestor, P.VER_DOCUMENTOS, final, archivado)
    assert not puede_sobre_documento(gestor, P.REDACTAR_DOCUMENTO, final, archivado)
