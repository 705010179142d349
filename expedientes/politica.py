"""La política de acceso: qué puede hacer cada rol. Es el único lugar donde se decide.

Las rutas web y los comandos preguntan aquí (`puede`, `exigir`); nunca comparan roles por su cuenta.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Protocol

from expedientes.errores import ErrorDominio
from expedientes.modelos import Expediente, Usuario


class Rol(StrEnum):
    """Los roles del departamento."""

    SECRETARIA = "secretaria"
    GESTOR = "gestor"
    JEFE = "jefe"
    ARCHIVO = "archivo"
    ADMIN = "admin"


NOMBRES_ROL = {
    Rol.SECRETARIA: "Secretaria",
    Rol.GESTOR: "Gestor de cobros",
    Rol.JEFE: "Jefe de departamento",
    Rol.ARCHIVO: "Archivo",
    Rol.ADMIN: "Administrador",
}


class Permiso(StrEnum):
    """Cada acción que la política decide."""

    VER_PATRONOS = "ver_patronos"
    VER_EXPEDIENTES = "ver_expedientes"
    ABRIR_EXPEDIENTE = "abrir_expediente"
    ASIGNAR_EXPEDIENTE = "asignar_expediente"
    CAMBIAR_ETAPA = "cambiar_etapa"
    REGISTRAR_GESTION = "registrar_gestion"
    IMPORTAR_DATOS = "importar_datos"
    VER_AUDITORIA = "ver_auditoria"
    ADMINISTRAR_USUARIOS = "administrar_usuarios"
    VER_CORRESPONDENCIA = "ver_correspondencia"
    REGISTRAR_CORRESPONDENCIA = "registrar_correspondencia"
    VINCULAR_CORRESPONDENCIA = "vincular_correspondencia"
    ASIGNAR_CORRESPONDENCIA = "asignar_correspondencia"
    TRAMITAR_CORRESPONDENCIA = "tramitar_correspondencia"
    ADMINISTRAR_BUZONES = "administrar_buzones"
    VER_DOCUMENTOS = "ver_documentos"
    REDACTAR_DOCUMENTO = "redactar_documento"
    REVISAR_DOCUMENTO = "revisar_documento"
    VER_PLANTILLAS = "ver_plantillas"
    ADMINISTRAR_PLANTILLAS = "administrar_plantillas"
    CONSULTAR_ARCHIVO = "consultar_archivo"
    INCORPORAR_DOCUMENTO = "incorporar_documento"
    SELLAR_EXPEDIENTE = "sellar_expediente"
    PRESTAR_EXPEDIENTE = "prestar_expediente"
    VER_VERIFICACION = "ver_verificacion"
    VER_SEGUIMIENTO = "ver_seguimiento"
    ATENDER_ALERTA = "atender_alerta"
    VER_PANEL = "ver_panel"
    GESTIONAR_PLAN = "gestionar_plan"
    REHABILITAR_CONVENIO = "rehabilitar_convenio"
    LEGALIZAR_CONVENIO = "legalizar_convenio"
    ADMINISTRAR_CALENDARIO = "administrar_calendario"
    EDITAR_PATRONO = "editar_patrono"
    GENERAR_EN_LOTE = "generar_en_lote"


_TODOS = frozenset(Rol)
_PERMISOS: dict[Permiso, frozenset[Rol]] = {
    Permiso.VER_PATRONOS: _TODOS,
    Permiso.VER_EXPEDIENTES: frozenset({Rol.SECRETARIA, Rol.GESTOR, Rol.JEFE, Rol.ARCHIVO}),
    Permiso.ABRIR_EXPEDIENTE: frozenset({Rol.SECRETARIA, Rol.GESTOR, Rol.JEFE}),
    Permiso.ASIGNAR_EXPEDIENTE: frozenset({Rol.SECRETARIA, Rol.JEFE}),
    Permiso.CAMBIAR_ETAPA: frozenset({Rol.GESTOR, Rol.JEFE}),
    Permiso.REGISTRAR_GESTION: frozenset({Rol.GESTOR, Rol.JEFE}),
    Permiso.IMPORTAR_DATOS: frozenset({Rol.JEFE, Rol.ADMIN}),
    Permiso.VER_AUDITORIA: frozenset({Rol.JEFE, Rol.ADMIN}),
    Permiso.ADMINISTRAR_USUARIOS: frozenset({Rol.ADMIN}),
    # El archivo consulta las cartas (son parte del expediente); el administrador no las lee.
    Permiso.VER_CORRESPONDENCIA: frozenset({Rol.SECRETARIA, Rol.GESTOR, Rol.JEFE, Rol.ARCHIVO}),
    Permiso.REGISTRAR_CORRESPONDENCIA: frozenset({Rol.SECRETARIA, Rol.JEFE}),
    Permiso.VINCULAR_CORRESPONDENCIA: frozenset({Rol.SECRETARIA, Rol.JEFE}),
    Permiso.ASIGNAR_CORRESPONDENCIA: frozenset({Rol.SECRETARIA, Rol.JEFE}),
    Permiso.TRAMITAR_CORRESPONDENCIA: frozenset({Rol.SECRETARIA, Rol.GESTOR, Rol.JEFE}),
    Permiso.ADMINISTRAR_BUZONES: frozenset({Rol.ADMIN}),
    # El archivo consulta los documentos finales; la secretaria sigue los que responden cartas.
    Permiso.VER_DOCUMENTOS: frozenset({Rol.SECRETARIA, Rol.GESTOR, Rol.JEFE, Rol.ARCHIVO}),
    Permiso.REDACTAR_DOCUMENTO: frozenset({Rol.GESTOR, Rol.JEFE}),
    Permiso.REVISAR_DOCUMENTO: frozenset({Rol.JEFE}),
    Permiso.VER_PLANTILLAS: frozenset({Rol.GESTOR, Rol.JEFE, Rol.ADMIN}),
    Permiso.ADMINISTRAR_PLANTILLAS: frozenset({Rol.ADMIN}),
    # Buscar, ver con folios y exportar expedientes completos; el archivo no modifica nada.
    Permiso.CONSULTAR_ARCHIVO: frozenset({Rol.SECRETARIA, Rol.GESTOR, Rol.JEFE, Rol.ARCHIVO}),
    Permiso.INCORPORAR_DOCUMENTO: frozenset({Rol.SECRETARIA, Rol.GESTOR, Rol.JEFE}),
    # Cerrar y archivar (y corregir lo archivado) es un acto del jefe.
    Permiso.SELLAR_EXPEDIENTE: frozenset({Rol.JEFE}),
    Permiso.PRESTAR_EXPEDIENTE: frozenset({Rol.ARCHIVO, Rol.JEFE}),
    Permiso.VER_VERIFICACION: frozenset({Rol.JEFE, Rol.ADMIN}),
    # Convenios, pagos y alertas de cuotas: quienes tramitan los casos y quien los clasifica.
    Permiso.VER_SEGUIMIENTO: frozenset({Rol.SECRETARIA, Rol.GESTOR, Rol.JEFE}),
    Permiso.ATENDER_ALERTA: frozenset({Rol.GESTOR, Rol.JEFE}),
    # El panel, los reportes y el Plan Anual son del jefe.
    Permiso.VER_PANEL: frozenset({Rol.JEFE}),
    Permiso.GESTIONAR_PLAN: frozenset({Rol.JEFE}),
    # Volver vigente un convenio incumplido es una decisión del jefe, no de quien lo gestiona.
    Permiso.REHABILITAR_CONVENIO: frozenset({Rol.JEFE}),
    # Legalizar un convenio mueve la etapa del expediente: es del gestor del expediente o del jefe.
    Permiso.LEGALIZAR_CONVENIO: frozenset({Rol.GESTOR, Rol.JEFE}),
    # Los cierres institucionales (días inhábiles que no trae el calendario) los lleva el
    # administrador; todos ven el calendario.
    Permiso.ADMINISTRAR_CALENDARIO: frozenset({Rol.ADMIN}),
    # La dirección, el representante, el correo y el teléfono de un patrono los corrigen quienes
    # tramitan sus casos y sus cartas, con el motivo.
    Permiso.EDITAR_PATRONO: frozenset({Rol.SECRETARIA, Rol.GESTOR, Rol.JEFE}),
    # Un lote (un aviso por cada expediente abierto de un tipo) redacta en nombre de cada gestor:
    # lo decide el jefe.
    Permiso.GENERAR_EN_LOTE: frozenset({Rol.JEFE}),
}

# Lo que puede, además de lo de su rol, el suplente del jefe que el administrador designa: revisar
# y aprobar documentos (los que el jefe redacta, sobre todo; nunca los suyos).
_DEL_SUPLENTE = frozenset({Permiso.REVISAR_DOCUMENTO})

# Permisos que, para un gestor, solo valen sobre los expedientes que tiene asignados.
_SOLO_LO_ASIGNADO = frozenset(
    {
        Permiso.CAMBIAR_ETAPA,
        Permiso.REGISTRAR_GESTION,
        Permiso.REDACTAR_DOCUMENTO,
        Permiso.INCORPORAR_DOCUMENTO,
        Permiso.ATENDER_ALERTA,
        Permiso.LEGALIZAR_CONVENIO,
    }
)


def roles_con(permiso: Permiso) -> frozenset[Rol]:
    """Los roles que tienen el permiso (en general, sin mirar un expediente concreto)."""
    return _PERMISOS[permiso]


def puede(usuario: Usuario | None, permiso: Permiso, expediente: Expediente | None = None) -> bool:
    """¿Puede este usuario hacer esto (sobre este expediente, si se indica)?"""
    if usuario is None or not usuario.activo:
        return False
    if usuario.rol not in _PERMISOS[permiso] and not (
        permiso in _DEL_SUPLENTE and usuario.suplente
    ):
        return False
    if expediente is not None and usuario.rol == Rol.GESTOR and permiso in _SOLO_LO_ASIGNADO:
        return expediente.gestor_id == usuario.id
    return True


class ExpedienteVisto(Protocol):
    """Lo que la política mira de un expediente para decidir quién ve su contenido."""

    @property
    def gestor_id(self) -> int | None:
        """Su gestor."""

    @property
    def sellado_en(self) -> datetime | None:
        """Cuándo se selló (None si no está archivado)."""


# Los roles que ven el contenido de los expedientes (sus cartas, sus documentos, su archivo).
_VEN_CONTENIDO = (
    _PERMISOS[Permiso.VER_CORRESPONDENCIA]
    | _PERMISOS[Permiso.VER_DOCUMENTOS]
    | _PERMISOS[Permiso.CONSULTAR_ARCHIVO]
)


def ve_el_contenido(usuario: Usuario | None, expediente: ExpedienteVisto) -> bool:
    """¿Ve esta persona las cartas y los documentos de este expediente? La regla del departamento,
    la misma en cada camino (cartas, documentos, el archivo, sus exportaciones y la búsqueda):
    un gestor ve los de sus expedientes; un expediente sellado (archivado) queda abierto a todo
    rol que consulta el archivo; los demás roles que consultan, todos; el administrador, ninguno."""
    if usuario is None or not usuario.activo or usuario.rol not in _VEN_CONTENIDO:
        return False
    if usuario.rol == Rol.GESTOR:
        archivado = expediente.sellado_en is not None and puede(usuario, Permiso.CONSULTAR_ARCHIVO)
        return expediente.gestor_id == usuario.id or archivado
    return True


class Carta(Protocol):
    """Lo que la política mira de una carta registrada."""

    asignado_id: int | None


# Permisos que, para un gestor, solo valen sobre las cartas que le tocan.
_CARTA_PROPIA = frozenset({Permiso.VER_CORRESPONDENCIA, Permiso.TRAMITAR_CORRESPONDENCIA})


def puede_sobre_carta(
    usuario: Usuario | None, permiso: Permiso, carta: Carta, expediente: Expediente | None
) -> bool:
    """¿Puede hacer esto sobre esta carta? Un gestor, solo si se le asignó o es de su expediente;
    ver, también la de un expediente archivado (`ve_el_contenido`)."""
    if not puede(usuario, permiso):
        return False
    assert usuario is not None
    if usuario.rol == Rol.GESTOR and permiso in _CARTA_PROPIA:
        if carta.asignado_id == usuario.id:
            return True
        if expediente is None:
            return False
        if permiso == Permiso.VER_CORRESPONDENCIA:
            return ve_el_contenido(usuario, expediente)
        return expediente.gestor_id == usuario.id
    return True


def cartas_solo_de(usuario: Usuario) -> int | None:
    """A qué persona se limita la bandeja de este usuario (None: ve todas las cartas)."""
    return solo_lo_de(usuario)


class Documento(Protocol):
    """Lo que la política mira de un documento generado."""

    autor_id: int
    editado_por_id: int
    estado: str


def puede_sobre_documento(
    usuario: Usuario | None, permiso: Permiso, documento: Documento, expediente: Expediente
) -> bool:
    """¿Puede hacer esto con este documento?

    Un gestor ve y redacta los documentos de sus expedientes (y los que él escribió), y ve los de
    un expediente archivado (`ve_el_contenido`); el archivo ve solo los finales; nadie revisa un
    documento que escribió o cuya versión actual generó.
    """
    if not puede(usuario, permiso):
        return False
    assert usuario is not None
    suyo = usuario.id in (documento.autor_id, documento.editado_por_id)
    if permiso == Permiso.REVISAR_DOCUMENTO:
        return not suyo
    if usuario.rol == Rol.ARCHIVO:
        return permiso == Permiso.VER_DOCUMENTOS and documento.estado == "final"
    if usuario.rol == Rol.GESTOR:
        if permiso == Permiso.VER_DOCUMENTOS and ve_el_contenido(usuario, expediente):
            return True
        return suyo or expediente.gestor_id == usuario.id
    return True


def solo_lo_de(usuario: Usuario) -> int | None:
    """A los expedientes de qué gestor se limitan los listados de esta persona (sus cartas, sus
    documentos, sus pagos y convenios): el gestor, a los suyos; los demás roles, a ninguno."""
    return usuario.id if usuario.rol == Rol.GESTOR else None


def documentos_visibles(usuario: Usuario) -> tuple[int | None, bool]:
    """El alcance de los listados de documentos de esta persona: (solo los de expedientes suyos
    o escritos por esta persona, o None para todos; solo los finales)."""
    return (solo_lo_de(usuario), usuario.rol == Rol.ARCHIVO)


# Quiénes pueden recibir cartas para tramitar.
ROLES_CON_CARTAS = frozenset({Rol.GESTOR, Rol.JEFE, Rol.SECRETARIA})


# Quiénes pueden tener expedientes asignados.
ROLES_CON_EXPEDIENTES = frozenset({Rol.GESTOR, Rol.JEFE})


def puede_tener_expedientes(usuario: Usuario) -> bool:
    """¿Se le pueden asignar expedientes a esta persona?"""
    return usuario.activo and usuario.rol in ROLES_CON_EXPEDIENTES


def puede_asignar_a(usuario: Usuario | None, destinatario: Usuario) -> bool:
    """¿Puede este usuario dejar un expediente a cargo de `destinatario`?

    Quien asigna expedientes, a cualquiera; quien solo puede abrirlos, únicamente a sí mismo.
    """
    if puede(usuario, Permiso.ASIGNAR_EXPEDIENTE):
        return True
    return (
        usuario is not None
        and usuario.id == destinatario.id
        and puede(usuario, Permiso.ABRIR_EXPEDIENTE)
    )


def exigir(usuario: Usuario | None, permiso: Permiso, expediente: Expediente | None = None) -> None:
    """Como `puede`, pero lanza ErrorDominio (mensaje en español) si no."""
    if not puede(usuario, permiso, expediente):
        raise AccesoDenegado("No tiene permiso para realizar esta acción.")


class AccesoDenegado(ErrorDominio):
    """El usuario no tiene permiso para la acción."""


def puede_ver_tarea(usuario: Usuario | None, creada_por_id: int) -> bool:
    """Una tarea larga (un OCR, un lote) la ve y la reintenta solo quien la pidió: su avance y su
    resultado hablan de lo que esa persona subió o generó."""
    return usuario is not None and usuario.activo and usuario.id == creada_por_id
