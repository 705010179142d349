"""La fijeza del almacén entero sobre una instalación con todo (la demostración completa, con sus
documentos): cada blob que la base nombra se revisa, y uno alterado de cada clase se nombra por
lo que es."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from archivo import REFERENCIAS_A_BLOBS, almacen_de, blobs_nombrados, verificar_archivo
from correspondencia import OrigenCarta, ReglasDePlazo, preparar_correo, registrar_carta
from expedientes import Actor, ahora, crear_engine
from tests.archivo.casos import alterar_blob
from tests.bd import nueva_sesion, sesion
from tests.correspondencia.corpus import mensaje, pdf_minimo
from tests.recupera.servidor import copiar_demo

pytestmark = pytest.mark.lento

# Cada clase de blob, por el comienzo de cómo la nombra la verificación.
CLASES = (
    "el original de la carta ",
    "el archivo «",
    "el acuse de recibo de ",
    "el PDF enviado de ",
    "la plantilla ",
    "el original del documento N.º ",
    "el PDF del documento N.º ",
    "el .docx del documento ",
    "el PDF del documento DRP-",
    "una versión anterior del documento ",
)


def test_cada_blob_nombrado_se_revisa_y_uno_alterado_de_cada_clase_se_nombra(
    plantilla_demo: Path, tmp_path: Path
) -> None:
    copiar_demo(plantilla_demo, tmp_path)
    almacen = almacen_de(tmp_path)
    engine = crear_engine(f"sqlite:///{tmp_path / 'recupera.db'}")
    try:
        # La demostración no trae adjuntos: una carta más, con su planilla en PDF.
        crudo = mensaje(asunto="Planilla «2026» & <Cía>", message_id="<fijeza@x.sv>",
                        adjuntos=[("planilla ñ.pdf", "application/pdf", pdf_minimo("Planilla"))])  # fmt: skip
        with sesion(engine, Actor("prueba:fijeza")) as s:
            registrar_carta(session=s, preparado=preparar_correo(crudo, almacen=almacen),
                            origen=OrigenCarta("carpeta", nombre_archivo="p.eml"),
                            recibido_en=ahora(), reglas=ReglasDePlazo(10, {}))  # fmt: skip
        with nueva_sesion(engine) as s:
            assert verificar_archivo(session=s, almacen=almacen).problemas == []
            c = s.connection()
            duenos: dict[str, list[str]] = {}
            for sha, dueno in blobs_nombrados(c):
                duenos.setdefault(sha, []).append(dueno)
            # Cada columna que guarda un blob (menos la del sello, que revisa la cadena) nombra
            # solo blobs que la verificación revisa y sabe decir qué son.
            for tabla, columnas in REFERENCIAS_A_BLOBS.items():
                for columna in columnas if tabla != "sello" else ():
                    shas = {sha for (sha,) in c.execute(text(
                        f"SELECT {columna} FROM {tabla} WHERE {columna} IS NOT NULL"))}  # fmt: skip
                    assert shas <= set(duenos), f"{tabla}.{columna}"
            # Un blob de cada clase (la verificación lo nombra por lo primero que es), que no sea
            # de un expediente sellado.
            sellados = {sha for (sha,) in c.execute(text(
                "SELECT d.sha256 FROM documento_expediente d JOIN expediente e "
                "ON e.id = d.expediente_id WHERE e.sellado_en IS NOT NULL"))}  # fmt: skip
            elegidos: dict[str, str] = {}
            for clase in CLASES:
                elegidos[clase] = next((
                    sha for sha, nombres in sorted(duenos.items())
                    if nombres[0].startswith(clase)
                    and sha not in sellados and sha not in elegidos.values()
                ), None) or pytest.fail(f"{clase}: {sorted({n[0][:40] for n in duenos.values()})}")  # fmt: skip
            # Y un documento del expediente sellado, que revisa la cadena del archivo.
            sellado = sorted(sha for sha in sellados if sha)[0]
        for sha in [*elegidos.values(), sellado]:
            alterar_blob(almacen, sha)
        with nueva_sesion(engine) as s:
            problemas = verificar_archivo(session=s, almacen=almacen).problemas
    finally:
        engine.dispose()
    for clase, sha in elegidos.items():
        alterado = "Está alterada" if clase.startswith(("la ", "una ")) else "Está alterado"
        assert f"{alterado} {duenos[sha][0]} (blob {sha[:12]}…)." in problemas, clase
    # El documento del expediente sellado lo nombra la cadena del archivo (su original y, si es
    # el mismo archivo, su PDF), y nada más falla.
    de_la_cadena = [p for p in problemas if not p.startswith("Está alterad")]
    assert de_la_cadena and all(p.endswith("fue alterado.") for p in de_la_cadena)
    assert len(problemas) == len(CLASES) + len(de_la_cadena), "\n".join(problemas)
