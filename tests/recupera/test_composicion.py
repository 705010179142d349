"""Lo que la raíz de composición conecta entre capacidades: un borrador sin terminar o un convenio
en curso impiden archivar, las sesiones llevan bitácora e índice, una configuración que no sirve
falla en voz alta, y un expediente archivado ya no recibe cartas, salidas ni vínculos."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from archivo import OrigenDocumento, cargar_requisitos, incorporar_documento, sellar
from correspondencia import (
    Envio,
    OrigenCarta,
    ReglasDePlazo,
    desvincular_carta,
    preparar_correo,
    registrar_carta,
    registrar_saliente,
    vincular_carta,
)
from expedientes import Actor, Auditoria, BaseDeDatos, ErrorDominio, Patrono, cargar_settings
from plantillas import Parametros, borradores_pendientes, crear_borrador
from recupera.composicion import EXTENSIONES_DE_SESION, CorrespondenciaDeRecupera, componer
from seguimiento import BLOQUEOS_DE_SELLADO, convenios_sin_terminar
from tests.archivo.casos import pdf_de
from tests.correspondencia.corpus import mensaje
from tests.plantillas.conftest import HOY, Caso, caso, entradas_de, p

__all__ = ["caso", "p"]


def _archivar(session: Session, p: Parametros, caso: Caso) -> None:
    sha = p.almacen.guardar(pdf_de(1))
    incorporar_documento(session=session, expediente=caso.expediente, tipo="aviso_cobro", titulo="Aviso",
               fecha=HOY, origen=OrigenDocumento.GENERADO, sha256=sha, folios=1)  # fmt: skip
    sellar(session=session, almacen=p.almacen, expediente=caso.expediente, usuario=caso.jefe,
           requisitos=cargar_requisitos(), hoy=HOY, bloqueos=BLOQUEOS_DE_SELLADO)  # fmt: skip


def test_un_borrador_sin_terminar_impide_cerrar_y_archivar(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """GIVEN un aviso en borrador WHEN el jefe cierra y archiva THEN se rechaza nombrándolo."""
    borrador = crear_borrador(session=session, p=p, expediente=caso.expediente, plantilla="aviso_cobro",
                              datos=entradas_de("aviso_cobro", caso), autor=caso.gestor, hoy=HOY)  # fmt: skip
    with pytest.raises(ErrorDominio) as exc:
        _archivar(session, p, caso)
    assert exc.value.problemas == [
        f"Aviso de cobro {borrador.numero} está «borrador»: déjelo final o anúlelo."
    ]


def test_un_expediente_archivado_no_recibe_vinculos_ni_salidas(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """La carta ya vinculada no se desvincula; otra no se le vincula; no se numeran salidas."""
    _archivar(session, p, caso)
    with pytest.raises(ErrorDominio, match="sellado y archivado"):
        desvincular_carta(session=session, carta=caso.carta, motivo="error")
    with pytest.raises(ErrorDominio, match="sellado y archivado"):
        registrar_saliente(session=session, asunto="Respuesta", destinatario="Pérez & Cía",
                           emitida_el=HOY, dominio_correo="isss.gob.sv", expediente=caso.expediente,
                           envio=Envio("mensajero"))  # fmt: skip
    nueva = registrar_carta(
        session=session, preparado=preparar_correo(mensaje(asunto="Otra carta"), almacen=p.almacen),
        origen=OrigenCarta("carpeta", nombre_archivo="otra.eml"),
        recibido_en=datetime(2026, 11, 20, 15, 0, tzinfo=UTC), reglas=ReglasDePlazo(10, {}),
    )  # fmt: skip
    with pytest.raises(ErrorDominio, match="sellado y archivado"):
        vincular_carta(session=session, carta=nueva, numero_expediente=caso.expediente.numero)


def test_una_carta_que_cita_un_expediente_archivado_queda_con_su_patrono(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """La vinculación automática no la une al expediente sellado: la deja con el patrono."""
    _archivar(session, p, caso)
    carta = registrar_carta(
        session=session,
        preparado=preparar_correo(mensaje(asunto=f"Sobre el expediente {caso.expediente.numero}"), almacen=p.almacen),
        origen=OrigenCarta("carpeta", nombre_archivo="cita.eml"),
        recibido_en=datetime(2026, 11, 20, 15, 0, tzinfo=UTC), reglas=ReglasDePlazo(10, {}),
    )  # fmt: skip
    assert carta.expediente_id is None and carta.patrono_id == caso.patrono.id
    assert f"el expediente {caso.expediente.numero} está archivado" in carta.vinculo_motivo


def test_la_composicion_pasa_al_sellado_los_borradores_y_los_convenios(tmp_path: Path) -> None:
    """Quien sella desde la web o la consola recibe de la raíz los dos bloqueos de la instalación
    (antes los llenaba una llamada lateral, y sin ella el sellado se saltaba sus comprobaciones)."""
    servicios = componer(cargar_settings(env="development", data_dir=tmp_path))
    assert servicios.bloqueos_de_sellado == (borradores_pendientes, convenios_sin_terminar)
    assert servicios.documentos.correspondencia == CorrespondenciaDeRecupera("isss.gob.sv")


def test_una_lista_de_requisitos_ilegible_falla_al_componer(tmp_path: Path) -> None:
    """Nada queda a medio conectar: la configuración que no sirve es un error en español."""
    roto = tmp_path / "requisitos.toml"
    roto.write_text("esto no es toml = [", encoding="utf-8")
    with pytest.raises(ErrorDominio, match="No se pudo leer la lista de documentos requeridos"):
        componer(cargar_settings(env="development", data_dir=tmp_path, requisitos_archivo=roto))


@pytest.mark.lento
def test_importar_los_paquetes_no_engancha_nada_a_las_sesiones() -> None:
    """Una sesión cualquiera no escribe bitácora ni índice: importar los paquetes (en un Python
    nuevo) no engancha sus oyentes a las sesiones de SQLAlchemy ni de SQLModel."""
    codigo = (
        "import sqlalchemy.event as ev, sqlalchemy.orm as orm, sqlmodel\n"
        "import archivo, correspondencia, expedientes, panel, plantillas, seguimiento\n"
        "import recupera.composicion, recupera.web, recupera.cli\n"
        "from archivo import indice\n"
        "from expedientes import auditoria\n"
        "oyentes = [auditoria._despues_del_flush, indice._despues_del_flush]\n"
        "print(*(ev.contains(c, 'after_flush', f)"
        " for c in (orm.Session, sqlmodel.Session) for f in oyentes))\n"
    )
    salida = subprocess.run(
        [sys.executable, "-c", codigo], capture_output=True, text=True, check=True
    ).stdout
    assert salida.split() == ["False"] * 4


def test_las_sesiones_de_base_de_datos_escriben_la_bitacora(engine: Engine) -> None:
    """Las sesiones que abre `BaseDeDatos` (con las extensiones de la composición) sí escriben la
    bitácora, con su actor."""
    base = BaseDeDatos(engine, EXTENSIONES_DE_SESION)
    with base.sesion(Actor("prueba:composicion")) as s:
        s.add(
            Patrono(numero_patronal="123456789", nit="06140101901023", razon_social="Pérez & Cía")
        )
    with base.nueva_sesion() as s:
        renglones = s.exec(select(Auditoria).where(Auditoria.entidad == "patrono")).all()
    assert [r.actor for r in renglones] == ["prueba:composicion"]
