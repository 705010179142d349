"""Una plantilla subida no puede colgar ni tumbar el servicio: cada parte del `.docx` se mide
antes de analizarla, las expresiones del contrato se prueban con un expediente de ejemplo al
subirla, y generar un borrador con ella corre en un proceso con tiempo y memoria limitados."""

from __future__ import annotations

import re
import time
import zipfile
from io import BytesIO
from typing import Any

import pytest
from docx import Document
from sqlmodel import Session, select

from expedientes import ErrorDominio
from plantillas import versiones
from plantillas.aislamiento import Limites, PlantillaExcedida
from plantillas.borradores import crear_borrador
from plantillas.generacion import DocumentoInvalido
from plantillas.instalacion import Parametros
from plantillas.lectura import MAX_PARTES_PLANTILLA
from plantillas.modelos import PlantillaVersion
from plantillas.revision_plantilla import revisar_plantilla, revisar_plantilla_aislada
from tests.plantillas.conftest import HOY, Caso, entradas_de

AVISO = "aviso_cobro"
RAPIDO = Limites(segundos=3, memoria_mb=768)


def _aviso() -> versiones.PlantillaDelCatalogo:
    return versiones.catalogo_del_proyecto()[AVISO]


def _con_parrafo(docx: bytes, texto: str) -> bytes:
    doc = Document(BytesIO(docx))
    doc.add_paragraph(texto)
    salida = BytesIO()
    doc.save(salida)
    return salida.getvalue()


def _con_partes(docx: bytes, partes: dict[str, int]) -> bytes:
    """El `.docx` con esas partes (nuevas o en lugar de las suyas) de `n` bytes de espacios cada
    una: se comprimen a casi nada y se escriben por bloques, así la prueba no ocupa en memoria lo
    que declara el zip."""
    salida, bloque = BytesIO(), b" " * (1 << 20)
    with (
        zipfile.ZipFile(BytesIO(docx)) as original,
        zipfile.ZipFile(salida, "w", compression=zipfile.ZIP_DEFLATED) as zip_,
    ):
        for info in original.infolist():
            if info.filename not in partes:
                zip_.writestr(info, original.read(info))
        for nombre, tamano in partes.items():
            with zip_.open(nombre, "w", force_zip64=True) as parte:
                for _ in range(tamano >> 20):
                    parte.write(bloque)
    return salida.getvalue()


def test_un_styles_xml_que_se_infla_a_300_mib_se_rechaza_sin_descomprimirlo() -> None:
    """Un `.docx` de pocos KiB cuyo directorio declara 300 MiB en una parte: se rechaza con el
    nombre de la parte, en menos de un segundo, sin analizarla."""
    bomba = _con_partes(_aviso().docx, {"word/styles.xml": 300 << 20})
    assert len(bomba) < 2_000_000
    inicio = time.monotonic()
    problemas = revisar_plantilla(_aviso().contrato, bomba)
    assert time.monotonic() - inicio < 1
    assert problemas == [
        "La parte word/styles.xml del documento ocupa 300 MiB descomprimida; el máximo es 20 MiB."
    ]


def test_miles_de_partes_o_un_total_desmedido_se_rechazan() -> None:
    """Más partes de las que admite una plantilla, o muchas medianas que suman demasiado."""
    muchas = BytesIO(_aviso().docx)
    with zipfile.ZipFile(muchas, "a") as zip_:
        for i in range(MAX_PARTES_PLANTILLA):
            zip_.writestr(f"word/prueba/item{i}.xml", b"<a/>")
    problemas = revisar_plantilla(_aviso().contrato, muchas.getvalue())
    assert problemas and problemas[0].startswith("El documento tiene ")
    assert "una plantilla admite hasta 1000" in problemas[0]
    medianas = _con_partes(_aviso().docx, {f"word/media/imagen{i}.bin": 15 << 20 for i in range(8)})
    assert revisar_plantilla(_aviso().contrato, medianas) == [
        "El documento ocupa 120 MiB descomprimido; el máximo es 100 MiB."
    ]


def _contrato_toml(**cambios: str) -> str:
    """El contrato del aviso como TOML, con destinatario o asunto cambiados."""
    texto = (versiones.CARPETA / f"{AVISO}.toml").read_text("utf-8")
    for clave, valor in cambios.items():
        texto = re.sub(rf'^{clave} = ".*"$', f'{clave} = "{valor}"', texto, count=1, flags=re.M)
    return texto


@pytest.mark.parametrize(
    ("cambios", "problema"),
    [
        (
            {"asunto": "patrono.inexistente"},
            "La expresión del asunto falla con un expediente de ejemplo:",
        ),
        (
            {"destinatario": "convenio.cuota | moneda"},
            "La expresión del destinatario usa «convenio», que no está en el contexto",
        ),
        (
            {"asunto": "patrono.razon_social | fecha_larga"},
            "La expresión del asunto falla con un expediente de ejemplo:",
        ),
        (
            {"asunto": "patrono.razon_social.__class__"},
            "La expresión del asunto falla con un expediente de ejemplo:",
        ),
    ],
)
def test_una_expresion_del_contrato_que_fallaria_en_cada_borrador_se_rechaza_al_subir(
    session: Session, p: Parametros, caso: Caso, cambios: dict[str, str], problema: str
) -> None:
    """Compila, pero con los datos de un expediente (el de ejemplo) falla: antes se publicaba y
    cada borrador terminaba en un error 500; ahora no se publica y se dice por qué."""
    with pytest.raises(ErrorDominio, match="no se publicó") as exc:
        versiones.subir_version(
            session=session, almacen=p.almacen, nombre=AVISO, docx=_aviso().docx,
            contrato_toml=_contrato_toml(**cambios), usuario=caso.jefe, limites=RAPIDO,
        )  # fmt: skip
    assert any(x.startswith(problema) for x in exc.value.problemas), exc.value.problemas


def _publicar_sin_revisar(session: Session, p: Parametros, docx: bytes, **cambios: Any) -> None:
    """Una versión subida antes de estas revisiones (o colada en la base): no se revisa."""
    contrato = _aviso().contrato.model_copy(update={"version": 99, **cambios})
    versiones._registrar(session, p.almacen, contrato, docx, "subida", None, "sin revisar")


@pytest.mark.parametrize(
    ("jinja", "mensaje"),
    [
        (
            "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
            "tardó más de 3 segundos",
        ),
        ('{{ "Pérez & Cía <S.A.> {{ x }}" * 900000000 }}', "más de 768 MiB de memoria"),
    ],
)
def test_un_borrador_con_una_plantilla_subida_que_se_desboca_se_detiene(
    session: Session, p: Parametros, caso: Caso, jinja: str, mensaje: str
) -> None:
    """Un bucle de diez mil millones de vueltas o un texto de gigabytes en una versión subida: el
    borrador se rechaza en español al vencer el plazo o agotar la memoria del proceso hijo, y el
    servidor sigue como estaba (el proceso de la prueba no reservó esa memoria)."""
    _publicar_sin_revisar(session, p, _con_parrafo(_aviso().docx, jinja))
    limitados = Parametros(**{**p.__dict__, "limites": RAPIDO})
    inicio = time.monotonic()
    with pytest.raises(PlantillaExcedida, match=mensaje):
        crear_borrador(
            session=session, p=limitados, expediente=caso.expediente, plantilla=AVISO,
            datos=entradas_de(AVISO, caso), autor=caso.gestor, hoy=HOY,
        )  # fmt: skip
    assert time.monotonic() - inicio < RAPIDO.segundos + 10


def test_un_asunto_que_no_se_puede_calcular_es_un_problema_del_borrador_y_no_un_500(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """Una versión ya publicada con un asunto que falla: el borrador dice qué pasa (y a quién
    avisar) con DocumentoInvalido, en vez de un error sin tratar."""
    _publicar_sin_revisar(session, p, _aviso().docx, asunto="patrono.inexistente")
    with pytest.raises(DocumentoInvalido, match="tiene un asunto que no se puede calcular"):
        crear_borrador(
            session=session, p=p, expediente=caso.expediente, plantilla=AVISO,
            datos=entradas_de(AVISO, caso), autor=caso.gestor, hoy=HOY,
        )  # fmt: skip


def test_la_revision_de_una_subida_corre_con_limites() -> None:
    """Una plantilla cuyo propio texto se desboca al generarse con el ejemplo: la revisión al
    subirla se detiene en el plazo, con el mensaje en español."""
    docx = _con_parrafo(_aviso().docx, "{% for i in range(99999) %}{% for j in range(99999) %}"
                        "{% endfor %}{% endfor %}")  # fmt: skip
    with pytest.raises(PlantillaExcedida, match="tardó más de 3 segundos"):
        revisar_plantilla_aislada(_aviso().contrato, docx, RAPIDO)


def test_una_subida_sana_se_publica_y_genera_en_el_proceso_limitado(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """El caso de control: la misma revisión y el mismo borrador con una subida sana funcionan,
    y el texto con `&`, `<`, comillas y `{{ }}` de los datos llega intacto."""
    nueva = versiones.subir_version(
        session=session, almacen=p.almacen, nombre=AVISO,
        docx=_con_parrafo(_aviso().docx, "Horario: 7:30 a 15:30 & sábados <no>."),
        contrato_toml=None, usuario=caso.jefe, limites=RAPIDO,
    )  # fmt: skip
    assert session.get(PlantillaVersion, nueva.id).origen == "subida"
    limitados = Parametros(**{**p.__dict__, "limites": RAPIDO})
    documento = crear_borrador(
        session=session, p=limitados, expediente=caso.expediente, plantilla=AVISO,
        datos=entradas_de(AVISO, caso), autor=caso.gestor, hoy=HOY,
    )  # fmt: skip
    assert "Horario: 7:30 a 15:30 & sábados <no>." in documento.texto
    assert caso.patrono.razon_social in documento.texto


@pytest.mark.parametrize(
    "jinja",
    [
        "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
        '{{ "Pérez & Cía <S.A.> {{ x }}" * 900000000 }}',
    ],
)
def test_un_lote_con_una_plantilla_subida_que_se_desboca_se_detiene_sin_guardar_nada(
    session: Session, p: Parametros, caso: Caso, jinja: str
) -> None:
    """Generar en lote con la versión subida desbocada: el lote entero se detiene con un error en
    español (procesos con memoria limitada y CPU por documento), no se guarda ningún borrador."""
    from plantillas import generar_lote
    from plantillas.modelos import DocumentoGenerado

    _publicar_sin_revisar(session, p, _con_parrafo(_aviso().docx, jinja))
    limitados = Parametros(**{**p.__dict__, "limites": RAPIDO})
    inicio = time.monotonic()
    with pytest.raises(PlantillaExcedida, match="no se generó el lote"):
        generar_lote(
            session=session, p=limitados, plantilla=AVISO, expedientes=[caso.expediente],
            datos=entradas_de(AVISO, caso), autor_de=lambda _e: caso.gestor, hoy=HOY, procesos=1,
        )  # fmt: skip
    assert time.monotonic() - inicio < RAPIDO.segundos + 20
    assert session.exec(select(DocumentoGenerado)).all() == []
