"""Lo que la aplicación conecta entre capacidades: un borrador sin terminar impide archivar, y un
expediente archivado ya no recibe cartas, salidas ni vínculos."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session

from archivo import sellado
from archivo.documentos import Origen, incorporar
from archivo.requisitos import cargar_requisitos
from correspondencia.registro import Origen as OrigenCarta
from correspondencia.registro import preparar_correo, registrar
from correspondencia.reglas import ReglasDePlazo
from correspondencia.tramite import desvincular, registrar_saliente, vincular
from expedientes.config import cargar_settings
from expedientes.errores import ErrorDominio
from plantillas.borradores import Parametros, crear_borrador
from recupera import enlaces
from tests.archivo.casos import pdf_de
from tests.correspondencia.corpus import mensaje
from tests.plantillas.conftest import HOY, Caso, caso, conversor, entradas_de, p

__all__ = ["caso", "conversor", "p"]


def _archivar(session: Session, p: Parametros, caso: Caso) -> None:
    sha = p.almacen.guardar(pdf_de(1))
    incorporar(session=session, expediente=caso.expediente, tipo="aviso_cobro", titulo="Aviso",
               fecha=HOY, origen=Origen.GENERADO, sha256=sha, folios=1)  # fmt: skip
    sellado.sellar(session=session, almacen=p.almacen, expediente=caso.expediente,
                   usuario=caso.jefe, requisitos=cargar_requisitos(), hoy=HOY)  # fmt: skip


def test_un_borrador_sin_terminar_impide_cerrar_y_archivar(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """GIVEN un aviso en borrador WHEN el jefe cierra y archiva THEN se rechaza nombrándolo."""
    enlaces.conectar(cargar_settings(env="development"))
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
        desvincular(session=session, carta=caso.carta, motivo="error")
    with pytest.raises(ErrorDominio, match="sellado y archivado"):
        registrar_saliente(session=session, asunto="Respuesta", destinatario="Pérez & Cía",
                           emitida_el=HOY, dominio_correo="isss.gob.sv", expediente=caso.expediente)  # fmt: skip
    nueva = registrar(
        session=session, preparado=preparar_correo(mensaje(asunto="Otra carta"), almacen=p.almacen),
        origen=OrigenCarta("carpeta", nombre_archivo="otra.eml"),
        recibido_en=datetime(2026, 11, 20, 15, 0, tzinfo=UTC), reglas=ReglasDePlazo(10, {}),
    )  # fmt: skip
    with pytest.raises(ErrorDominio, match="sellado y archivado"):
        vincular(session=session, carta=nueva, numero_expediente=caso.expediente.numero)


def test_una_carta_que_cita_un_expediente_archivado_queda_con_su_patrono(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """La vinculación automática no la une al expediente sellado: la deja con el patrono."""
    _archivar(session, p, caso)
    carta = registrar(
        session=session,
        preparado=preparar_correo(mensaje(asunto=f"Sobre el expediente {caso.expediente.numero}"), almacen=p.almacen),
        origen=OrigenCarta("carpeta", nombre_archivo="cita.eml"),
        recibido_en=datetime(2026, 11, 20, 15, 0, tzinfo=UTC), reglas=ReglasDePlazo(10, {}),
    )  # fmt: skip
    assert carta.expediente_id is None and carta.patrono_id == caso.patrono.id
    assert f"el expediente {caso.expediente.numero} está archivado" in carta.vinculo_motivo
