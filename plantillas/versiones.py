"""El catálogo de plantillas y sus versiones: las que trae el proyecto y las que sube un
administrador. Una versión publicada no cambia nunca; cada documento guarda cuál lo generó.

Las plantillas del proyecto están en `plantillas/catalogo/` (`NOMBRE.docx` + `NOMBRE.toml`); se
copian a la base (y su `.docx` al almacén) la primera vez que hacen falta. Si el proyecto trae
una versión ya registrada con otro contenido, es un error: cambiar una plantilla exige subir su
número de versión, o los documentos ya generados quedarían sin su plantilla.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, col, select

from archivo import Almacen
from expedientes import ErrorDominio, NoEncontrado, Usuario, problemas_de_texto
from plantillas.aislamiento import Limites
from plantillas.contrato import Contrato, contrato_de_datos, leer_contrato
from plantillas.modelos import PlantillaVersion
from plantillas.revision_plantilla import revisar_plantilla_aislada

CARPETA = Path(__file__).parent / "catalogo"


@dataclass(frozen=True)
class PlantillaDelCatalogo:
    """Una plantilla que trae el proyecto: su contrato y los bytes de su `.docx`."""

    contrato: Contrato
    docx: bytes

    @property
    def docx_sha256(self) -> str:
        """La huella del `.docx`."""
        return hashlib.sha256(self.docx).hexdigest()


@lru_cache(maxsize=1)
def catalogo_del_proyecto() -> dict[str, PlantillaDelCatalogo]:
    """Las plantillas del proyecto por nombre (se leen una vez por proceso)."""
    plantillas = {}
    for ruta in sorted(CARPETA.glob("*.toml")):
        contrato = leer_contrato(ruta.read_text("utf-8"), origen=f"El contrato {ruta.name}")
        if contrato.nombre != ruta.stem:
            raise ErrorDominio(f"El contrato {ruta.name} se llama «{contrato.nombre}».")
        plantillas[contrato.nombre] = PlantillaDelCatalogo(
            contrato, ruta.with_suffix(".docx").read_bytes()
        )
    return plantillas


def _registrada(session: Session, nombre: str, version: int) -> PlantillaVersion | None:
    return session.exec(
        select(PlantillaVersion).where(
            PlantillaVersion.nombre == nombre, PlantillaVersion.version == version
        )
    ).first()


def sincronizar_catalogo(*, session: Session, almacen: Almacen) -> list[PlantillaVersion]:
    """Registra las versiones del proyecto que falten en la base; devuelve las nuevas."""
    nuevas = []
    for nombre, enviada in catalogo_del_proyecto().items():
        contrato = enviada.contrato
        existente = _registrada(session, nombre, contrato.version)
        if existente is None:
            nuevas.append(
                _registrar(session, almacen, contrato, enviada.docx, "catalogo", None, "")
            )
        elif existente.origen != "catalogo":
            nueva = _despues_de_la_subida(session, almacen, enviada)
            nuevas += [nueva] if nueva else []
        elif (existente.docx_sha256, existente.contrato_sha256) != (
            enviada.docx_sha256,
            contrato.huella(),
        ):
            raise ErrorDominio(
                f"La plantilla {nombre} versión {contrato.version} del proyecto no coincide con la "
                "registrada: al cambiar una plantilla hay que subir su número de versión."
            )
    return nuevas


def _despues_de_la_subida(
    session: Session, almacen: Almacen, enviada: PlantillaDelCatalogo
) -> PlantillaVersion | None:
    """La instalación ya usó ese número para una versión que subió su administrador: la del
    proyecto se registra (una vez) con el número siguiente, y es la vigente desde ahora."""
    nombre, version = enviada.contrato.nombre, enviada.contrato.version
    ya = session.exec(
        select(PlantillaVersion).where(
            PlantillaVersion.nombre == nombre,
            PlantillaVersion.origen == "catalogo",
            PlantillaVersion.docx_sha256 == enviada.docx_sha256,
        )
    ).first()
    if ya is not None:
        return None
    siguiente = _siguiente_numero(session, nombre)
    datos = {**enviada.contrato.model_dump(mode="json"), "version": siguiente}
    contrato = contrato_de_datos(datos, origen=f"El contrato de {nombre} del proyecto")
    notas = (
        f"Versión {version} del proyecto, registrada como {siguiente}: la {version} de esta "
        "instalación es una versión subida."
    )
    return _registrar(session, almacen, contrato, enviada.docx, "catalogo", None, notas)


def _siguiente_numero(session: Session, nombre: str) -> int:
    """El número que sigue al más alto registrado de esa plantilla."""
    maximo = session.exec(
        select(func.max(PlantillaVersion.version)).where(PlantillaVersion.nombre == nombre)
    ).one()
    return (maximo or 0) + 1


def _registrar(
    session: Session,
    almacen: Almacen,
    contrato: Contrato,
    docx: bytes,
    origen: str,
    usuario: Usuario | None,
    notas: str,
) -> PlantillaVersion:
    version = PlantillaVersion(
        nombre=contrato.nombre,
        version=contrato.version,
        titulo=contrato.titulo,
        docx_sha256=almacen.guardar(docx),
        contrato=contrato.model_dump(mode="json"),
        contrato_sha256=contrato.huella(),
        origen=origen,
        notas=notas,
        subida_por_id=usuario.id if usuario else None,
    )
    session.add(version)
    session.flush()
    return version


def version_vigente(*, session: Session, almacen: Almacen, nombre: str) -> PlantillaVersion:
    """La versión más reciente de la plantilla (registrando antes las del proyecto)."""
    sincronizar_catalogo(session=session, almacen=almacen)
    version = session.exec(
        select(PlantillaVersion)
        .where(PlantillaVersion.nombre == nombre)
        .order_by(col(PlantillaVersion.version).desc())
    ).first()
    if version is None:
        raise NoEncontrado(f"No existe la plantilla «{nombre}».")
    return version


_CONTRATOS: dict[str, Contrato] = {}


def contrato_de(version: PlantillaVersion) -> Contrato:
    """El contrato de una versión registrada (validado una vez por proceso y huella)."""
    contrato = _CONTRATOS.get(version.contrato_sha256)
    if contrato is None:
        origen = f"El contrato de {version.nombre} v{version.version}"
        contrato = contrato_de_datos(dict(version.contrato), origen=origen)
        _CONTRATOS[version.contrato_sha256] = contrato
    return contrato


def listar_versiones(*, session: Session, almacen: Almacen) -> list[PlantillaVersion]:
    """Todas las versiones registradas, por nombre y de la más reciente a la más antigua (solo
    lee: las del proyecto se registran al migrar, al arrancar y al redactar)."""
    return list(
        session.exec(
            select(PlantillaVersion).order_by(
                col(PlantillaVersion.nombre), col(PlantillaVersion.version).desc()
            )
        ).all()
    )


def subir_version(
    *,
    session: Session,
    almacen: Almacen,
    nombre: str,
    docx: bytes,
    contrato_toml: str | None,
    usuario: Usuario,
    notas: str = "",
    limites: Limites | None = None,
) -> PlantillaVersion:
    """Publica una versión nueva (la siguiente al número más alto) tras revisarla contra su
    contrato: el que se sube, o el de la versión vigente si no se sube ninguno. La revisión corre
    en un proceso con `limites` (tiempo y memoria)."""
    actual = version_vigente(session=session, almacen=almacen, nombre=nombre)
    datos = (
        leer_contrato(contrato_toml, origen="El contrato subido").model_dump(mode="json")
        if contrato_toml and contrato_toml.strip()
        else dict(actual.contrato)
    )
    siguiente = _siguiente_numero(session, nombre)
    contrato = contrato_de_datos({**datos, "version": siguiente}, origen="El contrato subido")
    problemas = problemas_de_texto(notas, "Las notas", 1000, multilinea=True)
    if contrato.nombre != nombre:
        problemas.append(f"El contrato es de «{contrato.nombre}», no de «{nombre}».")
    problemas += revisar_plantilla_aislada(contrato, docx, limites or Limites())
    if problemas:
        raise ErrorDominio(f"La nueva versión de «{nombre}» no se publicó.", problemas)
    return _registrar(session, almacen, contrato, docx, "subida", usuario, notas.strip())
