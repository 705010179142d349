"""Incorporar un escaneo con OCR a un expediente sin retener a nadie: al enviar el formulario se
revisa lo que se puede revisar (permiso, tipo, que sea un PDF o una imagen) y el escaneo se guarda
por su hash; el OCR, página por página, y la incorporación los hace después una tarea. Si algo
falla, el escaneo sigue guardado y la tarea se reintenta sin subirlo de nuevo.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from archivo.almacen import Almacen
from archivo.incorporacion import exigir_tipo, incorporar_escaneo, sellado_si_puede_agregar
from archivo.ocr import aplicar_ocr, avance_del_ocr, tipo_de_escaneo
from archivo.requisitos import Requisitos
from expedientes import (
    Actor,
    Avanzar,
    BaseDeDatos,
    ErrorDominio,
    Expediente,
    Manejador,
    Resultado,
    Tarea,
    Usuario,
    anotar_tarea,
)

CLASE_INCORPORAR_ESCANEO = "incorporar_escaneo"


def anotar_incorporacion_escaneo(
    *,
    session: Session,
    almacen: Almacen,
    requisitos: Requisitos,
    expediente: Expediente,
    usuario: Usuario,
    escaneo: bytes,
    nombre_archivo: str,
    tipo: str,
    titulo: str,
    fecha: date,
    correccion: str = "",
) -> Tarea:
    """Revisa, guarda el escaneo y anota la tarea que lo pasará por OCR y lo incorporará."""
    sellado = sellado_si_puede_agregar(session, expediente, usuario)
    exigir_tipo(requisitos, tipo)
    tipo_de_escaneo(escaneo)
    if sellado and not correccion.strip():
        raise ErrorDominio("Toda corrección de un expediente archivado lleva su motivo.")
    return anotar_tarea(
        session=session,
        usuario=usuario,
        clase=CLASE_INCORPORAR_ESCANEO,
        titulo=f"Incorporar con OCR «{titulo.strip() or requisitos.titulo(tipo)}» a {expediente.numero}",
        parametros={
            "sha256": almacen.guardar(escaneo),
            "expediente_id": expediente.id,
            "nombre_archivo": nombre_archivo,
            "tipo": tipo,
            "titulo": titulo,
            "fecha": fecha.isoformat(),
            "correccion": correccion,
            "actor": usuario.nombre_usuario,
        },
    )


def manejador_incorporacion_escaneo(
    *, bd: BaseDeDatos, almacen: Almacen, requisitos: Requisitos, ocr_segundos: int
) -> Manejador:
    """Lo que hace la tarea: el OCR página por página y la incorporación al expediente."""

    def incorporar(tarea: Tarea, avanzar: Avanzar) -> Resultado:
        p = tarea.parametros
        escaneo = almacen.leer(p["sha256"])
        avanzar(0, 0, "Preparando el escaneo para el OCR")
        ocr = aplicar_ocr(escaneo, segundos=ocr_segundos, avanzar=avance_del_ocr(avanzar))
        avanzar(1, 1, "Incorporando el documento al expediente")
        with bd.sesion(Actor(p["actor"], tarea.creada_por_id)) as s:
            expediente = s.get(Expediente, p["expediente_id"])
            usuario = s.get(Usuario, tarea.creada_por_id)
            if expediente is None or usuario is None or not usuario.activo:
                raise ErrorDominio("El expediente o la persona que lo pidió ya no están.")
            documento = incorporar_escaneo(
                session=s, almacen=almacen, expediente=expediente, escaneo=escaneo,
                nombre_archivo=p["nombre_archivo"], tipo=p["tipo"], titulo=p["titulo"],
                fecha=date.fromisoformat(p["fecha"]), ocr=ocr, usuario=usuario,
                requisitos=requisitos, correccion=p["correccion"],
            )  # fmt: skip
            numero, orden, folios = expediente.numero, documento.orden, documento.folios
        que = "La corrección" if p["correccion"] else "El documento"
        mensaje = f"{que} quedó como documento N.º {orden} de {numero} ({folios} folio(s))."
        return Resultado("archivo", f"{numero}#documento-{orden}", mensaje, ocr.advertencias)

    return incorporar
