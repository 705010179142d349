"""El catálogo: cada plantilla del proyecto pasa la revisión contra su contrato, la revisión
encuentra cada defecto, y una versión nueva nunca cambia los documentos ya generados."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from sqlmodel import Session, select

from archivo import Almacen
from expedientes import ErrorDominio
from plantillas import versiones
from plantillas.borradores import crear_borrador
from plantillas.contrato import Contrato, contrato_de_datos
from plantillas.instalacion import Parametros
from plantillas.modelos import PlantillaVersion
from plantillas.revision_plantilla import revisar_plantilla
from tests.plantillas.conftest import HOY, Caso, entradas_de


@pytest.mark.parametrize("nombre", sorted(versiones.catalogo_del_proyecto()))
def test_cada_plantilla_del_catalogo_pasa_la_revision_contra_su_contrato(nombre: str) -> None:
    """Variables, contenidos obligatorios, valores, tablas y expresiones: todo en orden."""
    enviada = versiones.catalogo_del_proyecto()[nombre]
    assert revisar_plantilla(enviada.contrato, enviada.docx) == []


def _docx(*parrafos: str) -> bytes:
    doc = Document()
    for texto in parrafos:
        doc.add_paragraph(texto)
    salida = BytesIO()
    doc.save(salida)
    return salida.getvalue()


def _contrato(**cambios: Any) -> Contrato:
    base: dict[str, Any] = {
        "nombre": "prueba",
        "titulo": "Prueba",
        "version": 1,
        "tipos_expediente": ["cobro"],
        "contexto": ["patrono"],
        "entradas": [{"nombre": "plazo_dias", "tipo": "entero", "etiqueta": "Plazo"}],
        "contenidos": [{"nombre": "Referencia", "texto": "Ref."}],
        "valores": [{"nombre": "Número patronal", "expresion": "patrono.numero_patronal"}],
    }
    return contrato_de_datos({**base, **cambios})


BUENA = ("Ref. {{ patrono.numero_patronal }}", "Plazo: {{ plazo_dias }} días")


def test_una_plantilla_coherente_con_su_contrato_no_tiene_problemas() -> None:
    """El caso de control: sin él, los siguientes no probarían nada."""
    assert revisar_plantilla(_contrato(), _docx(*BUENA)) == []


@pytest.mark.parametrize(
    ("parrafos", "cambios", "problema"),
    [
        (
            (*BUENA, "{{ deuda.total }}"),
            {},
            "La plantilla usa «deuda» y el contrato no lo declara.",
        ),
        (BUENA[:1], {}, "El contrato declara «plazo_dias» y la plantilla no lo usa."),
        (
            ("Referencia {{ patrono.numero_patronal }}", BUENA[1]),
            {},
            "Falta en la plantilla el contenido obligatorio «Referencia» (Ref.).",
        ),
        (
            ("Ref.", BUENA[1], "{{ patrono.razon_social }}"),
            {},
            "Ninguna expresión de la plantilla muestra «Número patronal»",
        ),
        ((*BUENA, "{{ plazo_dias | monedas }}"), {}, "Error de sintaxis en la plantilla"),
        ((*BUENA, "{% if plazo_dias %}sin cerrar"), {}, "Error de sintaxis en la plantilla"),
        (
            BUENA,
            {"tablas": [{"nombre": "deuda", "encabezados": ["Período", "Cuota"]}]},
            "La plantilla no tiene la tabla «deuda»",
        ),
        (
            BUENA,
            {"requisitos": [{"expresion": "patrono.(", "mensaje": "x"}]},
            "La expresión del requisito «x» no es válida",
        ),
    ],
)
def test_la_revision_encuentra_cada_defecto(
    parrafos: tuple[str, ...], cambios: dict[str, Any], problema: str
) -> None:
    """Cada defecto de una plantilla frente a su contrato se dice en español."""
    problemas = revisar_plantilla(_contrato(**cambios), _docx(*parrafos))
    assert any(p.startswith(problema) for p in problemas), problemas


def test_la_revision_de_algo_que_no_es_docx_lo_dice() -> None:
    """Un archivo cualquiera subido como plantilla se rechaza con un mensaje claro."""
    assert revisar_plantilla(_contrato(), b"no soy un docx") == [
        "El archivo no es un documento de Word legible: File is not a zip file"
    ]


def test_sincronizar_registra_el_catalogo_una_sola_vez(session: Session, p: Parametros) -> None:
    """La primera vez registra las seis versiones; la segunda, ninguna."""
    nuevas = versiones.sincronizar_catalogo(session=session, almacen=p.almacen)
    assert sorted(v.nombre for v in nuevas) == sorted(versiones.catalogo_del_proyecto())
    assert all(p.almacen.verificar(v.docx_sha256) for v in nuevas)
    assert versiones.sincronizar_catalogo(session=session, almacen=p.almacen) == []


def test_una_plantilla_del_proyecto_cambiada_sin_subir_su_version_se_detecta(
    session: Session, p: Parametros, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cambiar el .docx de una versión ya registrada dejaría documentos sin su plantilla."""
    versiones.sincronizar_catalogo(session=session, almacen=p.almacen)
    original = versiones.catalogo_del_proyecto()
    cambiado = dict(original)
    aviso = original["aviso_cobro"]
    cambiado["aviso_cobro"] = versiones.PlantillaDelCatalogo(aviso.contrato, aviso.docx + b"\0")
    monkeypatch.setattr(versiones, "catalogo_del_proyecto", lambda: cambiado)
    with pytest.raises(ErrorDominio, match="hay que subir su número de versión"):
        versiones.sincronizar_catalogo(session=session, almacen=p.almacen)


def test_una_version_del_proyecto_cuyo_numero_ya_uso_una_subida_se_registra_despues(
    session: Session, p: Parametros, caso: Caso, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN una instalación cuyo administrador subió la versión N+1 del aviso WHEN el proyecto
    trae su propia N+1 THEN no se detiene el arranque: la del proyecto queda como N+2, una sola
    vez, con la nota de por qué, y es la vigente."""
    versiones.sincronizar_catalogo(session=session, almacen=p.almacen)
    original = versiones.catalogo_del_proyecto()
    aviso = original["aviso_cobro"]
    n = aviso.contrato.version
    subida = versiones.subir_version(
        session=session, almacen=p.almacen, nombre="aviso_cobro",
        docx=_con_nota_al_pie(aviso.docx, "Horario de la sucursal «Santa Ana» & <sábados>."),
        contrato_toml=None, usuario=caso.jefe, notas="Horario propio",
    )  # fmt: skip
    assert (subida.version, subida.origen) == (n + 1, "subida")
    del_proyecto = versiones.PlantillaDelCatalogo(
        aviso.contrato.model_copy(update={"version": n + 1}), _con_nota_al_pie(aviso.docx)
    )
    monkeypatch.setattr(
        versiones, "catalogo_del_proyecto", lambda: {**original, "aviso_cobro": del_proyecto}
    )
    (nueva,) = versiones.sincronizar_catalogo(session=session, almacen=p.almacen)
    assert (nueva.version, nueva.origen, nueva.contrato["version"]) == (n + 2, "catalogo", n + 2)
    assert f"Versión {n + 1} del proyecto, registrada como {n + 2}" in nueva.notas
    assert versiones.sincronizar_catalogo(session=session, almacen=p.almacen) == []
    vigente = versiones.version_vigente(session=session, almacen=p.almacen, nombre="aviso_cobro")
    assert vigente.id == nueva.id


def test_una_version_nueva_no_cambia_los_documentos_ya_generados(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """GIVEN un aviso generado con la versión del proyecto WHEN el admin sube la siguiente THEN el
    aviso conserva su plantilla y sus bytes, y los avisos nuevos usan la subida."""
    antes = crear_borrador(
        session=session, p=p, expediente=caso.expediente, plantilla="aviso_cobro",
        datos=entradas_de("aviso_cobro", caso), autor=caso.gestor, hoy=HOY,
    )  # fmt: skip
    bytes_antes = p.almacen.leer(antes.docx_sha256)
    docx_v2 = _con_nota_al_pie(versiones.catalogo_del_proyecto()["aviso_cobro"].docx)
    admin = caso.jefe  # el servicio no decide roles; la web exige ADMINISTRAR_PLANTILLAS
    nueva = versiones.subir_version(
        session=session, almacen=p.almacen, nombre="aviso_cobro", docx=docx_v2,
        contrato_toml=None, usuario=admin, notas="Agrega horario de atención & nota <v2>",
    )  # fmt: skip
    del_proyecto = antes.plantilla_version
    assert (nueva.version, nueva.origen) == (del_proyecto + 1, "subida")
    assert nueva.contrato["version"] == del_proyecto + 1
    session.refresh(antes)
    assert (antes.plantilla_version, p.almacen.leer(antes.docx_sha256)) == (
        del_proyecto,
        bytes_antes,
    )
    despues = crear_borrador(
        session=session, p=p, expediente=caso.expediente, plantilla="aviso_cobro",
        datos=entradas_de("aviso_cobro", caso), autor=caso.gestor, hoy=HOY,
    )  # fmt: skip
    assert despues.plantilla_version == nueva.version
    assert despues.plantilla_sha256 == nueva.docx_sha256
    assert "Horario de atención" in despues.texto and "Horario de atención" not in antes.texto


def test_una_version_subida_con_defectos_no_se_publica(session: Session, p: Parametros) -> None:
    """La revisión corre sobre cada versión subida: una variable no declarada la detiene."""
    docx = _con_nota_al_pie(versiones.catalogo_del_proyecto()["aviso_cobro"].docx, "{{ secreto }}")
    with pytest.raises(ErrorDominio, match="no se publicó") as exc:
        versiones.subir_version(
            session=session, almacen=p.almacen, nombre="aviso_cobro", docx=docx,
            contrato_toml=None, usuario=None,  # type: ignore[arg-type]
        )  # fmt: skip
    assert "La plantilla usa «secreto» y el contrato no lo declara." in exc.value.problemas
    registradas = session.exec(
        select(PlantillaVersion).where(PlantillaVersion.nombre == "aviso_cobro")
    ).all()
    assert [v.version for v in registradas] == [
        versiones.catalogo_del_proyecto()["aviso_cobro"].contrato.version
    ]


def test_una_version_publicada_no_se_puede_modificar_ni_en_la_base(
    session: Session, p: Parametros
) -> None:
    """Triggers de la base: una versión de plantilla no se reescribe."""
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    versiones.sincronizar_catalogo(session=session, almacen=p.almacen)
    with (
        pytest.raises(DatabaseError, match="una versión de plantilla no se modifica"),
        session.begin_nested(),
    ):
        session.execute(text("UPDATE plantilla_version SET titulo = 'otro'"))


def _con_nota_al_pie(
    docx: bytes, texto: str = "Horario de atención: 7:30 a 15:30 & sábados <no>."
) -> bytes:
    doc = Document(BytesIO(docx))
    doc.add_paragraph(texto)
    salida = BytesIO()
    doc.save(salida)
    return salida.getvalue()


def test_las_reglas_y_calculos_que_admite_el_contrato_son_los_que_existen() -> None:
    """El contrato describe por nombre lo que el código implementa: ni uno de más ni de menos."""
    from plantillas import calculos, comprobaciones, contrato

    assert set(contrato.REGLAS) == set(comprobaciones.REGLAS)
    assert set(contrato.CALCULOS) == set(calculos.CALCULOS)


def test_listar_las_versiones_solo_lee(session: Session) -> None:
    """Listar no registra el catálogo (eso lo hacen migrar, arrancar y redactar): en una base
    recién migrada no hay versiones y la consulta no escribe nada."""
    assert versiones.listar_versiones(session=session, almacen=Almacen(Path("/nonexistent"))) == []
    assert not session.new and session.exec(select(PlantillaVersion)).all() == []
