"""Los estados de un documento generado, las acciones que lo mueven y quién puede darlas.

Nadie revisa lo que escribió, y solo quien lo redactó (o generó su versión) lo retira de revisión.
La excepción: un jefe que no tiene quién le revise (ningún otro jefe ni suplente activo) aprueba
su propio documento, y el hecho queda dicho en la historia (`sin_otro_revisor`).
"""

from __future__ import annotations

from expedientes import (
    AccesoDenegado,
    Ciclo,
    Expediente,
    Permiso,
    Rol,
    TransicionNoPermitida,
    Usuario,
    puede,
    puede_sobre_documento,
    transiciones_de,
)
from plantillas.modelos import NOMBRES_ESTADO_DOCUMENTO, DocumentoGenerado, EstadoDocumento

E = EstadoDocumento
ACCIONES: dict[str, tuple[frozenset[EstadoDocumento], EstadoDocumento]] = {
    "enviar": (frozenset({E.BORRADOR, E.OBSERVADO}), E.EN_REVISION),
    "retirar": (frozenset({E.EN_REVISION}), E.BORRADOR),
    "observar": (frozenset({E.EN_REVISION}), E.OBSERVADO),
    "aprobar": (frozenset({E.EN_REVISION}), E.APROBADO),
    "finalizar": (frozenset({E.APROBADO}), E.FINAL),
    "anular": (frozenset({E.BORRADOR, E.EN_REVISION, E.OBSERVADO, E.APROBADO}), E.ANULADO),
}
CICLO_DOCUMENTO: Ciclo[EstadoDocumento] = Ciclo(
    EstadoDocumento,
    NOMBRES_ESTADO_DOCUMENTO,
    transiciones_de(ACCIONES, EstadoDocumento),
    acciones=ACCIONES,
)
NOMBRES_ACCION_DOCUMENTO = {
    "crear": "Creado",
    "editar": "Editado",
    "enviar": "Enviado a revisión",
    "retirar": "Retirado de revisión",
    "observar": "Observado",
    "aprobar": "Aprobado",
    "finalizar": "Final",
    "anular": "Anulado",
}
_PERMISO = {
    "enviar": Permiso.REDACTAR_DOCUMENTO,
    "retirar": Permiso.REDACTAR_DOCUMENTO,
    "finalizar": Permiso.REDACTAR_DOCUMENTO,
    "anular": Permiso.REDACTAR_DOCUMENTO,
    "observar": Permiso.REVISAR_DOCUMENTO,
    "aprobar": Permiso.REVISAR_DOCUMENTO,
}


def acciones_sobre_documento(
    usuario: Usuario | None,
    documento: DocumentoGenerado,
    expediente: Expediente,
    *,
    sin_otro_revisor: bool = False,
) -> list[str]:
    """Lo que esta persona puede hacer ahora con el documento (`sin_otro_revisor`: nadie más
    podría revisarlo, ver `revision.sin_otro_revisor`)."""
    return [
        accion
        for accion in CICLO_DOCUMENTO.acciones_desde(documento.estado)
        if _permitido(usuario, accion, documento, expediente, sin_otro_revisor)
    ]


def se_aprueba_a_si_mismo(
    usuario: Usuario | None, accion: str, documento: DocumentoGenerado, sin_otro_revisor: bool
) -> bool:
    """Un jefe que aprueba su propio documento porque nadie más podría revisarlo."""
    return (
        accion == "aprobar"
        and sin_otro_revisor
        and usuario is not None
        and usuario.rol == Rol.JEFE
        and usuario.activo
        and usuario.id in (documento.autor_id, documento.editado_por_id)
    )


def _permitido(
    usuario: Usuario | None,
    accion: str,
    documento: DocumentoGenerado,
    expediente: Expediente,
    sin_otro_revisor: bool = False,
) -> bool:
    """La política, y además: solo quien lo redactó (o generó su versión) lo retira de revisión."""
    if se_aprueba_a_si_mismo(usuario, accion, documento, sin_otro_revisor):
        return True
    if not puede_sobre_documento(usuario, _PERMISO[accion], documento, expediente):
        return False
    return accion != "retirar" or (
        usuario is not None and usuario.id in (documento.autor_id, documento.editado_por_id)
    )


def comprobar_accion(
    documento: DocumentoGenerado,
    expediente: Expediente,
    usuario: Usuario,
    accion: str,
    sin_otro_revisor: bool = False,
) -> None:
    """AccesoDenegado o TransicionNoPermitida si esta persona no puede hacer esto ahora."""
    if not _permitido(usuario, accion, documento, expediente, sin_otro_revisor):
        if _PERMISO[accion] == Permiso.REVISAR_DOCUMENTO and puede(
            usuario, Permiso.REVISAR_DOCUMENTO
        ):
            raise AccesoDenegado("Nadie revisa ni aprueba un documento que escribió.")
        if accion == "retirar" and puede(usuario, Permiso.REDACTAR_DOCUMENTO):
            raise AccesoDenegado("Solo quien lo redactó lo retira de revisión.")
        raise AccesoDenegado("No tiene permiso para realizar esta acción.")
    if accion not in CICLO_DOCUMENTO.acciones_desde(documento.estado):
        raise TransicionNoPermitida(
            f"{documento.numero} está «{NOMBRES_ESTADO_DOCUMENTO[E(documento.estado)]}»: no admite la "
            f"acción «{NOMBRES_ACCION_DOCUMENTO[accion].lower()}»."
        )
