"""Las plantillas registradas, vistas desde la web: la versión vigente de cada una y para qué
expedientes sirve.

Solo lee: las plantillas del proyecto quedan registradas al migrar (`recupera db upgrade`) y al
arrancar la aplicación (`recupera.composicion.registrar_plantillas`); ninguna consulta escribe.
"""

from __future__ import annotations

from expedientes import Expediente
from plantillas import Contrato, PlantillaVersion, contrato_de, listar_versiones
from recupera.web.acceso import db, servicios


def todas() -> list[PlantillaVersion]:
    """Todas las versiones, por nombre y de la más reciente a la más antigua."""
    return listar_versiones(session=db(), almacen=servicios().almacen)


def vigentes() -> list[tuple[PlantillaVersion, Contrato]]:
    """La versión más reciente de cada plantilla con su contrato, por título."""
    vistas: dict[str, PlantillaVersion] = {}
    for version in todas():
        vistas.setdefault(version.nombre, version)
    pares = [(v, contrato_de(v)) for v in vistas.values()]
    return sorted(pares, key=lambda par: par[1].titulo)


def para_expediente(expediente: Expediente) -> list[tuple[PlantillaVersion, Contrato]]:
    """Las plantillas vigentes que se pueden redactar en un expediente de este tipo."""
    return [(v, c) for v, c in vigentes() if expediente.tipo in c.tipos_expediente]
