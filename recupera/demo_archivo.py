"""La parte del archivo de la demostración: un expediente de cobro terminado (el patrono pagó),
abierto hace unos tres meses, con sus documentos escaneados el día en que llegaron, cerrado y
sellado por el jefe una semana después de la constancia de pago, para consultarlo en el archivo."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import col, select

from archivo import (
    Almacen,
    Bloqueo,
    Constancia,
    OrigenDocumento,
    Requisitos,
    incorporar_documento,
    pdf_de_constancia,
    sellar,
)
from expedientes import Expediente, Patrono, abrir_expediente, habil_desde, registrar_gestion
from recupera.demo_expedientes import Departamento
from recupera.demo_reloj import Historia, habiles_despues, momento

RAZON_ARCHIVADO = "Constructora Izalco, S.A. de C.V."
# (días hábiles después de la apertura, tipo, título) de cada documento escaneado.
DOCUMENTOS = [
    (2, "aviso_cobro", "Aviso de cobro (copia firmada de recibido)"),
    (8, "correspondencia", "Respuesta del patrono: compromiso de pago"),
    (28, "constancia_aplicacion", "Constancia de pago total de la mora"),
]
GESTION = (3, "El contador reconoce la mora y ofrece pagar en un mes.")
SELLADO = 33  # días hábiles después de la apertura: una semana después de la constancia


@dataclass(frozen=True)
class Archivo:
    """Lo que hace falta para escanear y sellar: el almacén, lo requerido y lo que bloquea."""

    almacen: Almacen
    requisitos: Requisitos
    bloqueos: Sequence[Bloqueo]


def _escaneo(expediente: Expediente, patrono: Patrono, titulo: str, fecha: date) -> bytes:
    """Una hoja escaneada, legible: qué es, de quién y de cuándo."""
    return pdf_de_constancia(Constancia(
        titulo=titulo, numero=expediente.numero,
        campos=[("Patrono", patrono.razon_social), ("Número patronal", patrono.numero_patronal),
                ("Fecha", fecha.strftime("%d/%m/%Y"))],
        nota="Copia escaneada del documento original que consta en el expediente físico.",
    ))  # fmt: skip


def historia_del_archivado(dep: Departamento, archivo: Archivo) -> Historia:
    """Un expediente de cobro de hace tres meses: aviso, llamada, respuesta del patrono y
    constancia de pago, cada cosa en su día; el jefe lo cierra y sella al final."""
    inicio = habil_desde(dep.hoy - timedelta(days=90))
    yield momento(inicio, 8, 50)
    patrono = dep.session.exec(select(Patrono).where(col(Patrono.razon_social) == RAZON_ARCHIVADO)).one()  # fmt: skip
    gestor = dep.personas["gestor"]
    expediente = abrir_expediente(session=dep.session, numero_patronal=patrono.numero_patronal,
                                  tipo="cobro", hoy=inicio, gestor=gestor,
                                  asunto="Mora de planillas del primer semestre")  # fmt: skip
    pasos = sorted([*((d, 14, t) for d, t, _ in DOCUMENTOS), (GESTION[0], 10, "gestion")])
    for dias, hora, tipo in pasos:
        dia = habiles_despues(inicio, dias)
        yield momento(dia, hora)
        if tipo == "gestion":
            registrar_gestion(session=dep.session, expediente=expediente, tipo="llamada", fecha=dia,
                              nota=GESTION[1], autor=gestor, hoy=dia)  # fmt: skip
            continue
        titulo = next(t for _, k, t in DOCUMENTOS if k == tipo)
        pdf = _escaneo(expediente, patrono, titulo, dia)
        sha = archivo.almacen.guardar(pdf)
        incorporar_documento(
            session=dep.session, expediente=expediente, tipo=tipo, titulo=titulo, fecha=dia,
            origen=OrigenDocumento.ESCANEADO, sha256=sha, sha256_pdf=sha, folios=1,
            nombre_archivo=f"{tipo}.pdf", tipo_mime="application/pdf", registrado_por_id=gestor.id,
        )  # fmt: skip
    sellado = habiles_despues(inicio, SELLADO)
    yield momento(sellado, 11)
    sellar(session=dep.session, almacen=archivo.almacen, expediente=expediente,
           usuario=dep.personas["jefe"], requisitos=archivo.requisitos,
           bloqueos=list(archivo.bloqueos), hoy=sellado)  # fmt: skip
